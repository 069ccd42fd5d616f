import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { mentorCapacity, mentorshipGoals, mentorships } from "@/db/schema";
import { audit } from "@/lib/audit";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { fail, type Outcome } from "@/lib/quiz/attempts/common";
import { membersByEmployeeNo } from "@/lib/signoffs";
import { QUARTER_RE } from "@/lib/core/time";
import { today as todayInZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

/** 以骨带训 (师带徒): mentor–apprentice pairs, their goals per quarter, each mentor's capacity. */

export const DEFAULT_CAPACITY = 3;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "methods.errors.badDate");

export const pairInput = z.object({
  mentorNo: z.string().trim().min(1).max(40),
  apprenticeNo: z.string().trim().min(1).max(40),
  startsOn: day,
  endsOn: day.nullable(),
  note: z.string().trim().max(500).default(""),
});
export type PairInput = z.infer<typeof pairInput>;

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

export async function capacityOf(db: Db, memberId: number): Promise<number> {
  const [r] = await db.select({ c: mentorCapacity.capacity }).from(mentorCapacity).where(eq(mentorCapacity.memberId, memberId));
  return r?.c ?? DEFAULT_CAPACITY;
}

/**
 * Pairs a mentor with an apprentice. The mentor's member row is locked first, so two pairings
 * at once cannot both take the last place.
 */
export async function createPair(db: Db, actorUserId: number | null, input: PairInput, opts: { inScope?: (orgPath: string) => boolean } = {}): Promise<Outcome<{ id: number }>> {
  return db.transaction(async (tx) => {
    const found = await membersByEmployeeNo(tx, [input.mentorNo, input.apprenticeNo]);
    const mentor = found.get(normaliseEmployeeNo(input.mentorNo));
    const apprentice = found.get(normaliseEmployeeNo(input.apprenticeNo));
    if (!mentor || mentor.status !== "active") return fail("methods.errors.unknownMember", { value: input.mentorNo });
    if (!apprentice || apprentice.status !== "active") return fail("methods.errors.unknownMember", { value: input.apprenticeNo });
    if (opts.inScope && !opts.inScope(apprentice.orgPath)) return fail("methods.errors.outOfScope", { name: apprentice.name });
    if (mentor.id === apprentice.id) return fail("methods.errors.selfMentor");
    if (input.endsOn !== null && input.endsOn < input.startsOn) return fail("methods.errors.endBeforeStart");
    await tx.execute(sql`SELECT id FROM members WHERE id = ${mentor.id} FOR UPDATE`);
    const mine = await tx.select({ startsOn: mentorships.startsOn, endsOn: mentorships.endsOn, apprentice: mentorships.apprenticeMemberId }).from(mentorships).where(eq(mentorships.mentorMemberId, mentor.id));
    if (mine.some((p) => p.apprentice === apprentice.id && overlaps(p, input))) return fail("methods.errors.pairExists");
    const theirs = await tx.select({ startsOn: mentorships.startsOn, endsOn: mentorships.endsOn }).from(mentorships).where(eq(mentorships.apprenticeMemberId, apprentice.id));
    if (theirs.some((p) => overlaps(p, input))) return fail("methods.errors.hasMentor", { name: apprentice.name });
    const capacity = await capacityOf(tx, mentor.id);
    if (peakLoad(mine, input) > capacity) return fail("methods.errors.overCapacity", { name: mentor.name, capacity });
    const [row] = await tx
      .insert(mentorships)
      .values({ mentorMemberId: mentor.id, apprenticeMemberId: apprentice.id, startsOn: input.startsOn, endsOn: input.endsOn, note: input.note, createdBy: actorUserId })
      .returning({ id: mentorships.id });
    await audit(tx, { actorUserId, action: "mentorship.create", entity: "mentorship", entityId: row.id, after: { mentor: mentor.id, apprentice: apprentice.id, startsOn: input.startsOn, endsOn: input.endsOn } });
    return { ok: true, value: row };
  });
}

/** Ends a pair on a day (not before it started). */
export async function endPair(db: Db, actorUserId: number | null, id: number, endsOn: string): Promise<Outcome<null>> {
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(mentorships).where(eq(mentorships.id, id));
    if (!p) return fail("errors.notFound");
    if (endsOn < p.startsOn) return fail("methods.errors.endBeforeStart");
    await tx.update(mentorships).set({ endsOn }).where(eq(mentorships.id, id));
    await audit(tx, { actorUserId, action: "mentorship.end", entity: "mentorship", entityId: id, before: { endsOn: p.endsOn }, after: { endsOn } });
    return { ok: true, value: null };
  });
}

export async function setCapacity(db: Db, actorUserId: number | null, employeeNo: string, capacity: number): Promise<Outcome<null>> {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 20) return fail("methods.errors.badCapacity");
  return db.transaction(async (tx) => {
    const m = (await membersByEmployeeNo(tx, [employeeNo])).get(normaliseEmployeeNo(employeeNo));
    if (!m) return fail("methods.errors.unknownMember", { value: employeeNo });
    await tx.insert(mentorCapacity).values({ memberId: m.id, capacity }).onConflictDoUpdate({ target: mentorCapacity.memberId, set: { capacity, updatedAt: clock.now() } });
    await audit(tx, { actorUserId, action: "mentorship.capacity", entity: "member", entityId: m.id, after: { capacity } });
    return { ok: true, value: null };
  });
}

export const goalInput = z.object({
  mentorshipId: z.coerce.number().int().positive(),
  quarter: z.string().regex(QUARTER_RE, "methods.errors.badQuarter"),
  goal: z.string().trim().min(1).max(300),
});

export async function addGoal(db: Db, actorUserId: number | null, input: z.infer<typeof goalInput>): Promise<Outcome<{ id: number }>> {
  return db.transaction(async (tx) => {
    const [p] = await tx.select({ id: mentorships.id }).from(mentorships).where(eq(mentorships.id, input.mentorshipId));
    if (!p) return fail("errors.notFound");
    const [row] = await tx.insert(mentorshipGoals).values(input).returning({ id: mentorshipGoals.id });
    await audit(tx, { actorUserId, action: "mentorship.goal", entity: "mentorship", entityId: input.mentorshipId, after: input });
    return { ok: true, value: row };
  });
}

export async function setGoalDone(db: Db, goalId: number, done: boolean): Promise<number | null> {
  const [r] = await db.update(mentorshipGoals).set({ done }).where(eq(mentorshipGoals.id, goalId)).returning({ mentorshipId: mentorshipGoals.mentorshipId });
  return r?.mentorshipId ?? null;
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

/** Pairs whose apprentice is in the scope (paths), current first. */
export async function listPairs(db: Db, scopePaths: string[] | null, today: string = todayInZone()): Promise<PairRow[]> {
  const scope = scopePaths === null ? sql`TRUE` : scopePaths.length ? sql.join(scopePaths.map((p) => sql`au.path LIKE ${p + "%"}`), sql` OR `) : sql`FALSE`;
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`${pairSelect(today)} WHERE (${scope}) ORDER BY current DESC, p.starts_on DESC, p.id DESC LIMIT 500`));
  return rows.map(toPair);
}

/** A member's history as mentor and as apprentice. */
export async function pairsOfMember(db: Db, memberId: number, today: string = todayInZone()): Promise<PairRow[]> {
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`${pairSelect(today)} WHERE p.mentor_member_id = ${memberId} OR p.apprentice_member_id = ${memberId} ORDER BY p.starts_on DESC, p.id DESC`));
  return rows.map(toPair);
}

export async function getPair(db: Db, id: number, today: string = todayInZone()) {
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`${pairSelect(today)} WHERE p.id = ${id}`));
  if (!rows.length) return null;
  const goals = await db.select().from(mentorshipGoals).where(eq(mentorshipGoals.mentorshipId, id)).orderBy(desc(mentorshipGoals.quarter), asc(mentorshipGoals.id));
  const [ap] = rowsOf<{ path: string }>(await db.execute(sql`SELECT u.path FROM mentorships p JOIN members m ON m.id = p.apprentice_member_id JOIN org_units u ON u.id = m.org_unit_id WHERE p.id = ${id}`));
  return { ...toPair(rows[0]), apprenticePath: ap.path, goals };
}

export interface ApprenticeProgress extends PairRow {
  lessonsCompleted: number | null;
  quizzesTaken: number;
  quizzesPassed: number;
  quizAverage: number | null;
  signoffs: number;
  goalsDone: number;
  goalsTotal: number;
}

/**
 * A mentor's current apprentices with their progress, in one query whatever their number:
 * lessons completed, quiz results, sign-offs, this quarter's goals.
 */
export async function apprenticesOf(db: Db, mentorMemberId: number, quarter: string, today: string = todayInZone()): Promise<ApprenticeProgress[]> {
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
      FROM (${pairSelect(today)} WHERE p.mentor_member_id = ${mentorMemberId}) x
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

/** Whether the member mentors (or mentored) anyone: the mentor page is theirs then. */
export async function isMentor(db: Db, memberId: number): Promise<boolean> {
  const [r] = await db.select({ id: mentorships.id }).from(mentorships).where(eq(mentorships.mentorMemberId, memberId)).limit(1);
  return Boolean(r);
}

