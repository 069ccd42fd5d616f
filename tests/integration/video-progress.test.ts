import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { courseCompletions, lessonProgress, lessons, orgUnits } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import {
  assignCourse,
  chooseCourse,
  courseCompletionReport,
  courseForMember,
  coursesForMember,
  createCourse,
  createLesson,
  lessonCompletionReport,
  lessonMediaFor,
  openLesson,
  reportProgress,
  setCourseAudience,
  setCourseItems,
  setCourseStatus,
  setLessonStatus,
  syncCourseCompletions,
  type Viewer,
} from "@/lib/video";
import type { Principal } from "@/lib/auth/permissions";
import { drivers, createTestDb } from "../helpers/db";
import { memberIdOf, principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * Watching: what counts (the union of played intervals), what is refused (bad intervals, a
 * lesson the member may not see, faster than 2×), concurrent reports, completion of lessons
 * and courses (lesson, quiz and class items), assignment and the per-unit report.
 */
describe.each(drivers())("lesson progress and courses on %s", (driver) => {
  let h: DbHandle;
  let worker: Viewer;
  let outsider: Viewer;
  let lessonId: number;
  let lesson2: number;
  let courseId: number;
  let team09: number;
  let trainer: Principal;
  const t0 = new Date("2026-11-24T08:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  async function viewer(no: string): Promise<Viewer> {
    const id = await memberIdOf(h.db, no);
    const r = first(
      rowsOf<{ path: string; job_id: number | null }>(
        await h.db.execute(sql`SELECT ou.path, m.job_id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.id = ${id}`),
      ),
    );
    return { memberId: id, orgPath: r.path, jobId: r.job_id === null ? null : Number(r.job_id), teacher: false };
  }

  async function videoLesson(title: string, durationS: number) {
    const made = await createLesson(h.db, trainer, { title, description: "", specialty: "oil_production", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    const id = made.value;
    await h.db
      .update(lessons)
      .set({ storageKey: `lessons/${id}/x.webm`, mime: "video/webm", durationS })
      .where(eq(lessons.id, id));
    expect(await setLessonStatus(h.db, trainer, id, "published")).toEqual({ ok: true, value: undefined });
    return id;
  }

  async function course(title: string, specialty = "") {
    const made = await createCourse(h.db, trainer, { title, specialty, description: "" });
    if (!made.ok) throw new Error(made.code);
    return made.value;
  }

  async function report<T>(r: Promise<{ ok: true; value: T } | { ok: false; code: string }>): Promise<T> {
    const out = await r;
    if (!out.ok) throw new Error(out.code);
    return out.value;
  }

  async function progress(m: Viewer, l: number) {
    const [p] = await h.db.select().from(lessonProgress).where(sql`${lessonProgress.memberId} = ${m.memberId} AND ${lessonProgress.lessonId} = ${l}`);
    return p;
  }

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(h.db, { members: 40 });
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    worker = await viewer("900004"); // 韦2中转站, 采油九队
    // Someone of another team.
    const other = first(
      rowsOf<{ employee_no: string }>(
        await h.db.execute(
          sql`SELECT m.employee_no FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE ou.path NOT LIKE (SELECT path FROM org_units WHERE code = 'T09') || '%' AND m.employee_no LIKE '1%' LIMIT 1`,
        ),
      ),
    );
    outsider = await viewer(other.employee_no);
    team09 = first(await h.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09"))).id;
    lessonId = await videoLesson("抽油机启机前检查", 100);
    lesson2 = await videoLesson("中转站分离器液位控制", 60);
    courseId = await course("采油工入门", "oil_production");
    expect(await setCourseStatus(h.db, trainer, courseId, "published")).toMatchObject({ ok: false, code: "video.errors.courseEmpty" });
    expect(
      await setCourseItems(h.db, trainer, courseId, [
        { kind: "lesson", refId: lessonId, required: true },
        { kind: "lesson", refId: lesson2, required: false },
      ]),
    ).toEqual({ ok: true, value: undefined });
    expect(await setCourseAudience(h.db, trainer, courseId, { orgUnitIds: [team09], jobIds: [] })).toEqual({ ok: true, value: undefined });
    expect(await setCourseStatus(h.db, trainer, courseId, "published")).toEqual({ ok: true, value: undefined });
  });
  afterAll(async () => {
    await h.close();
  });

  it("lets only members on the course see the lesson; a report for another lesson stores nothing", async () => {
    expect(await lessonMediaFor(h.db, worker, lessonId)).toMatchObject({ storageKey: `lessons/${lessonId}/x.webm` });
    expect(await lessonMediaFor(h.db, outsider, lessonId)).toBeNull();
    expect(await reportProgress(h.db, outsider, lessonId, { segments: [[0, 10]], positionS: 10, at: 1 }, at(60))).toMatchObject({
      ok: false,
      code: "video.errors.lessonNotFound",
    });
    expect(await progress(outsider, lessonId)).toBeUndefined();
    // A trainer may preview any lesson.
    expect(await lessonMediaFor(h.db, { ...outsider, teacher: true }, lessonId)).not.toBeNull();
  });

  it("counts the union of what was played: a seek ahead adds nothing, twice counts once", async () => {
    await h.db.execute(
      sql`INSERT INTO lesson_progress (member_id, lesson_id, started_at, updated_at) VALUES (${worker.memberId}, ${lessonId}, ${t0.toISOString()}, ${t0.toISOString()})`,
    );
    // Played 0–15, then seeked to 60 and played 60–70.
    const a = await reportProgress(
      h.db,
      worker,
      lessonId,
      {
        segments: [
          [0, 15],
          [60, 70],
        ],
        positionS: 70,
        at: 1000,
      },
      at(30),
    );
    expect(a).toMatchObject({ ok: true, value: { watchedS: 25, completed: false } });
    // The same report again, and an older one: nothing changes.
    expect(
      await reportProgress(
        h.db,
        worker,
        lessonId,
        {
          segments: [
            [0, 15],
            [60, 70],
          ],
          positionS: 70,
          at: 1000,
        },
        at(31),
      ),
    ).toMatchObject({ ok: true, value: { watchedS: 25 } });
    expect(await reportProgress(h.db, worker, lessonId, { segments: [[0, 5]], positionS: 5, at: 500 }, at(32))).toMatchObject({
      ok: true,
      value: { watchedS: 25 },
    });
    const p = (await progress(worker, lessonId))!;
    expect(p.segments).toEqual([
      [0, 15],
      [60, 70],
    ]);
    expect(p.lastPositionS).toBe(70);
    expect(p.completedAt).toBeNull();
  });

  it("refuses negative, reversed, beyond-the-end and too-fast reports whole", async () => {
    const before = await progress(worker, lessonId);
    const bad: [number, number][][] = [
      [[-3, 5]],
      [[20, 10]],
      [[90, 130]],
      [
        [16, 20],
        [30, 25],
      ],
    ];
    const codes = [];
    for (const segments of bad) {
      const r = await reportProgress(h.db, worker, lessonId, { segments, positionS: 10, at: 2000 }, at(40));
      codes.push(r.ok ? "ok" : r.code);
    }
    expect(codes).toEqual(["video.errors.segmentNegative", "video.errors.segmentReversed", "video.errors.segmentBeyondEnd", "video.errors.segmentReversed"]);
    // 60 new seconds 10 s after the last growth: faster than 2×.
    expect(
      await reportProgress(
        h.db,
        worker,
        lessonId,
        {
          segments: [
            [15, 60],
            [70, 85],
          ],
          positionS: 85,
          at: 2001,
        },
        at(40),
      ),
    ).toMatchObject({ ok: false, code: "video.errors.tooFast" });
    expect(await progress(worker, lessonId)).toEqual(before);
  });

  it("merges concurrent reports without losing a segment", async () => {
    const reports: [number, number][] = [
      [15, 25],
      [25, 35],
      [35, 45],
      [45, 55],
      [55, 60],
      [70, 80],
    ];
    // Two tabs and a beacon at once, long enough after the last report for 2× to allow it.
    const results = await Promise.all(reports.map((s, i) => reportProgress(h.db, worker, lessonId, { segments: [s], positionS: s[1], at: 3000 + i }, at(300))));
    expect(results.every((r) => r.ok)).toBe(true);
    const p = (await progress(worker, lessonId))!;
    expect(p.segments).toEqual([[0, 80]]);
    expect(p.watchedS).toBe(80);
    expect(p.completedAt).toBeNull();
  });

  it("completes the lesson at 90 % and then the course (only required items count)", async () => {
    const before = await coursesForMember(h.db, worker);
    const mine = before.mine.find((c) => c.id === courseId)!;
    expect(mine).toMatchObject({ required: 1, done: 0, source: "audience", completedAt: null, next: { lessonId, positionS: 80 } });
    const r = await reportProgress(h.db, worker, lessonId, { segments: [[80, 90]], positionS: 90, at: 4000 }, at(400));
    expect(r).toMatchObject({ ok: true, value: { watchedS: 90, completed: true, justCompleted: true } });
    const [cc] = await h.db
      .select()
      .from(courseCompletions)
      .where(sql`${courseCompletions.memberId} = ${worker.memberId} AND ${courseCompletions.courseId} = ${courseId}`);
    expect(cc).toBeDefined();
    const after = (await coursesForMember(h.db, worker)).mine.find((c) => c.id === courseId)!;
    expect(after).toMatchObject({ required: 1, done: 1 });
    expect(after.completedAt).not.toBeNull();
    // Completion stays: later reports never take it back, and the union still grows.
    expect(await reportProgress(h.db, worker, lessonId, { segments: [[90, 100]], positionS: 100, at: 5000 }, at(500))).toMatchObject({
      ok: true,
      value: { watchedS: 100, completed: true, justCompleted: false },
    });
    const detail = await courseForMember(h.db, worker, courseId);
    expect(detail?.items.map((i) => [i.kind, i.required, i.done])).toEqual([
      ["lesson", true, true],
      ["lesson", false, false],
    ]);
  });

  it("counts a passed quiz and an attended class as done items", async () => {
    const c2 = await course("安全与课堂");
    const quiz = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`INSERT INTO quizzes (title, quarter, opens_at, closes_at, status) VALUES ('小会考', '2026-Q4', now(), now() + interval '1 day', 'published') RETURNING id`,
        ),
      ),
    );
    const cls = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`INSERT INTO classes (title, series, instructor_member_id, capacity, status) VALUES ('技师课堂：电机保养', 'technician', ${outsider.memberId}, 20, 'published') RETURNING id`,
        ),
      ),
    );
    const sess = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret) VALUES (${cls.id}, now(), now() + interval '1 hour', 's') RETURNING id`,
        ),
      ),
    );
    expect(
      await setCourseItems(h.db, trainer, c2, [
        { kind: "quiz", refId: Number(quiz.id), required: true },
        { kind: "class", refId: Number(cls.id), required: true },
      ]),
    ).toMatchObject({ ok: true });
    expect(await setCourseStatus(h.db, trainer, c2, "published")).toMatchObject({ ok: true });
    expect(await chooseCourse(h.db, { userId: 0, memberId: worker.memberId, roles: [{ role: "worker", scopePath: null }] }, c2)).toMatchObject({ ok: true });
    let mine = (await coursesForMember(h.db, worker)).mine.find((c) => c.id === c2)!;
    expect(mine).toMatchObject({ source: "chosen", required: 2, done: 0 });
    await h.db.execute(
      sql`INSERT INTO quiz_results (quiz_id, member_id, score, max_score, percent, passed, attempts_counted) VALUES (${quiz.id}, ${worker.memberId}, 50, 100, 50, false, 1)`,
    );
    await h.db.execute(sql`INSERT INTO attendance (session_id, member_id, method) VALUES (${sess.id}, ${worker.memberId}, 'code')`);
    mine = (await coursesForMember(h.db, worker)).mine.find((c) => c.id === c2)!;
    expect(mine).toMatchObject({ done: 1, completedAt: null });
    await h.db.execute(sql`UPDATE quiz_results SET passed = true, percent = 80 WHERE quiz_id = ${quiz.id} AND member_id = ${worker.memberId}`);
    expect(await syncCourseCompletions(h.db, worker.memberId)).toBe(1);
    mine = (await coursesForMember(h.db, worker)).mine.find((c) => c.id === c2)!;
    expect(mine.completedAt).not.toBeNull();
    // A bad item reference changes nothing.
    expect(await setCourseItems(h.db, trainer, c2, [{ kind: "class", refId: 999999, required: true }])).toMatchObject({
      ok: false,
      code: "video.errors.itemMissing",
      params: { row: 1 },
    });
    expect((await courseForMember(h.db, worker, c2))!.items).toHaveLength(2);
  });

  it("assigns idempotently, inside the trainer's scope only", async () => {
    const teamTrainer = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T09" }]);
    const r1 = await assignCourse(h.db, teamTrainer, { courseId, memberIds: [worker.memberId, outsider.memberId] });
    expect(r1).toEqual({ ok: true, value: { added: 1, skipped: 1 } });
    expect(await assignCourse(h.db, teamTrainer, { courseId, memberIds: [worker.memberId] })).toEqual({ ok: true, value: { added: 0, skipped: 0 } });
    expect(await assignCourse(h.db, trainer, { courseId, memberIds: [outsider.memberId] })).toEqual({ ok: true, value: { added: 1, skipped: 0 } });
    expect(await lessonMediaFor(h.db, outsider, lessonId)).not.toBeNull();
  });

  it("reports completion per unit and who has not started", async () => {
    const rep = await report(courseCompletionReport(h.db, trainer, courseId));
    const w2 = rep.units.find((u) => u.unitPath === worker.orgPath)!;
    expect(w2.completed).toBeGreaterThanOrEqual(1);
    expect(rep.notStarted.some((m) => m.memberId === worker.memberId)).toBe(false);
    expect(rep.notStarted.some((m) => m.memberId === outsider.memberId)).toBe(true);
    expect(rep.totals.members).toBe(rep.units.reduce((s, u) => s + u.members, 0));
    expect(rep.totals.members).toBeGreaterThan(rep.totals.started);
    // A scope of one team leaves the outsider out.
    const teamTrainer = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T09" }]);
    const scoped = await report(courseCompletionReport(h.db, teamTrainer, courseId));
    expect(scoped.notStarted.some((m) => m.memberId === outsider.memberId)).toBe(false);
    const lr = await report(lessonCompletionReport(h.db, trainer, lessonId));
    expect(lr.totals.completed).toBe(1);
  });

  it("resumes where playback stopped", async () => {
    const v = await openLesson(h.db, worker, lessonId);
    expect(v).toMatchObject({ lastPositionS: 100, watchedS: 100, completed: true });
  });
});
