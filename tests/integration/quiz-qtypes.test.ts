/**
 * Matching, ordering, cloze and numerical partial credit through a whole attempt: stored, drawn
 * (ordering never in its right order, matching choices shuffled), answered from the worker's
 * view, saved, submitted, graded as Moodle grades them, and counted in the item statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import { getAttemptView, saveAnswers, startAttempt, submitAttempt } from "@/lib/quiz/attempts";
import { getQuizStats } from "@/lib/quiz/stats";
import type { PublicQuestion, Question } from "@/lib/quiz/types";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, publishedQuiz } from "../helpers/quiz";

const meta = { difficulty: 3 as const, points: 3, category: ["安全"], tags: [], explanation: "" };
const QUESTIONS: Question[] = [
  {
    ...meta,
    type: "matching",
    stem: "Q0 把设备和用途连起来",
    items: [
      { id: "i1", text: "驴头" },
      { id: "i2", text: "减速箱" },
      { id: "i3", text: "刹车" },
    ],
    choices: [
      { id: "c1", text: "带动光杆" },
      { id: "c2", text: "减速增扭" },
      { id: "c3", text: "停机制动" },
      { id: "c4", text: "计量" },
    ],
    key: { pairs: { i1: "c1", i2: "c2", i3: "c3" } },
  },
  {
    ...meta,
    type: "ordering",
    stem: "Q1 启泵的顺序",
    items: [
      { id: "s1", text: "检查" },
      { id: "s2", text: "盘泵" },
      { id: "s3", text: "启动" },
      { id: "s4", text: "调节" },
    ],
    scoring: "relative",
    key: { order: ["s1", "s2", "s3", "s4"] },
  },
  {
    ...meta,
    type: "cloze",
    stem: "Q2 硫化氢（　）色，密度比空气（　），报警值（　）ppm",
    gaps: [
      { kind: "short", weight: 1 },
      {
        kind: "choice",
        weight: 1,
        options: [
          { id: "big", text: "大" },
          { id: "small", text: "小" },
        ],
      },
      { kind: "numeric", weight: 1 },
    ],
    key: {
      gaps: [
        { kind: "short", answers: ["无"], fractions: [1] },
        { kind: "choice", fractions: { big: 1, small: 0 } },
        { kind: "numeric", answers: [{ value: 10, tolerance: { kind: "absolute", value: 0 }, fraction: 1 }] },
      ],
    },
  },
  {
    ...meta,
    type: "numeric",
    stem: "Q3 水的沸点（℉）",
    unit: "",
    key: {
      value: 212,
      tolerance: { kind: "absolute", value: 0 },
      answers: [
        { value: 212, tolerance: { kind: "absolute", value: 0 }, fraction: 1 },
        { value: 212, tolerance: { kind: "absolute", value: 10 }, fraction: 0.5 },
      ],
    },
  },
];

/**
 * From the worker's view: matching two of three right (2/3 → 2 points of 3); ordering with the
 * last item first (RELATIVE_TO_CORRECT 6/12 → 1.5); cloze two gaps of three (2 points); 205 for
 * 212 (the 50 % answer → 1.5). Total 7 of 12.
 */
function responseFor(q: PublicQuestion): unknown {
  switch (q.type) {
    case "matching": {
      const id = (text: string) => q.choices.find((c) => c.text === text)!.id;
      return { type: "matching", pairs: { i1: id("带动光杆"), i2: id("减速增扭"), i3: id("计量") } };
    }
    case "ordering":
      return { type: "ordering", order: ["s4", "s1", "s2", "s3"] };
    case "cloze":
      return { type: "cloze", gaps: ["无", "small", "10"] };
    case "numeric":
      return { type: "numeric", value: "205" };
    default:
      throw new Error(q.type);
  }
}

async function take(db: Db, quizId: number, memberId: number) {
  const s = await startAttempt(db, { quizId, memberId });
  if (!s.ok) throw new Error(s.code);
  const view = await getAttemptView(db, s.value.attemptId, memberId);
  if (!view.ok) throw new Error(view.code);
  const questions = view.value.questions.map((x) => x.question);
  const answers = view.value.questions.map(({ position, question }, i) => ({ position, response: responseFor(question), seq: i + 1 }));
  const saved = await saveAnswers(db, { attemptId: s.value.attemptId, memberId, answers });
  if (!saved.ok) throw new Error(saved.code);
  return { questions, submitted: await submitAttempt(db, { attemptId: s.value.attemptId, memberId }) };
}

describe.each(drivers())("matching, ordering and cloze through an attempt on %s", (driver) => {
  let h: DbHandle;
  let quizId: number;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    // Options not shuffled by the quiz: ordering and matching are shuffled all the same.
    quizId = (await publishedQuiz(h.db, { questions: QUESTIONS, settings: { shuffleOptions: false } })).quizId;
  });
  afterAll(async () => h?.close());

  it("shows no key, saves, submits and grades as Moodle does, and the statistics count it", async () => {
    const { questions, submitted } = await take(h.db, quizId, await memberIdOf(h.db, "900004"));
    const ordering = questions.find((q) => q.type === "ordering");
    expect(ordering?.type === "ordering" && ordering.items.map((i) => i.id)).not.toEqual(["s1", "s2", "s3", "s4"]);
    expect(JSON.stringify(questions)).not.toMatch(/"key"|"pairs"|"fractions"|"answers"/);
    if (!submitted.ok) throw new Error(submitted.code);
    expect(submitted.value.score).toBe(7);

    const stats = await getQuizStats(h.db, { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] }, quizId);
    const items = stats!.items.map((i) => [i.stem.slice(0, 2), i.responses, i.facility]).sort();
    expect(items).toEqual([
      ["Q0", 1, 66.67],
      ["Q1", 1, 50],
      ["Q2", 1, 66.67],
      ["Q3", 1, 50],
    ]);
  });

  it("refuses a saved answer that names an item the question lacks, and changes nothing", async () => {
    const memberId = await memberIdOf(h.db, "900004");
    const s = await startAttempt(h.db, { quizId, memberId });
    if (!s.ok) throw new Error(s.code);
    const view = await getAttemptView(h.db, s.value.attemptId, memberId);
    if (!view.ok) throw new Error(view.code);
    const ordering = view.value.questions.find((x) => x.question.type === "ordering")!;
    const r = await saveAnswers(h.db, {
      attemptId: s.value.attemptId,
      memberId,
      answers: [{ position: ordering.position, response: { type: "ordering", order: ["s1", "s2", "s3", "zz"] }, seq: 1 }],
    });
    expect(r.ok).toBe(false);
  });
});
