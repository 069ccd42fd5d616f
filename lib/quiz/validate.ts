/**
 * The rules a question must meet before it goes into the bank, whichever way it came (an
 * import, the editor). Each problem names the field it is about, so an importer can point at
 * a column or a line.
 */

import { decimalOf } from "./decimal";
import { hasBadCharacters } from "@/lib/core/text";
import type { MessageParams, QuizMessageCode } from "./codes";
import { MAX_BLANK_CHARS, MAX_BLANKS, charCount } from "./response";
import { FRACTION_OPTIONS, FRACTION_OPTIONS_FULL, FRACTION_UNIT, fractionPercent, matchFraction, toUnits } from "./fractions";
import { hasTwoDecimalsAtMost } from "./score";
import { MAX_OPTIONS, MIN_OPTIONS, OPTION_LABELS, type ChoiceOption, type Question } from "./types";

export const LIMITS = {
  stem: 10_000,
  option: 2_000,
  explanation: 10_000,
  reference: 10_000,
  title: 255,
  unit: 20,
  /** An accepted answer longer than a worker may type could never be matched. */
  acceptedAnswer: MAX_BLANK_CHARS,
  alternativesPerBlank: 50,
  blanks: MAX_BLANKS,
  categoryDepth: 10,
  categoryName: 100,
  tags: 20,
  tag: 50,
  maxPoints: 1000,
  optionId: 64,
} as const;

export type QuestionField =
  | "type"
  | "title"
  | "stem"
  | "options"
  | "answer"
  | "explanation"
  | "difficulty"
  | "points"
  | "category"
  | "tags"
  | "unit"
  | "scoring";

export interface QuestionProblem {
  field: QuestionField;
  code: QuizMessageCode;
  params?: MessageParams;
  /** For option problems: the option's position (0 = A). */
  option?: number;
}

/** Control characters other than tab and line feed; importers turn CR LF into LF first. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;
/** Control characters, and NUL and lone surrogates, which PostgreSQL cannot store (a 500). */
const unstorable = (s: string) => CONTROL.test(s) || hasBadCharacters(s);
/** Separators of the xlsx template's 标签 column, which a tag therefore cannot hold. */
const TAG_SEPARATORS = /[,，、;；]/;

export function checkQuestion(q: Question): QuestionProblem[] {
  const out: QuestionProblem[] = [];
  const add = (field: QuestionField, code: QuizMessageCode, params?: MessageParams, option?: number) =>
    out.push({ field, code, ...(params ? { params } : {}), ...(option !== undefined ? { option } : {}) });
  const checkText = (field: QuestionField, s: string, max: number, option?: number) => {
    if (charCount(s) > max) add(field, "quiz.question.textTooLong", { max }, option);
    if (unstorable(s)) add(field, "quiz.question.badCharacters", undefined, option);
  };

  if (q.title !== undefined) checkText("title", q.title, LIMITS.title);
  if (q.stem.trim() === "") add("stem", "quiz.question.emptyStem");
  checkText("stem", q.stem, LIMITS.stem);
  checkText("explanation", q.explanation, LIMITS.explanation);

  if (!Number.isInteger(q.difficulty) || q.difficulty < 1 || q.difficulty > 5)
    add("difficulty", "quiz.question.badDifficulty", { value: String(q.difficulty) });
  if (!(q.points > 0 && q.points <= LIMITS.maxPoints && hasTwoDecimalsAtMost(q.points))) {
    add("points", "quiz.question.badPoints", { value: String(q.points), max: LIMITS.maxPoints });
  }

  if (
    q.penalty !== undefined &&
    !(Number.isFinite(q.penalty) && q.penalty >= 0 && q.penalty <= 1 && Math.abs(q.penalty * FRACTION_UNIT - toUnits(q.penalty)) < 1e-6)
  ) {
    // The penalty is a share of the points: reported with them (no format has a field of its own for it).
    add("points", "quiz.question.badPenalty", { value: String(q.penalty) });
  }
  if (q.category.length > LIMITS.categoryDepth) add("category", "quiz.question.categoryTooDeep", { max: LIMITS.categoryDepth });
  for (const name of q.category) {
    if (name.trim() === "" || name !== name.trim() || /[/／]/.test(name) || charCount(name) > LIMITS.categoryName || unstorable(name)) {
      add("category", "quiz.question.badCategory", { value: name, max: LIMITS.categoryName });
    }
  }
  if (q.tags.length > LIMITS.tags) add("tags", "quiz.question.tooManyTags", { max: LIMITS.tags });
  for (const tag of q.tags) {
    if (tag.trim() === "" || tag !== tag.trim() || TAG_SEPARATORS.test(tag) || charCount(tag) > LIMITS.tag || unstorable(tag)) {
      add("tags", "quiz.question.badTag", { value: tag, max: LIMITS.tag });
    }
  }

  switch (q.type) {
    case "single":
    case "multiple": {
      checkOptions(q.options, add, checkText);
      const ids = new Set(q.options.map((o) => o.id));
      const correct = q.type === "single" ? [q.key.correct] : q.key.correct;
      if (correct.length === 0) add("answer", "quiz.question.noCorrect");
      for (const id of correct) if (!ids.has(id)) add("answer", "quiz.question.answerNotAnOption", { answer: id });
      if (new Set(correct).size !== correct.length) add("answer", "quiz.question.duplicateOptionId", { id: correct.find((c, i) => correct.indexOf(c) !== i)! });
      if (q.key.fractions) checkChoiceFractions(q, add);
      break;
    }
    case "truefalse":
      if (typeof q.key.correct !== "boolean") add("answer", "quiz.question.noCorrect");
      break;
    case "fill": {
      const blanks = q.key.blanks;
      if (blanks.length === 0) add("answer", "quiz.question.noBlanks");
      if (blanks.length > LIMITS.blanks) add("answer", "quiz.question.tooManyBlanks", { max: LIMITS.blanks });
      blanks.forEach((accepted, i) => {
        if (accepted.length === 0 || accepted.some((a) => a.trim() === "")) add("answer", "quiz.question.emptyBlank", { blank: i + 1 });
        if (accepted.length > LIMITS.alternativesPerBlank)
          add("answer", "quiz.question.tooManyAlternatives", { blank: i + 1, max: LIMITS.alternativesPerBlank });
        for (const a of accepted) checkText("answer", a, LIMITS.acceptedAnswer);
      });
      if (q.key.fractions) checkFillFractions(q.key.blanks, q.key.fractions, add);
      break;
    }
    case "numeric": {
      checkText("unit", q.unit, LIMITS.unit);
      if (!isStorableNumber(q.key.value)) add("answer", "quiz.question.badNumber", { value: String(q.key.value) });
      const tol = q.key.tolerance;
      if (!isStorableNumber(tol.value) || tol.value < 0 || (tol.kind !== "absolute" && tol.kind !== "percent")) {
        add("answer", "quiz.question.badTolerance", { value: String(tol.value) });
      }
      break;
    }
    case "essay":
      checkText("answer", q.key.reference, LIMITS.reference);
      break;
  }
  return out;
}

type Add = (field: QuestionField, code: QuizMessageCode, params?: MessageParams, option?: number) => void;

/**
 * Moodle's checks on multiple-choice grades (edit_multichoice_form.php, and the importer's
 * match_grade_options): every grade is one of Moodle's values; a single answer has an option
 * worth 100 %; the positive grades of a multiple answer add up to 100 % (rounded to two
 * decimals of a fraction, as Moodle rounds). `correct` must say the same as the grades.
 */
function checkChoiceFractions(q: Extract<Question, { type: "single" | "multiple" }>, add: Add): void {
  const fractions = q.key.fractions ?? {};
  const ids = q.options.map((o) => o.id);
  if (Object.keys(fractions).some((id) => !ids.includes(id))) add("answer", "quiz.question.fractionsMismatch");
  if (q.type === "multiple" && q.scoring !== "partial") add("scoring", "quiz.question.fractionsNeedPartial");
  let max = -FRACTION_UNIT;
  let positive = 0;
  let bad = false;
  q.options.forEach((o, i) => {
    const f = fractions[o.id] ?? 0;
    if (matchFraction(f, FRACTION_OPTIONS_FULL) !== f) {
      add("answer", "quiz.question.badFraction", { value: Number.isFinite(f) ? fractionPercent(f) : String(f), label: OPTION_LABELS[i] ?? String(i + 1) }, i);
      bad = true;
      return;
    }
    const u = toUnits(f);
    max = Math.max(max, u);
    if (u > 0) positive += u;
  });
  if (bad) return;
  if (q.type === "single") {
    if (max !== FRACTION_UNIT) add("answer", "quiz.question.fractionsNoMax", { max: fractionPercent(max / FRACTION_UNIT) });
    else if (toUnits(fractions[q.key.correct] ?? 0) !== FRACTION_UNIT) add("answer", "quiz.question.fractionsMismatch");
    return;
  }
  // round($totalfraction, 2) != 1
  const total = Math.round(positive / 100_000) / 100;
  if (total !== 1) add("answer", "quiz.question.fractionsAddWrong", { total: fractionPercent(positive / FRACTION_UNIT) });
  const positiveIds = ids.filter((id) => (fractions[id] ?? 0) > 0);
  if (positiveIds.length !== q.key.correct.length || positiveIds.some((id) => !q.key.correct.includes(id))) add("answer", "quiz.question.fractionsMismatch");
}

/**
 * Moodle's short-answer grades: one per accepted answer, each one of fraction_options() above
 * 0 (an answer worth nothing is not an accepted answer), and in each blank an answer worth
 * 100 %, so the question can be answered fully right.
 */
function checkFillFractions(blanks: readonly (readonly string[])[], fractions: readonly (readonly number[])[], add: Add): void {
  if (fractions.length !== blanks.length || fractions.some((f, i) => f.length !== blanks[i]!.length)) {
    add("answer", "quiz.question.fractionsMismatch");
    return;
  }
  fractions.forEach((list, i) => {
    let max = 0;
    for (const f of list) {
      if (matchFraction(f, FRACTION_OPTIONS) !== f || f <= 0) {
        add("answer", "quiz.question.badBlankFraction", { value: Number.isFinite(f) ? fractionPercent(f) : String(f), blank: i + 1 });
        return;
      }
      max = Math.max(max, f);
    }
    if (max !== 1) add("answer", "quiz.question.fractionsNoMax", { max: fractionPercent(max) });
  });
}

/** Finite, and printed by JavaScript in at most 15 significant digits, so it reads back the same. */
function isStorableNumber(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  try {
    const d = decimalOf(n);
    const sig = (d.digits < 0n ? -d.digits : d.digits).toString().replace(/^0+/, "").replace(/0+$/, "");
    return sig.length <= 15;
  } catch {
    return false;
  }
}

function checkOptions(
  options: readonly ChoiceOption[],
  add: (field: QuestionField, code: QuizMessageCode, params?: MessageParams, option?: number) => void,
  checkText: (field: QuestionField, s: string, max: number, option?: number) => void,
): void {
  if (options.length < MIN_OPTIONS) add("options", "quiz.question.tooFewOptions", { min: MIN_OPTIONS });
  if (options.length > MAX_OPTIONS) add("options", "quiz.question.tooManyOptions", { max: MAX_OPTIONS });
  const seenIds = new Set<string>();
  const seenText = new Map<string, number>();
  options.forEach((o, i) => {
    const label = OPTION_LABELS[i] ?? String(i + 1);
    if (o.id === "" || o.id.length > LIMITS.optionId || seenIds.has(o.id)) add("options", "quiz.question.duplicateOptionId", { id: o.id }, i);
    seenIds.add(o.id);
    if (o.text.trim() === "") {
      add("options", "quiz.question.emptyOption", { label }, i);
      return;
    }
    checkText("options", o.text, LIMITS.option, i);
    const other = seenText.get(o.text);
    if (other !== undefined) add("options", "quiz.question.duplicateOptionText", { label, other: OPTION_LABELS[other] ?? String(other + 1) }, i);
    else seenText.set(o.text, i);
  });
}
