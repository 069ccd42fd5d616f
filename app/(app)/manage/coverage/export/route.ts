import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { coverage } from "@/lib/eligibility/coverage";
import { coverageWorkbook } from "@/lib/eligibility/export";

import { getT } from "@/app/_lib/i18n";
import { managedUnit } from "../../_lib/unit";
import { dayIn } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

export async function GET(req: Request) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const url = new URL(req.url);
  const m = await managedUnit(db, user, url.searchParams.get("unit") ?? undefined);
  if (!m) return new Response(t("eligibility.errors.unitNotFound"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const tz = timeZone();
  const today = dayIn(clock.now(), tz);
  const shortOnly = url.searchParams.get("short") === "1";
  const rows = await coverage(db, { unitPath: m.unit.path, scope: m.scope, today, tz, shortOnly });
  if (rows.length === 0) {
    url.pathname = "/manage/coverage";
    url.searchParams.set("exportEmpty", "1");
    return Response.redirect(url, 303);
  }
  const body = await coverageWorkbook(t, rows, [m.unit.name, shortOnly ? t("eligibility.coverage.shortOnly") : null].filter(Boolean).join(" · "), today);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="coverage-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`岗位覆盖-${today}.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
