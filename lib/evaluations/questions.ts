import { z } from "zod";
import { text } from "@/lib/core/text";

/**
 * The fixed post-training evaluation (柯氏 level 1): four questions, 1–5 stars each, and an
 * optional comment. The questions are data, not a form builder: their text is
 * `evaluations.questions.<key>` in lib/i18n (both languages). Changing the list changes what new
 * answers hold; stored answers keep their keys (an average skips a key an answer lacks).
 */
export const QUESTIONS = ["content", "delivery", "timing", "recommend"] as const;
export type QuestionKey = (typeof QUESTIONS)[number];

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;
export const COMMENT_MAX = 200;

export type TargetKind = "class" | "course";

const score = z.coerce
  .number({ message: "evaluations.errors.score" })
  .int("evaluations.errors.score")
  .min(MIN_SCORE, "evaluations.errors.score")
  .max(MAX_SCORE, "evaluations.errors.score");

/** One answer: every question scored 1–5, a comment of at most 200 characters (may be empty). */
export const answerInput = z.object({
  scores: z.object(Object.fromEntries(QUESTIONS.map((q) => [q, score])) as Record<QuestionKey, typeof score>, { message: "evaluations.errors.score" }),
  comment: text(COMMENT_MAX).default(""),
});

/** What an answer or a dismissal is about: a class or a course, by id. */
export const targetInput = z.object({
  kind: z.enum(["class", "course"], { message: "errors.invalidInput" }),
  id: z.coerce.number({ message: "errors.invalidInput" }).int("errors.invalidInput").positive("errors.invalidInput").max(2_147_483_647, "errors.invalidInput"),
});
export type Target = z.output<typeof targetInput>;

export interface Averages {
  /** Answers counted (dismissed cards are not answers). */
  count: number;
  /** Mean score per question, null when no answer holds it. */
  perQuestion: Record<QuestionKey, number | null>;
  /** Mean of the question means that exist; null with no answers. */
  overall: number | null;
}

/** Averages of a set of answers, per question and overall, each rounded to 2 decimals. */
export function averages(answers: readonly Partial<Record<string, number>>[]): Averages {
  const round = (n: number) => Math.round(n * 100) / 100;
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);
  const raw = QUESTIONS.map((q) => mean(answers.map((a) => a[q]).filter((v): v is number => typeof v === "number" && v >= MIN_SCORE && v <= MAX_SCORE)));
  const perQuestion = Object.fromEntries(QUESTIONS.map((q, i) => [q, raw[i] === null ? null : round(raw[i]!)])) as Record<QuestionKey, number | null>;
  const overall = mean(raw.filter((v): v is number => v !== null));
  return { count: answers.length, perQuestion, overall: overall === null ? null : round(overall) };
}

/** The card's form as posted: the target, one field per question, the comment. */
export const evaluationForm = targetInput.extend({
  ...(Object.fromEntries(QUESTIONS.map((q) => [q, score])) as Record<QuestionKey, typeof score>),
  comment: text(COMMENT_MAX).default(""),
});
