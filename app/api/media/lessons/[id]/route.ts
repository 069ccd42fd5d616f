import { lessonMediaFor, viewerOf } from "@/lib/video";
import { failureResponse, idParam } from "@/app/_lib/json-route";
import { notFound } from "@/lib/core/result";
import { serveMedia } from "../../_serve";

/**
 * A lesson's video, with byte ranges; only for someone who may watch it: a media token the
 * player page signed for them after checking (`?t=`), or else the session and the lesson's
 * audience checked now.
 */
async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await ctx.params).id);
  if (!id.success) return failureResponse(notFound("video.errors.lessonNotFound"));
  return serveMedia(req, { kind: "lesson", id: id.data }, "video.errors.lessonNotFound", async (db, user) => {
    const m = await lessonMediaFor(db, viewerOf(user), id.data);
    return m && { key: m.storageKey, mime: m.mime };
  });
}

export const GET = handle;
export const HEAD = handle;
