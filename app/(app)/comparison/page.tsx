import { getDb } from "@/lib/core/db";
import { requireUser } from "@/lib/auth/session";
import { teamComparison } from "@/lib/comparison";
import { quartersEndingWith } from "@/lib/core/time";
import { currentQuarter } from "@/lib/core/clock";
import { translateCode } from "@/lib/i18n";
import { getLocale, getT } from "@/app/_lib/i18n";
import { Alert, EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { MetricsView } from "../points/_shared/metrics-view";

export async function generateMetadata() {
  return { title: (await getT())("methods.comparison.title") };
}

/** 比学赶帮超: every team's figures side by side over the last quarters, for everyone signed in (no member names). */
export default async function ComparisonPage({ searchParams }: { searchParams: Promise<{ n?: string }> }) {
  const user = await requireUser();
  const t = await getT();
  const locale = await getLocale();
  const db = await getDb();
  // The current quarter and the four before it: a year of history beside where each team stands now.
  const n = Math.min(8, Math.max(2, Number((await searchParams).n) || 5));
  const current = currentQuarter();
  const quarters = quartersEndingWith(current, n);
  const result = await teamComparison(db, user, quarters);
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.comparison.title")}>{t("methods.comparison.intro")}</PageHeader>
      {!result.ok ? (
        <Alert tone="error">{translateCode(t, result.code, result.params)}</Alert>
      ) : result.value.teams.length === 0 ? (
        <EmptyState title={t("methods.comparison.noTeams")} />
      ) : (
        <MetricsView
          t={t}
          locale={locale}
          units={result.value.teams}
          quarters={quarters}
          figures={result.value.figures}
          metrics={["quizAverage", "participation", "completion", "points"]}
          current={current}
        />
      )}
    </div>
  );
}
