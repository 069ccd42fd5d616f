import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { HOUR_CATEGORIES } from "@/lib/hours/rules";
import { planFormOptions, planReport } from "@/lib/plans/plans";
import { percent, type PlanStatus } from "@/lib/plans/rules";
import { idField, searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { DataTable } from "@/app/_ui/table";
import { removeLineAction } from "../actions";
import { LineForm } from "./line-form";

const TONE: Record<PlanStatus, "neutral" | "brand" | "success" | "danger"> = { notStarted: "neutral", inProgress: "brand", done: "success", overdue: "danger" };

export async function generateMetadata() {
  return { title: (await getT())("plans.title") };
}

export default async function PlanPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const t = await getT();
  const db = await getDb();
  const sp = await searchParams;
  const id = idField.safeParse((await params).id);
  if (!id.success) notFound();
  const found = await planReport(db, user, id.data);
  if (!found.ok) return found.kind === "forbidden" ? forbidden() : notFound();
  const r = found.value;
  const opts = r.mayEdit ? await planFormOptions(db, r.plan) : null;
  const success = searchValue(sp, "created") ? t("plans.created") : searchValue(sp, "removed") ? t("plans.removed") : null;
  const formProps = opts && {
    planId: r.plan.id,
    categories: HOUR_CATEGORIES.map((c) => ({ value: c, label: t(`hours.categories.${c}`) })),
    months: Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t("plans.monthN", { month: i + 1 }) })),
    units: opts.units,
    jobs: opts.jobs,
    items: [{ value: "", label: t("plans.noDelivery") }, ...opts.items.map((o) => ({ value: o.value, label: `${t(`plans.${o.group}`)}：${o.label}` }))],
    labels: {
      topic: t("plans.topic"),
      category: t("plans.category"),
      audienceUnits: t("plans.audienceUnits"),
      audienceJobs: t("plans.audienceJobs"),
      month: t("plans.month"),
      hours: t("plans.hoursPerPerson"),
      budget: t("plans.budget"),
      delivery: t("plans.delivery"),
      notes: t("plans.notes"),
      save: t("plans.save"),
    },
  };
  const maxMonth = Math.max(1, ...r.months.flatMap((m) => [m.planned, m.actual]));
  return (
    <div className="space-y-4">
      <p>
        <Link href={`/manage/plans?year=${r.plan.year}`} className="text-sm text-brand-700 hover:underline">
          ← {t("plans.back")}
        </Link>
      </p>
      <PageHeader
        title={t("plans.planTitle", { unit: r.plan.unit.name, year: r.plan.year })}
        actions={
          <a href={`/manage/plans/${r.plan.id}/export`} className={buttonClass("secondary")} download>
            {t("plans.export")}
          </a>
        }
      >
        {t("plans.summary", { planned: r.totals.planned, actual: r.totals.actual, budget: r.totals.budget })}
      </PageHeader>
      <OutcomeAlert t={t} search={sp} success={success} />
      {r.lines.length === 0 ? (
        <EmptyState title={t("plans.noLines")} />
      ) : (
        <DataTable
          caption={t("plans.lines")}
          rows={r.lines}
          rowKey={(l) => l.id}
          columns={[
            {
              key: "topic",
              header: t("plans.topic"),
              cell: (l) => (
                <span className="font-medium" data-testid="plan-line-topic">
                  {l.topic}
                </span>
              ),
            },
            { key: "month", header: t("plans.month"), cell: (l) => t("plans.monthN", { month: l.month }) },
            {
              key: "status",
              header: t("plans.status"),
              cell: (l) => (
                <span data-status={l.outcome.status}>
                  <Badge tone={TONE[l.outcome.status]}>{t(`plans.statuses.${l.outcome.status}`)}</Badge>
                </span>
              ),
            },
            {
              key: "completion",
              header: t("plans.completion"),
              cell: (l) => {
                const pct = percent(l.outcome.completion);
                return (
                  <span className="tabular-nums" data-completion={pct ?? ""}>
                    {pct === null ? "—" : `${pct}%`}{" "}
                    <span className="text-xs text-slate-500">{t("plans.completed", { done: l.outcome.completed, audience: l.outcome.audience })}</span>
                  </span>
                );
              },
            },
            { key: "hours", header: t("plans.hoursPerPerson"), cell: (l) => <span className="tabular-nums">{l.plannedHours}</span> },
            { key: "actual", header: t("plans.actual"), cell: (l) => <span className="tabular-nums">{l.outcome.actualHours}</span> },
            { key: "category", header: t("plans.category"), cell: (l) => t(`hours.categories.${l.category}`), wide: true },
            {
              key: "audience",
              header: t("plans.audience"),
              wide: true,
              cell: (l) =>
                `${l.audienceUnits.length ? l.audienceUnits.map((u) => u.name).join("、") : t("plans.allOfUnit", { unit: r.plan.unit.name })} · ${
                  l.audienceJobs.length ? l.audienceJobs.map((j) => j.name).join("、") : t("plans.anyJob")
                }`,
            },
            {
              key: "delivery",
              header: t("plans.delivery"),
              cell: (l) => (l.delivery ? `${t(`plans.${l.delivery.kind}`)}：${l.delivery.title}` : t("plans.noDelivery")),
            },
            { key: "budget", header: t("plans.budget"), cell: (l) => <span className="tabular-nums">{l.budget}</span>, wide: true },
            ...(r.mayEdit
              ? [
                  {
                    key: "remove",
                    header: "",
                    cell: (l: (typeof r.lines)[number]) => (
                      <form action={removeLineAction}>
                        <input type="hidden" name="planId" value={r.plan.id} />
                        <input type="hidden" name="lineId" value={l.id} />
                        <SubmitButton label={t("plans.remove")} variant="secondary" />
                      </form>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Card title={t("plans.byMonth")}>
        <ul className="space-y-2" aria-label={t("plans.byMonth")}>
          {r.months.map((m) => (
            <li key={m.month} className="grid grid-cols-[3.5rem_1fr] items-center gap-2 text-sm" data-month={m.month}>
              <span className="text-slate-600">{t("plans.monthN", { month: m.month })}</span>
              <div className="min-w-0 space-y-0.5">
                <div className="flex items-center gap-2">
                  <div className="h-2.5 rounded bg-slate-300" style={{ width: `${(m.planned / maxMonth) * 80}%` }} />
                  <span className="shrink-0 text-xs tabular-nums text-slate-600" title={t("plans.planned")}>
                    {m.planned}
                  </span>
                </div>
                <div className="flex items-center gap-2">
                  <div className="h-2.5 rounded bg-brand-600" style={{ width: `${(m.actual / maxMonth) * 80}%` }} />
                  <span className="shrink-0 text-xs tabular-nums text-brand-700" title={t("plans.actualPersonHours")}>
                    {m.actual}
                  </span>
                </div>
              </div>
            </li>
          ))}
        </ul>
        <p className="mt-3 flex flex-wrap gap-4 text-xs text-slate-600">
          <span className="flex items-center gap-1">
            <span className="inline-block size-3 rounded bg-slate-300" /> {t("plans.planned")}
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block size-3 rounded bg-brand-600" /> {t("plans.actualPersonHours")}
          </span>
        </p>
      </Card>
      {r.units.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t("plans.byUnit")}</h2>
          <DataTable
            caption={t("plans.byUnit")}
            rows={r.units}
            rowKey={(u) => u.unitId}
            columns={[
              { key: "unit", header: t("plans.unit"), cell: (u) => u.name },
              { key: "audience", header: t("plans.audienceCount"), cell: (u) => <span className="tabular-nums">{u.audience}</span> },
              { key: "planned", header: t("plans.planned"), cell: (u) => <span className="tabular-nums">{u.planned}</span> },
              { key: "actual", header: t("plans.actualPersonHours"), cell: (u) => <span className="tabular-nums">{u.actual}</span> },
              {
                key: "completion",
                header: t("plans.completion"),
                cell: (u) => {
                  const pct = percent(u.completion);
                  return pct === null ? "—" : `${pct}%`;
                },
              },
            ]}
          />
        </section>
      )}
      {formProps ? (
        <>
          {r.lines.length > 0 && (
            <Card title={t("plans.editLines")}>
              <div className="space-y-2">
                {r.lines.map((l) => (
                  <details key={l.id} className="rounded border border-slate-200 p-3" data-edit-line={l.id}>
                    <summary className="cursor-pointer font-medium text-brand-700">{t("plans.editLine", { topic: l.topic })}</summary>
                    <div className="mt-3">
                      <LineForm
                        {...formProps}
                        line={{
                          id: l.id,
                          topic: l.topic,
                          category: l.category,
                          month: String(l.month),
                          plannedHours: String(l.plannedHours),
                          budget: String(l.budget),
                          item: l.delivery ? `${l.delivery.kind}:${l.delivery.id}` : "",
                          notes: l.notes,
                          audienceUnitIds: l.audienceUnits.map((u) => String(u.id)),
                          audienceJobIds: l.audienceJobs.map((j) => String(j.id)),
                        }}
                      />
                    </div>
                  </details>
                ))}
              </div>
            </Card>
          )}
          <Card title={t("plans.addLine")}>
            <LineForm {...formProps} />
          </Card>
        </>
      ) : (
        <p className="text-sm text-slate-600">{t("plans.readOnly")}</p>
      )}
    </div>
  );
}
