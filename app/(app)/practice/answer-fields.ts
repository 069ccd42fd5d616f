import { z } from "zod";
import { idField } from "@/app/_lib/action";

const strings = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(500)).max(20));

/** A practice answer from a plain form (the practice, daily and 一机一码 forms post these fields). */
export const answerFields = {
  questionId: idField,
  type: z.string().max(20),
  optionId: z.string().max(64).optional(),
  optionIds: strings,
  value: z.string().max(200).optional(),
  blanks: strings,
};

/** The answer as the engine's response shape, from a plain form (the engine's schema checks it). */
export function responseOf(input: { type: string; optionId?: string; optionIds: string[]; value?: string; blanks: string[] }): unknown {
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
    default:
      return null;
  }
}
