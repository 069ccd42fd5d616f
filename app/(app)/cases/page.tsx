import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { myCases } from "@/lib/cases";
import { getT } from "@/app/_lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { CaseStatusBadge } from "./status-badge";

export async function generateMetadata() {
  return { title: (await getT())("cases.worker.title") };
}

/** 案例复训: the worker's assigned cases, open ones first by due day, with due and overdue badges. */
export default async function CasesPage() {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const list = await myCases(await getDb(), user);
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={t("cases.worker.title")}>
        <p className="text-sm text-slate-600">{t("cases.worker.intro")}</p>
      </PageHeader>
      {list.length === 0 ? (
        <EmptyState title={t("cases.worker.none")} />
      ) : (
        <ul className="space-y-2" data-testid="case-list">
          {list.map((c) => (
            <li key={c.id}>
              <Link href={`/cases/${c.id}`} className="block rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="min-w-0 flex-1 break-words font-medium text-slate-900">{c.title}</span>
                  <CaseStatusBadge status={c.status} t={t} />
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {t("cases.worker.due", { day: c.dueOn })} · {t("cases.worker.progress", { answered: c.answered, total: c.questions })}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
