import { forbidden } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { getDb } from "@/lib/core/db";
import type { MessageKey, Translate } from "@/lib/i18n";
import { type JobRun, type JobSummary, listJobRuns } from "@/lib/jobs";
import { getLocale, getT } from "@/app/_lib/i18n";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable, type Column } from "@/app/_ui/table";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getT())("tasks.title") };
}

/** A job's name in the user's language (its code when the catalogue has none). */
function jobLabel(t: Translate, job: string): string {
  const key = `tasks.names.${job.replace(/-/g, "_")}` as MessageKey;
  const s = t(key);
  return s === key ? job : s;
}

function Outcome({ run, t }: { run: JobRun; t: Translate }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <Badge tone={run.ok ? "success" : "danger"}>{run.ok ? t("tasks.ok") : t("tasks.failed")}</Badge>
      {run.attempt > 0 && <span className="text-xs text-slate-500">{t("tasks.attempt", { n: run.attempt })}</span>}
    </span>
  );
}

/** 后台任务: each background job's last run, its duration and its failures (administrators). */
export default async function TasksPage() {
  const user = await requirePermission("system.operate");
  const t = await getT();
  const locale = await getLocale();
  const found = await listJobRuns(await getDb(), user);
  if (!found.ok) forbidden();
  const { jobs, recent } = found.value;
  const when = (d: Date) => (
    <time className="tabular-nums" dateTime={d.toISOString()}>
      {formatDateTime(d, locale)}
    </time>
  );
  const summary: Column<JobSummary>[] = [
    { key: "job", header: t("tasks.job"), cell: (j) => <span data-job={j.job}>{jobLabel(t, j.job)}</span> },
    { key: "last", header: t("tasks.lastRun"), cell: (j) => (j.last ? when(j.last.startedAt) : <span className="text-slate-500">{t("tasks.never")}</span>) },
    { key: "duration", header: t("tasks.duration"), cell: (j) => (j.last ? t("tasks.durationMs", { ms: j.last.durationMs }) : "—") },
    { key: "outcome", header: t("tasks.outcome"), cell: (j) => (j.last ? <Outcome run={j.last} t={t} /> : "—") },
    { key: "runs", header: t("tasks.runs24h"), cell: (j) => j.runs24h, wide: true },
    { key: "failures", header: t("tasks.failures24h"), cell: (j) => j.failures24h },
    {
      key: "lastFailure",
      header: t("tasks.lastFailure"),
      cell: (j) =>
        j.lastFailure ? (
          <span className="break-words">
            {when(j.lastFailure.startedAt)} <span className="text-red-800">{j.lastFailure.error}</span>
          </span>
        ) : (
          "—"
        ),
    },
  ];
  const runs: Column<JobRun>[] = [
    { key: "job", header: t("tasks.job"), cell: (r) => jobLabel(t, r.job) },
    { key: "started", header: t("tasks.lastRun"), cell: (r) => when(r.startedAt) },
    { key: "duration", header: t("tasks.duration"), cell: (r) => t("tasks.durationMs", { ms: r.durationMs }) },
    { key: "outcome", header: t("tasks.outcome"), cell: (r) => <Outcome run={r} t={t} /> },
    { key: "error", header: t("tasks.lastFailure"), cell: (r) => r.error ?? "", wide: true },
    { key: "runner", header: t("tasks.runner"), cell: (r) => <span className="font-mono text-xs">{r.runner}</span>, wide: true },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={t("tasks.title")}>{t("tasks.intro")}</PageHeader>
      <DataTable columns={summary} rows={jobs} rowKey={(j) => j.job} caption={t("tasks.title")} />
      <h2 className="text-base font-semibold text-slate-900">{t("tasks.recent")}</h2>
      {recent.length === 0 ? (
        <EmptyState title={t("tasks.empty")} />
      ) : (
        <DataTable columns={runs} rows={recent} rowKey={(r) => r.id} caption={t("tasks.recent")} />
      )}
    </div>
  );
}
