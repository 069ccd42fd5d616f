import { getDb } from "@/db";
import { lessonMediaFor, viewerOf } from "@/lib/video";
import { mediaUser, notFound, sendObject } from "../../../_serve";

async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = Number((await ctx.params).id);
  if (!Number.isInteger(id) || id <= 0) return notFound();
  const user = await mediaUser();
  if (!user) return new Response(null, { status: 401 });
  const media = await lessonMediaFor(await getDb(), viewerOf(user), id);
  if (!media?.posterKey) return notFound();
  return sendObject(req, media.posterKey, "image/jpeg");
}

export const GET = handle;
export const HEAD = handle;
