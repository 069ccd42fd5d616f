/**
 * Quiz windows are typed in the site's time zone (a datetime-local field has none), stored as
 * instants. These convert between the two without trusting the server's own zone.
 */

function parts(d: Date, tz: string) {
  const f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const get = (type: string) => Number(f.formatToParts(d).find((p) => p.type === type)!.value);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour"), mi: get("minute"), s: get("second") };
}

/** How far the zone's wall clock is ahead of UTC at instant `d`, in ms. */
function offsetAt(d: Date, tz: string): number {
  const p = parts(d, tz);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(d.getTime() / 1000) * 1000;
}

/** "2026-10-01T08:00" read as wall-clock time in `tz`; null when it is not a valid date and time. */
export function fromZonedInput(value: string, tz: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  // Two passes settle the offset across a daylight-saving change (none in China, but APP_TIME_ZONE may differ).
  let t = wall - offsetAt(new Date(wall), tz);
  t = wall - offsetAt(new Date(t), tz);
  return new Date(t);
}

/** An instant as a datetime-local value in `tz`, e.g. "2026-10-01T08:00". */
export function toZonedInput(d: Date, tz: string): string {
  const p = parts(d, tz);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}`;
}

/** The quarter an instant falls in, in `tz`: "2026-Q4". */
export function quarterAt(d: Date, tz: string): string {
  const p = parts(d, tz);
  return `${p.y}-Q${Math.ceil(p.mo / 3)}`;
}

/** Quarters offered in the quiz form: last year's to next year's, plus `keep` if it lies outside. */
export function quarterChoices(now: Date, tz: string, keep?: string): string[] {
  const y = parts(now, tz).y;
  const out: string[] = [];
  for (let year = y - 1; year <= y + 1; year++) for (let q = 1; q <= 4; q++) out.push(`${year}-Q${q}`);
  if (keep && /^\d{4}-Q[1-4]$/.test(keep) && !out.includes(keep)) out.push(keep);
  return out.sort();
}
