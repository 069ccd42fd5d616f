import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { completeUpload } from "@/lib/video";
import { jsonError } from "@/app/_lib/json-route";

const body = z.object({ durationS: z.number().positive().max(24 * 3600).nullable().optional() });

/** Every byte is in: check the file and link it to the lesson. */
export async function POST(req: Request, ctx: { params: Promise<{ uploadId: string }> }) {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword || !can(user, "teach.manage")) return jsonError(403, "video.errors.notAllowed");
  let json: unknown = {};
  try {
    const text = await req.text();
    json = text ? JSON.parse(text) : {};
  } catch {
    return jsonError(400, "video.errors.badRequest");
  }
  const parsed = body.safeParse(json);
  if (!parsed.success) return jsonError(400, "video.errors.badRequest");
  const r = await completeUpload(await getDb(), { uploadId: (await ctx.params).uploadId, browserDurationS: parsed.data.durationS ?? null });
  if (!r.ok) return jsonError(r.code === "video.errors.uploadNotFound" ? 404 : 422, r.code, r.params);
  return NextResponse.json({ ok: true, ...r.value }, { headers: { "Cache-Control": "no-store" } });
}
