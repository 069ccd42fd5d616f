import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { caseForWorker } from "@/lib/cases";
import { getLocale, getT } from "@/app/_lib/i18n";
import { idParam } from "@/app/_lib/json-route";
import { answerText } from "@/app/_ui/answer-text";
import { PartMarks } from "@/app/_ui/part-marks";
import { buttonClass } from "@/app/_ui/button";
import { Alert } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { RichText } from "@/app/_ui/rich-text";
import { Inputs } from "../../practice/inputs";
import { acknowledgeCaseAction, answerCaseAction } from "../actions";
import { CaseStatusBadge } from "../status-badge";

export async function generateMetadata() {
  return { title: (await getT())("cases.worker.title") };
}

/**
 * One case of the worker's: the text and photos, 我已阅读并知晓, then the questions one by one
 * (a plain form checked on the server), each answered one with its feedback.
 */
export default async function CasePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("self.learn");
  const parsed = idParam.safeParse((await params).id);
  if (!parsed.success) notFound();
  const r = await caseForWorker(await getDb(), user, parsed.data);
  if (!r.ok) notFound();
  const c = r.value;
  const t = await getT();
  const locale = await getLocale();
  const search = await searchParams;
  const next = c.questions.find((q) => !q.answer);
  const answered = c.questions.filter((q) => q.answer);
  const index = next ? c.questions.indexOf(next) : -1;
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={c.title}>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <CaseStatusBadge status={c.status} t={t} />
          <span>{t("cases.worker.due", { day: c.dueOn })}</span>
        </div>
      </PageHeader>
      <OutcomeAlert t={t} search={search} />
      <Card>
        <ul className="mb-3 space-y-1 text-sm text-slate-600">
          <li>{t("cases.worker.job", { name: c.jobName })}</li>
          {c.equipment && <li>{t("cases.worker.equipment", { name: c.equipment.name, code: c.equipment.code })}</li>}
          <li>{t("cases.worker.published", { day: formatDateTime(c.publishedAt, locale) })}</li>
        </ul>
        <p className="whitespace-pre-wrap break-words text-base text-slate-900" data-testid="case-body">
          {c.body}
        </p>
        {c.photoKeys.length > 0 && (
          <div className="mt-3">
            <h2 className="mb-2 text-sm font-medium text-slate-700">{t("cases.worker.photos")}</h2>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              {c.photoKeys.map((k, i) => (
                <a key={k} href={`/cases/photo/${k}`} target="_blank" rel="noreferrer">
                  <img
                    src={`/cases/photo/${k}`}
                    alt={t("cases.worker.photoAlt", { n: i + 1 })}
                    className="aspect-square w-full rounded border border-slate-200 object-cover"
                  />
                </a>
              ))}
            </div>
          </div>
        )}
      </Card>
      {c.acknowledgedAt ? (
        <Alert tone="success">{t("cases.worker.acknowledged")}</Alert>
      ) : (
        <form action={acknowledgeCaseAction}>
          <input type="hidden" name="caseId" value={c.id} />
          <button type="submit" className={buttonClass("primary", "min-h-12 w-full")} data-testid="acknowledge">
            {t("cases.worker.acknowledge")}
          </button>
        </form>
      )}
      <section id="questions" className="space-y-3">
        <h2 className="text-lg font-semibold text-slate-900">{t("cases.worker.questions")}</h2>
        {answered.map(({ questionId, question, answer: a }) => (
          <Card key={questionId}>
            <div id={`q${questionId}`} data-testid="case-feedback" data-right={a!.right ? "1" : "0"} data-partial={a!.partial ? "1" : "0"}>
              <RichText className="block whitespace-pre-wrap font-medium text-slate-900" text={question.stem} alt={t("quiz.media.alt")} />
              <div className="mt-2">
                <Alert tone={a!.right ? "success" : a!.partial ? "warning" : "error"}>
                  {t(a!.right ? "cases.worker.right" : a!.partial ? "cases.worker.partial" : "cases.worker.wrong")}
                </Alert>
              </div>
              {question.type === "group" && a!.parts && (
                <div className="mt-2 text-sm">
                  <p className="text-slate-500">{t("practice.feedback.yourAnswer")}</p>
                  <PartMarks q={question} response={a!.response} marks={a!.parts} selfCheck t={t} />
                </div>
              )}
              <p className="mt-2 whitespace-pre-wrap text-sm text-emerald-800">
                {t("cases.worker.correctAnswer", { answer: answerText(question, a!.key, t, "key") })}
              </p>
              {a!.explanation && (
                <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">
                  <RichText text={t("cases.worker.explanation", { text: a!.explanation })} alt={t("quiz.media.alt")} />
                </p>
              )}
            </div>
          </Card>
        ))}
        {next && !c.acknowledgedAt && <p className="text-sm text-slate-600">{t("cases.worker.acknowledgeFirst")}</p>}
        {next && c.acknowledgedAt && (
          <Card>
            <p className="mb-2 text-sm text-slate-500">{t("cases.worker.questionOf", { n: index + 1, total: c.questions.length })}</p>
            <form action={answerCaseAction} className="space-y-4" data-testid="case-question">
              <p className="whitespace-pre-wrap text-base font-medium text-slate-900" data-testid="stem">
                <RichText text={next.question.stem} alt={t("quiz.media.alt")} />
              </p>
              <input type="hidden" name="caseId" value={c.id} />
              <input type="hidden" name="questionId" value={next.questionId} />
              <input type="hidden" name="type" value={next.question.type} />
              <Inputs q={next.question} t={t} />
              <button type="submit" className={buttonClass("primary", "min-h-12 w-full sm:w-auto")}>
                {t("cases.worker.submit")}
              </button>
            </form>
          </Card>
        )}
        {c.completedAt && <Alert tone="success">{t("cases.worker.completed", { score: c.score ?? 0 })}</Alert>}
      </section>
      <div className="flex flex-col gap-2 sm:flex-row">
        {answered.some((q) => !q.answer!.right) && (
          <Link href="/practice/book" className={buttonClass("secondary", "min-h-12")}>
            {t("cases.worker.toBook")}
          </Link>
        )}
        <Link href="/cases" className={buttonClass("ghost", "min-h-12")}>
          {t("cases.worker.back")}
        </Link>
      </div>
    </div>
  );
}
