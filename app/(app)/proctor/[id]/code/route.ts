import { NextResponse } from "next/server";
import { getDb } from "@/lib/core/db";
import { qrPicture } from "@/lib/core/qr";
import { notFound } from "@/lib/core/result";
import { proctorDisplay } from "@/lib/quiz/proctor";
import { failureResponse, idParam, routeUser } from "@/app/_lib/json-route";
import { proctorUrl } from "../proctor-url";

/**
 * The proctor's screen asks for the current code and its QR every few seconds; derived from the
 * proctoring's secret and the clock, so any instance answers the same. Only someone who may
 * proctor at its station gets it (lib/quiz/proctor); anyone else: not found.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await ctx.params).id);
  if (!id.success) return failureResponse(notFound("proctor.errors.notFound"));
  const user = await routeUser("learner");
  if (!user.ok) return failureResponse(user);
  const r = await proctorDisplay(await getDb(), user.value, id.data);
  if (!r.ok) return failureResponse(r);
  const { state, code, changesAt, started, quizId } = r.value;
  const qr = code ? qrPicture(proctorUrl(new URL(req.url).origin, quizId, id.data, code)) : null;
  return NextResponse.json({ ok: true, state, code, qr, changesAt: changesAt?.toISOString() ?? null, started }, { headers: { "Cache-Control": "no-store" } });
}
