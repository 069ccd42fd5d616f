import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { courseCompletions } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { markAttendance } from "@/lib/classes/checkin";
import { submitAttempt } from "@/lib/quiz/attempts";
import { createCourse, setCourseItems, setCourseStatus } from "@/lib/video/course-edit";
import type { Principal } from "@/lib/auth/permissions";
import { createTestDb, drivers } from "../helpers/db";
import { attemptAnsweringA, memberIdOf, principalOf, publishedQuiz, sampleQuestions } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * A course whose last required item is a quiz or a class is complete the moment the quiz is
 * passed or the class attended, without the member opening their course list: the roster and the
 * points read course_completions.
 */
describe.each(drivers())("course completion from other domains on %s", (driver) => {
  let h: DbHandle;
  let worker: number;
  let author: Principal;
  /** A published course of the one required item. */
  async function courseOf(title: string, item: { kind: "quiz" | "class"; refId: number }): Promise<number> {
    const made = await createCourse(h.db, author, { title, specialty: "", description: "" });
    if (!made.ok) throw new Error(made.code);
    expect(await setCourseItems(h.db, author, made.value, [{ ...item, required: true }])).toMatchObject({ ok: true });
    expect(await setCourseStatus(h.db, author, made.value, "published")).toMatchObject({ ok: true });
    return made.value;
  }
  const completed = async (courseId: number) =>
    (
      await h.db
        .select()
        .from(courseCompletions)
        .where(and(eq(courseCompletions.courseId, courseId), eq(courseCompletions.memberId, worker)))
    ).length;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    worker = await memberIdOf(h.db, "900004");
    author = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
  });
  afterAll(async () => h?.close());

  it("stamps the course when the quiz in it is passed on submit", async () => {
    const { quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [first(sampleQuestions())] });
    const courseId = await courseOf("考试课程", { kind: "quiz", refId: quizId });

    const attemptId = await attemptAnsweringA(h.db, quizId, worker);
    expect(await completed(courseId)).toBe(0);
    expect(await submitAttempt(h.db, { attemptId, memberId: worker })).toMatchObject({ ok: true });
    expect(await completed(courseId)).toBe(1);
  });

  it("stamps the course when the instructor marks the member present", async () => {
    const instructor = await memberIdOf(h.db, "900003");
    const cls = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`INSERT INTO classes (title, series, instructor_member_id, capacity, status) VALUES ('技师课堂：电机保养', 'technician', ${instructor}, 20, 'published') RETURNING id`,
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
    await h.db.execute(sql`INSERT INTO class_enrolments (class_id, member_id, status) VALUES (${cls.id}, ${worker}, 'enrolled')`);
    const courseId = await courseOf("课堂课程", { kind: "class", refId: Number(cls.id) });
    expect(await completed(courseId)).toBe(0);
    const trainer = { userId: 0, memberId: instructor, roles: [{ role: "trainer" as const, scopePath: null }] };
    expect(await markAttendance(h.db, trainer, { sessionId: Number(sess.id), memberId: worker, present: true })).toMatchObject({ ok: true });
    expect(await completed(courseId)).toBe(1);
  });
});
