/**
 * Station coverage forecast (覆盖预测), the pure rule: for one station × job, the members who
 * qualify today, each with the items that will lapse (a certificate's expiry or 复审 due day, a
 * time-limited requirement's end) — when nobody renews anything, on which day does the number of
 * qualified members first fall below the station's minimum, whose lapse causes it, and who could
 * close the gap. A planned class session the member is enrolled in, on or before the item's last
 * valid day, counts as renewing it. Days are "YYYY-MM-DD" in the site's zone.
 */
import { addDays, addMonths } from "@/lib/core/time";

/** 复审 (a review due), 换证 (a certificate expiring), 复训 (a time-limited requirement ending). */
export const RENEW_KINDS = ["review", "renewal", "retraining"] as const;
export type RenewKind = (typeof RENEW_KINDS)[number];

export interface LapsingItem {
  kind: RenewKind;
  /** What must be renewed (a certificate type's name, a class series …). */
  name: string;
  /** The last day the item counts. */
  until: string;
  /** A planned class session, on or before `until`, that renews the item (the day and the class). */
  renewedBy?: { on: string; title: string } | null;
}

export interface Holder {
  memberId: number;
  name: string;
  /** Items that lapse; none: the member qualifies for as long as we can see. */
  items: LapsingItem[];
}

export interface Candidate {
  memberId: number;
  name: string;
  /** target: works towards the job (or holds it on paper); lapsed: qualified once, an item ran out. */
  reason: "target" | "lapsed";
  /** lapsed: what ran out (renewing it closes the gap). */
  item?: LapsingItem | null;
}

export interface ForecastInput {
  min: number;
  holders: Holder[];
  candidates: Candidate[];
}

export interface Forecast {
  /** The first day fewer than `min` members qualify. */
  day: string;
  /** Already below the minimum today (the day is today). */
  already: boolean;
  /** Members qualifying on that day. */
  count: number;
  /** The members whose items lapse the day before (what each must renew, by when). */
  lapsing: { memberId: number; name: string; items: LapsingItem[] }[];
  /** Members who could close the gap: holders lapsing earlier, then the candidates. */
  candidates: Candidate[];
}

/**
 * The last day a record dated `recordDay` still counts for a requirement looking back `months`
 * months (rules.ts `windowStart`: it counts on D while addMonths(D, −months) ≤ recordDay).
 * Month ends clamp (31 January + 1 month = 28 February), so the day is found, not computed.
 */
export function lastDayWithin(recordDay: string, months: number): string {
  let d = addDays(addMonths(recordDay, months), 4);
  while (addMonths(d, -months) > recordDay) d = addDays(d, -1);
  return d;
}

/** The last day a holder counts if nobody renews anything beyond what is planned (null: beyond any horizon). */
export function holderUntil(h: Holder): string | null {
  let until: string | null = null;
  for (const it of h.items) {
    if (it.renewedBy && it.renewedBy.on <= it.until) continue;
    if (until === null || it.until < until) until = it.until;
  }
  return until;
}

function countOn(untils: (string | null)[], day: string): number {
  return untils.filter((u) => u === null || u >= day).length;
}

/**
 * The first day within [today, today + horizonDays] on which fewer than `min` holders qualify,
 * or null when the station stays covered. A holder counts up to and including their last day.
 */
export function forecastCoverage(input: ForecastInput, today: string, horizonDays = 365): Forecast | null {
  const horizon = addDays(today, horizonDays);
  const untils = input.holders.map(holderUntil);
  if (countOn(untils, today) < input.min) {
    return { day: today, already: true, count: countOn(untils, today), lapsing: [], candidates: candidatesFor(input, untils, today) };
  }
  // The count only changes on the day after a holder's last day: look at those days in order.
  const days = [...new Set(untils.filter((u): u is string => u !== null && u >= today).map((u) => addDays(u, 1)))].sort();
  for (const day of days) {
    if (day > horizon) break;
    const count = countOn(untils, day);
    if (count >= input.min) continue;
    const last = addDays(day, -1);
    const lapsing = input.holders
      .filter((_, i) => untils[i] === last)
      .map((h) => ({ memberId: h.memberId, name: h.name, items: h.items.filter((it) => it.until === last && !(it.renewedBy && it.renewedBy.on <= it.until)) }));
    return { day, already: false, count, lapsing, candidates: candidatesFor(input, untils, last) };
  }
  return null;
}

/** Holders whose items lapse before `before` (renewing them helps too), then the other candidates. */
function candidatesFor(input: ForecastInput, untils: (string | null)[], before: string): Candidate[] {
  const earlier: Candidate[] = [];
  input.holders.forEach((h, i) => {
    const u = untils[i];
    if (u === null || u === undefined || u >= before) return;
    const item = h.items.find((it) => it.until === u && !(it.renewedBy && it.renewedBy.on <= it.until)) ?? null;
    earlier.push({ memberId: h.memberId, name: h.name, reason: "lapsed", item });
  });
  earlier.sort((a, b) => (b.item?.until ?? "").localeCompare(a.item?.until ?? "") || a.name.localeCompare(b.name));
  const rest = [...input.candidates].sort((a, b) => (a.reason === b.reason ? a.name.localeCompare(b.name) : a.reason === "lapsed" ? -1 : 1));
  return [...earlier, ...rest];
}
