import { z } from "zod";
import { kickJob } from "@/lib/jobs";
import { completeUpload } from "@/lib/video";
import { jsonRoute } from "@/app/_lib/json-route";

/** Every byte is in: check the file and link it to the lesson (only the one who started the upload); the transcoding job is asked to start. */
export const POST = jsonRoute({
  gate: "teach.manage",
  params: z.object({ uploadId: z.string().max(100) }),
  notFound: "video.errors.uploadNotFound",
  body: z.object({
    durationS: z
      .number()
      .positive()
      .max(24 * 3600)
      .nullable()
      .optional(),
  }),
  maxBytes: 1024,
  run: async ({ db, user, params, body }) => {
    const r = await completeUpload(db, user, { uploadId: params.uploadId, browserDurationS: body.durationS ?? null });
    if (r.ok && r.value.transcoding) kickJob("video-transcode");
    return r;
  },
  respond: (v) => v,
});
