import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { classes } from "./classes";
import { members } from "./org";
import { courses } from "./video";

/**
 * 培训评估 (柯氏 level 1, lib/evaluations): one row per member and class, or per member and course.
 * `scores` holds 1–5 per question of the fixed list in lib/evaluations/questions.ts, keyed by the
 * question's key; null when the member dismissed the card instead of answering (the row still
 * counts as their one turn). Exactly one of `class_id` / `course_id` is set.
 */
export const trainingEvaluations = pgTable(
  "training_evaluations",
  {
    id: serial("id").primaryKey(),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    classId: integer("class_id").references(() => classes.id, { onDelete: "cascade" }),
    courseId: integer("course_id").references(() => courses.id, { onDelete: "cascade" }),
    scores: jsonb("scores").$type<Record<string, number>>(),
    comment: text("comment").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("training_evaluations_class_uq").on(t.memberId, t.classId),
    uniqueIndex("training_evaluations_course_uq").on(t.memberId, t.courseId),
    index("training_evaluations_class_idx").on(t.classId),
    index("training_evaluations_course_idx").on(t.courseId),
    check("training_evaluations_target_ck", sql`(${t.classId} IS NULL) <> (${t.courseId} IS NULL)`),
  ],
);
