/**
 * 现场监考: the on-site proctor code. A proctor opens proctoring of a quiz that requires it at a
 * station and shows the rotating six-digit code of lib/core/rotating-code (the class check-in
 * code's mechanism, with a secret per proctoring); a worker starts the quiz only with the code
 * shown now (`checkProctorCode`, called inside the start's transaction), and the attempt records
 * the proctoring: who, at which station, when.
 *
 * Who may proctor at a station: a trainer over it (`teach.manage` in scope), a manager over it
 * (`roster.read` in scope), or a technician (技师, 高级技师) of the station's unit — a member whose
 * own unit is the station or lies above it.
 */

import { and, eq, isNull, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { quizProctorFailures, quizProctorSessions } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { checkCode, currentCode, newCodeSecret, normaliseCode } from "@/lib/core/rotating-code";
import { conflict, fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { TECHNICIAN_TITLES } from "@/lib/org/constants";
import { inScope } from "@/lib/org/scope";
import * as clock from "@/lib/core/clock";

/** Wrong or expired codes a member may type for one quiz within the window. */
export const PROCTOR_MAX_FAILURES = 10;
export const PROCTOR_FAILURE_WINDOW_MS = 30 * 60_000;

/** The org subtrees in which the actor may proctor. */
async function proctorPaths(db: Db, actor: Principal): Promise<{ all: true } | { all: false; paths: string[] }> {
  const paths: string[] = [];
  for (const p of ["teach.manage", "roster.read"] as const) {
    if (!can(actor, p)) continue;
    const s = scopeOf(actor, p);
    if (s.all) return { all: true };
    paths.push(...s.paths);
  }
  const [me] = rowsOf<{ path: string; tech_title: string | null }>(
    await db.execute(sql`SELECT u.path, m.tech_title::text AS tech_title FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE m.id = ${actor.memberId} AND m.status = 'active'`),
  );
  if (me && (TECHNICIAN_TITLES as readonly string[]).includes(me.tech_title ?? "")) paths.push(me.path);
  return { all: false, paths };
}

/**
 * Whether the actor may proctor only as a technician (技师, 高级技师; no trainer or manager role)
 * and somewhere: an active station at or below their own unit. Trainers and managers find
 * proctoring in their own menus, so for them this is false without a query.
 */
export async function technicianMayProctor(db: Db, actor: Principal): Promise<boolean> {
  if (can(actor, "teach.manage") || can(actor, "roster.read")) return false;
  const scope = await proctorPaths(db, actor);
  if (!scope.all && scope.paths.length === 0) return false;
  const [hit] = rowsOf(await db.execute(sql`SELECT 1 FROM org_units u WHERE u.kind = 'station' AND u.active AND ${inScope(sql`u.path`, scope)} LIMIT 1`));
  return Boolean(hit);
}

export interface ProctorStation {
  id: number;
  name: string;
  path: string;
}

/** The stations (org units of kind station, active) where the actor may proctor, in tree order. */
export async function proctorStations(db: Db, actor: Principal): Promise<ProctorStation[]> {
  const scope = await proctorPaths(db, actor);
  const rows = rowsOf<{ id: number; name: string; path: string }>(
    await db.execute(
      sql`SELECT id, name, path FROM org_units u WHERE u.kind = 'station' AND u.active AND ${inScope(sql`u.path`, scope)} ORDER BY u.path LIMIT 500`,
    ),
  );
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), path: String(r.path) }));
}

export interface ProctorQuiz {
  id: number;
  title: string;
  closesAt: Date;
}

export interface OpenProctoring {
  id: number;
  quizId: number;
  quizTitle: string;
  stationName: string;
}

/**
 * What the proctoring page offers: the published quizzes that need a proctor code and are open
 * now, and the proctorings open at the actor's stations. Empty for someone who may proctor nowhere.
 */
export async function proctorOverview(
  db: Db,
  actor: Principal,
  now = clock.now(),
): Promise<{ stations: ProctorStation[]; quizzes: ProctorQuiz[]; open: OpenProctoring[] }> {
  const stations = await proctorStations(db, actor);
  if (stations.length === 0) return { stations, quizzes: [], open: [] };
  const ts = now.toISOString();
  const quizzes = rowsOf<{ id: number; title: string; closes_at: string | Date }>(
    await db.execute(sql`SELECT id, title, closes_at FROM quizzes
      WHERE status = 'published' AND proctor_required AND opens_at <= ${ts}::timestamptz AND closes_at > ${ts}::timestamptz
      ORDER BY closes_at, id LIMIT 100`),
  );
  const ids = stations.map((s) => s.id);
  const open = rowsOf<{ id: number; quiz_id: number; title: string; station: string }>(
    await db.execute(sql`SELECT p.id, p.quiz_id, q.title, u.name AS station FROM quiz_proctor_sessions p
      JOIN quizzes q ON q.id = p.quiz_id JOIN org_units u ON u.id = p.org_unit_id
      WHERE p.closed_at IS NULL AND q.status = 'published' AND q.closes_at > ${ts}::timestamptz
        AND p.org_unit_id IN (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})
      ORDER BY p.opened_at DESC LIMIT 100`),
  );
  return {
    stations,
    quizzes: quizzes.map((q) => ({ id: Number(q.id), title: String(q.title), closesAt: new Date(q.closes_at) })),
    open: open.map((o) => ({ id: Number(o.id), quizId: Number(o.quiz_id), quizTitle: String(o.title), stationName: String(o.station) })),
  };
}

/**
 * Opens proctoring of a quiz at a station (or hands back the one already open there): the quiz
 * must need a proctor code and be open now; the actor must be allowed to proctor at the station.
 */
export async function openProctoring(
  db: Db,
  actor: Principal,
  input: { quizId: number; orgUnitId: number },
  now = clock.now(),
): Promise<Result<{ id: number }>> {
  const [q] = rowsOf<{ status: string; proctor_required: boolean; opens_at: string | Date; closes_at: string | Date }>(
    await db.execute(sql`SELECT status::text AS status, proctor_required, opens_at, closes_at FROM quizzes WHERE id = ${input.quizId}`),
  );
  if (!q) return notFound("proctor.errors.notFound");
  const station = (await proctorStations(db, actor)).find((s) => s.id === input.orgUnitId);
  if (!station) {
    const [u] = rowsOf<{ kind: string }>(await db.execute(sql`SELECT kind::text AS kind FROM org_units WHERE id = ${input.orgUnitId}`));
    return u && u.kind !== "station" ? fail("proctor.errors.notAStation") : forbidden("proctor.errors.notYourStation");
  }
  if (!q.proctor_required) return conflict("proctor.errors.notProctored");
  if (q.status !== "published" || now < new Date(q.opens_at) || now >= new Date(q.closes_at)) return conflict("proctor.errors.quizNotOpen");
  const [made] = await db
    .insert(quizProctorSessions)
    .values({ quizId: input.quizId, orgUnitId: input.orgUnitId, proctorMemberId: actor.memberId, secret: newCodeSecret(), openedAt: now })
    .onConflictDoNothing()
    .returning({ id: quizProctorSessions.id });
  if (made) return ok({ id: made.id });
  const [open] = await db
    .select({ id: quizProctorSessions.id })
    .from(quizProctorSessions)
    .where(and(eq(quizProctorSessions.quizId, input.quizId), eq(quizProctorSessions.orgUnitId, input.orgUnitId), isNull(quizProctorSessions.closedAt)));
  return open ? ok({ id: open.id }) : conflict("proctor.errors.quizNotOpen");
}

interface ProctoringRow {
  id: number;
  quizId: number;
  quizTitle: string;
  quizClosesAt: Date;
  quizStatus: string;
  stationId: number;
  stationName: string;
  stationPath: string;
  proctorName: string;
  secret: string;
  closedAt: Date | null;
}

/** A proctoring, if the actor may proctor at its station (anyone else: not found). */
async function proctoringFor(db: Db, actor: Principal, id: number): Promise<Result<ProctoringRow>> {
  const [r] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT p.id, p.quiz_id, q.title, q.closes_at, q.status::text AS status, u.id AS station_id, u.name AS station, u.path,
        m.name AS proctor, p.secret, p.closed_at
      FROM quiz_proctor_sessions p JOIN quizzes q ON q.id = p.quiz_id JOIN org_units u ON u.id = p.org_unit_id JOIN members m ON m.id = p.proctor_member_id
      WHERE p.id = ${id}`),
  );
  if (!r) return notFound("proctor.errors.notFound");
  const scope = await proctorPaths(db, actor);
  const path = String(r.path);
  if (!scope.all && !scope.paths.some((p) => path.startsWith(p))) return notFound("proctor.errors.notFound");
  return ok({
    id: Number(r.id),
    quizId: Number(r.quiz_id),
    quizTitle: String(r.title),
    quizClosesAt: new Date(r.closes_at as string),
    quizStatus: String(r.status),
    stationId: Number(r.station_id),
    stationName: String(r.station),
    stationPath: path,
    proctorName: String(r.proctor),
    secret: String(r.secret),
    closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
  });
}

export async function closeProctoring(db: Db, actor: Principal, id: number, now = clock.now()): Promise<Result<null>> {
  const p = await proctoringFor(db, actor, id);
  if (!p.ok) return p;
  await db
    .update(quizProctorSessions)
    .set({ closedAt: now })
    .where(and(eq(quizProctorSessions.id, id), isNull(quizProctorSessions.closedAt)));
  return ok(null);
}

export interface ProctorDisplay {
  id: number;
  quizId: number;
  quizTitle: string;
  stationName: string;
  proctorName: string;
  state: "open" | "closed";
  code: string | null;
  changesAt: Date | null;
  started: number;
}

/** The proctor's screen: the code only while the proctoring is open and the quiz still runs. */
export async function proctorDisplay(db: Db, actor: Principal, id: number, now = clock.now()): Promise<Result<ProctorDisplay>> {
  const p = await proctoringFor(db, actor, id);
  if (!p.ok) return p;
  const v = p.value;
  const open = v.closedAt === null && v.quizStatus === "published" && now < v.quizClosesAt;
  const code = open ? currentCode(v.secret, now) : null;
  const [n] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM attempts WHERE proctor_session_id = ${id}`));
  return ok({
    id,
    quizId: v.quizId,
    quizTitle: v.quizTitle,
    stationName: v.stationName,
    proctorName: v.proctorName,
    state: open ? "open" : "closed",
    code: code?.code ?? null,
    changesAt: code?.changesAt ?? null,
    started: Number(n?.n ?? 0),
  });
}

export interface ProctorFailures {
  memberId: number;
  name: string;
  employeeNo: string;
  failures: number;
  /** At PROCTOR_MAX_FAILURES: the start is refused until the window passes or a proctor resets it. */
  blocked: boolean;
}

/**
 * Workers of the proctoring's station (its unit subtree) with wrong proctor codes counted for its
 * quiz in the current window, most first — for the proctor who may reset them. Not found for
 * anyone who may not proctor at that station.
 */
export async function proctorFailures(db: Db, actor: Principal, proctoringId: number, now = clock.now()): Promise<Result<ProctorFailures[]>> {
  const p = await proctoringFor(db, actor, proctoringId);
  if (!p.ok) return p;
  const windowStart = new Date(now.getTime() - PROCTOR_FAILURE_WINDOW_MS).toISOString();
  const rows = rowsOf<{ member_id: number; name: string; employee_no: string; failures: number }>(
    await db.execute(sql`SELECT f.member_id, m.name, m.employee_no, f.failures FROM quiz_proctor_failures f
      JOIN members m ON m.id = f.member_id JOIN org_units u ON u.id = m.org_unit_id
      WHERE f.quiz_id = ${p.value.quizId} AND f.failures > 0 AND f.first_at > ${windowStart}::timestamptz
        AND ${inScope(sql`u.path`, { all: false, paths: [p.value.stationPath] })}
      ORDER BY f.failures DESC, m.employee_no LIMIT 200`),
  );
  return ok(
    rows.map((r) => ({
      memberId: Number(r.member_id),
      name: String(r.name),
      employeeNo: String(r.employee_no),
      failures: Number(r.failures),
      blocked: Number(r.failures) >= PROCTOR_MAX_FAILURES,
    })),
  );
}

/**
 * A proctor clears a worker's count of wrong codes for the proctoring's quiz (quiz_proctor_failures),
 * so a worker blocked by typos can start under supervision: only someone who may proctor at the
 * proctoring's station, only for a worker of that station other than themselves, only while the
 * proctoring is open.
 * Audited with the count cleared.
 */
export async function resetProctorFailures(
  db: Db,
  actor: Principal,
  input: { proctoringId: number; memberId: number },
  now = clock.now(),
): Promise<Result<{ cleared: number }>> {
  const p = await proctoringFor(db, actor, input.proctoringId);
  if (!p.ok) return p;
  // A proctor who is also a worker of the station never clears their own count.
  if (input.memberId === actor.memberId) return forbidden("proctor.errors.notYourself");
  if (p.value.closedAt !== null || p.value.quizStatus !== "published" || now >= p.value.quizClosesAt) return conflict("proctor.errors.proctoringClosed");
  const [member] = rowsOf(
    await db.execute(sql`SELECT 1 FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE m.id = ${input.memberId} AND ${inScope(sql`u.path`, { all: false, paths: [p.value.stationPath] })}`),
  );
  if (!member) return notFound("proctor.errors.memberNotHere");
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(quizProctorFailures)
      .where(and(eq(quizProctorFailures.quizId, p.value.quizId), eq(quizProctorFailures.memberId, input.memberId)))
      .returning({ failures: quizProctorFailures.failures, firstAt: quizProctorFailures.firstAt });
    const before = gone[0];
    if (!before) return ok({ cleared: 0 });
    await audit(tx, {
      actorUserId: actor.userId,
      action: "proctor.failures.reset",
      entity: "member",
      entityId: input.memberId,
      before: { quizId: p.value.quizId, failures: before.failures, firstAt: before.firstAt.toISOString() },
      after: { quizId: p.value.quizId, proctoringId: input.proctoringId, stationId: p.value.stationId, failures: 0 },
    });
    return ok({ cleared: before.failures });
  });
}

/**
 * The code a worker gave to start a quiz that needs one. Tried against the quiz's open
 * proctorings (only `proctoringId`'s when the QR named it). A wrong or expired code is counted
 * (PROCTOR_MAX_FAILURES within PROCTOR_FAILURE_WINDOW_MS, in the database); the caller writes
 * nothing else. Run inside the start's transaction, after the member's right to start is checked.
 */
export async function checkProctorCode(
  db: Db,
  input: { quizId: number; memberId: number; code: string | null | undefined; proctoringId?: number | null; now: Date },
): Promise<Result<{ proctoringId: number }>> {
  const raw = input.code?.trim() ?? "";
  if (raw === "") return fail("proctor.errors.codeRequired");
  const code = normaliseCode(raw);
  if (!/^\d{6}$/.test(code)) return fail("proctor.errors.codeFormat");
  const windowStart = new Date(input.now.getTime() - PROCTOR_FAILURE_WINDOW_MS);
  const [f] = rowsOf<{ failures: number; first_at: string | Date }>(
    await db.execute(sql`SELECT failures, first_at FROM quiz_proctor_failures WHERE quiz_id = ${input.quizId} AND member_id = ${input.memberId}`),
  );
  const counted = f && new Date(f.first_at) > windowStart ? Number(f.failures) : 0;
  if (counted >= PROCTOR_MAX_FAILURES)
    return fail("proctor.errors.tooManyTries", { max: PROCTOR_MAX_FAILURES, minutes: Math.round(PROCTOR_FAILURE_WINDOW_MS / 60_000) });
  const open = rowsOf<{ id: number; secret: string }>(
    await db.execute(sql`SELECT id, secret FROM quiz_proctor_sessions
      WHERE quiz_id = ${input.quizId} AND closed_at IS NULL ${input.proctoringId ? sql`AND id = ${input.proctoringId}` : sql``}
      ORDER BY id`),
  );
  if (open.length === 0) return fail("proctor.errors.noProctor");
  let stale = false;
  for (const s of open) {
    const r = checkCode(String(s.secret), code, input.now);
    if (r === "ok") return ok({ proctoringId: Number(s.id) });
    if (r === "stale") stale = true;
  }
  const at = input.now.toISOString();
  await db.execute(sql`INSERT INTO quiz_proctor_failures (quiz_id, member_id, failures, first_at) VALUES (${input.quizId}, ${input.memberId}, 1, ${at}::timestamptz)
    ON CONFLICT (quiz_id, member_id) DO UPDATE SET
      failures = CASE WHEN quiz_proctor_failures.first_at > ${windowStart.toISOString()}::timestamptz THEN quiz_proctor_failures.failures + 1 ELSE 1 END,
      first_at = CASE WHEN quiz_proctor_failures.first_at > ${windowStart.toISOString()}::timestamptz THEN quiz_proctor_failures.first_at ELSE EXCLUDED.first_at END`);
  return fail(stale ? "proctor.errors.staleCode" : "proctor.errors.wrongCode");
}
