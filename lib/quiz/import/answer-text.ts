/**
 * The 答案 (answer) cell of the xlsx template, read and written per question type. These are
 * the spellings trainers here use in their own 题库 spreadsheets.
 */

import { decimalOf, formatDecimal, half, parseDecimal, subtract, add, compareDecimal, toNumber } from "../decimal";
import { foldWidth } from "../normalise";
import { OPTION_LABELS, type OptionLabel, type Tolerance } from "../types";

/**
 * Option letters: "A", "ABD", "A,B,D", "A、B、D", "a b d", full-width "ＡＢ". Null when there is
 * anything else, no letter, or a letter twice.
 */
export function parseChoiceLetters(text: string): OptionLabel[] | null {
  const s = foldWidth(text)
    .toUpperCase()
    .replace(/[\s,;、，；]+/g, "");
  if (s === "") return null;
  const out: OptionLabel[] = [];
  for (const c of s) {
    if (!(OPTION_LABELS as readonly string[]).includes(c) || out.includes(c as OptionLabel)) return null;
    out.push(c as OptionLabel);
  }
  return out;
}

const TRUE_WORDS = new Set(["对", "正确", "是", "√", "✓", "✔", "t", "true", "y", "yes", "1"]);
const FALSE_WORDS = new Set(["错", "错误", "否", "×", "✗", "✘", "x", "f", "false", "n", "no", "0"]);

/** 对/错, 正确/错误, √/×, T/F and their usual variants; null when it is none of them. */
export function parseTrueFalse(text: string): boolean | null {
  const s = foldWidth(text).trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return null;
}

/** Splits at unescaped separators; a backslash escapes a separator or a backslash, and is kept before anything else. */
function splitEscaped(s: string, separators: string): string[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    const next = s.charAt(i + 1);
    if (c === "\\" && i + 1 < s.length && (separators.includes(next) || next === "\\")) {
      cur += c + next;
      i++;
    } else if (separators.includes(c)) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function unescapeFill(s: string): string {
  return s.replace(/\\([|｜;；\\])/g, "$1");
}

/**
 * 填空 answers: blanks separated by "；" or ";", accepted answers within a blank by "|" (or
 * "｜"). "\" before one of these (or before "\") makes it literal. Spaces around each answer
 * are dropped, as is a separator left at the very end; an empty blank in the middle is kept
 * for validation to report.
 */
export function parseFillAnswer(text: string): string[][] {
  const blanks = splitEscaped(text, ";；").map((blank) =>
    splitEscaped(blank, "|｜")
      .map((a) => unescapeFill(a).trim())
      .filter((a) => a !== ""),
  );
  while (blanks.length > 1 && blanks.at(-1)?.length === 0) blanks.pop();
  return blanks;
}

export function formatFillAnswer(blanks: readonly (readonly string[])[]): string {
  const esc = (a: string) => a.replace(/[|｜;；\\]/g, (c) => `\\${c}`);
  return blanks.map((accepted) => accepted.map(esc).join("|")).join("；");
}

const NUM = "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)";
const WITH_TOLERANCE = new RegExp(`^${NUM}(?:(?:±|\\+-|\\+/-)${NUM}(%)?)?$`);
const RANGE = new RegExp(`^${NUM}(?:~|\\.\\.|至|到)${NUM}$`);

/**
 * 数值 answers: "12.5" (exact), "12.5±0.5" (also "+-" and "+/-"), "12.5±2%", or a range
 * "10~15" / "10..15" / "10至15", which is read as 12.5±2.5. Null when it is none of these,
 * or a number has more than 15 significant digits.
 */
export function parseNumericAnswer(text: string): { value: number; tolerance: Tolerance } | null {
  const s = foldWidth(text).replace(/\s+/g, "");
  let m = WITH_TOLERANCE.exec(s);
  if (m) {
    const v = parseDecimal(m[1]!);
    const t = m[2] === undefined ? { digits: 0n, scale: 0 } : parseDecimal(m[2]);
    if (!v || !t || t.digits < 0n) return null;
    const value = toNumber(v);
    const tol = toNumber(t);
    if (value === null || tol === null) return null;
    return { value, tolerance: { kind: m[3] ? "percent" : "absolute", value: tol } };
  }
  m = RANGE.exec(s);
  if (m) {
    const lo = parseDecimal(m[1]!);
    const hi = parseDecimal(m[2]!);
    if (!lo || !hi || compareDecimal(lo, hi) > 0) return null;
    const value = toNumber(half(add(lo, hi)));
    const tol = toNumber(half(subtract(hi, lo)));
    if (value === null || tol === null) return null;
    return { value, tolerance: { kind: "absolute", value: tol } };
  }
  return null;
}

/** A number in plain notation, never "1e-7": what a trainer would type. */
export function formatNumber(n: number): string {
  return formatDecimal(decimalOf(n));
}

export function formatNumericAnswer(key: { value: number; tolerance: Tolerance }): string {
  const v = formatNumber(key.value);
  const { kind, value } = key.tolerance;
  if (kind === "absolute" && value === 0) return v;
  return `${v}±${formatNumber(value)}${kind === "percent" ? "%" : ""}`;
}
