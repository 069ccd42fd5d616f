import { progressReport, reportProgress, viewerOf } from "@/lib/video";
import { idParam, jsonRoute } from "@/app/_lib/json-route";
import { z } from "zod";

/**
 * The player's report of what it played (sent every ~15 s, and by sendBeacon on pause or when the
 * page goes away: a beacon's body is the same JSON, sent as a Blob of type application/json).
 * Bad intervals are refused whole; a repeated or late report changes nothing.
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "video.errors.lessonNotFound",
  body: progressReport,
  maxBytes: 64 * 1024,
  run: ({ db, user, params, body }) => reportProgress(db, viewerOf(user), params.id, body),
  respond: (v) => ({ watchedS: v.watchedS, durationS: v.durationS, completed: v.completed, segments: v.segments }),
});
