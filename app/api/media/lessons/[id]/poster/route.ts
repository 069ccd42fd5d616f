import { lessonMediaFor, viewerOf } from "@/lib/video";
import { notFound } from "@/lib/core/result";
import { failureResponse, idParam } from "@/app/_lib/json-route";
import { serveMedia } from "../../../_serve";

/** A lesson's poster frame, for whoever may watch the lesson (signed token or session). */
async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await ctx.params).id);
  if (!id.success) return failureResponse(notFound("video.errors.lessonNotFound"));
  return serveMedia(req, { kind: "poster", id: id.data }, "video.errors.lessonNotFound", async (db, user) => {
    const m = await lessonMediaFor(db, viewerOf(user), id.data);
    return m?.posterKey ? { key: m.posterKey, mime: "image/jpeg" } : null;
  });
}

export const GET = handle;
export const HEAD = handle;
