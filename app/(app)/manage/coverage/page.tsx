import Link from "next/link";
import * as clock from "@/lib/core/clock";
import { getDb } from "@/lib/core/db";
import { can, scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { coverage } from "@/lib/eligibility/coverage";
import { coverageForecast } from "@/lib/eligibility/coverage-forecast";
import { listJobs } from "@/lib/eligibility/service";

import { listOrgTree } from "@/lib/org/units";
import { getT } from "@/app/_lib/i18n";
import { unitOptions } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { CheckboxField, SelectField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { DataTable } from "@/app/_ui/table";
import { StatusPill } from "../roster/status-pill";
import { unitParam } from "../roster/query";
import { MinimumForm } from "./minimum-form";
import { Freshness } from "@/app/_ui/freshness";
import { ForecastSection } from "./forecast";

export async function generateMetadata() {
  return { title: (await getT())("eligibility.coverage.title") };
}

export default async function CoveragePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const sp = await searchParams;
  const shortOnly = sp.short === "1";
  const unitId = unitParam(sp.unit);
  const found = unitId === undefined ? null : await coverage(db, user, { unitId, shortOnly });
  const m = found?.ok ? found.value : null;
  const forecast = m ? await coverageForecast(db, user, { unitId: m.unit.id }) : null;
  const rows = m ? m.rows : [];
  const tree = await listOrgTree(db, scopeOf(user, "roster.read"));
  const admin = can(user, "jobs.write");
  const jobs = admin ? await listJobs(db) : [];
  const q = new URLSearchParams();
  if (m) q.set("unit", String(m.unit.id));
  if (shortOnly) q.set("short", "1");
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("eligibility.coverage.title")}
        actions={
          m && (
            <a href={`/manage/coverage/export?${q}`} className={buttonClass("secondary")}>
              {t("eligibility.roster.export")}
            </a>
          )
        }
      >
        {t("eligibility.coverage.intro")}
      </PageHeader>
      <form method="get" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-4">
        <SelectField label={t("eligibility.roster.unit")} name="unit" defaultValue={m ? String(m.unit.id) : ""} options={unitOptions(tree)} />
        <div className="flex items-end">
          <CheckboxField label={t("eligibility.coverage.shortOnly")} name="short" value="1" defaultChecked={shortOnly} />
        </div>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
          <button type="submit" className={buttonClass("primary")}>
            {t("eligibility.roster.filter")}
          </button>
          <Link href="/manage/coverage" className={buttonClass("secondary")}>
            {t("eligibility.roster.reset")}
          </Link>
        </div>
      </form>
      {!m && <Alert tone="error">{t("eligibility.errors.unitNotFound")}</Alert>}
      {m && <Freshness t={t} freshness={m.freshness} now={clock.now()} of="eligibility" />}
      {sp.exportEmpty && <Alert tone="warning">{t("eligibility.errors.emptyExport")}</Alert>}
      {m && rows.length === 0 ? (
        <EmptyState title={t("eligibility.coverage.none")} />
      ) : (
        <DataTable
          caption={t("eligibility.coverage.title")}
          rows={rows}
          rowKey={(r) => `${r.stationId}-${r.jobId}`}
          columns={[
            {
              key: "station",
              header: t("eligibility.coverage.station"),
              cell: (r) => (
                <span>
                  {r.stationName}
                  <span className="block text-xs text-slate-500">{r.teamName}</span>
                </span>
              ),
            },
            { key: "job", header: t("eligibility.coverage.job"), cell: (r) => r.jobName },
            { key: "min", header: t("eligibility.coverage.min"), cell: (r) => <span className="tabular-nums">{r.minQualified}</span> },
            {
              key: "qualified",
              header: t("eligibility.coverage.qualified"),
              cell: (r) => (
                <span className="tabular-nums">
                  {r.qualified}
                  {r.expiring > 0 && (
                    <span className="text-amber-700">
                      {" "}
                      ({t("eligibility.coverage.expiring")} {r.expiring})
                    </span>
                  )}
                </span>
              ),
            },
            {
              key: "shortfall",
              header: t("eligibility.coverage.shortfall"),
              cell: (r) =>
                r.shortfall > 0 ? (
                  <StatusPill status="missing">{t("eligibility.coverage.short", { n: r.shortfall })}</StatusPill>
                ) : (
                  <StatusPill status="eligible">{t("eligibility.coverage.ok")}</StatusPill>
                ),
            },
          ]}
        />
      )}
      {forecast?.ok && <ForecastSection t={t} rows={forecast.value.rows} />}
      {admin && (
        <Card title={t("eligibility.coverage.setTitle")}>
          <MinimumForm
            stations={tree.filter((u) => u.kind === "station").map((u) => ({ value: String(u.id), label: u.name }))}
            jobs={jobs.map((j) => ({ value: String(j.id), label: j.name }))}
            labels={{
              station: t("eligibility.coverage.station"),
              job: t("eligibility.coverage.job"),
              min: t("eligibility.coverage.min"),
              minHint: t("eligibility.coverage.minHint"),
              submit: t("eligibility.coverage.set"),
            }}
          />
        </Card>
      )}
    </div>
  );
}
