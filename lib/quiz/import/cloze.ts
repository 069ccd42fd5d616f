/**
 * Moodle's embedded answers (cloze, qtype "multianswer"): short-answer gaps
 * ({1:SHORTANSWER:=a~=b}, also SA, MW and the case-sensitive _C forms, which are read as
 * case-insensitive like every fill-in answer here), numerical gaps ({2:NUMERICAL:=3.5:0.1~%50%3:1},
 * also NM) and single-choice gaps ({1:MULTICHOICE:=a~b}, also MC, and the MCV/MCH/MCS
 * layouts) and multiple-response gaps ({1:MULTIRESPONSE:=a~=b~c}, also MR and the MRH/MRS/MRHS
 * layouts), whose fractions are made as Moodle's reader makes them (qtype_multianswer_extract_question):
 * the positive ones divided by their sum, and — when no answer carries a %n% grade — each unmarked
 * answer worth −1 / (number of right ones), so a wrong tick cancels a right one. The number before
 * the first colon is the gap's mark (1 when empty). A question whose gaps are all short answers
 * worth 1 becomes a fill-in question, as before; any other a cloze question.
 *
 * Export appends the blanks to the stem on a line of their own, which Moodle shows as inputs
 * under the text; import takes such a trailing line off again, and replaces blanks that sit
 * inside the text (as a Moodle author places them) with BLANK_MARK. So a bank survives export
 * and import unchanged, and a cloze written in Moodle still reads naturally.
 */

import type { MessageParams, QuizMessageCode } from "../codes";
import { parseDecimal, toNumber } from "../decimal";
import { FRACTION_OPTIONS, FRACTION_OPTIONS_FULL, fractionPercent, matchFraction } from "../fractions";
import { BLANK_MARK, type ChoiceOption, type ClozeGap, type ClozeGapKey, type NumericAnswer } from "../types";

const MARKER = /\{(\d*):([A-Za-z_]+):((?:\\[\s\S]|[^\\}])*)\}/g;
const SHORT = new Set(["SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"]);
const NUMERICAL = new Set(["NUMERICAL", "NM"]);
const CHOICE = new Set([
  "MULTICHOICE",
  "MC",
  "MULTICHOICE_V",
  "MCV",
  "MULTICHOICE_H",
  "MCH",
  "MULTICHOICE_S",
  "MCS",
  "MULTICHOICE_VS",
  "MCVS",
  "MULTICHOICE_HS",
  "MCHS",
]);
const MULTI = new Set(["MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS", "MULTIRESPONSE_HS", "MRHS"]);

export interface ClozeBlank {
  accepted: string[];
  /** The grade of each accepted answer (0 to 1], as `%50%` writes it; 1 for `=`. */
  fractions: number[];
  feedback: string[];
}

/** A gap of any kind, with its mark (weight) and key. */
export interface ClozeAnyGap {
  gap: ClozeGap;
  key: ClozeGapKey;
}

export type ClozeResult =
  | { ok: true; stem: string; blanks: ClozeBlank[]; gaps: ClozeAnyGap[]; onlyShort: boolean }
  | { ok: false; code: QuizMessageCode; params?: MessageParams };

/** Splits at unescaped `sep`; escapes are kept for the caller to remove. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === "\\" && i + 1 < s.length) {
      cur += c + s.charAt(i + 1);
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Moodle's escapes inside an embedded answer, plus \* (a literal star, not shortanswer's wildcard). */
const unescapeCloze = (s: string) => s.replace(/\\([}~#/"\\*])/g, "$1");

/** A percentage written in the text as the fraction Moodle stores (seven decimals); one of its list when it is one. */
function gapFraction(percent: number, list: readonly number[]): number {
  return matchFraction(percent / 100, list) ?? Math.round(percent * 100_000) / 10_000_000;
}

type Problem = { code: QuizMessageCode; params?: MessageParams };

/**
 * One alternative "=a#fb" or "%50%a#fb": its grade in percent (0 when unmarked), whether a
 * non-zero %n% grade was written (Moodle's "specific fraction"), text and feedback.
 */
function readAlternative(alt: string): { percent: number; graded: boolean; text: string; feedback: string } | Problem {
  const [answerRaw = "", ...fb] = splitUnescaped(alt, "#");
  let a = answerRaw.trim();
  let percent = 0;
  let graded = false;
  if (a.startsWith("=")) {
    percent = 100;
    a = a.slice(1);
  } else {
    const w = /^%(-?\d+(?:\.\d+)?)%/.exec(a);
    if (w) {
      percent = Number(w[1]!);
      graded = percent !== 0;
      a = a.slice(w[0].length);
    }
  }
  return { percent, graded, text: a, feedback: unescapeCloze(fb.join("#")).trim() };
}

function readNumericGap(body: string, weight: number): ClozeAnyGap | Problem {
  const answers: NumericAnswer[] = [];
  for (const alt of splitUnescaped(body, "~")) {
    const x = readAlternative(alt);
    if ("code" in x) return x;
    if (x.percent <= 0) continue;
    const raw = unescapeCloze(x.text).trim();
    if (raw === "*") continue;
    const [v = "", t = "0", ...extra] = raw.split(":");
    const value = parseDecimal(v.trim());
    const tol = parseDecimal(t.trim() || "0");
    const fraction = gapFraction(x.percent, FRACTION_OPTIONS);
    if (!value || !tol || extra.length || tol.digits < 0n) return { code: "quiz.import.badNumericAnswer", params: { value: raw } };
    if (fraction > 1) return { code: "quiz.question.badBlankFraction", params: { value: fractionPercent(x.percent / 100), blank: 1 } };
    answers.push({ value: toNumber(value) ?? 0, tolerance: { kind: "absolute", value: toNumber(tol) ?? 0 }, fraction });
  }
  return { gap: { kind: "numeric", weight }, key: { kind: "numeric", answers } };
}

function readChoiceGap(body: string, weight: number, newId: () => string): ClozeAnyGap | Problem {
  const options: ChoiceOption[] = [];
  const fractions: Record<string, number> = {};
  for (const alt of splitUnescaped(body, "~")) {
    const x = readAlternative(alt);
    if ("code" in x) return x;
    const fraction = gapFraction(x.percent, FRACTION_OPTIONS_FULL);
    if (fraction > 1 || fraction < -1) return { code: "quiz.question.badBlankFraction", params: { value: fractionPercent(x.percent / 100), blank: 1 } };
    const id = newId();
    options.push({ id, text: unescapeCloze(x.text).trim() });
    fractions[id] = fraction;
  }
  return { gap: { kind: "choice", weight, options }, key: { kind: "choice", fractions } };
}

function readMultiGap(body: string, weight: number, newId: () => string): ClozeAnyGap | Problem {
  const alts: { percent: number; graded: boolean; text: string }[] = [];
  for (const alt of splitUnescaped(body, "~")) {
    const x = readAlternative(alt);
    if ("code" in x) return x;
    alts.push(x);
  }
  const total = alts.reduce((s, a) => s + Math.max(a.percent, 0), 0);
  const specific = alts.some((a) => a.graded);
  const options: ChoiceOption[] = [];
  const fractions: Record<string, number> = {};
  for (const a of alts) {
    const id = newId();
    options.push({ id, text: unescapeCloze(a.text).trim() });
    let f = a.percent / 100;
    if (total > 0) {
      if (a.percent > 0) f = a.percent / total;
      else if (!specific) f = -100 / total;
    }
    fractions[id] = gapFraction(f * 100, FRACTION_OPTIONS_FULL);
  }
  return { gap: { kind: "multi", weight, options }, key: { kind: "multi", fractions } };
}

function readBlank(type: string, body: string): ClozeBlank | Problem {
  if (!SHORT.has(type.toUpperCase())) return { code: "quiz.import.moodle.badCloze", params: { value: type } };
  const accepted: string[] = [];
  const fractions: number[] = [];
  const feedback: string[] = [];
  for (const alt of splitUnescaped(body, "~")) {
    // Splitting always gives at least one part, the answer.
    const [answerRaw = "", ...fb] = splitUnescaped(alt, "#");
    let a = answerRaw.trim();
    let fraction = 0;
    if (a.startsWith("=")) {
      fraction = 100;
      a = a.slice(1);
    } else {
      const w = /^%(-?\d+(?:\.\d+)?)%/.exec(a);
      if (w) {
        fraction = Number(w[1]!);
        a = a.slice(w[0].length);
      }
    }
    if (fraction <= 0) continue; // wrong answers only carry feedback
    if (/(^|[^\\])\*/.test(a)) return { code: "quiz.import.moodle.wildcard", params: { value: unescapeCloze(a) } };
    accepted.push(unescapeCloze(a).trim());
    fractions.push(matchFraction(fraction / 100, FRACTION_OPTIONS) ?? fraction / 100);
    const f = unescapeCloze(fb.join("#")).trim();
    if (f) feedback.push(f);
  }
  return { accepted, fractions, feedback };
}

export function parseCloze(text: string, newId: () => string = defaultId): ClozeResult {
  const matches = [...text.matchAll(MARKER)];
  const blanks: ClozeBlank[] = [];
  const gaps: ClozeAnyGap[] = [];
  let onlyShort = true;
  for (const m of matches) {
    const type = m[2]!.toUpperCase();
    const weight = m[1] === "" ? 1 : Number(m[1]);
    if (weight !== 1) onlyShort = false;
    if (NUMERICAL.has(type) || CHOICE.has(type) || MULTI.has(type)) {
      onlyShort = false;
      const g = NUMERICAL.has(type)
        ? readNumericGap(m[3]!, weight)
        : MULTI.has(type)
          ? readMultiGap(m[3]!, weight, newId)
          : readChoiceGap(m[3]!, weight, newId);
      if ("code" in g) return { ok: false, ...g };
      gaps.push(g);
      continue;
    }
    const b = readBlank(m[2]!, m[3]!);
    if ("code" in b) return { ok: false, ...b };
    blanks.push(b);
    gaps.push({ gap: { kind: "short", weight }, key: { kind: "short", answers: b.accepted, fractions: b.fractions } });
  }
  // The trailing line of blanks that export writes: markers separated by spaces only, up to
  // the end of the text, after a line break.
  let groupStart = matches.length;
  let end = text.replace(/[ \t]+$/, "").length;
  for (let k = matches.length - 1; k >= 0; k--) {
    const m = matches[k]!;
    if (m.index! + m[0].length !== end) break;
    groupStart = k;
    end = text.slice(0, m.index).replace(/[ \t]+$/, "").length;
  }
  let cut = text.length;
  if (groupStart < matches.length && text[end - 1] === "\n") cut = end - 1;
  else groupStart = matches.length;

  let stem = "";
  let at = 0;
  for (const m of matches.slice(0, groupStart)) {
    stem += text.slice(at, m.index) + BLANK_MARK;
    at = m.index! + m[0].length;
  }
  stem += text.slice(at, cut);
  return { ok: true, stem: stem.trim(), blanks, gaps, onlyShort };
}

/** A gap id: random, never the clock (getRandomValues works in the browser's editor too). */
function defaultId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return `g${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

const escapeCloze = (s: string) => s.replace(/[}~#/"\\*]/g, (c) => `\\${c}`);

/** One gap as Moodle writes it: {mark:TYPE:=right~%50%part~wrong}. */
export function formatGap(gap: ClozeGap, key: ClozeGapKey): string {
  const mark = (f: number) => (f === 1 ? "=" : f === 0 ? "" : `%${fractionPercent(f)}%`);
  // An unmarked answer reading "=…" or "%50%…" would be read back as a grade: it gets an explicit %0%.
  const markText = (f: number, text: string) => (f === 0 && /^(=|%-?\d+(\.\d+)?%)/.test(text.trim()) ? "%0%" : mark(f)) + escapeCloze(text);
  switch (key.kind) {
    case "short":
      return `{${gap.weight}:SHORTANSWER:${key.answers.map((a, k) => markText(key.fractions[k] ?? 1, a)).join("~")}}`;
    case "numeric":
      return `{${gap.weight}:NUMERICAL:${key.answers.map((a) => `${mark(a.fraction)}${a.value}:${a.tolerance.value}`).join("~")}}`;
    case "choice": {
      const options = gap.kind === "choice" ? gap.options : [];
      return `{${gap.weight}:MULTICHOICE:${options.map((o) => markText(key.fractions[o.id] ?? 0, o.text)).join("~")}}`;
    }
    case "multi": {
      // Every graded answer carries its %n% (never "="), so Moodle keeps each fraction as written
      // rather than making the unmarked ones cancel a right one.
      const options = gap.kind === "multi" ? gap.options : [];
      const multiMark = (f: number, text: string) => (f === 0 ? markText(0, text) : `%${fractionPercent(f)}%${escapeCloze(text)}`);
      return `{${gap.weight}:MULTIRESPONSE:${options.map((o) => multiMark(key.fractions[o.id] ?? 0, o.text)).join("~")}}`;
    }
  }
}

/** A cloze question's text in Moodle's syntax: each BLANK_MARK replaced by its gap, the gaps without a mark on a line after. */
export function formatClozeGaps(stem: string, gaps: readonly ClozeGap[], keys: readonly ClozeGapKey[]): string {
  const parts = stem.split(BLANK_MARK);
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i++) out += (gaps[i - 1] && keys[i - 1] ? formatGap(gaps[i - 1]!, keys[i - 1]!) : BLANK_MARK) + parts[i];
  const rest = gaps.slice(parts.length - 1).map((g, k) => formatGap(g, keys[parts.length - 1 + k]!));
  return rest.length ? `${out}\n${rest.join(" ")}` : out;
}

/** The stem with its blanks appended on a line of their own; `%50%` before an answer worth part of the blank. */
export function formatCloze(stem: string, blanks: readonly (readonly string[])[], fractions?: readonly (readonly number[])[]): string {
  const mark = (f: number | undefined) => (f === undefined || f === 1 ? "=" : `%${String(Number((f * 100).toFixed(5)))}%`);
  const markers = blanks.map((accepted, i) => `{1:SHORTANSWER:${accepted.map((a, k) => `${mark(fractions?.[i]?.[k])}${escapeCloze(a)}`).join("~")}}`);
  return `${stem}\n${markers.join(" ")}`;
}
