/**
 * The site's channels: what an administrator set on 系统 → 通知渠道 (table `notification_channels`),
 * falling back to the configuration (NOTIFY_* variables). A channel is on when it has what it needs
 * (an SMTP server and sender, a webhook address, an SMS adapter) and the administrator did not turn
 * it off. Secrets (the SMTP address with its password, webhook addresses with their keys, the 钉钉
 * secret, an SMS gateway address) never leave the server: the page is told only whether each is set.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notificationChannels } from "@/db/schema";
import { holdsEverywhere } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { fail, forbidden, ok, type Result } from "@/lib/core/result";
import { hasBadCharacters } from "@/lib/core/text";
import { vapidPublicKey } from "../push";
import { dingtalkSender } from "./dingtalk";
import { emailSender } from "./email";
import { smsSender } from "./sms";
import { CHANNELS, type Channel, type Sender } from "./types";
import { wecomSender } from "./wecom";

export { CHANNELS, type Channel, type Recipient } from "./types";

/** The stored settings (any may be absent: then the configuration's value counts). */
type Stored = Partial<Record<SettingKey | `${Channel}On`, string | boolean>>;

const SECRET_KEYS = ["smtpUrl", "wecomUrl", "dingtalkUrl", "dingtalkSecret", "sms"] as const;
type SettingKey = (typeof SECRET_KEYS)[number] | "mailFrom";

export interface ResolvedChannels {
  email: { on: boolean; smtpUrl?: string; from?: string };
  wecom: { on: boolean; url?: string };
  dingtalk: { on: boolean; url?: string; secret?: string };
  sms: { on: boolean; adapter?: string };
  /** Web Push: on unless the administrator turned it off, once the site's VAPID keys exist (made at start). */
  push: { on: boolean };
  baseUrl?: string;
}

async function stored(db: Db): Promise<Stored> {
  const [row] = await db.select({ s: notificationChannels.settings }).from(notificationChannels).where(eq(notificationChannels.id, "site"));
  return (row?.s ?? {}) as Stored;
}

function resolve(s: Stored, vapid = false): ResolvedChannels {
  const c = config();
  const str = (k: SettingKey, env: string | undefined) => (typeof s[k] === "string" && s[k] ? (s[k] as string) : env);
  const on = (ch: Channel) => s[`${ch}On`] !== false;
  const smtpUrl = str("smtpUrl", c.NOTIFY_SMTP_URL);
  const from = str("mailFrom", c.NOTIFY_MAIL_FROM);
  const wecomUrl = str("wecomUrl", c.NOTIFY_WECOM_URL);
  const dingUrl = str("dingtalkUrl", c.NOTIFY_DINGTALK_URL);
  const dingSecret = str("dingtalkSecret", c.NOTIFY_DINGTALK_SECRET);
  const sms = str("sms", c.NOTIFY_SMS);
  return {
    email: { on: on("email") && !!smtpUrl && !!from, smtpUrl, from },
    wecom: { on: on("wecom") && !!wecomUrl, url: wecomUrl },
    dingtalk: { on: on("dingtalk") && !!dingUrl, url: dingUrl, secret: dingSecret },
    sms: { on: on("sms") && !!sms, adapter: sms },
    push: { on: on("push") && vapid },
    baseUrl: c.NOTIFY_BASE_URL,
  };
}

/** The channels as they stand now (server only: holds secrets). */
export async function siteChannels(db: Db): Promise<ResolvedChannels> {
  return resolve(await stored(db), (await vapidPublicKey(db)) !== null);
}

/** The channels that are on. */
export function enabledChannels(r: ResolvedChannels): Channel[] {
  return CHANNELS.filter((c) => r[c].on);
}

/** The sender of a channel that is on (null when it is off). */
export function senderFor(r: ResolvedChannels, channel: Channel): Sender | null {
  switch (channel) {
    case "email":
      return r.email.on && r.email.smtpUrl && r.email.from ? emailSender(r.email.smtpUrl, r.email.from) : null;
    case "wecom":
      return r.wecom.on && r.wecom.url ? wecomSender(r.wecom.url) : null;
    case "dingtalk":
      return r.dingtalk.on && r.dingtalk.url ? dingtalkSender(r.dingtalk.url, r.dingtalk.secret, clock.nowMs) : null;
    case "sms":
      return r.sms.on && r.sms.adapter ? smsSender(r.sms.adapter) : null;
    case "push":
      // Needs the database and the members' browsers: dispatch.ts makes it (lib/notifications/push.ts).
      return null;
  }
}

/** What the administrator's page may see: flags, the sender address, and for each secret only whether it is set and where from. */
export interface ChannelsView {
  on: Record<Channel, boolean>;
  enabled: Record<Channel, boolean>;
  mailFrom: string;
  secrets: Record<(typeof SECRET_KEYS)[number], "site" | "config" | "unset">;
}

export async function channelsView(db: Db, actor: Principal): Promise<Result<ChannelsView>> {
  if (!holdsEverywhere(actor, "system.operate")) return forbidden();
  const s = await stored(db);
  const r = resolve(s, (await vapidPublicKey(db)) !== null);
  const c = config();
  const envOf: Record<(typeof SECRET_KEYS)[number], string | undefined> = {
    smtpUrl: c.NOTIFY_SMTP_URL,
    wecomUrl: c.NOTIFY_WECOM_URL,
    dingtalkUrl: c.NOTIFY_DINGTALK_URL,
    dingtalkSecret: c.NOTIFY_DINGTALK_SECRET,
    sms: c.NOTIFY_SMS,
  };
  const secrets = Object.fromEntries(
    SECRET_KEYS.map((k) => [k, typeof s[k] === "string" && s[k] ? "site" : envOf[k] ? "config" : "unset"]),
  ) as ChannelsView["secrets"];
  return ok({
    on: { push: s.pushOn !== false, email: s.emailOn !== false, wecom: s.wecomOn !== false, dingtalk: s.dingtalkOn !== false, sms: s.smsOn !== false },
    enabled: { push: r.push.on, email: r.email.on, wecom: r.wecom.on, dingtalk: r.dingtalk.on, sms: r.sms.on },
    mailFrom: r.email.from ?? "",
    secrets,
  });
}

const httpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
};

/** The administrator's form: a secret left empty keeps what is set; `clear` lists the secrets to remove. */
export interface ChannelsInput {
  /** Left out: as it was (on by default). */
  pushOn?: boolean;
  emailOn: boolean;
  wecomOn: boolean;
  dingtalkOn: boolean;
  smsOn: boolean;
  mailFrom: string;
  smtpUrl: string;
  wecomUrl: string;
  dingtalkUrl: string;
  dingtalkSecret: string;
  sms: string;
  clear: string[];
}

/** Saves the site's channels (whole-area `system.operate`); every address is checked, and nothing is saved when one is wrong. */
export async function saveChannels(db: Db, actor: Principal, input: ChannelsInput): Promise<Result> {
  if (!holdsEverywhere(actor, "system.operate")) return forbidden();
  const v = { ...input };
  if (v.clear.some((k) => !(SECRET_KEYS as readonly string[]).includes(k))) return fail("errors.invalidInput");
  for (const k of ["mailFrom", "smtpUrl", "wecomUrl", "dingtalkUrl", "dingtalkSecret", "sms"] as const) {
    v[k] = v[k].trim();
    if (hasBadCharacters(v[k])) return fail("errors.badCharacters");
  }
  if (v.smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(v.smtpUrl)) return fail("notify.errors.smtpUrl");
  if (v.mailFrom && !/^[^\r\n]*@[^\s@>]+\.?[^\s@>]*>?$/.test(v.mailFrom)) return fail("notify.errors.mailFrom");
  if (v.wecomUrl && !httpUrl(v.wecomUrl)) return fail("notify.errors.webhookUrl");
  if (v.dingtalkUrl && !httpUrl(v.dingtalkUrl)) return fail("notify.errors.webhookUrl");
  if (v.sms && v.sms !== "log" && !httpUrl(v.sms)) return fail("notify.errors.smsAdapter");
  const before = await stored(db);
  const next: Stored = { ...before, emailOn: v.emailOn, wecomOn: v.wecomOn, dingtalkOn: v.dingtalkOn, smsOn: v.smsOn, mailFrom: v.mailFrom };
  if (v.pushOn !== undefined) next.pushOn = v.pushOn;
  for (const k of SECRET_KEYS) {
    if (v.clear.includes(k)) delete next[k];
    else if (v[k]) next[k] = v[k];
  }
  const now = clock.now();
  await db
    .insert(notificationChannels)
    .values({ id: "site", settings: next, updatedAt: now })
    .onConflictDoUpdate({ target: notificationChannels.id, set: { settings: next, updatedAt: now } });
  // The audit keeps which settings changed, never their values.
  const changed = Object.keys({ ...before, ...next }).filter((k) => JSON.stringify(before[k as keyof Stored]) !== JSON.stringify(next[k as keyof Stored]));
  await audit(db, { actorUserId: actor.userId, action: "notify.channels", entity: "notification_channels", entityId: "site", after: { changed } });
  return ok();
}
