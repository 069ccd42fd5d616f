import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { courseAudience, courseEnrolments, courses, jobs, members, orgUnits } from "@/db/schema";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { holdsEverywhere, mayActOnMember, unitsInScope } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { emit } from "@/lib/notifications/events";

/**
 * Who a course is for, and who is put on it. Unlike its content (./course-edit.ts), any trainer
 * may aim a course at the people in their own scope, whoever made it; never beyond that scope.
 */

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Sets the units and jobs a course is for, as far as the actor's scope reaches: a trainer adds
 * or removes only units inside their scope, and every unit outside it stays as it was (a team's
 * trainer saving the form does not drop the other teams). A job reaches its holders in every
 * unit, so only a trainer of the whole organisation changes the job rows. Asking for a unit
 * outside the scope, or for a job change without that right, is refused and changes nothing.
 */
export async function setCourseAudience(db: Db, actor: Principal, courseId: number, a: { orgUnitIds: number[]; jobIds: number[] }): Promise<Result> {
  if (!can(actor, "teach.manage")) return forbidden();
  const wantedUnits = [...new Set(a.orgUnitIds)];
  const wantedJobs = [...new Set(a.jobIds)];
  return db.transaction(async (tx) => {
    const [c] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.id, courseId)).for("update");
    if (!c) return notFound("video.errors.courseNotFound");
    const units = wantedUnits.length ? await tx.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(inArray(orgUnits.id, wantedUnits)) : [];
    if (units.length !== wantedUnits.length) return fail("video.errors.unitNotFound");
    if (unitsInScope(actor, "teach.manage", units).length !== units.length) return forbidden("video.errors.unitOutsideScope");
    const current = await tx
      .select({ orgUnitId: courseAudience.orgUnitId, jobId: courseAudience.jobId, path: orgUnits.path })
      .from(courseAudience)
      .leftJoin(orgUnits, eq(orgUnits.id, courseAudience.orgUnitId))
      .where(eq(courseAudience.courseId, courseId));
    const currentJobs = current.flatMap((r) => (r.jobId !== null ? [r.jobId] : []));
    if (!sameSet(currentJobs, wantedJobs)) {
      if (!holdsEverywhere(actor, "teach.manage")) return forbidden("video.errors.jobsWholeArea");
      const found = wantedJobs.length ? await tx.select({ id: jobs.id }).from(jobs).where(inArray(jobs.id, wantedJobs)) : [];
      if (found.length !== wantedJobs.length) return fail("video.errors.jobNotFound");
    }
    const currentUnits = current.flatMap((r) => (r.orgUnitId !== null ? [{ id: r.orgUnitId, path: r.path ?? "" }] : []));
    const inScope = new Set(unitsInScope(actor, "teach.manage", currentUnits).map((u) => u.id));
    const keptOutside = currentUnits.filter((u) => !inScope.has(u.id)).map((u) => u.id);
    const unitIds = [...new Set([...keptOutside, ...wantedUnits])];
    await tx.delete(courseAudience).where(eq(courseAudience.courseId, courseId));
    const rows = [...unitIds.map((orgUnitId) => ({ courseId, orgUnitId, jobId: null })), ...wantedJobs.map((jobId) => ({ courseId, orgUnitId: null, jobId }))];
    if (rows.length) await tx.insert(courseAudience).values(rows);
    return ok();
  });
}

/**
 * Puts members on a course (a trainer's assignment, also of the needs lib/needs finds).
 * Idempotent: a member already on it keeps their first enrolment. Members outside the actor's
 * scope (and ids that name nobody) are left out and counted as skipped.
 */
export async function assignCourse(
  db: Db,
  actor: Principal,
  input: { courseId: number; memberIds: number[] },
): Promise<Result<{ added: number; skipped: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [c] = await db.select({ id: courses.id, title: courses.title }).from(courses).where(eq(courses.id, input.courseId));
  if (!c) return notFound("video.errors.courseNotFound");
  const ids = [...new Set(input.memberIds)].filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
  const rows = ids.length
    ? await db
        .select({ id: members.id, orgPath: orgUnits.path })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(inArray(members.id, ids))
    : [];
  const allowed = rows.filter((m) => mayActOnMember(actor, "teach.manage", m, { self: true })).map((m) => m.id);
  const skipped = input.memberIds.length ? new Set(input.memberIds).size - allowed.length : 0;
  if (!allowed.length) return ok({ added: 0, skipped });
  const inserted = await db
    .insert(courseEnrolments)
    .values(allowed.map((memberId) => ({ courseId: input.courseId, memberId, source: "assigned" as const, assignedBy: actor.userId || null })))
    .onConflictDoNothing()
    .returning({ m: courseEnrolments.memberId });
  await emit(
    db,
    "course_assigned",
    inserted.map((r) => r.m),
    { title: c.title },
    `/courses/${input.courseId}`,
    `course:${input.courseId}:assigned`,
  );
  return ok({ added: inserted.length, skipped });
}

/**
 * Assignment by the employee numbers a trainer typed: the numbers that name nobody come back as
 * they were typed (at most 2000 numbers are read).
 */
export async function assignCourseByEmployeeNo(
  db: Db,
  actor: Principal,
  input: { courseId: number; employeeNos: string[] },
): Promise<Result<{ added: number; skipped: number; unknown: string[] }>> {
  const nos = [...new Set(input.employeeNos.map(normaliseEmployeeNo).filter(Boolean))].slice(0, 2000);
  const found = nos.length ? await db.select({ id: members.id, no: members.employeeNo }).from(members).where(inArray(members.employeeNo, nos)) : [];
  const r = await assignCourse(db, actor, { courseId: input.courseId, memberIds: found.map((m) => m.id) });
  if (!r.ok) return r;
  const known = new Set(found.map((m) => m.no));
  return ok({ ...r.value, unknown: nos.filter((n) => !known.has(n)) });
}
