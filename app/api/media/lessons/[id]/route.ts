import { getDb } from "@/db";
import { lessonMediaFor, viewerOf } from "@/lib/video";
import { readMediaToken } from "@/lib/video/media-token";
import { mediaUser, notFound, sendObject } from "../../_serve";

/**
 * A lesson's video, with byte ranges; only for someone who may watch it: a media token the
 * player page signed after checking (`?t=`, no database work per range request), or else the
 * session and the lesson's audience checked now.
 */
async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = Number((await ctx.params).id);
  if (!Number.isInteger(id) || id <= 0) return notFound();
  const token = new URL(req.url).searchParams.get("t");
  if (token) {
    const grant = readMediaToken(token, id);
    if (!grant) return new Response(null, { status: 403 });
    return sendObject(req, grant.key, grant.mime);
  }
  const user = await mediaUser();
  if (!user) return new Response(null, { status: 401 });
  const media = await lessonMediaFor(await getDb(), viewerOf(user), id);
  if (!media) return notFound();
  return sendObject(req, media.storageKey, media.mime);
}

export const GET = handle;
export const HEAD = handle;
