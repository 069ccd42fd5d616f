import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { hoursBriefs, memberHours, shortfallReport } from "@/lib/hours/ledger";
import { REQUEST_REFRESH_MAX, refreshTotals } from "@/lib/hours/totals";
import { rng } from "@/lib/core/rng";
import { createTestDb, drivers } from "../helpers/db";

// The fast path (the unit report read from hours_totals) against the rules applied entry by entry
// (each member's computed ledger, lib/hours/rules.ts), on generated evidence with awkward values:
// halves of a hundredth (18 s, 3,618 s), fractional seconds, lessons without a length, sessions
// of odd seconds, entries a minute either side of new year in the site's zone; then after changes
// to the evidence and to what credits it, and in another zone.
const TZ = "Asia/Shanghai";
const admin: Principal = { userId: 0, memberId: -1, roles: [{ role: "admin", scopePath: null }] };

describe.each(drivers())("学时 totals on %s", (driver) => {
  let h: DbHandle;
  let area = 0;
  const memberIds: number[] = [];
  const ids = { lessons: [] as number[], sessions: [] as number[], courses: [] as number[], tasks: [] as number[], quizzes: [] as number[] };
  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);

  beforeAll(async () => {
    h = await createTestDb(driver);
    const r = rng(15);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
    const cats = ["safety", "skills", "management", "other"] as const;
    area = await ins(sql`INSERT INTO org_units (kind, name, code) VALUES ('area', '作业区', 'GA') RETURNING id`);
    await h.db.execute(sql`UPDATE org_units SET path = ${`/${area}/`} WHERE id = ${area}`);
    const team = await ins(sql`INSERT INTO org_units (kind, name, code, parent_id) VALUES ('team', '一队', 'T1', ${area}) RETURNING id`);
    await h.db.execute(sql`UPDATE org_units SET path = ${`/${area}/${team}/`} WHERE id = ${team}`);
    const author = await ins(
      sql`INSERT INTO members (employee_no, name, org_unit_id, specialty) VALUES ('900000', '培训员', ${area}, 'gathering') RETURNING id`,
    );
    const authorUser = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${author}, 'x') RETURNING id`);
    for (let i = 0; i < 40; i++) {
      const hired = pick(["2015-03-01", "2025-06-01", "2026-02-01", null]);
      const m = await ins(sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on)
        VALUES (${String(100000 + i)}, ${`员工${i}`}, ${i % 2 ? team : area}, 'gathering', ${hired}) RETURNING id`);
      memberIds.push(m);
      if (i % 7 === 0) {
        const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${m}, 'x') RETURNING id`);
        await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, 'manager', ${team})`);
      }
    }
    // Instants around new year in Shanghai (UTC+8) and inside the years.
    const instants = ["2025-12-31T15:59:00Z", "2025-12-31T16:01:00Z", "2026-06-01T03:00:00Z", "2026-12-31T16:00:00Z", "2025-03-03T03:00:00Z"];
    for (const [d, c] of [
      [3600, "safety"],
      [null, "skills"],
      [7200.5, "safety"],
      [0, "management"],
    ] as const)
      ids.lessons.push(
        await ins(
          sql`INSERT INTO lessons (title, duration_s, status, hours_category, created_by) VALUES ('课', ${d}, 'published', ${c}, ${authorUser}) RETURNING id`,
        ),
      );
    const cls = await ins(sql`INSERT INTO classes (title, series, instructor_member_id, capacity, status, hours_category, created_by)
      VALUES ('安全课堂', 'classroom', ${author}, 30, 'published', 'safety', ${authorUser}) RETURNING id`);
    for (const [start, len] of [
      ["2026-06-01T01:00:00Z", 3618],
      ["2025-12-31T15:00:00Z", 7200],
      ["2026-03-01T01:00:00Z", 18],
      ["2026-04-01T01:00:00Z", 5400],
    ] as const) {
      const end = new Date(new Date(start).getTime() + len * 1000).toISOString();
      ids.sessions.push(
        await ins(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret) VALUES (${cls}, ${start}, ${end}, 's') RETURNING id`),
      );
    }
    for (let i = 0; i < 3; i++) {
      ids.courses.push(
        await ins(
          sql`INSERT INTO courses (title, status, hours_category, credit_hours, created_by) VALUES ('课程', 'published', ${cats[i]}, ${[4, 1.25, 0][i]}, ${authorUser}) RETURNING id`,
        ),
      );
      ids.tasks.push(
        await ins(sql`INSERT INTO practical_tasks (code, title, specialty, hours_category, credit_hours, created_by)
          VALUES (${`T${i}`}, '任务', 'gathering', ${cats[i + 1]}, ${[2, 0.5, 3][i]}, ${authorUser}) RETURNING id`),
      );
      ids.quizzes.push(
        await ins(sql`INSERT INTO quizzes (title, quarter, opens_at, closes_at, status, hours_category, credit_hours, created_by)
          VALUES ('考试', '2026-Q1', '2026-01-01T00:00:00Z', '2026-03-30T00:00:00Z', 'published', ${cats[i]}, ${[1, 0.75, 2][i]}, ${authorUser}) RETURNING id`),
      );
    }
    const watched = [18, 3618, 600.4, 1800.5, 5000, 7300, 54, 90];
    for (const m of memberIds) {
      for (const l of ids.lessons)
        if (r() < 0.6)
          await h.db.execute(
            sql`INSERT INTO lesson_progress (member_id, lesson_id, watched_s, updated_at) VALUES (${m}, ${l}, ${pick(watched)}, ${pick(instants)})`,
          );
      for (const s of ids.sessions)
        if (r() < 0.5) await h.db.execute(sql`INSERT INTO attendance (session_id, member_id, method) VALUES (${s}, ${m}, 'manual')`);
      for (const c of ids.courses)
        if (r() < 0.5) await h.db.execute(sql`INSERT INTO course_completions (member_id, course_id, completed_at) VALUES (${m}, ${c}, ${pick(instants)})`);
      for (const t of ids.tasks)
        if (r() < 0.4)
          await h.db.execute(
            sql`INSERT INTO signoffs (task_id, member_id, verifier_member_id, signed_on) VALUES (${t}, ${m}, ${author}, ${pick(["2025-12-31", "2026-01-01", "2026-12-31"])})`,
          );
      for (const q of ids.quizzes)
        if (r() < 0.5)
          await h.db.execute(sql`INSERT INTO quiz_results (quiz_id, member_id, score, max_score, percent, passed, attempts_counted, updated_at)
            VALUES (${q}, ${m}, 80, 100, 80, ${r() < 0.7}, 1, ${pick(instants)})`);
      if (r() < 0.3)
        await h.db.execute(
          sql`INSERT INTO external_hours (member_id, day, hours, category, title) VALUES (${m}, ${pick(["2026-01-01", "2025-12-31", "2026-07-07"])}, ${pick([8, 0.01, 23.99])}, ${pick(cats)}, '外训')`,
        );
    }
    // Safety and skills count; minimums high enough that every member falls short, so every
    // member is a row of the report and can be compared.
    await h.db.execute(sql`INSERT INTO hours_settings (id, new_worker_initial, worker_annual, manager_initial, manager_annual, counted)
      VALUES (1, 190, 180, 170, 160, '["safety","skills"]'::jsonb)`);
  });
  afterAll(async () => h?.close());

  /** The report's rows from the totals, the report computed from the evidence, and each member's own ledger, all equal. */
  async function expectSame(year: number, tz: string) {
    const fast = await shortfallReport(h.db, admin, { unitId: area, year, page: 1, limit: null }, tz, "totals");
    const slow = await shortfallReport(h.db, admin, { unitId: area, year, page: 1, limit: null }, tz, "evidence");
    if (!fast.ok || !slow.ok) throw new Error("report refused");
    expect(fast.value.rows).toEqual(slow.value.rows);
    expect(fast.value.total).toBe(memberIds.length + 1);
    const briefs = await hoursBriefs(h.db, admin, memberIds, year, tz);
    for (const m of memberIds) {
      const own = await memberHours(h.db, admin, m, year, tz);
      if (own.ok) expect(briefs.get(m)).toEqual({ counted: own.value.counted, minimum: own.value.minimum.hours, shortfall: own.value.shortfall });
      if (!own.ok) throw new Error(own.code);
      const row = fast.value.rows.find((x) => x.memberId === m);
      expect(row, `member ${m}`).toBeDefined();
      expect({ byCategory: row?.byCategory, total: row?.total, counted: row?.counted, minimum: row?.minimum, shortfall: row?.shortfall }).toEqual({
        byCategory: own.value.byCategory,
        total: own.value.total,
        counted: own.value.counted,
        minimum: own.value.minimum.hours,
        shortfall: own.value.shortfall,
      });
    }
    return fast.value.rows;
  }

  it("gives the same totals as the rules entry by entry, in both years around new year", async () => {
    const rows = await expectSame(2026, TZ);
    expect(rows.some((r) => r.byCategory.safety > 0 && r.byCategory.skills > 0)).toBe(true);
    await expectSame(2025, TZ);
    expect(await refreshTotals(h.db, TZ)).toBe(0);
  });

  it("stays exact after evidence and what credits it change (the triggers mark the members)", async () => {
    const [m0, m1, m2, m3] = memberIds as [number, number, number, number];
    await h.db.execute(sql`UPDATE courses SET credit_hours = 6.5 WHERE id = ${ids.courses[0] ?? 0}`);
    await h.db.execute(sql`UPDATE lessons SET duration_s = 1200 WHERE id = ${ids.lessons[0] ?? 0}`);
    await h.db.execute(sql`UPDATE classes SET hours_category = 'skills'`);
    await h.db.execute(sql`UPDATE class_sessions SET ends_at = ends_at + interval '18 seconds' WHERE id = ${ids.sessions[3] ?? 0}`);
    await h.db.execute(sql`UPDATE quizzes SET hours_category = 'safety', credit_hours = 3 WHERE id = ${ids.quizzes[1] ?? 0}`);
    await h.db.execute(sql`UPDATE practical_tasks SET credit_hours = 0 WHERE id = ${ids.tasks[0] ?? 0}`);
    await h.db.execute(sql`DELETE FROM attendance WHERE member_id = ${m0}`);
    await h.db.execute(sql`UPDATE quiz_results SET passed = NOT passed WHERE member_id = ${m1}`);
    await h.db.execute(sql`INSERT INTO external_hours (member_id, day, hours, category, title) VALUES (${m2}, '2026-05-05', 7.5, 'safety', '外训')`);
    await h.db.execute(sql`UPDATE lesson_progress SET watched_s = watched_s + 36, updated_at = '2026-12-31T15:59:59Z' WHERE member_id = ${m3}`);
    const dirty = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM hours_dirty`);
    expect(Number(dirty.n)).toBeGreaterThan(4);
    await expectSame(2026, TZ);
    await expectSame(2025, TZ);
  });

  it("gives a roster page's briefs only for members the reader may read", async () => {
    const [m0, m1] = memberIds as [number, number];
    const self: Principal = { userId: 0, memberId: m0, roles: [{ role: "worker", scopePath: null }] };
    const briefs = await hoursBriefs(h.db, self, [m0, m1], 2026, TZ);
    expect([...briefs.keys()]).toEqual([m0]);
  });

  it("recomputes everything when the site's zone changes", async () => {
    await expectSame(2026, "UTC");
    await expectSame(2025, "UTC");
    await expectSame(2026, TZ);
  });

  // Last: it adds a second area of REQUEST_REFRESH_MAX + 1 members.
  it("leaves a large recompute to the hours-refresh job: the page reads the last totals and says how old they are", async () => {
    const report = async (tz: string) => {
      const r = await shortfallReport(h.db, admin, { unitId: area, year: 2026, page: 1, limit: null }, tz);
      if (!r.ok) throw new Error(r.kind);
      return r.value;
    };
    const before = await report(TZ);
    expect(before.freshness.pending).toBe(false);
    const [m0] = memberIds as [number];
    const shortOf = (r: typeof before) => r.rows.find((x) => x.memberId === m0)?.shortfall ?? 0;
    expect(shortOf(before)).toBeGreaterThan(1);
    // A small change: recomputed in the request.
    await h.db.execute(sql`INSERT INTO external_hours (member_id, day, hours, category, title) VALUES (${m0}, '2026-07-01', 0.5, 'safety', '小变动')`);
    const small = await report(TZ);
    expect(small.freshness.pending).toBe(false);
    expect(shortOf(small)).toBeCloseTo(shortOf(before) - 0.5, 2);
    const refreshedAt = small.freshness.refreshedAt?.getTime() ?? 0;
    expect(refreshedAt).toBeGreaterThan(0);
    // A large one (an import of a whole area's hours): the request recomputes nothing.
    const other = await ins(sql`INSERT INTO org_units (kind, name, code) VALUES ('area', '二区', 'GB') RETURNING id`);
    await h.db.execute(sql`UPDATE org_units SET path = ${`/${other}/`} WHERE id = ${other}`);
    await h.db.execute(sql`INSERT INTO members (employee_no, name, org_unit_id, specialty)
      SELECT 'B' || g, '二区' || g, ${other}, 'gathering' FROM generate_series(1, ${REQUEST_REFRESH_MAX + 1}) g`);
    await h.db.execute(sql`INSERT INTO external_hours (member_id, day, hours, category, title)
      SELECT id, '2026-07-02', 1, 'safety', '批量导入' FROM members WHERE org_unit_id = ${other} OR id = ${m0}`);
    const large = await report(TZ);
    expect(large.freshness).toEqual({ refreshedAt: new Date(refreshedAt), pending: true });
    expect(shortOf(large)).toBeCloseTo(shortOf(small), 2);
    const briefs = await hoursBriefs(h.db, admin, [m0], 2026, TZ);
    expect(briefs.get(m0)?.shortfall).toBeCloseTo(shortOf(small), 2);
    // The job brings everything up to date; the next page is current again.
    expect(await refreshTotals(h.db, TZ)).toBe(REQUEST_REFRESH_MAX + 2);
    const after = await report(TZ);
    expect(after.freshness.pending).toBe(false);
    expect(shortOf(after)).toBeCloseTo(shortOf(small) - 1, 2);
    await expectSame(2026, TZ);
    // A change of zone on a site this large is the job's too.
    const moved = await report("UTC");
    expect(moved.freshness.pending).toBe(true);
    const [state] = rowsOf<{ time_zone: string }>(await h.db.execute(sql`SELECT time_zone FROM hours_totals_state WHERE id = 1`));
    expect(state?.time_zone).toBe(TZ);
  });
});
