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
 * Questions with Moodle's per-answer grades (`key.fractions`) are graded as Moodle grades them
 * (question/type/multichoice/question.php, question/type/shortanswer/question.php):
 * - single: the fraction of the chosen option. Moodle lets that be negative (the question's
 *   mark goes below 0); JobReady scores are never negative, so it is 0 here.
 * - multiple: the fractions of the chosen options added up and kept within 0..1, so 50 % + −100 %
 *   is 0 and 50 % + 50 % is full points.
 * - fill: per blank, the fraction of the first accepted answer (in stored order) that matches,
 *   0 when none does; the question gets the mean over the blanks (a Moodle cloze whose blanks
 *   carry the same weight).
 * Right, partial or wrong follow Moodle's thresholds (fractions.ts: above 0.999999 is right,
 * below 0.000001 wrong), and the points are the fraction × points, rounded half up to hundredths
 * (a partial answer never rounds up to full points). Moodle's penalty applies only to repeated
 * tries, which JobReady does not have, so it never changes a grade.
 *
 * Types that only exist with Moodle's grading (fractions.ts thresholds as above):
 * - numeric with `key.answers` (qtype_numerical's get_matching_answer): the fraction of the
 *   first answer, in stored order, whose tolerance holds the value; 0 when none does.
 * - matching (qtype_match's grade_response): items matched right / items; a distractor
 *   chosen or an item left open is simply not right.
 * - ordering, all_or_nothing: full points for exactly the right order, else 0.
 * - ordering, absolute (GRADING_ABSOLUTE_POSITION, Moodle's default): items in their right
 *   position / items.
 * - ordering, relative (qtype_ordering's GRADING_RELATIVE_TO_CORRECT, "relative to correct
 *   position"): with n items each item scores max(0, (n − 1) − |its position − its right
 *   position|) out of n − 1; the fraction is the sum over n × (n − 1). One item moved from
 *   the end to the front of four scores
 *   (0 + 2 + 2 + 2) / 12 = 0.5; two neighbours swapped 10/12.
 * - cloze (qtype_multianswer's grade_response): each gap graded by its own rule — short answer
 *   as fill with grades, numerical as numeric with answers, a choice gap the chosen option's
 *   fraction (−1 to 1), a multiple-response gap the fractions of the ticked options added up and
 *   kept within 0..1 (qtype_multichoice_multi_question) — then weighted by its mark:
 *   Σ weight × fraction / Σ weight. Moodle lets a negative choice gap take the total below 0;
 *   here the total stops at 0.
 *
 * - group (案例分析): each part graded by its own type's rule above, out of its own points;
 *   the group earns the parts' scores added up (in hundredths) out of the parts' points added
 *   up, scaled to the group's points when a quiz slot gives it other points. Right when every
 *   part is right, wrong when no part earned anything, else partial. A part left unanswered
 *   is wrong with 0. An essay part (简答, up to MAX_ESSAY_PARTS) is graded as an essay: a
 *   trainer's score on the part's points (`partGrades`, by part id); until every written one
 *   has its score the group is pending, its score what the other parts earned. Where no trainer grades (`selfCheck`: practice, mock exams) the essay
 *   part earns 0 and the group is right, partial or wrong by its other parts.
 *
 * Scores are in hundredths, rounded half up (score.ts). No response, or one of another type
 * than the question (a stored answer from before a type change), is wrong with 0 points; an
 * essay left blank needs no trainer and is wrong straight away.
 */

import { decimalOf, parseNumberInput, withinAbsolute, withinPercent } from "./decimal";
import type { QuizError } from "./codes";
import { FRACTION_UNIT, stateOfFraction, toUnits } from "./fractions";
import { normaliseAnswer } from "./normalise";
import type { PartGrades } from "@/db/schema";
import type { Response } from "./response";
import { divRound, fromCenti, hasTwoDecimalsAtMost, toCenti } from "./score";
import { assertNever, type ClozeGapKey, type GroupQuestion, multiGapIds, type NumericAnswer, partQuestion, type Question } from "./types";

/** Moodle numerical: the fraction (in units) of the first answer whose tolerance holds `typed`; 0 when none does or it is unreadable. */
export function numericAnswerUnits(answers: readonly NumericAnswer[], typed: string, unit: string): number {
  const x = parseNumberInput(typed, unit);
  if (!x) return 0;
  for (const a of answers) {
    const v = decimalOf(a.value);
    const t = decimalOf(a.tolerance.value);
    if (a.tolerance.kind === "percent" ? withinPercent(x, v, t) : withinAbsolute(x, v, t)) return toUnits(a.fraction);
  }
  return 0;
}

/** The fraction (in units, −1..1 for a choice gap) one cloze gap earns. */
export function clozeGapUnits(key: ClozeGapKey, given: string | undefined): number {
  const g = given ?? "";
  switch (key.kind) {
    case "choice":
      return g === "" ? 0 : toUnits(key.fractions[g] ?? 0);
    case "multi": {
      let sum = 0;
      for (const id of new Set(multiGapIds(g))) sum += toUnits(key.fractions[id] ?? 0);
      return Math.min(Math.max(0, sum), FRACTION_UNIT);
    }
    case "numeric":
      return g.trim() === "" ? 0 : numericAnswerUnits(key.answers, g, "");
    case "short": {
      const n = normaliseAnswer(g);
      if (n === "") return 0;
      const k = key.answers.findIndex((a) => normaliseAnswer(a) === n);
      return k === -1 ? 0 : Math.max(0, toUnits(key.fractions[k] ?? 1));
    }
    default:
      return assertNever(key);
  }
}

/** qtype_ordering GRADING_RELATIVE_TO_CORRECT: [points earned, points possible]. */
export function relativeOrderScore(right: readonly string[], given: readonly string[]): [number, number] {
  const count = right.length - 1;
  let earned = 0;
  right.forEach((id, position) => {
    const at = given.indexOf(id);
    if (at !== -1) earned += Math.max(0, count - Math.abs(position - at));
  });
  return [earned, right.length * count];
}

export type Correctness = "right" | "partial" | "wrong" | "pending";

export interface Grade {
  score: number;
  max: number;
  correct: Correctness;
}

export interface GradeOptions {
  /** A trainer's score for an essay, 0 to the question's points, at most two decimals. */
  manualScore?: number | null;
  /** A group's essay parts: each one's trainer's score on the part's points, by part id. */
  partGrades?: Readonly<PartGrades> | null;
  /**
   * No trainer grades here (practice, the daily set, 错题本, mock exams, offline packs): a group's
   * essay part is left out of its right/partial/wrong (its own grade stays pending, shown with the
   * model answer) and earns 0, so the group is never pending. A quiz attempt waits for a grader.
   */
  selfCheck?: boolean;
}

/** The trainer's grades stored on an answer row (attempt_answers), as grade() takes them. */
export function manualOf(a: { manualScore: number | null; partGrades: PartGrades | null } | null | undefined): GradeOptions {
  return { manualScore: a?.manualScore ?? null, partGrades: a?.partGrades ?? null };
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
  // Moodle's rule for a fraction num/den of the points (num ≥ 0).
  const moodle = (num: number, den: number): Grade => {
    const state = stateOfFraction(num, den);
    if (state === "right") return { score: max, max, correct: "right" };
    if (state === "wrong") return { score: 0, max, correct: "wrong" };
    return { score: fromCenti(Math.max(0, Math.min(divRound(maxC * num, den), maxC - 1))), max, correct: "partial" };
  };

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
      const fractions = question.key.fractions;
      if (fractions) return moodle(Math.max(0, toUnits(fractions[r.optionId] ?? 0)), FRACTION_UNIT);
      return all(r.optionId === question.key.correct);
    }
    case "truefalse": {
      const r = response as Extract<Response, { type: "truefalse" }>;
      return all(r.value === question.key.correct);
    }
    case "multiple": {
      const r = response as Extract<Response, { type: "multiple" }>;
      const fractions = question.key.fractions;
      if (fractions && question.scoring === "partial") {
        let sum = 0;
        for (const id of new Set(r.optionIds)) sum += toUnits(fractions[id] ?? 0);
        return moodle(Math.min(Math.max(0, sum), FRACTION_UNIT), FRACTION_UNIT);
      }
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
      const fractions = question.key.fractions;
      if (fractions) {
        let sum = 0;
        blanks.forEach((accepted, i) => {
          const given = r.blanks[i];
          const g = given === undefined ? "" : normaliseAnswer(given);
          if (g === "") return;
          const k = accepted.findIndex((a) => normaliseAnswer(a) === g);
          if (k !== -1) sum += Math.max(0, toUnits(fractions[i]?.[k] ?? 1));
        });
        return moodle(sum, FRACTION_UNIT * blanks.length);
      }
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
      if (question.key.answers) return moodle(numericAnswerUnits(question.key.answers, r.value, question.unit), FRACTION_UNIT);
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
    case "matching": {
      const r = response as Extract<Response, { type: "matching" }>;
      const items = question.items;
      if (items.length === 0) return all(false);
      let right = 0;
      for (const item of items) if (r.pairs[item.id] !== undefined && r.pairs[item.id] === question.key.pairs[item.id]) right++;
      return moodle(right, items.length);
    }
    case "ordering": {
      const r = response as Extract<Response, { type: "ordering" }>;
      const order = question.key.order;
      if (order.length < 2) return all(false);
      if (question.scoring === "all_or_nothing") return all(r.order.length === order.length && order.every((id, i) => r.order[i] === id));
      if (question.scoring === "absolute") return moodle(order.filter((id, i) => r.order[i] === id).length, order.length);
      const [earned, possible] = relativeOrderScore(order, r.order);
      return moodle(earned, possible);
    }
    case "cloze": {
      const r = response as Extract<Response, { type: "cloze" }>;
      const keys = question.key.gaps;
      let sum = 0;
      let weights = 0;
      question.gaps.forEach((gap, i) => {
        const key = keys[i];
        weights += gap.weight;
        if (key) sum += gap.weight * clozeGapUnits(key, r.gaps[i]);
      });
      if (weights === 0) return all(false);
      return moodle(Math.min(Math.max(0, sum), FRACTION_UNIT * weights), FRACTION_UNIT * weights);
    }
    case "group": {
      const r = response as Extract<Response, { type: "group" }>;
      const parts = gradeParts(question, r, opts);
      let earned = 0;
      let possible = 0;
      for (const p of parts) {
        earned += toCenti(p.grade.score);
        possible += toCenti(p.grade.max);
      }
      if (possible === 0) return all(false);
      const counted = parts.filter((p) => p.grade.correct !== "pending");
      // An essay part waiting for its trainer: the group waits too, with what the other parts earned so far.
      if (counted.length < parts.length && !opts.selfCheck) return { ...share(earned, possible), correct: "pending" };
      if (counted.every((p) => p.grade.correct === "right"))
        return counted.length < parts.length ? { ...share(earned, possible), correct: "right" } : share(1, 1);
      const partial = share(earned, possible);
      return earned > 0 ? { ...partial, correct: "partial" } : partial;
    }
    default:
      return assertNever(question);
  }
}

/**
 * Each part of a group graded on its own (the review's per-part feedback); a missing part
 * response is wrong. An essay part takes its score from `partGrades`, the trainer's score on
 * the part's own points; without one it is pending when written, wrong when left blank.
 */
export function gradeParts(
  question: GroupQuestion,
  response: Extract<Response, { type: "group" }> | null | undefined,
  opts: GradeOptions = {},
): { id: string; grade: Grade }[] {
  return question.parts.map((part, i) => {
    const given = response?.parts[part.id] ?? null;
    // A manual score stands only for an essay part that was written (the queue lists no blank one).
    const manual =
      part.type === "essay" && given?.type === "essay" && given.text.trim() !== "" ? { ...opts, manualScore: opts.partGrades?.[part.id]?.score ?? null } : {};
    return { id: part.id, grade: grade(partQuestion(question, i), given, manual) };
  });
}

/**
 * The marks a worker's feedback shows for one graded response (practice, a case, an offline
 * phone): right, partial (部分正确) or wrong, and a 案例分析 group's mark per part in the parts'
 * order. One place, so every feedback marks an answer alike. No trainer grades there
 * (`selfCheck`): a group's essay part is pending, checked against the model answer.
 */
export function marksOf(question: Question, response: Response): { mark: Correctness; parts?: Correctness[] } {
  const mark = grade(question, response, { selfCheck: true }).correct;
  if (question.type !== "group") return { mark };
  return { mark, parts: gradeParts(question, response.type === "group" ? response : null, { selfCheck: true }).map((p) => p.grade.correct) };
}

/** Null when `score` is a valid manual grade for the question (an essay, or a group's essay part as a question), else the problem to show. */
export function checkManualScore(question: Question, score: number): QuizError | null {
  const max = question.points;
  if (!(Number.isFinite(score) && score >= 0 && score <= max && hasTwoDecimalsAtMost(score))) {
    return { code: "quiz.grade.badManualScore", params: { max } };
  }
  return null;
}

export { aggregate, passed, percent, sumScores } from "./score";
