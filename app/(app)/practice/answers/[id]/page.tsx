import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { getFeedback } from "@/lib/practice/practice";
import { idField, searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { answerText } from "@/app/_ui/answer-text";
import { PartMarks } from "@/app/_ui/part-marks";
import { buttonClass } from "@/app/_ui/button";
import { Alert } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { addToBookAction, removeFromBookAction } from "../../actions";
import { RichText } from "@/app/_ui/rich-text";

export async function generateMetadata() {
  return { title: (await getT())("practice.feedback.title") };
}

/** The feedback on one practice answer: right or wrong, the correct answer, the explanation. */
export default async function PracticeFeedbackPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("self.learn");
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const r = await getFeedback(await getDb(), user, parsed.data);
  if (!r.ok) notFound();
  const t = await getT();
  const search = await searchParams;
  const f = r.value;
  const cat = idField.safeParse(searchValue(search, "category"));
  // An answer by scan (一机一码) has no next question here: the worker goes on from practice.
  const nextHref =
    f.mode === "daily"
      ? "/practice/daily"
      : f.mode === "mock"
        ? "/practice/mock"
        : f.mode === "equipment"
          ? "/practice"
          : `/practice/go?mode=${f.mode}${cat.success ? `&category=${cat.data}` : ""}`;
  const bookForm = (action: typeof addToBookAction, label: string) => (
    <form action={action}>
      <input type="hidden" name="questionId" value={f.questionId} />
      <input type="hidden" name="back" value="feedback" />
      <input type="hidden" name="answerId" value={f.answerId} />
      <button type="submit" className={buttonClass("secondary", "min-h-12 w-full sm:w-auto")}>
        {label}
      </button>
    </form>
  );
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={t("practice.feedback.title")} />
      <OutcomeAlert t={t} search={search} />
      <div data-testid="verdict">
        <Alert tone={f.right ? "success" : f.partial ? "warning" : "error"}>
          <span className="text-base font-semibold">
            {t(f.right ? "practice.feedback.right" : f.partial ? "quizTake.review.partial" : "practice.feedback.wrong")}
          </span>
        </Alert>
      </div>
      <Card>
        <p className="mb-1 text-sm text-slate-500">{f.names.join(" / ")}</p>
        <RichText className="block whitespace-pre-wrap font-medium text-slate-900" text={f.question.stem} alt={t("quiz.media.alt")} />
        <dl className="mt-3 space-y-2 text-sm">
          <div>
            <dt className="text-slate-500">{t("practice.feedback.yourAnswer")}</dt>
            {f.question.type === "group" && f.parts ? (
              <dd>
                <PartMarks q={f.question} response={f.response} marks={f.parts} selfCheck t={t} />
              </dd>
            ) : (
              <dd className="whitespace-pre-wrap text-slate-900">{answerText(f.question, f.response, t, "response")}</dd>
            )}
          </div>
          <div>
            <dt className="text-slate-500">{t("practice.feedback.correctAnswer")}</dt>
            <dd className="whitespace-pre-wrap text-emerald-800" data-testid="key">
              {answerText(f.question, f.key, t, "key")}
            </dd>
          </div>
          {f.explanation && (
            <div>
              <dt className="text-slate-500">{t("practice.feedback.explanation")}</dt>
              <dd className="whitespace-pre-wrap text-slate-800">
                <RichText text={f.explanation} alt={t("quiz.media.alt")} />
              </dd>
            </div>
          )}
        </dl>
        <p className="mt-3 text-sm text-slate-600" data-testid="book-state">
          {f.inBook ? t("practice.feedback.inBook", { left: f.needed - f.streak }) : t("practice.feedback.notInBook")}
        </p>
      </Card>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Link href={nextHref} className={buttonClass("primary", "min-h-12")}>
          {t("practice.feedback.next")}
        </Link>
        {f.inBook ? bookForm(removeFromBookAction, t("practice.feedback.remove")) : bookForm(addToBookAction, t("practice.feedback.add"))}
        <Link href="/practice" className={buttonClass("ghost", "min-h-12")}>
          {t("practice.feedback.back")}
        </Link>
      </div>
    </div>
  );
}
