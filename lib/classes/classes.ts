import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { classAudience, classes, classSessions, members, orgUnits, userRoles, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { holdsEverywhere, runsClass } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { canCreateClass, classToRun, isRowId, loadClass } from "./access";
import type { ClassInput, SessionInput } from "./input";
import { enrolmentList, promoteWaitlisted } from "./enrol";
import { isTechnicianTitle, type Series } from "./rules";
import { newCodeSecret } from "@/lib/core/rotating-code";
import { notify } from "@/lib/notifications";
import * as clock from "@/lib/core/clock";
import { inAudienceSql } from "@/lib/org/scope";
import { specialtyProblem } from "@/lib/org/specialties";

/** An instructor is a member with a technician title or a user with the trainer role. */
async function resolveInstructor(db: Db, employeeNo: string): Promise<Result<number>> {
  const no = normaliseEmployeeNo(employeeNo);
  if (!no) return fail("classes.errors.instructorRequired");
  const [m] = await db.select({ id: members.id, techTitle: members.techTitle, status: members.status }).from(members).where(eq(members.employeeNo, no));
  if (!m || m.status === "left") return fail("classes.errors.instructorNotFound", { employeeNo: no });
  if (isTechnicianTitle(m.techTitle)) return ok(m.id);
  const [r] = await db
    .select({ id: userRoles.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(users.memberId, m.id), eq(userRoles.role, "trainer")))
    .limit(1);
  return r ? ok(m.id) : fail("classes.errors.notAnInstructor", { employeeNo: no });
}

/**
 * Creates a draft class. A trainer names any instructor (and, as its author, runs it); a
 * technician creates classes only with themselves as instructor.
 */
export async function createClass(db: Db, actor: Principal, input: ClassInput, code: string | null = null): Promise<Result<{ id: number }>> {
  if (!(await canCreateClass(db, actor))) return forbidden("classes.errors.cannotCreate");
  const instructor = input.instructorEmployeeNo ? await resolveInstructor(db, input.instructorEmployeeNo) : ok(actor.memberId);
  if (!instructor.ok) return instructor;
  if (!can(actor, "teach.manage") && instructor.value !== actor.memberId) return forbidden("classes.errors.ownClassOnly");
  const bad = await specialtyProblem(db, input.specialty);
  if (bad) return bad;
  const row = (
    await db
      .insert(classes)
      .values({
        code,
        title: input.title,
        series: input.series,
        description: input.description,
        specialty: input.specialty,
        instructorMemberId: instructor.value,
        placeOrgUnitId: input.placeOrgUnitId,
        room: input.room,
        onlineUrl: input.onlineUrl,
        capacity: input.capacity,
        createdBy: actor.userId || null,
      })
      .returning({ id: classes.id })
  )[0]!;
  await audit(db, {
    actorUserId: actor.userId || null,
    action: "class.create",
    entity: "class",
    entityId: row.id,
    after: { title: input.title, capacity: input.capacity },
  });
  return ok({ id: row.id });
}

/**
 * Edits a class. Raising the capacity moves the wait-list up at once (in the same transaction,
 * under the class row's lock); lowering it below the enrolled count takes nobody's place away,
 * it only stops new enrolments until enough cancel.
 */
export async function updateClass(db: Db, actor: Principal, id: number, input: ClassInput): Promise<Result<{ promoted: number[] }>> {
  const owned = await classToRun(db, actor, id);
  if (!owned.ok) return owned;
  const bad = await specialtyProblem(db, input.specialty, owned.value.specialty);
  if (bad) return bad;
  let instructorId = owned.value.instructorMemberId;
  if (input.instructorEmployeeNo) {
    const r = await resolveInstructor(db, input.instructorEmployeeNo);
    if (!r.ok) return r;
    // A technician who runs their own class may not hand it to someone else.
    if (!can(actor, "teach.manage") && r.value !== instructorId) return forbidden("classes.errors.ownClassOnly");
    instructorId = r.value;
  }
  return db.transaction(async (tx): Promise<Result<{ promoted: number[] }>> => {
    await tx.execute(sql`SELECT id FROM classes WHERE id = ${id} FOR UPDATE`);
    await tx
      .update(classes)
      .set({
        title: input.title,
        series: input.series,
        description: input.description,
        specialty: input.specialty,
        instructorMemberId: instructorId,
        placeOrgUnitId: input.placeOrgUnitId,
        room: input.room,
        onlineUrl: input.onlineUrl,
        capacity: input.capacity,
        updatedAt: clock.now(),
      })
      .where(eq(classes.id, id));
    const promoted = owned.value.status === "published" ? await promoteWaitlisted(tx as unknown as Db, id) : [];
    await audit(tx as unknown as Db, {
      actorUserId: actor.userId || null,
      action: "class.update",
      entity: "class",
      entityId: id,
      before: { capacity: owned.value.capacity },
      after: { capacity: input.capacity },
    });
    return ok({ promoted });
  });
}

export async function setClassStatus(db: Db, actor: Principal, id: number, status: "draft" | "published" | "closed"): Promise<Result<null>> {
  const owned = await classToRun(db, actor, id);
  if (!owned.ok) return owned;
  if (status === "published") {
    const [s] = await db.select({ id: classSessions.id }).from(classSessions).where(eq(classSessions.classId, id)).limit(1);
    if (!s) return fail("classes.errors.noSessions");
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`SELECT id FROM classes WHERE id = ${id} FOR UPDATE`);
    await tx.update(classes).set({ status, updatedAt: clock.now() }).where(eq(classes.id, id));
    // Reopening after the capacity grew in draft: the wait-list moves up now.
    if (status === "published") await promoteWaitlisted(tx, id);
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "class.status",
      entity: "class",
      entityId: id,
      before: { status: owned.value.status },
      after: { status },
    });
  });
  return ok(null);
}

export async function setClassAudience(db: Db, actor: Principal, id: number, a: { orgUnitIds: number[]; jobIds: number[] }): Promise<Result<null>> {
  const owned = await classToRun(db, actor, id);
  if (!owned.ok) return owned;
  await db.transaction(async (tx) => {
    await tx.delete(classAudience).where(eq(classAudience.classId, id));
    const rows: { classId: number; orgUnitId: number | null; jobId: number | null }[] = [...new Set(a.orgUnitIds)].map((orgUnitId) => ({
      classId: id,
      orgUnitId,
      jobId: null,
    }));
    rows.push(...[...new Set(a.jobIds)].map((jobId) => ({ classId: id, orgUnitId: null as number | null, jobId })));
    if (rows.length) await tx.insert(classAudience).values(rows);
  });
  return ok(null);
}

async function classAudienceOf(db: Db, id: number): Promise<{ orgUnitIds: number[]; jobIds: number[] }> {
  const rows = await db.select().from(classAudience).where(eq(classAudience.classId, id));
  return { orgUnitIds: rows.flatMap((r) => (r.orgUnitId ? [r.orgUnitId] : [])), jobIds: rows.flatMap((r) => (r.jobId ? [r.jobId] : [])) };
}

export async function addSession(db: Db, actor: Principal, classId: number, input: SessionInput): Promise<Result<{ id: number }>> {
  const owned = await classToRun(db, actor, classId);
  if (!owned.ok) return owned;
  const row = (
    await db
      .insert(classSessions)
      .values({
        classId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        placeOrgUnitId: input.placeOrgUnitId,
        room: input.room,
        onlineUrl: input.onlineUrl,
        checkinSecret: newCodeSecret(),
      })
      .returning({ id: classSessions.id })
  )[0]!;
  return ok({ id: row.id });
}

/** Removes a session nobody has checked in to; one with attendance is kept as a record. */
export async function removeSession(db: Db, actor: Principal, sessionId: number): Promise<Result<null>> {
  if (!isRowId(sessionId)) return notFound("classes.errors.sessionNotFound");
  const [s] = await db.select({ classId: classSessions.classId }).from(classSessions).where(eq(classSessions.id, sessionId));
  if (!s) return notFound("classes.errors.sessionNotFound");
  const owned = await classToRun(db, actor, s.classId);
  if (!owned.ok) return owned;
  const [a] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM attendance WHERE session_id = ${sessionId}`));
  if (Number(a?.n) > 0) return fail("classes.errors.sessionHasAttendance");
  await db.delete(classSessions).where(eq(classSessions.id, sessionId));
  return ok(null);
}

/**
 * Moves a session (time, place, room) that nobody has checked in to yet; the members holding a
 * place are told the new time in the app. A session with attendance stays as it was: a record.
 */
export async function updateSession(db: Db, actor: Principal, sessionId: number, input: SessionInput): Promise<Result<{ notified: number }>> {
  if (!isRowId(sessionId)) return notFound("classes.errors.sessionNotFound");
  const [s] = await db.select({ classId: classSessions.classId, startsAt: classSessions.startsAt }).from(classSessions).where(eq(classSessions.id, sessionId));
  if (!s) return notFound("classes.errors.sessionNotFound");
  const owned = await classToRun(db, actor, s.classId);
  if (!owned.ok) return owned;
  return db.transaction(async (tx): Promise<Result<{ notified: number }>> => {
    const [a] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM attendance WHERE session_id = ${sessionId}`));
    if (Number(a?.n) > 0) return fail("classes.errors.sessionHasAttendance");
    await tx
      .update(classSessions)
      .set({ startsAt: input.startsAt, endsAt: input.endsAt, placeOrgUnitId: input.placeOrgUnitId, room: input.room, onlineUrl: input.onlineUrl })
      .where(eq(classSessions.id, sessionId));
    let notified = 0;
    if (s.startsAt.getTime() !== input.startsAt.getTime()) {
      const holders = rowsOf<{ member_id: number }>(
        await tx.execute(sql`SELECT member_id FROM class_enrolments WHERE class_id = ${s.classId} AND status = 'enrolled'`),
      ).map((r) => Number(r.member_id));
      if (holders.length)
        await notify(tx, holders, "classes.notify.sessionMoved", { title: owned.value.title, startsAt: input.startsAt.toISOString() }, "/classes");
      notified = holders.length;
    }
    return ok({ notified });
  });
}

interface SessionRow {
  id: number;
  classId: number;
  startsAt: Date;
  endsAt: Date;
  placeOrgUnitId: number | null;
  placeName: string | null;
  room: string;
  onlineUrl: string;
  checkinOpenedAt: Date | null;
  checkinClosedAt: Date | null;
  attended: number;
}

async function sessionsOf(db: Db, classId: number): Promise<SessionRow[]> {
  const rows = await db
    .select({
      id: classSessions.id,
      classId: classSessions.classId,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      placeOrgUnitId: classSessions.placeOrgUnitId,
      placeName: orgUnits.name,
      room: classSessions.room,
      onlineUrl: classSessions.onlineUrl,
      checkinOpenedAt: classSessions.checkinOpenedAt,
      checkinClosedAt: classSessions.checkinClosedAt,
      attended: sql<number>`(SELECT count(*)::int FROM attendance a WHERE a.session_id = ${classSessions.id})`,
    })
    .from(classSessions)
    .leftJoin(orgUnits, eq(orgUnits.id, classSessions.placeOrgUnitId))
    .where(eq(classSessions.classId, classId))
    .orderBy(asc(classSessions.startsAt), asc(classSessions.id));
  return rows.map((r) => ({ ...r, attended: Number(r.attended) }));
}

interface TeachClassItem {
  id: number;
  title: string;
  series: Series;
  specialty: string | null;
  status: "draft" | "published" | "closed";
  capacity: number;
  instructorName: string;
  enrolled: number;
  waitlisted: number;
  nextSessionAt: Date | null;
}

/**
 * The classes an actor teaches or may act in: every class for a whole-organisation trainer; the
 * classes they teach or made; and, for a trainer scoped to part of the organisation, the classes
 * open or held (not drafts) where they may enrol and mark their own people.
 */
export async function classesForTeacher(db: Db, actor: Principal, now: Date = clock.now()): Promise<TeachClassItem[]> {
  const own = or(eq(classes.instructorMemberId, actor.memberId), can(actor, "teach.manage") && actor.userId ? eq(classes.createdBy, actor.userId) : sql`false`);
  const visible = holdsEverywhere(actor, "teach.manage") ? undefined : can(actor, "teach.manage") ? or(own, sql`${classes.status} <> 'draft'`) : own;
  const rows = await db
    .select({
      id: classes.id,
      title: classes.title,
      series: classes.series,
      specialty: classes.specialty,
      status: classes.status,
      capacity: classes.capacity,
      instructorName: members.name,
      enrolled: sql<number>`(SELECT count(*)::int FROM class_enrolments e WHERE e.class_id = ${classes.id} AND e.status = 'enrolled')`,
      waitlisted: sql<number>`(SELECT count(*)::int FROM class_enrolments e WHERE e.class_id = ${classes.id} AND e.status = 'waitlisted')`,
      nextSessionAt: sql<
        string | null
      >`(SELECT min(s.starts_at) FROM class_sessions s WHERE s.class_id = ${classes.id} AND s.ends_at > ${now.toISOString()}::timestamptz)`,
    })
    .from(classes)
    .innerJoin(members, eq(members.id, classes.instructorMemberId))
    .where(visible)
    .orderBy(desc(classes.createdAt), desc(classes.id));
  return rows.map((r) => ({
    ...r,
    series: r.series as Series,
    enrolled: Number(r.enrolled),
    waitlisted: Number(r.waitlisted),
    nextSessionAt: r.nextSessionAt ? new Date(r.nextSessionAt) : null,
  }));
}

/** Whether the actor teaches or made any class (to show them the way to their classes). */
export async function teachesAny(db: Db, actor: Principal): Promise<boolean> {
  const mine = or(eq(classes.instructorMemberId, actor.memberId), actor.userId ? eq(classes.createdBy, actor.userId) : sql`false`);
  const [r] = await db.select({ id: classes.id }).from(classes).where(mine).limit(1);
  return Boolean(r);
}

async function employeeNoOf(db: Db, memberId: number): Promise<string> {
  const [m] = await db.select({ no: members.employeeNo }).from(members).where(eq(members.id, memberId));
  return m?.no ?? "";
}

/** The instructor a new class starts with: left open for a trainer, the technician themselves otherwise. */
export async function newClassInstructorNo(db: Db, actor: Principal): Promise<string> {
  return can(actor, "teach.manage") ? "" : employeeNoOf(db, actor.memberId);
}

/**
 * Everything the class page shows. Whoever runs the class sees all of it; a trainer scoped to part
 * of the organisation may open a class others run (not a draft) to enrol and mark their own
 * people, and sees only the members inside their scope (`runs` false: no class-level forms).
 */
export async function classPage(db: Db, actor: Principal, id: number) {
  const cls = await loadClass(db, id);
  if (!cls) return notFound("classes.errors.notFound");
  const runs = runsClass(actor, cls);
  if (!runs && !(can(actor, "teach.manage") && cls.status !== "draft")) return forbidden("classes.errors.notYours");
  const scope = runs ? ({ all: true } as const) : scopeOf(actor, "teach.manage");
  const [sessions, audience, enrolments, instructorNo] = [
    await sessionsOf(db, id),
    await classAudienceOf(db, id),
    await enrolmentList(db, id, scope),
    await employeeNoOf(db, cls.instructorMemberId),
  ];
  // The places taken count everyone, also those the viewer may not see by name.
  const [taken] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM class_enrolments WHERE class_id = ${id} AND status = 'enrolled'`));
  // Who can see and enrol once it is published (a count, for the confirmation).
  const [reach] = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE m.status = 'active' AND ${inAudienceSql("class_audience", sql`${id}`, { orgPath: sql`ou.path`, jobId: sql`m.job_id` })}`),
  );
  return ok({ cls, runs, sessions, audience, enrolments, enrolled: Number(taken?.n ?? 0), reach: Number(reach?.n ?? 0), instructorNo });
}
