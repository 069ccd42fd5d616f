import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { caseProgress } from "@/lib/cases";
import { searchValue } from "@/app/_lib/action";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { ConfirmAction } from "@/app/_ui/confirm";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { CaseStatusBadge } from "../../../cases/status-badge";
import { withdrawCaseAction } from "../actions";

export async function generateMetadata() {
  return { title: (await getT())("cases.teach.progressTitle") };
}

/** One case's progress: assigned, acknowledged, completed, overdue; share right per question; each member. */
export default async function TeachCasePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const r = await caseProgress(await getDb(), user, parsed.data);
  if (!r.ok) notFound();
  const c = r.value;
  const t = await getT();
  const locale = await getLocale();
  const search = await searchParams;
  const published = searchValue(search, "published");
  const withdrawn = searchValue(search, "done") === "withdrawn";
  const stats = [
    ["cases.teach.assigned", c.assigned],
    ["cases.teach.acknowledgedCount", c.acknowledged],
    ["cases.teach.completedCount", c.completed],
    ["cases.teach.overdueCount", c.overdue],
  ] as const;
  return (
    <div className="max-w-4xl space-y-4">
      <p className="text-sm">
        <Link href="/teach/cases" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t("cases.teach.back")}
        </Link>
      </p>
      <PageHeader title={c.title}>
        <p className="text-sm text-slate-600">
          {c.jobName} · {c.unitName} · {formatDateTime(c.publishedAt, locale)}
        </p>
        {c.withdrawnAt && (
          <p className="mt-1 text-sm" data-testid="case-withdrawn">
            <Badge tone="warning">{t("cases.teach.withdrawn")}</Badge>{" "}
            <span className="text-slate-600">{t("cases.teach.withdrawnOn", { time: formatDateTime(c.withdrawnAt, locale) })}</span>
          </p>
        )}
        {c.mayWithdraw && (
          <div className="mt-2">
            <ConfirmAction
              action={withdrawCaseAction}
              fields={{ caseId: c.id }}
              trigger={t("cases.teach.withdraw")}
              title={t("cases.teach.withdrawTitle", { title: c.title })}
              impact={[t("cases.teach.withdrawAssigned", { assigned: c.assigned, notDone: c.assigned - c.completed }), t("cases.teach.withdrawEffect")]}
              confirmLabel={t("cases.teach.withdrawConfirm")}
              cancelLabel={t("cases.teach.cancel")}
            />
          </div>
        )}
      </PageHeader>
      {withdrawn && <Alert tone="success">{t("cases.teach.withdrawDone")}</Alert>}
      {published !== undefined && /^\d+$/.test(published) && <Alert tone="success">{t("cases.teach.published", { count: Number(published) })}</Alert>}
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="case-counts">
        {stats.map(([label, n]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-500">{t(label)}</dt>
            <dd className="text-2xl font-semibold text-slate-900">{n}</dd>
          </div>
        ))}
      </dl>
      <Card title={t("cases.teach.perQuestion")}>
        <ul className="divide-y divide-slate-100">
          {c.questions.map((q) => (
            <li key={q.questionId} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
              <span className="min-w-0 flex-1 break-words text-slate-800">
                #{q.questionId} {q.stem}
              </span>
              <span className="text-slate-600">
                {t("cases.teach.rightShare", { right: q.right, answered: q.answered })}
                {q.answered > 0 && ` (${Math.round((q.right / q.answered) * 100)}%)`}
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t("cases.teach.members")}>
        {c.members.length === 0 ? (
          <EmptyState title={t("cases.teach.noMembers")} />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-1 pr-2">{t("cases.teach.member")}</th>
                  <th className="py-1 pr-2">{t("cases.teach.unitCol")}</th>
                  <th className="py-1 pr-2">{t("cases.teach.dueCol")}</th>
                  <th className="py-1 pr-2">{t("cases.teach.statusCol")}</th>
                  <th className="py-1">{t("cases.teach.scoreCol")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {c.members.map((m) => (
                  <tr key={m.employeeNo}>
                    <td className="py-1 pr-2">
                      {m.name} <span className="text-slate-500">{m.employeeNo}</span>
                    </td>
                    <td className="py-1 pr-2">{m.unitName}</td>
                    <td className="py-1 pr-2">{m.dueOn}</td>
                    <td className="py-1 pr-2">
                      <CaseStatusBadge status={m.status} t={t} />
                    </td>
                    <td className="py-1">{m.score ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
