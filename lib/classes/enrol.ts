import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { mayActInClass } from "@/lib/auth/ownership";
import type { Principal, Scope } from "@/lib/auth/permissions";
import { fail, forbidden, notFound, ok, Rollback, rollbackOnFailure, type Result } from "@/lib/core/result";
import { emit } from "@/lib/notifications/events";
import { inAudienceSql, inScope } from "@/lib/org/scope";
import { ENROL_FOR_OTHERS, findMember, isRowId, loadClass } from "./access";
import { placeFor } from "./rules";
import * as clock from "@/lib/core/clock";

/**
 * Enrolment and the wait-list. Every change that can take or free a place runs in one
 * transaction holding the class row's lock (SELECT … FOR UPDATE), so two workers racing for the
 * last place are served one after the other: one gets it, the other is wait-listed, and the
 * class never goes over capacity. When a place frees (a cancellation, a larger capacity), the
 * first on the wait-list moves up in the same transaction and is notified.
 */

/**
 * SQL true when the member (unit path, job) is in class `c`'s audience. A class without audience
 * rows is open to everyone; otherwise a unit subtree or a job matches (as for quizzes).
 */
export function classAudienceCondition(classIdColumn: SQL, member: { orgPath: string; jobId: number | null }) {
  // A class with no audience rows is open to everyone.
  return sql`(NOT EXISTS (SELECT 1 FROM class_audience ca0 WHERE ca0.class_id = ${classIdColumn}) OR ${inAudienceSql("class_audience", classIdColumn, member)})`;
}

type EnrolStatus = "enrolled" | "waitlisted";

export interface EnrolResult {
  status: EnrolStatus;
  /** True when the member already held this place: nothing changed. */
  already: boolean;
  /** Place on the wait-list, from 1. */
  position: number | null;
}

interface LockedClass {
  id: number;
  title: string;
  status: string;
  capacity: number;
  ended: boolean;
}

async function lockClass(tx: Db, classId: number, now: Date): Promise<LockedClass | null> {
  const [c] = rowsOf<{ id: number; title: string; status: string; capacity: number; ended: boolean }>(
    await tx.execute(sql`SELECT c.id, c.title, c.status, c.capacity,
        (EXISTS (SELECT 1 FROM class_sessions s WHERE s.class_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM class_sessions s WHERE s.class_id = c.id AND s.ends_at > ${now.toISOString()}::timestamptz)) AS ended
      FROM classes c WHERE c.id = ${classId} FOR UPDATE`),
  );
  return c ? { ...c, id: Number(c.id), capacity: Number(c.capacity), ended: Boolean(c.ended) } : null;
}

async function counts(tx: Db, classId: number): Promise<{ enrolled: number; waiting: number }> {
  const [r] = rowsOf<{ enrolled: number; waiting: number }>(
    await tx.execute(sql`SELECT count(*) FILTER (WHERE status = 'enrolled')::int AS enrolled,
        count(*) FILTER (WHERE status = 'waitlisted')::int AS waiting
      FROM class_enrolments WHERE class_id = ${classId}`),
  );
  return { enrolled: Number(r?.enrolled ?? 0), waiting: Number(r?.waiting ?? 0) };
}

async function positionOf(tx: Db, classId: number, memberId: number): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`SELECT count(*)::int AS n FROM class_enrolments w, class_enrolments me
      WHERE me.class_id = ${classId} AND me.member_id = ${memberId}
        AND w.class_id = me.class_id AND w.status = 'waitlisted'
        AND (w.queued_at, w.member_id) <= (me.queued_at, me.member_id)`),
  );
  return Number(r?.n ?? 1);
}

/**
 * For whom the actor enrols or cancels: themselves (no `memberId`, or their own), or another
 * member they may act for in this class (its instructor or author, a trainer or a manager over
 * the member's unit). A refusal is decided before anything is written.
 */
async function forWhom(db: Db, actor: Principal, classId: number, memberId: number | undefined): Promise<Result<{ memberId: number; self: boolean }>> {
  if (!isRowId(classId)) return notFound("classes.errors.notFound");
  if (memberId === undefined || memberId === actor.memberId) return ok({ memberId: actor.memberId, self: true });
  const c = await loadClass(db, classId);
  if (!c) return notFound("classes.errors.notFound");
  const m = await findMember(db, { memberId });
  if (!m) return notFound("members.errors.notFound");
  if (!mayActInClass(actor, c, m, ENROL_FOR_OTHERS)) return forbidden("classes.errors.notAllowed");
  return ok({ memberId: m.id, self: false });
}

/**
 * Enrols the actor (`memberId` left out) or, for those who may act for them, another member: a
 * place if one is free and nobody waits, else the end of the wait-list. Self-enrolment keeps to
 * the class's audience; enrolling someone else does not (the trainer decides) and tells them.
 * Enrolling again is harmless and changes nothing.
 */
export async function enrol(db: Db, actor: Principal, opts: { classId: number; memberId?: number; now?: Date }): Promise<Result<EnrolResult>> {
  const now = opts.now ?? clock.now();
  const who = await forWhom(db, actor, opts.classId, opts.memberId);
  if (!who.ok) return who;
  const { memberId, self } = who.value;
  return rollbackOnFailure<EnrolResult>(() =>
    db.transaction(async (txRaw): Promise<Result<EnrolResult>> => {
      const tx = txRaw as unknown as Db;
      const c = await lockClass(tx, opts.classId, now);
      if (!c) return notFound("classes.errors.notFound");
      if (c.status !== "published") return fail("classes.errors.notOpen");
      if (c.ended) return fail("classes.errors.ended");
      const [m] = rowsOf<{ status: string; org_path: string; job_id: number | null; current: string | null }>(
        await tx.execute(sql`SELECT m.status, ou.path AS org_path, m.job_id,
            (SELECT e.status::text FROM class_enrolments e WHERE e.class_id = ${c.id} AND e.member_id = m.id) AS current
          FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.id = ${memberId}`),
      );
      if (m?.status !== "active") return fail("classes.errors.memberNotActive");
      if (m.current === "enrolled") return ok({ status: "enrolled" as const, already: true, position: null });
      if (m.current === "waitlisted") return ok({ status: "waitlisted" as const, already: true, position: await positionOf(tx, c.id, memberId) });
      if (self) {
        const [a] = rowsOf<{ ok: boolean }>(
          await tx.execute(
            sql`SELECT ${classAudienceCondition(sql`${c.id}`, { orgPath: m.org_path, jobId: m.job_id === null ? null : Number(m.job_id) })} AS ok`,
          ),
        );
        if (!a?.ok) return fail("classes.errors.notInAudience");
      }
      const n = await counts(tx, c.id);
      // The queue is in the order the lock was taken: clock_timestamp(), not the request's time.
      const status = placeFor(n.enrolled, c.capacity, n.waiting);
      const by = self ? null : actor.userId || null;
      await tx.execute(sql`INSERT INTO class_enrolments (class_id, member_id, status, source, enrolled_by, queued_at, created_at, updated_at)
        VALUES (${c.id}, ${memberId}, ${status}, ${self ? "self" : "trainer"}, ${by}, clock_timestamp(), clock_timestamp(), clock_timestamp())
        ON CONFLICT (class_id, member_id) DO UPDATE SET status = EXCLUDED.status, source = EXCLUDED.source,
          enrolled_by = EXCLUDED.enrolled_by, queued_at = EXCLUDED.queued_at, updated_at = EXCLUDED.updated_at`);
      if (!self) {
        await emit(tx, "class_assigned", [memberId], { title: c.title, status }, "/classes");
      }
      return ok({ status, already: false, position: status === "waitlisted" ? await positionOf(tx, c.id, memberId) : null });
    }),
  );
}

/**
 * Cancels the actor's own place or wait-list entry (`memberId` left out), or another member's for
 * those who may act for them. A freed place goes to the first on the wait-list at once. Returns
 * the members who moved up.
 */
export async function cancelEnrolment(
  db: Db,
  actor: Principal,
  opts: { classId: number; memberId?: number; now?: Date },
): Promise<Result<{ promoted: number[] }>> {
  const now = opts.now ?? clock.now();
  const who = await forWhom(db, actor, opts.classId, opts.memberId);
  if (!who.ok) return who;
  const { memberId } = who.value;
  return rollbackOnFailure(() =>
    db.transaction(async (txRaw): Promise<Result<{ promoted: number[] }>> => {
      const tx = txRaw as unknown as Db;
      const c = await lockClass(tx, opts.classId, now);
      if (!c) return notFound("classes.errors.notFound");
      if (c.ended || c.status === "closed") return fail("classes.errors.ended");
      const [e] = rowsOf<{ status: string }>(
        await tx.execute(sql`SELECT status::text AS status FROM class_enrolments WHERE class_id = ${c.id} AND member_id = ${memberId}`),
      );
      if (!e || e.status === "cancelled") return fail("classes.errors.notEnrolled");
      await tx.execute(sql`UPDATE class_enrolments SET status = 'cancelled', updated_at = ${now.toISOString()}::timestamptz
        WHERE class_id = ${c.id} AND member_id = ${memberId}`);
      const promoted = c.status === "published" && e.status === "enrolled" ? await promoteWaitlisted(tx, c.id, now, c) : [];
      return ok({ promoted });
    }),
  );
}

/**
 * Moves the wait-list up into the free places, first come first served, and notifies those who
 * moved. Call it inside a transaction that holds the class row's lock.
 */
export async function promoteWaitlisted(tx: Db, classId: number, now = clock.now(), locked?: { title: string; capacity: number }): Promise<number[]> {
  const c =
    locked ??
    rowsOf<{ title: string; capacity: number }>(await tx.execute(sql`SELECT title, capacity FROM classes WHERE id = ${classId} FOR UPDATE`)).map((r) => ({
      title: r.title,
      capacity: Number(r.capacity),
    }))[0];
  if (!c) throw new Rollback(notFound("classes.errors.notFound"));
  const rows = rowsOf<{ member_id: number }>(
    await tx.execute(sql`UPDATE class_enrolments SET status = 'enrolled', updated_at = ${now.toISOString()}::timestamptz
      WHERE class_id = ${classId} AND member_id IN (
        SELECT member_id FROM class_enrolments WHERE class_id = ${classId} AND status = 'waitlisted'
        ORDER BY queued_at, member_id
        LIMIT greatest(${c.capacity} - (SELECT count(*) FROM class_enrolments WHERE class_id = ${classId} AND status = 'enrolled'), 0))
      RETURNING member_id`),
  );
  const ids = rows.map((r) => Number(r.member_id));
  if (ids.length) await emit(tx, "waitlist_promoted", ids, { title: c.title }, "/classes", null, now);
  return ids;
}

interface EnrolmentRow {
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  status: "enrolled" | "waitlisted" | "cancelled";
  source: string;
  queuedAt: Date;
  /** Session ids the member attended, with how. */
  attended: Record<number, "code" | "manual">;
}

/**
 * The enrolment list of a class, wait-list in queue order, with attendance per session; only the
 * members inside `scope` (a scoped trainer who does not run the class sees their own people).
 */
export async function enrolmentList(db: Db, classId: number, scope: Scope): Promise<EnrolmentRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT e.member_id, m.employee_no, m.name, ou.name AS unit_name, e.status::text AS status, e.source, e.queued_at,
        coalesce((SELECT json_object_agg(a.session_id, a.method) FROM attendance a JOIN class_sessions s ON s.id = a.session_id
                  WHERE s.class_id = e.class_id AND a.member_id = e.member_id), '{}'::json) AS attended
      FROM class_enrolments e JOIN members m ON m.id = e.member_id JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE e.class_id = ${classId} AND ${inScope(sql`ou.path`, scope)}
      ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, e.queued_at, e.member_id`),
  );
  return rows.map((r) => ({
    memberId: Number(r.member_id),
    employeeNo: String(r.employee_no),
    name: String(r.name),
    unitName: String(r.unit_name),
    status: r.status as EnrolmentRow["status"],
    source: String(r.source),
    queuedAt: new Date(r.queued_at as string),
    attended: (typeof r.attended === "string" ? JSON.parse(r.attended) : r.attended) as Record<number, "code" | "manual">,
  }));
}
