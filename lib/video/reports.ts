import { eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { courses, lessons } from "@/db/schema";
import { can, canReadMember, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { inAudienceSql, inScope } from "@/lib/org/scope";
import { itemDoneSql } from "./common";

export interface UnitRow {
  unitId: number;
  unitName: string;
  unitPath: string;
  members: number;
  started: number;
  completed: number;
}

interface PendingMember {
  memberId: number;
  name: string;
  employeeNo: string;
  unitName: string;
}

export interface CompletionReport {
  units: UnitRow[];
  totals: { members: number; started: number; completed: number };
  notStarted: PendingMember[];
}

/** Members (m, in unit ou) who are on course `courseId`: enrolled, or in its audience. Set-wise form of onMemberListSql. */
function onCourseSql(courseId: SQL): SQL {
  return sql`(EXISTS (SELECT 1 FROM course_enrolments ce WHERE ce.course_id = ${courseId} AND ce.member_id = m.id)
    OR ${inAudienceSql("course_audience", courseId, { orgPath: sql`ou.path`, jobId: sql`m.job_id` })})`;
}

async function build(db: Db, target: SQL, started: SQL, completed: SQL, scope: Scope): Promise<CompletionReport> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT m.id, m.name, m.employee_no, ou.id AS unit_id, ou.name AS unit_name, ou.path AS unit_path,
        ${started} AS started, ${completed} AS completed
      FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE m.status = 'active' AND ${inScope(sql`ou.path`, scope)} AND ${target}
      ORDER BY ou.path, m.employee_no`),
  );
  const units = new Map<number, UnitRow>();
  const notStarted: PendingMember[] = [];
  const totals = { members: 0, started: 0, completed: 0 };
  for (const r of rows) {
    const id = Number(r.unit_id);
    let u = units.get(id);
    if (!u) {
      u = { unitId: id, unitName: String(r.unit_name), unitPath: String(r.unit_path), members: 0, started: 0, completed: 0 };
      units.set(id, u);
    }
    const done = Boolean(r.completed);
    const began = done || Boolean(r.started);
    u.members++;
    totals.members++;
    if (began) {
      u.started++;
      totals.started++;
    }
    if (done) {
      u.completed++;
      totals.completed++;
    }
    if (!began && notStarted.length < 1000)
      notStarted.push({ memberId: Number(r.id), name: String(r.name), employeeNo: String(r.employee_no), unitName: String(r.unit_name) });
  }
  return { units: [...units.values()], totals, notStarted };
}

/**
 * Completion of a course per unit, and who has not started it: only members inside the trainer's
 * scope are counted or named.
 */
export async function courseCompletionReport(db: Db, actor: Principal, courseId: number): Promise<Result<CompletionReport & { title: string }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [c] = await db.select({ title: courses.title }).from(courses).where(eq(courses.id, courseId));
  if (!c) return notFound("video.errors.courseNotFound");
  const report = await build(
    db,
    onCourseSql(sql`${courseId}`),
    sql`(EXISTS (SELECT 1 FROM course_items ci JOIN lesson_progress lp ON lp.lesson_id = ci.lesson_id AND lp.member_id = m.id WHERE ci.course_id = ${courseId} AND lp.watched_s > 0)
      OR EXISTS (SELECT 1 FROM course_items ci WHERE ci.course_id = ${courseId} AND ${itemDoneSql("ci", sql`m.id`)}))`,
    sql`EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = ${courseId} AND cc.member_id = m.id)`,
    scopeOf(actor, "teach.manage"),
  );
  return ok({ ...report, title: c.title });
}

/** Completion of a lesson per unit (members of the published courses that hold it), inside the trainer's scope. */
export async function lessonCompletionReport(db: Db, actor: Principal, lessonId: number): Promise<Result<CompletionReport & { title: string }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [l] = await db.select({ title: lessons.title }).from(lessons).where(eq(lessons.id, lessonId));
  if (!l) return notFound("video.errors.lessonNotFound");
  const report = await build(
    db,
    sql`EXISTS (SELECT 1 FROM course_items x JOIN courses c ON c.id = x.course_id WHERE x.lesson_id = ${lessonId} AND c.status = 'published' AND ${onCourseSql(sql`c.id`)})`,
    sql`EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.lesson_id = ${lessonId} AND lp.member_id = m.id AND lp.watched_s > 0)`,
    sql`EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.lesson_id = ${lessonId} AND lp.member_id = m.id AND lp.completed_at IS NOT NULL)`,
    scopeOf(actor, "teach.manage"),
  );
  return ok({ ...report, title: l.title });
}

/**
 * A member's learning for the profile: lessons watched, courses with progress and completion;
 * for the member themselves or someone who may read their records (canReadMember).
 */
export async function learningForMember(db: Db, actor: Principal, memberId: number) {
  const [m] = rowsOf<{ path: string }>(
    await db.execute(sql`SELECT ou.path FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.id = ${memberId}`),
  );
  if (!m) return notFound();
  if (!canReadMember(actor, { id: memberId, orgPath: m.path })) return forbidden();
  const courses = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT c.id, c.title, cc.completed_at,
        (SELECT count(*)::int FROM course_items ci WHERE ci.course_id = c.id AND ci.required) AS required,
        (SELECT count(*)::int FROM course_items ci WHERE ci.course_id = c.id AND ci.required AND ${itemDoneSql("ci", sql`${memberId}`)}) AS done
      FROM courses c
      LEFT JOIN course_completions cc ON cc.course_id = c.id AND cc.member_id = ${memberId}
      WHERE c.status <> 'draft' AND (cc.member_id IS NOT NULL OR EXISTS (SELECT 1 FROM course_enrolments ce WHERE ce.course_id = c.id AND ce.member_id = ${memberId})
        OR EXISTS (SELECT 1 FROM course_items ci JOIN lesson_progress lp ON lp.lesson_id = ci.lesson_id AND lp.member_id = ${memberId} WHERE ci.course_id = c.id AND lp.watched_s > 0))
      ORDER BY cc.completed_at DESC NULLS LAST, c.title`),
  ).map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    required: Number(r.required),
    done: Number(r.done),
    completedAt: r.completed_at ? new Date(r.completed_at as string) : null,
  }));
  const lessons = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT l.id, l.title, l.duration_s, lp.watched_s, lp.completed_at, lp.updated_at
      FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
      WHERE lp.member_id = ${memberId} AND lp.watched_s > 0
      ORDER BY lp.updated_at DESC LIMIT 100`),
  ).map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    durationS: r.duration_s === null ? null : Number(r.duration_s),
    watchedS: Number(r.watched_s),
    completedAt: r.completed_at ? new Date(r.completed_at as string) : null,
  }));
  return ok({ courses, lessons });
}
