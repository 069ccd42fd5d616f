import { z } from "zod";
import { answerInputs, submitAttempt } from "@/lib/quiz/attempts";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/** Submits an attempt with the answers not yet confirmed; repeating it is harmless. */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.attemptNotFound",
  body: z.object({ answers: answerInputs.default([]) }),
  maxBytes: 512 * 1024,
  run: ({ db, user, params, body }) => submitAttempt(db, { attemptId: params.id, memberId: user.memberId, answers: body.answers }),
  // Only the state: the score and review come from the review page, by its policy.
  respond: (out) => ({ state: out.state }),
});
