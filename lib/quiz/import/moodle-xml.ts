/**
 * Moodle XML question files, import and export.
 *
 * Types: multichoice (single → single; multiple → multiple with partial credit),
 * multichoiceset (the all-or-nothing plugin → multiple, all or nothing), truefalse,
 * shortanswer (→ fill with one blank), multianswer / cloze (→ fill when every gap is a short
 * answer worth 1, else cloze with short-answer, numerical and choice gaps, see cloze.ts),
 * numerical (with Moodle's partial credit), matching, ordering (qtype_ordering: the answers'
 * fractions are the right positions), essay, and category entries. Anything else
 * (description, calculated, drag and drop, random…) is refused by name.
 *
 * Text: questiontext and answers in format html (Moodle's default) and moodle_auto_format
 * are turned into plain text (html-text.ts), since the bank stores plain text only; plain_text
 * and markdown are kept exactly. Export writes plain_text in CDATA, which Moodle shows as
 * written (escaped, line breaks kept), so export then import gives back the same text.
 * Pictures: an <img> of a @@PLUGINFILE@@ file carried base64 in the field (questiontext, answers,
 * generalfeedback, matching items) and the older <image>/<image_base64> become pictures (the
 * caller stores them, ImportOptions.media); so does a short audio or video clip, an <audio> or
 * <video> of such a file or a link to it (exported back as <audio>/<video>); any picture, medium or attached file that cannot be
 * kept refuses the question by name, since a question that asks about a picture is wrong without it.
 *
 * What Moodle cannot express is carried in extra elements that Moodle's importer skips:
 * <difficulty> on a question, and <tolerancepercent> on a numerical answer (Moodle gets the
 * equivalent absolute tolerance too, so it grades the same).
 *
 * Grades: Moodle's per-answer fractions on multichoice and shortanswer (and cloze short-answer
 * blanks) are kept as the question's `key.fractions` and graded as Moodle grades them
 * (grading.ts), unless they say exactly what JobReady's own rule says (one 100 % answer and
 * 0 % for the rest; ±100/C on a multiple answer), in which case the question is stored without
 * them, as before. A question Moodle would refuse for its grades is refused, named, with
 * Moodle's reason: a grade not in Moodle's list (question_bank::fraction_options_full, matched
 * within 0.00001), a single answer without a 100 % option, a multiple answer whose positive
 * grades do not add up to 100 %, a short answer without a 100 % answer. The penalty is kept
 * (Moodle's default 0.3333333 when the element is absent; 0 is stored as no penalty).
 * Numerical answers worth part of the points are kept (key.answers, graded first match as
 * qtype_numerical does). Per-answer feedback is not imported; the general feedback is the explanation.
 * Short answers marked case-sensitive (<usecase>1) are compared like every fill-in answer here,
 * without regard to case. Moodle's type name for cloze, "cloze", is read as "multianswer".
 */

import { decimalOf, formatDecimal, multiply, parseDecimal, toNumber } from "../decimal";
import type { MessageParams, QuizMessageCode } from "../codes";
import { FRACTION_OPTIONS_FULL, FRACTION_UNIT, fractionPercent, isPlusMinusOneOverC, matchFraction, toUnits } from "../fractions";
import {
  BLANK_MARK,
  DEFAULT_DIFFICULTY,
  DEFAULT_POINTS,
  MAX_OPTIONS,
  partQuestion,
  type ChoiceOption,
  type ClozeGap,
  type ClozeGapKey,
  type DragBoxes,
  type Difficulty,
  type GroupQuestion,
  type NumericAnswer,
  type OrderingScoring,
  type Question,
} from "../types";
import { checkQuestion, type QuestionField } from "../validate";
import { formatMoodlePath, parseMoodlePath } from "./category";
import { formatCloze, formatClozeGaps, parseCloze } from "./cloze";
import { numericKeyOf, type NumericKey } from "./numeric";
import { decodeHtmlEntities, htmlToText } from "./html-text";
import {
  MAX_PROBLEMS,
  MAX_QUESTIONS,
  atLine,
  fail,
  finish,
  randomId,
  stopped,
  tooLarge,
  unixLines,
  type ImportOptions,
  type ImportedPicture,
  type ImportProblem,
  type ImportResult,
} from "./problems";
import { readText } from "./text";
import { sniffImage } from "@/lib/storage/images";
import { sniffClip } from "../clips";
import { mediaRefs, mediaToken, splitMedia, withoutMedia } from "../media-refs";
import { cdata, childElements, escapeXml, firstChild, streamXml, textContent, type XmlElement } from "./xml";

/** Elements and texts in one <question>: a real one has a few dozen, a cloze with many blanks a few hundred. */
const MAX_QUESTION_NODES = 10_000;

class QuestionError extends Error {
  constructor(
    readonly line: number,
    readonly code: QuizMessageCode,
    readonly params?: MessageParams,
  ) {
    super(code);
  }
}

/**
 * The first line of the stem without its pictures, shortened: what export writes as <name> when
 * there is no title (a picture's token says nothing to a reader, and its id changes between banks).
 */
export function derivedName(stem: string): string {
  // Splitting always gives at least one line.
  const [line = ""] = withoutMedia(stem).split("\n");
  const first = line.trim();
  const chars = [...first];
  return chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : first;
}

interface Text {
  text: string;
  hasMedia: boolean;
}

/**
 * The pictures of the question being read (set around each synchronous readQuestion): kept in
 * `pending` under placeholder ids until the question is accepted, then handed to the caller.
 */
let pictures: { pending: Map<string, ImportedPicture> } | null = null;

function placeholder(name: string, bytes: Uint8Array): string | null {
  if (!pictures) return null;
  const clip = sniffImage(bytes) ? null : sniffClip(bytes);
  if (!sniffImage(bytes) && !clip) return null;
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
  pictures.pending.set(id, { name, bytes });
  return mediaToken({ id, width: 0, height: 0, kind: clip?.kind });
}

const base64Bytes = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "base64"));

/**
 * A text field (questiontext, an answer, feedback) as plain text, by its format attribute. An
 * <img> whose src is @@PLUGINFILE@@/name with a base64 <file name="name"> beside it that is a
 * JPEG, PNG or WebP becomes a picture placeholder on its own line; any other picture, medium
 * or attached file that no <img> shows is `hasMedia` (the question is refused, never imported
 * without it).
 */
function readFormatted(el: XmlElement | undefined): Text {
  if (!el) return { text: "", hasMedia: false };
  const t = firstChild(el, "text");
  // Files from Moodle 1.x put the text straight in the element, without <text>.
  const direct = el.children.map((c) => (c.type === "text" ? c.text : "")).join("");
  const raw = unixLines(t ? textContent(t) : direct);
  const files = new Map(childElements(el, "file").map((f) => [f.attrs.name ?? "", f]));
  const format = el.attrs.format ?? "html";
  if (format === "plain_text" || format === "markdown") return { text: raw.trim(), hasMedia: files.size > 0 };
  const html = format === "moodle_auto_format" ? raw.replace(/\n/g, "<br>") : raw;
  const used = new Set<string>();
  const picture = (src: string) => {
    const m = /^@@PLUGINFILE@@\/(.+)$/.exec(src.trim());
    if (!m) return null;
    let name: string;
    try {
      name = decodeURIComponent(m[1]!);
    } catch {
      return null;
    }
    const file = files.get(name);
    if (!file || (file.attrs.encoding ?? "base64") !== "base64") return null;
    const token = placeholder(name, base64Bytes(textContent(file)));
    if (token) used.add(name);
    return token;
  };
  const r = (format === "html" && exactPreWrap(html, picture)) || htmlToText(html, picture);
  return { text: r.text, hasMedia: r.hasMedia || [...files.keys()].some((n) => !used.has(n)) };
}

const EXPORTED_IMG = /<img src="([^"<>]*)" alt="" width="\d{1,5}" height="\d{1,5}">|<(audio|video) controls src="([^"<>]*)"><\/\2>/g;

/**
 * The HTML export writes for a text with pictures, read back exactly: the text escaped in a
 * `white-space: pre-wrap` <div>, which a browser shows as written (spaces, line breaks), with
 * <img> elements in place. Anything else in the HTML (another tag, an edit in Moodle's editor)
 * is null, and the field is read as any HTML is (htmlToText).
 */
function exactPreWrap(html: string, picture: (src: string) => string | null): { text: string; hasMedia: boolean } | null {
  const open = '<div style="white-space: pre-wrap">';
  if (!html.startsWith(open) || !html.endsWith("</div>")) return null;
  const inner = html.slice(open.length, -"</div>".length);
  let out = "";
  let hasMedia = false;
  let last = 0;
  const textPart = (t: string) => {
    if (t.includes("<") || t.includes(">")) return false;
    out += decodeHtmlEntities(t);
    return true;
  };
  for (const m of inner.matchAll(EXPORTED_IMG)) {
    if (!textPart(inner.slice(last, m.index))) return null;
    const token = picture(decodeHtmlEntities(m[1] ?? m[3]!));
    if (token === null) hasMedia = true;
    else out += token;
    last = m.index + m[0].length;
  }
  if (!textPart(inner.slice(last))) return null;
  return { text: out.trim(), hasMedia };
}

/** Moodle's older question image (<image> and <image_base64>), put after the stem; one without its data is refused. */
function withOldImage(q: XmlElement, stem: Text): Text {
  const image = firstChild(q, "image");
  const data = firstChild(q, "image_base64");
  const path = image ? plain(image) : "";
  const b64 = data ? textContent(data).trim() : "";
  if (!path && !b64) return stem;
  const token = b64 ? placeholder(path.split("/").pop() || "image", base64Bytes(b64)) : null;
  if (!token) return { ...stem, hasMedia: true };
  return { ...stem, text: stem.text ? `${stem.text}\n${token}` : token };
}

function plain(el: XmlElement | undefined): string {
  if (!el) return "";
  const t = firstChild(el, "text");
  return unixLines(textContent(t ?? el)).trim();
}

function readNumber(el: XmlElement | undefined): number | null {
  if (!el) return null;
  const d = parseDecimal(plain(el));
  return d ? toNumber(d) : null;
}

interface Answer {
  el: XmlElement;
  fraction: number;
  text: string;
}

function readAnswers(q: XmlElement, formatted: boolean): Answer[] {
  return childElements(q, "answer").map((el) => {
    const f = parseDecimal((el.attrs.fraction ?? "0").trim());
    if (!f) throw new QuestionError(el.line, "quiz.import.moodle.badFraction", { value: el.attrs.fraction ?? "" });
    let text: string;
    if (formatted) {
      const t = readFormatted(el);
      if (t.hasMedia) throw new QuestionError(el.line, "quiz.import.moodle.images");
      text = t.text;
    } else text = plain(el);
    return { el, fraction: toNumber(f) ?? 0, text };
  });
}

/** qtype_ordering's grading types kept here, by name and by number. */
const ORDERING_GRADING: Record<string, OrderingScoring> = {
  ALL_OR_NOTHING: "all_or_nothing",
  "-1": "all_or_nothing",
  ABSOLUTE_POSITION: "absolute",
  "0": "absolute",
  RELATIVE_TO_CORRECT: "relative",
  "7": "relative",
};

const SUPPORTED = new Set([
  "multichoice",
  "multichoiceset",
  "truefalse",
  "shortanswer",
  "multianswer",
  "cloze",
  "numerical",
  "essay",
  "matching",
  "ordering",
  "gapselect",
  "ddwtos",
]);

/**
 * qtype_gapselect (选词填空 from lists) and qtype_ddwtos (drag and drop into text): `[[n]]` in the
 * text is a gap whose right answer is the n-th choice, offering every choice of that choice's
 * group; Moodle grades each gap alike (right gaps / gaps, qtype_gapselect_question_base), so each
 * becomes a choice gap of a cloze question worth 1. Choices of one text in a group are one.
 * A ddwtos question keeps its boxes (DragBoxes): a box has one id in all the gaps of its group,
 * and is infinite when Moodle's is (<infinite/>) or when the file has it more than once in the
 * group (Moodle's older way of letting a word fill two gaps).
 */
/** The choice groups Moodle's gapselect and ddwtos editing form offers (MAX_GROUPS). */
const MAX_GAP_GROUPS = 8;

function readGapChoices(el: XmlElement, type: string, stem: string, newId: () => string) {
  const drag = type === "ddwtos";
  const choices = childElements(el, drag ? "dragbox" : "selectoption").map((c) => ({
    text: plain(firstChild(c, "text")),
    group: plain(firstChild(c, "group")) || "1",
    infinite: firstChild(c, "infinite") !== undefined,
  }));
  // One box per text and group, its id shared by the gaps (ddwtos) or made per gap (gapselect).
  const boxes = new Map<string, ChoiceOption & { group: string; copies: number; infinite: boolean }>();
  for (const c of choices) {
    if (c.text === "") continue;
    const k = `${c.group}\n${c.text}`;
    const had = boxes.get(k);
    if (had) boxes.set(k, { ...had, copies: had.copies + 1, infinite: had.infinite || c.infinite });
    else boxes.set(k, { id: newId(), text: c.text, group: c.group, copies: 1, infinite: c.infinite });
  }
  // Moodle's editing form (qtype_gapselect_edit_form_base) offers groups 1 to MAX_GAP_GROUPS only.
  const badGroup =
    choices.find((c) => c.text !== "" && !/^[1-9]\d*$/.test(c.group.trim())) ?? choices.find((c) => c.text !== "" && Number(c.group) > MAX_GAP_GROUPS);
  if (badGroup) throw new QuestionError(el.line, "quiz.import.moodle.gapGroupRange", { group: badGroup.group, max: MAX_GAP_GROUPS });
  // A gap offers every box of its group: more than a question here can offer is refused, named.
  const sizes = new Map<string, number>();
  for (const b of boxes.values()) sizes.set(b.group, (sizes.get(b.group) ?? 0) + 1);
  for (const [group, count] of sizes)
    if (count > MAX_OPTIONS) throw new QuestionError(el.line, "quiz.import.moodle.gapGroupTooBig", { group, count, max: MAX_OPTIONS });
  // qtype_ddwtos_edit_form::extra_slot_validation (errorlimitedchoice): a choice number used in two
  // gaps must be Unlimited, whether or not another box of the group has the same text.
  if (drag) {
    const used = [...stem.matchAll(/\[\[(\d+)\]\]/g)].map((m) => Number(m[1]));
    const twice = used.find((n, i) => used.indexOf(n) !== i && choices[n - 1] && !choices[n - 1]!.infinite);
    if (twice !== undefined) throw new QuestionError(el.line, "quiz.question.dragBoxReused", { box: choices[twice - 1]!.text });
  }
  const gaps: ClozeGap[] = [];
  const keys: ClozeGapKey[] = [];
  let missing: string | null = null;
  const text = stem.replace(/\[\[(\d+)\]\]/g, (whole, n: string) => {
    const right = choices[Number(n) - 1];
    if (!right || right.text === "") {
      missing ??= n;
      return whole;
    }
    const group = [...boxes.values()].filter((b) => b.group === right.group);
    const options: ChoiceOption[] = group.map((b) => ({ id: drag ? b.id : newId(), text: b.text }));
    const rightId = options[group.findIndex((b) => b.text === right.text)]!.id;
    gaps.push({ kind: "choice", weight: 1, options });
    keys.push({ kind: "choice", fractions: Object.fromEntries(options.map((o) => [o.id, o.id === rightId ? 1 : 0])) });
    return BLANK_MARK;
  });
  if (missing !== null) throw new QuestionError(el.line, "quiz.import.moodle.gapChoiceMissing", { gap: missing });
  if (gaps.length === 0) throw new QuestionError(el.line, "quiz.import.moodle.noGaps");
  const dragBoxes: DragBoxes | undefined = drag ? { infinite: [...boxes.values()].filter((b) => b.infinite || b.copies > 1).map((b) => b.id) } : undefined;
  return { text, gaps, keys, drag: dragBoxes };
}

/** Moodle's default penalty when a file has none (qformat_xml). */
const DEFAULT_PENALTY = 0.3333333;

/**
 * Moodle's importer check (qformat_default::importprocess with matchgrades = "error"): every
 * answer's grade is one of Moodle's, else the question is skipped, named, with the grades.
 */
function checkGrades(question: string, answers: readonly { fraction: number; el: XmlElement }[], line: number): void {
  const invalid = answers.filter((a) => matchFraction(a.fraction / 100, FRACTION_OPTIONS_FULL) === null);
  if (invalid.length) {
    throw new QuestionError(invalid[0]?.el.line ?? line, "quiz.import.moodle.invalidGrade", {
      question,
      grades: invalid.map((a) => fractionPercent(a.fraction / 100)).join(", "),
    });
  }
}

export async function importMoodleXml(file: Uint8Array | string, opts: ImportOptions = {}): Promise<ImportResult> {
  const size = typeof file === "string" ? file.length : file.byteLength;
  const big = tooLarge(size);
  if (big) return fail([big]);
  const read = typeof file === "string" ? { ok: true as const, text: file } : readText(file);
  if (!read.ok) return fail([read.problem]);
  const source = read.text;
  if (source.trim() === "") return fail([{ code: "quiz.import.empty" }]);
  const newId = opts.newId ?? randomId;
  const questions: Question[] = [];
  const problems: ImportProblem[] = [];
  let category: string[] = [];
  /** <question> elements other than categories: reading stops past MAX_QUESTIONS. */
  let seen = 0;
  let stop: ImportResult | null = null;
  // Each <question> is converted as soon as it has been read and its tree dropped, so memory
  // holds one question's tree at a time; reading stops at the limits instead of the file's end.
  const parsed = streamXml(
    source,
    (el, root) => {
      if (root.name !== "quiz" || el.name !== "question") return;
      const type = el.attrs.type ?? "";
      if (type === "category") {
        category = parseMoodlePath(plain(firstChild(el, "category")));
        return;
      }
      if (++seen > MAX_QUESTIONS) {
        stop = fail([{ code: "quiz.import.tooManyQuestionsStopped", params: { limit: MAX_QUESTIONS } }]);
        return false;
      }
      if (!SUPPORTED.has(type)) problems.push({ line: el.line, code: "quiz.import.moodle.unsupportedType", params: { type } });
      else {
        pictures = opts.media ? { pending: new Map() } : null;
        try {
          const q = readQuestion(el, type, category, newId);
          const found = checkQuestion(q);
          for (const p of found) problems.push(atLine(lineOf(el, p.field, p.option), p));
          if (found.length === 0) {
            questions.push(q);
            for (const [id, pic] of pictures?.pending ?? []) opts.media?.set(id, pic);
          }
        } catch (e) {
          if (!(e instanceof QuestionError)) throw e;
          problems.push({ line: e.line, code: e.code, ...(e.params ? { params: e.params } : {}) });
        } finally {
          pictures = null;
        }
      }
      if (problems.length >= MAX_PROBLEMS) {
        stop = stopped(problems);
        return false;
      }
      return;
    },
    MAX_QUESTION_NODES,
  );
  if (!parsed.ok) return fail([{ line: parsed.line, code: parsed.code, ...(parsed.params ? { params: parsed.params } : {}) }]);
  if (parsed.root.name !== "quiz") return fail([{ line: parsed.root.line, code: "quiz.import.moodle.notQuiz" }]);
  if (stop) return stop;
  return finish(questions, problems);
}

/** The line of the element a problem is about, else the question's own. */
function lineOf(q: XmlElement, field: QuestionField, option?: number): number {
  const el: Record<QuestionField, XmlElement | undefined> = {
    type: undefined,
    title: firstChild(q, "name"),
    stem: firstChild(q, "questiontext"),
    options: childElements(q, "answer")[option ?? 0],
    answer: undefined,
    explanation: firstChild(q, "generalfeedback"),
    difficulty: firstChild(q, "difficulty"),
    category: undefined,
    points: firstChild(q, "defaultgrade"),
    tags: firstChild(q, "tags"),
    unit: firstChild(q, "units"),
    scoring: undefined,
  };
  return el[field]?.line ?? q.line;
}

function readQuestion(el: XmlElement, type: string, category: string[], newId: () => string): Question {
  const need = (name: string) => {
    const c = firstChild(el, name);
    if (!c) throw new QuestionError(el.line, "quiz.import.moodle.missingElement", { element: name });
    return c;
  };
  const stemText = withOldImage(el, readFormatted(need("questiontext")));
  if (stemText.hasMedia) throw new QuestionError(firstChild(el, "questiontext")!.line, "quiz.import.moodle.images");
  const name = plain(firstChild(el, "name"));
  const explanation = readFormatted(firstChild(el, "generalfeedback"));
  if (explanation.hasMedia) throw new QuestionError(firstChild(el, "generalfeedback")!.line, "quiz.import.moodle.images");
  const difficultyEl = firstChild(el, "difficulty");
  const difficulty = difficultyEl ? (readNumber(difficultyEl) ?? Number.NaN) : DEFAULT_DIFFICULTY;
  const gradeEl = firstChild(el, "defaultgrade");
  const points = gradeEl ? (readNumber(gradeEl) ?? Number.NaN) : DEFAULT_POINTS;
  const tagsEl = firstChild(el, "tags");
  const tags = tagsEl
    ? childElements(tagsEl, "tag")
        .map((t) => plain(t))
        .filter((t) => t !== "")
    : [];
  const penaltyEl = firstChild(el, "penalty");
  const penaltyValue = penaltyEl ? (readNumber(penaltyEl) ?? Number.NaN) : DEFAULT_PENALTY;
  const qname = name || derivedName(stemText.text);
  const common = {
    ...(penaltyValue === 0 ? {} : { penalty: penaltyValue }),
    explanation: explanation.text,
    difficulty: difficulty as Difficulty,
    points,
    category,
    tags: [...new Set(tags)],
  };
  const withStem = (stem: string) => {
    const title = name !== "" && name !== derivedName(stem) ? { title: name } : {};
    return { ...title, stem, ...common };
  };

  switch (type) {
    case "multichoice":
    case "multichoiceset": {
      const answers = readAnswers(el, true);
      checkGrades(qname, answers, el.line);
      // Each answer with the option it becomes, its grade as Moodle stores it (−1..1).
      const choices = answers.map((a) => ({
        fraction: matchFraction(a.fraction / 100) ?? 0,
        option: { id: newId(), text: a.text } satisfies ChoiceOption,
      }));
      const options = choices.map((c) => c.option);
      const correct = choices.filter((c) => c.fraction > 0).map((c) => c.option.id);
      const fractions = Object.fromEntries(choices.map((c) => [c.option.id, c.fraction]));
      const single = type === "multichoice" && /^(true|1)$/i.test(plain(firstChild(el, "single")) || "true");
      if (single) {
        // qtype_multichoice::save_question_options: one answer must be worth 100 %.
        const max = Math.max(...choices.map((c) => c.fraction));
        if (toUnits(max) !== FRACTION_UNIT)
          throw new QuestionError(el.line, "quiz.import.moodle.fractionsNoMax", { question: qname, max: fractionPercent(max) });
        const full = choices.find((c) => toUnits(c.fraction) === FRACTION_UNIT)!;
        const plainRule = choices.every((c) => c === full || c.fraction === 0);
        return { type: "single", ...withStem(stemText.text), options, key: { correct: full.option.id, ...(plainRule ? {} : { fractions }) } };
      }
      if (type === "multichoiceset") return { type: "multiple", ...withStem(stemText.text), options, scoring: "all_or_nothing", key: { correct } };
      // round($totalfraction, 2) != 1
      const positive = choices.reduce((sum, c) => sum + Math.max(0, toUnits(c.fraction)), 0);
      if (Math.round(positive / 100_000) !== 100) {
        throw new QuestionError(el.line, "quiz.import.moodle.fractionsAddWrong", { question: qname, total: fractionPercent(positive / FRACTION_UNIT) });
      }
      const plainRule = isPlusMinusOneOverC(choices.map((c) => c.fraction));
      return { type: "multiple", ...withStem(stemText.text), options, scoring: "partial", key: { correct, ...(plainRule ? {} : { fractions }) } };
    }
    case "truefalse": {
      const answers = readAnswers(el, false);
      const t = answers.find((a) => a.text.toLowerCase() === "true");
      const f = answers.find((a) => a.text.toLowerCase() === "false");
      if (!t || !f || answers.length !== 2 || t.fraction > 0 === f.fraction > 0) throw new QuestionError(el.line, "quiz.import.moodle.badTrueFalse");
      return { type: "truefalse", ...withStem(stemText.text), key: { correct: t.fraction > 0 } };
    }
    case "shortanswer": {
      const accepted: string[] = [];
      const grades: number[] = [];
      // Moodle compares short answers as the plain strings stored, whatever format they claim.
      const answers = readAnswers(el, false);
      checkGrades(qname, answers, el.line);
      for (const a of answers) {
        if (a.fraction <= 0) continue; // answers worth nothing carry feedback only
        if (/(^|[^\\])\*/.test(a.text)) throw new QuestionError(a.el.line, "quiz.import.moodle.wildcard", { value: a.text });
        accepted.push(a.text.replace(/\\\*/g, "*"));
        grades.push(matchFraction(a.fraction / 100) ?? 0);
      }
      // qtype_shortanswer::save_question_options: one answer must be worth 100 %.
      const max = Math.max(0, ...grades);
      if (accepted.length && max !== 1) throw new QuestionError(el.line, "quiz.import.moodle.fractionsNoMax", { question: qname, max: fractionPercent(max) });
      const fractions = grades.every((g) => g === 1) ? {} : { fractions: [grades] };
      return { type: "fill", ...withStem(stemText.text), key: { blanks: [accepted], ...fractions } };
    }
    case "cloze":
    case "multianswer": {
      const cloze = parseCloze(stemText.text, newId);
      if (!cloze.ok) throw new QuestionError(firstChild(el, "questiontext")!.line, cloze.code, cloze.params);
      if (!cloze.onlyShort) {
        return { type: "cloze", ...withStem(cloze.stem), gaps: cloze.gaps.map((g) => g.gap), key: { gaps: cloze.gaps.map((g) => g.key) } };
      }
      const blanks = cloze.blanks.map((b) => b.accepted);
      const weighted = cloze.blanks.some((b) => b.fractions.some((f) => f !== 1));
      return { type: "fill", ...withStem(cloze.stem), key: { blanks, ...(weighted ? { fractions: cloze.blanks.map((b) => b.fractions) } : {}) } };
    }
    case "gapselect":
    case "ddwtos": {
      const g = readGapChoices(el, type, stemText.text, newId);
      return { type: "cloze", ...withStem(g.text), gaps: g.gaps, ...(g.drag ? { drag: g.drag } : {}), key: { gaps: g.keys } };
    }
    case "numerical":
      return { type: "numeric", ...withStem(stemText.text), ...readNumerical(el, qname) };
    case "matching": {
      // qtype_match: a subquestion with text is an item, one without is a distractor; answers with the same text are one choice.
      const items: ChoiceOption[] = [];
      const choices: ChoiceOption[] = [];
      const pairs: Record<string, string> = {};
      for (const sub of childElements(el, "subquestion")) {
        const itemText = readFormatted(sub);
        if (itemText.hasMedia) throw new QuestionError(sub.line, "quiz.import.moodle.images");
        const answerText = plain(firstChild(sub, "answer"));
        if (answerText === "") continue; // Moodle drops a subquestion without an answer
        let choice = choices.find((c) => c.text === answerText);
        if (!choice) {
          choice = { id: newId(), text: answerText };
          choices.push(choice);
        }
        if (itemText.text === "") continue;
        const item = { id: newId(), text: itemText.text };
        items.push(item);
        pairs[item.id] = choice.id;
      }
      if (items.length < 2) throw new QuestionError(el.line, "quiz.import.moodle.badMatching");
      return { type: "matching", ...withStem(stemText.text), items, choices, key: { pairs } };
    }
    case "ordering": {
      // qtype_ordering keeps each item's right position in its answer's fraction.
      const answers = readAnswers(el, true).map((a, i) => ({ ...a, i }));
      if (answers.length < 2) throw new QuestionError(el.line, "quiz.import.moodle.badOrdering");
      answers.sort((a, b) => a.fraction - b.fraction || a.i - b.i);
      const items = answers.map((a) => ({ id: newId(), text: a.text }));
      // Moodle writes the grading type by name (older files by number); absent is Moodle's default, absolute position.
      const grading = plain(firstChild(el, "gradingtype")).toUpperCase() || "ABSOLUTE_POSITION";
      const scoring = ORDERING_GRADING[grading];
      if (!scoring) throw new QuestionError(firstChild(el, "gradingtype")?.line ?? el.line, "quiz.import.moodle.orderingGrading", { value: grading });
      // A subset of the items shown to each student (selecttype RANDOM or CONTIGUOUS with a count) is not kept.
      const select = plain(firstChild(el, "selecttype")).toUpperCase();
      const count = readNumber(firstChild(el, "selectcount")) ?? 0;
      if (select !== "" && select !== "ALL" && select !== "0" && count > 0 && count < answers.length) {
        throw new QuestionError(firstChild(el, "selecttype")!.line, "quiz.import.moodle.orderingSubset", { count, total: answers.length });
      }
      return { type: "ordering", ...withStem(stemText.text), items, scoring, key: { order: items.map((o) => o.id) } };
    }
    case "essay": {
      const info = readFormatted(firstChild(el, "graderinfo"));
      if (info.hasMedia) throw new QuestionError(firstChild(el, "graderinfo")!.line, "quiz.import.moodle.images");
      return { type: "essay", ...withStem(stemText.text), key: { reference: info.text } };
    }
  }
  throw new QuestionError(el.line, "quiz.import.moodle.unsupportedType", { type });
}

function readNumerical(el: XmlElement, qname: string): { unit: string; key: NumericKey } {
  const answers: NumericAnswer[] = [];
  const read = readAnswers(el, false);
  checkGrades(qname, read, el.line);
  for (const a of read) {
    if (a.fraction <= 0) continue; // "*" catch-alls and wrong values carry feedback only
    if (a.text.trim() === "*") continue; // a catch-all worth something: not kept (no value to show)
    const v = parseDecimal(a.text);
    const value = v ? toNumber(v) : null;
    if (value === null) throw new QuestionError(a.el.line, "quiz.import.badNumericAnswer", { value: a.text });
    const pctEl = firstChild(a.el, "tolerancepercent");
    const tolEl = pctEl ?? firstChild(a.el, "tolerance");
    const tol = tolEl ? readNumber(tolEl) : 0;
    if (tol === null) throw new QuestionError(tolEl!.line, "quiz.question.badTolerance", { value: plain(tolEl) });
    answers.push({ value, tolerance: { kind: pctEl ? "percent" : "absolute", value: tol }, fraction: matchFraction(a.fraction / 100) ?? a.fraction / 100 });
  }
  if (answers.length === 0) throw new QuestionError(el.line, "quiz.question.noCorrect");
  const key = numericKeyOf(answers);
  if (!key)
    throw new QuestionError(el.line, "quiz.import.moodle.fractionsNoMax", {
      question: qname,
      max: fractionPercent(Math.max(...answers.map((a) => a.fraction))),
    });
  // The unit shown is the base unit (multiplier 1); Moodle's alternative units are not kept.
  const units = firstChild(el, "units");
  const base = units ? childElements(units, "unit").find((u) => (readNumber(firstChild(u, "multiplier")) ?? 1) === 1) : undefined;
  return { unit: base ? plain(firstChild(base, "unit_name")) : "", key };
}

// ---------------------------------------------------------------------------------------------
// Export

const text = (s: string) => `<text>${cdata(s)}</text>`;

/** A stored picture as export writes it: its file name (lib/quiz/media.ts `pictureFiles`) and bytes. */
export interface ExportPicture {
  name: string;
  bytes: Uint8Array;
}

/**
 * The pictures of the question being written: each picture's file name in it (unique within the
 * question, stable: the stored name, with -2, -3… for a second picture of the same name, in order
 * of first use) and its bytes. A token whose picture is not in `files` stays text.
 */
class QuestionFiles {
  private readonly names = new Map<string, string>();
  constructor(private readonly files: ReadonlyMap<string, ExportPicture>) {}

  nameOf(id: string): string | null {
    const known = this.names.get(id);
    if (known) return known;
    const file = this.files.get(id);
    if (!file) return null;
    const taken = new Set(this.names.values());
    const dot = file.name.lastIndexOf(".");
    const [base, ext] = dot > 0 ? [file.name.slice(0, dot), file.name.slice(dot)] : [file.name, ""];
    let name = file.name;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}${ext}`;
    this.names.set(id, name);
    return name;
  }

  bytesOf(id: string): Uint8Array {
    return this.files.get(id)!.bytes;
  }
}

/** The white-space rule of a field export writes as HTML: a browser (and Moodle) shows the text as written. */
const PRE_WRAP_OPEN = '<div style="white-space: pre-wrap">';

/**
 * The inside of a text element (questiontext, an answer, generalfeedback, a subquestion…):
 * plain_text as before when the text has no picture; with pictures, Moodle's own form — HTML
 * with <img src="@@PLUGINFILE@@/name"> and each file base64 in a <file> element of the same
 * element. The HTML is the text escaped in a pre-wrap <div>, which a browser shows exactly as
 * written and which import reads back exactly (`exactPreWrap`).
 */
function richInner(s: string, files: QuestionFiles, indent: string): { format: string; inner: string } {
  const segments = splitMedia(s);
  const used = new Map<string, string>();
  const html = segments
    .map((seg) => {
      if (seg.kind === "text") return escapeXml(seg.text);
      const name = files.nameOf(seg.id);
      if (name === null) return escapeXml(mediaToken(seg));
      used.set(name, seg.id);
      const src = `@@PLUGINFILE@@/${encodeURIComponent(name)}`;
      if (seg.kind !== "image") return `<${seg.kind} controls src="${src}"></${seg.kind}>`;
      return `<img src="${src}" alt="" width="${seg.width}" height="${seg.height}">`;
    })
    .join("");
  if (used.size === 0) return { format: "plain_text", inner: text(s) };
  const fileEls = [...used].map(
    ([name, id]) => `\n${indent}<file name="${escapeXml(name)}" path="/" encoding="base64">${Buffer.from(files.bytesOf(id)).toString("base64")}</file>`,
  );
  return { format: "html", inner: `${text(`${PRE_WRAP_OPEN}${html}</div>`)}${fileEls.join("")}` };
}

function richField(tag: string, s: string, files: QuestionFiles, indent = "      "): string {
  const { format, inner } = richInner(s, files, indent);
  return `<${tag} format="${format}">${inner}</${tag}>`;
}
const num = (n: number) => formatDecimal(decimalOf(n));

/** 100/C with five decimals, as Moodle's own fraction list writes it (33.33333). */
function fraction(c: number, sign: 1 | -1): string {
  const f = (100 / c).toFixed(5).replace(/\.?0+$/, "");
  return sign < 0 ? `-${f}` : f;
}

function answer(fractionText: string, body: string, extra = "", files?: QuestionFiles): string {
  const { format, inner } = files ? richInner(body, files, "      ") : { format: "plain_text", inner: text(body) };
  return `    <answer fraction="${escapeXml(fractionText)}" format="${format}">\n      ${inner}\n      <feedback format="plain_text"><text></text></feedback>${extra}\n    </answer>`;
}

/**
 * Moodle has no shared-material question: a group (案例分析) goes out as Moodle's "description"
 * (the material, worth nothing, with the explanation) followed by its parts as questions of
 * their own, named "<name> (1)", "(2)"…, with the group's category, tags and difficulty. It
 * does not come back as one group (this importer refuses a description by name).
 */
function groupXml(q: GroupQuestion, pictures: ReadonlyMap<string, ExportPicture>): string {
  const name = q.title ?? derivedName(q.stem);
  const files = new QuestionFiles(pictures);
  const description = [
    `  <question type="description">`,
    `    <name>${text(name)}</name>`,
    `    ${richField("questiontext", q.stem, files)}`,
    `    ${richField("generalfeedback", q.explanation, files)}`,
    "    <defaultgrade>0</defaultgrade>",
    "    <penalty>0</penalty>",
    "    <hidden>0</hidden>",
    "  </question>",
  ].join("\n");
  const parts = q.parts.map((_, i) =>
    questionXml({ ...partQuestion(q, i), title: `${name} (${i + 1})`, category: q.category, tags: q.tags, difficulty: q.difficulty }, pictures),
  );
  return [description, ...parts].join("\n");
}

function questionXml(q: Question, pictures: ReadonlyMap<string, ExportPicture>): string {
  if (q.type === "group") return groupXml(q, pictures);
  const files = new QuestionFiles(pictures);
  const head = (type: string, stem = q.stem) =>
    [
      `  <question type="${type}">`,
      `    <name>${text(q.title ?? derivedName(q.stem))}</name>`,
      `    ${richField("questiontext", stem, files)}`,
      `    ${richField("generalfeedback", q.explanation, files)}`,
      `    <defaultgrade>${num(q.points)}</defaultgrade>`,
      `    <penalty>${num(q.penalty ?? 0)}</penalty>`,
      `    <hidden>0</hidden>`,
      `    <difficulty>${q.difficulty}</difficulty>`,
    ].join("\n");
  const tags = q.tags.length ? `\n    <tags>\n${q.tags.map((t) => `      <tag>${text(t)}</tag>`).join("\n")}\n    </tags>` : "";
  const body: string[] = [];
  let type: string;
  let stem = q.stem;
  switch (q.type) {
    case "single":
    case "multiple": {
      const correct = new Set(q.type === "single" ? [q.key.correct] : q.key.correct);
      const set = q.type === "multiple" && q.scoring === "all_or_nothing";
      type = set ? "multichoiceset" : "multichoice";
      if (!set) body.push(`    <single>${q.type === "single"}</single>`);
      body.push("    <shuffleanswers>true</shuffleanswers>", "    <answernumbering>ABCD</answernumbering>");
      for (const o of q.options) {
        const right = correct.has(o.id);
        const given = q.key.fractions?.[o.id];
        const f = given !== undefined ? fractionPercent(given) : q.type === "single" || set ? (right ? "100" : "0") : fraction(correct.size, right ? 1 : -1);
        body.push(answer(f, o.text, "", files));
      }
      break;
    }
    case "truefalse":
      type = "truefalse";
      body.push(answer(q.key.correct ? "100" : "0", "true"), answer(q.key.correct ? "0" : "100", "false"));
      break;
    case "fill":
      if (q.key.blanks.length === 1) {
        type = "shortanswer";
        body.push("    <usecase>0</usecase>");
        const grades = q.key.fractions?.[0];
        q.key.blanks[0]!.forEach((a, k) => {
          body.push(answer(fractionPercent(grades?.[k] ?? 1), a.replace(/\*/g, "\\*")));
        });
      } else {
        type = "multianswer";
        stem = formatCloze(q.stem, q.key.blanks, q.key.fractions);
      }
      break;
    case "numeric": {
      type = "numerical";
      for (const { value, tolerance, fraction: f } of q.key.answers ?? [{ ...q.key, fraction: 1 }]) {
        const absolute =
          tolerance.kind === "absolute"
            ? tolerance.value
            : toNumber(multiply(decimalOf(Math.abs(value)), multiply(decimalOf(tolerance.value), { digits: 1n, scale: 2 })));
        const pct = tolerance.kind === "percent" ? `\n      <tolerancepercent>${num(tolerance.value)}</tolerancepercent>` : "";
        body.push(answer(fractionPercent(f), num(value), `\n      <tolerance>${absolute === null ? "0" : num(absolute)}</tolerance>${pct}`));
      }
      if (q.unit) {
        body.push(
          `    <units>\n      <unit>\n        <multiplier>1</multiplier>\n        <unit_name>${cdata(q.unit)}</unit_name>\n      </unit>\n    </units>`,
        );
      }
      body.push("    <unitgradingtype>0</unitgradingtype>", "    <unitpenalty>0</unitpenalty>", "    <showunits>3</showunits>", "    <unitsleft>0</unitsleft>");
      break;
    }
    case "matching": {
      type = "matching";
      body.push("    <shuffleanswers>true</shuffleanswers>");
      const used = new Set(Object.values(q.key.pairs));
      for (const item of q.items) {
        const c = q.choices.find((x) => x.id === q.key.pairs[item.id]);
        const { format, inner } = richInner(item.text, files, "      ");
        body.push(`    <subquestion format="${format}">\n      ${inner}\n      <answer>${text(c?.text ?? "")}</answer>\n    </subquestion>`);
      }
      for (const c of q.choices.filter((x) => !used.has(x.id))) {
        body.push(`    <subquestion format="plain_text">\n      ${text("")}\n      <answer>${text(c.text)}</answer>\n    </subquestion>`);
      }
      break;
    }
    case "ordering":
      type = "ordering";
      body.push(
        "    <layouttype>VERTICAL</layouttype>",
        "    <selecttype>ALL</selecttype>",
        "    <selectcount>0</selectcount>",
        `    <gradingtype>${{ all_or_nothing: "ALL_OR_NOTHING", absolute: "ABSOLUTE_POSITION", relative: "RELATIVE_TO_CORRECT" }[q.scoring]}</gradingtype>`,
        "    <showgrading>SHOW</showgrading>",
        "    <numberingstyle>none</numberingstyle>",
      );
      q.items.forEach((item, i) => {
        const { format, inner } = richInner(item.text, files, "      ");
        body.push(`    <answer fraction="${i + 1}" format="${format}">\n      ${inner}\n    </answer>`);
      });
      break;
    case "cloze":
      if (q.drag) {
        type = "ddwtos";
        const dd = ddwtosParts(q, q.drag);
        stem = dd.stem;
        body.push("    <shuffleanswers>1</shuffleanswers>", ...dd.boxes);
      } else {
        type = "multianswer";
        stem = formatClozeGaps(q.stem, q.gaps, q.key.gaps);
      }
      break;
    case "essay":
      type = "essay";
      body.push(
        "    <responseformat>editor</responseformat>",
        "    <responserequired>1</responserequired>",
        "    <responsefieldlines>10</responsefieldlines>",
        "    <attachments>0</attachments>",
        "    <attachmentsrequired>0</attachmentsrequired>",
        `    ${richField("graderinfo", q.key.reference, files)}`,
        `    <responsetemplate format="html"><text></text></responsetemplate>`,
      );
      break;
  }
  return `${head(type, stem)}\n${body.join("\n")}${tags}\n  </question>`;
}

/**
 * A drag and drop question's boxes as Moodle's <dragbox> list, numbered by first appearance and
 * grouped by the gaps that offer them, and its text with `[[n]]` (n its right box) for each gap.
 */
function ddwtosParts(q: Extract<Question, { type: "cloze" }>, drag: DragBoxes): { stem: string; boxes: string[] } {
  const number = new Map<string, number>();
  const groups: string[] = [];
  const boxes: string[] = [];
  for (const gap of q.gaps) {
    if (gap.kind !== "choice") continue;
    const ids = gap.options.map((o) => o.id).join("\n");
    if (!groups.includes(ids)) groups.push(ids);
    for (const o of gap.options) {
      if (number.has(o.id)) continue;
      number.set(o.id, number.size + 1);
      const infinite = drag.infinite.includes(o.id) ? "\n      <infinite/>" : "";
      boxes.push(`    <dragbox>\n      ${text(o.text)}\n      <group>${groups.indexOf(ids) + 1}</group>${infinite}\n    </dragbox>`);
    }
  }
  let i = 0;
  const stem = q.stem.replaceAll(BLANK_MARK, () => {
    const key = q.key.gaps[i++];
    const right = key?.kind === "choice" ? Object.keys(key.fractions).find((id) => key.fractions[id] === 1) : undefined;
    return `[[${(right && number.get(right)) ?? 0}]]`;
  });
  return { stem, boxes };
}

function categoryXml(path: readonly string[]): string {
  return `  <question type="category">\n    <category>${text(formatMoodlePath(path))}</category>\n    <info format="html"><text></text></info>\n  </question>`;
}

/**
 * The bank as Moodle XML, with a category entry wherever the category changes. `pictures` holds
 * the files of the pictures the questions show (by media id, `pictureFiles`): each goes into
 * the text element that shows it, as Moodle writes them; without it tokens stay text.
 */
export function exportMoodleXml(questions: readonly Question[], pictures: ReadonlyMap<string, ExportPicture> = new Map()): string {
  let out = "";
  for (const piece of moodleXmlPieces(questions)) out += typeof piece === "string" ? piece : questionXml(piece, pictures);
  return out;
}

/** Where a streamed export gets a picture's file when the question showing it is written. */
export type PictureSource = (id: string) => Promise<ExportPicture | null>;

/**
 * The same bytes as exportMoodleXml, written question by question: only the pictures of the
 * question being written are read (through `pictures`) and held, so a large bank with pictures
 * is exported in memory bounded by its largest question, not by the bank.
 */
export async function* streamMoodleXml(questions: readonly Question[], pictures: PictureSource): AsyncGenerator<string> {
  for (const piece of moodleXmlPieces(questions)) {
    if (typeof piece === "string") {
      yield piece;
      continue;
    }
    const files = new Map<string, ExportPicture>();
    for (const { id } of mediaRefs(JSON.stringify(piece))) {
      if (files.has(id)) continue;
      const file = await pictures(id);
      if (file) files.set(id, file);
    }
    yield questionXml(piece, files);
  }
}

/** streamMoodleXml as a download's body: the next question is written when the reader wants more. */
export function moodleXmlBody(questions: readonly Question[], pictures: PictureSource): ReadableStream<Uint8Array> {
  const pieces = streamMoodleXml(questions, pictures);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}

/** The document's text pieces, with each question (to be written with its pictures) in its place. */
function* moodleXmlPieces(questions: readonly Question[]): Generator<string | Question> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n';
  let current: string | null = null;
  for (const q of questions) {
    const path = JSON.stringify(q.category);
    if (path !== current) {
      yield `${categoryXml(q.category)}\n`;
      current = path;
    }
    yield q;
    yield "\n";
  }
  yield "</quiz>\n";
}
