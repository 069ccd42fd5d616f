import Link from "next/link";
import { getDb } from "@/lib/core/db";
import * as clock from "@/lib/core/clock";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { reportFilter, shortfallReport } from "@/lib/hours/ledger";
import { kickJob } from "@/lib/jobs";
import { listOrgTree } from "@/lib/org/units";
import { getT } from "@/app/_lib/i18n";
import { unitOptions } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { Freshness } from "@/app/_ui/freshness";
import { SelectField, TextField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable } from "@/app/_ui/table";

const PAGE = 50;

export async function generateMetadata() {
  return { title: (await getT())("hours.reportTitle") };
}

export default async function HoursReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const sp = await searchParams;
  const flat = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const f = reportFilter.safeParse(flat);
  const tree = await listOrgTree(db, scopeOf(user, "roster.read"));
  const year = f.success && f.data.year ? f.data.year : Number(clock.today().slice(0, 4));
  const unitId = f.success ? (f.data.unit ?? tree[0]?.id) : undefined;
  const page = f.success ? f.data.page : 1;
  const found = unitId !== undefined ? await shortfallReport(db, user, { unitId, year, page, limit: PAGE }) : null;
  const r = found?.ok ? found.value : null;
  // Too much waiting for a request to recompute: the job does it now, the page says how old its totals are.
  if (r?.freshness.pending) kickJob("hours-refresh");
  const pages = r ? Math.max(1, Math.ceil(r.total / PAGE)) : 1;
  const link = (p: number) => `/manage/hours?${new URLSearchParams({ unit: String(unitId ?? ""), year: String(year), page: String(p) })}`;
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("hours.reportTitle")}
        actions={
          <>
            <Link href="/manage/hours/import" className={buttonClass("secondary")}>
              {t("hours.import.nav")}
            </Link>
            {r && r.total > 0 ? (
              <a href={`/manage/hours/export?${new URLSearchParams({ unit: String(r.unit.id), year: String(year) })}`} className={buttonClass("secondary")}>
                {t("hours.export")}
              </a>
            ) : null}
          </>
        }
      >
        {r ? t("hours.reportIntro", { year, unit: r.unit.name, members: r.members, total: r.total }) : null}
      </PageHeader>
      {r && <Freshness t={t} freshness={r.freshness} now={clock.now()} of="hours" />}
      <form method="get" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 lg:grid-cols-4">
        <SelectField label={t("hours.unit")} name="unit" defaultValue={unitId ? String(unitId) : ""} options={unitOptions(tree)} />
        <TextField label={t("hours.year")} name="year" type="number" min={2000} max={2100} defaultValue={year} />
        <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
          <button type="submit" className={buttonClass("primary")}>
            {t("hours.show")}
          </button>
        </div>
      </form>
      {!f.success && <Alert tone="error">{t("hours.errors.badYear")}</Alert>}
      {found && !found.ok && <Alert tone="error">{t("eligibility.errors.unitNotFound")}</Alert>}
      {r && r.rows.length === 0 && <EmptyState title={t("hours.allMet")} />}
      {r && r.rows.length > 0 && (
        <>
          <DataTable
            caption={t("hours.reportTitle")}
            rows={r.rows}
            rowKey={(x) => x.memberId}
            columns={[
              {
                key: "member",
                header: t("eligibility.roster.member"),
                cell: (x) => (
                  <Link className="font-medium text-brand-700 hover:underline" href={`/members/${x.memberId}#hours`}>
                    {x.name}
                  </Link>
                ),
              },
              { key: "no", header: t("members.employeeNo"), cell: (x) => <span className="font-mono">{x.employeeNo}</span>, wide: true },
              { key: "unit", header: t("members.unit"), cell: (x) => x.unitName },
              { key: "counted", header: t("hours.counted"), cell: (x) => <span className="tabular-nums">{x.counted}</span> },
              {
                key: "minimum",
                header: t("hours.minimum"),
                cell: (x) => (
                  <span className="tabular-nums">
                    {x.minimum} <span className="text-xs text-slate-500">{t(`hours.minimumKinds.${x.minimumKind as "workerAnnual"}`)}</span>
                  </span>
                ),
              },
              {
                key: "shortfall",
                header: t("hours.shortfall"),
                cell: (x) => (
                  <span className="font-semibold tabular-nums text-red-700" data-shortfall={x.shortfall}>
                    {t("hours.short", { hours: x.shortfall })}
                  </span>
                ),
              },
            ]}
          />
          {pages > 1 && (
            <nav aria-label={t("common.pagination")} className="flex items-center justify-between gap-2 text-sm">
              {page > 1 ? (
                <Link className={buttonClass("secondary")} href={link(page - 1)}>
                  {t("common.previous")}
                </Link>
              ) : (
                <span />
              )}
              <span className="text-slate-600">{t("common.page", { page, pages, total: r.total })}</span>
              {page < pages ? (
                <Link className={buttonClass("secondary")} href={link(page + 1)}>
                  {t("common.next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          )}
        </>
      )}
    </div>
  );
}
