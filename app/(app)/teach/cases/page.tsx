import Link from "next/link";
import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { caseFormOptions, listCases } from "@/lib/cases";
import { messagesFor } from "@/lib/i18n";
import { searchValue } from "@/app/_lib/action";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { controlClass } from "@/app/_ui/field";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { CaseForm } from "./case-form";

export async function generateMetadata() {
  return { title: (await getT())("cases.teach.title") };
}

/** 案例复训 for trainers: the cases of their scope with progress counts, and the form that publishes one. */
export default async function TeachCasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const db = await getDb();
  const t = await getT();
  const locale = await getLocale();
  const search = await searchParams;
  const q = (searchValue(search, "q") ?? "").slice(0, 100);
  const [list, options] = await Promise.all([listCases(db, user), caseFormOptions(db, user, q)]);
  if (!list.ok || !options.ok) forbidden();
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title={t("cases.teach.title")}>
        <p className="text-sm text-slate-600">{t("cases.teach.intro")}</p>
      </PageHeader>
      <OutcomeAlert t={t} search={search} />
      <Card>
        {list.value.length === 0 ? (
          <EmptyState title={t("cases.teach.none")} />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="teach-case-list">
            {list.value.map((c) => (
              <li key={c.id} className="py-3">
                <Link href={`/teach/cases/${c.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                  {c.title}
                </Link>
                {c.withdrawnAt && (
                  <>
                    {" "}
                    <Badge tone="warning">{t("cases.teach.withdrawn")}</Badge>
                  </>
                )}
                <p className="text-sm text-slate-600">
                  {c.jobName} · {c.unitName} · {formatDateTime(c.publishedAt, locale)}
                </p>
                <p className="text-sm text-slate-600">
                  {t("cases.teach.counts", { assigned: c.assigned, acknowledged: c.acknowledged, completed: c.completed, overdue: c.overdue })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("cases.teach.create")}>
        <form method="get" className="mb-3 flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor="q" className="block text-sm font-medium text-slate-700">
              {t("cases.teach.search")}
            </label>
            <input id="q" name="q" defaultValue={q} maxLength={100} className={controlClass} />
          </div>
          <button type="submit" className={buttonClass("secondary", "min-h-10")}>
            {t("cases.teach.searchButton")}
          </button>
        </form>
        <CaseForm m={messagesFor(locale).cases.teach} types={messagesFor(locale).quizAdmin.types} options={options.value} locale={locale} />
      </Card>
    </div>
  );
}
