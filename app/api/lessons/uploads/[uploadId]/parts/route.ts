import { z } from "zod";
import { recordPart } from "@/lib/video";
import { jsonRoute } from "@/app/_lib/json-route";

/** A part of a direct upload is in the bucket: its ETag, as the bucket answered the browser's PUT (only the one who started the upload). */
export const POST = jsonRoute({
  gate: "teach.manage",
  params: z.object({ uploadId: z.string().max(100) }),
  notFound: "video.errors.uploadNotFound",
  body: z.object({ partNumber: z.number().int(), etag: z.string().max(200) }),
  maxBytes: 1024,
  run: ({ db, user, params, body }) => recordPart(db, user, { uploadId: params.uploadId, partNumber: body.partNumber, etag: body.etag }),
  respond: (v) => v,
});
