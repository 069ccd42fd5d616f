import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { members } from "./org";

/**
 * 学时: the training-hours ledger. The ledger itself is not stored: it is computed from the
 * evidence (lesson_progress, attendance × class_sessions, course_completions, signoffs,
 * quiz_results) and the external entries below, so it is always right (lib/hours/ledger.ts).
 * What is stored is what no evidence holds: the category and set hours of content (columns
 * `hours_category` / `credit_hours` on lessons, classes, courses, practical_tasks, quizzes),
 * the site's minimums, and hours of training held elsewhere.
 */
export const hourCategory = pgEnum("hour_category", ["safety", "skills", "management", "other"]);

/** Trainer-set hours: hundredths of an hour, at most 200 h for one piece of content. */
export const creditHours = (name: string) => numeric(name, { precision: 6, scale: 2, mode: "number" });

/**
 * Training held outside JobReady (a certificate course, a company safety day), entered by a
 * trainer or manager for a member in their scope, with the certificate that proves it.
 */
export const externalHours = pgTable(
  "external_hours",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    day: date("day").notNull(),
    hours: creditHours("hours").notNull(),
    category: hourCategory("category").notNull(),
    title: text("title").notNull(),
    provider: text("provider").notNull().default(""),
    certificateRef: text("certificate_ref").notNull().default(""),
    enteredBy: integer("entered_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("external_hours_member_idx").on(t.memberId, t.day), check("external_hours_hours_ck", sql`${t.hours} > 0 AND ${t.hours} <= 24`)],
);

/**
 * The site's minimums (one row, id 1; absent = the high-hazard defaults of lib/hours/rules.ts).
 * A table, not an environment variable: the HSE department changes them while the site runs,
 * they travel with a backup, and a change is audited like any other write.
 */
export const hoursSettings = pgTable(
  "hours_settings",
  {
    id: integer("id").primaryKey().default(1),
    newWorkerInitial: creditHours("new_worker_initial").notNull(),
    workerAnnual: creditHours("worker_annual").notNull(),
    managerInitial: creditHours("manager_initial").notNull(),
    managerAnnual: creditHours("manager_annual").notNull(),
    counted: jsonb("counted").$type<string[]>().notNull().default(["safety"]),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("hours_settings_one_ck", sql`${t.id} = 1`)],
);

const totalHours = (name: string) => numeric(name, { precision: 10, scale: 2, mode: "number" }).notNull().default(0);

/**
 * Totals of the ledger per member and year (of the site's zone), a column per category, read by the unit
 * shortfall report only (the member's own ledger stays computed). Kept exact the way the roster
 * cache is: statement triggers on the evidence and on what credits it (migration hours_totals)
 * put the changed members in `hours_dirty`; every report first recomputes the dirty members from
 * the evidence in one statement (lib/hours/totals.ts), so a report never reads a stale total.
 */
export const hoursTotals = pgTable(
  "hours_totals",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    safety: totalHours("safety"),
    skills: totalHours("skills"),
    management: totalHours("management"),
    other: totalHours("other"),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.year] })],
);

export const hoursDirty = pgTable("hours_dirty", {
  memberId: integer("member_id").primaryKey(),
});

/** One row: the zone the totals were computed in (a change of zone recomputes them all). */
export const hoursTotalsState = pgTable(
  "hours_totals_state",
  {
    id: integer("id").primaryKey().default(1),
    timeZone: text("time_zone"),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }),
  },
  (t) => [check("hours_totals_state_one_ck", sql`${t.id} = 1`)],
);
