import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, numeric, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { classes } from "./classes";
import { creditHours, hourCategory } from "./hours";
import { orgUnits } from "./org";
import { quizzes } from "./quiz";
import { courses } from "./video";

/**
 * 年度培训计划 (lib/plans): one plan per org unit and year, made by a manager (or admin) over the
 * unit. Its lines say what training is planned; what was done is not stored but computed from the
 * 学时 ledger's evidence (lib/plans/plans.ts), so status and completion are always right.
 */
export const trainingPlans = pgTable(
  "training_plans",
  {
    id: serial("id").primaryKey(),
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    year: integer("year").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("training_plans_unit_year_uq").on(t.orgUnitId, t.year), check("training_plans_year_ck", sql`${t.year} BETWEEN 2000 AND 2100`)],
);

/**
 * One line of a plan: a topic, its 学时 category, who it is for (units and jobs; no unit = the
 * plan's unit), the month it is planned in, its hours and budget, and at most one course, class
 * or quiz that delivers it.
 */
export const trainingPlanLines = pgTable(
  "training_plan_lines",
  {
    id: serial("id").primaryKey(),
    planId: integer("plan_id")
      .notNull()
      .references(() => trainingPlans.id, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
    category: hourCategory("category").notNull(),
    audienceUnitIds: jsonb("audience_unit_ids").$type<number[]>().notNull().default([]),
    audienceJobIds: jsonb("audience_job_ids").$type<number[]>().notNull().default([]),
    month: integer("month").notNull(),
    plannedHours: creditHours("planned_hours").notNull(),
    budget: numeric("budget", { precision: 12, scale: 2, mode: "number" }).notNull().default(0),
    courseId: integer("course_id").references(() => courses.id, { onDelete: "set null" }),
    classId: integer("class_id").references(() => classes.id, { onDelete: "set null" }),
    quizId: integer("quiz_id").references(() => quizzes.id, { onDelete: "set null" }),
    notes: text("notes").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("training_plan_lines_plan_idx").on(t.planId, t.month),
    check("training_plan_lines_topic_ck", sql`char_length(${t.topic}) BETWEEN 1 AND 100`),
    check("training_plan_lines_month_ck", sql`${t.month} BETWEEN 1 AND 12`),
    check("training_plan_lines_hours_ck", sql`${t.plannedHours} > 0 AND ${t.plannedHours} <= 999`),
    check("training_plan_lines_budget_ck", sql`${t.budget} >= 0`),
    check("training_plan_lines_notes_ck", sql`char_length(${t.notes}) <= 500`),
    check("training_plan_lines_audience_ck", sql`jsonb_typeof(${t.audienceUnitIds}) = 'array' AND jsonb_typeof(${t.audienceJobIds}) = 'array'`),
    check("training_plan_lines_item_ck", sql`num_nonnulls(${t.courseId}, ${t.classId}, ${t.quizId}) <= 1`),
  ],
);
