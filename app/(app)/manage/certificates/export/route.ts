import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { expiringFilter, listExpiring } from "@/lib/certificates";
import { expiringWorkbook } from "@/lib/eligibility/export";

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
  const f = expiringFilter.safeParse(Object.fromEntries(url.searchParams));
  const m = await managedUnit(db, user, url.searchParams.get("unit") ?? undefined);
  if (!f.success || !m) return new Response(t(!m ? "eligibility.errors.unitNotFound" : "eligibility.errors.badFilter"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const today = dayIn(clock.now(), timeZone());
  const rows = await listExpiring(db, { unitPath: m.unit.path, scope: m.scope, within: f.data.within, typeId: f.data.type, expired: f.data.expired, today });
  if (rows.length === 0) {
    url.pathname = "/manage/certificates";
    url.searchParams.set("exportEmpty", "1");
    return Response.redirect(url, 303);
  }
  const body = await expiringWorkbook(t, rows, `${m.unit.name} · ${t("eligibility.expiring.within")} ${f.data.within}`, today);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="expiring-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`证书到期-${today}.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
