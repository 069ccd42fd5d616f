/**
 * Calendar days ("YYYY-MM-DD"), quarters ("2026-Q4") and wall-clock times in a time zone. Pure:
 * nothing here reads the clock (that is `./clock`). Business rules decide per calendar day in the
 * site's zone (APP_TIME_ZONE): a certificate that expires on 2026-12-31 is valid until midnight in
 * Shanghai, whatever zone the server runs in. Month arithmetic clamps to the month's end like
 * PostgreSQL's `date - interval '1 month'` (2026-03-31 − 1 month = 2026-02-28).
 */

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function ymd(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A real calendar day written "YYYY-MM-DD" (2026-02-30 is not). */
export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** Whether `tz` is a time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Year to minute, two digits each: the fields of both the parts and the shown date and time. */
const FIELDS = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" } as const;
const formats = new Map<string, Intl.DateTimeFormat>();

/** A formatter made once per key (making one is slow, using one is not). */
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formats.get(key);
  if (!f) {
    f = make();
    formats.set(key, f);
  }
  return f;
}

/** Wall-clock parts of an instant in `tz`. */
export function zonedParts(instant: Date, tz: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const f = formatter(`parts|${tz}`, () => new Intl.DateTimeFormat("en-CA", { timeZone: tz, ...FIELDS, second: "2-digit", hourCycle: "h23" }));
  const out = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
  for (const p of f.formatToParts(instant)) {
    if (p.type === "year") out.y = Number(p.value);
    else if (p.type === "month") out.mo = Number(p.value);
    else if (p.type === "day") out.d = Number(p.value);
    else if (p.type === "hour") out.h = Number(p.value);
    else if (p.type === "minute") out.mi = Number(p.value);
    else if (p.type === "second") out.s = Number(p.value);
  }
  return out;
}

/** The calendar day an instant falls on in `tz`. */
export function dayIn(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz);
  return fmt(p.y, p.mo, p.d);
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: Date, tz: string): number {
  const p = zonedParts(instant, tz);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a wall-clock time in `tz` names (two passes settle a daylight-saving change). */
export function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let t = wall - offsetAt(new Date(wall), tz);
  t = wall - offsetAt(new Date(t), tz);
  return new Date(t);
}

/** The first instant of a calendar day in `tz` (00:00 there). */
export function startOfDay(day: string, tz: string): Date {
  const [y, m, d] = ymd(day);
  return zonedInstant(y, m, d, 0, 0, 0, tz);
}

/** "2026-10-01T08:00" read as wall-clock time in `tz`; null when it is not a valid date and time. */
export function fromZonedInput(value: string, tz: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (!isDay(fmt(y, mo, d)) || h > 23 || mi > 59 || s > 59) return null;
  return zonedInstant(y, mo, d, h, mi, s, tz);
}

/** An instant as a datetime-local value in `tz`, e.g. "2026-10-01T08:00". */
export function toZonedInput(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${fmt(p.y, p.mo, p.d)}T${two(p.h)}:${two(p.mi)}`;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = ymd(day);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addMonths(day: string, n: number): string {
  const [y, m, d] = ymd(day);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return fmt(ny, nm, Math.min(d, last));
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = ymd(a);
  const [by, bm, bd] = ymd(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** Whole months from `a` to `b` (completed months only). */
export function monthsBetween(a: string, b: string): number {
  let n = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
  if (n > 0 && addMonths(a, n) > b) n -= 1;
  return n;
}

/** Whole years from `a` to `b` (completed years only): years of service, age. */
export function yearsBetween(a: string, b: string): number {
  return Math.floor(monthsBetween(a, b) / 12);
}

export function isQuarter(q: string): boolean {
  return QUARTER_RE.test(q);
}

/** The quarter a calendar day falls in: 2026-11-23 → "2026-Q4". */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

/** The quarter an instant falls in, in `tz`. */
export function quarterAt(instant: Date, tz: string): string {
  return quarterOf(dayIn(instant, tz));
}

function quarterIndex(q: string): number {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new Error(`not a quarter: ${q}`);
  return Number(m[1]) * 4 + (Number(m[2]) - 1);
}

/** The quarter `offset` quarters after `q` (negative: before): ("2026-Q1", -1) → "2025-Q4". */
export function shiftQuarter(q: string, offset: number): string {
  const idx = quarterIndex(q) + offset;
  return `${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`;
}

/** First and last day of a quarter. */
export function quarterDays(q: string): { first: string; last: string } {
  const idx = quarterIndex(q);
  const y = Math.floor(idx / 4);
  const firstMonth = (idx % 4) * 3 + 1;
  const first = fmt(y, firstMonth, 1);
  return { first, last: addDays(addMonths(first, 3), -1) };
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

/** '2026-Q3' → 26Q3: a column head in a narrow table (the same in both languages; quarterText in its title). */
export function quarterShort(q: string): string {
  const m = QUARTER_RE.exec(q);
  return m ? `${m[1]!.slice(2)}Q${m[2]}` : q;
}

/**
 * A date and time in `tz`, in the reader's language, e.g. 2026/11/23 14:05 (zh-CN) or
 * 23/11/2026, 14:05 (en): the site's one style (lib/core/format `formatDateTime` on the server;
 * client components, which cannot read the site's zone, are handed it).
 */
export function formatInstant(d: Date, locale: string, tz: string): string {
  const lang = locale === "en" ? "en-GB" : "zh-CN";
  return formatter(`shown|${lang}|${tz}`, () => new Intl.DateTimeFormat(lang, { timeZone: tz, ...FIELDS, hour12: false })).format(d);
}
