import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { expiringFilter, listExpiring } from "@/lib/certificates";
import { expiringWorkbook } from "@/lib/certificates/export";

import { getT } from "@/app/_lib/i18n";

export async function GET(req: Request) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const url = new URL(req.url);
  const f = expiringFilter.safeParse(Object.fromEntries(url.searchParams));
  if (!f.success) return new Response(t("eligibility.errors.badFilter"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const found = await listExpiring(db, user, f.data);
  if (!found.ok) return new Response(t("eligibility.errors.unitNotFound"), { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { unit, today, rows } = found.value;
  if (rows.length === 0) {
    url.pathname = "/manage/certificates";
    url.searchParams.set("exportEmpty", "1");
    return Response.redirect(url, 303);
  }
  const body = await expiringWorkbook(t, rows, `${unit.name} · ${t("eligibility.expiring.within")} ${f.data.within}`, today);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="expiring-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`证书到期-${today}.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
