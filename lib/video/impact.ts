import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { can, type Principal } from "@/lib/auth/permissions";
import { forbidden, ok, type Result } from "@/lib/core/result";

/**
 * What a status change of a lesson or course reaches, for its confirmation: counts only (no
 * names), over the whole organisation, because archiving or withdrawing content reaches every
 * learner, not only those inside the trainer's scope.
 */
export interface ContentImpact {
  /** Courses (not archived) that list the lesson; for a course, 0. */
  courses: number;
  /** Members who started it and have not finished it. */
  learners: number;
}

const n = (v: unknown) => Number(v ?? 0);

export async function lessonImpact(db: Db, actor: Principal, lessonId: number): Promise<Result<ContentImpact>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [r] = rowsOf<{ courses: unknown; learners: unknown }>(
    await db.execute(sql`
      SELECT (SELECT COUNT(DISTINCT ci.course_id) FROM course_items ci JOIN courses c ON c.id = ci.course_id
               WHERE ci.lesson_id = ${lessonId} AND c.status <> 'archived') AS courses,
             (SELECT COUNT(*) FROM lesson_progress lp WHERE lp.lesson_id = ${lessonId} AND lp.completed_at IS NULL) AS learners`),
  );
  return ok({ courses: n(r?.courses), learners: n(r?.learners) });
}

export async function courseImpact(db: Db, actor: Principal, courseId: number): Promise<Result<ContentImpact>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [r] = rowsOf<{ learners: unknown }>(
    await db.execute(sql`
      SELECT COUNT(*) AS learners FROM course_enrolments e
       WHERE e.course_id = ${courseId}
         AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = e.course_id AND cc.member_id = e.member_id)`),
  );
  return ok({ courses: 0, learners: n(r?.learners) });
}
