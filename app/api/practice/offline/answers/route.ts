import { z } from "zod";
import { MAX_SYNC_ANSWERS, syncOfflineAnswers } from "@/lib/practice/offline";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/**
 * Answers given offline, sent when the connection returns: each graded again and kept as if
 * answered online; one already kept (same client id) is not kept twice. The reply says, per
 * answer, kept (right or not), already kept, or refused (with the reason).
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.unknown(),
  notFound: "errors.notFound",
  body: z.object({
    answers: z
      .array(
        z.object({
          clientId: z.uuid(),
          questionId: idParam,
          response: z.unknown(),
          // When answered, by the phone's clock (epoch ms); the server keeps it only when plausible.
          at: z.number().int().nonnegative().max(8.64e15).optional(),
        }),
      )
      .min(1)
      .max(MAX_SYNC_ANSWERS),
  }),
  maxBytes: 256 * 1024,
  run: ({ db, user, body }) => syncOfflineAnswers(db, user, body.answers),
  respond: (outcomes) => ({ outcomes }),
});
