/**
 * Automatic grading of one response. Pure: the same question and response always give the
 * same grade, so a regrade after a key is fixed is just grading again.
 *
 * Rules, per type:
 * - single, truefalse: full points for the right answer, else 0.
 * - multiple, all_or_nothing: full points when the chosen set is exactly the correct set.
 * - multiple, partial: points × max(0, (R − W) / C), where R is the number of correct options
 *   chosen, W the number of wrong options chosen and C the number of correct options. It is
 *   what Moodle gives when each correct option is worth +1/C and each wrong one −1/C, with
 *   the total kept at 0 or more. Ticking every option costs one share per wrong option, so it
 *   pays less the more wrong options there are. Missing a correct option costs one share, and
 *   so does picking a wrong one. Moodle XML export writes exactly these fractions.
 * - fill: each blank is right when its normalised text (normalise.ts) equals the normalised
 *   text of any accepted answer; points × (blanks right / blanks).
 * - numeric: the typed text is read with `parseNumberInput` (decimal.ts) and compared exactly
 *   in decimal: |x − v| ≤ tolerance, or |x − v| ≤ |v| × percent / 100. Unreadable text is
 *   wrong. A percent tolerance on a key of 0 accepts only 0.
 * - essay: pending, with score 0, until a trainer gives a manual score.
 *
 * Scores are in hundredths, rounded half up (score.ts). No response, or one of another type
 * than the question (a stored answer from before a type change), is wrong with 0 points; an
 * essay left blank needs no trainer and is wrong straight away.
 */

import { decimalOf, parseNumberInput, withinAbsolute, withinPercent } from "./decimal";
import type { QuizError } from "./codes";
import { normaliseAnswer } from "./normalise";
import type { Response } from "./response";
import { divRound, fromCenti, hasTwoDecimalsAtMost, toCenti } from "./score";
import { assertNever, type Question } from "./types";

export type Correctness = "right" | "partial" | "wrong" | "pending";

export interface Grade {
  score: number;
  max: number;
  correct: Correctness;
}

export interface GradeOptions {
  /** A trainer's score for an essay, 0 to the question's points, at most two decimals. */
  manualScore?: number | null;
}

export function grade(question: Question, response: Response | null | undefined, opts: GradeOptions = {}): Grade {
  const maxC = toCenti(question.points);
  const max = fromCenti(maxC);
  // Right, partial or wrong follows the exact fraction earned, not the rounded score; and a
  // response that is not fully right never rounds up to full points (1 correct of 2 on a
  // 0.01-point question is half a hundredth).
  const share = (num: number, den: number): Grade => {
    const scoreC = num >= den ? maxC : Math.min(divRound(maxC * num, den), maxC - 1);
    return { score: fromCenti(Math.max(0, scoreC)), max, correct: num >= den ? "right" : num > 0 ? "partial" : "wrong" };
  };
  const all = (right: boolean) => share(right ? 1 : 0, 1);

  if (question.type === "essay" && opts.manualScore !== undefined && opts.manualScore !== null) {
    const problem = checkManualScore(question, opts.manualScore);
    if (problem) throw new RangeError(`manual score ${opts.manualScore} is outside 0..${question.points}`);
    const c = toCenti(opts.manualScore);
    return { score: fromCenti(c), max, correct: c >= maxC ? "right" : c > 0 ? "partial" : "wrong" };
  }
  if (!response || response.type !== question.type) return all(false);

  switch (question.type) {
    case "single": {
      const r = response as Extract<Response, { type: "single" }>;
      return all(r.optionId === question.key.correct);
    }
    case "truefalse": {
      const r = response as Extract<Response, { type: "truefalse" }>;
      return all(r.value === question.key.correct);
    }
    case "multiple": {
      const r = response as Extract<Response, { type: "multiple" }>;
      const correct = new Set(question.key.correct);
      const picked = new Set(r.optionIds);
      let right = 0;
      let wrong = 0;
      for (const id of picked) correct.has(id) ? right++ : wrong++;
      if (question.scoring === "all_or_nothing") return all(wrong === 0 && right === correct.size);
      if (correct.size === 0) return all(false);
      return share(Math.max(0, right - wrong), correct.size);
    }
    case "fill": {
      const r = response as Extract<Response, { type: "fill" }>;
      const blanks = question.key.blanks;
      if (blanks.length === 0) return all(false);
      let right = 0;
      blanks.forEach((accepted, i) => {
        const given = r.blanks[i];
        if (given === undefined) return;
        const g = normaliseAnswer(given);
        if (g !== "" && accepted.some((a) => normaliseAnswer(a) === g)) right++;
      });
      return share(right, blanks.length);
    }
    case "numeric": {
      const r = response as Extract<Response, { type: "numeric" }>;
      const x = parseNumberInput(r.value, question.unit);
      if (!x) return all(false);
      const v = decimalOf(question.key.value);
      const t = decimalOf(question.key.tolerance.value);
      return all(question.key.tolerance.kind === "percent" ? withinPercent(x, v, t) : withinAbsolute(x, v, t));
    }
    case "essay": {
      const r = response as Extract<Response, { type: "essay" }>;
      if (r.text.trim() === "") return all(false);
      return { score: 0, max, correct: "pending" };
    }
    default:
      return assertNever(question);
  }
}

/** Null when `score` is a valid manual grade for the question, else the problem to show. */
export function checkManualScore(question: Question, score: number): QuizError | null {
  if (!(Number.isFinite(score) && score >= 0 && score <= question.points && hasTwoDecimalsAtMost(score))) {
    return { code: "quiz.grade.badManualScore", params: { max: question.points } };
  }
  return null;
}

export { aggregate, passed, percent, sumScores } from "./score";
