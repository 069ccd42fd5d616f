import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { attendance, classes, classSessions } from "@/db/schema";
import { mayActInClass, runsClass } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { syncCourseCompletions } from "@/lib/video/completions";
import { findMember, isRowId, MARK_ATTENDANCE } from "./access";
import { checkCode, currentCode, normaliseCode } from "@/lib/core/rotating-code";
import { checkinState, checkinWindow, MAX_CODE_FAILURES } from "./rules";
import * as clock from "@/lib/core/clock";

/**
 * Check-in (签到). The instructor opens check-in for a session and shows a code that changes
 * every minute (see code.ts). A worker may check in when:
 *  - they are enrolled in the class (status 'enrolled'; a wait-listed walk-in is marked by hand),
 *  - the instructor opened check-in and has not closed it,
 *  - the time is inside the session's window (30 minutes before its start until its end),
 *  - the code is the current or the previous minute's,
 *  - they have typed fewer than MAX_CODE_FAILURES wrong codes for this session.
 * A second check-in changes nothing and says when the first one was.
 */

interface SessionForCheckin {
  id: number;
  classId: number;
  classTitle: string;
  classStatus: string;
  instructorMemberId: number;
  createdBy: number | null;
  startsAt: Date;
  endsAt: Date;
  checkinOpenedAt: Date | null;
  checkinClosedAt: Date | null;
  checkinSecret: string;
}

async function loadSession(db: Db, sessionId: number): Promise<SessionForCheckin | null> {
  if (!isRowId(sessionId)) return null;
  const [s] = await db
    .select({
      id: classSessions.id,
      classId: classSessions.classId,
      classTitle: classes.title,
      classStatus: classes.status,
      instructorMemberId: classes.instructorMemberId,
      createdBy: classes.createdBy,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      checkinOpenedAt: classSessions.checkinOpenedAt,
      checkinClosedAt: classSessions.checkinClosedAt,
      checkinSecret: classSessions.checkinSecret,
    })
    .from(classSessions)
    .innerJoin(classes, eq(classes.id, classSessions.classId))
    .where(eq(classSessions.id, sessionId));
  return s ?? null;
}

/** The session if the actor runs its class (instructor, author, whole-organisation trainer). */
async function sessionToRun(db: Db, actor: Principal, sessionId: number): Promise<Result<SessionForCheckin>> {
  const s = await loadSession(db, sessionId);
  if (!s) return notFound("classes.errors.sessionNotFound");
  if (!runsClass(actor, s)) return forbidden("classes.errors.notYours");
  return ok(s);
}

/** Opens (or reopens) check-in; only inside the session's window. */
export async function openCheckin(db: Db, actor: Principal, sessionId: number, now = clock.now()): Promise<Result<null>> {
  const s = await sessionToRun(db, actor, sessionId);
  if (!s.ok) return s;
  if (s.value.classStatus === "draft") return fail("classes.errors.notOpen");
  const w = checkinWindow(s.value);
  if (now < w.from) return fail("classes.errors.tooEarly");
  if (now > w.until) return fail("classes.errors.sessionEnded");
  await db
    .update(classSessions)
    .set({ checkinOpenedAt: s.value.checkinOpenedAt ?? now, checkinClosedAt: null })
    .where(eq(classSessions.id, sessionId));
  return ok(null);
}

export async function closeCheckin(db: Db, actor: Principal, sessionId: number, now = clock.now()): Promise<Result<null>> {
  const s = await sessionToRun(db, actor, sessionId);
  if (!s.ok) return s;
  await db.update(classSessions).set({ checkinClosedAt: now }).where(eq(classSessions.id, sessionId));
  return ok(null);
}

interface CheckinDisplay {
  state: ReturnType<typeof checkinState>;
  code: string | null;
  changesAt: Date | null;
  checkedIn: number;
  enrolled: number;
}

/** What the instructor's screen shows: the code only while check-in is open. */
export async function checkinDisplay(
  db: Db,
  actor: Principal,
  sessionId: number,
  now = clock.now(),
): Promise<Result<CheckinDisplay & { session: SessionForCheckin }>> {
  const s = await sessionToRun(db, actor, sessionId);
  if (!s.ok) return s;
  const state = checkinState(s.value, now);
  const [n] = rowsOf<{ checked: number; enrolled: number }>(
    await db.execute(sql`SELECT (SELECT count(*)::int FROM attendance WHERE session_id = ${sessionId}) AS checked,
      (SELECT count(*)::int FROM class_enrolments WHERE class_id = ${s.value.classId} AND status = 'enrolled') AS enrolled`),
  );
  const code = state === "open" ? currentCode(s.value.checkinSecret, now) : null;
  return ok({
    session: s.value,
    state,
    code: code?.code ?? null,
    changesAt: code?.changesAt ?? null,
    checkedIn: Number(n?.checked ?? 0),
    enrolled: Number(n?.enrolled ?? 0),
  });
}

interface CheckinResult {
  sessionId: number;
  classTitle: string;
  checkedInAt: Date;
  /** True when the member had already checked in: nothing changed. */
  already: boolean;
}

/**
 * The actor checks themselves in with a typed or scanned code (only ever themselves: marking
 * someone else is `markAttendance`). Without `sessionId`, the code is tried against the open
 * sessions the actor is enrolled in (a worker only types six digits).
 */
export async function checkIn(db: Db, actor: Principal, opts: { code: string; sessionId?: number | null; now?: Date }): Promise<Result<CheckinResult>> {
  const now = opts.now ?? clock.now();
  const memberId = actor.memberId;
  const code = normaliseCode(opts.code);
  if (!/^\d{6}$/.test(code)) return fail("classes.errors.badCodeFormat");
  let candidates: number[];
  if (opts.sessionId) {
    candidates = [opts.sessionId];
  } else {
    const rows = rowsOf<{ id: number }>(
      await db.execute(sql`SELECT s.id FROM class_sessions s JOIN class_enrolments e ON e.class_id = s.class_id AND e.member_id = ${memberId} AND e.status = 'enrolled'
        WHERE s.checkin_opened_at IS NOT NULL
          AND s.starts_at - interval '30 minutes' <= ${now.toISOString()}::timestamptz AND s.ends_at >= ${now.toISOString()}::timestamptz
        ORDER BY s.starts_at`),
    );
    candidates = rows.map((r) => Number(r.id));
    if (candidates.length === 0) return fail("classes.errors.noOpenSession");
  }
  let firstFailure: Result<CheckinResult> | null = null;
  for (const id of candidates) {
    const r = await checkInOne(db, id, memberId, code, now);
    if (r.ok) return r;
    // With several open sessions, a code that fits none says why for the most telling one.
    if (!firstFailure || (firstFailure.ok === false && firstFailure.code === "classes.errors.wrongCode")) firstFailure = r;
  }
  return firstFailure!;
}

async function checkInOne(db: Db, sessionId: number, memberId: number, code: string, now: Date): Promise<Result<CheckinResult>> {
  const s = await loadSession(db, sessionId);
  if (!s || s.classStatus === "draft") return notFound("classes.errors.sessionNotFound");
  const [e] = rowsOf<{ status: string }>(
    await db.execute(sql`SELECT status::text AS status FROM class_enrolments WHERE class_id = ${s.classId} AND member_id = ${memberId}`),
  );
  if (e?.status !== "enrolled") return fail(e?.status === "waitlisted" ? "classes.errors.waitlistedCannotCheckIn" : "classes.errors.notEnrolled");
  const [prev] = await db
    .select({ at: attendance.checkedInAt })
    .from(attendance)
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.memberId, memberId)));
  if (prev) return ok({ sessionId, classTitle: s.classTitle, checkedInAt: prev.at, already: true });
  const state = checkinState(s, now);
  if (state === "early") return fail("classes.errors.tooEarly");
  if (state === "ended") return fail("classes.errors.sessionEnded");
  if (state === "notOpened") return fail("classes.errors.checkinNotOpen");
  if (state === "closed") return fail("classes.errors.checkinClosed");
  const [f] = rowsOf<{ failures: number }>(
    await db.execute(sql`SELECT failures FROM checkin_failures WHERE session_id = ${sessionId} AND member_id = ${memberId}`),
  );
  if (Number(f?.failures ?? 0) >= MAX_CODE_FAILURES) return fail("classes.errors.tooManyAttempts", { max: MAX_CODE_FAILURES });
  const check = checkCode(s.checkinSecret, code, now);
  if (check !== "ok") {
    await db.execute(sql`INSERT INTO checkin_failures (session_id, member_id, failures, last_at) VALUES (${sessionId}, ${memberId}, 1, ${now.toISOString()}::timestamptz)
      ON CONFLICT (session_id, member_id) DO UPDATE SET failures = checkin_failures.failures + 1, last_at = EXCLUDED.last_at`);
    return fail(check === "stale" ? "classes.errors.staleCode" : "classes.errors.wrongCode");
  }
  const [mine] = await db
    .insert(attendance)
    .values({ sessionId, memberId, method: "code", checkedInAt: now })
    .onConflictDoNothing()
    .returning({ at: attendance.checkedInAt });
  if (!mine) {
    // A double tap raced this one: the first stands. (Gone already only if marked absent by hand
    // in between; the racing tap was told it counted at about this moment.)
    const [first] = await db
      .select({ at: attendance.checkedInAt })
      .from(attendance)
      .where(and(eq(attendance.sessionId, sessionId), eq(attendance.memberId, memberId)));
    return ok({ sessionId, classTitle: s.classTitle, checkedInAt: first?.at ?? now, already: true });
  }
  // Attending may complete a course that has this class as an item.
  await syncCourseCompletions(db, memberId, { classId: s.classId }, now);
  return ok({ sessionId, classTitle: s.classTitle, checkedInAt: mine.at, already: false });
}

/**
 * Marks a member present or absent by hand: whoever runs the class marks anyone on its list, a
 * trainer the members inside their scope; nobody marks themselves. Only members on the class's
 * list (enrolled, or wait-listed walk-ins) can be marked; a code check-in can be taken back too.
 */
export async function markAttendance(
  db: Db,
  actor: Principal,
  opts: { sessionId: number; memberId: number; present: boolean; now?: Date },
): Promise<Result<null>> {
  const s = await loadSession(db, opts.sessionId);
  if (!s) return notFound("classes.errors.sessionNotFound");
  const m = await findMember(db, { memberId: opts.memberId });
  if (!m) return notFound("members.errors.notFound");
  if (m.id === actor.memberId) return forbidden("classes.errors.notYourself");
  if (!mayActInClass(actor, s, m, MARK_ATTENDANCE)) return forbidden("classes.errors.notYours");
  const [e] = rowsOf<{ status: string }>(
    await db.execute(sql`SELECT status::text AS status FROM class_enrolments WHERE class_id = ${s.classId} AND member_id = ${m.id}`),
  );
  if (!e || e.status === "cancelled") return fail("classes.errors.notEnrolled");
  if (opts.present) {
    await db
      .insert(attendance)
      .values({ sessionId: opts.sessionId, memberId: m.id, method: "manual", checkedInAt: opts.now ?? clock.now(), recordedBy: actor.userId || null })
      .onConflictDoNothing();
    await syncCourseCompletions(db, m.id, { classId: s.classId }, opts.now);
  } else {
    await db.delete(attendance).where(and(eq(attendance.sessionId, opts.sessionId), eq(attendance.memberId, m.id)));
  }
  return ok(null);
}
