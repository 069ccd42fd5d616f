import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { submitAttempt } from "@/lib/quiz/attempts";
import { jsonError, jsonRequest } from "@/app/_lib/json-route";

const body = z.object({ answers: z.array(z.object({ position: z.number().int(), response: z.unknown(), flagged: z.boolean().optional(), seq: z.number().int() })).max(200).default([]) });

/** Submits an attempt with the answers not yet confirmed; repeating it is harmless. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const attemptId = Number((await ctx.params).id);
  if (!Number.isInteger(attemptId) || attemptId <= 0) return jsonError(404, "quizTake.errors.attemptNotFound");
  const r = await jsonRequest(req, 512 * 1024);
  if ("error" in r) return r.error;
  const parsed = body.safeParse(r.body);
  if (!parsed.success) return jsonError(400, "quizTake.errors.badRequest");
  const out = await submitAttempt(await getDb(), { attemptId, memberId: r.user.memberId, answers: parsed.data.answers });
  if (!out.ok) return jsonError(out.code === "quizTake.errors.attemptNotFound" ? 404 : 422, out.code, out.params);
  // Only the state: the score and review come from the review page, by its policy.
  return NextResponse.json({ ok: true, state: out.value.state }, { headers: { "Cache-Control": "no-store" } });
}
