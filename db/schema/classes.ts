import { index, integer, jsonb, pgEnum, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { hourCategory } from "./hours";
import { jobs, members, orgUnits, specialties } from "./org";

export const classStatus = pgEnum("class_status", ["draft", "published", "closed"]);
export const enrolmentStatus = pgEnum("enrolment_status", ["enrolled", "waitlisted", "cancelled"]);
export const attendanceMethod = pgEnum("attendance_method", ["code", "manual"]);

/**
 * 技师课堂 / 培训小课堂. `series` says which of the two ('technician' | 'classroom'); the
 * instructor is a member (a technician-titled worker or a trainer's own member record).
 * Place: a station and a room, or an online link; a session may override both.
 */
export const classes = pgTable(
  "classes",
  {
    id: serial("id").primaryKey(),
    /** Stable key for demo data and imports; null for classes made in the app. */
    code: text("code").unique(),
    title: text("title").notNull(),
    series: text("series").notNull(),
    description: text("description").notNull().default(""),
    specialty: text("specialty").references(() => specialties.code),
    instructorMemberId: integer("instructor_member_id")
      .notNull()
      .references(() => members.id),
    placeOrgUnitId: integer("place_org_unit_id").references(() => orgUnits.id),
    room: text("room").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    capacity: integer("capacity").notNull(),
    /** 学时 category of the hours this content credits (lib/hours). */
    hoursCategory: hourCategory("hours_category").notNull().default("other"),
    status: classStatus("status").notNull().default("draft"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("classes_instructor_idx").on(t.instructorMemberId), index("classes_status_idx").on(t.status)],
);

/** Who a class is for: members of a unit subtree, holders of a job (either matches); none = everyone. */
export const classAudience = pgTable(
  "class_audience",
  {
    id: serial("id").primaryKey(),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "cascade" }),
    orgUnitId: integer("org_unit_id").references(() => orgUnits.id),
    jobId: integer("job_id").references(() => jobs.id),
  },
  (t) => [index("class_audience_class_idx").on(t.classId)],
);

/**
 * 课次. `checkinSecret` keys the rotating check-in code (HMAC of the minute), so any app instance
 * derives the same code without shared memory; `checkinOpenedAt` is set when the instructor opens
 * check-in.
 */
export const classSessions = pgTable(
  "class_sessions",
  {
    id: serial("id").primaryKey(),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    placeOrgUnitId: integer("place_org_unit_id").references(() => orgUnits.id),
    room: text("room").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    checkinSecret: text("checkin_secret").notNull(),
    checkinOpenedAt: timestamp("checkin_opened_at", { withTimezone: true }),
    checkinClosedAt: timestamp("checkin_closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("class_sessions_class_idx").on(t.classId, t.startsAt), index("class_sessions_starts_idx").on(t.startsAt)],
);

/** One row per member and class; the wait-list is the waitlisted rows in `queuedAt` order. */
export const classEnrolments = pgTable(
  "class_enrolments",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    status: enrolmentStatus("status").notNull(),
    /** 'self' | 'trainer' */
    source: text("source").notNull().default("self"),
    enrolledBy: integer("enrolled_by").references(() => users.id),
    /** When the member joined the queue (first come, first served on the wait-list). */
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.memberId] }),
    index("class_enrolments_queue_idx").on(t.classId, t.status, t.queuedAt),
    index("class_enrolments_member_idx").on(t.memberId),
  ],
);

export const attendance = pgTable(
  "attendance",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => classSessions.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    method: attendanceMethod("method").notNull(),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer("recorded_by").references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.memberId] }), index("attendance_member_idx").on(t.memberId)],
);

/**
 * Wrong codes typed per member and session: after MAX_CODE_FAILURES the member must ask the
 * instructor (a six-digit code cannot be guessed in ten tries). In the database, not in memory,
 * so two app instances count together.
 */
export const checkinFailures = pgTable(
  "checkin_failures",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => classSessions.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    failures: integer("failures").notNull().default(0),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.memberId] })],
);

/**
 * In-app reminders for a member. `kind` names a message in the i18n catalogue and `params` fills
 * its placeholders; `dedupeKey` makes a repeated reminder (sweep and page both sending) harmless.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    kind: text("kind").notNull(),
    /** The event type (lib/notifications/events.ts) when it is one; null for plain reminders. */
    event: text("event"),
    params: jsonb("params").$type<Record<string, string | number>>().notNull().default({}),
    href: text("href"),
    dedupeKey: text("dedupe_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [index("notifications_member_idx").on(t.memberId, t.createdAt), uniqueIndex("notifications_dedupe_uq").on(t.memberId, t.dedupeKey)],
);
