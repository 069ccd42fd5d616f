import { getDb } from "@/db";
import { courseCoverFor, viewerOf } from "@/lib/video";
import { mediaUser, notFound, sendObject } from "../../../_serve";

async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = Number((await ctx.params).id);
  if (!Number.isInteger(id) || id <= 0) return notFound();
  const user = await mediaUser();
  if (!user) return new Response(null, { status: 401 });
  const cover = await courseCoverFor(await getDb(), viewerOf(user), id);
  if (!cover) return notFound();
  return sendObject(req, cover.key, cover.mime);
}

export const GET = handle;
export const HEAD = handle;
