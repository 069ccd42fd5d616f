/**
 * True/false reads the same wherever a worker or trainer meets it — the forms they answer in
 * (attempt, practice), the answers and keys shown, the bank and the item statistics — in both
 * languages (practice's form said 正确/错误 while answers said 对/错). The printed paper keeps its
 * own boxes (（　）对　（　）错) and the score sheet its T/F columns.
 */
import { describe, expect, it } from "vitest";
import { makeTranslator } from "@/lib/i18n";

const KEYS = [
  ["quizTake.attempt.true", "quizTake.attempt.false"],
  ["practice.go.true", "practice.go.false"],
  ["quizAdmin.question.true", "quizAdmin.question.false"],
  ["quizStats.items.true", "quizStats.items.false"],
] as const;

describe.each([
  ["zh-CN", "对", "错"],
  ["en", "True", "False"],
] as const)("true/false labels in %s", (locale, yes, no) => {
  it("are the same in every form, answer and statistic", () => {
    const t = makeTranslator(locale);
    for (const [a, b] of KEYS) expect([t(a), t(b)]).toEqual([yes, no]);
  });
});
