/**
 * A member's notification choices: the address mail goes to, which event goes on which channel
 * (all on unless turned off; the in-app bell always), and quiet hours in the site's time zone,
 * during which nothing is sent: a delivery falling in them waits until they end.
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notificationPrefs } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { fail, ok, type Result } from "@/lib/core/result";
import { hasBadCharacters } from "@/lib/core/text";
import { isLocale, type Locale } from "@/lib/i18n";
import { zonedInstant, zonedParts } from "@/lib/core/time";
import { CHANNELS, type Channel } from "./channels/types";
import { EVENT_TYPES, type EventType } from "./event-types";

/** Quiet hours: minutes of the day, from (inclusive) to (exclusive); past midnight when from > to. */
export interface QuietHours {
  from: number;
  to: number;
}

/** Whether minute-of-day `m` falls in the quiet hours. */
function inQuiet(m: number, q: QuietHours): boolean {
  if (q.from === q.to) return false;
  return q.from < q.to ? m >= q.from && m < q.to : m >= q.from || m < q.to;
}

/**
 * When a delivery due at `due` may go: `due` itself, or — when it falls in the quiet hours in zone
 * `tz` — the instant they end (that day, or the next when they run past midnight).
 */
export function afterQuietHours(due: Date, q: QuietHours | null, tz: string): Date {
  if (!q) return due;
  const p = zonedParts(due, tz);
  const m = p.h * 60 + p.mi;
  if (!inQuiet(m, q)) return due;
  const endToday = zonedInstant(p.y, p.mo, p.d, Math.floor(q.to / 60), q.to % 60, 0, tz);
  if (endToday.getTime() > due.getTime()) return endToday;
  return zonedInstant(p.y, p.mo, p.d + 1, Math.floor(q.to / 60), q.to % 60, 0, tz);
}

export interface MemberPrefs {
  email: string | null;
  off: Set<string>;
  quiet: QuietHours | null;
  /** The language of the member's messages; null: the site's default. */
  locale: Locale | null;
}

const NONE: MemberPrefs = { email: null, off: new Set(), quiet: null, locale: null };

/** The members' choices (defaults for those who made none). */
export async function prefsOf(db: Db, memberIds: number[]): Promise<Map<number, MemberPrefs>> {
  const rows = memberIds.length ? await db.select().from(notificationPrefs).where(inArray(notificationPrefs.memberId, memberIds)) : [];
  const out = new Map<number, MemberPrefs>(memberIds.map((id) => [id, NONE]));
  for (const r of rows)
    out.set(r.memberId, {
      email: r.email,
      off: new Set(r.off),
      quiet: r.quietFrom != null && r.quietTo != null ? { from: r.quietFrom, to: r.quietTo } : null,
      locale: isLocale(r.locale) ? r.locale : null,
    });
  return out;
}

/** Whether the member wants `event` on `channel`. */
export function wants(p: MemberPrefs, event: EventType, channel: Channel): boolean {
  return !p.off.has(`${event}:${channel}`);
}

export interface PrefsView {
  email: string;
  /** "event:channel" pairs turned off. */
  off: string[];
  quietFrom: string;
  quietTo: string;
  /** "" for the site's default. */
  locale: Locale | "";
}

const hhmm = (m: number | null | undefined) => (m == null ? "" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);

/** The actor's own choices, for the form. */
export async function myPrefs(db: Db, actor: Principal): Promise<PrefsView> {
  const [r] = await db.select().from(notificationPrefs).where(eq(notificationPrefs.memberId, actor.memberId));
  return { email: r?.email ?? "", off: r?.off ?? [], quietFrom: hhmm(r?.quietFrom), quietTo: hhmm(r?.quietTo), locale: isLocale(r?.locale) ? r.locale : "" };
}

export interface PrefsInput {
  email: string;
  /** The "event:channel" pairs left on (a form sends the ticked boxes). */
  on: string[];
  /** "HH:MM" or empty (both or neither). */
  quietFrom: string;
  quietTo: string;
  /** The language of one's messages: a locale, or "" for the site's default. */
  locale?: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Saves the actor's own choices; a bad address or half-given quiet hours change nothing. */
export async function saveMyPrefs(db: Db, actor: Principal, input: PrefsInput): Promise<Result> {
  if (input.email && (!EMAIL.test(input.email) || hasBadCharacters(input.email))) return fail("notify.errors.email");
  if ((input.quietFrom === "") !== (input.quietTo === "")) return fail("notify.errors.quietHalf");
  if ((input.quietFrom && !TIME.test(input.quietFrom)) || (input.quietTo && !TIME.test(input.quietTo))) return fail("notify.errors.quietHalf");
  const valid = new Set(EVENT_TYPES.flatMap((e) => CHANNELS.map((c) => `${e}:${c}`)));
  if (input.on.some((p) => !valid.has(p))) return fail("notify.errors.unknownChoice");
  const on = new Set(input.on);
  const off = [...valid].filter((p) => !on.has(p));
  const mins = (s: string) => (s ? Number(s.slice(0, 2)) * 60 + Number(s.slice(3)) : null);
  const quietFrom = mins(input.quietFrom);
  const quietTo = mins(input.quietTo);
  if (quietFrom !== null && quietFrom === quietTo) return fail("notify.errors.quietHalf");
  const locale = input.locale ?? "";
  if (locale !== "" && !isLocale(locale)) return fail("notify.errors.unknownChoice");
  const row = { email: input.email || null, off, quietFrom, quietTo, locale: locale || null, updatedAt: clock.now() };
  await db
    .insert(notificationPrefs)
    .values({ memberId: actor.memberId, ...row })
    .onConflictDoUpdate({ target: notificationPrefs.memberId, set: row });
  return ok();
}
