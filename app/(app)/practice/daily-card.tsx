import Link from "next/link";
import type { DailyOverview } from "@/lib/practice/daily";
import type { Translate } from "@/lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { Card } from "@/app/_ui/layout";
import { startDailyAction } from "./actions";

/** The four-week strip: one square a day, filled when the day's set was completed. */
export function DailyCalendar({ o, t }: { o: DailyOverview; t: Translate }) {
  return (
    <div>
      <p className="mb-1 text-xs text-slate-500">{t("practice.daily.calendar")}</p>
      <ol className="grid w-fit grid-cols-7 gap-1" data-testid="daily-calendar">
        {o.calendar.map((d) => (
          <li
            key={d.day}
            title={t(d.done ? "practice.daily.dayDone" : "practice.daily.dayMissed", { day: d.day })}
            aria-label={t(d.done ? "practice.daily.dayDone" : "practice.daily.dayMissed", { day: d.day })}
            data-done={d.done}
            className={`size-6 rounded ${d.done ? "bg-brand-600" : "bg-slate-100"} ${d.day === o.day ? "ring-2 ring-brand-600/40" : ""}`}
          />
        ))}
      </ol>
    </div>
  );
}

/** 开始今日练习: a plain form post that draws today's set (a page view never does). */
export function StartDaily({ t, className = "" }: { t: Translate; className?: string }) {
  return (
    <form action={startDailyAction} className={className}>
      <button type="submit" className={buttonClass("primary", "min-h-12")}>
        {t("practice.daily.start")}
      </button>
    </form>
  );
}

/** 每日一练 on the practice home: today's progress, the streak, the points, the calendar strip. */
export function DailyCard({ o, t }: { o: DailyOverview; t: Translate }) {
  return (
    <Card title={t("practice.daily.title")}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <p className="text-base font-medium text-slate-900" data-testid="daily-today">
            {o.completed ? t("practice.daily.done") : t("practice.daily.today", { answered: o.answered, size: o.size })}
          </p>
          <p className="text-sm text-slate-600">
            <span data-testid="daily-streak">{t("practice.daily.streak", { days: o.streak })}</span>
            {" · "}
            {t("practice.daily.points", { points: o.points })}
          </p>
          {o.completed ? null : o.drawn ? (
            <Link href="/practice/daily" className={buttonClass("primary", "mt-2 min-h-12")}>
              {t("practice.daily.go")}
            </Link>
          ) : (
            <StartDaily t={t} className="mt-2" />
          )}
        </div>
        <DailyCalendar o={o} t={t} />
      </div>
    </Card>
  );
}
