import { getDb } from "@/lib/core/db";
import { fail, notFound } from "@/lib/core/result";
import { COVER_MAX_BYTES, courseCoverFor, saveCourseCover, viewerOf } from "@/lib/video";
import { failureResponse, idParam, readBody, routeUser } from "@/app/_lib/json-route";
import { serveMedia } from "../../../_serve";

const courseNotFound = () => failureResponse(notFound("video.errors.courseNotFound"));

/** A course's cover, for whoever may see the course (signed token or session). */
async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await ctx.params).id);
  if (!id.success) return courseNotFound();
  return serveMedia(req, { kind: "cover", id: id.data }, "video.errors.courseNotFound", (db, user) => courseCoverFor(db, viewerOf(user), id.data));
}

export const GET = handle;
export const HEAD = handle;

/** Replaces the cover (who may change the course): at most 5 MB, read with a cap, checked by content. */
export async function PUT(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await ctx.params).id);
  if (!id.success) return courseNotFound();
  const user = await routeUser("teach.manage");
  if (!user.ok) return failureResponse(user);
  const body = await readBody(req, COVER_MAX_BYTES);
  if (!body.ok) return failureResponse(body.kind === "tooLarge" ? fail("video.errors.coverTooLarge", undefined, "tooLarge") : body);
  const r = await saveCourseCover(await getDb(), user.value, id.data, body.value);
  if (!r.ok) return failureResponse(r);
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
