import { ageOf, type CacheFreshness } from "@/lib/eligibility/cache";
import type { Translate } from "@/lib/i18n";

/**
 * How old the roster's statuses are ("名单更新于 3 分钟前") and, when something changed since, that
 * the background job will recompute them: pages read the last complete state, never recompute.
 */
export function RosterFreshness({ t, freshness, now }: { t: Translate; freshness: CacheFreshness; now: Date }) {
  const age = ageOf(freshness.refreshedAt, now);
  return (
    <p className="text-xs text-slate-500" data-testid="roster-freshness" data-pending={freshness.pending ? "true" : "false"}>
      {age ? t("eligibility.freshness.updated", { ago: t(`eligibility.freshness.ago.${age.unit}`, { n: age.n }) }) : t("eligibility.freshness.never")}
      {freshness.pending && <span className="ml-1 text-amber-800">{t("eligibility.freshness.pending")}</span>}
    </p>
  );
}
