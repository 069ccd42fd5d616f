import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { startAttempt } from "@/lib/quiz/attempts";
import { jsonError, jsonRequest } from "@/app/_lib/json-route";

/** Starts (or resumes) the signed-in worker's attempt at a quiz. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const quizId = Number((await ctx.params).id);
  if (!Number.isInteger(quizId) || quizId <= 0) return jsonError(404, "quizTake.errors.notFound");
  const r = await jsonRequest(req, 1024);
  if ("error" in r) return r.error;
  const out = await startAttempt(await getDb(), { quizId, memberId: r.user.memberId });
  if (!out.ok) return jsonError(out.code === "quizTake.errors.notFound" ? 404 : 409, out.code, out.params);
  return NextResponse.json({ ok: true, attemptId: out.value.attemptId, resumed: out.value.resumed }, { headers: { "Cache-Control": "no-store" } });
}
