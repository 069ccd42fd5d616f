import { z } from "zod";
import { idField } from "@/app/_lib/action";
import { formGaps } from "@/lib/quiz/response";

const strings = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(500)).max(20));

/** A practice answer from a plain form (the practice, daily and 一机一码 forms post these fields). */
export const answerFields = {
  questionId: idField,
  type: z.string().max(20),
  optionId: z.string().max(64).optional(),
  optionIds: strings,
  value: z.string().max(200).optional(),
  blanks: strings,
  /** Matching: one `itemId=choiceId` per item picked (an item left on "请选择" posts ""). */
  pairs: strings,
  /** Ordering: the item picked for each position, first to last. */
  order: strings,
  /** Cloze: each gap's text or choice id, in the gaps' order ("" in a multiple-response gap's place). */
  gaps: strings,
  /** Cloze: each option ticked in a multiple-response gap, as "gap index:option id". */
  gapTicks: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(80)).max(100)),
};

/** The answer as the engine's response shape, from a plain form (the engine's schema checks it). */
export function responseOf(input: {
  type: string;
  optionId?: string;
  optionIds: string[];
  value?: string;
  blanks: string[];
  pairs: string[];
  order: string[];
  gaps: string[];
  gapTicks?: string[];
}): unknown {
  switch (input.type) {
    case "single":
      return { type: "single", optionId: input.optionId ?? "" };
    case "multiple":
      return { type: "multiple", optionIds: input.optionIds };
    case "truefalse":
      return input.value === "true" || input.value === "false" ? { type: "truefalse", value: input.value === "true" } : null;
    case "fill":
      return { type: "fill", blanks: input.blanks };
    case "numeric":
      return { type: "numeric", value: input.value ?? "" };
    case "matching":
      return {
        type: "matching",
        pairs: Object.fromEntries(input.pairs.map((p) => p.split("=")).filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== "" && kv[1] !== "")),
      };
    case "ordering":
      return { type: "ordering", order: input.order.filter((id) => id !== "") };
    case "cloze":
      return { type: "cloze", gaps: formGaps(input.gaps, input.gapTicks ?? []) };
    default:
      return null;
  }
}
