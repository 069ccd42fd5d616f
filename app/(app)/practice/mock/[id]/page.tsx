import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getMock } from "@/lib/practice/mock";
import type { Response } from "@/lib/quiz/response";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { answerText } from "@/app/_ui/answer-text";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { submitMockAction } from "../../actions";
import { Countdown } from "../../countdown";
import { PRACTISED_TYPES } from "@/lib/quiz/types";
import { Inputs } from "../../inputs";
import { RichText } from "@/app/_ui/rich-text";

export async function generateMetadata() {
  return { title: (await getT())("practice.mock.title") };
}

/** One mock exam: taken on one page against the server's deadline, then the score and the review. */
export default async function MockAttemptPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("self.learn");
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const r = await getMock(await getDb(), user, parsed.data);
  if (!r.ok) notFound();
  const t = await getT();
  const search = await searchParams;
  const m = r.value;
  const title = m.title ?? m.names.join(" / ");
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={title}>{m.quiz ? t("practice.mock.notOfRecord") : m.names.join(" / ")}</PageHeader>
      <OutcomeAlert t={t} search={search} />
      {m.state === "taking" ? (
        <>
          <Countdown deadline={m.deadlineAt.getTime()} formId="mock-form" label={t("practice.mock.timeLeft")} />
          <form id="mock-form" action={submitMockAction} className="space-y-4" data-testid="mock-form">
            <input type="hidden" name="attemptId" value={m.id} />
            {m.questions.map((q, i) => (
              <Card key={q.questionId}>
                <p className="mb-2 text-sm text-slate-500">{t("practice.daily.question", { n: i + 1, size: m.total })}</p>
                <RichText className="mb-3 block whitespace-pre-wrap text-base font-medium text-slate-900" text={q.question.stem} alt={t("quiz.media.alt")} />
                <input type="hidden" name={`q${q.questionId}.type`} value={q.question.type} />
                {PRACTISED_TYPES.has(q.question.type) ? (
                  <Inputs q={q.question} t={t} prefix={`q${q.questionId}.`} optional />
                ) : (
                  <p className="text-sm text-slate-500">{t("practice.mock.otherType")}</p>
                )}
              </Card>
            ))}
            <button type="submit" className={buttonClass("primary", "min-h-12 w-full sm:w-auto")}>
              {t("practice.mock.submit")}
            </button>
          </form>
        </>
      ) : (
        <>
          <div data-testid="mock-result">
            <Alert tone={m.state === "done" ? "success" : "warning"}>
              <span className="text-base font-semibold">
                {m.state !== "done"
                  ? t("practice.mock.expiredLong")
                  : m.quiz
                    ? t("practice.mock.quizScore", {
                        score: m.quiz.score,
                        max: m.quiz.max,
                        percent: m.quiz.percent,
                        verdict: t(m.quiz.passed ? "practice.mock.passed" : "practice.mock.notPassed"),
                      })
                    : t("practice.mock.score", { right: m.right, total: m.total })}
              </span>
              {m.state === "done" && m.quiz && <span className="block text-sm">{t("practice.mock.score", { right: m.right, total: m.total })}</span>}
            </Alert>
          </div>
          <ol className="space-y-3" data-testid="mock-review">
            {m.questions.map((q, i) => (
              <li key={q.questionId}>
                <Card>
                  <div className="mb-1 flex items-center gap-2 text-sm text-slate-500">
                    <span>{i + 1}.</span>
                    {q.review?.correct === "pending" ? (
                      <Badge tone="neutral">{t("practice.mock.pending")}</Badge>
                    ) : q.review?.correct === "partial" ? (
                      <Badge tone="warning">{t("quizTake.review.partial")}</Badge>
                    ) : (
                      <Badge tone={q.review?.right ? "success" : "danger"}>{t(q.review?.right ? "practice.feedback.right" : "practice.feedback.wrong")}</Badge>
                    )}
                    {q.review?.score !== undefined && <span>{t("practice.mock.points", { score: q.review.score, points: q.question.points })}</span>}
                  </div>
                  <RichText className="block whitespace-pre-wrap font-medium text-slate-900" text={q.question.stem} alt={t("quiz.media.alt")} />
                  <dl className="mt-2 space-y-1 text-sm">
                    <div>
                      <dt className="text-slate-500">{t("practice.feedback.yourAnswer")}</dt>
                      <dd className="whitespace-pre-wrap text-slate-900">
                        {q.review?.response ? answerText(q.question, q.review.response as Response, t, "response") : t("practice.mock.unanswered")}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-slate-500">{t("practice.feedback.correctAnswer")}</dt>
                      <dd className="whitespace-pre-wrap text-emerald-800">{answerText(q.question, q.review?.key, t, "key")}</dd>
                    </div>
                    {q.review?.explanation && (
                      <div>
                        <dt className="text-slate-500">{t("practice.feedback.explanation")}</dt>
                        <dd className="whitespace-pre-wrap text-slate-800">
                          <RichText text={q.review.explanation} alt={t("quiz.media.alt")} />
                        </dd>
                      </div>
                    )}
                  </dl>
                </Card>
              </li>
            ))}
          </ol>
          <Link href="/practice/mock" className={buttonClass("secondary", "min-h-12")}>
            {t("practice.mock.back")}
          </Link>
        </>
      )}
    </div>
  );
}
