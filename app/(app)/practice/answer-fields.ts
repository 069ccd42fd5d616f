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
  /** Matching: one `itemId=choiceId` per item picked (an item left on "请选择" posts ""). */
  pairs: strings,
  /** Ordering: the item picked for each position, first to last. */
  order: strings,
  /** Cloze: each gap's text or choice id, in the gaps' order ("" in a multiple-response gap's place). */
  gaps: strings,
  /** Cloze: each option ticked in a multiple-response gap, as "gap index:option id". */
  gapTicks: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(80)).max(100)),
};
