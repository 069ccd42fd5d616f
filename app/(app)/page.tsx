import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import type { Locale, Translate } from "@/lib/i18n";
import { formatDateTime } from "@/lib/core/format";
import { nextUpFor, type NextUp } from "@/lib/learner/next-up";
import { getLocale, getT } from "@/app/_lib/i18n";
import { navFor } from "@/app/_lib/nav";
import { Alert } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("nav.home") };
}

export default async function Home({ searchParams }: { searchParams: Promise<{ passwordChanged?: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const { passwordChanged } = await searchParams;
  const next = can(user, "self.learn") ? await nextUpFor(await getDb(), user) : null;
  const locale = await getLocale();
  return (
    <div className="space-y-6">
      {passwordChanged && <Alert tone="success">{t("auth.passwordChanged")}</Alert>}
      <PageHeader title={t("home.greeting", { name: user.name })}>{t("home.intro")}</PageHeader>
      {next && <NextUpCard next={next} t={t} locale={locale} />}
      {navFor(user).map((s) => (
        <section key={s.section} aria-labelledby={`sec-${s.section}`}>
          <h2 id={`sec-${s.section}`} className="mb-2 text-sm font-semibold text-slate-500">
            {t(s.label)}
          </h2>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
            {s.items
              .filter((it) => it.href !== "/")
              .map((it) => (
                <li key={it.href}>
                  <Link
                    href={it.href}
                    className="flex min-h-20 items-center rounded-lg border border-slate-200 bg-white p-4 text-base font-medium text-slate-800 shadow-sm hover:border-brand-600 hover:text-brand-800"
                  >
                    {t(it.label)}
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const row = "flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-3 text-sm";
const go = "shrink-0 font-medium text-brand-700 underline-offset-2 hover:underline";

/** The member's next quizzes, lessons and class sessions, each a tap away. */
function NextUpCard({ next, t, locale }: { next: NextUp; t: Translate; locale: Locale }) {
  const empty = next.quizzes.length + next.courses.length + next.sessions.length === 0;
  return (
    <section aria-labelledby="next-up" className="rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
      <h2 id="next-up" className="pt-2 text-base font-semibold text-slate-900">
        {t("home.nextUp")}
      </h2>
      {empty ? (
        <p className="py-3 text-sm text-slate-600">{t("home.nothingNext")}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="next-up">
          {next.quizzes.map((q) => (
            <li key={`q${q.id}`} className={row}>
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{t("home.quizDue", { title: q.title })}</span>
                <span className="ml-2 text-slate-500">{t("home.quizCloses", { time: formatDateTime(q.closesAt, locale) })}</span>
              </span>
              <Link href="/quizzes" className={go}>
                {q.inProgress ? t("home.quizContinue") : t("home.quizStart")} →
              </Link>
            </li>
          ))}
          {next.courses.map((c) => (
            <li key={`c${c.id}`} className={row}>
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{c.title}</span>
                <span className="ml-2 text-slate-500">{t("home.courseProgress", { done: c.done, required: c.required })}</span>
              </span>
              <Link href={`/courses/${c.id}/lessons/${c.lessonId}`} className={go}>
                {t("home.courseContinue", { lesson: c.lessonTitle })} →
              </Link>
            </li>
          ))}
          {next.sessions.map((s) => (
            <li key={`s${s.classId}-${s.startsAt.getTime()}`} className={row}>
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{s.title}</span>
                <span className="ml-2 text-slate-500">{t("home.sessionAt", { time: formatDateTime(s.startsAt, locale) })}</span>
              </span>
              <Link href={s.checkinOpen ? "/classes/check-in" : "/classes"} className={go}>
                {s.checkinOpen ? t("home.checkinNow") : t("nav.classes")} →
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
