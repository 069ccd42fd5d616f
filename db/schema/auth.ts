import { bigserial, boolean, index, integer, jsonb, primaryKey, pgEnum, pgTable, serial, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { members, orgUnits } from "./org";

export const roleName = pgEnum("role_name", ["worker", "trainer", "manager", "admin"]);

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    passwordHash: text("password_hash").notNull(),
    /** Bumped when the password or the roles change: every session carrying an older one ends. */
    sessionVersion: integer("session_version").notNull().default(1),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    disabled: boolean("disabled").notNull().default(false),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_member_uq").on(t.memberId)],
);

/** A role held over an org subtree; a null scope means the whole organisation. */
export const userRoles = pgTable(
  "user_roles",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleName("role").notNull(),
    scopeOrgUnitId: integer("scope_org_unit_id").references(() => orgUnits.id),
  },
  (t) => [unique("user_roles_uq").on(t.userId, t.role, t.scopeOrgUnitId).nullsNotDistinct()],
);

/**
 * A signed-in browser. The cookie carries a random session id; the row, keyed by its SHA-256,
 * is what makes it a session: sign-out deletes it, and a session unused for the idle time or
 * older than the absolute limit is no session (lib/auth/sessions.ts). In the database, never in
 * memory, so every instance agrees.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The user's session version when it was opened: a password or role change ends it. */
    sessionVersion: integer("session_version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Refreshed at most every few minutes, not on every request. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId), index("auth_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Addresses an account has signed in from: failures of the account elsewhere slow sign-ins
 * from new addresses down, never from these, so an attacker cannot keep the owner out.
 */
export const loginKnownAddresses = pgTable(
  "login_known_addresses",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    address: text("address").notNull(),
    lastOkAt: timestamp("last_ok_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.address] })],
);

/**
 * Failed sign-ins, counted per key (`pair:<employee no>|<address>`, `acct:<employee no>`,
 * `ip:<address>`) in the database so that every app instance sees the same count.
 */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId), index("audit_log_at_idx").on(t.at)],
);
