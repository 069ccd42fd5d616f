/**
 * The question editor's payload and its conversion to the engine's model. The editor sends
 * one JSON document (its fields change with the type); numbers come as typed text, so a
 * number that cannot be read is reported on its field rather than lost.
 */

import { z } from "zod";
import { fractionPercent, matchFraction, FRACTION_OPTIONS_FULL } from "../fractions";
import { foldWidth } from "../normalise";
import { formatClozeGaps, parseCloze } from "../import/cloze";
import {
  MAX_PARTS,
  PART_TYPES,
  partPointsSum,
  partQuestion,
  QUESTION_TYPES,
  type ChoiceOption,
  type ClozeGap,
  type ClozeGapKey,
  type Difficulty,
  type DragBoxes,
  type GroupPart,
  type NumericAnswer,
  type PartKey,
  type PartQuestion,
  type Question,
} from "../types";
import { checkQuestion, type QuestionProblem } from "../validate";
import { parseCategoryPath } from "./categories";

const text = (max: number) => z.string().max(max);

const payloadFields = z.object({
  type: z.enum(QUESTION_TYPES),
  title: text(300).default(""),
  stem: text(20_000),
  explanation: text(20_000).default(""),
  difficulty: z.string().max(10),
  points: z.string().max(20),
  category: text(1_200).default(""),
  tags: text(1_200).default(""),
  options: z
    .array(
      z.object({
        id: z.string().max(80),
        text: text(4_000),
        correct: z.boolean(),
        /** With `weighted`: the option's grade in percent as Moodle lists them ("100", "-33.33333", "0"). */
        fraction: z.string().max(20).default(""),
      }),
    )
    .max(20)
    .default([]),
  /** A grade per option, as in Moodle (single and multiple choice); multiple choice then scores partially. */
  weighted: z.boolean().default(false),
  scoring: z.enum(["all_or_nothing", "partial", "absolute", "relative"]).default("all_or_nothing"),
  /** Matching: one row per item and its answer; a row without an item adds its answer as a distractor. */
  pairs: z
    .array(z.object({ id: z.string().max(80), item: text(4_000), answer: text(4_000) }))
    .max(30)
    .default([]),
  /** Ordering: the items in the right order. */
  items: z
    .array(z.object({ id: z.string().max(80), text: text(4_000) }))
    .max(30)
    .default([]),
  truefalse: z.enum(["true", "false", ""]).default(""),
  /** One entry per blank, each the accepted answers. */
  blanks: z
    .array(z.array(text(400)).max(60))
    .max(30)
    .default([]),
  numeric: z
    .object({
      value: z.string().max(40),
      toleranceKind: z.enum(["absolute", "percent"]),
      tolerance: z.string().max(40),
      unit: text(40),
      /** Moodle's partial credit: one answer a line, "%50%212:10" (50 % for 212 ± 10), after the 100 % answer above. */
      more: text(4_000).default(""),
    })
    .default({ value: "", toleranceKind: "absolute", tolerance: "0", unit: "", more: "" }),
  reference: text(20_000).default(""),
  /**
   * Cloze: Moodle's drag and drop into text (qtype_ddwtos), kept through an edit. The text has no
   * place for it: the boxes are the choice gaps' words, and `infinite` names by their text the
   * boxes that may fill several gaps (ids are made afresh when the text is read).
   */
  drag: z.object({ infinite: z.array(text(400)).max(200) }).optional(),
});

/** A group's sub-question as the editor sends it: the fields of its type, and its id. */
const partPayload = payloadFields.extend({ id: z.string().max(80) });
export type PartPayload = z.infer<typeof partPayload>;

export const questionPayload = payloadFields.extend({
  /** 案例分析: the sub-questions, in order; the material is the stem. */
  parts: z.array(partPayload).max(MAX_PARTS).default([]),
});
export type QuestionPayload = z.infer<typeof questionPayload>;

/** Tags as typed: separated by commas, 、 or semicolons, blanks and repeats dropped. */
export function parseTagText(s: string): string[] {
  return [
    ...new Set(
      s
        .split(/[,，、;；]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** A grade typed or chosen in percent, as Moodle's fraction (a value of Moodle's list when it is one). */
function percentToFraction(s: string): number {
  const n = readNumber(s.replace(/[%％]/g, ""));
  if (n === null) return Number.NaN;
  return matchFraction(n / 100, FRACTION_OPTIONS_FULL) ?? n / 100;
}

/**
 * One line of a blank's answers: "%50%答案" is worth 50 % of the blank (as GIFT writes it),
 * any other line 100 %.
 */
const PARTIAL_LINE = /^%\s*([\d.]+)\s*%\s*(-?[\d.]+)\s*(?::\s*([\d.]+))?$/;

const WEIGHTED_LINE = /^[%％]\s*(-?[\d.]+)\s*[%％]\s*(.*)$/;

/** A number as typed, full-width digits and separators allowed; null when it is not one. */
export function readNumber(s: string): number | null {
  const t = foldWidth(s).trim().replace(/,/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * The payload as a question, and every problem with it: those of reading the form (a number
 * that is not one, no correct option chosen) and then checkQuestion's. Either `question`
 * with no problems, or problems.
 */
export function payloadToQuestion(p: QuestionPayload): { question: Question | null; problems: QuestionProblem[] } {
  const problems: QuestionProblem[] = [];
  const difficulty = readNumber(p.difficulty);
  const points = readNumber(p.points);
  if (difficulty === null) problems.push({ field: "difficulty", code: "quiz.question.badDifficulty", params: { value: p.difficulty } });
  if (points === null) problems.push({ field: "points", code: "quiz.question.badPoints", params: { value: p.points, max: 1000 } });
  const meta = {
    ...(p.title.trim() ? { title: p.title.trim() } : {}),
    stem: p.stem.replace(/\r\n?/g, "\n"),
    explanation: p.explanation.replace(/\r\n?/g, "\n").trim(),
    difficulty: (difficulty ?? 3) as Difficulty,
    points: points ?? 1,
    category: parseCategoryPath(p.category),
    tags: parseTagText(p.tags),
  };
  const options = p.options.map((o) => ({ id: o.id, text: o.text.trim() }));
  const weighted = p.weighted && (p.type === "single" || p.type === "multiple");
  const fractions = Object.fromEntries(p.options.map((o) => [o.id, percentToFraction(o.fraction || "0")]));
  // With grades, the correct options follow from them: the first worth the most on a single
  // answer, every one worth more than 0 on a multiple answer.
  const best = p.options.reduce<string | null>((b, o) => (b === null || (fractions[o.id] ?? 0) > (fractions[b] ?? 0) ? o.id : b), null);
  const correct = weighted
    ? p.type === "single"
      ? best === null
        ? []
        : [best]
      : p.options.filter((o) => (fractions[o.id] ?? 0) > 0).map((o) => o.id)
    : p.options.filter((o) => o.correct).map((o) => o.id);
  let q: Question;
  switch (p.type) {
    case "single":
      if (correct.length > 1) problems.push({ field: "answer", code: "quiz.question.singleNeedsOne" });
      q = { ...meta, type: "single", options, key: { correct: correct[0] ?? "", ...(weighted ? { fractions } : {}) } };
      if (correct.length === 0) problems.push({ field: "answer", code: "quiz.question.noCorrect" });
      break;
    case "multiple":
      q = weighted
        ? { ...meta, type: "multiple", options, scoring: "partial", key: { correct, fractions } }
        : { ...meta, type: "multiple", options, scoring: p.scoring === "partial" ? "partial" : "all_or_nothing", key: { correct } };
      break;
    case "matching": {
      const items: ChoiceOption[] = [];
      const choices: ChoiceOption[] = [];
      const pairs: Record<string, string> = {};
      for (const row of p.pairs) {
        const item = row.item.trim();
        const answer = row.answer.trim();
        if (item === "" && answer === "") continue;
        let choice = choices.find((c) => c.text === answer);
        if (!choice && answer !== "") {
          choice = { id: `c${row.id}`.slice(0, 64), text: answer };
          choices.push(choice);
        }
        if (item === "") continue;
        items.push({ id: row.id, text: item });
        if (choice) pairs[row.id] = choice.id;
      }
      q = { ...meta, type: "matching", items, choices, key: { pairs } };
      break;
    }
    case "ordering": {
      const items = p.items.map((o) => ({ id: o.id, text: o.text.trim() })).filter((o) => o.text !== "");
      q = { ...meta, type: "ordering", items, scoring: p.scoring === "partial" ? "all_or_nothing" : p.scoring, key: { order: items.map((o) => o.id) } };
      break;
    }
    case "cloze": {
      // The text in Moodle's own syntax: {1:SHORTANSWER:=…}, {2:NUMERICAL:=3:0.1}, {1:MULTICHOICE:=a~b}.
      const cloze = parseCloze(meta.stem, randomId);
      if (!cloze.ok) {
        problems.push({ field: "stem", code: cloze.code, ...(cloze.params ? { params: cloze.params } : {}) });
        q = { ...meta, type: "cloze", gaps: [], key: { gaps: [] } };
      } else {
        const plain = { gaps: cloze.gaps.map((g) => g.gap), keys: cloze.gaps.map((g) => g.key) };
        const boxes = p.drag ? asDragBoxes(plain.gaps, plain.keys, p.drag.infinite) : null;
        q = {
          ...meta,
          stem: cloze.stem,
          type: "cloze",
          gaps: boxes?.gaps ?? plain.gaps,
          ...(boxes ? { drag: boxes.drag } : {}),
          key: { gaps: boxes?.keys ?? plain.keys },
        };
      }
      break;
    }
    case "truefalse":
      if (p.truefalse === "") problems.push({ field: "answer", code: "quiz.question.noCorrect" });
      q = { ...meta, type: "truefalse", key: { correct: p.truefalse === "true" } };
      break;
    case "fill": {
      // Each line an accepted answer; "%50%answer" is worth part of the blank.
      const read = p.blanks.map((alts) => {
        const seen = new Map<string, number>();
        for (const line of alts) {
          const m = WEIGHTED_LINE.exec(line.trim());
          const answer = (m ? m[2]! : line).trim();
          if (answer !== "" && !seen.has(answer)) seen.set(answer, m ? percentToFraction(m[1]!) : 1);
        }
        return seen;
      });
      const blanks = read.map((m) => [...m.keys()]);
      const weightedFill = read.some((m) => [...m.values()].some((f) => f !== 1));
      q = { ...meta, type: "fill", key: { blanks, ...(weightedFill ? { fractions: read.map((m) => [...m.values()]) } : {}) } };
      break;
    }
    case "numeric": {
      const value = readNumber(p.numeric.value);
      const tol = p.numeric.tolerance.trim() === "" ? 0 : readNumber(p.numeric.tolerance);
      if (value === null) problems.push({ field: "answer", code: "quiz.question.badNumber", params: { value: p.numeric.value } });
      if (tol === null) problems.push({ field: "answer", code: "quiz.question.badTolerance", params: { value: p.numeric.tolerance } });
      const main = { value: value ?? 0, tolerance: { kind: p.numeric.toleranceKind, value: tol ?? 0 } } as const;
      const more: NumericAnswer[] = [];
      for (const line of p.numeric.more
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)) {
        const m = PARTIAL_LINE.exec(foldWidth(line));
        const v = m ? readNumber(m[2]!) : null;
        const t = m?.[3] ? readNumber(m[3]) : 0;
        if (!m || v === null || t === null) {
          problems.push({ field: "answer", code: "quiz.import.badNumericAnswer", params: { value: line } });
          continue;
        }
        more.push({ value: v, tolerance: { kind: "absolute", value: t }, fraction: percentToFraction(m[1]!) });
      }
      q = { ...meta, type: "numeric", unit: p.numeric.unit.trim(), key: { ...main, ...(more.length ? { answers: [{ ...main, fraction: 1 }, ...more] } : {}) } };
      break;
    }
    case "essay":
      q = { ...meta, type: "essay", key: { reference: p.reference.replace(/\r\n?/g, "\n").trim() } };
      break;
    case "group": {
      const parts = groupParts(p, problems);
      if (!parts) return { question: null, problems };
      q = { ...meta, type: "group", points: partPointsSum(parts.content), parts: parts.content, key: { parts: parts.keys } };
      break;
    }
  }
  // Problems already found on a field make checkQuestion's about the same field noise.
  const seen = new Set(problems.map((x) => `${x.field}:${x.code}`));
  for (const x of checkQuestion(q)) {
    if (seen.has(`${x.field}:${x.code}`)) continue;
    if ((x.field === "difficulty" && difficulty === null) || (x.field === "points" && points === null)) continue;
    if (x.code === "quiz.question.answerNotAnOption" && correct.length === 0) continue;
    // With grades, a single answer without a 100 % option is fractionsNoMax; the derived key adds nothing.
    if (x.code === "quiz.question.fractionsMismatch" && problems.some((y) => y.code === "quiz.question.fractionsNoMax")) continue;
    problems.push(x);
  }
  return problems.length ? { question: null, problems } : { question: q, problems };
}

/**
 * A group's parts read as questions of their own types (so each gets its type's reading and
 * checks); null, with each part's problems after a line naming the part, when any has one.
 */
function groupParts(p: QuestionPayload, problems: QuestionProblem[]): { content: GroupPart[]; keys: PartKey[] } | null {
  const content: GroupPart[] = [];
  const keys: PartKey[] = [];
  p.parts.forEach((pp, i) => {
    const part = i + 1;
    if (!(PART_TYPES as readonly string[]).includes(pp.type)) {
      problems.push({ field: "type", code: "quiz.question.badPartType", params: { part } });
      return;
    }
    const r = payloadToQuestion({ ...pp, title: "", explanation: "", difficulty: p.difficulty, category: "", tags: "", parts: [] });
    if (!r.question) {
      problems.push({ field: r.problems[0]?.field ?? "answer", code: "quiz.question.partInvalid", params: { part } }, ...r.problems);
      return;
    }
    const { key, explanation: _e, difficulty: _d, category: _c, tags: _t, title: _ti, penalty: _p, ...rest } = r.question as PartQuestion;
    content.push({ ...rest, id: pp.id } as GroupPart);
    keys.push(key);
  });
  return problems.length ? null : { content, keys };
}

/** The editor's payload for an existing question (or version). */
export function questionToPayload(q: Question): QuestionPayload {
  const base = {
    type: q.type,
    title: q.title ?? "",
    stem: q.stem,
    explanation: q.explanation,
    difficulty: String(q.difficulty),
    points: String(q.points),
    category: q.category.join("/"),
    tags: q.tags.join("，"),
    options: [] as QuestionPayload["options"],
    weighted: false,
    scoring: "all_or_nothing" as QuestionPayload["scoring"],
    truefalse: "" as QuestionPayload["truefalse"],
    blanks: [] as string[][],
    numeric: { value: "", toleranceKind: "absolute" as const, tolerance: "0", unit: "", more: "" } as QuestionPayload["numeric"],
    reference: "",
    pairs: [] as QuestionPayload["pairs"],
    items: [] as QuestionPayload["items"],
    parts: [] as QuestionPayload["parts"],
  };
  switch (q.type) {
    case "single":
    case "multiple": {
      const f = q.key.fractions;
      const isCorrect = (id: string) => (q.type === "single" ? q.key.correct === id : q.key.correct.includes(id));
      const options = q.options.map((o) => ({ id: o.id, text: o.text, correct: isCorrect(o.id), fraction: f ? fractionPercent(f[o.id] ?? 0) : "" }));
      return { ...base, ...(q.type === "multiple" ? { scoring: q.scoring } : {}), weighted: f !== undefined, options };
    }
    case "truefalse":
      return { ...base, truefalse: q.key.correct ? "true" : "false" };
    case "fill": {
      const f = q.key.fractions;
      return { ...base, blanks: q.key.blanks.map((b, i) => b.map((a, k) => (f && f[i]?.[k] !== 1 ? `%${fractionPercent(f[i]?.[k] ?? 1)}%${a}` : a))) };
    }
    case "numeric": {
      // The answer shown is the 100 % one; the others (Moodle's partial credit) follow it, one a line.
      const main = q.key.answers?.find((a) => a.fraction === 1);
      const more = (q.key.answers ?? [])
        .filter((a) => a !== main)
        .map(
          (a) =>
            `%${fractionPercent(a.fraction)}%${a.value}:${a.tolerance.kind === "percent" ? Math.abs(a.value * a.tolerance.value) / 100 : a.tolerance.value}`,
        )
        .join("\n");
      return {
        ...base,
        numeric: { value: String(q.key.value), toleranceKind: q.key.tolerance.kind, tolerance: String(q.key.tolerance.value), unit: q.unit, more },
      };
    }
    case "essay":
      return { ...base, reference: q.key.reference };
    case "matching": {
      const used = new Set(Object.values(q.key.pairs));
      const rows = q.items.map((item) => ({ id: item.id, item: item.text, answer: q.choices.find((c) => c.id === q.key.pairs[item.id])?.text ?? "" }));
      const distractors = q.choices.filter((c) => !used.has(c.id)).map((c) => ({ id: c.id, item: "", answer: c.text }));
      return { ...base, pairs: [...rows, ...distractors] };
    }
    case "ordering":
      return { ...base, scoring: q.scoring, items: q.items.map((o) => ({ id: o.id, text: o.text })) };
    case "cloze": {
      const texts = new Map(q.gaps.flatMap((g) => (g.kind === "choice" ? g.options.map((o) => [o.id, o.text] as const) : [])));
      return {
        ...base,
        stem: formatClozeGaps(q.stem, q.gaps, q.key.gaps),
        ...(q.drag ? { drag: { infinite: [...new Set(q.drag.infinite.map((id) => texts.get(id)).filter((t): t is string => t !== undefined))] } } : {}),
      };
    }
    case "group":
      return {
        ...base,
        parts: q.parts.map((part, i) => {
          const { parts: _, ...fields } = questionToPayload(partQuestion(q, i));
          return { ...fields, id: part.id };
        }),
      };
  }
}

/**
 * Choice gaps read from the text as drag and drop boxes: the gaps offering the same words are one
 * group, and a word is one box of its group, one id in every gap of it (as the Moodle importer
 * makes them); `infinite` names boxes by their word. Null when a gap is not a choice gap (such a
 * text is no longer a drag and drop question: it is kept as the cloze it now is).
 */
function asDragBoxes(gaps: ClozeGap[], keys: ClozeGapKey[], infinite: readonly string[]): { gaps: ClozeGap[]; keys: ClozeGapKey[]; drag: DragBoxes } | null {
  if (gaps.some((g) => g.kind !== "choice")) return null;
  const ids = new Map<string, string>();
  const outGaps: ClozeGap[] = [];
  const outKeys: ClozeGapKey[] = [];
  const endless = new Set<string>();
  gaps.forEach((g, i) => {
    const k = keys[i];
    if (g.kind !== "choice" || k?.kind !== "choice") return;
    const group = [...g.options.map((o) => o.text)].sort().join("\u0000");
    const rename = new Map<string, string>();
    for (const o of g.options) {
      const box = `${group}\u0001${o.text}`;
      if (!ids.has(box)) ids.set(box, o.id);
      rename.set(o.id, ids.get(box)!);
      if (infinite.includes(o.text)) endless.add(ids.get(box)!);
    }
    outGaps.push({ ...g, options: g.options.map((o) => ({ ...o, id: rename.get(o.id)! })) });
    outKeys.push({ ...k, fractions: Object.fromEntries(Object.entries(k.fractions).map(([id, f]) => [rename.get(id) ?? id, f])) });
  });
  return { gaps: outGaps, keys: outKeys, drag: { infinite: [...endless] } };
}

/** 12 random base-36 characters: an option id that says nothing about its position. */
function randomId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36]).join("");
}

/**
 * A fresh payload for a new question: four empty options and the usual defaults. The option ids
 * are made here, on the server, so the page renders the same ids it hydrates with.
 */
export function emptyPayload(category = "", newId: () => string = randomId): QuestionPayload {
  return {
    type: "single",
    title: "",
    stem: "",
    explanation: "",
    difficulty: "3",
    points: "1",
    category,
    tags: "",
    options: Array.from({ length: 4 }, () => ({ id: newId(), text: "", correct: false, fraction: "" })),
    weighted: false,
    scoring: "all_or_nothing",
    truefalse: "",
    blanks: [[""]],
    numeric: { value: "", toleranceKind: "absolute", tolerance: "0", unit: "", more: "" },
    reference: "",
    pairs: Array.from({ length: 3 }, () => ({ id: newId(), item: "", answer: "" })),
    items: Array.from({ length: 4 }, () => ({ id: newId(), text: "" })),
    parts: [],
  };
}
