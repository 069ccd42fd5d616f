import { z } from "zod";
import { startAttempt } from "@/lib/quiz/attempts";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/** Starts (or resumes) the signed-in worker's attempt at a quiz. */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.notFound",
  body: z.object({}),
  maxBytes: 1024,
  run: ({ db, user, params }) => startAttempt(db, { quizId: params.id, memberId: user.memberId }),
  respond: (out) => ({ attemptId: out.attemptId, resumed: out.resumed }),
});
