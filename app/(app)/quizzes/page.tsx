import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/format";
import { quizzesForMember, type MemberQuiz } from "@/lib/quiz/worker";
import { getLocale, getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Badge, EmptyState } from "@/app/_ui/feedback";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { searchValue } from "@/app/_lib/action";
import { PageHeader } from "@/app/_ui/layout";
import { QuizStartHost, StartQuizForm } from "./start-form";
import { quarterText } from "@/lib/core/time";

export async function generateMetadata() {
  return { title: (await getT())("quizTake.title") };
}

export default async function QuizzesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const locale = await getLocale();
  const db = await getDb();
  const list = await quizzesForMember(db, { id: user.memberId, orgPath: user.orgPath, jobId: user.jobId });
  const search = await searchParams;
  // A proctor's QR code opens this page with the quiz, the proctoring and the code filled in.
  const scanned = {
    quiz: Number(searchValue(search, "proctor")),
    proctoring: /^\d{1,10}$/.test(searchValue(search, "s") ?? "") ? searchValue(search, "s")! : "",
    code: /^\d{6}$/.test(searchValue(search, "c") ?? "") ? searchValue(search, "c")! : "",
  };
  const groups = (["open", "upcoming", "closed"] as const).map((when) => ({ when, items: list.filter((q) => q.when === when) })).filter((g) => g.items.length);

  const card = (q: MemberQuiz) => {
    const left = q.attemptsAllowed - q.attemptsUsed;
    return (
      <li key={q.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="text-base font-semibold text-slate-900">{q.title}</h3>
          <Badge tone="brand">{quarterText(q.quarter, locale)}</Badge>
          {q.theme && <Badge>{q.theme}</Badge>}
          {q.proctorRequired && <Badge tone="warning">{t("proctor.start.required")}</Badge>}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {t("quizTake.list.window", { opens: formatDateTime(q.opensAt, locale), closes: formatDateTime(q.closesAt, locale) })}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          {q.timeLimitS ? t("quizTake.list.timeLimit", { minutes: Math.round(q.timeLimitS / 60) }) : t("quizTake.list.noLimit")} ·{" "}
          {t("quizTake.list.attempts", { used: q.attemptsUsed, allowed: q.attemptsAllowed })}
        </p>
        {q.result && (
          <p className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            {q.result.pending ? (
              <Badge tone="warning">{t("quizTake.list.pending")}</Badge>
            ) : (
              <>
                <span>{t("quizTake.list.result", { score: q.result.score, max: q.result.max, percent: q.result.percent })}</span>
                <Badge tone={q.result.passed ? "success" : "danger"}>{q.result.passed ? t("quizTake.list.passed") : t("quizTake.list.failed")}</Badge>
              </>
            )}
          </p>
        )}
        <div className="mt-3 flex flex-wrap gap-2">
          {q.when === "open" && (q.openAttemptId || left > 0) && (
            <StartQuizForm quizId={q.id} className="flex w-full flex-wrap items-end gap-2">
              <input type="hidden" name="quizId" value={q.id} />
              {q.proctorRequired && !q.openAttemptId && (
                <div className="w-full sm:w-auto">
                  {scanned.quiz === q.id && scanned.proctoring && <input type="hidden" name="proctoring" value={scanned.proctoring} />}
                  <label htmlFor={`proctor-code-${q.id}`} className="block text-sm font-medium text-slate-800">
                    {t("proctor.start.codeLabel")}
                  </label>
                  <input
                    id={`proctor-code-${q.id}`}
                    name="proctorCode"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    pattern="[0-9０-９ ]{6,8}"
                    maxLength={8}
                    required
                    defaultValue={scanned.quiz === q.id ? scanned.code : ""}
                    aria-describedby={`proctor-hint-${q.id}`}
                    className="mt-1 block min-h-10 w-40 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-lg tracking-widest shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
                  />
                  <p id={`proctor-hint-${q.id}`} className="mt-1 text-xs text-slate-500">
                    {t("proctor.start.codeHint")}
                  </p>
                </div>
              )}
              <button type="submit" className={buttonClass("primary", "min-w-32")}>
                {q.openAttemptId ? t("quizTake.list.resume") : t("quizTake.list.start")}
              </button>
            </StartQuizForm>
          )}
          {q.when === "open" && !q.openAttemptId && left <= 0 && <span className="text-sm text-slate-500">{t("quizTake.list.noAttemptsLeft")}</span>}
          {q.lastFinishedAttemptId && (
            <Link href={`/attempts/${q.lastFinishedAttemptId}/review`} className={buttonClass("secondary")}>
              {t("quizTake.list.review")}
            </Link>
          )}
        </div>
      </li>
    );
  };

  return (
    <QuizStartHost>
      <div className="max-w-3xl">
        <PageHeader title={t("quizTake.title")} />
        <div className="mb-4 empty:hidden" data-testid="quiz-start-outcome">
          <OutcomeAlert t={t} search={search} />
        </div>
        {groups.length === 0 && <EmptyState title={t("quizTake.list.empty")} />}
        {groups.map((g) => (
          <section key={g.when} className="mb-6" aria-labelledby={`g-${g.when}`}>
            <h2 id={`g-${g.when}`} className="mb-2 text-sm font-semibold text-slate-500">
              {t(`quizTake.list.${g.when}`)}
            </h2>
            <ul className="space-y-3">{g.items.map(card)}</ul>
          </section>
        ))}
      </div>
    </QuizStartHost>
  );
}
