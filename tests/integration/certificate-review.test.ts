import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { createCertificateType, listExpiring, setReviewSettings } from "@/lib/certificates";
import { recordReview } from "@/lib/certificates/review";
import { refreshCache } from "@/lib/eligibility/cache";
import { loadFacts, loadRequirements } from "@/lib/eligibility/data";
import { evaluateJob } from "@/lib/eligibility/rules";
import { memberEligibility } from "@/lib/eligibility/member";
import { rosterPage, type RosterJob } from "@/lib/eligibility/roster";
import { sweepReviews } from "@/lib/notifications/sweep";
import { generateRosterData } from "@/bench/roster-data";
import { createTestDb, drivers } from "../helpers/db";

const TZ = "Asia/Shanghai";
// 特种作业操作证 issued 2023-05-10: valid to 2029-05-09, review due 2026-05-10 (every 3 years).
const ISSUED = "2023-05-10";
const DUE = "2026-05-10";
const noon = (day: string) => new Date(`${day}T04:00:00Z`);

describe.each(drivers())("certificate review cycles (复审) on %s", (driver) => {
  let h: DbHandle;
  const id = {} as Record<"area" | "teamA" | "teamB" | "holder" | "boss" | "bossB" | "trainerM" | "type" | "plain" | "cert" | "job", number>;
  let areaPath = "";
  let admin: Principal;
  let trainer: Principal;
  let manager: Principal;
  let otherManager: Principal;
  let holder: Principal;
  let jobs: RosterJob[] = [];

  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);
  const review = (actor: Principal, over: Partial<Parameters<typeof recordReview>[2]> = {}, today = "2026-05-20") =>
    recordReview(h.db, actor, { certificateId: id.cert, reviewedOn: "2026-05-20", hours: null, evidence: "", testPassed: true, ...over }, today);
  const state = async () =>
    (await one<{ last_reviewed_on: string | null }>(sql`SELECT last_reviewed_on::text FROM member_certificates WHERE id = ${id.cert}`)).last_reviewed_on;
  const reviews = async () => Number((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM certificate_reviews`)).n);

  async function rosterStatus(day: string): Promise<string> {
    await refreshCache(h.db, day, TZ);
    const q = {
      unitPath: areaPath,
      scope: { all: true } as const,
      jobs,
      requirements: await loadRequirements(h.db),
      jobId: null,
      status: null,
      expiringWithinDays: null,
      sort: "employeeNo" as const,
      desc: false,
      page: 1,
      pageSize: 0,
      today: day,
      tz: TZ,
    };
    const cached = await rosterPage(h.db, q, "cache");
    expect(cached).toEqual(await rosterPage(h.db, q, "live"));
    return cached.rows.find((r) => r.employeeNo === "100001")!.cells[id.job]!.status;
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    const unit = async (kind: string, name: string, parent: number | null) => {
      const u = await ins(sql`INSERT INTO org_units (kind, name, code, parent_id) VALUES (${kind}, ${name}, ${name}, ${parent}) RETURNING id`);
      const parentPath = parent === null ? "/" : (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${parent}`)).path;
      await h.db.execute(sql`UPDATE org_units SET path = ${`${parentPath}${u}/`} WHERE id = ${u}`);
      return u;
    };
    id.area = await unit("area", "作业区", null);
    id.teamA = await unit("team", "一队", id.area);
    id.teamB = await unit("team", "二队", id.area);
    const pathOf = async (u: number) => (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${u}`)).path;
    areaPath = await pathOf(id.area);
    const member = (no: string, name: string, org: number) =>
      ins(
        sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on) VALUES (${no}, ${name}, ${org}, 'gathering', '2015-03-01') RETURNING id`,
      );
    id.holder = await member("100001", "持证人", id.teamA);
    id.boss = await member("100002", "一队队长", id.teamA);
    id.bossB = await member("200001", "二队队长", id.teamB);
    id.trainerM = await member("900001", "培训员", id.area);
    const user = async (memberId: number, role: string, scope: number | null) => {
      const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${memberId}, 'x') RETURNING id`);
      await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, ${role}, ${scope})`);
      return u;
    };
    const bossUser = await user(id.boss, "manager", id.teamA);
    await user(id.bossB, "manager", id.teamB);
    const trainerUser = await user(id.trainerM, "trainer", id.area);
    const adminUser = await user(await member("000001", "管理员", id.area), "admin", null);
    admin = { userId: adminUser, memberId: -1, roles: [{ role: "admin", scopePath: null }] };
    trainer = { userId: trainerUser, memberId: id.trainerM, roles: [{ role: "trainer", scopePath: areaPath }] };
    manager = { userId: bossUser, memberId: id.boss, roles: [{ role: "manager", scopePath: await pathOf(id.teamA) }] };
    otherManager = { userId: 0, memberId: id.bossB, roles: [{ role: "manager", scopePath: await pathOf(id.teamB) }] };
    holder = { userId: 0, memberId: id.holder, roles: [{ role: "trainer", scopePath: areaPath }] };

    const t = await createCertificateType(h.db, admin, {
      code: "TZ-ELEC",
      name: "特种作业操作证（电工）",
      validityMonths: 72,
      renewWindowDays: 60,
      reviewEveryYears: 3,
      reviewHours: 8,
      reviewTest: true,
    });
    if (!t.ok) throw new Error(t.code);
    id.type = t.value.id;
    const p = await createCertificateType(h.db, admin, { code: "PLAIN", name: "普通证", validityMonths: 72, renewWindowDays: 60 });
    if (!p.ok) throw new Error(p.code);
    id.plain = p.value.id;
    id.cert = await ins(sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on)
      VALUES (${id.holder}, ${id.type}, 'TZ-001', ${ISSUED}, '2029-05-09') RETURNING id`);
    id.job = await ins(sql`INSERT INTO jobs (code, name, specialty) VALUES ('J-ELEC', '电工', 'gathering') RETURNING id`);
    await h.db.execute(sql`INSERT INTO job_requirements (job_id, kind, ref_id) VALUES (${id.job}, 'certificate', ${id.type})`);
    jobs = [{ id: id.job, code: "J-ELEC", name: "电工", specialty: "gathering" }];
    // Training in the ledger since issue: 6 h of safety training on 2025-09-01 (external), 3 h before issue (not counted).
    await h.db.execute(sql`INSERT INTO external_hours (member_id, day, hours, category, title) VALUES
      (${id.holder}, '2025-09-01', 6, 'safety', '复审培训（一）'), (${id.holder}, '2023-05-01', 3, 'safety', '取证培训')`);
  });
  afterAll(async () => h?.close());

  it("an overdue review makes the member not eligible with the reason 复审逾期, in the profile and the roster", async () => {
    expect(await rosterStatus("2026-01-05")).toBe("eligible");
    expect(await rosterStatus("2026-04-01")).toBe("expiring");
    expect(await rosterStatus(DUE)).toBe("expiring");
    expect(await rosterStatus("2026-05-11")).toBe("missing");
    const e = await memberEligibility(h.db, manager, id.holder, noon("2026-05-11"), TZ);
    if (!e.ok) throw new Error(e.code);
    const job = e.value.jobs.find((j) => j.jobId === id.job)!;
    expect(job.status).toBe("missing");
    expect(job.gaps[0]).toMatchObject({ state: "expired", date: DUE, reviewOverdue: true });
    expect(e.value.certificates[0]).toMatchObject({ number: "TZ-001", reviewDueOn: DUE, reviewHours: 8, reviewTest: true });
  });

  it("refuses a review short of hours or without the test, and writes nothing", async () => {
    // The ledger holds 6 h since issue (the 3 h before issue do not count): short of 8.
    expect(await review(trainer)).toMatchObject({ ok: false, code: "certificates.review.errors.hours", params: { have: 6, need: 8 } });
    expect(await review(trainer, { hours: 8, evidence: "培训证明 FS-1", testPassed: false })).toMatchObject({
      ok: false,
      code: "certificates.review.errors.test",
    });
    expect(await review(trainer, { hours: 8, evidence: "" })).toMatchObject({ ok: false, code: "certificates.review.errors.evidence" });
    expect(await review(trainer, { reviewedOn: "2026-05-21" })).toMatchObject({ ok: false, code: "certificates.review.errors.future" });
    expect(await review(trainer, { reviewedOn: "2023-05-10" })).toMatchObject({ ok: false, code: "certificates.review.errors.beforeLast" });
    expect(await state()).toBeNull();
    expect(await reviews()).toBe(0);
  });

  it("only a trainer or manager over the member records it, never for oneself", async () => {
    expect(await review(otherManager, { hours: 8, evidence: "FS-1" })).toMatchObject({ ok: false, kind: "notFound" });
    expect(await review(holder, { hours: 8, evidence: "FS-1" })).toMatchObject({ ok: false, kind: "forbidden", code: "certificates.review.errors.own" });
    const worker: Principal = { userId: 0, memberId: id.boss, roles: [{ role: "worker", scopePath: null }] };
    expect(await review(worker, { hours: 8, evidence: "FS-1" })).toMatchObject({ ok: false, kind: "notFound" });
    const plain = await ins(
      sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on) VALUES (${id.holder}, ${id.plain}, 'P-1', ${ISSUED}) RETURNING id`,
    );
    expect(
      await recordReview(h.db, trainer, { certificateId: plain, reviewedOn: "2026-05-20", hours: 8, evidence: "x", testPassed: true }, "2026-05-20"),
    ).toMatchObject({
      ok: false,
      code: "certificates.review.errors.noCycle",
    });
    expect(await reviews()).toBe(0);
  });

  it("records a review from the ledger, audited; eligibility comes back and the next review moves", async () => {
    // Two more hours in the ledger: 8 h since issue.
    await h.db.execute(
      sql`INSERT INTO external_hours (member_id, day, hours, category, title) VALUES (${id.holder}, '2026-05-18', 2, 'safety', '复审培训（二）')`,
    );
    await refreshCache(h.db, "2026-05-20", TZ);
    const r = await review(manager);
    expect(r).toMatchObject({ ok: true, value: { hours: 8, nextDue: "2029-05-20" } });
    expect(await state()).toBe("2026-05-20");
    expect(await one(sql`SELECT hours::float8 AS hours, hours_source, test_passed FROM certificate_reviews`)).toEqual({
      hours: 8,
      hours_source: "ledger",
      test_passed: true,
    });
    expect(await one(sql`SELECT action, entity_id FROM audit_log WHERE action = 'certificate.review'`)).toMatchObject({
      action: "certificate.review",
      entity_id: String(id.cert),
    });
    // The review marked the member dirty: the cache recomputes them the same day.
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM eligibility_dirty WHERE member_id = ${id.holder}`)).n).toBe(1);
    expect(await rosterStatus("2026-05-20")).toBe("eligible");
    // The next cycle counts from the review; the certificate's own expiry comes first (2029-05-09).
    expect(await rosterStatus("2029-05-09")).toBe("expiring");
    expect(await rosterStatus("2029-05-10")).toBe("missing");
    // A second review needs the hours since this one: the ledger has none after 2026-05-20.
    expect(await review(trainer, { reviewedOn: "2026-05-20" })).toMatchObject({ ok: false, code: "certificates.review.errors.beforeLast" });
    expect(await review(trainer, { reviewedOn: "2027-01-10" }, "2027-01-10")).toMatchObject({
      ok: false,
      code: "certificates.review.errors.hours",
      params: { have: 0 },
    });
  });

  it("a change of the type's review cycle moves its holders' status (the type trigger marks the job)", async () => {
    // Every year: due 2027-05-20, overdue from 2027-05-21.
    expect(await setReviewSettings(h.db, manager, { id: id.type, reviewEveryYears: 1, reviewHours: 8, reviewTest: true })).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    expect(await setReviewSettings(h.db, admin, { id: id.type, reviewEveryYears: 1, reviewHours: 8, reviewTest: true })).toMatchObject({ ok: true });
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM eligibility_dirty_jobs WHERE job_id = ${id.job}`)).n).toBe(1);
    expect(await rosterStatus("2027-05-21")).toBe("missing");
    expect(await setReviewSettings(h.db, admin, { id: id.type, reviewEveryYears: 11, reviewHours: 8, reviewTest: true })).toMatchObject({
      ok: false,
      code: "certificates.review.errors.years",
    });
    expect(await setReviewSettings(h.db, admin, { id: id.type, reviewEveryYears: 3, reviewHours: 8, reviewTest: true })).toMatchObject({ ok: true });
  });

  it("reminds the holder and their team's manager once per due day, within the renewal window", async () => {
    // Next review due 2029-05-20, but the certificate expires 2029-05-09 first: the expiry reminder speaks for it.
    expect(await sweepReviews(h.db, noon("2029-04-01"), "2029-04-01")).toBe(0);
    // A fresh certificate of the type for the manager of team B's colleague: due 2026-12-01.
    const m2 = await ins(
      sql`INSERT INTO members (employee_no, name, org_unit_id, specialty) VALUES ('200002', '二队员工', ${id.teamB}, 'gathering') RETURNING id`,
    );
    const c2 = await ins(sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on)
      VALUES (${m2}, ${id.type}, 'TZ-002', '2023-12-01', '2029-11-30') RETURNING id`);
    // 61 days before: outside the 60-day window.
    expect(await sweepReviews(h.db, noon("2026-09-30"), "2026-09-30")).toBe(0);
    expect(await sweepReviews(h.db, noon("2026-10-02"), "2026-10-02")).toBe(2);
    const sent = await h.db.execute(sql`SELECT member_id, event, dedupe_key, params FROM notifications ORDER BY member_id`);
    const rows = rowsOf<{ member_id: number; event: string; dedupe_key: string; params: Record<string, unknown> }>(sent);
    expect(rows.map((r) => [Number(r.member_id), r.event, r.dedupe_key])).toEqual(
      [
        [id.bossB, "certificate_review_due", `cert:${c2}:review:2026-12-01`],
        [m2, "certificate_review_due", `cert:${c2}:review:2026-12-01`],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect(rows.find((r) => Number(r.member_id) === id.bossB)!.params).toMatchObject({ for: "team", member: "二队员工", day: "2026-12-01", days: 60 });
    expect(rows.find((r) => Number(r.member_id) === m2)!.params).toMatchObject({ for: "self", day: "2026-12-01" });
    // The expiring list of the area shows the review due beside the expiries, for a reader in scope.
    const list = await listExpiring(h.db, admin, { unit: id.area, within: 90, type: null, expired: false }, noon("2026-10-02"));
    if (!list.ok) throw new Error(list.code);
    expect(list.value.rows.filter((r) => r.kind === "review")).toEqual([
      expect.objectContaining({ id: c2, number: "TZ-002", expiresOn: "2026-12-01", daysLeft: 60 }),
    ]);
    const mine = await listExpiring(h.db, manager, { unit: id.teamA, within: 90, type: null, expired: false }, noon("2026-10-02"));
    expect(mine.ok && mine.value.rows).toEqual([]);
    // Once: the next days send nothing more.
    expect(await sweepReviews(h.db, noon("2026-10-03"), "2026-10-03")).toBe(0);
    expect(await sweepReviews(h.db, noon("2026-11-30"), "2026-11-30")).toBe(0);
  });
});

/**
 * The roster's SQL (the cache's whole recompute) equals the pure rules with review cycles: a
 * generated population whose certificate types review every 1–3 years, with last reviews put so
 * that reviews fall due on the day, the day before, inside and just outside the renewal window,
 * and certificates whose expiry comes before their review.
 */
describe.each(drivers())("review cycles: the roster cache equals the pure rules (%s)", (driver) => {
  const D0 = "2026-11-24";
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await generateRosterData(h.db, { members: 300, jobs: 8, today: D0, seed: 15 });
    const ex = (q: ReturnType<typeof sql>) => h.db.execute(q);
    await ex(sql`UPDATE certificate_types SET review_every_years = 1 + id % 3 WHERE id % 4 <> 0`);
    // Due on D0 (still valid), D0 - 1 (overdue), the window's first and last day and the day after it.
    const due = (offset: SQL) => sql`(${D0}::date + ${offset} - make_interval(years => t.review_every_years))::date`;
    const at = (k: number, offset: SQL) =>
      ex(sql`UPDATE member_certificates mc SET last_reviewed_on = ${due(offset)} FROM certificate_types t
              WHERE t.id = mc.certificate_type_id AND t.review_every_years IS NOT NULL AND mc.id % 6 = ${k} AND ${due(offset)} > mc.issued_on`);
    await at(0, sql`0`);
    await at(1, sql`-1`);
    await at(2, sql`t.renew_window_days`);
    await at(3, sql`t.renew_window_days + 1`);
    // An expiry before the review is due.
    await ex(sql`UPDATE member_certificates SET expires_on = ${D0}::date + 3 WHERE id % 10 = 0 AND issued_on <= ${D0}::date`);
  }, 300_000);
  afterAll(async () => h?.close());

  for (const day of [D0, "2026-11-25"]) {
    it(`agrees on every member × job on ${day}`, async () => {
      await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1`);
      await refreshCache(h.db, day, TZ);
      const jobIds = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM jobs WHERE active ORDER BY id`)).map((r) => Number(r.id));
      const requirements = await loadRequirements(h.db, jobIds);
      const ids = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM members ORDER BY id`)).map((r) => Number(r.id));
      const facts = await loadFacts(h.db, ids, TZ);
      const cells = new Map(
        rowsOf<{ member_id: number; job_id: number; status: string; expiring_on: string | null }>(
          await h.db.execute(sql`SELECT member_id, job_id, status, expiring_on::text AS expiring_on FROM eligibility_cells`),
        ).map((c) => [`${c.member_id}:${c.job_id}`, c]),
      );
      const withReq = new Set(requirements.map((r) => r.jobId));
      const mismatches: unknown[] = [];
      let overdue = 0;
      for (const id of ids)
        for (const j of jobIds) {
          if (!withReq.has(j)) continue;
          const want = evaluateJob(j, requirements, facts.get(id)!, day);
          overdue += want.gaps.filter((g) => g.reviewOverdue).length;
          const c = cells.get(`${id}:${j}`);
          const got = c ? { status: c.status, expiresOn: c.status === "expiring" ? c.expiring_on : null } : { status: "missing", expiresOn: null };
          if (got.status !== want.status || got.expiresOn !== want.expiresOn)
            mismatches.push({ member: id, job: j, got, want: { status: want.status, expiresOn: want.expiresOn } });
        }
      expect(mismatches.slice(0, 5)).toEqual([]);
      // The data does exercise overdue reviews.
      expect(overdue).toBeGreaterThan(5);
    });
  }
});
