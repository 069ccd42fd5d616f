import { forbidden } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { evaluationResults } from "@/lib/evaluations";
import { getLocale, getT } from "@/app/_lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { Scores, Targets } from "./results";

export async function generateMetadata() {
  return { title: (await getT())("evaluations.results.title") };
}

export default async function EvaluationResultsPage() {
  const user = await requireUser();
  const r = await evaluationResults(await getDb(), user);
  if (!r.ok) forbidden();
  const t = await getT();
  const locale = await getLocale();
  const { instructors, classes, courses } = r.value;
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title={t("evaluations.results.title")}>{t("evaluations.results.intro")}</PageHeader>
      <Card title={t("evaluations.results.byInstructor")}>
        {instructors.length === 0 ? (
          <EmptyState title={t("evaluations.results.none")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {instructors.map((i) => (
              <li key={i.memberId} className="py-3" data-testid="evaluation-instructor">
                <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <h3 className="font-medium text-slate-900">{i.name}</h3>
                  <span className="text-sm text-slate-500">
                    {t("evaluations.results.classes", { count: i.classes })} · {t("evaluations.results.answers", { count: i.count })}
                  </span>
                </div>
                <Scores t={t} r={i} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("evaluations.results.byClass")}>
        <Targets t={t} list={classes} locale={locale} />
      </Card>
      <Card title={t("evaluations.results.byCourse")}>
        <Targets t={t} list={courses} locale={locale} />
      </Card>
    </div>
  );
}
