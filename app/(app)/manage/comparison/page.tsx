import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { teamsInScope, unitQuarterMetrics } from "@/lib/comparison";
import { quartersEndingWith } from "@/lib/core/time";
import { currentQuarter } from "@/lib/core/clock";
import { getLocale, getT } from "@/app/_lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { MetricsView } from "../../points/_shared/metrics-view";

export async function generateMetadata() {
  return { title: (await getT())("methods.comparison.title") };
}

/** 比学赶帮超: the teams in scope side by side over the last quarters. */
export default async function ComparisonPage({ searchParams }: { searchParams: Promise<{ n?: string }> }) {
  const user = await requirePermission("roster.read");
  const t = await getT();
  const locale = await getLocale();
  const db = await getDb();
  const n = Math.min(8, Math.max(2, Number((await searchParams).n) || 4));
  const teams = await teamsInScope(db, user);
  const quarters = quartersEndingWith(currentQuarter(), n);
  const figures = await unitQuarterMetrics(
    db,
    teams.map((u) => u.id),
    quarters,
  );
  return (
    <div className="space-y-4">
      <PageHeader title={t("methods.comparison.title")}>{t("methods.comparison.intro")}</PageHeader>
      {teams.length === 0 ? (
        <EmptyState title={t("methods.comparison.noTeams")} />
      ) : (
        <MetricsView
          t={t}
          locale={locale}
          units={teams}
          quarters={quarters}
          figures={figures}
          metrics={["quizAverage", "participation", "completion", "points"]}
        />
      )}
    </div>
  );
}
