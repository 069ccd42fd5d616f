import { ageOf, type CacheFreshness } from "@/lib/eligibility/cache";
import type { Translate } from "@/lib/i18n";

/**
 * How old a page's precomputed figures are ("名单更新于 3 分钟前", "学时统计更新于 …") and, when
 * something changed since, that the background job will recompute them: the page shows the last
 * complete state rather than recomputing a whole site in a request.
 */
export function Freshness({ t, freshness, now, of }: { t: Translate; freshness: CacheFreshness; now: Date; of: "eligibility" | "hours" }) {
  const age = ageOf(freshness.refreshedAt, now);
  return (
    <p
      className="text-xs text-slate-500"
      data-testid={of === "eligibility" ? "roster-freshness" : "hours-freshness"}
      data-pending={freshness.pending ? "true" : "false"}
    >
      {age ? t(`${of}.freshness.updated`, { ago: t(`eligibility.freshness.ago.${age.unit}`, { n: age.n }) }) : t(`${of}.freshness.never`)}
      {freshness.pending && <span className="ml-1 text-amber-800">{t(`${of}.freshness.pending`)}</span>}
    </p>
  );
}
