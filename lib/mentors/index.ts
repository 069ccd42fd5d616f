import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { members, mentorCapacity, mentorshipGoals, mentorships, orgUnits } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { isMentor, mayActOnMember } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { today as todayInZone } from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { requiredText, text } from "@/lib/core/text";
import { isDay, QUARTER_RE } from "@/lib/core/time";
import { inScope } from "@/lib/org/scope";
import { membersByEmployeeNo } from "@/lib/signoffs";

/**
 * 以骨带训 (师带徒): mentor–apprentice pairs, their goals per quarter, each mentor's capacity.
 * Trainers pair and end pairs inside their `teach.manage` scope (the apprentice's unit decides
 * whose pair it is); a pair's goals are kept by its mentor or such a trainer.
 */

export const DEFAULT_CAPACITY = 3;
const day = z.string().refine(isDay, "methods.errors.badDate");

export const pairInput = z.object({
  mentorNo: z.string().trim().min(1).max(40),
  apprenticeNo: z.string().trim().min(1).max(40),
  startsOn: day,
  /** Empty: open-ended. */
  endsOn: z.preprocess((v) => (v === "" ? null : v), day.nullable()),
  note: text(500).default(""),
});
type PairInput = z.infer<typeof pairInput>;

/** Whether two periods (end null: open) share a day. Pure. */
export function overlaps(a: { startsOn: string; endsOn: string | null }, b: { startsOn: string; endsOn: string | null }): boolean {
  return (a.endsOn === null || a.endsOn >= b.startsOn) && (b.endsOn === null || b.endsOn >= a.startsOn);
}

/**
 * How many apprentices a mentor would have on the busiest day of a new pair's period: the
 * capacity holds at every moment, not only today. Pure.
 */
export function peakLoad(existing: { startsOn: string; endsOn: string | null }[], period: { startsOn: string; endsOn: string | null }): number {
  const within = existing.filter((p) => overlaps(p, period));
  // The load only rises on a start day, so the peak is on one of them (or the new pair's start).
  const days = [period.startsOn, ...within.map((p) => p.startsOn).filter((d) => d >= period.startsOn)];
  let peak = 0;
  for (const d of days) {
    const at = within.filter((p) => p.startsOn <= d && (p.endsOn === null || p.endsOn >= d)).length;
    peak = Math.max(peak, at);
  }
  return peak + 1;
}

async function capacityOf(db: Db, memberId: number): Promise<number> {
  const [r] = await db.select({ c: mentorCapacity.capacity }).from(mentorCapacity).where(eq(mentorCapacity.memberId, memberId));
  return r?.c ?? DEFAULT_CAPACITY;
}

/**
 * Pairs a mentor with an apprentice, both inside the actor's `teach.manage` scope. The mentor's
 * member row is locked first, so two pairings at once cannot both take the last place.
 */
export async function createPair(db: Db, actor: Principal, input: PairInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  return db.transaction(async (tx) => {
    const found = await membersByEmployeeNo(tx, [input.mentorNo, input.apprenticeNo]);
    const mentor = found.get(normaliseEmployeeNo(input.mentorNo));
    const apprentice = found.get(normaliseEmployeeNo(input.apprenticeNo));
    if (mentor?.status !== "active") return fail("methods.errors.unknownMember", { value: input.mentorNo });
    if (apprentice?.status !== "active") return fail("methods.errors.unknownMember", { value: input.apprenticeNo });
    for (const [m, no] of [
      [mentor, input.mentorNo],
      [apprentice, input.apprenticeNo],
    ] as const) {
      // A trainer may mentor (or be mentored) themselves: the pair earns nothing, it only asks for work.
      if (!mayActOnMember(actor, "teach.manage", m, { self: true })) return forbidden("methods.errors.memberOutOfScope", { value: normaliseEmployeeNo(no) });
    }
    if (mentor.id === apprentice.id) return fail("methods.errors.selfMentor");
    if (input.endsOn !== null && input.endsOn < input.startsOn) return fail("methods.errors.endBeforeStart");
    await tx.execute(sql`SELECT id FROM members WHERE id = ${mentor.id} FOR UPDATE`);
    const mine = await tx
      .select({ startsOn: mentorships.startsOn, endsOn: mentorships.endsOn, apprentice: mentorships.apprenticeMemberId })
      .from(mentorships)
      .where(eq(mentorships.mentorMemberId, mentor.id));
    if (mine.some((p) => p.apprentice === apprentice.id && overlaps(p, input))) return fail("methods.errors.pairExists");
    const theirs = await tx
      .select({ startsOn: mentorships.startsOn, endsOn: mentorships.endsOn })
      .from(mentorships)
      .where(eq(mentorships.apprenticeMemberId, apprentice.id));
    if (theirs.some((p) => overlaps(p, input))) return fail("methods.errors.hasMentor", { name: apprentice.name });
    const capacity = await capacityOf(tx, mentor.id);
    if (peakLoad(mine, input) > capacity) return fail("methods.errors.overCapacity", { name: mentor.name, capacity });
    const row = (
      await tx
        .insert(mentorships)
        .values({
          mentorMemberId: mentor.id,
          apprenticeMemberId: apprentice.id,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          note: input.note,
          createdBy: actor.userId || null,
        })
        .returning({ id: mentorships.id })
    )[0]!;
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "mentorship.create",
      entity: "mentorship",
      entityId: row.id,
      after: { mentor: mentor.id, apprentice: apprentice.id, startsOn: input.startsOn, endsOn: input.endsOn },
    });
    return ok(row);
  });
}

/** A pair with the path of its apprentice's unit (the unit whose trainers manage the pair). */
async function pairRecord(db: Db, id: number) {
  const [p] = await db
    .select({
      id: mentorships.id,
      mentorMemberId: mentorships.mentorMemberId,
      apprenticeMemberId: mentorships.apprenticeMemberId,
      startsOn: mentorships.startsOn,
      endsOn: mentorships.endsOn,
      apprenticePath: orgUnits.path,
    })
    .from(mentorships)
    .innerJoin(members, eq(members.id, mentorships.apprenticeMemberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(mentorships.id, id));
  return p ?? null;
}

/** Manages a pair's goals: its mentor, or a trainer over the apprentice. */
function mayKeepGoals(actor: Principal, pair: { mentorMemberId: number; apprenticePath: string }): boolean {
  return isMentor(actor, pair) || can(actor, "teach.manage", pair.apprenticePath);
}

/** Ends a pair on a day (not before it started): a trainer over the apprentice. */
export async function endPair(db: Db, actor: Principal, id: number, endsOn: string): Promise<Result> {
  if (!isDay(endsOn)) return fail("methods.errors.badDate");
  return db.transaction(async (tx) => {
    const p = await pairRecord(tx, id);
    if (!p) return notFound();
    if (!can(actor, "teach.manage", p.apprenticePath)) return forbidden("methods.errors.notPairManager");
    if (endsOn < p.startsOn) return fail("methods.errors.endBeforeStart");
    await tx.update(mentorships).set({ endsOn }).where(eq(mentorships.id, id));
    await audit(tx, {
      actorUserId: actor.userId || null,
      action: "mentorship.end",
      entity: "mentorship",
      entityId: id,
      before: { endsOn: p.endsOn },
      after: { endsOn },
    });
    return ok();
  });
}

export const capacityInput = z.object({
  employeeNo: z.string().trim().min(1).max(40),
  capacity: z.coerce.number().int("methods.errors.badCapacity").min(1, "methods.errors.badCapacity").max(20, "methods.errors.badCapacity"),
});

/** How many apprentices a mentor inside the actor's scope may take at once (never one's own). */
export async function setCapacity(db: Db, actor: Principal, employeeNo: string, capacity: number): Promise<Result> {
  if (!can(actor, "teach.manage")) return forbidden();
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 20) return fail("methods.errors.badCapacity");
  return db.transaction(async (tx) => {
    const m = (await membersByEmployeeNo(tx, [employeeNo])).get(normaliseEmployeeNo(employeeNo));
    if (!m) return fail("methods.errors.unknownMember", { value: employeeNo });
    if (m.id === actor.memberId) return forbidden("methods.errors.ownCapacity");
    if (!mayActOnMember(actor, "teach.manage", m)) return forbidden("methods.errors.memberOutOfScope", { value: normaliseEmployeeNo(employeeNo) });
    await tx
      .insert(mentorCapacity)
      .values({ memberId: m.id, capacity })
      .onConflictDoUpdate({ target: mentorCapacity.memberId, set: { capacity, updatedAt: clock.now() } });
    await audit(tx, { actorUserId: actor.userId || null, action: "mentorship.capacity", entity: "member", entityId: m.id, after: { capacity } });
    return ok();
  });
}

export const goalInput = z.object({
  mentorshipId: z.coerce.number().int().positive().max(2_147_483_647),
  quarter: z.string().regex(QUARTER_RE, "methods.errors.badQuarter"),
  goal: requiredText(300),
});

/** Adds a goal for a quarter: the pair's mentor, or a trainer over the apprentice. */
export async function addGoal(db: Db, actor: Principal, input: z.infer<typeof goalInput>): Promise<Result<{ id: number }>> {
  return db.transaction(async (tx) => {
    const p = await pairRecord(tx, input.mentorshipId);
    if (!p) return notFound();
    if (!mayKeepGoals(actor, p)) return forbidden("methods.errors.notPairMember");
    const row = (await tx.insert(mentorshipGoals).values(input).returning({ id: mentorshipGoals.id }))[0]!;
    await audit(tx, { actorUserId: actor.userId || null, action: "mentorship.goal", entity: "mentorship", entityId: input.mentorshipId, after: input });
    return ok(row);
  });
}

/** Marks a goal of the pair done or open again: the pair's mentor, or a trainer over the apprentice. */
export async function setGoalDone(db: Db, actor: Principal, input: { mentorshipId: number; goalId: number; done: boolean }): Promise<Result> {
  return db.transaction(async (tx) => {
    const p = await pairRecord(tx, input.mentorshipId);
    if (!p) return notFound();
    if (!mayKeepGoals(actor, p)) return forbidden("methods.errors.notPairMember");
    const changed = await tx
      .update(mentorshipGoals)
      .set({ done: input.done })
      .where(and(eq(mentorshipGoals.id, input.goalId), eq(mentorshipGoals.mentorshipId, p.id)))
      .returning({ id: mentorshipGoals.id });
    if (changed.length === 0) return notFound();
    await audit(tx, { actorUserId: actor.userId || null, action: "mentorship.goalDone", entity: "mentorship", entityId: p.id, after: input });
    return ok();
  });
}

export interface PairRow {
  id: number;
  mentorId: number;
  mentorName: string;
  apprenticeId: number;
  apprenticeName: string;
  apprenticeUnit: string;
  startsOn: string;
  endsOn: string | null;
  current: boolean;
}

const pairSelect = (today: string) => sql`
  SELECT p.id, p.mentor_member_id AS mentor_id, mm.name AS mentor_name, p.apprentice_member_id AS apprentice_id, am.name AS apprentice_name,
    au.name AS apprentice_unit, p.starts_on::text AS starts_on, p.ends_on::text AS ends_on,
    (p.starts_on <= ${today}::date AND (p.ends_on IS NULL OR p.ends_on >= ${today}::date)) AS current
  FROM mentorships p JOIN members mm ON mm.id = p.mentor_member_id JOIN members am ON am.id = p.apprentice_member_id JOIN org_units au ON au.id = am.org_unit_id`;

function toPair(r: Record<string, unknown>): PairRow {
  return {
    id: Number(r.id),
    mentorId: Number(r.mentor_id),
    mentorName: String(r.mentor_name),
    apprenticeId: Number(r.apprentice_id),
    apprenticeName: String(r.apprentice_name),
    apprenticeUnit: String(r.apprentice_unit),
    startsOn: String(r.starts_on),
    endsOn: r.ends_on === null ? null : String(r.ends_on),
    current: Boolean(r.current),
  };
}

/** Pairs whose apprentice is inside the viewer's `teach.manage` scope, current first. */
export async function listPairs(db: Db, viewer: Principal, today: string = todayInZone()): Promise<PairRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`${pairSelect(today)} WHERE ${inScope(sql`au.path`, scopeOf(viewer, "teach.manage"))} ORDER BY current DESC, p.starts_on DESC, p.id DESC LIMIT 500`,
    ),
  );
  return rows.map(toPair);
}

/**
 * A member's history as mentor and as apprentice, for the member, whoever may read the member's
 * records, and the member's mentors.
 */
export async function pairsOfMember(db: Db, viewer: Principal, memberId: number, today: string = todayInZone()): Promise<PairRow[]> {
  const visible = sql`(${memberId} = ${viewer.memberId}
    OR EXISTS (SELECT 1 FROM members vm JOIN org_units vu ON vu.id = vm.org_unit_id WHERE vm.id = ${memberId} AND ${inScope(sql`vu.path`, scopeOf(viewer, "member.read"))})
    OR EXISTS (SELECT 1 FROM mentorships vp WHERE vp.mentor_member_id = ${viewer.memberId} AND vp.apprentice_member_id = ${memberId}))`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`${pairSelect(today)} WHERE (p.mentor_member_id = ${memberId} OR p.apprentice_member_id = ${memberId}) AND ${visible} ORDER BY p.starts_on DESC, p.id DESC`,
    ),
  );
  return rows.map(toPair);
}

/**
 * A pair for its page: its mentor, its apprentice, and those holding `teach.manage` or
 * `member.read` over the apprentice; with what the viewer may do to it.
 */
export async function getPair(db: Db, viewer: Principal, id: number, today: string = todayInZone()) {
  const p = await pairRecord(db, id);
  if (!p) return notFound();
  const involved = p.mentorMemberId === viewer.memberId || p.apprenticeMemberId === viewer.memberId;
  if (!involved && !can(viewer, "teach.manage", p.apprenticePath) && !can(viewer, "member.read", p.apprenticePath)) return forbidden();
  const [row] = rowsOf<Record<string, unknown>>(await db.execute(sql`${pairSelect(today)} WHERE p.id = ${id}`));
  if (!row) return notFound();
  const goals = await db
    .select()
    .from(mentorshipGoals)
    .where(eq(mentorshipGoals.mentorshipId, id))
    .orderBy(desc(mentorshipGoals.quarter), asc(mentorshipGoals.id));
  return ok({ ...toPair(row), goals, mayKeepGoals: mayKeepGoals(viewer, p), mayEnd: can(viewer, "teach.manage", p.apprenticePath) });
}

interface ApprenticeProgress extends PairRow {
  lessonsCompleted: number | null;
  quizzesTaken: number;
  quizzesPassed: number;
  quizAverage: number | null;
  signoffs: number;
  goalsDone: number;
  goalsTotal: number;
}

/**
 * The viewer's current apprentices (as their mentor) with their progress, in one query whatever their number:
 * lessons completed, quiz results, sign-offs, this quarter's goals.
 */
export async function apprenticesOf(db: Db, viewer: Principal, quarter: string, today: string = todayInZone()): Promise<ApprenticeProgress[]> {
  const lessons = sql`(SELECT count(*)::int FROM lesson_progress lp WHERE lp.member_id = p.apprentice_member_id AND lp.completed_at IS NOT NULL)`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT x.*, ${lessons} AS lessons_completed,
        (SELECT count(*)::int FROM quiz_results q WHERE q.member_id = x.apprentice_id) AS quizzes_taken,
        (SELECT count(*)::int FROM quiz_results q WHERE q.member_id = x.apprentice_id AND q.passed) AS quizzes_passed,
        (SELECT round(avg(q.percent), 1)::float FROM quiz_results q WHERE q.member_id = x.apprentice_id) AS quiz_average,
        (SELECT count(*)::int FROM signoffs s WHERE s.member_id = x.apprentice_id) AS signoffs,
        (SELECT count(*)::int FROM mentorship_goals g WHERE g.mentorship_id = x.id AND g.quarter = ${quarter} AND g.done) AS goals_done,
        (SELECT count(*)::int FROM mentorship_goals g WHERE g.mentorship_id = x.id AND g.quarter = ${quarter}) AS goals_total
      FROM (${pairSelect(today)} WHERE p.mentor_member_id = ${viewer.memberId}) x
      JOIN mentorships p ON p.id = x.id
      WHERE x.current
      ORDER BY x.apprentice_name`),
  );
  return rows.map((r) => ({
    ...toPair(r),
    lessonsCompleted: r.lessons_completed === null ? null : Number(r.lessons_completed),
    quizzesTaken: Number(r.quizzes_taken),
    quizzesPassed: Number(r.quizzes_passed),
    quizAverage: r.quiz_average === null ? null : Number(r.quiz_average),
    signoffs: Number(r.signoffs),
    goalsDone: Number(r.goals_done),
    goalsTotal: Number(r.goals_total),
  }));
}
