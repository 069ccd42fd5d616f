/**
 * Calendar days as "YYYY-MM-DD" strings. Eligibility is decided per day in the site's time zone
 * (APP_TIME_ZONE): a certificate that expires on 2026-12-31 is valid until midnight in Shanghai,
 * whatever zone the server runs in. Month arithmetic clamps to the month's end like PostgreSQL's
 * `date - interval '1 month'` (2026-03-31 − 1 month = 2026-02-28).
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The calendar day an instant falls on in `tz`. */
export function dayIn(instant: Date, tz: string): string {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
  return f.format(instant);
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return fmt(ny, nm, Math.min(d, last));
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split("-").map(Number);
  const [by, bm, bd] = b.split("-").map(Number);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** Whole months from `a` to `b` (completed months only). */
export function monthsBetween(a: string, b: string): number {
  let n = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
  if (n > 0 && addMonths(a, n) > b) n -= 1;
  return n;
}

/** "2026-Q4" of a day. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

/** The quarter `n` quarters before `quarter` ("2026-Q1", 1 → "2025-Q4"). */
export function quarterMinus(quarter: string, n: number): string {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const idx = y * 4 + (q - 1) - n;
  return `${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`;
}

/** Today in the site's time zone. */
export function today(now: Date = new Date(), tz: string = process.env.APP_TIME_ZONE || "Asia/Shanghai"): string {
  return dayIn(now, tz);
}
