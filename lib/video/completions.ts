import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { issueDue } from "@/lib/issued";
import { itemDoneSql } from "./common";

// Kept apart from courses.ts (storage, uploads) so the quiz submit and class check-in paths that
// call it load nothing else of the video domain.

/**
 * Stamps course_completions for the member's courses whose required items are all done. Called
 * when a lesson completes, and when the member's course list is read (quiz results and class
 * attendance are written by other domains). A completion is never taken back.
 */
export async function syncCourseCompletions(
  db: Db,
  memberId: number,
  only: { lessonId?: number; quizId?: number; classId?: number } = {},
  now: Date = clock.now(),
): Promise<number> {
  // Only the courses holding the item that just changed: a quiz passed or a class attended
  // elsewhere stamps the courses it completes in the same step (lib/quiz, lib/classes call this).
  const filter = only.lessonId
    ? sql`AND EXISTS (SELECT 1 FROM course_items x WHERE x.course_id = c.id AND x.lesson_id = ${only.lessonId})`
    : only.quizId
      ? sql`AND EXISTS (SELECT 1 FROM course_items x WHERE x.course_id = c.id AND x.quiz_id = ${only.quizId})`
      : only.classId
        ? sql`AND EXISTS (SELECT 1 FROM course_items x WHERE x.course_id = c.id AND x.class_id = ${only.classId})`
        : sql``;
  const r = rowsOf(
    await db.execute(sql`
      INSERT INTO course_completions (member_id, course_id, completed_at)
      SELECT ${memberId}, c.id, ${now.toISOString()}::timestamptz FROM courses c
      WHERE c.status <> 'draft' ${filter}
        AND EXISTS (SELECT 1 FROM course_items ci WHERE ci.course_id = c.id AND ci.required)
        AND NOT EXISTS (SELECT 1 FROM course_items ci WHERE ci.course_id = c.id AND ci.required AND NOT ${itemDoneSql("ci", sql`${memberId}`)})
      ON CONFLICT DO NOTHING
      RETURNING course_id`),
  );
  // A completed course earns the certificate JobReady issues (idempotent).
  if (r.length) await issueDue(db, { memberIds: [memberId] }, now);
  return r.length;
}
