"use server";

import { z } from "zod";
import { startPreview } from "@/lib/quiz/attempts";
import { closeQuiz, createQuiz, publishQuiz, setQuizMockAllowed, updateQuiz } from "@/lib/quiz/quizzes";
import { quizFormInput } from "@/lib/quiz/admin";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

/** Creates a quiz (then on to its questions) or saves an existing one's settings. */
export const saveQuizAction = formAction({
  permission: "teach.manage",
  input: quizFormInput,
  run: async ({ db, user, input }) => {
    if (input.id === undefined) return createQuiz(db, user, input.input);
    const r = await updateQuiz(db, user, input.id, input.input);
    return r.ok ? { ok: true as const, value: { id: input.id } } : r;
  },
  done: (r, { input }) => ({
    revalidate: ["/teach/quizzes"],
    redirect: input.id === undefined ? `/teach/quizzes/${r.id}/questions?created=1` : `/teach/quizzes/${r.id}?saved=1`,
  }),
});

const quizButton = z.object({ quizId: idField });
const quizPage = (i: { quizId?: unknown }) => (typeof i.quizId === "number" ? `/teach/quizzes/${i.quizId}` : "/teach/quizzes");

/** Publish; the outcome comes back in the query string (works without JavaScript). */
export const publishQuizAction = redirectAction({
  permission: "teach.manage",
  input: quizButton,
  back: quizPage,
  run: ({ db, user, input }) => publishQuiz(db, user, input.quizId),
  done: (_, { input }) => ({ revalidate: ["/teach/quizzes"], redirect: `/teach/quizzes/${input.quizId}?published=1` }),
});

/** Closes the quiz now; attempts still open are finished by its overdue rule first (lib closeQuiz). */
export const closeQuizAction = redirectAction({
  permission: "teach.manage",
  input: quizButton,
  back: quizPage,
  run: ({ db, user, input }) => closeQuiz(db, user, input.quizId),
  done: (_, { input }) => ({ revalidate: ["/teach/quizzes"], redirect: `/teach/quizzes/${input.quizId}?closed=1` }),
});

/** The trainer takes the quiz as a worker would: a preview attempt of their own, never counted. */
export const previewQuizAction = redirectAction({
  permission: "teach.manage",
  input: quizButton,
  back: quizPage,
  run: ({ db, user, input }) => startPreview(db, user, input.quizId),
  done: (r) => ({ redirect: `/attempts/${r.attemptId}` }),
});

/** 允许模拟考试 on or off (lib setQuizMockAllowed checks the quiz is the actor's to change). */
export const quizMockAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ quizId: idField, allowed: z.enum(["1", "0"]).transform((v) => v === "1") }),
  back: quizPage,
  run: ({ db, user, input }) => setQuizMockAllowed(db, user, input.quizId, input.allowed),
  done: (_, { input }) => ({ redirect: `/teach/quizzes/${input.quizId}?mockSaved=1` }),
});
