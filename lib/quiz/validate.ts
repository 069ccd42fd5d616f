/**
 * The rules a question must meet before it goes into the bank, whichever way it came (an
 * import, the editor). Each problem names the field it is about, so an importer can point at
 * a column or a line.
 */

import { decimalOf } from "./decimal";
import { hasBadCharacters } from "@/lib/core/text";
import type { MessageParams, QuizMessageCode } from "./codes";
import { MAX_BLANK_CHARS, MAX_BLANKS, MAX_ITEMS, charCount } from "./response";
import { FRACTION_OPTIONS, FRACTION_OPTIONS_FULL, FRACTION_UNIT, fractionPercent, matchFraction, toUnits } from "./fractions";
import { hasTwoDecimalsAtMost } from "./score";
import {
  BLANK_MARK,
  MAX_OPTIONS,
  MAX_PARTS,
  MIN_PARTS,
  ORDERING_SCORINGS,
  MIN_OPTIONS,
  OPTION_LABELS,
  MAX_ESSAY_PARTS,
  PART_TYPES,
  partPointsSum,
  partQuestion,
  type ChoiceOption,
  type DragBoxes,
  type GroupQuestion,
  type NumericAnswer,
  type Question,
} from "./types";

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
  /** Items of a matching or ordering question; choices of a matching question. */
  items: MAX_ITEMS,
  /** Moodle's largest mark for one cloze gap is any integer; a hundred is plenty. */
  gapWeight: 100,
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
      if (q.key.answers) checkNumericAnswers(q.key.answers, add);
      break;
    }
    case "matching": {
      checkItems(q.items, add, checkText);
      checkItems(q.choices, add, checkText);
      const choices = new Set(q.choices.map((c) => c.id));
      for (const item of q.items) {
        const c = q.key.pairs[item.id];
        if (c === undefined || !choices.has(c)) add("answer", "quiz.question.unmatchedItem", { item: item.text });
      }
      if (Object.keys(q.key.pairs).some((id) => !q.items.some((i) => i.id === id))) add("answer", "quiz.question.fractionsMismatch");
      break;
    }
    case "ordering": {
      checkItems(q.items, add, checkText);
      const ids = q.items.map((o) => o.id);
      if (q.key.order.length !== ids.length || q.key.order.some((id, i) => id !== ids[i])) add("answer", "quiz.question.fractionsMismatch");
      if (!ORDERING_SCORINGS.includes(q.scoring)) add("scoring", "quiz.question.badOrderingScoring");
      break;
    }
    case "cloze":
      checkClozeGaps(q, add, checkText);
      if (q.drag) checkDrag(q, q.drag, add);
      break;
    case "essay":
      checkText("answer", q.key.reference, LIMITS.reference);
      break;
    case "group":
      checkGroup(q, add, out);
      break;
  }
  return out;
}

/**
 * A group (案例分析): MIN_PARTS to MAX_PARTS parts, each of PART_TYPES (no group in a group, at
 * most MAX_ESSAY_PARTS essay parts), with
 * its own id and key, each valid as a question of its type; the group's points are the parts'
 * points added up. A part's problems follow a line naming the part, "(2)".
 */
function checkGroup(q: GroupQuestion, add: Add, out: QuestionProblem[]): void {
  if (q.parts.length < MIN_PARTS || q.parts.length > MAX_PARTS) add("answer", "quiz.question.partCount", { min: MIN_PARTS, max: MAX_PARTS });
  if (q.key.parts.length !== q.parts.length) {
    add("answer", "quiz.question.fractionsMismatch");
    return;
  }
  const ids = new Set<string>();
  q.parts.forEach((part, i) => {
    const n = i + 1;
    if (!(PART_TYPES as readonly string[]).includes(part.type)) {
      add("type", "quiz.question.badPartType", { part: n });
      return;
    }
    if (typeof part.id !== "string" || part.id === "" || part.id.length > LIMITS.optionId || ids.has(part.id))
      add("answer", "quiz.question.duplicateOptionId", { id: String(part.id) });
    ids.add(part.id);
    const problems = checkQuestion(partQuestion(q, i));
    if (problems.length > 0) {
      add(problems[0]!.field, "quiz.question.partInvalid", { part: n });
      out.push(...problems);
    }
  });
  if (q.parts.filter((p) => p.type === "essay").length > MAX_ESSAY_PARTS) add("type", "quiz.question.tooManyEssayParts", { max: MAX_ESSAY_PARTS });
  if (q.parts.length > 0 && partPointsSum(q.parts) !== q.points) add("points", "quiz.question.groupPoints", { sum: partPointsSum(q.parts) });
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

/** Moodle numerical answers: fractions of Moodle's list (0..1], one answer worth 100 %. */
function checkNumericAnswers(answers: readonly NumericAnswer[], add: Add, moodleList = true): void {
  if (answers.length === 0 || answers.length > LIMITS.alternativesPerBlank) {
    add("answer", "quiz.question.noCorrect");
    return;
  }
  let max = 0;
  for (const a of answers) {
    if (!isStorableNumber(a.value)) add("answer", "quiz.question.badNumber", { value: String(a.value) });
    if (!isStorableNumber(a.tolerance.value) || a.tolerance.value < 0 || (a.tolerance.kind !== "absolute" && a.tolerance.kind !== "percent")) {
      add("answer", "quiz.question.badTolerance", { value: String(a.tolerance.value) });
    }
    if ((moodleList && matchFraction(a.fraction, FRACTION_OPTIONS) !== a.fraction) || !(a.fraction > 0 && a.fraction <= 1)) {
      add("answer", "quiz.question.badBlankFraction", { value: Number.isFinite(a.fraction) ? fractionPercent(a.fraction) : String(a.fraction), blank: 1 });
      return;
    }
    max = Math.max(max, a.fraction);
  }
  if (moodleList && max !== 1) add("answer", "quiz.question.fractionsNoMax", { max: fractionPercent(max) });
}

/** Items of a matching or ordering question, or a matching question's choices: 2 to LIMITS.items, each text once. */
function checkItems(items: readonly ChoiceOption[], add: Add, checkText: (field: QuestionField, s: string, max: number, option?: number) => void): void {
  if (items.length < 2) add("options", "quiz.question.tooFewOptions", { min: 2 });
  if (items.length > LIMITS.items) add("options", "quiz.question.tooManyOptions", { max: LIMITS.items });
  const seenIds = new Set<string>();
  const seenText = new Map<string, number>();
  items.forEach((o, i) => {
    const label = String(i + 1);
    if (o.id === "" || o.id.length > LIMITS.optionId || seenIds.has(o.id)) add("options", "quiz.question.duplicateOptionId", { id: o.id }, i);
    seenIds.add(o.id);
    if (o.text.trim() === "") {
      add("options", "quiz.question.emptyOption", { label }, i);
      return;
    }
    checkText("options", o.text, LIMITS.option, i);
    const other = seenText.get(o.text);
    if (other !== undefined) add("options", "quiz.question.duplicateOptionText", { label, other: String(other + 1) }, i);
    else seenText.set(o.text, i);
  });
}

/**
 * Cloze gaps as Moodle's multianswer takes them: 1 to LIMITS.blanks gaps, each with a whole mark
 * of 1 or more; short and numerical answers worth more than 0 and at most 1, choice options
 * −1 to 1, and choice gaps with 2 to MAX_OPTIONS options. Moodle's cloze reader takes any
 * percentage written in the text (%66% is 0.66), not only its grade list, and so does this.
 */
function checkClozeGaps(
  q: Extract<Question, { type: "cloze" }>,
  add: Add,
  checkText: (field: QuestionField, s: string, max: number, option?: number) => void,
): void {
  const gaps = q.gaps;
  if (gaps.length === 0) add("answer", "quiz.question.noBlanks");
  if (gaps.length > LIMITS.blanks) add("answer", "quiz.question.tooManyBlanks", { max: LIMITS.blanks });
  if (q.stem.split(BLANK_MARK).length - 1 > gaps.length) add("stem", "quiz.question.tooManyGapMarks", { gaps: gaps.length });
  if (q.key.gaps.length !== gaps.length) {
    add("answer", "quiz.question.fractionsMismatch");
    return;
  }
  gaps.forEach((gap, i) => {
    const key = q.key.gaps[i]!;
    const blank = i + 1;
    if (!Number.isInteger(gap.weight) || gap.weight < 1 || gap.weight > LIMITS.gapWeight)
      add("answer", "quiz.question.badGapWeight", { blank, max: LIMITS.gapWeight });
    if (key.kind !== gap.kind) {
      add("answer", "quiz.question.fractionsMismatch");
      return;
    }
    if (key.kind === "short") {
      if (key.answers.length === 0 || key.answers.some((a) => a.trim() === "")) add("answer", "quiz.question.emptyBlank", { blank });
      if (key.answers.length > LIMITS.alternativesPerBlank) add("answer", "quiz.question.tooManyAlternatives", { blank, max: LIMITS.alternativesPerBlank });
      for (const a of key.answers) checkText("answer", a, LIMITS.acceptedAnswer);
      if (key.fractions.length !== key.answers.length) add("answer", "quiz.question.fractionsMismatch");
      for (const f of key.fractions) if (!(f > 0 && f <= 1)) add("answer", "quiz.question.badBlankFraction", { value: String(f * 100), blank });
    } else if (key.kind === "numeric") {
      if (key.answers.length === 0) add("answer", "quiz.question.emptyBlank", { blank });
      checkNumericAnswers(key.answers, add, false);
    } else if (gap.kind === "choice") {
      checkOptions(gap.options, add, checkText);
      const ids = gap.options.map((o) => o.id);
      if (Object.keys(key.fractions).some((id) => !ids.includes(id))) add("answer", "quiz.question.fractionsMismatch");
      let max = -1;
      gap.options.forEach((o, k) => {
        const f = key.fractions[o.id] ?? 0;
        if (matchFraction(f, FRACTION_OPTIONS_FULL) !== f) {
          add(
            "answer",
            "quiz.question.badFraction",
            { value: Number.isFinite(f) ? fractionPercent(f) : String(f), label: OPTION_LABELS[k] ?? String(k + 1) },
            k,
          );
        }
        max = Math.max(max, f);
      });
      if (max !== 1) add("answer", "quiz.question.fractionsNoMax", { max: fractionPercent(max) });
    } else if (gap.kind === "multi" && key.kind === "multi") {
      checkOptions(gap.options, add, checkText);
      const ids = gap.options.map((o) => o.id);
      if (Object.keys(key.fractions).some((id) => !ids.includes(id)) || ids.some((id) => id.includes(","))) add("answer", "quiz.question.fractionsMismatch");
      // As Moodle's cloze reader: grades −100 % to 100 %, at least one right answer, and the
      // right ones adding up to 100 % (the reader scales them so).
      let positive = 0;
      gap.options.forEach((o, k) => {
        const f = key.fractions[o.id] ?? 0;
        if (!(f >= -1 && f <= 1))
          add(
            "answer",
            "quiz.question.badFraction",
            { value: Number.isFinite(f) ? fractionPercent(f) : String(f), label: OPTION_LABELS[k] ?? String(k + 1) },
            k,
          );
        else if (f > 0) positive += f;
      });
      if (Math.abs(positive - 1) > 0.00001) add("answer", "quiz.question.fractionsAddWrong", { total: fractionPercent(positive) });
    }
  });
}

/**
 * A drag and drop question (DragBoxes) as Moodle's qtype_ddwtos has it: choice gaps, each with
 * one right box; a box the same text in every gap, and gaps sharing a box offering the same boxes
 * (one group); the infinite boxes among them; and, as Moodle's editing form requires
 * (errorlimitedchoice), a box right in several gaps infinite.
 */
function checkDrag(q: Extract<Question, { type: "cloze" }>, drag: DragBoxes, add: Add): void {
  const text = new Map<string, string>();
  const groupOf = new Map<string, string>();
  const rightIn = new Map<string, number>();
  let ok = true;
  q.gaps.forEach((gap, i) => {
    const key = q.key.gaps[i];
    if (gap.kind !== "choice" || key?.kind !== "choice") {
      ok = false;
      return;
    }
    const group = gap.options.map((o) => o.id).join("\n");
    const right = gap.options.filter((o) => key.fractions[o.id] === 1);
    if (right.length !== 1 || gap.options.some((o) => ![0, 1, undefined].includes(key.fractions[o.id]))) ok = false;
    for (const o of gap.options) {
      if ((text.get(o.id) ?? o.text) !== o.text || (groupOf.get(o.id) ?? group) !== group) ok = false;
      text.set(o.id, o.text);
      groupOf.set(o.id, group);
    }
    for (const o of right) rightIn.set(o.id, (rightIn.get(o.id) ?? 0) + 1);
  });
  if (drag.infinite.some((id) => !text.has(id))) ok = false;
  if (!ok) add("answer", "quiz.question.dragGaps");
  for (const [id, n] of rightIn) if (n > 1 && !drag.infinite.includes(id)) add("answer", "quiz.question.dragBoxReused", { box: text.get(id) ?? id });
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
