/**
 * A 案例分析 ending with a short-answer part, on both drivers: answered and submitted, the attempt
 * and the result of record wait for grading with the automatic parts counted; the grading queue
 * lists the group's essay part with its material; the trainer's score on the part's points
 * completes the group and the result; a trainer out of scope and a bad score are refused with
 * nothing changed; the review shows each part's mark and score; the per-part statistics count the
 * essay part once graded; practice leaves the part out of right and wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attemptAnswers, attempts, orgUnits, questionCategories, quizResults } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { openForPractice } from "@/lib/practice/openings";
import { answerQuestion, getFeedback, nextQuestion } from "@/lib/practice/practice";
import { getAttemptReview } from "@/lib/quiz/attempts";
import { getGradingItem, gradingQueue, saveManualGrade } from "@/lib/quiz/admin";
import { createQuestion } from "@/lib/quiz/bank";
import { getItemStats } from "@/lib/quiz/stats-items";
import type { GroupQuestion } from "@/lib/quiz/types";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { essayGroup, takeOneQuestion } from "../helpers/essay-group";
import { memberIdOf, principalOf, publishedQuiz } from "../helpers/quiz";
import { first } from "../helpers/rows";

const GROUP = essayGroup("E1 某注水井油压由 12 MPa 升至 15 MPa，注水量下降三成。", ["案例简答"]);
const TEXT = "先查地面管线，再洗井，必要时酸化。";
const answer = (tf: boolean, essay: string) => ({
  type: "group",
  parts: { p1: { type: "truefalse", value: tf }, p2: { type: "numeric", value: "30" }, ...(essay ? { p3: { type: "essay", text: essay } } : {}) },
});
const LATER = new Date(Date.now() + 400 * 24 * 3600_000);

describe.each(drivers())("案例分析 with an essay part on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let scoped: Principal;
  let t09Worker: number;
  let t08Worker: number;
  let quizId: number;

  // Saved twice, as an autosave would: the later one stands.
  const take = (memberId: number, response: unknown) => takeOneQuestion(h.db, quizId, memberId, answer(false, "草稿"), response);
  const answerRow = async (attemptId: number, position: number) =>
    (
      await h.db
        .select()
        .from(attemptAnswers)
        .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.position, position)))
    )[0];
  const resultOf = async (memberId: number) =>
    (
      await h.db
        .select()
        .from(quizResults)
        .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, memberId)))
    )[0];

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    area = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    const t09 = first(await h.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T09")), "T09");
    scoped = { ...area, roles: [{ role: "trainer", scopePath: t09.path }] };
    t09Worker = await memberIdOf(h.db, "900004");
    t08Worker = await memberIdOf(h.db, "100001");
    ({ quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [GROUP] }));
  });
  afterAll(async () => h?.close());

  it("waits for grading after submit, lists the essay part with its material, and the trainer's score completes the group", async () => {
    const { attemptId, position } = await take(t09Worker, answer(true, TEXT));
    const [a] = await h.db.select().from(attempts).where(eq(attempts.id, attemptId));
    expect(a).toMatchObject({ needsGrading: true, score: 2, maxScore: 6 });
    expect(await resultOf(t09Worker)).toMatchObject({ pendingGrading: true, score: 2 });
    const row = await answerRow(attemptId, position);
    expect(row).toMatchObject({ autoScore: null, manualScore: null });

    const receipt = await getAttemptReview(h.db, attemptId, t09Worker);
    // The receipt's score so far: the group's automatic parts, 2 of 2.
    expect(receipt.ok && receipt.value.receipt).toMatchObject({ pending: 1, autoScore: 2, autoMax: 2 });

    const queue = await gradingQueue(h.db, area, { quiz: quizId, show: "pending" });
    expect(queue.rows).toEqual([expect.objectContaining({ attemptId, position, points: 4, manualScore: null })]);
    const item = await getGradingItem(h.db, area, attemptId, position);
    expect(item).toMatchObject({
      group: { material: GROUP.stem, part: 3 },
      stem: "简述处理步骤。",
      reference: "查管线、洗井、酸化。",
      text: TEXT,
      points: 4,
      slotPoints: 4,
    });
    // Before the grade the part statistics leave the essay part out.
    const before = await getItemStats(h.db, area, quizId);
    expect(first(before.items, "item").parts?.map((p) => [p.type, p.responses])).toEqual([
      ["truefalse", 1],
      ["numeric", 1],
      ["essay", 0],
    ]);

    // A score beyond the part's points (the group's 6 included) or with three decimals: refused, nothing changed.
    for (const score of [4.5, 6, -1, 1.234]) {
      expect(await saveManualGrade(h.db, area, { attemptId, position, score, feedback: "" })).toMatchObject({ ok: false, code: "quiz.grade.badManualScore" });
    }
    expect(await resultOf(t09Worker)).toMatchObject({ pendingGrading: true, score: 2 });

    const graded = await saveManualGrade(h.db, area, { attemptId, position, score: 3.5, feedback: "步骤齐全，缺酸化条件。" });
    expect(graded).toMatchObject({ ok: true, value: { score: 5.5, max: 6, pending: false } });
    expect(await resultOf(t09Worker)).toMatchObject({ pendingGrading: false, score: 5.5, maxScore: 6, percent: 91.67 });
    const after = await answerRow(attemptId, position);
    expect(after).toMatchObject({ autoScore: 5.5, manualScore: 3.5 });
    expect((await gradingQueue(h.db, area, { quiz: quizId, show: "pending" })).total).toBe(0);
    expect((await gradingQueue(h.db, area, { quiz: quizId, show: "graded" })).rows[0]).toMatchObject({ attemptId, manualScore: 3.5, points: 4 });

    // The review: each part's mark and score, the essay part's the trainer's.
    const review = await getAttemptReview(h.db, attemptId, t09Worker, LATER);
    if (!review.ok) throw new Error(review.code);
    const reviewed = first(review.value.items, "item");
    expect(reviewed).toMatchObject({ correct: "partial", score: 5.5, parts: ["right", "right", "partial"], feedback: "步骤齐全，缺酸化条件。" });
    expect(reviewed.partScores).toEqual([1, 1, 3.5]);

    const stats = await getItemStats(h.db, area, quizId);
    expect(first(stats.items, "item").parts?.find((p) => p.type === "essay")).toMatchObject({ responses: 1, right: 0, meanScore: 3.5, max: 4 });
  });

  it("refuses a trainer out of scope (nothing changed), and needs no grader when the essay part is left blank", async () => {
    const { attemptId, position } = await take(t08Worker, answer(true, TEXT));
    expect(await getGradingItem(h.db, scoped, attemptId, position)).toBeNull();
    expect((await gradingQueue(h.db, scoped, { quiz: quizId, show: "pending" })).total).toBe(0);
    expect(await saveManualGrade(h.db, scoped, { attemptId, position, score: 4, feedback: "" })).toMatchObject({ ok: false, code: "errors.notFound" });
    expect(await resultOf(t08Worker)).toMatchObject({ pendingGrading: true, score: 2 });
    const row = await answerRow(attemptId, position);
    expect(row).toMatchObject({ manualScore: null, gradedBy: null });
    expect((await gradingQueue(h.db, area, { quiz: quizId, show: "pending" })).rows.map((r) => r.attemptId)).toEqual([attemptId]);

    // Blank essay part: graded at once (the part wrong), not in the queue, and a manual score is refused.
    const blank = await take(t09Worker, answer(true, ""));
    const [b] = await h.db.select().from(attempts).where(eq(attempts.id, blank.attemptId));
    expect(b).toMatchObject({ needsGrading: false, score: 2 });
    expect(await getGradingItem(h.db, area, blank.attemptId, blank.position)).toBeNull();
    expect(await saveManualGrade(h.db, area, { ...blank, score: 1, feedback: "" })).toMatchObject({ ok: false, code: "errors.notFound" });
  });

  it("in practice, shows the model answer and counts the essay part neither right nor wrong", async () => {
    // A bank question of its own (the quiz's is not opened to practice).
    const made = await createQuestion(h.db, area, { ...GROUP, stem: "E2 练习用材料。", category: ["案例简答练习"] });
    if (!made.ok) throw new Error(made.code);
    const categoryId = first(await h.db.select().from(questionCategories).where(eq(questionCategories.name, "案例简答练习")), "category").id;
    const t09 = first(await h.db.select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const opened = await openForPractice(h.db, area, { categoryId, orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false });
    if (!opened.ok) throw new Error(opened.code);
    const worker = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const served = await nextQuestion(h.db, worker, { mode: "category", categoryId });
    if (!served.ok || !served.value) throw new Error("nothing served");
    expect(served.value.questionId).toBe(made.value.questionId);
    const r = await answerQuestion(h.db, worker, { questionId: served.value.questionId, mode: "category", categoryId, response: answer(true, TEXT) }, LATER);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.right).toBe(true);
    const f = await getFeedback(h.db, worker, r.value.answerId);
    if (!f.ok) throw new Error(f.code);
    expect(f.value).toMatchObject({ right: true, parts: ["right", "right", "pending"] });
    expect((f.value.key as GroupQuestion["key"]).parts[2]).toEqual({ reference: "查管线、洗井、酸化。" });
  });
});
