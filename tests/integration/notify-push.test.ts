/**
 * Web Push against a local receiver speaking the push service's side of the protocol: the
 * request must carry a VAPID JWT (RFC 8292) signed with the site's key for the receiver's origin,
 * and a body encrypted for the browser's keys (RFC 8291, aes128gcm) that this test decrypts with
 * the browser's private key — no mock of the sender.
 */
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import ece from "http_ece";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { notificationDeliveries, pushSubscriptions } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { saveChannels } from "@/lib/notifications/channels";
import { sendDue } from "@/lib/notifications/dispatch";
import { emit } from "@/lib/notifications/events";
import { ensureVapidKeys, removePushSubscription, savePushSubscription, vapidPublicKey } from "@/lib/notifications/push";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, principalOf } from "../helpers/quiz";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

const received: Received[] = [];
let server: Server;
let origin = "";
/** Paths the receiver answers 410 Gone for (a subscription the browser dropped). */
const gone = new Set<string>();
const savedHosts = process.env.NOTIFY_PUSH_HOSTS;

/** A browser's push keys: the P-256 pair and the auth secret. */
function browser(): { ecdh: ECDH; p256dh: string; auth: string; authRaw: Buffer } {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authRaw = randomBytes(16);
  return { ecdh, p256dh: ecdh.getPublicKey().toString("base64url"), auth: authRaw.toString("base64url"), authRaw };
}

/** Verifies a VAPID `Authorization: vapid t=…, k=…` header: ES256 over the JWT with the key k; returns the claims. */
function vapidClaims(header: string, expectedKey: string): Record<string, unknown> {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!m) throw new Error(`not a vapid header: ${header}`);
  const [, jwt, k] = m as unknown as [string, string, string];
  expect(k).toBe(expectedKey);
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const raw = Buffer.from(k, "base64url");
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33, 65).toString("base64url") },
    format: "jwk",
  });
  expect(verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url"))).toBe(true);
  expect(JSON.parse(Buffer.from(h, "base64url").toString())).toMatchObject({ alg: "ES256", typ: "JWT" });
  return JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
}

beforeAll(async () => {
  process.env.NOTIFY_PUSH_HOSTS = "127.0.0.1";
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = gone.has(req.url ?? "") ? 410 : 201;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (savedHosts === undefined) delete process.env.NOTIFY_PUSH_HOSTS;
  else process.env.NOTIFY_PUSH_HOSTS = savedHosts;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe.each(drivers())("Web Push on %s", (driver) => {
  let h: DbHandle;
  let worker: Principal;
  let workerId: number;
  let other: Principal;
  let admin: Principal;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    workerId = await memberIdOf(h.db, "900004");
    worker = { userId: 0, memberId: workerId, roles: [] };
    other = { userId: 0, memberId: await memberIdOf(h.db, "900002"), roles: [] };
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
  });
  afterAll(async () => h?.close());

  it("makes the site's VAPID keys once; refuses subscriptions to unknown services or with bad keys, writing nothing", async () => {
    expect(await vapidPublicKey(h.db)).toBeNull();
    const a = await ensureVapidKeys(h.db);
    expect(await ensureVapidKeys(h.db)).toEqual(a);
    expect(await vapidPublicKey(h.db)).toBe(a.publicKey);
    expect(Buffer.from(a.publicKey, "base64url")).toHaveLength(65);
    const b = browser();
    const keys = { p256dh: b.p256dh, auth: b.auth };
    for (const endpoint of [
      "https://evil.example.com/push/1",
      "http://10.0.0.5/push",
      "file:///etc/passwd",
      "not a url",
      `${origin.replace("127.0.0.1", "localhost")}/x`,
    ])
      expect(await savePushSubscription(h.db, worker, { endpoint, keys })).toMatchObject({ ok: false, code: "notify.errors.pushService" });
    expect(await savePushSubscription(h.db, worker, { endpoint: `${origin}/push/a`, keys: { p256dh: "AAAA", auth: b.auth } })).toMatchObject({
      ok: false,
      code: "notify.errors.pushSubscription",
    });
    expect(await savePushSubscription(h.db, worker, { endpoint: `${origin}/push/a` })).toMatchObject({ ok: false, code: "notify.errors.pushSubscription" });
    expect(await h.db.select().from(pushSubscriptions)).toEqual([]);
  });

  it("sends an event to each of the member's browsers, encrypted for it and signed for the service; a gone browser is removed", async () => {
    const keys = await ensureVapidKeys(h.db);
    const phone = browser();
    const laptop = browser();
    const path = `/push/${driver}-phone`;
    const lost = `/push/${driver}-laptop`;
    expect(
      await savePushSubscription(h.db, worker, { endpoint: `${origin}${path}`, keys: { p256dh: phone.p256dh, auth: phone.auth } }, "Android Chrome"),
    ).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await savePushSubscription(h.db, worker, { endpoint: `${origin}${lost}`, keys: { p256dh: laptop.p256dh, auth: laptop.auth } })).toMatchObject({
      ok: true,
    });
    gone.add(lost);
    // Another member cannot end the worker's subscription.
    expect(await removePushSubscription(h.db, other, `${origin}${path}`)).toMatchObject({ ok: true });
    expect(await h.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.memberId, workerId))).toHaveLength(2);

    const now = clock.now();
    await emit(h.db, "course_assigned", [workerId, other.memberId], { title: "阀门巡检" }, "/courses/7", `push-${driver}`, now);
    const planned = await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.channel, "push"));
    // Only the member with a browser gets a push delivery.
    expect(planned.map((d) => d.memberId)).toEqual([workerId]);
    received.length = 0;
    expect(await sendDue(h.db, { now: new Date(now.getTime() + 10 * 60_000) })).toMatchObject({ messages: 1, delivered: 1, failed: 0 });
    expect(received.map((r) => r.path).sort()).toEqual([lost, path].sort());
    const got = received.find((r) => r.path === path)!;
    expect(got.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(got.headers.ttl)).toBe(86400);
    const claims = vapidClaims(String(got.headers.authorization), keys.publicKey);
    expect(claims.aud).toBe(origin);
    expect(Number(claims.exp) * 1000).toBeGreaterThan(Date.now());
    expect(String(claims.sub)).toMatch(/^(mailto:|https:)/);
    const plain = ece.decrypt(got.body, { version: "aes128gcm", privateKey: phone.ecdh, authSecret: phone.authRaw });
    expect(JSON.parse(plain.toString("utf8"))).toEqual({ title: "您被安排学习课程“阀门巡检”。", body: "您被安排学习课程“阀门巡检”。", url: "/courses/7" });
    // Another browser's keys cannot read it.
    expect(() => ece.decrypt(got.body, { version: "aes128gcm", privateKey: laptop.ecdh, authSecret: laptop.authRaw })).toThrow();
    // The service said the laptop's subscription is gone: removed; the phone's stays.
    const left = await h.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.memberId, workerId));
    expect(left.map((s) => s.endpoint)).toEqual([`${origin}${path}`]);
    expect(left[0]?.userAgent).toBe("Android Chrome");

    // The browser signed in as another member moves to them; the owner may end it.
    expect(await savePushSubscription(h.db, other, { endpoint: `${origin}${path}`, keys: { p256dh: phone.p256dh, auth: phone.auth } })).toMatchObject({
      ok: true,
    });
    expect(
      (
        await h.db
          .select()
          .from(pushSubscriptions)
          .where(eq(pushSubscriptions.endpoint, `${origin}${path}`))
      )[0]?.memberId,
    ).toBe(other.memberId);
    expect(await removePushSubscription(h.db, other, `${origin}${path}`)).toMatchObject({ ok: true });
    expect(await h.db.select().from(pushSubscriptions)).toEqual([]);
  });

  it("an administrator turning push off plans no push delivery", async () => {
    const b = browser();
    await savePushSubscription(h.db, worker, { endpoint: `${origin}/push/${driver}-off`, keys: { p256dh: b.p256dh, auth: b.auth } });
    const base = {
      emailOn: true,
      wecomOn: true,
      dingtalkOn: true,
      smsOn: true,
      mailFrom: "",
      smtpUrl: "",
      wecomUrl: "",
      dingtalkUrl: "",
      dingtalkSecret: "",
      sms: "",
      clear: [],
    };
    expect(await saveChannels(h.db, admin, { ...base, pushOn: false })).toMatchObject({ ok: true });
    await h.db.delete(notificationDeliveries);
    await emit(h.db, "course_assigned", [workerId], { title: "关闭推送" }, "/courses/8", `push-off-${driver}`);
    expect(await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.channel, "push"))).toEqual([]);
    expect(await saveChannels(h.db, admin, { ...base, pushOn: true })).toMatchObject({ ok: true });
    await emit(h.db, "course_assigned", [workerId], { title: "开启推送" }, "/courses/9", `push-on-${driver}`);
    expect(await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.channel, "push"))).toHaveLength(1);
  });
});
