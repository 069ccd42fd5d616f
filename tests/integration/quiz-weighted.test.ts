/**
 * Questions with Moodle's per-answer grades through a whole attempt: stored, drawn, answered,
 * graded as Moodle grades them, and counted in the item statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import { getAttemptView, saveAnswers, startAttempt, submitAttempt } from "@/lib/quiz/attempts";
import { getQuizStats } from "@/lib/quiz/stats";
import type { Question } from "@/lib/quiz/types";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, publishedQuiz } from "../helpers/quiz";

const meta = { difficulty: 3 as const, points: 2, category: ["安全"], tags: [], explanation: "" };
const QUESTIONS: Question[] = [
  {
    ...meta,
    type: "multiple",
    stem: "W0 安全标志中表示禁止的颜色",
    scoring: "partial",
    penalty: 0.3333333,
    options: [
      { id: "red", text: "红色" },
      { id: "yellow", text: "黄色" },
      { id: "blue", text: "蓝色" },
    ],
    key: { correct: ["red"], fractions: { red: 1, yellow: -0.5, blue: -0.5 } },
  },
  {
    ...meta,
    type: "single",
    stem: "W1 最可能的原因",
    options: [
      { id: "a", text: "回压高" },
      { id: "b", text: "油嘴堵" },
      { id: "c", text: "井口漏" },
    ],
    key: { correct: "a", fractions: { a: 1, b: 0.5, c: 0 } },
  },
  { ...meta, type: "fill", stem: "W2 冲程的单位", key: { blanks: [["米", "厘米"]], fractions: [[1, 0.5]] } },
];
/** Moodle: red + yellow = 100 % − 50 % = 0.5 × 2; the 50 % option = 1; the 50 % answer = 1. */
const RESPONSES = [
  { type: "multiple", optionIds: ["red", "yellow"] },
  { type: "single", optionId: "b" },
  { type: "fill", blanks: ["厘米"] },
];

async function take(db: Db, quizId: number, memberId: number) {
  const s = await startAttempt(db, { quizId, memberId });
  if (!s.ok) throw new Error(s.code);
  const view = await getAttemptView(db, s.value.attemptId, memberId);
  if (!view.ok) throw new Error(view.code);
  const answers = view.value.questions.map(({ position, question }, i) => ({ position, response: RESPONSES[Number(question.stem.slice(1, 2))], seq: i + 1 }));
  const saved = await saveAnswers(db, { attemptId: s.value.attemptId, memberId, answers });
  if (!saved.ok) throw new Error(saved.code);
  return submitAttempt(db, { attemptId: s.value.attemptId, memberId });
}

describe.each(drivers())("weighted answers through an attempt on %s", (driver) => {
  let h: DbHandle;
  let quizId: number;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    quizId = (await publishedQuiz(h.db, { questions: QUESTIONS, settings: { shuffleOptions: true } })).quizId;
  });
  afterAll(async () => h?.close());

  it("scores as Moodle does, and the statistics count it", async () => {
    const r = await take(h.db, quizId, await memberIdOf(h.db, "900004"));
    if (!r.ok) throw new Error(r.code);
    // The ±1/C rule would have given 0 for red + yellow and 0 for the 50 % option.
    expect(r.value.score).toBe(3);

    const stats = await getQuizStats(h.db, { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] }, quizId);
    const items = stats!.items.map((i) => [i.stem.slice(0, 2), i.responses, i.facility]);
    expect(items).toEqual([
      ["W0", 1, 50],
      ["W1", 1, 50],
      ["W2", 1, 50],
    ]);
  });
});
