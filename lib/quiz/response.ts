/**
 * What a worker sends as an answer, one shape per question type, and the zod schemas that
 * check it at the server's edge. Error messages are message codes (see codes.ts), with
 * their params on the issue, so `parseResponse` can hand back something the UI translates.
 */

import { z } from "zod";
import { hasBadCharacters } from "@/lib/core/text";
import type { MessageParams, QuizError, QuizMessageCode } from "./codes";
import { boxesOnceEach } from "./drag";
import {
  MAX_OPTIONS,
  MAX_PARTS,
  multiGapIds,
  multiGapValue,
  partQuestion,
  type GroupQuestion,
  type PublicPart,
  type PublicQuestion,
  type Question,
} from "./types";

export const MAX_ESSAY_CHARS = 10_000;
export const MAX_BLANK_CHARS = 200;
/** Far more than any number plus unit; the limit only stops junk. */
export const MAX_NUMERIC_CHARS = 64;
export const MAX_OPTION_ID_CHARS = 64;
export const MAX_BLANKS = 20;

export interface SingleResponse {
  type: "single";
  optionId: string;
}
export interface MultipleResponse {
  type: "multiple";
  optionIds: string[];
}
export interface TrueFalseResponse {
  type: "truefalse";
  value: boolean;
}
export interface FillResponse {
  type: "fill";
  /** One entry per blank, in order; an unanswered blank is "". */
  blanks: string[];
}
export interface NumericResponse {
  type: "numeric";
  /**
   * As typed: saving must not fail on "12." half way through typing, so the text is read
   * only when grading (and by the UI, with `parseNumberInput`, to warn early).
   */
  value: string;
}
export interface EssayResponse {
  type: "essay";
  text: string;
}

export interface MatchingResponse {
  type: "matching";
  /** Item id → chosen choice id; an item left unmatched is absent. */
  pairs: Record<string, string>;
}
export interface OrderingResponse {
  type: "ordering";
  /** Every item id, in the order the worker put them. */
  order: string[];
}
export interface ClozeResponse {
  type: "cloze";
  /** One entry per gap: the text typed, a choice gap's option id, a multiple-response gap's ids joined by commas; "" when left empty. */
  gaps: string[];
}

/** The response types a group part may get (PART_TYPES). */
export type PartResponse = SingleResponse | MultipleResponse | TrueFalseResponse | FillResponse | NumericResponse | EssayResponse;

export interface GroupResponse {
  type: "group";
  /** Part id → that part's response; a part left unanswered is absent. */
  parts: Record<string, PartResponse>;
}

export type Response =
  | GroupResponse
  | SingleResponse
  | MultipleResponse
  | TrueFalseResponse
  | FillResponse
  | NumericResponse
  | EssayResponse
  | MatchingResponse
  | OrderingResponse
  | ClozeResponse;

/** Items of a matching or ordering question, and choices of a matching one. */
export const MAX_ITEMS = 12;

/** Counted in characters as a person counts them (code points), not UTF-16 units. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function fits(s: string, max: number): boolean {
  if (s.length <= max) return true;
  if (s.length > 2 * max) return false; // cannot fit even if every character were a surrogate pair
  return charCount(s) <= max;
}

/** NUL cannot be stored in PostgreSQL text; the other C0 controls are never typed on purpose. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Also a lone surrogate: JSON carries it as "\\ud800", which PostgreSQL's jsonb refuses (a 500). */
const storable = (s: string) => !CONTROL.test(s) && !hasBadCharacters(s);

/** For refinements: a custom issue carries its params through to `parseResponse`. */
function issue(code: QuizMessageCode, params?: MessageParams) {
  return params ? { error: code, params } : { error: code };
}

function err(code: QuizMessageCode) {
  return { error: code };
}

function text(max: number) {
  return z
    .string(err("quiz.response.invalid"))
    .refine((s) => fits(s, max), issue("quiz.response.tooLong", { max }))
    .refine(storable, issue("quiz.response.badCharacters"));
}

const optionId = z.string(err("quiz.response.invalid")).min(1, err("quiz.response.invalid")).max(MAX_OPTION_ID_CHARS, err("quiz.response.unknownOption"));

export const singleResponseSchema = z.strictObject({ type: z.literal("single"), optionId }, err("quiz.response.invalid"));

export const multipleResponseSchema = z.strictObject(
  {
    type: z.literal("multiple"),
    optionIds: z
      .array(optionId, err("quiz.response.invalid"))
      .max(MAX_OPTIONS, err("quiz.response.invalid"))
      .refine((ids) => new Set(ids).size === ids.length, issue("quiz.response.duplicateOption")),
  },
  err("quiz.response.invalid"),
);

export const truefalseResponseSchema = z.strictObject(
  { type: z.literal("truefalse"), value: z.boolean(err("quiz.response.invalid")) },
  err("quiz.response.invalid"),
);

export const fillResponseSchema = z.strictObject(
  {
    type: z.literal("fill"),
    blanks: z.array(text(MAX_BLANK_CHARS), err("quiz.response.invalid")).max(MAX_BLANKS, err("quiz.response.invalid")),
  },
  err("quiz.response.invalid"),
);

export const numericResponseSchema = z.strictObject({ type: z.literal("numeric"), value: text(MAX_NUMERIC_CHARS) }, err("quiz.response.invalid"));

export const essayResponseSchema = z.strictObject({ type: z.literal("essay"), text: text(MAX_ESSAY_CHARS) }, err("quiz.response.invalid"));

export const matchingResponseSchema = z.strictObject(
  {
    type: z.literal("matching"),
    pairs: z.record(optionId, optionId, err("quiz.response.invalid")).refine((p) => Object.keys(p).length <= MAX_ITEMS, issue("quiz.response.invalid")),
  },
  err("quiz.response.invalid"),
);

export const orderingResponseSchema = z.strictObject(
  {
    type: z.literal("ordering"),
    order: z
      .array(optionId, err("quiz.response.invalid"))
      .max(MAX_ITEMS, err("quiz.response.invalid"))
      .refine((ids) => new Set(ids).size === ids.length, issue("quiz.response.duplicateOption")),
  },
  err("quiz.response.invalid"),
);

export const clozeResponseSchema = z.strictObject(
  {
    type: z.literal("cloze"),
    gaps: z.array(text(MAX_BLANK_CHARS), err("quiz.response.invalid")).max(MAX_BLANKS, err("quiz.response.invalid")),
  },
  err("quiz.response.invalid"),
);

const partResponseSchema = z.discriminatedUnion(
  "type",
  [singleResponseSchema, multipleResponseSchema, truefalseResponseSchema, fillResponseSchema, numericResponseSchema, essayResponseSchema],
  err("quiz.response.invalid"),
);

export const groupResponseSchema = z.strictObject(
  {
    type: z.literal("group"),
    parts: z
      .record(optionId, partResponseSchema, err("quiz.response.invalid"))
      .refine((p) => Object.keys(p).length <= MAX_PARTS, issue("quiz.response.invalid")),
  },
  err("quiz.response.invalid"),
);

/** Any well-formed response, whatever the question. */
export const responseSchema = z.discriminatedUnion("type", [
  singleResponseSchema,
  multipleResponseSchema,
  truefalseResponseSchema,
  fillResponseSchema,
  numericResponseSchema,
  essayResponseSchema,
  matchingResponseSchema,
  orderingResponseSchema,
  clozeResponseSchema,
  groupResponseSchema,
]);

const byType = {
  single: singleResponseSchema,
  multiple: multipleResponseSchema,
  truefalse: truefalseResponseSchema,
  fill: fillResponseSchema,
  numeric: numericResponseSchema,
  essay: essayResponseSchema,
  matching: matchingResponseSchema,
  ordering: orderingResponseSchema,
  cloze: clozeResponseSchema,
  group: groupResponseSchema,
} as const;

type Shape = Question | PublicQuestion;

function optionIdsOf(q: Shape): Set<string> | null {
  return q.type === "single" || q.type === "multiple" ? new Set(q.options.map((o) => o.id)) : null;
}

function blankCountOf(q: Shape): number | null {
  if (q.type !== "fill") return null;
  return "blanks" in q ? q.blanks : q.key.blanks.length;
}

/**
 * The schema for an answer to this question: the right type, option ids the question has,
 * as many blanks as it has. Takes the full question or its public view (the checks need
 * neither the key nor the explanation).
 */
export function responseSchemaFor(question: Shape): z.ZodType<Response> {
  const ids = optionIdsOf(question);
  const blanks = blankCountOf(question);
  const known = (id: string) => ids?.has(id);
  switch (question.type) {
    case "single":
      return singleResponseSchema.refine((r) => known(r.optionId), issue("quiz.response.unknownOption"));
    case "multiple":
      return multipleResponseSchema.refine((r) => r.optionIds.every(known), issue("quiz.response.unknownOption"));
    case "fill":
      return fillResponseSchema.refine((r) => r.blanks.length === blanks, issue("quiz.response.blankCount", { expected: blanks ?? 0 }));
    case "matching": {
      const items = new Set(question.items.map((o) => o.id));
      const choices = new Set(question.choices.map((o) => o.id));
      return matchingResponseSchema.refine(
        (r) => Object.entries(r.pairs).every(([item, choice]) => items.has(item) && choices.has(choice)),
        issue("quiz.response.unknownOption"),
      );
    }
    case "ordering": {
      const items = new Set(question.items.map((o) => o.id));
      return orderingResponseSchema.refine((r) => r.order.length === items.size && r.order.every((id) => items.has(id)), issue("quiz.response.unknownOption"));
    }
    case "cloze": {
      const gaps = question.gaps;
      return clozeResponseSchema
        .refine((r) => r.gaps.length === gaps.length, issue("quiz.response.blankCount", { expected: gaps.length }))
        .refine(
          (r) =>
            r.gaps.every((v, i) => {
              const g = gaps[i];
              if (g?.kind === "multi") {
                const ids = multiGapIds(v);
                return new Set(ids).size === ids.length && ids.every((id) => g.options.some((o) => o.id === id));
              }
              return g?.kind !== "choice" || v === "" || g.options.some((o) => o.id === v);
            }),
          issue("quiz.response.unknownOption"),
        )
        .refine((r) => !question.drag || boxesOnceEach(r.gaps, question.drag), issue("quiz.response.boxUsedTwice"));
    }
    case "group": {
      // Only the group's own parts, each answer valid for its part (its type, options, blanks).
      const full = "key" in question && question.key !== undefined ? (question as GroupQuestion) : null;
      const parts = new Map<string, Shape>(question.parts.map((p, i) => [p.id, full ? partQuestion(full, i) : (p as PublicPart)]));
      return groupResponseSchema.superRefine((r, ctx) => {
        for (const [id, sub] of Object.entries(r.parts)) {
          const part = parts.get(id);
          if (!part) {
            ctx.addIssue({ code: "custom", message: "quiz.response.unknownPart" });
            return;
          }
          const checked = responseSchemaFor(part).safeParse(sub);
          if (!checked.success) {
            const first = checked.error.issues[0];
            const params = first?.code === "custom" ? (first.params as MessageParams | undefined) : undefined;
            ctx.addIssue({ code: "custom", message: first?.message ?? "quiz.response.invalid", ...(params ? { params } : {}) });
            return;
          }
        }
      }) as z.ZodType<Response>;
    }
    default:
      return byType[question.type];
  }
}

export type ParseResult = { ok: true; response: Response } | ({ ok: false } & QuizError);

const CODE = /^quiz\.response\.\w+$/;

/**
 * Checks untrusted input (a save from the browser) against a question. A response of another
 * type is `quiz.response.wrongType`; anything else malformed is the first problem found.
 */
export function parseResponse(question: Shape, input: unknown): ParseResult {
  const t = typeof input === "object" && input !== null ? (input as { type?: unknown }).type : undefined;
  if (typeof t !== "string" || !(t in byType)) return { ok: false, code: "quiz.response.invalid" };
  if (t !== question.type) return { ok: false, code: "quiz.response.wrongType" };
  const r = responseSchemaFor(question).safeParse(input);
  if (r.success) return { ok: true, response: r.data };
  const first = r.error.issues[0];
  const code = first && CODE.test(first.message) ? (first.message as QuizMessageCode) : "quiz.response.invalid";
  const params = first && first.code === "custom" ? (first.params as MessageParams | undefined) : undefined;
  return params ? { ok: false, code, params } : { ok: false, code };
}

/**
 * A cloze's gaps as a plain form posts them (the practice forms work without JavaScript): each
 * gap's value in order, "" in a multiple-response gap's place, and each ticked option of such a
 * gap as "gap index:option id", joined here into its place. Ticks naming no gap are dropped; the
 * engine's schema then checks the option ids.
 */
export function formGaps(gaps: readonly string[], ticks: readonly string[]): string[] {
  const out = [...gaps];
  for (const tick of ticks) {
    const m = /^(\d{1,3}):(.+)$/.exec(tick);
    const i = m ? Number(m[1]) : -1;
    if (!m || i >= out.length) continue;
    out[i] = multiGapValue([...multiGapIds(out[i]), m[2]!]);
  }
  return out;
}
