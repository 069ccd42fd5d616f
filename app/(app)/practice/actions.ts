"use server";

import { z } from "zod";
import { answerDaily, startDaily } from "@/lib/practice/daily";
import { startMock, startQuizMock, submitMock } from "@/lib/practice/mock";
import { addToBook, answerQuestion, PRACTICE_MODES, removeFromBook } from "@/lib/practice/practice";
import { idField, redirectAction } from "@/app/_lib/action";
import { answerFields } from "./answer-fields";
import { formResponse, mockResponses } from "@/lib/practice/form";

const mode = z.enum(PRACTICE_MODES);
const optionalId = z.preprocess((v) => (v === "" || v === undefined ? undefined : v), idField.optional());
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
  run: ({ db, user, input, form }) =>
    answerQuestion(db, user, { questionId: input.questionId, mode: input.mode, categoryId: input.categoryId, response: formResponse(form) }),
  done: (r, { input }) => ({ redirect: `/practice/answers/${r.answerId}${input.categoryId ? `?category=${input.categoryId}` : ""}` }),
});

/** Starts today's 每日一练: draws the day's set (kept all day), then shows its first question. */
export const startDailyAction = redirectAction({
  permission: "self.learn",
  input: z.object({}),
  back: () => "/practice/daily",
  run: ({ db, user }) => startDaily(db, user),
  done: () => ({ redirect: "/practice/daily", revalidate: ["/practice", "/"] }),
});

/** Answers one question of today's 每日一练 (the day the page showed is checked against today). */
export const answerDailyAction = redirectAction({
  permission: "self.learn",
  input: z.object({ ...answerFields, day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  back: () => "/practice/daily",
  run: ({ db, user, input, form }) => answerDaily(db, user, { day: input.day, questionId: input.questionId, response: formResponse(form) }),
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

const count = z.coerce.number().int();

/** Starts a mock exam: a trainer's (by id), the worker's own over an open category, or one of a quiz that allows it. */
export const startMockAction = redirectAction({
  permission: "self.learn",
  input: z.union([z.object({ mockExamId: idField }), z.object({ categoryId: idField, questions: count, minutes: count }), z.object({ quizId: idField })]),
  back: () => "/practice/mock",
  run: ({ db, user, input }) => ("quizId" in input ? startQuizMock(db, user, input.quizId) : startMock(db, user, input)),
  done: (r) => ({ redirect: `/practice/mock/${r.attemptId}` }),
});

/** Submits a mock exam; the server checks its deadline. */
export const submitMockAction = redirectAction({
  permission: "self.learn",
  input: z.object({ attemptId: idField }),
  back: (i) => (i.attemptId ? `/practice/mock/${String(i.attemptId)}` : "/practice/mock"),
  run: ({ db, user, input, form }) => submitMock(db, user, { attemptId: input.attemptId, responses: mockResponses(form) }),
  done: (_, { input }) => ({ redirect: `/practice/mock/${input.attemptId}`, revalidate: ["/practice"] }),
});
