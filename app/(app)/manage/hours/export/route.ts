import { getDb } from "@/lib/core/db";
import * as clock from "@/lib/core/clock";
import { requirePermission } from "@/lib/auth/session";
import { reportFilter, shortfallReport } from "@/lib/hours/ledger";
import { shortfallWorkbook } from "@/lib/hours/export";
import { getT } from "@/app/_lib/i18n";

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function GET(req: Request) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const f = reportFilter.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!f.success || f.data.unit === undefined) return text(t("eligibility.errors.badFilter"), 400);
  const today = clock.today();
  const year = f.data.year ?? Number(today.slice(0, 4));
  const found = await shortfallReport(db, user, { unitId: f.data.unit, year, page: 1, limit: null });
  if (!found.ok) return text(t(found.kind === "forbidden" ? "errors.forbidden" : "eligibility.errors.unitNotFound"), found.kind === "forbidden" ? 403 : 404);
  const body = await shortfallWorkbook(t, found.value, today);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="hours-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`学时-${found.value.unit.name}-${year}.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
