/** Quarters as the app writes them ('2026-Q4') and the calendar days they cover. Pure. */

export const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export function isQuarter(q: string): boolean {
  return QUARTER_RE.test(q);
}

/** The quarter a calendar day ('2026-11-23') falls in. */
export function quarterOfDay(day: string): string {
  const [y, m] = day.split("-").map(Number);
  return `${y}-Q${Math.ceil(m / 3)}`;
}

/** Today's date in the site's time zone, as YYYY-MM-DD. */
export function todayIn(tz = process.env.APP_TIME_ZONE || "Asia/Shanghai", now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function currentQuarter(tz?: string, now = new Date()): string {
  return quarterOfDay(todayIn(tz, now));
}

/** First and last day of a quarter. */
export function quarterDays(q: string): { first: string; last: string } {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new Error(`not a quarter: ${q}`);
  const y = Number(m[1]);
  const n = Number(m[2]);
  const firstMonth = (n - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate();
  const pad = (v: number) => String(v).padStart(2, "0");
  return { first: `${y}-${pad(firstMonth)}-01`, last: `${y}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** The quarter `offset` quarters after `q` (negative: before). */
export function shiftQuarter(q: string, offset: number): string {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new Error(`not a quarter: ${q}`);
  const idx = Number(m[1]) * 4 + (Number(m[2]) - 1) + offset;
  return `${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`;
}

/** `count` quarters ending with `last`, oldest first. */
export function quartersEndingWith(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftQuarter(last, i - count + 1));
}

/** '2026-Q4' → 2026年第4季度 / 2026 Q4. */
export function quarterText(q: string, locale: string): string {
  const m = QUARTER_RE.exec(q);
  if (!m) return q;
  return locale === "en" ? `${m[1]} Q${m[2]}` : `${m[1]}年第${m[2]}季度`;
}
