import { z } from "zod";
import { renewLessonMedia } from "@/lib/video";
import { idParam, jsonRoute } from "@/app/_lib/json-route";
import { lessonPosterUrl, lessonVideoUrl } from "../../../media/_urls";

/** Fresh signed URLs for the player before the ones it holds expire, while the viewer may still watch the lesson. */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "video.errors.lessonNotFound",
  body: z.object({}),
  maxBytes: 1024,
  run: ({ db, user, params }) => renewLessonMedia(db, user, params.id),
  respond: (m) => ({ src: lessonVideoUrl(m.lessonId, m.video), poster: m.poster ? lessonPosterUrl(m.lessonId, m.poster) : null, validForMs: m.validForMs }),
});
