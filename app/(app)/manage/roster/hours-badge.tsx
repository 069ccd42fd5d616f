import Link from "next/link";
import type { HoursBrief } from "@/lib/hours/ledger";
import type { Translate } from "@/lib/i18n";

/** A member's 学时 of the year against their minimum on the roster; a shortfall in red. */
export function HoursBadge({ t, year, brief, memberId }: { t: Translate; year: number; brief: HoursBrief | undefined; memberId: number }) {
  if (!brief) return null;
  const short = brief.shortfall > 0;
  return (
    <Link
      href={`/members/${memberId}#hours`}
      className={`mt-0.5 block text-xs tabular-nums hover:underline ${short ? "font-semibold text-red-700" : "text-emerald-700"}`}
      data-hours-shortfall={brief.shortfall}
      title={t("hours.thisYear", { year })}
    >
      {t("hours.rosterBrief", { counted: brief.counted, minimum: brief.minimum })}
      {short ? ` · ${t("hours.short", { hours: brief.shortfall })}` : ""}
    </Link>
  );
}
