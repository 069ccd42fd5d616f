/**
 * A 案例分析 with two short-answer parts, on both drivers: each essay part is graded on its own
 * (its own score, checked against its own points, in the trainer's scope); the attempt and the
 * result of record wait until the last one is graded, then the group's score is exact; the review
 * shows each part's score and feedback; the part statistics count each essay part once graded.
 * And migration 0040: a group graded before (its one essay part's score in manual_score) keeps
 * its score as that part's grade.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attemptAnswers, attempts, orgUnits, quizResults } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { getAttemptReview } from "@/lib/quiz/attempts";
import { gradeAttempt } from "@/lib/quiz/attempts/finish";
import { getGradingItem, gradingQueue, saveManualGrade } from "@/lib/quiz/admin";
import { getItemStats } from "@/lib/quiz/stats-items";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { essayGroup, twoEssayGroup, takeOneQuestion } from "../helpers/essay-group";
import { memberIdOf, principalOf, publishedQuiz } from "../helpers/quiz";
import { first } from "../helpers/rows";

const TWO = twoEssayGroup("E3 某注水井油压升高，注水量下降三成。", ["案例两问"]);
const ONE = essayGroup("E4 旧的案例：一个简答小题。", ["案例两问"]);
const answer = (p3: string, p4: string) => ({
  type: "group",
  parts: {
    p1: { type: "truefalse", value: true },
    p2: { type: "numeric", value: "30" },
    ...(p3 ? { p3: { type: "essay", text: p3 } } : {}),
    ...(p4 ? { p4: { type: "essay", text: p4 } } : {}),
  },
});
const LATER = new Date(Date.now() + 400 * 24 * 3600_000);

describe.each(drivers())("案例分析 with two essay parts on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let scoped: Principal;
  let worker: number;
  let quizId: number;
  let oneQuizId: number;

  const take = (quiz: number, memberId: number, response: unknown) => takeOneQuestion(h.db, quiz, memberId, response);
  const answerRow = async (attemptId: number, position: number) =>
    first(
      await h.db
        .select()
        .from(attemptAnswers)
        .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.position, position))),
      "answer",
    );
  const resultOf = async (quiz: number) =>
    first(
      await h.db
        .select()
        .from(quizResults)
        .where(and(eq(quizResults.quizId, quiz), eq(quizResults.memberId, worker))),
      "result",
    );

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    area = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    const t08 = first(await h.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T08")), "T08");
    scoped = { ...area, roles: [{ role: "trainer", scopePath: t08.path }] };
    worker = await memberIdOf(h.db, "900004");
    ({ quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [TWO] }));
    ({ quizId: oneQuizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [ONE] }));
  });
  afterAll(async () => h?.close());

  it("grades each essay part on its own and completes the group with the last one", async () => {
    const { attemptId, position } = await take(quizId, worker, answer("先查地面管线，再洗井。", "关井泄压后作业。"));
    expect(first(await h.db.select().from(attempts).where(eq(attempts.id, attemptId)), "attempt")).toMatchObject({ needsGrading: true, score: 2, maxScore: 8 });
    expect(await resultOf(quizId)).toMatchObject({ pendingGrading: true, score: 2 });

    // One row in the queue: the group, scored on its essay parts' 4 + 2 points.
    const queue = await gradingQueue(h.db, area, { quiz: quizId, show: "pending" });
    expect(queue.rows).toEqual([expect.objectContaining({ attemptId, position, points: 6, manualScore: null })]);
    // The first part waiting is shown, and the next one is the same group's other essay part.
    const item = await getGradingItem(h.db, area, attemptId, position);
    expect(item).toMatchObject({
      group: { part: 3 },
      points: 4,
      text: "先查地面管线，再洗井。",
      essayParts: [
        { part: 3, points: 4, manualScore: null },
        { part: 4, points: 2, manualScore: null },
      ],
      next: { attemptId, position, part: 4 },
    });
    expect(await getGradingItem(h.db, area, attemptId, position, 4)).toMatchObject({
      group: { part: 4 },
      points: 2,
      reference: "关井、泄压。",
      text: "关井泄压后作业。",
    });
    // Not an essay part, or no such part: nothing to grade.
    expect(await getGradingItem(h.db, area, attemptId, position, 1)).toBeNull();
    expect(await getGradingItem(h.db, area, attemptId, position, 9)).toBeNull();

    // Refused, nothing changed: part 4's score beyond its own 2 points, no part named, a part that is no essay, a trainer out of scope.
    expect(await saveManualGrade(h.db, area, { attemptId, position, part: 4, score: 3, feedback: "" })).toMatchObject({
      ok: false,
      code: "quiz.grade.badManualScore",
      params: { max: 2 },
    });
    expect(await saveManualGrade(h.db, area, { attemptId, position, score: 1, feedback: "" })).toMatchObject({ ok: false, code: "errors.notFound" });
    expect(await saveManualGrade(h.db, area, { attemptId, position, part: 2, score: 1, feedback: "" })).toMatchObject({ ok: false, code: "errors.notFound" });
    expect(await saveManualGrade(h.db, scoped, { attemptId, position, part: 3, score: 1, feedback: "" })).toMatchObject({ ok: false, code: "errors.notFound" });
    expect(await answerRow(attemptId, position)).toMatchObject({ manualScore: null, partGrades: null, gradedBy: null });

    // Part 3 graded: still waiting for part 4, with what is graded so far.
    const half = await saveManualGrade(h.db, area, { attemptId, position, part: 3, score: 3, feedback: "缺酸化。" });
    expect(half).toMatchObject({ ok: true, value: { score: 5, max: 8, pending: true } });
    expect(await answerRow(attemptId, position)).toMatchObject({ manualScore: null, autoScore: null, partGrades: { p3: { score: 3, feedback: "缺酸化。" } } });
    expect(await resultOf(quizId)).toMatchObject({ pendingGrading: true });
    expect((await gradingQueue(h.db, area, { quiz: quizId, show: "pending" })).total).toBe(1);
    expect(await getGradingItem(h.db, area, attemptId, position)).toMatchObject({ group: { part: 4 }, manualScore: null, next: null });
    expect(await getGradingItem(h.db, area, attemptId, position, 3)).toMatchObject({ manualScore: 3, feedback: "缺酸化。" });

    // Part 4 graded: the group is done, the result of record recomputed.
    const done = await saveManualGrade(h.db, area, { attemptId, position, part: 4, score: 1.5, feedback: "注意泄压。" });
    expect(done).toMatchObject({ ok: true, value: { score: 6.5, max: 8, pending: false } });
    expect(await answerRow(attemptId, position)).toMatchObject({ manualScore: 4.5, autoScore: 6.5 });
    expect(await resultOf(quizId)).toMatchObject({ pendingGrading: false, score: 6.5, maxScore: 8 });
    expect((await gradingQueue(h.db, area, { quiz: quizId, show: "graded" })).rows[0]).toMatchObject({ attemptId, manualScore: 4.5, points: 6 });

    const review = await getAttemptReview(h.db, attemptId, worker, LATER);
    if (!review.ok) throw new Error(review.code);
    const reviewed = first(review.value.items, "item");
    expect(reviewed).toMatchObject({
      correct: "partial",
      score: 6.5,
      parts: ["right", "right", "partial", "partial"],
      feedback: "(3) 缺酸化。\n(4) 注意泄压。",
    });
    expect(reviewed.partScores).toEqual([1, 1, 3, 1.5]);

    const stats = await getItemStats(h.db, area, quizId);
    expect(first(stats.items, "item").parts?.filter((p) => p.type === "essay")).toEqual([
      expect.objectContaining({ responses: 1, meanScore: 3, max: 4 }),
      expect.objectContaining({ responses: 1, meanScore: 1.5, max: 2 }),
    ]);

    // A part graded again: the group's score follows.
    expect(await saveManualGrade(h.db, area, { attemptId, position, part: 3, score: 4, feedback: "" })).toMatchObject({
      ok: true,
      value: { score: 7.5, pending: false },
    });
    expect(await answerRow(attemptId, position)).toMatchObject({ manualScore: 5.5, feedback: "(4) 注意泄压。" });
  });

  it("needs only the written essay part graded when the other is left blank", async () => {
    const { attemptId, position } = await take(quizId, worker, answer("", "关井。"));
    expect(await getGradingItem(h.db, area, attemptId, position)).toMatchObject({ group: { part: 4 }, essayParts: [{ part: 4 }] });
    // The only written essay part may go unnamed.
    expect(await saveManualGrade(h.db, area, { attemptId, position, score: 2, feedback: "" })).toMatchObject({
      ok: true,
      value: { score: 4, max: 8, pending: false },
    });
    expect(await answerRow(attemptId, position)).toMatchObject({ manualScore: 2, partGrades: { p4: { score: 2, feedback: null } } });
  });

  it("migration 0040 keeps an old grade: the one essay part's score moves into part_grades", async () => {
    const { attemptId, position } = await take(oneQuizId, worker, answer("先查管线。", ""));
    // A row as graded before 0040: the part's score and feedback on the row only.
    await h.db
      .update(attemptAnswers)
      .set({ manualScore: 2.5, feedback: "旧评语", partGrades: null })
      .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.position, position)));
    const statements = readFileSync("db/migrations/0040_group_part_grades.sql", "utf8").split("--> statement-breakpoint").slice(1);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) await h.db.execute(sql.raw(s));
    expect(await answerRow(attemptId, position)).toMatchObject({ manualScore: 2.5, partGrades: { p3: { score: 2.5, feedback: "旧评语" } } });
    // Graded again from the rows, the group keeps its score: 2 automatic + 2.5.
    expect(await gradeAttempt(h.db, attemptId)).toEqual({ score: 4.5, max: 6, pending: false });
    // Ungraded and non-group rows are left as they were.
    const { attemptId: other, position: p2 } = await take(oneQuizId, worker, answer("再答一次。", ""));
    for (const s of statements) await h.db.execute(sql.raw(s));
    expect(await answerRow(other, p2)).toMatchObject({ manualScore: null, partGrades: null });
  });
});
