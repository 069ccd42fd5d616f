import { z } from "zod";
import { ok, type Result } from "@/lib/core/result";
import { messagesFor, type Messages } from "@/lib/i18n";
import { answerInputs, saveAnswers, startAttempt, submitAttempt } from "@/lib/quiz/attempts";
import type { AttemptView } from "@/lib/quiz/attempts/view";
import { idParam, jsonSpec } from "./json-core";

/**
 * The routes a worker taking a quiz calls: start, save, submit. In a quiz storm they are nearly
 * every request, so `npm start`'s server answers them itself from these specs (scripts/quick-lane.ts)
 * as well as Next's route handlers (app/api/quizzes/[id]/start, app/api/attempts/[id]/answers and
 * …/submit): the same checks and the same answers either way.
 */

interface Started {
  attemptId: number;
  resumed: boolean;
  view?: AttemptView;
  m?: Messages["quizTake"];
}

/**
 * Starts (or resumes) the signed-in worker's attempt at a quiz; with the proctor code when the quiz
 * needs one. With `view: true` the answer also carries the attempt's questions and the attempt
 * page's messages, so the quiz list shows the attempt at once instead of loading its page (a
 * quiz storm's thousands of starts then cost no page render each; app/(app)/quizzes/start-form.tsx).
 */
export const startRoute = jsonSpec({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.notFound",
  body: z.object({ proctorCode: z.string().max(20).optional(), proctoring: idParam.optional(), view: z.boolean().optional() }).strict(),
  maxBytes: 1024,
  run: async ({ db, user, params, body, locale }): Promise<Result<Started>> => {
    const started = await startAttempt(db, {
      quizId: params.id,
      memberId: user.memberId,
      proctorCode: body.proctorCode,
      proctoringId: body.proctoring,
      view: body.view,
    });
    if (!started.ok || !started.value.view) return started;
    return ok({ ...started.value, m: messagesFor(locale).quizTake });
  },
  respond: (out) => ({ attemptId: out.attemptId, resumed: out.resumed, ...(out.view ? { view: out.view, m: out.m } : {}) }),
});

/**
 * Saves answers of one attempt. Answers carry the browser's sequence numbers, so a retried or
 * late request is harmless; the reply carries the server's clock for the timer.
 */
export const saveRoute = jsonSpec({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.attemptNotFound",
  body: z.object({ answers: answerInputs }),
  maxBytes: 256 * 1024,
  run: ({ db, user, params, body }) => saveAnswers(db, { attemptId: params.id, memberId: user.memberId, answers: body.answers }),
  respond: (out) => ({ written: out.written, deadline: out.deadline.toISOString(), serverNow: out.serverNow.toISOString() }),
});

/** Submits an attempt with the answers not yet confirmed; repeating it is harmless. */
export const submitRoute = jsonSpec({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.attemptNotFound",
  body: z.object({ answers: answerInputs.default([]) }),
  maxBytes: 512 * 1024,
  run: ({ db, user, params, body }) => submitAttempt(db, { attemptId: params.id, memberId: user.memberId, answers: body.answers }),
  // Only the state: the score and review come from the review page, by its policy.
  respond: (out) => ({ state: out.state }),
});
