import { NextResponse } from "next/server";
import { getDb } from "@/lib/core/db";
import { badRequest } from "@/lib/core/result";
import { uploadProgress, writeChunk } from "@/lib/video";
import { failureResponse, routeUser } from "@/app/_lib/json-route";

const noStore = { headers: { "Cache-Control": "no-store" } };

/** How far an upload got: the browser resumes from `received` (a direct upload: sends the parts not in `partsIn`). Only the one who started it may ask. */
export async function GET(_req: Request, ctx: { params: Promise<{ uploadId: string }> }) {
  const user = await routeUser("teach.manage");
  if (!user.ok) return failureResponse(user);
  const r = await uploadProgress(await getDb(), user.value, (await ctx.params).uploadId);
  if (!r.ok) return failureResponse(r);
  return NextResponse.json({ ok: true, ...r.value }, noStore);
}

/** One chunk (a binary body, not JSON), streamed to disk at `?offset=`; it is never buffered whole. */
export async function PUT(req: Request, ctx: { params: Promise<{ uploadId: string }> }) {
  const user = await routeUser("teach.manage");
  if (!user.ok) return failureResponse(user);
  const offset = Number(new URL(req.url).searchParams.get("offset"));
  if (!Number.isSafeInteger(offset) || offset < 0) return failureResponse(badRequest("video.errors.badRequest"));
  const r = await writeChunk(await getDb(), user.value, { uploadId: (await ctx.params).uploadId, offset, body: req.body });
  if (!r.ok) return failureResponse(r);
  return NextResponse.json({ ok: true, ...r.value }, noStore);
}
