import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { dailyAvailable, dailyOverview, todaysSet } from "@/lib/practice/daily";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { answerDailyAction } from "../actions";
import { DailyCalendar, StartDaily } from "../daily-card";
import { Inputs } from "../inputs";
import { RichText } from "@/app/_ui/rich-text";

export async function generateMetadata() {
  return { title: (await getT())("practice.daily.title") };
}

/** 每日一练: today's set, one question at a time (plain form posts), then the day done and the streak. */
export default async function DailyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const search = await searchParams;
  const db = await getDb();
  const r = await todaysSet(db, user);
  const set = r.ok ? r.value : null;
  const [o, available] = await Promise.all([dailyOverview(db, user), set ? true : dailyAvailable(db, user)]);
  const size = set?.items.length ?? 0;
  const position = set ? set.items.findIndex((i) => i.answerId === null) + 1 : 0;
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={t("practice.daily.title")}>{t("practice.daily.intro", { size: o?.size ?? size })}</PageHeader>
      <OutcomeAlert t={t} search={search} />
      {!set && !available ? (
        <EmptyState title={t("practice.daily.none")}>
          <Link href="/practice" className={buttonClass("secondary")}>
            {t("practice.go.back")}
          </Link>
        </EmptyState>
      ) : !set ? (
        <StartDaily t={t} />
      ) : (
        <>
          <ol className="flex flex-wrap gap-2" data-testid="daily-items">
            {set.items.map((i, n) => (
              <li key={i.questionId}>
                <Badge tone={i.right === null ? "neutral" : i.right ? "success" : "danger"}>
                  {n + 1} · {t(i.right === null ? "practice.daily.pending" : i.right ? "practice.daily.right" : "practice.daily.wrong")}
                </Badge>
              </li>
            ))}
          </ol>
          {set.next ? (
            <Card>
              <div className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-500">
                <span data-testid="daily-position">{t("practice.daily.question", { n: position, size })}</span>
                <span>{set.next.names.join(" / ")}</span>
                {set.next.inBook && <Badge tone="warning">{t("practice.go.inBook")}</Badge>}
              </div>
              <form action={answerDailyAction} className="space-y-4" data-testid="practice-form">
                <p className="whitespace-pre-wrap text-base font-medium text-slate-900" data-testid="stem">
                  <RichText text={set.next.question.stem} alt={t("quiz.media.alt")} />
                </p>
                <input type="hidden" name="questionId" value={set.next.questionId} />
                <input type="hidden" name="day" value={set.day} />
                <input type="hidden" name="type" value={set.next.question.type} />
                <Inputs q={set.next.question} t={t} />
                <button type="submit" className={buttonClass("primary", "min-h-12 w-full sm:w-auto")}>
                  {t("practice.go.submit")}
                </button>
              </form>
            </Card>
          ) : (
            <div data-testid="daily-done" className="space-y-4">
              <Alert tone="success">
                <span className="text-base font-semibold">{t("practice.daily.completed", { size })}</span>
              </Alert>
              <Card>
                <p className="text-sm text-slate-700">{t("practice.daily.score", { right: set.items.filter((i) => i.right).length, size })}</p>
                {o && (
                  <div className="mt-3 space-y-3">
                    <p className="text-lg font-semibold text-slate-900" data-testid="daily-streak">
                      {t("practice.daily.streak", { days: o.streak })}
                    </p>
                    <p className="text-sm text-slate-600">{t("practice.daily.points", { points: o.points })}</p>
                    <DailyCalendar o={o} t={t} />
                  </div>
                )}
              </Card>
              <Link href="/practice" className={buttonClass("secondary", "min-h-12")}>
                {t("practice.go.back")}
              </Link>
            </div>
          )}
        </>
      )}
    </div>
  );
}
