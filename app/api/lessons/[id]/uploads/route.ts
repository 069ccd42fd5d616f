import { z } from "zod";
import { withoutBadCharacters } from "@/lib/core/text";
import { startUpload } from "@/lib/video";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/** Starts a chunked upload of a lesson's video (who may change the lesson); `direct`: the browser can send the parts to the bucket itself. */
export const POST = jsonRoute({
  gate: "teach.manage",
  params: z.object({ id: idParam }),
  notFound: "video.errors.lessonNotFound",
  // The name is only shown back; what cannot be stored is dropped rather than refused.
  body: z.object({ fileName: z.string().max(500).transform(withoutBadCharacters), size: z.number().int(), direct: z.boolean().optional() }),
  maxBytes: 4096,
  run: ({ db, user, params, body }) => startUpload(db, user, { lessonId: params.id, fileName: body.fileName, size: body.size, direct: body.direct }),
  respond: (v) => v,
});
