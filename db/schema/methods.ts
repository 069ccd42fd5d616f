import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { creditHours, hourCategory } from "./hours";
import { members, orgUnits, specialties } from "./org";

/**
 * The four training methods' records (以工代训, 以骨带训, 以武带训, 结对帮扶) and learning points (学分).
 * Other domains read these tables by name (eligibility reads signoffs and contest_results).
 */

export const contestLevel = pgEnum("contest_level", ["bureau", "plant", "area"]);

/** 以工代训: a practical task of a specialty with the checklist a verifier goes through. */
export const practicalTasks = pgTable(
  "practical_tasks",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    specialty: text("specialty")
      .notNull()
      .references(() => specialties.code),
    description: text("description").notNull().default(""),
    /** The steps a verifier checks, in order. */
    checklist: jsonb("checklist").$type<string[]>().notNull().default([]),
    /** 学时 category of the hours this content credits (lib/hours). */
    hoursCategory: hourCategory("hours_category").notNull().default("other"),
    /** Trainer-set 学时 credited when completed / signed off / passed; 0 credits nothing. */
    creditHours: creditHours("credit_hours").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("practical_tasks_code_uq").on(t.code), index("practical_tasks_specialty_idx").on(t.specialty)],
);

/** Who is qualified to sign a task off. */
export const taskVerifiers = pgTable(
  "task_verifiers",
  {
    taskId: integer("task_id")
      .notNull()
      .references(() => practicalTasks.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.memberId] }), index("task_verifiers_member_idx").on(t.memberId)],
);

/** A member's task signed off; one per member and task. Nobody signs off their own. */
export const signoffs = pgTable(
  "signoffs",
  {
    id: serial("id").primaryKey(),
    taskId: integer("task_id")
      .notNull()
      .references(() => practicalTasks.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    verifierMemberId: integer("verifier_member_id")
      .notNull()
      .references(() => members.id),
    signedOn: date("signed_on").notNull(),
    note: text("note").notNull().default(""),
    /** Key in the upload store (lib/signoffs/photos.ts), null when no photo. */
    photoKey: text("photo_key"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("signoffs_task_member_uq").on(t.taskId, t.memberId),
    index("signoffs_member_idx").on(t.memberId),
    check("signoffs_not_own", sql`${t.memberId} <> ${t.verifierMemberId}`),
  ],
);

/** 以骨带训: how many apprentices a mentor takes at once (3 when no row). */
export const mentorCapacity = pgTable("mentor_capacity", {
  memberId: integer("member_id")
    .primaryKey()
    .references(() => members.id),
  capacity: integer("capacity").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** 师带徒: a pair is current from `startsOn` until `endsOn` (null: open-ended). */
export const mentorships = pgTable(
  "mentorships",
  {
    id: serial("id").primaryKey(),
    mentorMemberId: integer("mentor_member_id")
      .notNull()
      .references(() => members.id),
    apprenticeMemberId: integer("apprentice_member_id")
      .notNull()
      .references(() => members.id),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on"),
    note: text("note").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("mentorships_mentor_idx").on(t.mentorMemberId),
    index("mentorships_apprentice_idx").on(t.apprenticeMemberId),
    check("mentorships_not_self", sql`${t.mentorMemberId} <> ${t.apprenticeMemberId}`),
    check("mentorships_dates", sql`${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** A pair's goals for a quarter ('2026-Q4'). */
export const mentorshipGoals = pgTable(
  "mentorship_goals",
  {
    id: serial("id").primaryKey(),
    mentorshipId: integer("mentorship_id")
      .notNull()
      .references(() => mentorships.id, { onDelete: "cascade" }),
    quarter: text("quarter").notNull(),
    goal: text("goal").notNull(),
    done: boolean("done").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("mentorship_goals_pair_idx").on(t.mentorshipId, t.quarter)],
);

/** 以武带训: a skill contest. */
export const contests = pgTable(
  "contests",
  {
    id: serial("id").primaryKey(),
    title: text("title").notNull(),
    level: contestLevel("level").notNull(),
    specialty: text("specialty")
      .notNull()
      .references(() => specialties.code),
    heldOn: date("held_on").notNull(),
    /** The unit that held it (for scope); null: organisation-wide. */
    orgUnitId: integer("org_unit_id").references(() => orgUnits.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("contests_held_idx").on(t.heldOn)],
);

export const contestResults = pgTable(
  "contest_results",
  {
    contestId: integer("contest_id")
      .notNull()
      .references(() => contests.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    rank: integer("rank"),
    score: numeric("score", { precision: 8, scale: 2, mode: "number" }),
    /** e.g. 一等奖; empty: took part without an award. */
    award: text("award").notNull().default(""),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contestId, t.memberId] }), index("contest_results_member_idx").on(t.memberId)],
);

/** 结对帮扶 / 样板复制: a model station paired with a weaker one for a quarter. */
export const stationPairings = pgTable(
  "station_pairings",
  {
    id: serial("id").primaryKey(),
    modelStationId: integer("model_station_id")
      .notNull()
      .references(() => orgUnits.id),
    weakerStationId: integer("weaker_station_id")
      .notNull()
      .references(() => orgUnits.id),
    quarter: text("quarter").notNull(),
    note: text("note").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("station_pairings_weaker_quarter_uq").on(t.weakerStationId, t.quarter),
    check("station_pairings_distinct", sql`${t.modelStationId} <> ${t.weakerStationId}`),
  ],
);

/** 学分 rules an admin sets: points per kind of record (see lib/points/rules.ts for the kinds). */
export const pointsRules = pgTable("points_rules", {
  kind: text("kind").primaryKey(),
  points: integer("points").notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The points ledger, filled set-wise from the source tables; `sourceKey` names the record
 * (e.g. 'quiz:12', 'session:40'), so a refill adds nothing twice.
 */
export const pointsLedger = pgTable(
  "points_ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    kind: text("kind").notNull(),
    sourceKey: text("source_key").notNull(),
    points: integer("points").notNull(),
    earnedAt: timestamp("earned_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("points_ledger_source_uq").on(t.memberId, t.kind, t.sourceKey), index("points_ledger_earned_idx").on(t.earnedAt, t.memberId)],
);
