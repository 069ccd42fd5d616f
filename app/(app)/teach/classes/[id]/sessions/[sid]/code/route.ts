import { NextResponse } from "next/server";
import { getDb } from "@/lib/core/db";
import { checkinDisplay } from "@/lib/classes";
import { checkinUrl } from "@/lib/classes/qr";
import { qrPicture } from "@/lib/core/qr";
import { notFound } from "@/lib/core/result";
import { failureResponse, idParam, routeUser } from "@/app/_lib/json-route";

/**
 * The instructor's screen asks for the current code and its QR every few seconds. Derived from
 * the session's secret and the clock, so any app instance answers the same. Only whoever runs the
 * class gets it (lib/classes checks); a session of another class is not found.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string; sid: string }> }) {
  const { id, sid } = await ctx.params;
  const classId = idParam.safeParse(id);
  const sessionId = idParam.safeParse(sid);
  if (!classId.success || !sessionId.success) return failureResponse(notFound("classes.errors.sessionNotFound"));
  const user = await routeUser("learner");
  if (!user.ok) return failureResponse(user);
  const r = await checkinDisplay(await getDb(), user.value, sessionId.data);
  if (!r.ok) return failureResponse(r);
  if (r.value.session.classId !== classId.data) return failureResponse(notFound("classes.errors.sessionNotFound"));
  const { state, code, changesAt, checkedIn, enrolled } = r.value;
  const qr = code ? qrPicture(checkinUrl(new URL(req.url).origin, sessionId.data, code)) : null;
  return NextResponse.json(
    { ok: true, state, code, qr, changesAt: changesAt?.toISOString() ?? null, checkedIn, enrolled },
    { headers: { "Cache-Control": "no-store" } },
  );
}
