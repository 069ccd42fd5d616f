/**
 * Text folding for comparing typed answers. Workers type on phones with Chinese input methods,
 * which switch between full-width and half-width forms and insert spaces freely, so none of
 * that may decide whether an answer is right.
 */

/**
 * Full-width ASCII (U+FF01–U+FF5E) to its half-width form and the ideographic space U+3000 to
 * a space: NFKC restricted to the ASCII range, so CJK text and symbols such as ℃ or ² are
 * left exactly as typed.
 */
export function foldWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/**
 * Every whitespace character (JavaScript's \s, which includes U+3000 and no-break spaces) and
 * the invisible joiners and zero-width spaces that phone keyboards leave behind.
 */
const SPACES = /[\s\u200B-\u200D\u2060]+/gu;

/**
 * The form in which a fill-in answer is compared: width folded, lower case, with no whitespace
 * at all (not merely collapsed: Chinese answers have no spaces, and an English answer typed as
 * "safetyvalve" is not a different answer from "safety valve").
 */
export function normaliseAnswer(s: string): string {
  return foldWidth(s).toLowerCase().replace(SPACES, "");
}
