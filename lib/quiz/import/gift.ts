/**
 * GIFT, Moodle's plain-text question format. Questions are separated by blank lines; lines
 * starting with // are comments; "$CATEGORY: a/b" sets the category of the questions after it.
 *
 *   ::title:: stem {=right ~wrong ~wrong}        single choice
 *   stem {~%50%a ~%50%b ~%-100%c}                multiple choice (no "=": partial credit)
 *   stem {T} / {F} / {TRUE} / {FALSE}            true/false
 *   stem {=answer =other answer}                 fill in the blank (no "~")
 *   stem {#12.5:0.5} / {#10..15} / {#12.5}       numeric (absolute tolerance)
 *   stem {#=12.5:0.5 =%50%12.5:2}                numeric with Moodle's partial credit
 *   stem {=item -> answer =item -> answer}       matching ("= -> answer" adds a distractor)
 *   stem {}                                      essay
 *   text {=a ~b} more text                       the answer block marks where the blank is
 *
 * \~ \= \# \{ \} \: and \\ are literal characters; \n is a line break (unless a letter
 * follows, so TeX such as \nu survives). A format marker ([html], [moodle], [plain],
 * [markdown]) at the start of the question text, or of an answer or a feedback, is taken off
 * and says the format of that text; [html] text is turned into plain text (html-text.ts), other
 * text is kept exactly.
 *
 * Weights: "~%50%answer" and "=%50%answer" carry Moodle's per-answer grades, kept on the
 * question (key.fractions) and graded as Moodle does; checkQuestion applies Moodle's checks
 * (grades from Moodle's list, a 100 % answer on a single answer, positives adding up to 100 %
 * on a multiple answer). A single answer may have several 100 % answers, as in Moodle.
 *
 * The explanation is the general feedback (after ####) followed by the feedback (after #) of
 * the answers worth something; feedback on wrong answers is not kept. GIFT has no points or
 * difficulty: 1 point, difficulty 3. More than one answer block in a question is refused, for
 * its own block: the
 * problems come back with the questions that did import (problems.ts).
 */

import { compareDecimal, half, parseDecimal, subtract, add, toNumber, type Decimal } from "../decimal";
import type { MessageParams, QuizMessageCode } from "../codes";
import { fractionPercent, isPlusMinusOneOverC, matchFraction } from "../fractions";
import { foldWidth } from "../normalise";
import { BLANK_MARK, DEFAULT_DIFFICULTY, DEFAULT_POINTS, type ChoiceOption, type NumericAnswer, type Question, type Tolerance } from "../types";
import { checkQuestion } from "../validate";
import { parseMoodlePath } from "./category";
import { htmlToText } from "./html-text";
import { numericKeyOf, type NumericKey } from "./numeric";
import { derivedName } from "./moodle-xml";
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
  type ImportProblem,
  type ImportResult,
} from "./problems";
import { readText } from "./text";

class GiftError extends Error {
  constructor(
    /** Offset in the question's text, for the line number. */
    readonly at: number,
    readonly code: QuizMessageCode,
    readonly params?: MessageParams,
  ) {
    super(code);
  }
}

/** Index of `token` at or after `from`, skipping backslash escapes; -1 if none. */
function findUnescaped(s: string, token: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === "\\") {
      i++;
      continue;
    }
    if (s.startsWith(token, i)) return i;
  }
  return -1;
}

function splitUnescaped(s: string, token: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = findUnescaped(s, token); i !== -1; i = findUnescaped(s, token, from)) {
    out.push(s.slice(from, i));
    from = i + token.length;
  }
  out.push(s.slice(from));
  return out;
}

export function unescapeGift(s: string): string {
  return s.replace(/\\([~=#{}:\\])|\\n(?![A-Za-z])/g, (_m, c: string | undefined) => (c === undefined ? "\n" : c));
}

const CATEGORY_LINE = /^\s*\$CATEGORY:/i;

/** No question fits in more: stem and explanation 10,000 characters each, options 2,000 each. */
const MAX_BLOCK_CHARS = 100_000;
const COMMENT_LINE = /^\s*\/\//;

interface Block {
  /** Longer than MAX_BLOCK_CHARS: its lines are numbered, its text not kept. */
  tooLong?: boolean;
  text: string;
  /** Line number of each line of `text`. */
  lines: number[];
}

function lineAt(block: Block, at: number): number | undefined {
  let line = 0;
  for (let i = 0; i < at && i < block.text.length; i++) if (block.text[i] === "\n") line++;
  return block.lines[Math.min(line, block.lines.length - 1)];
}

export async function importGift(file: Uint8Array | string, opts: ImportOptions = {}): Promise<ImportResult> {
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

  /** Question blocks seen, valid or not: reading stops past MAX_QUESTIONS. */
  let blocks = 0;
  const handle = (block: Block) => {
    const [firstLine] = block.lines;
    if (firstLine === undefined || (!block.tooLong && block.text.trim() === "")) return;
    blocks++;
    if (block.tooLong) {
      problems.push({ line: firstLine, code: "quiz.import.gift.blockTooLong", params: { max: MAX_BLOCK_CHARS } });
      return;
    }
    try {
      const q = readQuestion(block.text, category, newId);
      const found = checkQuestion(q);
      for (const p of found) problems.push(atLine(firstLine, p));
      if (found.length === 0) questions.push(q);
    } catch (e) {
      if (!(e instanceof GiftError)) throw e;
      problems.push({ line: lineAt(block, e.at) ?? firstLine, code: e.code, ...(e.params ? { params: e.params } : {}) });
    }
  };

  // One pass over the lines, without splitting the file into an array of them; limits checked
  // as the blocks come: a block longer than any question can be is not parsed, and reading
  // stops past MAX_QUESTIONS blocks or MAX_PROBLEMS problems, so a 20 MB file of tiny blocks or
  // of errors costs no more than the limits.
  const text = unixLines(source);
  let parts: string[] = [];
  let cur: Block = { text: "", lines: [] };
  let chars = 0;
  const flush = () => {
    if (cur.lines.length) {
      cur.text = parts.join("\n");
      handle(cur);
    }
    cur = { text: "", lines: [] };
    parts = [];
    chars = 0;
  };
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (COMMENT_LINE.test(line)) continue;
    if (line.trim() === "") {
      flush();
      if (blocks > MAX_QUESTIONS) return fail([{ code: "quiz.import.tooManyQuestionsStopped", params: { limit: MAX_QUESTIONS } }]);
      if (problems.length >= MAX_PROBLEMS) return stopped(problems);
      continue;
    }
    // A $CATEGORY: line applies from where it stands, at the start of a block; what follows it
    // in the block is a question. (Read line by line: a file of nothing but $CATEGORY: lines
    // took quadratic time when each one re-split the rest of its block.)
    const cat = cur.lines.length === 0 ? CATEGORY_LINE.exec(line) : null;
    if (cat) {
      category = parseMoodlePath(line.slice(cat[0].length));
      continue;
    }
    cur.lines.push(lineNo);
    chars += line.length + 1;
    if (chars > MAX_BLOCK_CHARS) cur.tooLong = true;
    else parts.push(line);
  }
  flush();
  if (blocks > MAX_QUESTIONS) return fail([{ code: "quiz.import.tooManyQuestionsStopped", params: { limit: MAX_QUESTIONS } }]);
  if (problems.length >= MAX_PROBLEMS) return stopped(problems);
  return finish(questions, problems);
}

/** GIFT's format markers; the text after one is in that format. */
const FORMAT = /^\s*\[(html|moodle|plain|markdown)\]/;

interface Alternative {
  mark: "=" | "~";
  weight: number | null;
  text: string;
  feedback: string;
  at: number;
}

/**
 * A question with grades Moodle refuses is refused the way Moodle's importer refuses it:
 * named, with Moodle's reason (the same messages as Moodle XML).
 */
function readQuestion(raw: string, category: string[], newId: () => string): Question {
  const q = readParts(raw, category, newId);
  if ((q.type === "single" || q.type === "multiple" || q.type === "fill") && q.key.fractions) {
    const question = q.title ?? derivedName(q.stem);
    const found = checkQuestion(q);
    const invalid = found.filter((p) => p.code === "quiz.question.badFraction" || p.code === "quiz.question.badBlankFraction");
    if (invalid.length)
      throw new GiftError(0, "quiz.import.moodle.invalidGrade", { question, grades: invalid.map((p) => String(p.params?.value ?? "")).join(", ") });
    for (const p of found) {
      if (p.code === "quiz.question.fractionsNoMax")
        throw new GiftError(0, "quiz.import.moodle.fractionsNoMax", { question, max: String(p.params?.max ?? "") });
      if (p.code === "quiz.question.fractionsAddWrong")
        throw new GiftError(0, "quiz.import.moodle.fractionsAddWrong", { question, total: String(p.params?.total ?? "") });
    }
  }
  return q;
}

function readParts(raw: string, category: string[], newId: () => string): Question {
  let s = raw;
  let offset = 0;
  let title: string | undefined;
  const lead = s.length - s.trimStart().length;
  if (s.startsWith("::", lead)) {
    const end = findUnescaped(s, "::", lead + 2);
    if (end === -1) throw new GiftError(lead, "quiz.import.gift.unclosedTitle");
    title = unescapeGift(s.slice(lead + 2, end)).trim() || undefined;
    offset = end + 2;
    s = s.slice(offset);
  }
  const fmt = FORMAT.exec(s);
  const html = fmt?.[1] === "html";
  if (fmt) {
    offset += fmt[0].length;
    s = s.slice(fmt[0].length);
  }

  const open = findUnescaped(s, "{");
  const stray = findUnescaped(s, "}");
  if (stray !== -1 && (open === -1 || stray < open)) throw new GiftError(offset + stray, "quiz.import.gift.unexpectedBrace");
  if (open === -1) throw new GiftError(offset, "quiz.import.gift.noAnswerBlock");
  const close = findUnescaped(s, "}", open + 1);
  const inner = findUnescaped(s, "{", open + 1);
  if (close === -1 || (inner !== -1 && inner < close)) throw new GiftError(offset + open, "quiz.import.gift.unclosedBrace");
  const after = s.slice(close + 1);
  const second = findUnescaped(after, "{");
  if (second !== -1) throw new GiftError(offset + close + 1 + second, "quiz.import.gift.multipleAnswerBlocks");
  const strayAfter = findUnescaped(after, "}");
  if (strayAfter !== -1) throw new GiftError(offset + close + 1 + strayAfter, "quiz.import.gift.unexpectedBrace");

  // Each text (stem, answer, feedback) may start with its own format marker, as Moodle's
  // parse_text_with_format reads it; without one it has the question's format.
  const text = (t: string) => {
    const own = FORMAT.exec(t);
    const isHtml = own ? own[1] === "html" : html;
    const u = unescapeGift(own ? t.slice(own[0].length) : t);
    if (!isHtml) return u.trim();
    const r = htmlToText(u);
    if (r.hasMedia) throw new GiftError(offset, "quiz.import.moodle.images");
    return r.text;
  };
  const stem = text(after.trim() === "" ? s.slice(0, open) : s.slice(0, open) + BLANK_MARK + after);

  let body = s.slice(open + 1, close);
  const bodyAt = offset + open + 1;
  let general = "";
  const hashes = findUnescaped(body, "####");
  if (hashes !== -1) {
    general = text(body.slice(hashes + 4));
    body = body.slice(0, hashes);
  }
  const common = { ...(title ? { title } : {}), stem, difficulty: DEFAULT_DIFFICULTY, points: DEFAULT_POINTS, category, tags: [] as string[] };
  const explain = (feedback: string[]) => [general, ...feedback].filter((f) => f !== "").join("\n");
  const a = body.trim();

  if (a === "") return { type: "essay", ...common, explanation: explain([]), key: { reference: "" } };

  const tf = /^(T|TRUE|F|FALSE)\s*(#[\s\S]*)?$/i.exec(a);
  if (tf) {
    const correct = tf[1]!.toUpperCase().startsWith("T");
    // {T#feedback if answered wrong#feedback if answered right}
    const [, wrongFb = "", rightFb = ""] = splitUnescaped(a, "#").map((f) => text(f));
    return { type: "truefalse", ...common, explanation: explain([rightFb || wrongFb]), key: { correct } };
  }

  if (a.startsWith("#")) return { type: "numeric", ...common, unit: "", ...readNumeric(a.slice(1), bodyAt + body.indexOf("#"), text, explain) };

  if (findUnescaped(a, "->") !== -1) return { type: "matching", ...common, explanation: explain([]), ...readMatching(body, bodyAt, text, newId) };

  const alts = readAlternatives(body, bodyAt, text);
  const hasTilde = alts.some((x) => x.mark === "~");
  if (!hasTilde) {
    // Short answer: "=" is worth 100 % unless a weight says otherwise ("=%50%answer").
    const accepted: string[] = [];
    const grades: number[] = [];
    const feedback: string[] = [];
    for (const x of alts) {
      const w = x.weight ?? 100;
      if (w <= 0) continue;
      accepted.push(x.text);
      grades.push(fractionOf(w));
      feedback.push(x.feedback);
    }
    const fractions = grades.every((g) => g === 1) ? {} : { fractions: [grades] };
    return { type: "fill", ...common, explanation: explain(feedback), key: { blanks: [accepted], ...fractions } };
  }

  // Multiple choice, as Moodle's GIFT reader decides: single answer when any answer is marked
  // "=" (worth 100 %), else multiple answer; "~" is worth 0 % unless weighted ("~%50%"). The
  // grades are kept (grading.ts) unless they are JobReady's own rule; checkQuestion applies
  // Moodle's checks on them.
  const choices = alts.map((x) => ({
    ...x,
    fraction: fractionOf(x.weight ?? (x.mark === "=" ? 100 : 0)),
    option: { id: newId(), text: x.text } satisfies ChoiceOption,
  }));
  const options = choices.map((c) => c.option);
  const fractions = Object.fromEntries(choices.map((c) => [c.option.id, c.fraction]));
  const rightFeedback = (cs: typeof choices) => explain(cs.filter((c) => c.fraction > 0).map((c) => c.feedback));
  if (choices.some((x) => x.mark === "=")) {
    const right = choices.find((c) => c.fraction === 1) ?? choices.find((c) => c.mark === "=")!;
    const plainRule = right.fraction === 1 && choices.every((c) => c === right || c.fraction === 0);
    return { type: "single", ...common, explanation: rightFeedback([right]), options, key: { correct: right.option.id, ...(plainRule ? {} : { fractions }) } };
  }
  const correct = choices.filter((x) => x.fraction > 0);
  const plainRule = isPlusMinusOneOverC(choices.map((c) => c.fraction));
  return {
    type: "multiple",
    ...common,
    explanation: rightFeedback(correct),
    options,
    scoring: "partial",
    key: { correct: correct.map((x) => x.option.id), ...(plainRule ? {} : { fractions }) },
  };
}

/** A GIFT weight in percent as Moodle's fraction: one of Moodle's values when it is one (33.33333 → 0.3333333). */
function fractionOf(percent: number): number {
  return matchFraction(percent / 100) ?? percent / 100;
}

/** "=a#fb ~%50%b" into its alternatives; text before the first = or ~ is an error. */
function readAlternatives(body: string, bodyAt: number, text: (s: string) => string): Alternative[] {
  const starts: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") {
      i++;
      continue;
    }
    if (body[i] === "=" || body[i] === "~") starts.push(i);
  }
  const lead = body.slice(0, starts[0] ?? body.length);
  if (starts.length === 0 || lead.trim() !== "")
    throw new GiftError(bodyAt, "quiz.import.gift.badAnswer", { value: (lead.trim() || body.trim()).slice(0, 50) });
  return starts.map((start, k) => {
    const chunk = body.slice(start + 1, starts[k + 1] ?? body.length);
    let rest = chunk.trimStart();
    let weight: number | null = null;
    if (rest.startsWith("%")) {
      const w = /^%(-?\d+(?:\.\d+)?)%/.exec(rest);
      if (!w) throw new GiftError(bodyAt + start, "quiz.import.gift.badWeight", { value: rest.slice(0, 12) });
      weight = Number(w[1]!);
      rest = rest.slice(w[0].length);
    }
    // Splitting always gives at least one part, the answer.
    const [answer = "", ...fb] = splitUnescaped(rest, "#");
    return { mark: body[start] as "=" | "~", weight, text: text(answer), feedback: text(fb.join("#")), at: bodyAt + start };
  });
}

function readNumberText(s: string): Decimal | null {
  return parseDecimal(foldWidth(s).trim());
}

/**
 * Matching, as Moodle's GIFT reader takes it: "=item -> answer" pairs; an empty item before
 * "->" adds its answer as a distractor. Answers with the same text are one choice.
 */
function readMatching(
  body: string,
  bodyAt: number,
  text: (s: string) => string,
  newId: () => string,
): { items: ChoiceOption[]; choices: ChoiceOption[]; key: { pairs: Record<string, string> } } {
  const items: ChoiceOption[] = [];
  const choices: ChoiceOption[] = [];
  const pairs: Record<string, string> = {};
  for (const x of readAlternatives(body, bodyAt, (t) => t)) {
    const arrow = findUnescaped(x.text, "->");
    if (x.mark !== "=" || x.weight !== null || arrow === -1) throw new GiftError(x.at, "quiz.import.gift.matching");
    const left = text(x.text.slice(0, arrow));
    const right = text(x.text.slice(arrow + 2));
    let choice = choices.find((c) => c.text === right);
    if (!choice) {
      choice = { id: newId(), text: right };
      choices.push(choice);
    }
    if (left === "") continue;
    const item = { id: newId(), text: left };
    items.push(item);
    pairs[item.id] = choice.id;
  }
  return { items, choices, key: { pairs } };
}

/** "12.5:0.5", "10..15", "12.5", or "=12.5:0.5#fb =%50%12:2 ~…": Moodle's numerical answers, partial credit kept. */
function readNumeric(body: string, at: number, text: (s: string) => string, explain: (feedback: string[]) => string): { key: NumericKey; explanation: string } {
  const trimmed = body.trim();
  const alts: { weight: number | null; value: string; feedback: string; at: number }[] = [];
  if (trimmed.startsWith("=") || trimmed.startsWith("~")) {
    for (const x of readAlternatives(body, at, (s) => s)) {
      if (x.mark === "~") continue; // wrong values carry feedback only
      alts.push({ weight: x.weight, value: x.text, feedback: text(x.feedback), at: x.at });
    }
  } else {
    const [value = "", ...fb] = splitUnescaped(body, "#");
    alts.push({ weight: null, value, feedback: text(fb.join("#")), at });
  }
  const answers: NumericAnswer[] = [];
  let feedback = "";
  for (const x of alts) {
    const w = x.weight ?? 100;
    if (w <= 0) continue;
    const key = numericKey(unescapeGift(x.value).trim());
    if (!key) throw new GiftError(x.at, "quiz.import.badNumericAnswer", { value: unescapeGift(x.value).trim() });
    const fraction = fractionOf(w);
    if (fraction === 1 && !feedback) feedback = x.feedback;
    answers.push({ ...key, fraction });
  }
  if (answers.length === 0) throw new GiftError(at, "quiz.question.noCorrect");
  const key = numericKeyOf(answers);
  if (!key) throw new GiftError(at, "quiz.question.fractionsNoMax", { max: fractionPercent(Math.max(...answers.map((a) => a.fraction))) });
  return { key, explanation: explain([feedback]) };
}

function numericKey(s: string): { value: number; tolerance: Tolerance } | null {
  const range = s.split("..");
  if (range.length === 2) {
    const lo = readNumberText(range[0]!);
    const hi = readNumberText(range[1]!);
    if (!lo || !hi || compareDecimal(lo, hi) > 0) return null;
    const value = toNumber(half(add(lo, hi)));
    const tol = toNumber(half(subtract(hi, lo)));
    return value === null || tol === null ? null : { value, tolerance: { kind: "absolute", value: tol } };
  }
  const [v = "", t, ...extra] = s.split(":");
  if (extra.length) return null;
  const value = readNumberText(v);
  const tol = t === undefined ? { digits: 0n, scale: 0 } : readNumberText(t);
  if (!value || !tol || tol.digits < 0n) return null;
  const n = toNumber(value);
  const tn = toNumber(tol);
  return n === null || tn === null ? null : { value: n, tolerance: { kind: "absolute", value: tn } };
}
