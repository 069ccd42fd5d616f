/**
 * Text that can be stored and shown: PostgreSQL refuses a NUL byte in text, and a lone UTF-16
 * surrogate cannot be encoded as UTF-8 — either would end in a 500. Inputs are checked here and
 * refused with a message instead.
 */
import { z } from "zod";

/** A NUL byte, or a surrogate half without its other half. */
const BAD = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasBadCharacters(s: string): boolean {
  return BAD.test(s);
}

/** Removes what `hasBadCharacters` finds (for search boxes: a query is not worth refusing). */
export function withoutBadCharacters(s: string): string {
  return s.replace(new RegExp(BAD.source, "g"), "");
}

/** A trimmed string of at most `max` characters that can be stored. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .max(max, "errors.tooLong")
    .refine((s) => !hasBadCharacters(s), "errors.badCharacters");
}

/** Like `text`, required (at least one character after trimming). */
export function requiredText(max: number) {
  return text(max).refine((s) => s.length > 0, "errors.required");
}
