import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { timeZone } from "@/lib/core/clock";
import { warmRosterCache } from "@/lib/eligibility/service";
import { refreshTotals } from "@/lib/hours/totals";
import { managerHome, trainerHome, workerHome } from "@/lib/learner/home";
import { startAttempt } from "@/lib/quiz/attempts";
import { createQuiz } from "@/lib/quiz/quizzes";
import { seedDemo } from "@/scripts/demo";
import { seedDemoEligibility } from "@/scripts/demo/eligibility";
import { seedDemoQuiz } from "@/scripts/demo/quiz";
import { seedDemoVideo } from "@/scripts/demo/video";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf, quizSettings } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * Issue 18, role home pages (lib/learner/home.ts): each block read only with its right, and
 * scoped: a worker sees only their own to-dos, a manager only their team's gaps. Pinned instant.
 */
const NOW = new Date("2026-11-20T02:00:00Z");
const DAY = 24 * 3600_000;

describe.each(drivers())("role home pages on %s", (driver) => {
  let h: DbHandle;
  let worker: Principal & { orgPath: string; jobId: number | null };
  let trainer: Principal;
  let manager09: Principal;
  let admin: Principal;
  let t09Path: string;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 60 });
    await seedDemoQuiz(h.db, NOW);
    await seedDemoVideo(h.db);
    await seedDemoEligibility(h.db, NOW);
    t09Path = first(rowsOf<{ path: string }>(await h.db.execute(sql`SELECT path FROM org_units WHERE code = 'T09'`))).path;
    const w = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const me = first(
      rowsOf<{ path: string; job_id: number | null }>(
        await h.db.execute(sql`SELECT u.path, m.job_id FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE m.id = ${w.memberId}`),
      ),
    );
    worker = { ...w, orgPath: me.path, jobId: me.job_id === null ? null : Number(me.job_id) };
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    manager09 = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
  });
  afterAll(async () => h?.close());

  it("gives the worker their own open quiz, courses and unread count, and nothing after the window", async () => {
    const other = Number(first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM members WHERE employee_no <> '900004' ORDER BY id LIMIT 1`))).id);
    await h.db.execute(sql`DELETE FROM notifications`);
    await h.db.execute(sql`INSERT INTO notifications (member_id, kind, created_at) VALUES
      (${worker.memberId}, 'test', ${NOW.toISOString()}::timestamptz), (${worker.memberId}, 'test', ${NOW.toISOString()}::timestamptz),
      (${other}, 'test', ${NOW.toISOString()}::timestamptz), (${other}, 'test', ${NOW.toISOString()}::timestamptz), (${other}, 'test', ${NOW.toISOString()}::timestamptz)`);
    const home = await workerHome(h.db, worker, NOW);
    if (!home) throw new Error("no worker home");
    expect(home.unread).toBe(2);
    expect(home.quizzes.count).toBeGreaterThan(0);
    expect(home.quizzes.items.length).toBe(Math.min(home.quizzes.count, 5));
    for (const q of home.quizzes.items) expect(q.closesAt.getTime()).toBeGreaterThan(NOW.getTime());
    expect(home.courses.items.length).toBeLessThanOrEqual(5);
    for (const c of home.courses.items) expect(c.done).toBeLessThan(c.required);
    const later = await workerHome(h.db, worker, new Date(NOW.getTime() + 400 * DAY));
    expect(later?.quizzes).toEqual({ count: 0, items: [] });
  });

  it("keeps a started quiz on the worker's list (to continue it), and each course points at what is left", async () => {
    const before = await workerHome(h.db, worker, NOW);
    const quiz = before?.quizzes.items[0];
    if (!quiz) throw new Error("no open quiz");
    expect((await startAttempt(h.db, { quizId: quiz.id, memberId: worker.memberId, now: NOW })).ok).toBe(true);
    const after = await workerHome(h.db, worker, NOW);
    expect(after?.quizzes.items.map((q) => q.id)).toContain(quiz.id);
    expect(after?.courses.count).toBeGreaterThan(0);
    expect(after?.sessions.length).toBeLessThanOrEqual(3);
  });

  it("reads the trainer's block only with teach.manage: drafts, and quizzes closing within 7 days", async () => {
    expect(await trainerHome(h.db, worker, NOW)).toBeNull();
    expect(await trainerHome(h.db, manager09, NOW)).toBeNull();
    const before = await trainerHome(h.db, trainer, NOW);
    if (!before) throw new Error("no trainer home");
    const draft = await createQuiz(
      h.db,
      trainer,
      quizSettings({ title: "草稿考试", opensAt: new Date(NOW.getTime() + DAY), closesAt: new Date(NOW.getTime() + 10 * DAY) }),
    );
    const soon = await createQuiz(
      h.db,
      trainer,
      quizSettings({ title: "三天后截止", opensAt: new Date(NOW.getTime() - DAY), closesAt: new Date(NOW.getTime() + 3 * DAY) }),
    );
    const late = await createQuiz(
      h.db,
      trainer,
      quizSettings({ title: "十天后截止", opensAt: new Date(NOW.getTime() - DAY), closesAt: new Date(NOW.getTime() + 10 * DAY) }),
    );
    if (!draft.ok || !soon.ok || !late.ok) throw new Error("quiz not made");
    // Published as they stand (their questions and audience are not what this test is about).
    await h.db.execute(
      sql`UPDATE quizzes SET status = 'published', published_at = ${NOW.toISOString()}::timestamptz WHERE id IN (${soon.value.id}, ${late.value.id})`,
    );
    const after = await trainerHome(h.db, trainer, NOW);
    if (!after) throw new Error("no trainer home");
    expect(after.drafts.count).toBe(before.drafts.count + 1);
    expect(after.drafts.items.map((d) => d.title)).toContain("草稿考试");
    expect(after.closing.items.map((q) => q.title)).toContain("三天后截止");
    expect(after.closing.items.map((q) => q.title)).not.toContain("十天后截止");
    expect(after.closing.count).toBe(before.closing.count + 1);
    expect(after.grading.count).toBeGreaterThanOrEqual(after.grading.items.length);
  });

  it("shows the manager only their own team's gaps, expiring certificates and 学时 shortfalls", async () => {
    // The home page reads what the roster-refresh and hours-refresh jobs leave; their runs here.
    await warmRosterCache(h.db, NOW);
    await refreshTotals(h.db, timeZone());
    expect(await managerHome(h.db, worker, NOW)).toBeNull();
    expect(await managerHome(h.db, trainer, NOW)).toBeNull();
    const mine = await managerHome(h.db, manager09, NOW);
    const all = await managerHome(h.db, admin, NOW);
    if (!mine || !all) throw new Error("no manager home");
    // The certificates of 采油九队 running out in the 30 days from the pinned day, counted here directly.
    const [want] = rowsOf<{ n: number }>(
      await h.db.execute(sql`SELECT count(*)::int AS n FROM member_certificates c JOIN members m ON m.id = c.member_id JOIN org_units u ON u.id = m.org_unit_id
        WHERE u.path LIKE ${`${t09Path}%`} AND m.status = 'active' AND c.expires_on BETWEEN '2026-11-20'::date AND '2026-12-20'::date`),
    );
    expect(mine.expiring.count).toBe(Number(want?.n));
    expect(mine.expiring.count).toBeGreaterThan(0);
    expect(all.expiring.count).toBeGreaterThan(mine.expiring.count);
    const t09Members = new Set(
      rowsOf<{ id: number }>(
        await h.db.execute(sql`SELECT m.id FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE u.path LIKE ${`${t09Path}%`}`),
      ).map((r) => Number(r.id)),
    );
    for (const c of mine.expiring.items) expect(t09Members.has(c.memberId)).toBe(true);
    for (const m of mine.hoursShort.items) expect(t09Members.has(m.memberId)).toBe(true);
    expect(mine.hoursShort.count).toBeLessThanOrEqual(t09Members.size);
    expect(all.hoursShort.count).toBeGreaterThan(mine.hoursShort.count);
    const t09Stations = new Set(
      rowsOf<{ name: string }>(await h.db.execute(sql`SELECT name FROM org_units WHERE path LIKE ${`${t09Path}%`}`)).map((r) => r.name),
    );
    for (const g of mine.gaps.items) expect(t09Stations.has(g.stationName)).toBe(true);
    expect(all.gaps.count).toBeGreaterThanOrEqual(mine.gaps.count);
    expect(mine.freshness.pending).toBe(false);
  });

  it("writes nothing: with the roster stale and 学时 evidence changed it reads the last state and says a recompute is pending", async () => {
    await warmRosterCache(h.db, NOW);
    await refreshTotals(h.db, timeZone());
    const before = await managerHome(h.db, manager09, NOW);
    // An admin's edit marks the roster stale; new evidence marks a member's 学时 dirty.
    await h.db.execute(sql`UPDATE job_requirements SET min_score = min_score WHERE id = (SELECT min(id) FROM job_requirements)`);
    await h.db.execute(sql`INSERT INTO hours_dirty (member_id) SELECT id FROM members ORDER BY id LIMIT 1 ON CONFLICT DO NOTHING`);
    const state = async () =>
      rowsOf<Record<string, unknown>>(
        await h.db.execute(sql`SELECT (SELECT full_dirty OR EXISTS (SELECT 1 FROM eligibility_dirty_jobs) FROM eligibility_cache_state WHERE id = 1) AS roster_stale,
          (SELECT refreshed_at::text FROM eligibility_cache_state WHERE id = 1) AS at, (SELECT count(*)::int FROM hours_dirty) AS hours_dirty`),
      );
    const s0 = await state();
    const after = await managerHome(h.db, manager09, NOW);
    expect(await state()).toEqual(s0);
    expect(s0[0]).toMatchObject({ roster_stale: true, hours_dirty: 1 });
    expect(after?.freshness).toEqual({ refreshedAt: before?.freshness.refreshedAt, pending: true });
    expect(after?.gaps).toEqual(before?.gaps);
  });
});
