import { z } from "zod";
import { integrityInput, recordIntegrity } from "@/lib/quiz/attempts";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/**
 * The attempt page's integrity log, sent best-effort in small batches (page left and come back,
 * pastes, the browser's device id). Only the attempt's own member; a resent batch is harmless.
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.attemptNotFound",
  body: integrityInput,
  maxBytes: 16 * 1024,
  run: ({ db, user, params, body }) => recordIntegrity(db, { attemptId: params.id, memberId: user.memberId, batch: body }),
  respond: (out) => ({ stored: out.stored, dropped: out.dropped }),
});
