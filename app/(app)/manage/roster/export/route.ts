import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { rosterWorkbook } from "@/lib/eligibility/export";
import { httpStatus } from "@/lib/core/result";
import { getRosterView, parseRosterFilter } from "@/lib/eligibility/service";
import { translateCode } from "@/lib/i18n";
import { attachment, plainText, XLSX } from "@/app/_lib/download";
import { getT } from "@/app/_lib/i18n";

/** The roster with the page's filters, every row (not one page), as .xlsx. */
export async function GET(req: Request) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const params = Object.fromEntries(new URL(req.url).searchParams);
  delete params.page;
  const parsed = parseRosterFilter(params);
  const db = await getDb();
  const r = parsed.ok ? await getRosterView(db, user, parsed.value, { pageSize: 0 }) : parsed;
  if (!r.ok) return plainText(translateCode(t, r.code), httpStatus(r));
  if (r.value.rows.length === 0) {
    // Back to the roster with the same filters and a message, rather than an empty file.
    const back = new URL(req.url);
    back.pathname = "/manage/roster";
    back.searchParams.set("exportEmpty", "1");
    return Response.redirect(back, 303);
  }
  const v = r.value;
  const filters = [
    v.unit.name,
    v.filter.job !== null ? v.jobs[0]?.name : t("eligibility.roster.allJobs"),
    v.filter.status ? t(`eligibility.status.${v.filter.status}`) : null,
    v.filter.within !== null ? `${t("eligibility.roster.within")} ${v.filter.within}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const body = await rosterWorkbook(t, v, filters);
  return attachment(body, { type: XLSX, asciiName: `roster-${v.today}.xlsx`, name: `技能矩阵-${v.today}.xlsx` });
}
