/**
 * The question model of the quiz engine.
 *
 * A question is split in two on purpose: the content a worker answers from (stem, options,
 * unit, the number of blanks) and the secret part (`key` and `explanation`). Only
 * `publicView` turns a question into something meant for a browser, and it copies field by
 * field rather than removing the secret ones, so a field added to the model later stays
 * private until someone decides otherwise here.
 */

export const QUESTION_TYPES = ["single", "multiple", "truefalse", "fill", "numeric", "essay", "matching", "ordering", "cloze", "group"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * The types practice grades at once from a plain form (lib/practice): every type but the essay
 * (which waits for a grader); a 案例分析 group's parts are read from the form as a mock exam's
 * (lib/practice/form `formResponse`). Only these are served in practice, the daily set, offline
 * packs and 一机一码 scans, answered in a mock exam's form, and put into the 错题本 (from
 * practice, mock exams and quarterly quizzes alike).
 */
export const PRACTISED_TYPES: ReadonlySet<string> = new Set<QuestionType>([
  "single",
  "multiple",
  "truefalse",
  "fill",
  "numeric",
  "matching",
  "ordering",
  "cloze",
  "group",
]);

/** Option labels in display order; a question has at most this many options. */
export const OPTION_LABELS = ["A", "B", "C", "D", "E", "F", "G", "H"] as const;
export type OptionLabel = (typeof OPTION_LABELS)[number];
export const MAX_OPTIONS = OPTION_LABELS.length;
export const MIN_OPTIONS = 2;

export type Difficulty = 1 | 2 | 3 | 4 | 5;
/** What an import assumes when a format has no difficulty or the cell is empty. */
export const DEFAULT_DIFFICULTY: Difficulty = 3;
export const DEFAULT_POINTS = 1;

/**
 * A choice. `id` is opaque and stays with the option through edits and shuffles; the letter
 * a worker sees comes from the display position, so it says nothing about the key.
 */
export interface ChoiceOption {
  readonly id: string;
  readonly text: string;
}

/** See grading.ts for the partial-credit rule. */
export type MultipleScoring = "all_or_nothing" | "partial";

/** Absolute: |x − v| ≤ value. Percent: |x − v| ≤ |v| × value / 100. */
export type Tolerance = { readonly kind: "absolute"; readonly value: number } | { readonly kind: "percent"; readonly value: number };

/** Bank data that is neither the content nor the key. */
export interface QuestionMeta {
  /** A short name for the bank list (Moodle's name, GIFT's ::title::); optional. */
  readonly title?: string;
  readonly difficulty: Difficulty;
  /** Up to two decimals (grading works in hundredths). */
  readonly points: number;
  /** Category path from the top, e.g. ["采油", "抽油机"]. */
  readonly category: readonly string[];
  readonly tags: readonly string[];
  /**
   * Moodle's penalty: the share of the points lost per wrong try in Moodle's interactive and
   * adaptive modes (0 to 1). JobReady gives one try per attempt, as Moodle's deferred feedback
   * does, so it never changes a grade here; it is kept so a Moodle file goes back out the same.
   */
  readonly penalty?: number;
}

/**
 * Per-answer grades as Moodle gives them (fractions.ts): option id → fraction of the points,
 * −1 to 1. Absent on questions written without them, which keep JobReady's rules (grading.ts).
 */
export type OptionFractions = Readonly<Record<string, number>>;

interface Secret {
  /** Shown only when the review policy allows; never part of the public view. */
  readonly explanation: string;
}

export interface SingleQuestion extends QuestionMeta, Secret {
  readonly type: "single";
  readonly stem: string;
  readonly options: readonly ChoiceOption[];
  /** With `fractions`, `correct` is an option worth 100 % (the one shown as the answer). */
  readonly key: { readonly correct: string; readonly fractions?: OptionFractions };
}

export interface MultipleQuestion extends QuestionMeta, Secret {
  readonly type: "multiple";
  readonly stem: string;
  readonly options: readonly ChoiceOption[];
  readonly scoring: MultipleScoring;
  /** With `fractions` (scoring "partial" only), `correct` is the options worth more than 0. */
  readonly key: { readonly correct: readonly string[]; readonly fractions?: OptionFractions };
}

export interface TrueFalseQuestion extends QuestionMeta, Secret {
  readonly type: "truefalse";
  readonly stem: string;
  readonly key: { readonly correct: boolean };
}

export interface FillQuestion extends QuestionMeta, Secret {
  readonly type: "fill";
  readonly stem: string;
  /** One entry per blank, in order; each lists the accepted answers for that blank. */
  readonly key: {
    readonly blanks: readonly (readonly string[])[];
    /**
     * Moodle's short-answer grades: per blank, the fraction (0 to 1) of each accepted answer,
     * in the same order. Absent: every accepted answer is worth the whole blank.
     */
    readonly fractions?: readonly (readonly number[])[];
  };
}

/**
 * One of Moodle's numerical answers: a value, its tolerance and the fraction of the points it
 * is worth (0 to 1). A response takes the first answer, in stored order, it lies within.
 */
export interface NumericAnswer {
  readonly value: number;
  readonly tolerance: Tolerance;
  readonly fraction: number;
}

export interface NumericQuestion extends QuestionMeta, Secret {
  readonly type: "numeric";
  readonly stem: string;
  /** Shown next to the input, e.g. "MPa"; empty when the answer has no unit. */
  readonly unit: string;
  /**
   * `value` ± `tolerance` is the answer worth 100 % (the one shown as the answer). With
   * `answers` (Moodle's partial credit), grading reads that list instead, first match wins.
   */
  readonly key: { readonly value: number; readonly tolerance: Tolerance; readonly answers?: readonly NumericAnswer[] };
}

export interface EssayQuestion extends QuestionMeta, Secret {
  readonly type: "essay";
  readonly stem: string;
  /** A model answer or marking notes for the trainer who grades it. */
  readonly key: { readonly reference: string };
}

/**
 * Matching (Moodle qtype_match): each item is matched with one of the choices; choices that
 * match no item are distractors, and one choice may match several items.
 */
export interface MatchingQuestion extends QuestionMeta, Secret {
  readonly type: "matching";
  readonly stem: string;
  readonly items: readonly ChoiceOption[];
  readonly choices: readonly ChoiceOption[];
  /** Item id → the id of its choice, for every item. */
  readonly key: { readonly pairs: Readonly<Record<string, string>> };
}

/**
 * Moodle qtype_ordering's grading types kept here (grading.ts): ALL_OR_NOTHING, ABSOLUTE_POSITION
 * (Moodle's default) and RELATIVE_TO_CORRECT ("relative to correct position").
 */
export const ORDERING_SCORINGS = ["all_or_nothing", "absolute", "relative"] as const;
export type OrderingScoring = (typeof ORDERING_SCORINGS)[number];

/** Ordering (Moodle qtype_ordering): put the items in order. Items are stored in the right order. */
export interface OrderingQuestion extends QuestionMeta, Secret {
  readonly type: "ordering";
  readonly stem: string;
  readonly items: readonly ChoiceOption[];
  readonly scoring: OrderingScoring;
  /** The item ids in the right order (the stored order of `items`). */
  readonly key: { readonly order: readonly string[] };
}

/** A gap of a cloze question, as a worker sees it; `weight` is Moodle's {n:…} mark. */
export type ClozeGap =
  | { readonly kind: "short"; readonly weight: number }
  | { readonly kind: "numeric"; readonly weight: number }
  | { readonly kind: "choice"; readonly weight: number; readonly options: readonly ChoiceOption[] }
  /** Moodle's MULTIRESPONSE gap: tick any of the options. */
  | { readonly kind: "multi"; readonly weight: number; readonly options: readonly ChoiceOption[] };

/** The key of one gap, in the same order as the gaps. */
export type ClozeGapKey =
  | { readonly kind: "short"; readonly answers: readonly string[]; readonly fractions: readonly number[] }
  | { readonly kind: "numeric"; readonly answers: readonly NumericAnswer[] }
  | { readonly kind: "choice"; readonly fractions: OptionFractions }
  /** Each option's fraction as Moodle's cloze reader makes it: the right ones add up to 1. */
  | { readonly kind: "multi"; readonly fractions: OptionFractions };

/**
 * Cloze (Moodle qtype_multianswer) with short-answer, numerical and multiple-choice gaps. The
 * gaps sit in the stem where BLANK_MARK stands, in order; gaps beyond the marks follow the stem.
 */
export interface ClozeQuestion extends QuestionMeta, Secret {
  readonly type: "cloze";
  readonly stem: string;
  readonly gaps: readonly ClozeGap[];
  readonly key: { readonly gaps: readonly ClozeGapKey[] };
  /** Present on Moodle's drag and drop into text (qtype_ddwtos), see DragBoxes. */
  readonly drag?: DragBoxes;
}

/**
 * Moodle's drag and drop into text (qtype_ddwtos): every gap is a choice gap filled from one pool
 * of boxes, and a box keeps its option id in every gap of its group (the gaps offering the same
 * boxes). A box fills one gap at most, as a dragged box leaves the pool, unless it is `infinite`
 * (Moodle's <infinite/>: the box stays in the pool and may fill several gaps).
 */
export interface DragBoxes {
  readonly infinite: readonly string[];
}

/**
 * The types a sub-question of a group (案例分析) may have: the ones with one input each. An
 * essay part (简答) is graded by a trainer, as an essay question is, each on its own
 * (attempt_answers.part_grades); a group has at most MAX_ESSAY_PARTS of them.
 */
export const PART_TYPES = ["single", "multiple", "truefalse", "fill", "numeric", "essay"] as const;
export type PartType = (typeof PART_TYPES)[number];
export const MIN_PARTS = 2;
export const MAX_PARTS = 10;
export const MAX_ESSAY_PARTS = 5;

/** A question of a type a group part may have. */
export type PartQuestion = SingleQuestion | MultipleQuestion | TrueFalseQuestion | FillQuestion | NumericQuestion | EssayQuestion;
type PartContent<Q> = Q extends unknown ? Omit<Q, keyof QuestionMeta | "explanation" | "key"> & { readonly id: string; readonly points: number } : never;
/** One sub-question of a group, without its key: its id (stable through edits), type, stem, options or unit, and points. */
export type GroupPart = PartContent<PartQuestion>;
export type PartKey = PartQuestion["key"];

/**
 * 案例分析: one material (the stem, which may hold pictures like any stem) shared by 2 to
 * MAX_PARTS sub-questions, each one of PART_TYPES. It is one question in the bank (a draw keeps
 * it together); its points are the sum of its parts' points, and `key.parts[i]` is the key of
 * `parts[i]`.
 */
export interface GroupQuestion extends QuestionMeta, Secret {
  readonly type: "group";
  readonly stem: string;
  readonly parts: readonly GroupPart[];
  readonly key: { readonly parts: readonly PartKey[] };
}

/** Part `i` of a group as a question of its own (graded, checked, shown by its type's rules). */
export function partQuestion(group: GroupQuestion, i: number): PartQuestion & { readonly id: string } {
  const part = group.parts[i];
  const key = group.key.parts[i];
  if (!part || !key) throw new Error("partQuestion: no such part");
  return { ...part, key, explanation: "", difficulty: group.difficulty, category: [], tags: [] } as PartQuestion & { readonly id: string };
}

/** The indexes of the group's essay parts (each graded by a trainer), in the parts' order. */
export function essayPartIndexes(group: { readonly parts: readonly { readonly type: string }[] }): number[] {
  return group.parts.flatMap((p, i) => (p.type === "essay" ? [i] : []));
}

/** The group's points: its parts' points added up, in hundredths so 0.1 + 0.2 is 0.3. */
export function partPointsSum(parts: readonly { readonly points: number }[]): number {
  return parts.reduce((sum, p) => sum + Math.round(p.points * 100), 0) / 100;
}

export type Question =
  | GroupQuestion
  | SingleQuestion
  | MultipleQuestion
  | TrueFalseQuestion
  | FillQuestion
  | NumericQuestion
  | EssayQuestion
  | MatchingQuestion
  | OrderingQuestion
  | ClozeQuestion;

/**
 * The mark inserted where a blank sits inside a stem, when a format puts the blank in the
 * middle of the text (GIFT's missing-word form, Moodle cloze). A full-width pair of brackets
 * around an ideographic space is how printed Chinese papers show a blank.
 */
/** A MULTIRESPONSE gap's answer is its ticked option ids joined by commas ("" when none ticked). */
export function multiGapIds(value: string | undefined): string[] {
  return value ? value.split(",").filter((id) => id !== "") : [];
}

export function multiGapValue(ids: readonly string[]): string {
  return ids.join(",");
}

export const BLANK_MARK = "（\u3000）";

// ---------------------------------------------------------------------------------------------
// What a worker may see

declare const PUBLIC: unique symbol;

/**
 * The brand only `publicView` applies: code that sends questions to a browser should take
 * this type, so handing it a full `Question` is a type error, and the `never` fields make an
 * object literal carrying a key or an explanation one as well.
 */
interface PublicBase {
  readonly [PUBLIC]: true;
  readonly stem: string;
  readonly points: number;
  readonly key?: never;
  readonly explanation?: never;
}

export interface PublicOption {
  readonly id: string;
  /** A–H by display position. */
  readonly label: OptionLabel;
  readonly text: string;
}

export interface PublicItem {
  readonly id: string;
  readonly text: string;
}

export type PublicGap =
  | { readonly kind: "short" | "numeric"; readonly weight: number }
  | { readonly kind: "choice" | "multi"; readonly weight: number; readonly options: readonly PublicItem[] };

type PublicLeaf =
  | (PublicBase & { readonly type: "single"; readonly options: readonly PublicOption[] })
  | (PublicBase & { readonly type: "multiple"; readonly options: readonly PublicOption[]; readonly scoring: MultipleScoring })
  | (PublicBase & { readonly type: "truefalse" })
  | (PublicBase & { readonly type: "fill"; readonly blanks: number })
  | (PublicBase & { readonly type: "numeric"; readonly unit: string })
  | (PublicBase & { readonly type: "essay" })
  | (PublicBase & { readonly type: "matching"; readonly items: readonly PublicItem[]; readonly choices: readonly PublicItem[] })
  | (PublicBase & { readonly type: "ordering"; readonly items: readonly PublicItem[]; readonly scoring: OrderingScoring })
  | (PublicBase & { readonly type: "cloze"; readonly gaps: readonly PublicGap[]; readonly drag?: DragBoxes });

/** A group part as a worker sees it: its id and its type's public view (no key). */
export type PublicPart = Extract<PublicLeaf, { readonly type: PartType }> & { readonly id: string };

export type PublicQuestion = PublicLeaf | (PublicBase & { readonly type: "group"; readonly parts: readonly PublicPart[] });

/**
 * What a worker may see of a question: stem, points, the options in `optionOrder` (the order
 * fixed for the attempt; the stored order when omitted) with letters by position, the unit,
 * the number of blanks. Never the key, the explanation, the bank's metadata or a title.
 *
 * Throws when `optionOrder` is not a permutation of the option ids: an attempt keeps the
 * version it was given, so a mismatch is a bug, not user input.
 */
export function publicView(question: Question, optionOrder?: readonly string[]): PublicQuestion {
  const base = { stem: question.stem, points: question.points };
  let view: Record<string, unknown>;
  switch (question.type) {
    case "single":
      view = { type: "single", ...base, options: orderedOptions(question.options, optionOrder) };
      break;
    case "multiple":
      view = { type: "multiple", ...base, options: orderedOptions(question.options, optionOrder), scoring: question.scoring };
      break;
    case "truefalse":
      view = { type: "truefalse", ...base };
      break;
    case "fill":
      view = { type: "fill", ...base, blanks: question.key.blanks.length };
      break;
    case "numeric":
      view = { type: "numeric", ...base, unit: question.unit };
      break;
    case "essay":
      view = { type: "essay", ...base };
      break;
    case "matching":
      view = { type: "matching", ...base, items: plainItems(question.items), choices: shuffledItems(question.choices, optionOrder) };
      break;
    case "ordering":
      view = { type: "ordering", ...base, items: shuffledItems(question.items, optionOrder, question.key.order), scoring: question.scoring };
      break;
    case "cloze":
      view = {
        type: "cloze",
        ...base,
        gaps: question.gaps.map((g) =>
          g.kind === "choice" || g.kind === "multi" ? { kind: g.kind, weight: g.weight, options: plainItems(g.options) } : { kind: g.kind, weight: g.weight },
        ),
        // Which boxes may fill several gaps is what the worker sees in Moodle too.
        ...(question.drag ? { drag: { infinite: [...question.drag.infinite] } } : {}),
      };
      break;
    case "group":
      // Each part through its own type's view, so no part's key can slip through; parts keep their options' stored order.
      view = { type: "group", ...base, parts: question.parts.map((p, i) => ({ id: p.id, ...publicView(partQuestion(question, i)) })) };
      break;
    default:
      return assertNever(question);
  }
  return view as unknown as PublicQuestion;
}

function orderedOptions(options: readonly ChoiceOption[], order: readonly string[] | undefined): PublicOption[] {
  const byId = new Map(options.map((o) => [o.id, o]));
  const ids = order ?? options.map((o) => o.id);
  if (ids.length !== options.length || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) {
    throw new Error("publicView: the option order is not a permutation of the question's options");
  }
  return ids.map((id, i) => {
    const o = byId.get(id)!;
    // checkQuestion keeps a question to MAX_OPTIONS options, one label each.
    const label = OPTION_LABELS[i];
    if (!label) throw new Error("publicView: the question has more options than there are labels");
    return { id: o.id, label, text: o.text };
  });
}

const plainItems = (items: readonly ChoiceOption[]): PublicItem[] => items.map((o) => ({ id: o.id, text: o.text }));

/**
 * Matching choices and ordering items in the attempt's order; without one, in an order drawn
 * from the ids (random, so it tells nothing), never the `avoid` order (an ordering's answer).
 */
function shuffledItems(items: readonly ChoiceOption[], order: readonly string[] | undefined, avoid?: readonly string[]): PublicItem[] {
  const byId = new Map(items.map((o) => [o.id, o]));
  const ids =
    order ??
    scrambledIds(
      items.map((o) => o.id),
      avoid,
    );
  if (ids.length !== items.length || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) {
    throw new Error("publicView: the item order is not a permutation of the question's items");
  }
  return ids.map((id) => ({ id, text: byId.get(id)!.text }));
}

/** The ids in an order drawn from the ids themselves (stable, says nothing), never `avoid`'s order. */
export function scrambledIds(ids: readonly string[], avoid?: readonly string[]): string[] {
  const out = [...ids].sort((a, b) => hashOf(a) - hashOf(b) || (a < b ? -1 : 1));
  if (avoid && out.length > 1 && out.every((id, i) => id === avoid[i])) return [...out.slice(1), out[0]!];
  return out;
}

/** FNV-1a: a stable scramble of an id. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
