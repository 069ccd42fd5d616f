import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import * as clock from "@/lib/core/clock";
import { describeRequirement } from "@/lib/eligibility/describe";
import { hoursBriefs } from "@/lib/hours/ledger";
import { getRosterView, listJobs, parseRosterFilter, type RosterFilter } from "@/lib/eligibility/service";
import { ROSTER_SORTS } from "@/lib/eligibility/roster";
import { JOB_STATUSES } from "@/lib/eligibility/types";
import { translateCode } from "@/lib/i18n";
import { listOrgTree } from "@/lib/org/units";
import { getT } from "@/app/_lib/i18n";
import { unitOptions } from "@/app/_lib/labels";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { SelectField, TextField, CheckboxField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { Pagination } from "@/app/_ui/table";
import { rosterQuery } from "./query";
import { Freshness } from "@/app/_ui/freshness";
import { HoursBadge } from "./hours-badge";
import { StatusPill } from "./status-pill";
import { inductionReason } from "@/lib/induction/describe";

export async function generateMetadata() {
  return { title: (await getT())("eligibility.roster.title") };
}

export default async function RosterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const db = await getDb();
  const raw = await searchParams;
  const parsed = parseRosterFilter(raw);
  const units = await listOrgTree(db, scopeOf(user, "roster.read"));
  const result = parsed.ok ? await getRosterView(db, user, parsed.value) : parsed;
  const f: Partial<RosterFilter> = parsed.ok ? parsed.value : {};
  const view = result.ok ? result.value : null;
  const allJobs = view ? view.jobs : [];
  const jobOptions = view && view.filter.job !== null ? null : allJobs;
  const matrix = view?.matrix ?? null;
  const jobReqs = view && view.filter.job !== null ? view.requirements.filter((r) => r.jobId === view.filter.job) : [];
  const pages = view ? Math.max(1, Math.ceil(view.total / view.pageSize)) : 1;
  const selectedJob = view && view.filter.job !== null ? view.jobs[0] : null;
  // The job list for the filter always offers every job (the view narrows `jobs` to the chosen one).
  const jobsForFilter = jobOptions ?? (await listJobs(db));
  // 学时 of the year against each member's minimum, from the totals (lib/hours).
  const year = Number(clock.today().slice(0, 4));
  const hours = view
    ? await hoursBriefs(
        db,
        user,
        view.rows.map((r) => r.memberId),
        year,
      )
    : new Map();

  return (
    <div className="space-y-4">
      <PageHeader
        title={t("eligibility.roster.title")}
        actions={
          view && (
            <a href={`/manage/roster/export${rosterQuery(f, { page: null })}`} className={buttonClass("secondary")}>
              {t("eligibility.roster.export")}
            </a>
          )
        }
      >
        {t("eligibility.roster.intro")}
      </PageHeader>
      <search>
        <form method="get" action="/manage/roster" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 lg:grid-cols-4">
          <SelectField
            label={t("eligibility.roster.unit")}
            name="unit"
            defaultValue={f.unit ? String(f.unit) : view ? String(view.unit.id) : ""}
            options={unitOptions(units)}
          />
          <SelectField
            label={t("eligibility.roster.job")}
            name="job"
            defaultValue={f.job ? String(f.job) : ""}
            options={[{ value: "", label: t("eligibility.roster.allJobs") }, ...jobsForFilter.map((j) => ({ value: String(j.id), label: j.name }))]}
          />
          <SelectField
            label={t("eligibility.roster.status")}
            name="status"
            defaultValue={f.status ?? ""}
            options={[{ value: "", label: t("eligibility.roster.anyStatus") }, ...JOB_STATUSES.map((s) => ({ value: s, label: t(`eligibility.status.${s}`) }))]}
          />
          <TextField
            label={t("eligibility.roster.within")}
            name="within"
            type="number"
            min={0}
            max={3650}
            inputMode="numeric"
            defaultValue={f.within ?? ""}
            hint={t("eligibility.roster.withinHint")}
          />
          <SelectField
            label={t("eligibility.roster.sort")}
            name="sort"
            defaultValue={f.sort ?? "name"}
            options={ROSTER_SORTS.map((s) => ({ value: s, label: t(`eligibility.roster.sorts.${s}`) }))}
          />
          <SelectField
            label={t("eligibility.roster.view")}
            name="view"
            defaultValue={f.view ?? "jobs"}
            options={(["jobs", "requirements"] as const).map((v) => ({ value: v, label: t(`eligibility.roster.views.${v}`) }))}
          />
          <div className="flex items-end">
            <CheckboxField label={t("eligibility.roster.desc")} name="desc" value="1" defaultChecked={f.desc} />
          </div>
          <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
            <button type="submit" className={buttonClass("primary")}>
              {t("eligibility.roster.filter")}
            </button>
            <Link href="/manage/roster" className={buttonClass("secondary")}>
              {t("eligibility.roster.reset")}
            </Link>
          </div>
        </form>
      </search>
      {!result.ok && <Alert tone="error">{translateCode(t, result.code)}</Alert>}
      {raw.exportEmpty && <Alert tone="warning">{t("eligibility.errors.emptyExport")}</Alert>}
      {view && (
        <>
          <Freshness t={t} freshness={view.freshness} now={clock.now()} of="eligibility" />
          <section
            aria-label={selectedJob ? t("eligibility.roster.countsJob", { job: selectedJob.name }) : t("eligibility.roster.counts")}
            className="flex flex-wrap items-center gap-2 text-sm"
          >
            <span className="font-medium text-slate-700">
              {selectedJob ? t("eligibility.roster.countsJob", { job: selectedJob.name }) : t("eligibility.roster.counts")} · {view.unit.name}
            </span>
            {JOB_STATUSES.map((s) => (
              <Link key={s} href={`/manage/roster${rosterQuery(f, { status: s, page: null })}`} data-count={s}>
                <StatusPill status={s}>{t("eligibility.roster.count", { label: t(`eligibility.status.${s}`), n: view.counts[s] })}</StatusPill>
              </Link>
            ))}
          </section>
          {view.rows.length === 0 ? (
            <EmptyState title={t("eligibility.roster.empty")} />
          ) : (
            <div className="max-w-full overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="min-w-full text-sm" data-testid="roster">
                <caption className="sr-only">{t("eligibility.roster.title")}</caption>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-3 py-2 text-left font-medium text-slate-600">
                      {t("eligibility.roster.member")}
                    </th>
                    {matrix
                      ? jobReqs.map((r) => (
                          <th key={r.id} scope="col" className="min-w-32 px-2 py-2 text-left align-bottom text-xs font-medium text-slate-600">
                            {describeRequirement(t, r)}
                          </th>
                        ))
                      : view.jobs.map((j) => (
                          <th key={j.id} scope="col" className="whitespace-nowrap px-2 py-2 text-left text-xs font-medium text-slate-600">
                            <Link href={`/manage/roster${rosterQuery(f, { job: j.id, page: null })}`} className="hover:underline">
                              {j.name}
                            </Link>
                          </th>
                        ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {view.rows.map((r) => (
                    <tr key={r.memberId} data-employee-no={r.employeeNo}>
                      <th scope="row" className="sticky left-0 z-10 min-w-28 bg-white px-3 py-2 text-left font-normal">
                        <Link href={`/members/${r.memberId}`} className="font-medium text-brand-700 hover:underline">
                          {r.name}
                        </Link>
                        <span className="block font-mono text-xs text-slate-500">
                          {r.employeeNo} · {r.unitName}
                        </span>
                        <HoursBadge t={t} year={year} brief={hours.get(r.memberId)} memberId={r.memberId} />
                        {r.inductionOpen.length > 0 && (
                          <span className="mt-1 block text-xs font-semibold text-red-700" data-induction-reason>
                            {inductionReason(t, r.inductionOpen)}
                          </span>
                        )}
                      </th>
                      {matrix
                        ? (matrix.get(r.memberId)?.outcomes ?? []).map((o) => (
                            <td key={o.requirementId} className="px-2 py-2">
                              <StatusPill status={o.state}>
                                {t(`eligibility.state.${o.state}`)}
                                {o.date ? ` ${o.date}` : ""}
                              </StatusPill>
                            </td>
                          ))
                        : view.jobs.map((j) => {
                            const c = r.cells[j.id];
                            if (!c) return <td key={j.id} className="px-2 py-2" />;
                            return (
                              <td key={j.id} className="px-2 py-2">
                                <StatusPill status={c.status} title={t(`eligibility.status.${c.status}`)}>
                                  {t(`eligibility.statusShort.${c.status}`)}
                                  {c.expiresOn ? ` ${c.expiresOn.slice(5)}` : ""}
                                </StatusPill>
                              </td>
                            );
                          })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination
            page={view.filter.page}
            pages={pages}
            hrefFor={(p) => `/manage/roster${rosterQuery(f, { page: p > 1 ? p : null })}`}
            label={{
              nav: t("common.pagination"),
              prev: t("common.previous"),
              next: t("common.next"),
              summary: t("common.page", { page: view.filter.page, pages, total: view.total }),
            }}
          />
        </>
      )}
    </div>
  );
}
