import { z } from "zod";
import { downloadsAllowed } from "@/lib/video";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/** Of the lessons downloaded on this device, those the user may still keep; the device removes the others. */
export const POST = jsonRoute({
  gate: "learner",
  params: z.unknown(),
  notFound: "video.errors.lessonNotFound",
  body: z.object({ lessonIds: z.array(idParam).max(500) }),
  maxBytes: 16 * 1024,
  run: ({ db, user, body }) => downloadsAllowed(db, user, body.lessonIds),
  respond: (allowed) => ({ allowed }),
});
