import type { Db } from "@/db/client";
import { getAttemptView, saveAnswers, startAttempt, submitAttempt } from "@/lib/quiz/attempts";
import type { GroupQuestion } from "@/lib/quiz/types";
import { first } from "./rows";

/**
 * A 案例分析 ending with a short-answer part: a true/false part (1 point, key true), a numeric part
 * (1 point, 30 %) and an essay part (4 points, a model answer), 6 points in all.
 */
export function essayGroup(stem: string, category: string[], title?: string): GroupQuestion {
  return {
    type: "group",
    ...(title ? { title } : {}),
    stem,
    explanation: "",
    difficulty: 3,
    points: 6,
    category,
    tags: [],
    parts: [
      { id: "p1", type: "truefalse", stem: "应先检查地面管线是否堵塞。", points: 1 },
      { id: "p2", type: "numeric", stem: "注水量下降的百分数？", points: 1, unit: "%" },
      { id: "p3", type: "essay", stem: "简述处理步骤。", points: 4 },
    ],
    key: { parts: [{ correct: true }, { value: 30, tolerance: { kind: "absolute", value: 0 } }, { reference: "查管线、洗井、酸化。" }] },
  };
}

/** The same case with a second essay part (2 points, its own model answer): 8 points in all. */
export function twoEssayGroup(stem: string, category: string[], title?: string): GroupQuestion {
  const q = essayGroup(stem, category, title);
  return {
    ...q,
    points: 8,
    parts: [...q.parts, { id: "p4", type: "essay", stem: "如何保证作业安全？", points: 2 }],
    key: { parts: [...q.key.parts, { reference: "关井、泄压。" }] },
  };
}

/**
 * A worker takes a one-question quiz: starts it, saves `responses` to its question in turn (seq
 * 1, 2, … as autosaves would: the last stands) and submits. Where the answer landed.
 */
export async function takeOneQuestion(db: Db, quizId: number, memberId: number, ...responses: unknown[]): Promise<{ attemptId: number; position: number }> {
  const s = await startAttempt(db, { quizId, memberId });
  if (!s.ok) throw new Error(s.code);
  const view = await getAttemptView(db, s.value.attemptId, memberId);
  if (!view.ok) throw new Error(view.code);
  const position = first(view.value.questions, "question").position;
  for (const [i, response] of responses.entries()) {
    const saved = await saveAnswers(db, { attemptId: s.value.attemptId, memberId, answers: [{ position, response, seq: i + 1 }] });
    if (!saved.ok) throw new Error(saved.code);
  }
  const done = await submitAttempt(db, { attemptId: s.value.attemptId, memberId });
  if (!done.ok) throw new Error(done.code);
  return { attemptId: s.value.attemptId, position };
}
