import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { startUpload } from "@/lib/video";
import { jsonError } from "@/app/_lib/json-route";

const body = z.object({ fileName: z.string().max(500), size: z.number().int() });

/** Starts a chunked upload of a lesson's video (trainers). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword || !can(user, "teach.manage")) return jsonError(403, "video.errors.notAllowed");
  const lessonId = Number((await ctx.params).id);
  if (!Number.isInteger(lessonId) || lessonId <= 0) return jsonError(404, "video.errors.lessonNotFound");
  const text = await req.text().catch(() => "");
  if (text.length > 4096) return jsonError(400, "video.errors.badRequest");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return jsonError(400, "video.errors.badRequest");
  }
  const parsed = body.safeParse(json);
  if (!parsed.success) return jsonError(400, "video.errors.badRequest");
  const r = await startUpload(await getDb(), { lessonId, fileName: parsed.data.fileName, size: parsed.data.size, userId: user.userId });
  if (!r.ok) return jsonError(r.code === "video.errors.lessonNotFound" ? 404 : r.code === "video.errors.tooLarge" ? 413 : 422, r.code, r.params);
  return NextResponse.json({ ok: true, ...r.value }, { headers: { "Cache-Control": "no-store" } });
}
