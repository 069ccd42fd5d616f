import { bigserial, index, integer, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { notifications } from "./classes";
import { members } from "./org";

/**
 * Notification events and their deliveries (lib/notifications). An event for a member is a row of
 * `notifications` (the in-app bell, with its `event` type); each channel it also goes to (email,
 * 企业微信, 钉钉, SMS) is a row here, queued for the `notify-send` job: pending until `due_at`
 * (the digest window, or the end of the member's quiet hours), then sent with others of the same
 * member and channel as one message, or retried with backoff, its last error kept.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    notificationId: integer("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    channel: text("channel").notNull(),
    /** pending → sending → sent | failed (pending again between retries). */
    status: text("status").notNull().default("pending"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    attempts: smallint("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** How many events went in the message that carried this one (the digest's size). */
    digestSize: smallint("digest_size"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("notification_deliveries_due_idx").on(t.status, t.dueAt),
    index("notification_deliveries_member_idx").on(t.memberId, t.channel, t.status),
    index("notification_deliveries_notification_idx").on(t.notificationId),
  ],
);

/**
 * Web Push subscriptions: one per browser a member allowed notifications in (the push service's
 * endpoint and the browser's keys). A push service answering 404/410 ends one (removed); a
 * browser subscribed again by another member moves to them (one endpoint, one member).
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    endpoint: text("endpoint").notNull().unique(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("push_subscriptions_member_idx").on(t.memberId)],
);

/** A member's choices: the address mail goes to, the (event, channel) pairs turned off, quiet hours (minutes of the day in the site's zone). */
export const notificationPrefs = pgTable("notification_prefs", {
  memberId: integer("member_id")
    .primaryKey()
    .references(() => members.id),
  email: text("email"),
  /** "event:channel" pairs the member turned off. */
  off: jsonb("off").$type<string[]>().notNull().default([]),
  quietFrom: smallint("quiet_from"),
  quietTo: smallint("quiet_to"),
  /** The language messages to this member go out in ("zh-CN", "en"); null: the site's default. */
  locale: text("locale"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** The site's channels as an administrator set them (one row, id `site`); secrets never leave the server. */
export const notificationChannels = pgTable("notification_channels", {
  id: text("id").primaryKey(),
  settings: jsonb("settings").$type<Record<string, string | boolean>>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});
