import { z } from "zod";
import { PART_URLS_MAX, partUrls } from "@/lib/video";
import { jsonRoute } from "@/app/_lib/json-route";

/** Presigned URLs the browser PUTs parts of a direct upload to (only the one who started it). */
export const POST = jsonRoute({
  gate: "teach.manage",
  params: z.object({ uploadId: z.string().max(100) }),
  notFound: "video.errors.uploadNotFound",
  body: z.object({ partNumbers: z.array(z.number().int()).min(1).max(PART_URLS_MAX) }),
  maxBytes: 1024,
  run: ({ db, user, params, body }) => partUrls(db, user, { uploadId: params.uploadId, partNumbers: body.partNumbers }),
  respond: (v) => v,
});
