import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, primaryKey, real, serial, text, timestamp, bigint, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { jobs, members, orgUnits } from "./org";
import { questionCategories } from "./quiz";
import { lessons } from "./video";

/**
 * 一机一码: a piece of equipment at a station with its printed label. `code` is what the QR
 * carries (/e/<code>): 128 random bits, base64url, so a code cannot be guessed from another.
 * The clip is a lesson, or the segment [clipStartS, clipEndS) of one; the questions are three
 * picked ones (`questionIds`) or a draw from a category (`practiceCategoryId`).
 */
export const equipment = pgTable(
  "equipment",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    stationId: integer("station_id")
      .notNull()
      .references(() => orgUnits.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    clipStartS: integer("clip_start_s"),
    clipEndS: integer("clip_end_s"),
    practiceCategoryId: integer("practice_category_id").references(() => questionCategories.id),
    questionIds: jsonb("question_ids").$type<number[]>().notNull().default([]),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("equipment_code_uq").on(t.code),
    index("equipment_station_idx").on(t.stationId),
    check(
      "equipment_clip_ck",
      sql`(${t.clipStartS} IS NULL) = (${t.clipEndS} IS NULL) AND (${t.clipStartS} IS NULL OR (${t.clipStartS} >= 0 AND ${t.clipEndS} > ${t.clipStartS}))`,
    ),
  ],
);

/** The jobs a piece of equipment concerns: whose eligibility its scan shows. */
export const equipmentJobs = pgTable(
  "equipment_jobs",
  {
    equipmentId: integer("equipment_id")
      .notNull()
      .references(() => equipment.id, { onDelete: "cascade" }),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id),
  },
  (t) => [primaryKey({ columns: [t.equipmentId, t.jobId] })],
);

/**
 * One member's scan of one piece of equipment on one day (the site's day): the questions drawn
 * for the day, the answers given (question id → practice answer id), and the clip's played
 * intervals (seconds of the clip, 0 = its start) merged as lesson progress is. Micro-学时 are
 * read from these rows (lib/hours): one row per member, equipment and day, so a piece of
 * equipment credits at most its clip's length a day.
 */
export const equipmentVisits = pgTable(
  "equipment_visits",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    equipmentId: integer("equipment_id")
      .notNull()
      .references(() => equipment.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    questionIds: jsonb("question_ids").$type<number[]>().notNull().default([]),
    answers: jsonb("answers").$type<Record<string, number>>().notNull().default({}),
    segments: jsonb("segments").$type<[number, number][]>().notNull().default([]),
    /** Seconds of the clip really played (the union of the intervals), never more than the clip. */
    watchedS: real("watched_s").notNull().default(0),
    /** The clip's length when the row was made: what `watchedS` is capped at. */
    clipS: real("clip_s").notNull(),
    positionAt: bigint("position_at", { mode: "number" }).notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.equipmentId, t.day] }), index("equipment_visits_equipment_idx").on(t.equipmentId)],
);
