/**
 * Deliveries: planned when an event is written (one row per channel the site has on and the member
 * wants), sent by the `notify-send` background job (lib/jobs) — never in the request that caused
 * the event. A send that fails is kept with its error and tried again with backoff (30 s, 1, 2,
 * 4 min), then left as failed.
 */
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { members, notificationDeliveries, notificationPrefs, notifications } from "@/db/schema";
import { holdsEverywhere } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { formatDateTime } from "@/lib/core/format";
import { log } from "@/lib/core/log";
import { forbidden, ok, type Result } from "@/lib/core/result";
import { DEFAULT_LOCALE, isLocale, makeTranslator, translateCode, type Locale, type Translate } from "@/lib/i18n";
import { enabledChannels, senderFor, siteChannels, type Channel, type Recipient, type ResolvedChannels } from "./channels";
import { digestDue, groupDigests, type DueDelivery } from "./digest";
import type { EventType } from "./event-types";
import { afterQuietHours, prefsOf, wants } from "./preferences";
import { pushSender, pushTargets, vapidKeys, type PushTarget } from "./push";

/** Who the push services may contact about this site's messages (RFC 8292): its https address, else the sender's mailbox. */
function vapidSubject(site: ResolvedChannels): string {
  if (site.baseUrl?.startsWith("https://")) return site.baseUrl;
  const mail = /<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+)/.exec(site.email.from ?? "");
  return `mailto:${mail?.[1] ?? mail?.[2] ?? "noreply@jobready.invalid"}`;
}

/** Tries before a delivery is left as failed. */
export const MAX_TRIES = 5;
const BACKOFF_S = 30;
/** How long a claimed delivery is held before another run may take it again (a crashed sender). */
const LEASE_S = 300;

/** Plans the deliveries of new events (inside the transaction that wrote them). */
export async function planDeliveries(
  db: Db,
  events: { id: number; memberId: number; event: EventType }[],
  now: Date,
  channels?: ResolvedChannels,
): Promise<number> {
  if (!events.length) return 0;
  const site = channels ?? (await siteChannels(db));
  const on = enabledChannels(site);
  if (!on.length) return 0;
  const ids = [...new Set(events.map((e) => e.memberId))];
  const prefs = await prefsOf(db, ids);
  const phones = new Map((await db.select({ id: members.id, phone: members.phone }).from(members).where(inArray(members.id, ids))).map((m) => [m.id, m.phone]));
  const browsers = on.includes("push") ? await pushTargets(db, ids) : new Map<number, PushTarget[]>();
  // Windows already open: a pending delivery of the member on the channel, due later than now.
  const open = await db
    .select({ memberId: notificationDeliveries.memberId, channel: notificationDeliveries.channel, until: sql<string>`max(${notificationDeliveries.dueAt})` })
    .from(notificationDeliveries)
    .where(and(inArray(notificationDeliveries.memberId, ids), eq(notificationDeliveries.status, "pending"), gt(notificationDeliveries.dueAt, now)))
    .groupBy(notificationDeliveries.memberId, notificationDeliveries.channel);
  const openUntil = new Map(open.map((o) => [`${o.memberId}:${o.channel}`, new Date(o.until)]));
  const windowS = config().NOTIFY_DIGEST_S;
  const tz = clock.timeZone();
  const rows: (typeof notificationDeliveries.$inferInsert)[] = [];
  for (const e of events) {
    const p = prefs.get(e.memberId);
    if (!p) continue;
    for (const channel of on) {
      if (!wants(p, e.event, channel)) continue;
      if (channel === "email" && !p.email) continue;
      if (channel === "sms" && !phones.get(e.memberId)) continue;
      if (channel === "push" && !browsers.get(e.memberId)?.length) continue;
      const key = `${e.memberId}:${channel}`;
      const dueAt = afterQuietHours(digestDue(now, windowS, openUntil.get(key) ?? null), p.quiet, tz);
      openUntil.set(key, dueAt);
      rows.push({ notificationId: e.id, memberId: e.memberId, channel, dueAt, createdAt: now });
    }
  }
  if (rows.length) await db.insert(notificationDeliveries).values(rows);
  return rows.length;
}

/** An event's text in the site's language: params ending in `At` are instants, shown in the site's zone. */
function eventText(kind: string, params: Record<string, string | number>, locale: Locale, t: Translate): string {
  const shown = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      k.endsWith("At") && typeof v === "string" && !Number.isNaN(Date.parse(v)) ? formatDateTime(new Date(v), locale) : v,
    ]),
  );
  return translateCode(t, kind, shown);
}

export interface SendReport {
  /** Messages sent (a digest is one). */
  messages: number;
  /** Deliveries those messages carried. */
  delivered: number;
  /** Deliveries whose send failed and will be tried again. */
  retrying: number;
  /** Deliveries given up on. */
  failed: number;
}

/** Sends what is due at `now`: one message per member and channel, each result recorded. */
export async function sendDue(db: Db, o: { now?: Date; limit?: number } = {}): Promise<SendReport> {
  const now = o.now ?? clock.now();
  const lease = new Date(now.getTime() + LEASE_S * 1000);
  const claimed = rowsOf<{ id: number; member_id: number; channel: Channel; notification_id: number; attempts: number }>(
    await db.execute(sql`UPDATE notification_deliveries SET status = 'sending', due_at = ${lease.toISOString()}::timestamptz
      WHERE id IN (SELECT id FROM notification_deliveries
        WHERE status IN ('pending', 'sending') AND due_at <= ${now.toISOString()}::timestamptz
        ORDER BY due_at, id LIMIT ${o.limit ?? 500} FOR UPDATE SKIP LOCKED)
      RETURNING id, member_id, channel, notification_id, attempts`),
  );
  const report: SendReport = { messages: 0, delivered: 0, retrying: 0, failed: 0 };
  if (!claimed.length) return report;
  claimed.sort((a, b) => Number(a.id) - Number(b.id));
  const nIds = [...new Set(claimed.map((c) => Number(c.notification_id)))];
  const mIds = [...new Set(claimed.map((c) => Number(c.member_id)))];
  const events = new Map((await db.select().from(notifications).where(inArray(notifications.id, nIds))).map((n) => [n.id, n]));
  const people = await db
    .select({
      id: members.id,
      name: members.name,
      employeeNo: members.employeeNo,
      phone: members.phone,
      email: notificationPrefs.email,
      locale: notificationPrefs.locale,
    })
    .from(members)
    .leftJoin(notificationPrefs, eq(notificationPrefs.memberId, members.id))
    .where(inArray(members.id, mIds));
  const who = new Map<number, Recipient>(people.map((p) => [p.id, { memberId: p.id, name: p.name, employeeNo: p.employeeNo, email: p.email, phone: p.phone }]));
  // Each member's messages in their own language (通知设置), else the site's.
  const localeOf = new Map<number, Locale>(people.map((p) => [p.id, isLocale(p.locale) ? p.locale : DEFAULT_LOCALE]));
  const lang = (memberId: number) => localeOf.get(memberId) ?? DEFAULT_LOCALE;
  // One translator per language for the whole run, not one per delivery.
  const translators = new Map<Locale, Translate>();
  const translatorOf = (locale: Locale) => {
    let t = translators.get(locale);
    if (!t) {
      t = makeTranslator(locale);
      translators.set(locale, t);
    }
    return t;
  };
  const site = await siteChannels(db);
  const base = site.baseUrl?.replace(/\/+$/, "");
  const keys = site.push.on && claimed.some((c) => c.channel === "push") ? await vapidKeys(db) : null;
  const pushSend = keys ? pushSender(db, keys, vapidSubject(site), await pushTargets(db, mIds)) : null;
  const tries = new Map(claimed.map((c) => [Number(c.id), Number(c.attempts)]));
  const due: DueDelivery[] = claimed.map((c) => {
    const n = events.get(Number(c.notification_id));
    const locale = lang(Number(c.member_id));
    return {
      id: Number(c.id),
      memberId: Number(c.member_id),
      channel: c.channel,
      text: n ? eventText(n.kind, n.params ?? {}, locale, translatorOf(locale)) : "",
      url: n?.href ? (base ? `${base}${n.href}` : n.href) : null,
    };
  });
  for (const b of groupDigests(due, (count, memberId) => translatorOf(lang(memberId))("notify.digestTitle", { count }))) {
    const to = who.get(b.memberId);
    const send = b.channel === "push" ? pushSend : senderFor(site, b.channel);
    let error: string | null = null;
    let outcome: "sent" | "logged" = "sent";
    try {
      if (!to) throw new Error("member not found");
      if (!send) throw new Error(`channel ${b.channel} is off`);
      outcome = await send(to, b.message);
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 500) || "failed";
      log().warn({ error, channel: b.channel, memberId: b.memberId, deliveries: b.ids.length }, "notification send failed");
    }
    const at = clock.now();
    if (error === null) {
      report.messages++;
      report.delivered += b.ids.length;
      await db
        .update(notificationDeliveries)
        .set({ status: outcome, sentAt: at, lastError: null, digestSize: b.ids.length, attempts: sql`${notificationDeliveries.attempts} + 1` })
        .where(inArray(notificationDeliveries.id, b.ids));
      continue;
    }
    const tried = Math.max(...b.ids.map((id) => tries.get(id) ?? 0)) + 1;
    const giveUp = tried >= MAX_TRIES;
    if (giveUp) report.failed += b.ids.length;
    else report.retrying += b.ids.length;
    await db
      .update(notificationDeliveries)
      .set({
        status: giveUp ? "failed" : "pending",
        lastError: error,
        attempts: tried,
        dueAt: giveUp ? now : new Date(now.getTime() + BACKOFF_S * 1000 * 2 ** (tried - 1)),
      })
      .where(inArray(notificationDeliveries.id, b.ids));
  }
  return report;
}

export interface DeliveryRow {
  id: number;
  createdAt: Date;
  sentAt: Date | null;
  member: string;
  channel: string;
  status: string;
  attempts: number;
  digestSize: number | null;
  lastError: string | null;
}

/** The latest deliveries, for an administrator (whole-area `system.operate`). */
export async function recentDeliveries(db: Db, actor: Principal, limit = 50): Promise<Result<DeliveryRow[]>> {
  if (!holdsEverywhere(actor, "system.operate")) return forbidden();
  const rows = await db
    .select({
      id: notificationDeliveries.id,
      createdAt: notificationDeliveries.createdAt,
      sentAt: notificationDeliveries.sentAt,
      member: members.name,
      channel: notificationDeliveries.channel,
      status: notificationDeliveries.status,
      attempts: notificationDeliveries.attempts,
      digestSize: notificationDeliveries.digestSize,
      lastError: notificationDeliveries.lastError,
    })
    .from(notificationDeliveries)
    .innerJoin(members, eq(members.id, notificationDeliveries.memberId))
    .orderBy(desc(notificationDeliveries.id))
    .limit(limit);
  return ok(rows);
}
