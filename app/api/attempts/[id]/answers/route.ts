import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { saveAnswers } from "@/lib/quiz/attempts";
import { jsonError, jsonRequest } from "@/app/_lib/json-route";

const body = z.object({ answers: z.array(z.object({ position: z.number().int(), response: z.unknown(), flagged: z.boolean().optional(), seq: z.number().int() })).max(200) });

/**
 * Saves answers of one attempt. Answers carry the browser's sequence numbers, so a retried or
 * late request is harmless; the reply carries the server's clock for the timer.
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const attemptId = Number((await ctx.params).id);
  if (!Number.isInteger(attemptId) || attemptId <= 0) return jsonError(404, "quizTake.errors.attemptNotFound");
  const r = await jsonRequest(req, 256 * 1024);
  if ("error" in r) return r.error;
  const parsed = body.safeParse(r.body);
  if (!parsed.success) return jsonError(400, "quizTake.errors.badRequest");
  const out = await saveAnswers(await getDb(), { attemptId, memberId: r.user.memberId, answers: parsed.data.answers });
  if (!out.ok) {
    const status = out.code === "quizTake.errors.attemptNotFound" ? 404 : out.code === "quizTake.errors.timeUp" || out.code === "quizTake.errors.attemptFinished" ? 409 : 422;
    return jsonError(status, out.code, out.params);
  }
  return NextResponse.json(
    { ok: true, written: out.value.written, deadline: out.value.deadline.toISOString(), serverNow: out.value.serverNow.toISOString() },
    { headers: { "Cache-Control": "no-store" } },
  );
}
