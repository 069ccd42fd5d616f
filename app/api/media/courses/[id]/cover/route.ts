import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { COVER_MAX_BYTES, courseCoverFor, saveCourseCover, viewerOf } from "@/lib/video";
import { jsonError } from "@/app/_lib/json-route";
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

/** A trainer replaces the cover: at most 5 MB, read with a cap, checked by content. */
export async function PUT(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const user = await mediaUser();
  if (!user || !can(user, "teach.manage")) return jsonError(403, "video.errors.notAllowed");
  const id = Number((await ctx.params).id);
  if (!Number.isInteger(id) || id <= 0) return jsonError(404, "video.errors.courseNotFound");
  if (Number(req.headers.get("content-length") ?? 0) > COVER_MAX_BYTES) return jsonError(413, "video.errors.coverTooLarge");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  if (reader)
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > COVER_MAX_BYTES) {
        await reader.cancel();
        return jsonError(413, "video.errors.coverTooLarge");
      }
      chunks.push(value);
    }
  const r = await saveCourseCover(await getDb(), id, Buffer.concat(chunks));
  if (!r.ok) return jsonError(r.code === "video.errors.courseNotFound" ? 404 : 422, r.code);
  return Response.json({ ok: true });
}
