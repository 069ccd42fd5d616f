/**
 * 案例分析 groups in practice and the 错题本 on both drivers: served by practice without any part's
 * key, graded with a mark per part, put in the book when not fully right and taken out after N
 * right in a row; a quiz's wrong group booked once its review shows answers; carried offline with
 * its keys; and one statistics row per part with exact figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { orgUnits, questionCategories, wrongBook } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { offlinePack, syncOfflineAnswers } from "@/lib/practice/offline";
import { openForPractice } from "@/lib/practice/openings";
import { answerQuestion, getFeedback, masteryStreak, nextQuestion } from "@/lib/practice/practice";
import { getAttemptReview, getAttemptView, startAttempt, submitAttempt } from "@/lib/quiz/attempts";
import { createQuestion } from "@/lib/quiz/bank";
import { getItemStats } from "@/lib/quiz/stats-items";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { caseGroup, memberIn, principalOf, publishedQuiz } from "../helpers/quiz";
import { first } from "../helpers/rows";

const DAY = new Date("2026-11-20T02:00:00Z");

const EXPLAINED = "解析：地层堵塞应酸化解堵。";
const group = (stem: string, category: string[]) => caseGroup(stem, category, EXPLAINED);

const answer = (p1: string, p2: string | null, p3: boolean) => ({
  type: "group",
  parts: {
    p1: { type: "single", optionId: p1 },
    ...(p2 === null ? {} : { p2: { type: "fill", blanks: [p2] } }),
    p3: { type: "truefalse", value: p3 },
  },
});
const ALL_RIGHT = answer("a", "酸化", false);

describe.each(drivers())("案例分析 in practice and the wrong-answer book on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let worker: Principal;
  let groupId: number;
  let categoryId: number;
  const db = () => h.db;
  const inBook = async (p: Principal, questionId: number) =>
    (
      await db()
        .select()
        .from(wrongBook)
        .where(and(eq(wrongBook.memberId, p.memberId), eq(wrongBook.questionId, questionId)))
    )[0];

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(db(), { members: 20 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    worker = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    const made = await createQuestion(db(), area, group("G1 某注水井注水压力升高，注水量下降。", ["案例练习"]));
    if (!made.ok) throw new Error(made.code);
    groupId = made.value.questionId;
    categoryId = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "案例练习")), "案例练习").id;
    const t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const opened = await openForPractice(db(), area, { categoryId, orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false });
    if (!opened.ok) throw new Error(opened.code);
  });
  afterAll(async () => h?.close());

  it("serves the group in order, random and category practice, with its material and parts and no part's key", async () => {
    for (const mode of ["order", "random", "category"] as const) {
      const r = await nextQuestion(db(), worker, { mode, categoryId });
      if (!r.ok || !r.value) throw new Error(`nothing served in ${mode}`);
      expect(r.value.questionId, mode).toBe(groupId);
      const q = r.value.question;
      expect(q.type).toBe("group");
      expect(q.stem).toContain("G1");
      expect(q.type === "group" && q.parts.map((p) => [p.id, p.type, p.stem])).toEqual([
        ["p1", "single", "可能的原因"],
        ["p2", "fill", "应进行（　）作业"],
        ["p3", "truefalse", "应提高泵压"],
      ]);
      expect(JSON.stringify(r.value)).not.toMatch(/"key"|"correct"|酸化|解析/);
    }
  });

  it("marks each part, shows the parts' keys and the explanation; a group not fully right goes in and leaves after N right in a row", async () => {
    const wrong = await answerQuestion(db(), worker, { questionId: groupId, mode: "category", categoryId, response: answer("a", "压裂", false) }, DAY);
    if (!wrong.ok) throw new Error(wrong.code);
    expect(wrong.value.right).toBe(false);
    const f = await getFeedback(db(), worker, wrong.value.answerId);
    if (!f.ok) throw new Error(f.code);
    expect(f.value).toMatchObject({ right: false, partial: true, parts: ["right", "wrong", "right"], inBook: true, streak: 0, explanation: EXPLAINED });
    expect(f.value.key).toEqual({ parts: [{ correct: "a" }, { blanks: [["酸化"]] }, { correct: false }] });
    expect(await inBook(worker, groupId)).toMatchObject({ source: "practice", streak: 0 });

    // A part the group lacks is a message, not an answer.
    const bad = await answerQuestion(
      db(),
      worker,
      { questionId: groupId, mode: "book", response: { type: "group", parts: { zz: { type: "truefalse", value: true } } } },
      DAY,
    );
    expect(bad).toMatchObject({ ok: false, kind: "badRequest" });

    const needed = masteryStreak();
    for (let i = 1; i <= needed; i++) {
      const next = await nextQuestion(db(), worker, { mode: "book" });
      expect(next.ok && next.value?.questionId).toBe(groupId);
      const r = await answerQuestion(db(), worker, { questionId: groupId, mode: "book", response: ALL_RIGHT }, DAY);
      if (!r.ok) throw new Error(r.code);
      expect(r.value.right).toBe(true);
      const fb = await getFeedback(db(), worker, r.value.answerId);
      expect(fb.ok && fb.value.parts).toEqual(["right", "right", "right"]);
      if (i < needed) expect(await inBook(worker, groupId)).toMatchObject({ streak: i });
    }
    expect(await inBook(worker, groupId)).toBeUndefined();
  });

  it("books a quiz's group not fully right once the review shows the answers", async () => {
    const quiz = await publishedQuiz(db(), {
      by: area,
      questions: [group("G2 某抽油机井示功图异常。", ["案例考试"])],
      settings: { reviewAfterSubmit: { score: true, correctness: true, answer: true, explanation: true } },
    });
    const quizGroup = quiz.questionIds[0]!;
    const s = await startAttempt(db(), { quizId: quiz.quizId, memberId: worker.memberId });
    if (!s.ok) throw new Error(s.code);
    const v = await getAttemptView(db(), s.value.attemptId, worker.memberId);
    if (!v.ok) throw new Error(v.code);
    const answers = [{ position: v.value.questions[0]!.position, response: answer("b", "酸化", false), seq: 1 }];
    const r = await submitAttempt(db(), { attemptId: s.value.attemptId, memberId: worker.memberId, answers });
    if (!r.ok) throw new Error(r.code);
    expect(await inBook(worker, quizGroup)).toBeUndefined();
    const review = await getAttemptReview(db(), s.value.attemptId, worker.memberId);
    if (!review.ok) throw new Error(review.code);
    expect(review.value.items[0]?.parts).toEqual(["wrong", "right", "right"]);
    expect(await inBook(worker, quizGroup)).toMatchObject({ source: "quiz", streak: 0 });
  });

  it("goes offline with its keys (a practice bank's keys are meant to be seen) and its answer syncs as online", async () => {
    const pack = await offlinePack(db(), worker, categoryId, DAY);
    if (!pack.ok) throw new Error(pack.code);
    const q = pack.value.questions.find((x) => x.questionId === groupId);
    expect(q?.question).toMatchObject({ type: "group", key: { parts: [{ correct: "a" }, { blanks: [["酸化"]] }, { correct: false }] } });
    const synced = await syncOfflineAnswers(
      db(),
      worker,
      [{ clientId: "00000000-0000-4000-8000-000000000071", questionId: groupId, response: answer("a", "酸化", true) }],
      DAY,
    );
    expect(synced).toEqual({ ok: true, value: [{ clientId: "00000000-0000-4000-8000-000000000071", outcome: "kept", right: false }] });
    expect(await inBook(worker, groupId)).toMatchObject({ source: "practice", streak: 0 });
  });

  it("gives one statistics row per part: how many got it fully right and its mean score", async () => {
    const quiz = await publishedQuiz(db(), { by: area, questions: [group("G3 某计量间来液含水突升。", ["案例统计"])] });
    const taken: number[] = [];
    // Three members: all right; (1) and (3) wrong; (2) unanswered and (3) wrong.
    for (const response of [ALL_RIGHT, answer("b", "酸化", true), answer("a", null, true)]) {
      const memberId = await memberIn(db(), "T09", taken);
      taken.push(memberId);
      const s = await startAttempt(db(), { quizId: quiz.quizId, memberId });
      if (!s.ok) throw new Error(s.code);
      const v = await getAttemptView(db(), s.value.attemptId, memberId);
      if (!v.ok) throw new Error(v.code);
      const r = await submitAttempt(db(), {
        attemptId: s.value.attemptId,
        memberId,
        answers: [{ position: v.value.questions[0]!.position, response, seq: 1 }],
      });
      if (!r.ok) throw new Error(r.code);
    }
    const stats = await getItemStats(db(), area, quiz.quizId);
    expect(stats.analysedAttempts).toBe(3);
    const [item] = stats.items;
    // The group: 4 + 1 + 2 of 3 × 4 points.
    expect(item).toMatchObject({ type: "group", responses: 3, facility: 58.33 });
    expect(item?.parts?.map((p) => [p.n, p.stem, p.responses, p.right, p.rightShare, p.meanScore, p.max])).toEqual([
      [1, "可能的原因", 3, 2, 66.67, 1.33, 2],
      [2, "应进行（　）作业", 3, 2, 66.67, 0.67, 1],
      [3, "应提高泵压", 3, 1, 33.33, 0.33, 1],
    ]);
  });
});
