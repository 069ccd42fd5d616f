/**
 * Moodle's embedded answers (cloze, qtype "multianswer") for fill-in questions with more than
 * one blank, which Moodle's shortanswer type cannot hold. Only short-answer blanks
 * ({1:SHORTANSWER:=a~=b}, also SA, MW and the case-sensitive _C forms, which are read as
 * case-insensitive like every fill-in answer here) are understood.
 *
 * Export appends the blanks to the stem on a line of their own, which Moodle shows as inputs
 * under the text; import takes such a trailing line off again, and replaces blanks that sit
 * inside the text (as a Moodle author places them) with BLANK_MARK. So a bank survives export
 * and import unchanged, and a cloze written in Moodle still reads naturally.
 */

import type { MessageParams, QuizMessageCode } from "../codes";
import { FRACTION_OPTIONS, matchFraction } from "../fractions";
import { BLANK_MARK } from "../types";

const MARKER = /\{(\d*):([A-Za-z_]+):((?:\\[\s\S]|[^\\}])*)\}/g;
const SHORT = new Set(["SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"]);

export interface ClozeBlank {
  accepted: string[];
  /** The grade of each accepted answer (0 to 1], as `%50%` writes it; 1 for `=`. */
  fractions: number[];
  feedback: string[];
}

export type ClozeResult = { ok: true; stem: string; blanks: ClozeBlank[] } | { ok: false; code: QuizMessageCode; params?: MessageParams };

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

function readBlank(type: string, body: string): ClozeBlank | { code: QuizMessageCode; params?: MessageParams } {
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

export function parseCloze(text: string): ClozeResult {
  const matches = [...text.matchAll(MARKER)];
  const blanks: ClozeBlank[] = [];
  for (const m of matches) {
    const b = readBlank(m[2]!, m[3]!);
    if ("code" in b) return { ok: false, ...b };
    blanks.push(b);
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
  return { ok: true, stem: stem.trim(), blanks };
}

const escapeCloze = (s: string) => s.replace(/[}~#/"\\*]/g, (c) => `\\${c}`);

/** The stem with its blanks appended on a line of their own; `%50%` before an answer worth part of the blank. */
export function formatCloze(stem: string, blanks: readonly (readonly string[])[], fractions?: readonly (readonly number[])[]): string {
  const mark = (f: number | undefined) => (f === undefined || f === 1 ? "=" : `%${String(Number((f * 100).toFixed(5)))}%`);
  const markers = blanks.map((accepted, i) => `{1:SHORTANSWER:${accepted.map((a, k) => `${mark(fractions?.[i]?.[k])}${escapeCloze(a)}`).join("~")}}`);
  return `${stem}\n${markers.join(" ")}`;
}
