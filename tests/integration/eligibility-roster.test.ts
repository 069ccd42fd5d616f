import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, like, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { jobRequirements, jobs, members, orgUnits, quizzes } from "@/db/schema";
import { loadFacts, loadRequirements } from "@/lib/eligibility/data";
import { refreshCache } from "@/lib/eligibility/cache";
import { rosterPage, type RosterJob, type RosterQuery } from "@/lib/eligibility/roster";
import { evaluateJob } from "@/lib/eligibility/rules";
import type { JobStatus } from "@/lib/eligibility/types";
import { generateRosterData } from "@/bench/roster-data";
import { createTestDb, drivers } from "../helpers/db";
import { first, firstN } from "../helpers/rows";

const TODAY = "2026-11-24";

describe.each(drivers())("the SQL roster equals the pure rules (%s)", (driver) => {
  let h: DbHandle;
  let areaPath = "";
  let teamPaths: string[] = [];
  let jobList: RosterJob[] = [];

  beforeAll(async () => {
    h = await createTestDb(driver);
    ({ areaPath, teamPaths } = await generateRosterData(h.db, { members: 700, jobs: 12, today: TODAY, seed: 7 }));
    // A requirement pointing to a deleted quiz: nobody can meet it, the rules say "broken".
    const j = first(await h.db.select().from(jobs).where(eq(jobs.code, "GJ05")));
    await h.db.insert(jobRequirements).values({ jobId: j.id, kind: "quiz", refId: 999999, minScore: 60 });
    // A job with no requirements is open to everyone.
    await h.db.insert(jobs).values({ code: "GJ99", name: "无要求岗位", specialty: "safety" });
    jobList = await h.db
      .select({ id: jobs.id, code: jobs.code, name: jobs.name, specialty: jobs.specialty })
      .from(jobs)
      .where(like(jobs.code, "GJ%"))
      .orderBy(asc(jobs.code));
  }, 300_000);
  afterAll(async () => h?.close());

  async function both(over: Partial<RosterQuery> = {}) {
    const requirements = await loadRequirements(h.db);
    const q: RosterQuery = {
      unitPath: areaPath,
      scope: { all: true },
      jobs: jobList,
      requirements,
      jobId: null,
      status: null,
      expiringWithinDays: null,
      sort: "employeeNo",
      desc: false,
      page: 1,
      pageSize: 0,
      today: TODAY,
      tz: "Asia/Shanghai",
      ...over,
    };
    const roster = await rosterPage(h.db, q, "live");
    // The cache, kept up to date by triggers, gives the same page.
    await refreshCache(h.db, TODAY, "Asia/Shanghai");
    expect(await rosterPage(h.db, q, "cache")).toEqual(roster);
    const ids = (
      await h.db
        .select({ id: members.id, path: orgUnits.path })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(sql`${members.status} = 'active' AND ${orgUnits.path} LIKE ${`${q.unitPath}%`}`)
    ).map((r) => r.id);
    const facts = await loadFacts(h.db, ids, "Asia/Shanghai");
    const pure = new Map<number, Map<number, { status: JobStatus; expiresOn: string | null }>>();
    for (const id of ids) {
      const m = new Map<number, { status: JobStatus; expiresOn: string | null }>();
      for (const j of jobList) {
        const o = evaluateJob(j.id, requirements, facts.get(id)!, TODAY);
        m.set(j.id, { status: o.status, expiresOn: o.expiresOn });
      }
      pure.set(id, m);
    }
    return { roster, pure, ids, requirements };
  }

  it("every cell of every member and job agrees, statuses of all three kinds occur", async () => {
    const { roster, pure, ids } = await both();
    expect(roster.rows.length).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(600);
    const seen: Record<JobStatus, number> = { eligible: 0, expiring: 0, missing: 0 };
    for (const row of roster.rows) {
      for (const j of jobList) {
        const want = pure.get(row.memberId)!.get(j.id)!;
        const got = row.cells[j.id]!;
        expect({ m: row.memberId, j: j.code, status: got.status, expiresOn: got.expiresOn }).toEqual({ m: row.memberId, j: j.code, ...want });
        seen[got.status]++;
      }
    }
    expect(seen.eligible).toBeGreaterThan(20);
    expect(seen.expiring).toBeGreaterThan(5);
    expect(seen.missing).toBeGreaterThan(100);
    expect(roster.counts).toEqual(seen);
    // The broken requirement keeps everyone out of GJ05; the open job lets everyone in.
    const gj05 = jobList.find((j) => j.code === "GJ05")!.id;
    const gj99 = jobList.find((j) => j.code === "GJ99")!.id;
    expect(roster.rows.every((r) => r.cells[gj05]!.status === "missing")).toBe(true);
    expect(roster.rows.every((r) => r.cells[gj99]!.status === "eligible")).toBe(true);
  });

  it("filters by job, status and expiry horizon, counting the whole unit, paging in order", async () => {
    const job = jobList.find((j) => j.code === "GJ02")!;
    const { roster: all, pure } = await both({ jobId: job.id });
    const want = { eligible: 0, expiring: 0, missing: 0 };
    for (const m of pure.values()) want[m.get(job.id)!.status]++;
    expect(all.counts).toEqual(want);
    for (const status of ["eligible", "expiring", "missing"] as const) {
      const { roster } = await both({ jobId: job.id, status, pageSize: 0 });
      expect(roster.total).toBe(want[status]);
      expect(roster.counts).toEqual(want);
      expect(roster.rows.every((r) => pure.get(r.memberId)!.get(job.id)!.status === status)).toBe(true);
    }
    const horizon = await both({ jobId: job.id, expiringWithinDays: 365, pageSize: 0 });
    expect(horizon.roster.rows.length).toBeGreaterThan(0);
    for (const r of horizon.roster.rows) {
      expect(r.cells[job.id]!.status).not.toBe("missing");
      expect(r.cells[job.id]!.until! <= "2027-11-24").toBe(true);
    }
    const p1 = await both({ jobId: job.id, status: "missing", pageSize: 25, page: 1 });
    const p2 = await both({ jobId: job.id, status: "missing", pageSize: 25, page: 2 });
    expect(p1.roster.rows.length).toBe(25);
    expect(p1.roster.total).toBe(want.missing);
    const nos = [...p1.roster.rows, ...p2.roster.rows].map((r) => r.employeeNo);
    expect(nos).toEqual([...nos].sort());
  });

  it("a team's roster holds only its members; a manager's scope outside the unit shows nobody", async () => {
    const [team, otherTeam] = firstN(teamPaths, 2, "team");
    const { roster } = await both({ unitPath: team });
    const { ids } = await both({ unitPath: team });
    expect(roster.rows.map((r) => r.memberId).sort()).toEqual([...ids].sort());
    const none = await both({ unitPath: team, scope: { all: false, paths: [otherTeam] } });
    expect(none.roster.total).toBe(0);
    expect(none.roster.counts).toEqual({ eligible: 0, expiring: 0, missing: 0 });
  });

  it("the cache follows a change to a member's records (triggers) and to a job's requirements", async () => {
    const job = jobList.find((j) => j.code === "GJ03")!;
    const before = await both({ jobId: job.id, status: "missing", pageSize: 0 });
    const target = first(before.roster.rows);
    const reqs = before.requirements.filter((r) => r.jobId === job.id);
    // Delete the job's requirements but the certificate, then give the member a valid certificate.
    const cert = reqs.find((r) => r.kind === "certificate")!;
    for (const r of reqs) if (r.id !== cert.id) await h.db.delete(jobRequirements).where(eq(jobRequirements.id, r.id));
    await h.db.execute(sql`DELETE FROM member_certificates WHERE member_id = ${target.memberId} AND certificate_type_id = ${cert.refId}`);
    await h.db.execute(
      sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on) VALUES (${target.memberId}, ${cert.refId}, 'T-1', '2026-01-01', '2029-01-01')`,
    );
    const after = await both({ jobId: job.id, pageSize: 0 });
    expect(after.roster.rows.find((r) => r.memberId === target.memberId)!.cells[job.id]!.status).toBe("eligible");
    // Only the record changes now: the trigger marks the member, the refresh recomputes them alone.
    expect((await refreshCache(h.db, TODAY, "Asia/Shanghai")).kind).toBe("none");
    await h.db.execute(sql`UPDATE member_certificates SET expires_on = '2026-12-01' WHERE member_id = ${target.memberId} AND number = 'T-1'`);
    const r = await refreshCache(h.db, TODAY, "Asia/Shanghai");
    expect(r).toEqual({ kind: "partial", members: 1, jobs: 0 });
    const again = await both({ jobId: job.id, pageSize: 0 });
    expect(again.roster.rows.find((x) => x.memberId === target.memberId)!.cells[job.id]).toMatchObject({ status: "expiring", expiresOn: "2026-12-01" });
    // A later day in the same quarter recomputes only the members whose recheck day came, and the
    // cache then equals the live computation of that day; a new quarter recomputes everyone.
    const day2 = "2026-12-20";
    const requirements = await loadRequirements(h.db);
    const q2: RosterQuery = {
      unitPath: areaPath,
      scope: { all: true },
      jobs: jobList,
      requirements,
      jobId: null,
      status: null,
      expiringWithinDays: null,
      sort: "employeeNo",
      desc: false,
      page: 1,
      pageSize: 0,
      today: day2,
      tz: "Asia/Shanghai",
    };
    const r2 = await refreshCache(h.db, day2, "Asia/Shanghai");
    expect(r2.kind).toBe("partial");
    expect(r2.members).toBeGreaterThan(0);
    expect(r2.members).toBeLessThan(700);
    const live2 = await rosterPage(h.db, q2, "live");
    const cache2 = await rosterPage(h.db, q2, "cache");
    expect(cache2).toEqual(live2);
    expect(live2.counts).not.toEqual((await both()).roster.counts);
    expect((await refreshCache(h.db, "2027-01-02", "Asia/Shanghai")).kind).toBe("full");
  });

  it("runs the same number of statements for a small and a large unit", async () => {
    const requirements = await loadRequirements(h.db);
    let n = 0;
    const counting = new Proxy(h.db, {
      get(target, prop, recv) {
        const v = Reflect.get(target, prop, recv);
        if (prop === "execute")
          return (...a: unknown[]) => {
            n++;
            return (v as (...x: unknown[]) => unknown).apply(target, a);
          };
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const base: RosterQuery = {
      unitPath: areaPath,
      scope: { all: true },
      jobs: jobList,
      requirements,
      jobId: null,
      status: null,
      expiringWithinDays: null,
      sort: "name",
      desc: false,
      page: 1,
      pageSize: 50,
      today: TODAY,
    };
    await refreshCache(h.db, TODAY, "Asia/Shanghai");
    await rosterPage(counting, base);
    const whole = n;
    n = 0;
    await rosterPage(counting, { ...base, unitPath: first(teamPaths, "team") });
    expect(whole).toBe(1);
    expect(n).toBe(whole);
  });

  it("quiz series and specialty columns are there for requirements to match on", async () => {
    const q = first(await h.db.select({ series: quizzes.series, specialty: quizzes.specialty }).from(quizzes).limit(1));
    expect(q.series).toBe("季度小会考");
  });
});
