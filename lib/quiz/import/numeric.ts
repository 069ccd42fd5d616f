import type { NumericAnswer, Tolerance } from "../types";

export type NumericKey = { value: number; tolerance: Tolerance; answers?: NumericAnswer[] };

/**
 * A numeric key from Moodle's list of numerical answers (worth more than 0, in file order):
 * the first answer worth 100 % is the one shown as the answer; the whole list is kept as
 * `answers` unless it is just that one answer. Null when no answer is worth 100 %.
 */
export function numericKeyOf(answers: readonly NumericAnswer[]): NumericKey | null {
  const full = answers.find((a) => a.fraction === 1);
  if (!full) return null;
  const base = { value: full.value, tolerance: full.tolerance };
  return answers.length === 1 ? base : { ...base, answers: [...answers] };
}
