import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { uploadStatus, writeChunk } from "@/lib/video";
import { jsonError } from "@/app/_lib/json-route";

async function trainer() {
  const user = await getCurrentUser();
  return user && !user.mustChangePassword && can(user, "teach.manage") ? user : null;
}

/** How far an upload got: the browser resumes from `received`. */
export async function GET(_req: Request, ctx: { params: Promise<{ uploadId: string }> }) {
  if (!(await trainer())) return jsonError(403, "video.errors.notAllowed");
  const u = await uploadStatus(await getDb(), (await ctx.params).uploadId);
  if (!u) return jsonError(404, "video.errors.uploadNotFound");
  return NextResponse.json({ ok: true, received: u.received, size: u.sizeBytes, state: u.state, error: u.error }, { headers: { "Cache-Control": "no-store" } });
}

/** One chunk, streamed to disk at `?offset=`; its body is never buffered whole. */
export async function PUT(req: Request, ctx: { params: Promise<{ uploadId: string }> }) {
  if (!(await trainer())) return jsonError(403, "video.errors.notAllowed");
  const offset = Number(new URL(req.url).searchParams.get("offset"));
  if (!Number.isSafeInteger(offset) || offset < 0) return jsonError(400, "video.errors.badRequest");
  const r = await writeChunk(await getDb(), { uploadId: (await ctx.params).uploadId, offset, body: req.body });
  if (!r.ok) {
    const status = r.code === "video.errors.uploadNotFound" ? 404 : r.code === "video.errors.offsetMismatch" ? 409 : r.code === "video.errors.tooLarge" ? 413 : 422;
    return jsonError(status, r.code, r.params);
  }
  return NextResponse.json({ ok: true, ...r.value }, { headers: { "Cache-Control": "no-store" } });
}
