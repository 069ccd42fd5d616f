/**
 * 案例分析 through a whole attempt on both drivers: stored (the new enum value of migration
 * 0038), drawn as one question, shown without any part's key, answered part by part, refused
 * for a part it lacks, graded as the parts' sum, counted in the item statistics, and served in
 * practice (tests/integration/practice-group.test.ts follows it there).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { orgUnits, questionCategories } from "@/db/schema";
import { openForPractice } from "@/lib/practice/openings";
import { answerQuestion, nextQuestion } from "@/lib/practice/practice";
import { createQuestion } from "@/lib/quiz/bank";
import { seedDemo } from "@/scripts/demo";
import { getAttemptReview, getAttemptView, saveAnswers, startAttempt, submitAttempt } from "@/lib/quiz/attempts";
import { getQuizStats } from "@/lib/quiz/stats";
import { createTestDb, drivers } from "../helpers/db";
import { caseGroup, memberIdOf, principalOf, publishedQuiz, sampleOf } from "../helpers/quiz";

const GROUP = caseGroup("G0 某注水井注水压力升高，注水量下降。", ["注水"]);

describe.each(drivers())("a case analysis through an attempt on %s", (driver) => {
  let h: DbHandle;
  let quizId: number;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    quizId = (await publishedQuiz(h.db, { questions: [GROUP] })).quizId;
  });
  afterAll(async () => h?.close());

  it("shows no key, refuses a part it lacks, grades the parts' sum and counts in the statistics", async () => {
    const memberId = await memberIdOf(h.db, "900004");
    const s = await startAttempt(h.db, { quizId, memberId });
    if (!s.ok) throw new Error(s.code);
    const view = await getAttemptView(h.db, s.value.attemptId, memberId);
    if (!view.ok) throw new Error(view.code);
    const [q] = view.value.questions;
    expect(q?.question.type).toBe("group");
    expect(JSON.stringify(view.value.questions)).not.toMatch(/"key"|"correct"|酸化/);

    const bad = await saveAnswers(h.db, {
      attemptId: s.value.attemptId,
      memberId,
      answers: [{ position: q!.position, response: { type: "group", parts: { zz: { type: "truefalse", value: true } } }, seq: 1 }],
    });
    expect(bad.ok).toBe(false);

    const response = {
      type: "group",
      parts: { p1: { type: "single", optionId: "a" }, p2: { type: "fill", blanks: ["压裂"] }, p3: { type: "truefalse", value: false } },
    };
    const saved = await saveAnswers(h.db, { attemptId: s.value.attemptId, memberId, answers: [{ position: q!.position, response, seq: 2 }] });
    expect(saved.ok).toBe(true);
    const submitted = await submitAttempt(h.db, { attemptId: s.value.attemptId, memberId });
    if (!submitted.ok) throw new Error(submitted.code);
    expect(submitted.value.score).toBe(3);
    // The review marks each part when the quiz shows right and wrong (this quiz does not).
    const hidden = await getAttemptReview(h.db, s.value.attemptId, memberId);
    if (!hidden.ok) throw new Error(hidden.code);
    expect(hidden.value.items[0]?.parts).toBeUndefined();
    await h.db.execute(
      sql`UPDATE quizzes SET review_after_submit = ${JSON.stringify({ score: true, correctness: true, answer: false, explanation: false })}::jsonb WHERE id = ${quizId}`,
    );
    const shown = await getAttemptReview(h.db, s.value.attemptId, memberId);
    if (!shown.ok) throw new Error(shown.code);
    expect(shown.value.items[0]).toMatchObject({ correct: "partial", score: 3, parts: ["right", "wrong", "right"] });

    const stats = await getQuizStats(h.db, { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] }, quizId);
    expect(stats!.items.map((i) => [i.stem.slice(0, 2), i.responses, i.facility])).toEqual([["G0", 1, 75]]);
  });

  it("is served in practice with the single questions of its category once opened with the quiz's questions", async () => {
    const trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    const worker = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const single = await createQuestion(h.db, trainer, { ...sampleOf("single"), category: ["注水"], stem: "注水单选" });
    if (!single.ok) throw new Error(single.code);
    const [cat] = await h.db.select({ id: questionCategories.id }).from(questionCategories).where(eq(questionCategories.name, "注水"));
    const [t09] = await h.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09"));
    const opened = await openForPractice(h.db, trainer, { categoryId: cat!.id, orgUnitIds: [t09!.id], jobIds: [], includeQuizQuestions: true });
    if (!opened.ok) throw new Error(opened.code);
    // In order: the group (the older question) first, answered, then the single.
    const one = await nextQuestion(h.db, worker, { mode: "order" });
    expect(one.ok && one.value?.question.type).toBe("group");
    const response = {
      type: "group",
      parts: { p1: { type: "single", optionId: "a" }, p2: { type: "fill", blanks: ["酸化"] }, p3: { type: "truefalse", value: false } },
    };
    const r = await answerQuestion(h.db, worker, { questionId: one.ok ? one.value!.questionId : 0, mode: "order", response });
    expect(r).toMatchObject({ ok: true, value: { right: true } });
    const two = await nextQuestion(h.db, worker, { mode: "order" });
    expect(two.ok && two.value?.questionId).toBe(single.value.questionId);
  });
});
