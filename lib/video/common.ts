import { sql, type SQL } from "drizzle-orm";
import type { Principal } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { inAudienceSql } from "@/lib/org/scope";

/** A viewer: the member, their unit's path and job (what course audiences match on). */
export interface Viewer {
  memberId: number;
  orgPath: string;
  jobId: number | null;
  /** Trainers see every lesson (to check their uploads); workers what their courses hold. */
  teacher: boolean;
}

/** A signed-in member as the learner's side of the video domain sees them. */
export type Learner = Principal & { orgPath: string; jobId: number | null };

export function viewerOf(user: Learner): Viewer {
  return { memberId: user.memberId, orgPath: user.orgPath, jobId: user.jobId, teacher: can(user, "teach.manage") };
}

/** True when the member (unit path, job) is in the audience of course `c`. */
export function courseAudienceSql(courseId: SQL, member: { orgPath: string; jobId: number | null }): SQL {
  return inAudienceSql("course_audience", courseId, member);
}

/** The course is on the member's list: enrolled (assigned, chosen, by job) or in its audience. */
export function onMemberListSql(courseId: SQL, member: { memberId: number; orgPath: string; jobId: number | null }): SQL {
  return sql`(EXISTS (SELECT 1 FROM course_enrolments ce WHERE ce.course_id = ${courseId} AND ce.member_id = ${member.memberId})
    OR ${courseAudienceSql(courseId, member)})`;
}

/**
 * Whether course item `ci` is done by member `m` (an SQL expression for the member id): a
 * lesson completed, a quiz passed (its result of record), a class attended at least once.
 */
export function itemDoneSql(ci: string, m: SQL): SQL {
  const c = sql.raw(ci);
  return sql`CASE ${c}.kind
    WHEN 'lesson' THEN EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.lesson_id = ${c}.lesson_id AND lp.member_id = ${m} AND lp.completed_at IS NOT NULL)
    WHEN 'quiz' THEN EXISTS (SELECT 1 FROM quiz_results qr WHERE qr.quiz_id = ${c}.quiz_id AND qr.member_id = ${m} AND qr.passed)
    WHEN 'class' THEN EXISTS (SELECT 1 FROM attendance a JOIN class_sessions cs ON cs.id = a.session_id WHERE cs.class_id = ${c}.class_id AND a.member_id = ${m})
    ELSE false END`;
}
