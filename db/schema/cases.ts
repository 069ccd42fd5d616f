import { sql } from "drizzle-orm";
import { boolean, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { equipment } from "./equipment";
import { jobs, members, orgUnits } from "./org";
import { practiceAnswers } from "./practice";
import { questions } from "./quiz";

/**
 * 案例复训 (lib/cases): an incident or near-miss case a trainer publishes for a job inside a unit of
 * their scope. Publishing assigns it at once to every active member of that unit's subtree who
 * holds the job or works towards it; each has `dueDays` days from the publication day.
 */
export const cases = pgTable(
  "cases",
  {
    id: serial("id").primaryKey(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** Storage keys of the photos (`cases/<uuid>.<ext>`), at most 6. */
    photoKeys: text("photo_keys").array().notNull().default(sql`'{}'::text[]`),
    equipmentId: integer("equipment_id").references(() => equipment.id),
    jobId: integer("job_id")
      .notNull()
      .references(() => jobs.id),
    /** The unit (subtree) whose members the case is for: inside the publisher's scope. */
    orgUnitId: integer("org_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    dueDays: integer("due_days").notNull(),
    /** 学时 (safety) credited to each member who completes the case (lib/hours); the trainer sets it. */
    creditHours: numeric("credit_hours", { precision: 6, scale: 2, mode: "number" }).notNull().default(0.5),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
  },
  (t) => [
    index("cases_unit_idx").on(t.orgUnitId),
    check("cases_due_days_ck", sql`${t.dueDays} BETWEEN 1 AND 90`),
    check("cases_credit_hours_ck", sql`${t.creditHours} >= 0 AND ${t.creditHours} <= 200`),
    check("cases_title_ck", sql`char_length(${t.title}) BETWEEN 1 AND 100`),
    check("cases_photos_ck", sql`coalesce(array_length(${t.photoKeys}, 1), 0) <= 6`),
  ],
);

/** The bank questions a case asks (1–5), in order: graded as practice grades them. */
export const caseQuestions = pgTable(
  "case_questions",
  {
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    ord: integer("ord").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.questionId] })],
);

/** One member's assignment of a case: due day (site's zone), acknowledgement, completion and score. */
export const caseAssignments = pgTable(
  "case_assignments",
  {
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Share of the case's questions answered right at the first answer (0–100), once completed. */
    score: numeric("score", { precision: 5, scale: 2, mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.memberId] }), index("case_assignments_member_idx").on(t.memberId)],
);

/** A member's first answer to each question of a case (the practice answer it was kept as). */
export const caseAnswers = pgTable(
  "case_answers",
  {
    caseId: integer("case_id").notNull(),
    memberId: integer("member_id").notNull(),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    answerId: integer("answer_id")
      .notNull()
      .references(() => practiceAnswers.id),
    correct: boolean("correct").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.memberId, t.questionId] }),
    foreignKey({ columns: [t.caseId, t.memberId], foreignColumns: [caseAssignments.caseId, caseAssignments.memberId] }).onDelete("cascade"),
  ],
);
