import { z } from "zod";
import { startAttempt } from "@/lib/quiz/attempts";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/** Starts (or resumes) the signed-in worker's attempt at a quiz; with the proctor code when the quiz needs one. */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.notFound",
  body: z.object({ proctorCode: z.string().max(20).optional(), proctoring: idParam.optional() }).strict(),
  maxBytes: 1024,
  run: ({ db, user, params, body }) =>
    startAttempt(db, { quizId: params.id, memberId: user.memberId, proctorCode: body.proctorCode, proctoringId: body.proctoring }),
  respond: (out) => ({ attemptId: out.attemptId, resumed: out.resumed }),
});
