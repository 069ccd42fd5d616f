import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { expiringFilter, listExpiring } from "@/lib/certificates";
import { expiringWorkbook } from "@/lib/certificates/export";

import { attachment, plainText, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";

export async function GET(req: Request) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const url = new URL(req.url);
  const f = expiringFilter.safeParse(Object.fromEntries(url.searchParams));
  if (!f.success) return plainText(t("eligibility.errors.badFilter"), 400);
  const found = await listExpiring(db, user, f.data);
  if (!found.ok) return plainText(t("eligibility.errors.unitNotFound"), 404);
  const { unit, today, rows } = found.value;
  if (rows.length === 0) {
    url.pathname = "/manage/certificates";
    url.searchParams.set("exportEmpty", "1");
    return Response.redirect(url, 303);
  }
  const body = await expiringWorkbook(t, rows, `${unit.name} · ${t("eligibility.expiring.within")} ${f.data.within}`, today);
  return attachment(body, { type: XLSX, asciiName: `expiring-${today}.xlsx`, name: `证书到期-${today}.xlsx` });
}
