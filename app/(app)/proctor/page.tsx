import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { proctorOverview } from "@/lib/quiz/proctor";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { openProctoringAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("proctor.page.title") };
}

/** 现场监考: open proctoring of a quiz at a station, or go back to one already open. */
export default async function ProctorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const t = await getT();
  const locale = await getLocale();
  const o = await proctorOverview(await getDb(), user);
  const search = await searchParams;
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("proctor.page.title")} />
      <div className="space-y-4">
        <div className="empty:hidden">
          <OutcomeAlert t={t} search={search} />
        </div>
        <p className="text-sm text-slate-600">{t("proctor.page.intro")}</p>
        {o.stations.length === 0 ? (
          <EmptyState title={t("proctor.page.noStations")} />
        ) : o.quizzes.length === 0 ? (
          <EmptyState title={t("proctor.page.none")} />
        ) : (
          <Card>
            <form action={openProctoringAction} className="space-y-3">
              <SelectField
                label={t("proctor.page.quiz")}
                name="quizId"
                options={o.quizzes.map((q) => ({ value: String(q.id), label: `${q.title}（${formatDateTime(q.closesAt, locale)}）` }))}
              />
              <SelectField label={t("proctor.page.station")} name="orgUnitId" options={o.stations.map((s) => ({ value: String(s.id), label: s.name }))} />
              <button type="submit" className={buttonClass("primary", "w-full sm:w-auto")}>
                {t("proctor.page.open")}
              </button>
            </form>
          </Card>
        )}
        {o.open.length > 0 && (
          <Card title={t("proctor.page.openNow")}>
            <ul className="divide-y divide-slate-100">
              {o.open.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="min-w-0 text-sm text-slate-800">
                    {p.quizTitle} · {p.stationName}
                  </span>
                  <Link href={`/proctor/${p.id}`} className={buttonClass("secondary")}>
                    {t("proctor.page.show")}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </div>
  );
}
