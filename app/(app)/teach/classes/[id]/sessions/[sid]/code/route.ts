import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { checkinDisplay } from "@/lib/classes";
import { checkinUrl, qrSvg } from "@/lib/classes/qr";
import { jsonError } from "@/app/_lib/json-route";

/**
 * The instructor's screen asks for the current code and its QR every few seconds. Derived from
 * the session's secret and the clock, so any app instance answers the same.
 */
export async function GET(req: Request, ctx: { params: Promise<{ sid: string }> }) {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword) return jsonError(401, "errors.generic");
  const sid = Number((await ctx.params).sid);
  if (!Number.isInteger(sid) || sid <= 0) return jsonError(404, "classes.errors.sessionNotFound");
  const r = await checkinDisplay(await getDb(), user, sid);
  if (!r.ok) return jsonError(r.code === "classes.errors.notYours" ? 403 : 404, r.code);
  const { state, code, changesAt, checkedIn, enrolled } = r.value;
  const svg = code ? await qrSvg(checkinUrl(new URL(req.url).origin, sid, code)) : null;
  return NextResponse.json(
    { ok: true, state, code, svg, changesAt: changesAt?.toISOString() ?? null, checkedIn, enrolled },
    { headers: { "Cache-Control": "no-store" } },
  );
}
