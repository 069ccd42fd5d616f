import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { mayChangeContent } from "@/lib/auth/ownership";
import { getQuiz } from "@/lib/quiz/admin";
import { listPaperExams, paperStations } from "@/lib/quiz/paper";
import { dayIn } from "@/lib/core/time";
import * as clock from "@/lib/core/clock";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { SelectField } from "@/app/_ui/field";
import { Card } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { SubmitButton } from "@/app/_ui/submit";
import { QuizHeader } from "../quiz-header";
import { createPaperExamAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("paper.page.title") };
}

export default async function QuizPaperPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const parsedId = idParam.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const db = await getDb();
  const quiz = await getQuiz(db, user, parsedId.data);
  if (!quiz) notFound();
  const mayChange = mayChangeContent(user, quiz);
  const [stations, sittings] = mayChange ? await Promise.all([paperStations(db, user), listPaperExams(db, user, quiz.id)]) : [[], []];
  const zone = clock.timeZone();
  return (
    <div className="max-w-5xl">
      <QuizHeader quiz={quiz} t={t} locale={locale} active="paper" />
      <div className="space-y-4">
        <OutcomeAlert t={t} search={await searchParams} />
        <Card title={t("paper.page.title")}>
          <p className="text-sm text-slate-600">{t("paper.page.intro")}</p>
          {!mayChange ? (
            <div className="mt-3">
              <Alert tone="info">{t("paper.page.notYours")}</Alert>
            </div>
          ) : quiz.status === "draft" ? (
            <div className="mt-3">
              <Alert tone="info">{t("paper.page.draft")}</Alert>
            </div>
          ) : stations.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">{t("paper.page.noStations")}</p>
          ) : (
            <form action={createPaperExamAction} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
              <input type="hidden" name="quizId" value={quiz.id} />
              <div className="sm:w-72">
                <SelectField label={t("paper.page.station")} name="orgUnitId" options={stations.map((s) => ({ value: String(s.id), label: s.name }))} />
              </div>
              <SubmitButton label={t("paper.page.create")} />
            </form>
          )}
        </Card>
        {mayChange &&
          (sittings.length === 0 ? (
            <EmptyState title={t("paper.page.none")} />
          ) : (
            <Card title={t("paper.page.sittings")}>
              <ul className="divide-y divide-slate-100">
                {sittings.map((s) => (
                  <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <div>
                      <p className="font-medium text-slate-900">{t("paper.page.sitting", { station: s.stationName, date: dayIn(s.createdAt, zone) })}</p>
                      <p className="text-xs text-slate-500">
                        {t("paper.page.questions", { count: s.questions })} · {t("paper.page.recorded", { count: s.recorded })}
                      </p>
                    </div>
                    <Link href={`/teach/quizzes/${quiz.id}/paper/${s.id}`} className={buttonClass("secondary")}>
                      {t("paper.page.open")}
                    </Link>
                  </li>
                ))}
              </ul>
            </Card>
          ))}
      </div>
    </div>
  );
}
