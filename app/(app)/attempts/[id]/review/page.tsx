import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getAttemptReview, type ReviewItem } from "@/lib/quiz/attempts";
import { formatDateTime } from "@/lib/core/format";
import { getLocale, getT } from "@/app/_lib/i18n";
import { answerText } from "@/app/_ui/answer-text";
import { MarkBadge, PartMarks } from "@/app/_ui/part-marks";
import { idParam } from "@/app/_lib/json-route";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge } from "@/app/_ui/feedback";
import { Card, DescriptionList, PageHeader } from "@/app/_ui/layout";
import { RichText } from "@/app/_ui/rich-text";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("quizTake.review.title") };
}

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("self.learn");
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const id = parsed.data;
  const r = await getAttemptReview(await getDb(), id, user.memberId);
  if (!r.ok) {
    // Still in progress: the attempt page is where it is.
    if (r.kind === "conflict") redirect(`/attempts/${id}`);
    notFound();
  }
  const t = await getT();
  const locale = await getLocale();
  const review = r.value;
  const receipt = review.receipt;
  const showsAnything = review.policy.score || review.policy.correctness || review.policy.answer || review.policy.explanation;
  const item = (i: ReviewItem, n: number) => (
    <li key={i.position} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-500">
        <span>{n}.</span>
        {i.correct && <MarkBadge mark={i.correct} t={t} />}
        {i.score !== undefined && i.score !== null && <span>{t("quizTake.attempt.points", { points: i.score })}</span>}
      </div>
      <RichText className="block whitespace-pre-wrap font-medium text-slate-900" text={i.question.stem} alt={t("quiz.media.alt")} />
      <dl className="mt-3 space-y-2 text-sm">
        <div>
          <dt className="text-slate-500">{t("quizTake.review.yourAnswer")}</dt>
          {i.question.type === "group" && i.parts ? (
            <dd>
              <PartMarks q={i.question} response={i.response} marks={i.parts} scores={i.partScores} t={t} />
            </dd>
          ) : (
            <dd className="whitespace-pre-wrap text-slate-900">{answerText(i.question, i.response, t, "response")}</dd>
          )}
        </div>
        {i.key !== undefined && (
          <div>
            <dt className="text-slate-500">{t("quizTake.review.correctAnswer")}</dt>
            <dd className="whitespace-pre-wrap text-emerald-800">{answerText(i.question, i.key, t, "key")}</dd>
          </div>
        )}
        {i.explanation && (
          <div>
            <dt className="text-slate-500">{t("quizTake.review.explanation")}</dt>
            <dd className="whitespace-pre-wrap text-slate-800">
              <RichText text={i.explanation} alt={t("quiz.media.alt")} />
            </dd>
          </div>
        )}
        {i.feedback && (
          <div>
            <dt className="text-slate-500">{t("quizTake.review.feedback")}</dt>
            <dd className="whitespace-pre-wrap text-slate-800">{i.feedback}</dd>
          </div>
        )}
      </dl>
    </li>
  );
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={`${t("quizTake.review.title")} · ${review.quizTitle}`} />
      {review.state === "abandoned" && <Alert tone="warning">{t("quizTake.review.abandoned")}</Alert>}
      {review.state === "submitted" && (
        <section aria-labelledby="receipt-title" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4" data-testid="receipt">
          <h2 id="receipt-title" className="mb-3 flex items-center gap-2 text-lg font-semibold text-emerald-900">
            <span aria-hidden="true">✓</span>
            {t("quizTake.review.receiptTitle")}
          </h2>
          <DescriptionList
            items={[
              {
                label: t("quizTake.review.receiptSubmittedAt"),
                value: receipt.submittedAt ? formatDateTime(new Date(receipt.submittedAt), locale) : "—",
              },
              { label: t("quizTake.review.receiptAttempt"), value: t("quizTake.review.receiptAttemptNo", { n: receipt.attemptNo }) },
              {
                label: t("quizTake.review.receiptAnswered"),
                value: t("quizTake.review.receiptAnsweredValue", { answered: receipt.answered, questions: receipt.questions }),
              },
              ...(receipt.autoScore !== undefined
                ? [{ label: t("quizTake.review.receiptScoreSoFar"), value: `${receipt.autoScore} / ${receipt.autoMax}` }]
                : []),
            ]}
          />
          {receipt.pending > 0 && (
            <p className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
              <Badge tone="warning">{t("quizTake.review.pendingOne")}</Badge>
              {t("quizTake.review.receiptPending", { count: receipt.pending })}
            </p>
          )}
          <p className="mt-2 text-xs text-slate-600">{t("quizTake.review.receiptKeep")}</p>
        </section>
      )}
      {review.state === "submitted" && review.policy.score && (
        <Card>
          {review.pendingGrading ? (
            <Badge tone="warning">{t("quizTake.list.pending")}</Badge>
          ) : (
            <DescriptionList
              items={[
                {
                  label: t("quizTake.review.score"),
                  value: <span className="text-2xl font-semibold" data-testid="score">{`${review.score} / ${review.max}`}</span>,
                },
                { label: t("quizTake.review.percent"), value: `${review.percent}%` },
                {
                  label: t("quizTake.review.status"),
                  value: <Badge tone={review.passed ? "success" : "danger"}>{review.passed ? t("quizTake.list.passed") : t("quizTake.list.failed")}</Badge>,
                },
              ]}
            />
          )}
        </Card>
      )}
      {!showsAnything && <Alert tone="info">{t("quizTake.review.hidden")}</Alert>}
      {(review.policy.correctness || review.policy.answer || review.policy.explanation) && (
        <ol className="space-y-3">{review.items.map((i, n) => item(i, n + 1))}</ol>
      )}
      {showsAnything && !review.policy.answer && <Alert tone="info">{t("quizTake.review.answersLater")}</Alert>}
      <Link href="/quizzes" className={buttonClass("secondary")}>
        {t("quizTake.review.backToList")}
      </Link>
    </div>
  );
}
