import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { refreshCache } from "@/lib/eligibility/cache";
import { loadRequirements } from "@/lib/eligibility/data";
import { rosterPage, type RosterJob, type RosterQuery } from "@/lib/eligibility/roster";
import { addDays } from "@/lib/core/time";
import { createTestDb, drivers } from "../helpers/db";

/**
 * Records dated after the day the cache was computed: a course completed "tomorrow" in the site's
 * zone (written by a clock ahead of the cache's day), a class session that starts tomorrow, a
 * certificate issued next week, a sign-off or contest dated ahead. Each makes a job eligible only
 * from its day; the cache must look at that member again on that day, not wait for a change.
 */
const D0 = "2026-11-24";
const TZ = "Asia/Shanghai";
const KINDS = ["course", "class", "certificate", "signoff", "contest", "service"] as const;

describe.each(drivers())("the roster cache rechecks records dated after its day (%s)", (driver) => {
  let h: DbHandle;
  let area = "";
  const jobOf = new Map<string, number>();
  let jobList: RosterJob[] = [];

  const x = (q: ReturnType<typeof sql>) => h.db.execute(q);
  const one = async <T>(q: ReturnType<typeof sql>) => {
    const r = (await h.db.execute(q)) as unknown;
    return ((Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[])[0]!;
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    const a = await one<{ id: number }>(sql`INSERT INTO org_units (kind, name, code, path) VALUES ('area', '区', 'RA', '') RETURNING id`);
    area = `/${a.id}/`;
    await x(sql`UPDATE org_units SET path = ${area} WHERE id = ${a.id}`);
    const ins = (no: string, hired: string) =>
      one<{ id: number }>(sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on, status)
                              VALUES (${no}, ${`成员${no}`}, ${a.id}, 'safety', ${hired}, 'active') RETURNING id`);
    const verifier = await ins("R000", "2000-01-01");
    // Three days ahead of D0, at 00:30 Shanghai: still D0 in UTC, already D0 + 3 on the site's day.
    const ahead = `${addDays(D0, 3)}T00:30:00+08:00`;
    const day3 = addDays(D0, 3);
    for (const kind of KINDS) {
      const j = await one<{ id: number }>(sql`INSERT INTO jobs (code, name, specialty) VALUES (${`RJ-${kind}`}, ${kind}, 'safety') RETURNING id`);
      jobOf.set(kind, j.id);
      const m = await ins(`R-${kind}`, kind === "service" ? addDays("2025-11-24", 3) : "2000-01-01");
      if (kind === "course") {
        const c = await one<{ id: number }>(sql`INSERT INTO courses (code, title, status) VALUES ('RC', '课', 'published') RETURNING id`);
        await x(sql`INSERT INTO job_requirements (job_id, kind, ref_id) VALUES (${j.id}, 'course', ${c.id})`);
        await x(sql`INSERT INTO course_completions (member_id, course_id, completed_at) VALUES (${m.id}, ${c.id}, ${ahead}::timestamptz)`);
      } else if (kind === "class") {
        const c = await one<{ id: number }>(sql`INSERT INTO classes (code, title, series, instructor_member_id, capacity, status)
                                                VALUES ('RK', '课堂', 'technician', ${verifier.id}, 10, 'published') RETURNING id`);
        const s = await one<{ id: number }>(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
                                                VALUES (${c.id}, ${ahead}::timestamptz, ${ahead}::timestamptz + interval '2 hours', 'x') RETURNING id`);
        await x(sql`INSERT INTO job_requirements (job_id, kind, series, min_count) VALUES (${j.id}, 'class', 'technician', 1)`);
        await x(sql`INSERT INTO attendance (session_id, member_id, method, checked_in_at) VALUES (${s.id}, ${m.id}, 'code', ${ahead}::timestamptz)`);
      } else if (kind === "certificate") {
        const t = await one<{ id: number }>(
          sql`INSERT INTO certificate_types (code, name, validity_months, renew_window_days) VALUES ('RZ', '证', 36, 30) RETURNING id`,
        );
        await x(sql`INSERT INTO job_requirements (job_id, kind, ref_id) VALUES (${j.id}, 'certificate', ${t.id})`);
        await x(
          sql`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on) VALUES (${m.id}, ${t.id}, 'R-1', ${day3}, '2029-11-30')`,
        );
      } else if (kind === "signoff") {
        const t = await one<{ id: number }>(sql`INSERT INTO practical_tasks (code, title, specialty) VALUES ('RP', '实操', 'safety') RETURNING id`);
        await x(sql`INSERT INTO job_requirements (job_id, kind, ref_id) VALUES (${j.id}, 'signoff', ${t.id})`);
        await x(sql`INSERT INTO signoffs (task_id, member_id, verifier_member_id, signed_on) VALUES (${t.id}, ${m.id}, ${verifier.id}, ${day3})`);
      } else if (kind === "contest") {
        const c = await one<{ id: number }>(sql`INSERT INTO contests (title, level, specialty, held_on) VALUES ('赛', 'area', 'safety', ${day3}) RETURNING id`);
        await x(sql`INSERT INTO job_requirements (job_id, kind, contest_level) VALUES (${j.id}, 'contest', 'area')`);
        await x(sql`INSERT INTO contest_results (contest_id, member_id, rank, score) VALUES (${c.id}, ${m.id}, 1, 90)`);
      } else {
        await x(sql`INSERT INTO job_requirements (job_id, kind, min_count) VALUES (${j.id}, 'service', 12)`);
      }
    }
    jobList = [...jobOf.entries()].map(([kind, id]) => ({ id, code: `RJ-${kind}`, name: kind, specialty: "safety" }));
  });
  afterAll(async () => h?.close());

  async function page(day: string, source: "cache" | "live") {
    const q: RosterQuery = {
      unitPath: area,
      scope: { all: true },
      jobs: jobList,
      requirements: await loadRequirements(h.db),
      jobId: null,
      status: null,
      expiringWithinDays: null,
      sort: "employeeNo",
      desc: false,
      page: 1,
      pageSize: 0,
      today: day,
      tz: TZ,
    };
    return rosterPage(h.db, q, source);
  }
  const statusOf = (p: Awaited<ReturnType<typeof page>>, kind: string) => p.rows.find((r) => r.employeeNo === `R-${kind}`)!.cells[jobOf.get(kind)!]!.status;

  it("is missing before the record's day and eligible from it, day by day, as the live roster says", async () => {
    await refreshCache(h.db, D0, TZ);
    const first = await page(D0, "cache");
    for (const kind of KINDS) expect({ kind, s: statusOf(first, kind) }).toEqual({ kind, s: "missing" });
    expect(first).toEqual(await page(D0, "live"));
    for (let i = 1; i <= 5; i++) {
      const day = addDays(D0, i);
      await refreshCache(h.db, day, TZ);
      const cached = await page(day, "cache");
      expect(cached).toEqual(await page(day, "live"));
      for (const kind of KINDS) expect({ kind, day, s: statusOf(cached, kind) }).toEqual({ kind, day, s: i >= 3 ? "eligible" : "missing" });
    }
  });
});
