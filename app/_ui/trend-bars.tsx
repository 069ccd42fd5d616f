import type { Translate } from "@/lib/i18n";
import type { PracticeWeek } from "@/lib/practice/trend-rules";

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n * 100) / d));

/**
 * A category's last weeks at a glance: one bar per week, as high as the share of answers right,
 * darker the more answers it holds; a week without practice is a flat grey mark. Each bar says
 * its week, answers, share right and the questions practised so far (title and the list's text
 * for a screen reader).
 */
export function TrendBars({ weeks, t }: { weeks: readonly PracticeWeek[]; t: Translate }) {
  if (!weeks.some((w) => w.answers > 0)) return null;
  const most = Math.max(...weeks.map((w) => w.answers));
  return (
    <div className="mt-2 flex items-end gap-2" data-testid="practice-trend">
      <span className="text-xs text-slate-500">{t("practice.home.trend", { weeks: weeks.length })}</span>
      <ol className="flex h-8 items-end gap-1">
        {weeks.map((w) => {
          const label = w.answers
            ? t("practice.home.trendWeek", { week: w.week.slice(5), answers: w.answers, percent: pct(w.right, w.answers), practised: w.practised })
            : t("practice.home.trendWeekNone", { week: w.week.slice(5) });
          return (
            <li key={w.week} title={label} className="flex h-8 w-3 items-end" data-week={w.week} data-answers={w.answers}>
              <span className="sr-only">{label}</span>
              {w.answers ? (
                <span
                  aria-hidden
                  className={`block w-3 rounded-sm ${w.answers * 2 >= most ? "bg-brand-600" : "bg-teal-400"}`}
                  style={{ height: `${Math.max(10, pct(w.right, w.answers))}%` }}
                />
              ) : (
                <span aria-hidden className="block h-0.5 w-3 bg-slate-300" />
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
