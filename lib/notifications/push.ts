/**
 * Web Push (VAPID): the browser a member allows notifications in gives a push service's endpoint
 * and its keys; a message is encrypted for that browser (RFC 8291, aes128gcm) and signed with the
 * site's VAPID key (RFC 8292) by the `web-push` library, then POSTed here with fetch so the
 * request stays ours (timeout, no proxy settings picked up, the host checked first).
 *
 * - The site's VAPID key pair is made once (`ensureVapidKeys`, at start) and kept in
 *   `notification_channels` (row `vapid`); the public key is what a browser subscribes with.
 * - An endpoint must be on a known push service (NOTIFY_PUSH_HOSTS): a member cannot make the
 *   server POST to any address they like.
 * - A push service answering 404 or 410 has ended the subscription: it is removed.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import webpush from "web-push";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { notificationChannels, pushSubscriptions } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { fail, forbidden, ok, type Result } from "@/lib/core/result";
import type { OutgoingMessage, Recipient, SendOutcome } from "./channels/types";

/** Browsers a member may keep subscribed at once (the oldest goes). */
const MAX_PER_MEMBER = 10;
/** How long a push service keeps a message for a phone that is off (seconds). */
const TTL_S = 24 * 3600;

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

async function readKeys(db: Db): Promise<VapidKeys | null> {
  const [row] = await db.select({ s: notificationChannels.settings }).from(notificationChannels).where(eq(notificationChannels.id, "vapid"));
  const s = row?.s;
  return s && typeof s.publicKey === "string" && typeof s.privateKey === "string" ? { publicKey: s.publicKey, privateKey: s.privateKey } : null;
}

/** The site's VAPID keys, made the first time (instances starting together keep the first one written). */
export async function ensureVapidKeys(db: Db): Promise<VapidKeys> {
  const have = await readKeys(db);
  if (have) return have;
  const k = webpush.generateVAPIDKeys();
  await db
    .insert(notificationChannels)
    .values({ id: "vapid", settings: { publicKey: k.publicKey, privateKey: k.privateKey }, updatedAt: clock.now() })
    .onConflictDoNothing();
  const kept = await readKeys(db);
  if (!kept) throw new Error("VAPID keys missing after insert");
  return kept;
}

/** The public key a browser subscribes with (null until the keys are made at start). */
export async function vapidPublicKey(db: Db): Promise<string | null> {
  return (await readKeys(db))?.publicKey ?? null;
}

/** The VAPID keys for sending (server only). */
export const vapidKeys = readKeys;

function hostAllowed(u: URL): boolean {
  const host = u.hostname.toLowerCase();
  const loopback = host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) return false;
  return config()
    .NOTIFY_PUSH_HOSTS.split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .some((h) => (h.startsWith("*.") ? host.endsWith(h.slice(1)) : host === h));
}

/** Whether an endpoint may be POSTed to: https on a known push service (or a loopback receiver the configuration names). */
export function endpointAllowed(endpoint: string): boolean {
  try {
    return hostAllowed(new URL(endpoint));
  } catch {
    return false;
  }
}

const b64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/)
    .refine((v) => Buffer.from(v, "base64url").length === bytes);

/** A browser's PushSubscription as `toJSON()` gives it. */
export const pushSubscriptionInput = z.object({
  endpoint: z.string().max(1000),
  keys: z.object({ p256dh: b64url(65), auth: b64url(16) }),
});

/** Keeps the acting member's browser subscription (the browser moves to them if another member had it). */
export async function savePushSubscription(db: Db, actor: Principal, input: unknown, userAgent: string | null = null): Promise<Result> {
  if (!actor.memberId) return forbidden();
  const p = pushSubscriptionInput.safeParse(input);
  if (!p.success) return fail("notify.errors.pushSubscription");
  if (!endpointAllowed(p.data.endpoint)) return fail("notify.errors.pushService");
  const now = clock.now();
  const row = { memberId: actor.memberId, p256dh: p.data.keys.p256dh, auth: p.data.keys.auth, userAgent: userAgent?.slice(0, 300) ?? null, createdAt: now };
  await db
    .insert(pushSubscriptions)
    .values({ endpoint: p.data.endpoint, ...row })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: row });
  await db.execute(sql`DELETE FROM push_subscriptions WHERE member_id = ${actor.memberId} AND id NOT IN (
    SELECT id FROM push_subscriptions WHERE member_id = ${actor.memberId} ORDER BY created_at DESC, id DESC LIMIT ${MAX_PER_MEMBER})`);
  return ok();
}

/** Removes one of the acting member's own subscriptions (another member's endpoint is left alone). */
export async function removePushSubscription(db: Db, actor: Principal, endpoint: unknown): Promise<Result> {
  if (!actor.memberId) return forbidden();
  if (typeof endpoint !== "string" || endpoint.length > 1000) return fail("notify.errors.pushSubscription");
  await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.memberId, actor.memberId), eq(pushSubscriptions.endpoint, endpoint)));
  return ok();
}

/** How many browsers the acting member receives push messages in. */
export async function myPushDevices(db: Db, actor: Principal): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM push_subscriptions WHERE member_id = ${actor.memberId}`));
  return Number(r?.n ?? 0);
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The subscriptions of these members, by member. */
export async function pushTargets(db: Db, memberIds: number[]): Promise<Map<number, PushTarget[]>> {
  const out = new Map<number, PushTarget[]>();
  if (!memberIds.length) return out;
  for (const r of await db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.memberId, memberIds))) {
    const list = out.get(r.memberId) ?? [];
    list.push({ endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth });
    out.set(r.memberId, list);
  }
  return out;
}

/**
 * The push sender: the message (title, first item's text, its link) to every browser of the
 * member; a subscription the service says is gone is removed. Sent when at least one browser took it.
 */
export function pushSender(db: Db, keys: VapidKeys, subject: string, targets: Map<number, PushTarget[]>) {
  return async (to: Recipient, m: OutgoingMessage): Promise<SendOutcome> => {
    const list = targets.get(to.memberId) ?? [];
    if (!list.length) throw new Error("no push subscription");
    const payload = JSON.stringify({
      title: m.title,
      body: m.items.length > 1 ? m.items.map((i) => i.text).join("\n") : (m.items[0]?.text ?? ""),
      url: m.items.length === 1 ? (m.items[0]?.url ?? "/notifications") : "/notifications",
    });
    const errors: string[] = [];
    let delivered = 0;
    for (const t of list) {
      if (!endpointAllowed(t.endpoint)) {
        errors.push("endpoint not allowed");
        continue;
      }
      const req = webpush.generateRequestDetails({ endpoint: t.endpoint, keys: { p256dh: t.p256dh, auth: t.auth } }, payload, {
        vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        TTL: TTL_S,
        contentEncoding: "aes128gcm",
      });
      try {
        const res = await fetch(req.endpoint, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: req.body ? new Uint8Array(req.body) : null,
          redirect: "error",
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status === 404 || res.status === 410) {
          await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, t.endpoint));
          errors.push(`HTTP ${res.status}: subscription gone`);
        } else if (res.ok) delivered++;
        else errors.push(`HTTP ${res.status}`);
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (!delivered) throw new Error(errors.join("; ") || "not delivered");
    return "sent";
  };
}
