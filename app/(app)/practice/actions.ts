"use server";

import { z } from "zod";
import { answerDaily } from "@/lib/practice/daily";
import { addToBook, answerQuestion, PRACTICE_MODES, removeFromBook } from "@/lib/practice/practice";
import { idField, redirectAction } from "@/app/_lib/action";

const mode = z.enum(PRACTICE_MODES);
const optionalId = z.preprocess((v) => (v === "" || v === undefined ? undefined : v), idField.optional());
const strings = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(500)).max(20));

const answerFields = {
  questionId: idField,
  type: z.string().max(20),
  optionId: z.string().max(64).optional(),
  optionIds: strings,
  value: z.string().max(200).optional(),
  blanks: strings,
};

/** The answer as the engine's response shape, from a plain form (the engine's schema checks it). */
function responseOf(input: { type: string; optionId?: string; optionIds: string[]; value?: string; blanks: string[] }): unknown {
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

function goBack(i: { mode?: unknown; categoryId?: unknown }): string {
  const p = new URLSearchParams({ mode: typeof i.mode === "string" ? i.mode : "order" });
  if (i.categoryId !== undefined && i.categoryId !== "") p.set("category", String(i.categoryId));
  return `/practice/go?${p}`;
}

/** Checks one practice answer on the server and shows its feedback; works without JavaScript. */
export const answerPracticeAction = redirectAction({
  permission: "self.learn",
  input: z.object({ ...answerFields, mode, categoryId: optionalId }),
  back: goBack,
  run: ({ db, user, input }) =>
    answerQuestion(db, user, { questionId: input.questionId, mode: input.mode, categoryId: input.categoryId, response: responseOf(input) }),
  done: (r, { input }) => ({ redirect: `/practice/answers/${r.answerId}${input.categoryId ? `?category=${input.categoryId}` : ""}` }),
});

/** Answers one question of today's 每日一练 (the day the page showed is checked against today). */
export const answerDailyAction = redirectAction({
  permission: "self.learn",
  input: z.object({ ...answerFields, day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  back: () => "/practice/daily",
  run: ({ db, user, input }) => answerDaily(db, user, { day: input.day, questionId: input.questionId, response: responseOf(input) }),
  done: (r) => ({ redirect: `/practice/answers/${r.answerId}`, revalidate: ["/practice"] }),
});

const bookInput = z.object({ questionId: idField, back: z.enum(["book", "feedback"]).default("book"), answerId: optionalId });
const bookBack = (i: { back?: unknown; answerId?: unknown }) =>
  i.back === "feedback" && i.answerId ? `/practice/answers/${String(i.answerId)}` : "/practice/book";

export const addToBookAction = redirectAction({
  permission: "self.learn",
  input: bookInput,
  back: bookBack,
  run: ({ db, user, input }) => addToBook(db, user, input.questionId),
  done: () => ({ revalidate: ["/practice"] }),
});

export const removeFromBookAction = redirectAction({
  permission: "self.learn",
  input: bookInput,
  back: bookBack,
  run: ({ db, user, input }) => removeFromBook(db, user, input.questionId),
  done: () => ({ revalidate: ["/practice"] }),
});
