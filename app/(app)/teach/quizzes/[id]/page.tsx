import { HoursSettings } from "@/app/(app)/teach/hours-settings";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { getQuizOverview } from "@/lib/quiz/admin";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Alert } from "@/app/_ui/feedback";
import { Card, DescriptionList } from "@/app/_ui/layout";
import { ConfirmAction } from "@/app/_ui/confirm";
import { closeQuizAction, previewQuizAction, publishQuizAction, quizMockAction } from "../actions";
import { QuizHeader, errorFromQuery } from "./quiz-header";
import { idParam } from "@/app/_lib/json-route";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.quizzes.title") };
}

export default async function QuizOverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const locale = await getLocale();
  const parsedId = idParam.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const db = await getDb();
  const o = await getQuizOverview(db, user, id);
  if (!o) notFound();
  const mayChange = o.mayChange;
  const sp = await searchParams;
  const error = errorFromQuery(sp);
  const q = o.quiz;
  const review = (p: typeof q.reviewAfterSubmit) => {
    const on = (["score", "correctness", "answer", "explanation"] as const).filter((k) => p[k]).map((k) => t(`quizAdmin.reviewParts.${k}`));
    return on.length ? on.join(t("quizAdmin.sep")) : t("quizAdmin.quiz.nothing");
  };
  const shuffle =
    [
      q.shuffleQuestions && t("quizAdmin.quiz.shuffleQuestions"),
      q.shuffleOptions && t("quizAdmin.quiz.shuffleOptions"),
      q.proctorRequired && t("proctor.start.required"),
      q.watermark && t("proctor.form.watermark"),
    ]
      .filter(Boolean)
      .join(t("quizAdmin.sep")) || t("quizAdmin.quiz.nothing");
  const idField = <input type="hidden" name="quizId" value={id} />;

  return (
    <div className="max-w-4xl">
      <QuizHeader quiz={q} t={t} locale={locale} active="overview" />
      <div className="space-y-4">
        {sp.saved && <Alert tone="success">{t("quizAdmin.quiz.saved")}</Alert>}
        {sp.published && <Alert tone="success">{t("quizAdmin.quiz.published")}</Alert>}
        {sp.closed && <Alert tone="success">{t("quizAdmin.quiz.closedDone")}</Alert>}
        {sp.mockSaved && <Alert tone="success">{t("quizAdmin.quiz.mockSaved")}</Alert>}
        {error && <Alert tone="error">{translateCode(t, error.code, error.params)}</Alert>}
        {o.locked && (
          <Alert tone="warning">
            {t("quizAdmin.quiz.locked")}{" "}
            <Link href={`/teach/quizzes/${id}/questions#regrade`} className="font-medium underline">
              {t("quizAdmin.quiz.goRegrade")}
            </Link>
          </Alert>
        )}

        <Card>
          <div className="flex flex-wrap items-start justify-between gap-4">
            {q.status === "draft" ? (
              <div className="min-w-0 space-y-1 text-sm">
                <p className="font-medium text-slate-900">{t("quizAdmin.quiz.checklist")}</p>
                <p className={o.slots ? "text-slate-700" : "text-red-700"}>
                  {o.slots ? "✓" : "✗"}{" "}
                  <Link href={`/teach/quizzes/${id}/questions`} className="underline-offset-2 hover:underline">
                    {t("quizAdmin.quiz.checkSlots", { count: o.slots })}
                  </Link>
                </p>
                <p className={o.audience ? "text-slate-700" : "text-red-700"}>
                  {o.audience ? "✓" : "✗"}{" "}
                  <Link href={`/teach/quizzes/${id}/audience`} className="underline-offset-2 hover:underline">
                    {t("quizAdmin.quiz.checkAudience", { count: o.audience })}
                  </Link>
                </p>
              </div>
            ) : (
              <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
                {(
                  [
                    ["attemptsStarted", o.attempts.started],
                    ["attemptsSubmitted", o.attempts.submitted],
                    ["attemptsInProgress", o.attempts.inProgress],
                    ["attemptsToGrade", o.attempts.toGrade],
                  ] as const
                ).map(([k, n]) => (
                  <div key={k}>
                    <dt className="text-xs text-slate-500">{t(`quizAdmin.quiz.${k}`)}</dt>
                    <dd className="text-lg font-semibold text-slate-900">
                      {k === "attemptsToGrade" && n > 0 ? (
                        <Link href={`/teach/grading?quiz=${id}`} className="text-amber-800 underline">
                          {n}
                        </Link>
                      ) : (
                        n
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            <div className="flex flex-wrap gap-2">
              {mayChange && q.status === "draft" && (
                <ConfirmAction
                  action={publishQuizAction}
                  fields={{ quizId: id }}
                  trigger={t("quizAdmin.quiz.publish")}
                  variant="primary"
                  title={t("confirm.quizPublishTitle", { title: q.title })}
                  impact={[t("confirm.quizPublish", { count: o.audience })]}
                  confirmLabel={t("quizAdmin.quiz.publish")}
                  cancelLabel={t("common.cancel")}
                />
              )}
              {o.slots > 0 && (
                <form action={previewQuizAction}>
                  {idField}
                  <button type="submit" className={buttonClass("secondary")} title={t("quizAdmin.quiz.previewHint")}>
                    {t("quizAdmin.quiz.preview")}
                  </button>
                </form>
              )}
              {mayChange && q.status === "published" && (
                <ConfirmAction
                  action={closeQuizAction}
                  fields={{ quizId: id }}
                  trigger={t("quizAdmin.quiz.close")}
                  triggerVariant="danger"
                  title={t("confirm.quizCloseTitle", { title: q.title })}
                  impact={[t("confirm.quizClose", { count: o.attempts.inProgress })]}
                  confirmLabel={t("quizAdmin.quiz.close")}
                  cancelLabel={t("common.cancel")}
                />
              )}
            </div>
          </div>
          {o.slots > 0 && <p className="mt-3 text-xs text-slate-500">{t("quizAdmin.quiz.previewHint")}</p>}
        </Card>

        <Card
          title={t("quizAdmin.quiz.tabs.settings")}
          actions={
            q.status !== "closed" ? (
              <Link href={`/teach/quizzes/${id}/edit`} className={buttonClass("ghost", "min-h-9 px-2")}>
                {t("common.edit")}
              </Link>
            ) : undefined
          }
        >
          <DescriptionList
            items={[
              {
                label: t("quizAdmin.quizzes.window"),
                value: t("quizAdmin.quizzes.windowValue", { opens: formatDateTime(q.opensAt, locale), closes: formatDateTime(q.closesAt, locale) }),
              },
              {
                label: t("quizAdmin.quiz.timeLimit"),
                value: q.timeLimitS ? t("quizAdmin.quiz.minutes", { minutes: Math.round(q.timeLimitS / 60) }) : t("quizAdmin.quiz.noLimit"),
              },
              { label: t("quizAdmin.quiz.attemptsAllowed"), value: q.attemptsAllowed },
              { label: t("quizAdmin.quiz.gradingMethod"), value: t(`quizAdmin.gradingMethods.${q.gradingMethod}`) },
              { label: t("quizAdmin.quiz.passPercent"), value: `${Number(q.passPercent)}%` },
              { label: t("quizAdmin.quiz.shuffle"), value: shuffle },
              { label: t("quizAdmin.quiz.layout"), value: t(`quizAdmin.layouts.${q.layout}`) },
              {
                label: t("quizAdmin.quiz.overduePolicy"),
                value: t("quizAdmin.quiz.graceValue", { policy: t(`quizAdmin.overdue.${q.overduePolicy}`), seconds: q.graceS }),
              },
              { label: t("quizAdmin.quiz.reviewAfterSubmit"), value: review(q.reviewAfterSubmit) },
              { label: t("quizAdmin.quiz.reviewAfterClose"), value: review(q.reviewAfterClose) },
            ]}
          />
          {q.description && <p className="mt-4 whitespace-pre-wrap border-t border-slate-100 pt-3 text-sm text-slate-700">{q.description}</p>}
        </Card>

        <Card title={t("quizAdmin.quiz.mockTitle")}>
          <div className="flex flex-wrap items-center justify-between gap-3" data-testid="quiz-mock">
            <p className="min-w-0 flex-1 text-sm text-slate-700">{t(q.mockAllowed ? "quizAdmin.quiz.mockOn" : "quizAdmin.quiz.mockOff")}</p>
            {mayChange && (
              <form action={quizMockAction}>
                {idField}
                <input type="hidden" name="allowed" value={q.mockAllowed ? "0" : "1"} />
                <button type="submit" className={buttonClass(q.mockAllowed ? "secondary" : "primary", "min-h-11")}>
                  {t(q.mockAllowed ? "quizAdmin.quiz.mockDisallow" : "quizAdmin.quiz.mockAllow")}
                </button>
              </form>
            )}
          </div>
        </Card>
      </div>
      <HoursSettings db={db} t={t} kind="quiz" id={id} mayEdit={mayChange} saved={Boolean(sp.hoursSaved)} />
    </div>
  );
}
