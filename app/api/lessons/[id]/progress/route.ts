import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { progressReport, reportProgress, viewerOf } from "@/lib/video";
import { jsonError, jsonRequest } from "@/app/_lib/json-route";

/**
 * The player's report of what it played (sent every ~15 s, and by sendBeacon on pause or when the
 * page goes away). Bad intervals are refused whole; a repeated or late report changes nothing.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const lessonId = Number((await ctx.params).id);
  if (!Number.isInteger(lessonId) || lessonId <= 0) return jsonError(404, "video.errors.lessonNotFound");
  const r = await jsonRequest(req, 64 * 1024);
  if ("error" in r) return r.error;
  const parsed = progressReport.safeParse(r.body);
  if (!parsed.success) return jsonError(400, "video.errors.badRequest");
  const out = await reportProgress(await getDb(), viewerOf(r.user), lessonId, parsed.data);
  if (!out.ok) return jsonError(out.code === "video.errors.lessonNotFound" ? 404 : 422, out.code, out.params);
  const v = out.value;
  return NextResponse.json({ ok: true, watchedS: v.watchedS, durationS: v.durationS, completed: v.completed, segments: v.segments }, { headers: { "Cache-Control": "no-store" } });
}
