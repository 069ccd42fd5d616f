import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { dailyOverview } from "@/lib/practice/daily";
import { practiceOverview } from "@/lib/practice/practice";
import { practiceTrend } from "@/lib/practice/trend";
import { getT } from "@/app/_lib/i18n";
import { buttonClass } from "@/app/_ui/button";
import { EmptyState } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { DailyCard } from "./daily-card";
import { TrendBars } from "@/app/_ui/trend-bars";

export async function generateMetadata() {
  return { title: (await getT())("practice.home.title") };
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n * 100) / d));

/** 练习: the categories open to the worker with their progress, and the ways to practise. */
export default async function PracticePage() {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const db = await getDb();
  const o = await practiceOverview(db, user);
  const daily = await dailyOverview(db, user);
  const trend = await practiceTrend(db, user);
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={t("practice.home.title")}>{t("practice.home.intro")}</PageHeader>
      {o.categories.length === 0 && o.inBook === 0 ? (
        <EmptyState title={t("practice.home.none")} />
      ) : (
        <>
          {daily && <DailyCard o={daily} t={t} />}
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4">
            <Link href="/practice/go?mode=order" className={buttonClass("primary", "min-h-12 flex-col")}>
              <span>{t("practice.home.order")}</span>
              <span className="text-xs font-normal opacity-90">{t("practice.home.orderHint")}</span>
            </Link>
            <Link href="/practice/go?mode=random" className={buttonClass("secondary", "min-h-12")}>
              {t("practice.home.random")}
            </Link>
            <Link href="/practice/book" className={buttonClass("secondary", "min-h-12")} data-testid="book-link">
              {t("practice.home.bookCount", { count: o.inBook })}
            </Link>
            <Link href="/practice/mock" className={buttonClass("secondary", "min-h-12")}>
              {t("practice.mock.homeLink")}
            </Link>
          </div>
          <Card title={t("practice.home.categories")}>
            <ul className="divide-y divide-slate-100">
              {o.categories.map((c) => (
                <li key={c.categoryId} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">{c.names.join(" / ")}</p>
                    <p className="text-sm text-slate-600">
                      {t("practice.home.progress", { practised: c.practised, total: c.total })}
                      {" · "}
                      {c.answers ? t("practice.home.rightShare", { percent: pct(c.right, c.answers) }) : t("practice.home.noAnswers")}
                    </p>
                    <div className="mt-1 h-2 w-48 max-w-full overflow-hidden rounded bg-slate-100" aria-hidden>
                      <div className="h-2 bg-brand-600" style={{ width: `${pct(c.practised, c.total)}%` }} />
                    </div>
                    <TrendBars weeks={trend.get(c.categoryId) ?? []} t={t} />
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Link href={`/practice/go?mode=category&category=${c.categoryId}`} className={buttonClass("secondary")}>
                      {t("practice.home.start")}
                    </Link>
                    <Link href={`/practice/offline?category=${c.categoryId}`} className={buttonClass("ghost")} data-testid="offline-link">
                      {t("practice.offline.download")}
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        </>
      )}
    </div>
  );
}
