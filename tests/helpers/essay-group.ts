import type { GroupQuestion } from "@/lib/quiz/types";

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
