import { getDb } from "@/lib/core/db";
import * as clock from "@/lib/core/clock";
import { requirePermission } from "@/lib/auth/session";
import { reportFilter, shortfallReport } from "@/lib/hours/ledger";
import { kickJob } from "@/lib/jobs";
import { shortfallWorkbook } from "@/lib/hours/export";
import { attachment, plainText, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";

export async function GET(req: Request) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const f = reportFilter.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!f.success || f.data.unit === undefined) return plainText(t("eligibility.errors.badFilter"), 400);
  const today = clock.today();
  const year = f.data.year ?? Number(today.slice(0, 4));
  const found = await shortfallReport(db, user, { unitId: f.data.unit, year, page: 1, limit: null });
  if (!found.ok)
    return plainText(t(found.kind === "forbidden" ? "errors.forbidden" : "eligibility.errors.unitNotFound"), found.kind === "forbidden" ? 403 : 404);
  if (found.value.freshness.pending) kickJob("hours-refresh");
  const body = await shortfallWorkbook(t, found.value, today, clock.timeZone());
  return attachment(body, { type: XLSX, asciiName: `hours-${year}.xlsx`, name: `学时-${found.value.unit.name}-${year}.xlsx` });
}
