import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { coverage } from "@/lib/eligibility/coverage";
import { coverageWorkbook } from "@/lib/eligibility/export";

import { attachment, plainText, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";
import { unitParam } from "../../roster/query";

export async function GET(req: Request) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const url = new URL(req.url);
  const shortOnly = url.searchParams.get("short") === "1";
  const unitId = unitParam(url.searchParams.get("unit"));
  const found = unitId === undefined ? null : await coverage(db, user, { unitId, shortOnly });
  if (!found?.ok) return plainText(t("eligibility.errors.unitNotFound"), 404);
  const { unit, today, rows } = found.value;
  if (rows.length === 0) {
    url.pathname = "/manage/coverage";
    url.searchParams.set("exportEmpty", "1");
    return Response.redirect(url, 303);
  }
  const body = await coverageWorkbook(t, rows, [unit.name, shortOnly ? t("eligibility.coverage.shortOnly") : null].filter(Boolean).join(" · "), today);
  return attachment(body, { type: XLSX, asciiName: `coverage-${today}.xlsx`, name: `岗位覆盖-${today}.xlsx` });
}
