import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listJobs } from "@/lib/members/members";
import { listOrgTree } from "@/lib/org/units";
import { getAudience, getQuiz, listOverrides } from "@/lib/quiz/admin";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { Card } from "@/app/_ui/layout";
import { QuizHeader } from "../quiz-header";
import { removeOverrideAction } from "./actions";
import { AudienceForm } from "./audience-form";
import { OverrideForm } from "./override-form";
import { idParam } from "@/app/_lib/json-route";
import { mayChangeContent } from "@/lib/auth/ownership";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.audience.title") };
}

export default async function QuizAudiencePage({
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
  const id = parsedId.data;
  const db = await getDb();
  const quiz = await getQuiz(db, user, id);
  if (!quiz) notFound();
  const scope = scopeOf(user, "teach.manage");
  const [audience, units, jobs, overrides] = await Promise.all([getAudience(db, user, id), listOrgTree(db, scope), listJobs(db), listOverrides(db, user, id)]);
  const outside = audience.units.filter((u) => !u.inScope);
  // Closed, or not theirs to change: shown, not editable.
  const closed = quiz.status === "closed" || !mayChangeContent(user, quiz);

  return (
    <div className="max-w-4xl">
      <QuizHeader quiz={quiz} t={t} locale={locale} active="audience" />
      <div className="space-y-4">
        <OutcomeAlert t={t} search={await searchParams} />
        {closed && <Alert tone="warning">{t(quiz.status === "closed" ? "quizAdmin.errors.closed" : "quizAdmin.errors.notYours")}</Alert>}
        <Card title={t("quizAdmin.audience.title")}>
          <p className="mb-3 text-sm text-slate-600">{t("quizAdmin.audience.intro")}</p>
          {audience.units.length === 0 && audience.jobs.length === 0 && (
            <div className="mb-3">
              <Alert tone="warning">{t("quizAdmin.audience.none")}</Alert>
            </div>
          )}
          {outside.length > 0 && (
            <p className="mb-3 text-sm text-slate-600">{t("quizAdmin.audience.outside", { list: outside.map((u) => u.name).join(t("quizAdmin.sep")) })}</p>
          )}
          <AudienceForm
            quizId={id}
            units={units.map((u) => ({ id: u.id, name: u.name, path: u.path, depth: u.depth }))}
            jobs={jobs.map((j) => ({ id: j.id, name: j.name }))}
            chosenUnits={audience.units.filter((u) => u.inScope).map((u) => u.id)}
            chosenJobs={audience.jobs.map((j) => j.id)}
            jobsLocked={!scope.all}
            disabled={closed}
            labels={{
              units: t("quizAdmin.audience.units"),
              jobs: t("quizAdmin.audience.jobs"),
              jobsScoped: t("quizAdmin.audience.jobsScoped"),
              save: t("quizAdmin.audience.save"),
              saving: t("quizAdmin.audience.saving"),
            }}
          />
        </Card>

        <Card title={t("quizAdmin.overrides.title")}>
          <p className="mb-3 text-sm text-slate-600">{t("quizAdmin.overrides.intro")}</p>
          {!closed && (
            <OverrideForm
              quizId={id}
              labels={{
                employeeNo: t("quizAdmin.overrides.employeeNo"),
                extraMinutes: t("quizAdmin.overrides.extraMinutes"),
                extraAttempts: t("quizAdmin.overrides.extraAttempts"),
                save: t("quizAdmin.overrides.save"),
                saving: t("quizAdmin.audience.saving"),
              }}
            />
          )}
          <div className="mt-4">
            {overrides.length === 0 ? (
              <EmptyState title={t("quizAdmin.overrides.empty")} />
            ) : (
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
                {overrides.map((o) => (
                  <li key={o.memberId} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">
                        {o.name} <span className="font-mono text-xs text-slate-500">{o.employeeNo}</span>
                      </p>
                      <p className="text-xs text-slate-600">
                        {o.unitName} · {t("quizAdmin.overrides.value", { minutes: Math.round(o.extraTimeS / 60), attempts: o.extraAttempts })}
                      </p>
                    </div>
                    {!closed && (
                      <form action={removeOverrideAction}>
                        <input type="hidden" name="quizId" value={id} />
                        <input type="hidden" name="employeeNo" value={o.employeeNo} />
                        <button type="submit" className={buttonClass("ghost", "min-h-9 px-2")}>
                          {t("quizAdmin.overrides.remove")}
                        </button>
                      </form>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
