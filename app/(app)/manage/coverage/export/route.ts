import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { coverage } from "@/lib/eligibility/coverage";
import { coverageWorkbook } from "@/lib/eligibility/export";

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
  if (!found?.ok) return new Response(t("eligibility.errors.unitNotFound"), { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { unit, today, rows } = found.value;
  if (rows.length === 0) {
    url.pathname = "/manage/coverage";
    url.searchParams.set("exportEmpty", "1");
    return Response.redirect(url, 303);
  }
  const body = await coverageWorkbook(t, rows, [unit.name, shortOnly ? t("eligibility.coverage.shortOnly") : null].filter(Boolean).join(" · "), today);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="coverage-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`岗位覆盖-${today}.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
