import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { can, type Principal } from "@/lib/auth/permissions";
import { forbidden, ok, type Result } from "@/lib/core/result";
import { inAudienceSql } from "@/lib/org/scope";

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
  /** Active members who see it once published: on the course (enrolled or in its audience), or on a course (not archived) listing the lesson. */
  reach: number;
}

/** Members (m, in unit ou) on course `courseId`: enrolled, or in its audience. */
function onCourse(courseId: SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM course_enrolments ce WHERE ce.course_id = ${courseId} AND ce.member_id = m.id)
    OR ${inAudienceSql("course_audience", courseId, { orgPath: sql`ou.path`, jobId: sql`m.job_id` })})`;
}

const n = (v: unknown) => Number(v ?? 0);

export async function lessonImpact(db: Db, actor: Principal, lessonId: number): Promise<Result<ContentImpact>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [r] = rowsOf<{ courses: unknown; learners: unknown; reach: unknown }>(
    await db.execute(sql`
      SELECT (SELECT COUNT(DISTINCT ci.course_id) FROM course_items ci JOIN courses c ON c.id = ci.course_id
               WHERE ci.lesson_id = ${lessonId} AND c.status <> 'archived') AS courses,
             (SELECT COUNT(*) FROM lesson_progress lp WHERE lp.lesson_id = ${lessonId} AND lp.completed_at IS NULL) AS learners,
             (SELECT COUNT(*) FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
               WHERE m.status = 'active' AND EXISTS (
                 SELECT 1 FROM course_items ci JOIN courses c ON c.id = ci.course_id
                  WHERE ci.lesson_id = ${lessonId} AND c.status <> 'archived' AND ${onCourse(sql`c.id`)})) AS reach`),
  );
  return ok({ courses: n(r?.courses), learners: n(r?.learners), reach: n(r?.reach) });
}

export async function courseImpact(db: Db, actor: Principal, courseId: number): Promise<Result<ContentImpact>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [r] = rowsOf<{ learners: unknown; reach: unknown }>(
    await db.execute(sql`
      SELECT (SELECT COUNT(*) FROM course_enrolments e
               WHERE e.course_id = ${courseId}
                 AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = e.course_id AND cc.member_id = e.member_id)) AS learners,
             (SELECT COUNT(*) FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
               WHERE m.status = 'active' AND ${onCourse(sql`${courseId}`)}) AS reach`),
  );
  return ok({ courses: 0, learners: n(r?.learners), reach: n(r?.reach) });
}
