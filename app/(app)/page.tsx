import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import type { Locale, Translate } from "@/lib/i18n";
import * as clock from "@/lib/core/clock";
import { formatDateTime } from "@/lib/core/format";
import { managerHome, trainerHome, workerHome, type ManagerHome, type TrainerHome, type WorkerHome } from "@/lib/learner/home";
import { getLocale, getT } from "@/app/_lib/i18n";
import { currentNav } from "@/app/_lib/nav";
import { Alert } from "@/app/_ui/feedback";
import { NavIcon } from "@/app/_ui/nav-icon";
import type { NavIcon as NavIconName } from "@/app/_lib/nav";
import { PageHeader } from "@/app/_ui/layout";
import { Freshness } from "@/app/_ui/freshness";

/** The tab's title: the page's kind (the heading names the record). */
export async function generateMetadata() {
  return { title: (await getT())("nav.home") };
}

export default async function Home({ searchParams }: { searchParams: Promise<{ passwordChanged?: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const { passwordChanged } = await searchParams;
  const db = await getDb();
  const now = clock.now();
  const [worker, trainer, manager] = await Promise.all([workerHome(db, user, now), trainerHome(db, user, now), managerHome(db, user, now)]);
  const locale = await getLocale();
  return (
    <div className="space-y-6">
      {passwordChanged && <Alert tone="success">{t("auth.passwordChanged")}</Alert>}
      <PageHeader title={t("home.greeting", { name: user.name })}>{t("home.intro")}</PageHeader>
      {/* Each role's to-dos; side by side on a wide screen, where the sidebar holds the links. */}
      <div className={`grid gap-6 ${[worker, trainer, manager].filter(Boolean).length > 1 ? "xl:grid-cols-2 xl:items-start" : ""}`}>
        {worker && <NextUpCard worker={worker} t={t} locale={locale} />}
        {trainer && <TrainerCard home={trainer} t={t} locale={locale} />}
        {manager && <ManagerCard home={manager} t={t} now={now} />}
      </div>
      {/* The quick links as app tiles on a phone and a tablet; beside the sidebar (lg) they would repeat it. */}
      {(await currentNav()).map((s) => (
        <section key={s.section} aria-labelledby={`sec-${s.section}`} className="lg:hidden">
          <h2 id={`sec-${s.section}`} className="mb-2 text-sm font-semibold text-slate-500">
            {t(s.label)}
          </h2>
          <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4 sm:gap-3 lg:grid-cols-6" data-testid={s.section === "learn" ? "home-tiles" : undefined}>
            {s.items
              .filter((it) => it.href !== "/")
              .map((it) => (
                <li key={it.href}>
                  <Link
                    href={it.href}
                    className="group flex h-full min-h-24 flex-col items-center justify-start gap-2 rounded-xl border border-slate-200 bg-white px-1 py-3 text-center text-sm font-medium text-slate-800 shadow-sm hover:border-brand-600 hover:text-brand-800"
                  >
                    <span className="flex size-11 items-center justify-center rounded-2xl bg-brand-50 text-brand-700 group-hover:bg-brand-100">
                      <NavIcon name={it.icon} className="size-6" />
                    </span>
                    <span className="leading-tight break-words">{t(it.label)}</span>
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const card = "rounded-xl border border-slate-200 bg-white px-4 py-2 shadow-sm";
const row = "flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2 text-sm";
const go = "shrink-0 font-medium text-brand-700 underline-offset-2 hover:underline";

/** One kind of to-do: a heading with its count (a link to the full list), up to 5 items, or "all done". */
function Part({
  id,
  title,
  icon,
  count,
  href,
  t,
  children,
}: {
  id: string;
  title: string;
  icon: NavIconName;
  count: number;
  href: string;
  t: Translate;
  children: ReactNode;
}) {
  return (
    <div className="py-2" data-testid={id}>
      <h3 className="flex items-center justify-between gap-3 text-sm font-semibold text-slate-700">
        <Link href={href} className="flex items-center gap-2 hover:text-brand-800">
          <span className="flex size-7 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
            <NavIcon name={icon} className="size-4" />
          </span>
          {title}
        </Link>
        <span
          className={`min-w-7 rounded-full px-2 py-0.5 text-center text-xs font-bold ${count > 0 ? "bg-brand-50 text-brand-800" : "bg-slate-100 text-slate-500"}`}
          data-testid={`${id}-count`}
        >
          {count}
        </span>
      </h3>
      {count === 0 ? <p className="py-1 text-sm text-slate-500">{t("home.allDone")}</p> : <ul className="divide-y divide-slate-100">{children}</ul>}
    </div>
  );
}

function Item({ href, children, note, action }: { href: string; children: ReactNode; note?: ReactNode; action?: ReactNode }) {
  return (
    <li className={row}>
      <span className="min-w-0">
        <Link href={href} className="font-medium text-slate-900 hover:text-brand-800">
          {children}
        </Link>
        {note && <span className="ml-2 text-slate-500">{note}</span>}
      </span>
      {action}
    </li>
  );
}

/** A course's required items done, as a thin bar (its figures are in the text beside it). */
function Progress({ done, of }: { done: number; of: number }) {
  const pct = of > 0 ? Math.round((Math.min(done, of) / of) * 100) : 0;
  return (
    <span className="h-1.5 w-24 shrink-0 overflow-hidden rounded-full bg-slate-100" aria-hidden="true" data-testid="course-progress">
      <span className="block h-full rounded-full bg-brand-600" style={{ width: `${pct}%` }} />
    </span>
  );
}

function More({ count, shown, href, t }: { count: number; shown: number; href: string; t: Translate }) {
  if (count <= shown) return null;
  return (
    <li className="py-2 text-sm">
      <Link href={href} className={go}>
        {t("home.more", { count })} →
      </Link>
    </li>
  );
}

const evaluationHref = (e: { kind: "class" | "course"; id: number }) => (e.kind === "class" ? `/classes#c${e.id}` : `/courses/${e.id}`);

/** The member's own to-dos: quizzes, courses, class sessions, today's 每日一练 and unread notices. */
function NextUpCard({ worker, t, locale }: { worker: WorkerHome; t: Translate; locale: Locale }) {
  return (
    <section aria-labelledby="next-up" className={card} data-testid="home-worker">
      <h2 id="next-up" className="pt-2 text-base font-semibold text-slate-900">
        {t("home.nextUp")}
      </h2>
      <div className="divide-y divide-slate-100">
        <Part id="home-quizzes" icon="quiz" title={t("home.dueQuizzes")} count={worker.quizzes.count} href="/quizzes" t={t}>
          {worker.quizzes.items.map((q) => (
            <Item key={q.id} href="/quizzes" note={t("home.quizCloses", { time: formatDateTime(q.closesAt, locale) })}>
              {q.title}
            </Item>
          ))}
          <More count={worker.quizzes.count} shown={worker.quizzes.items.length} href="/quizzes" t={t} />
        </Part>
        <Part id="home-courses" icon="course" title={t("home.dueCourses")} count={worker.courses.count} href="/courses" t={t}>
          {worker.courses.items.map((c) => (
            <Item
              key={c.id}
              href={`/courses/${c.id}`}
              note={t("home.courseProgress", { done: c.done, required: c.required })}
              action={<Progress done={c.done} of={c.required} />}
            >
              {c.title}
            </Item>
          ))}
          <More count={worker.courses.count} shown={worker.courses.items.length} href="/courses" t={t} />
        </Part>
        {worker.cases.count > 0 && (
          <Part id="home-cases" icon="case" title={t("cases.worker.home")} count={worker.cases.count} href="/cases" t={t}>
            {worker.cases.items.map((c) => (
              <Item
                key={`case${c.id}`}
                href={`/cases/${c.id}`}
                note={c.overdue ? t("cases.status.overdue") : t("cases.worker.due", { day: c.dueOn })}
                action={
                  <Link href={`/cases/${c.id}`} className={go}>
                    {t("cases.worker.title")} →
                  </Link>
                }
              >
                {c.title}
              </Item>
            ))}
          </Part>
        )}
        {worker.evaluations.count > 0 && (
          <Part
            id="home-evaluations"
            icon="evaluation"
            title={t("evaluations.card.home")}
            count={worker.evaluations.count}
            href={evaluationHref(worker.evaluations.items[0]!)}
            t={t}
          >
            {worker.evaluations.items.map((e) => (
              <Item
                key={`${e.kind}${e.id}`}
                href={evaluationHref(e)}
                note={t(e.kind === "class" ? "evaluations.card.classItem" : "evaluations.card.courseItem")}
                action={
                  <Link href={evaluationHref(e)} className={go}>
                    {t("evaluations.card.title")} →
                  </Link>
                }
              >
                {e.title}
              </Item>
            ))}
          </Part>
        )}
        {worker.sessions.length > 0 && (
          <ul className="divide-y divide-slate-100 py-1">
            {worker.sessions.map((s) => (
              <Item
                key={`s${s.classId}-${s.startsAt.getTime()}`}
                href={s.checkinOpen ? "/classes/check-in" : "/classes"}
                note={t("home.sessionAt", { time: formatDateTime(s.startsAt, locale) })}
                action={
                  s.checkinOpen ? (
                    <Link href="/classes/check-in" className={go}>
                      {t("home.checkinNow")} →
                    </Link>
                  ) : undefined
                }
              >
                {s.title}
              </Item>
            ))}
          </ul>
        )}
        <div className="grid grid-cols-2 gap-3 py-3">
          {worker.daily && (
            <Link href="/practice/daily" className="rounded-lg bg-slate-50 p-3 text-sm hover:bg-brand-50" data-testid="home-daily">
              <span className="block font-semibold text-slate-800">{t("home.daily")}</span>
              <span className={worker.daily.completed ? "text-emerald-700" : "text-slate-600"}>
                {t(worker.daily.completed ? "home.dailyDone" : "home.dailyTodo", { answered: worker.daily.answered, size: worker.daily.size })}
              </span>
            </Link>
          )}
          <Link href="/notifications" className="rounded-lg bg-slate-50 p-3 text-sm hover:bg-brand-50" data-testid="home-unread">
            <span className="block font-semibold text-slate-800">{t("home.unread")}</span>
            <span className={worker.unread > 0 ? "font-bold text-brand-800" : "text-slate-600"}>{t("home.unreadCount", { count: worker.unread })}</span>
          </Link>
        </div>
      </div>
    </section>
  );
}

/** The trainer's queue: essays to grade, drafts, quizzes closing within a week. */
function TrainerCard({ home, t, locale }: { home: TrainerHome; t: Translate; locale: Locale }) {
  return (
    <section aria-labelledby="home-teach" className={card} data-testid="home-trainer">
      <h2 id="home-teach" className="pt-2 text-base font-semibold text-slate-900">
        {t("home.teachTitle")}
      </h2>
      <div className="divide-y divide-slate-100">
        <Part id="home-grading" icon="grading" title={t("home.toGrade")} count={home.grading.count} href="/teach/grading" t={t}>
          {home.grading.items.map((g) => (
            <Item key={`${g.attemptId}-${g.position}`} href={`/teach/grading/${g.attemptId}/${g.position}`}>
              {t("home.gradeItem", { quiz: g.quizTitle, member: g.memberName })}
            </Item>
          ))}
          <More count={home.grading.count} shown={home.grading.items.length} href="/teach/grading" t={t} />
        </Part>
        <Part id="home-drafts" icon="quizAdmin" title={t("home.drafts")} count={home.drafts.count} href="/teach/quizzes" t={t}>
          {home.drafts.items.map((d) => (
            <Item
              key={`${d.kind}${d.id}`}
              href={d.kind === "quiz" ? `/teach/quizzes/${d.id}` : `/teach/lessons/${d.id}`}
              note={t(d.kind === "quiz" ? "home.draftQuiz" : "home.draftLesson")}
            >
              {d.title}
            </Item>
          ))}
        </Part>
        <Part id="home-closing" icon="proctor" title={t("home.closingSoon")} count={home.closing.count} href="/teach/quizzes" t={t}>
          {home.closing.items.map((q) => (
            <Item key={q.id} href={`/teach/quizzes/${q.id}`} note={t("home.quizCloses", { time: formatDateTime(q.closesAt, locale) })}>
              {q.title}
            </Item>
          ))}
        </Part>
      </div>
    </section>
  );
}

/** The manager's team gaps: qualified-member shortfalls, certificates running out, 学时 shortfalls. */
function ManagerCard({ home, t, now }: { home: ManagerHome; t: Translate; now: Date }) {
  return (
    <section aria-labelledby="home-team" className={card} data-testid="home-manager">
      <h2 id="home-team" className="pt-2 text-base font-semibold text-slate-900">
        {t("home.teamTitle")}
      </h2>
      <Freshness t={t} freshness={home.freshness} now={now} of="eligibility" />
      <div className="divide-y divide-slate-100">
        <Part id="home-gaps" icon="coverage" title={t("home.gaps")} count={home.gaps.count} href="/manage/coverage" t={t}>
          {home.gaps.items.map((g) => (
            <Item key={`${g.stationName}-${g.jobName}`} href="/manage/coverage">
              {t("home.gapItem", { station: g.stationName, job: g.jobName, n: g.shortfall })}
            </Item>
          ))}
          <More count={home.gaps.count} shown={home.gaps.items.reduce((n, g) => n + g.shortfall, 0)} href="/manage/coverage" t={t} />
        </Part>
        <Part id="home-expiring" icon="certificate" title={t("home.expiring")} count={home.expiring.count} href="/manage/certificates?within=30" t={t}>
          {home.expiring.items.map((c) => (
            <Item key={`${c.memberId}-${c.typeName}-${c.expiresOn}`} href={`/members/${c.memberId}`}>
              {t("home.expiringItem", { name: c.name, type: c.typeName, days: c.daysLeft })}
            </Item>
          ))}
          <More count={home.expiring.count} shown={home.expiring.items.length} href="/manage/certificates?within=30" t={t} />
        </Part>
        <Part id="home-hours" icon="hours" title={t("home.hoursShort")} count={home.hoursShort.count} href="/manage/hours" t={t}>
          {home.hoursShort.items.map((h) => (
            <Item key={h.memberId} href={`/members/${h.memberId}`}>
              {t("home.hoursItem", { name: h.name, hours: h.shortfall })}
            </Item>
          ))}
          <More count={home.hoursShort.count} shown={home.hoursShort.items.length} href="/manage/hours" t={t} />
        </Part>
      </div>
    </section>
  );
}
