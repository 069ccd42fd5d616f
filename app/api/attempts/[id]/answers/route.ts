import { z } from "zod";
import { answerInputs, saveAnswers } from "@/lib/quiz/attempts";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/**
 * Saves answers of one attempt. Answers carry the browser's sequence numbers, so a retried or
 * late request is harmless; the reply carries the server's clock for the timer.
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.attemptNotFound",
  body: z.object({ answers: answerInputs }),
  maxBytes: 256 * 1024,
  run: ({ db, user, params, body }) => saveAnswers(db, { attemptId: params.id, memberId: user.memberId, answers: body.answers }),
  respond: (out) => ({ written: out.written, deadline: out.deadline.toISOString(), serverNow: out.serverNow.toISOString() }),
});
