import { and, eq, isNotNull, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { practiceAnswers, practiceDailyAnswers, practiceDailySets } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { addDays, dayIn } from "@/lib/core/time";
import { refreshPoints } from "@/lib/points";
import { dailySeed, drawDaily, recentDays, streakOf } from "./daily-rules";
import { anyOpenTo, learnerOf, openToLearner, type Learner } from "./open";
import { questionForPractice, recordAnswer, type PracticeQuestion } from "./practice";

/** Questions in a daily set (the site's setting, default 5). */
export function dailySize(): number {
  return config().PRACTICE_DAILY_SIZE;
}

/** Days shown on the calendar strip. */
const CALENDAR_DAYS = 28;

async function learner(db: Db, actor: Principal): Promise<Learner | null> {
  if (!can(actor, "self.learn")) return null;
  return learnerOf(db, actor.memberId);
}

/** The days the member completed a set, from `since` on. */
async function completedDays(db: Db, memberId: number, since: string): Promise<string[]> {
  const rows = await db
    .select({ day: practiceDailySets.day })
    .from(practiceDailySets)
    .where(and(eq(practiceDailySets.memberId, memberId), isNotNull(practiceDailySets.completedAt), sql`${practiceDailySets.day} >= ${since}`));
  return rows.map((r) => r.day);
}

/** The streak on `today`: read back day by day until a gap (a year at most in one query, then further). */
async function streakFor(db: Db, memberId: number, today: string): Promise<{ streak: number; days: string[] }> {
  let since = addDays(today, -366);
  let days = await completedDays(db, memberId, since);
  let streak = streakOf(days, today);
  while (streak > 0 && addDays(today, -streak) <= since) {
    since = addDays(since, -366 * 4);
    days = await completedDays(db, memberId, since);
    streak = streakOf(days, today);
  }
  return { streak, days };
}

export interface DailyOverview {
  day: string;
  size: number;
  /** Whether today's set has been drawn (the worker started it). */
  drawn: boolean;
  /** Questions answered today (of today's set, once drawn). */
  answered: number;
  completed: boolean;
  streak: number;
  calendar: { day: string; done: boolean }[];
  /** Points the daily sets have earned the member (the ledger's daily_practice entries). */
  points: number;
}

/** The worker's daily practice at a glance: today's progress, the streak, the last four weeks. Draws nothing. */
export async function dailyOverview(db: Db, actor: Principal, now = clock.now()): Promise<DailyOverview | null> {
  const l = await learner(db, actor);
  if (!l) return null;
  const day = dayIn(now, clock.timeZone());
  const [set] = await db
    .select({ ids: practiceDailySets.questionIds, completedAt: practiceDailySets.completedAt })
    .from(practiceDailySets)
    .where(and(eq(practiceDailySets.memberId, l.id), eq(practiceDailySets.day, day)));
  const [answered] = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM practice_daily_answers WHERE member_id = ${l.id} AND day = ${day}`),
  );
  const [points] = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT coalesce(sum(points), 0)::int AS n FROM points_ledger WHERE member_id = ${l.id} AND kind = 'daily_practice'`),
  );
  const { streak, days } = await streakFor(db, l.id, day);
  return {
    day,
    size: set ? set.ids.length : dailySize(),
    drawn: !!set,
    answered: Number(answered?.n ?? 0),
    completed: !!set?.completedAt,
    streak,
    calendar: recentDays(days, day, CALENDAR_DAYS),
    points: Number(points?.n ?? 0),
  };
}

/** The questions open to the learner now, in the draw's pools. */
async function poolsOf(db: Db, l: Learner) {
  const rows = rowsOf<{ id: number; in_book: boolean; unpractised: boolean }>(
    await db.execute(sql`SELECT q.id, (wb.question_id IS NOT NULL) AS in_book, (pp.question_id IS NULL) AS unpractised
      FROM questions q JOIN question_categories qc ON qc.id = q.category_id
      LEFT JOIN wrong_book wb ON wb.member_id = ${l.id} AND wb.question_id = q.id
      LEFT JOIN practice_progress pp ON pp.member_id = ${l.id} AND pp.question_id = q.id
      WHERE ${openToLearner(l)}`),
  );
  const ids = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).map((r) => Number(r.id));
  return {
    book: ids((r) => r.in_book),
    unpractised: ids((r) => !r.in_book && r.unpractised),
    rest: ids((r) => !r.in_book && !r.unpractised),
  };
}

export interface DailySet {
  day: string;
  items: { questionId: number; answerId: number | null; right: boolean | null }[];
  /** The first question not yet answered, without its key; null when the set is done. */
  next: PracticeQuestion | null;
  completedAt: Date | null;
}

/**
 * Today's set (the site's day), as drawn by `startDaily`: null before it is drawn. Reads only, so
 * a page (or a refused answer's return to it) never writes.
 */
export async function todaysSet(db: Db, actor: Principal, now = clock.now()): Promise<Result<DailySet | null>> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  const day = dayIn(now, clock.timeZone());
  const [set] = await db
    .select()
    .from(practiceDailySets)
    .where(and(eq(practiceDailySets.memberId, l.id), eq(practiceDailySets.day, day)));
  if (!set) return ok(null);
  const answers = await db
    .select({ questionId: practiceDailyAnswers.questionId, answerId: practiceDailyAnswers.answerId, right: practiceAnswers.correct })
    .from(practiceDailyAnswers)
    .innerJoin(practiceAnswers, eq(practiceAnswers.id, practiceDailyAnswers.answerId))
    .where(and(eq(practiceDailyAnswers.memberId, l.id), eq(practiceDailyAnswers.day, day)));
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  const items = set.questionIds.map((questionId) => {
    const a = byQuestion.get(questionId);
    return { questionId, answerId: a?.answerId ?? null, right: a ? a.right : null };
  });
  const pending = items.find((i) => i.answerId === null);
  const next = pending ? await questionForPractice(db, l.id, pending.questionId) : null;
  return ok({ day, items, next, completedAt: set.completedAt });
}

/** Whether anything is open to the worker for practice, so a daily set can be drawn (reads only). */
export async function dailyAvailable(db: Db, actor: Principal): Promise<boolean> {
  const l = await learner(db, actor);
  return l ? anyOpenTo(db, l) : false;
}

/**
 * Draws today's set when the worker starts it (开始今日练习): a seeded draw over the questions
 * then open to the worker, the 错题本 first, then those never practised, then the rest — and kept,
 * so it stays the same all day whatever is practised meanwhile. Starting again the same day keeps
 * the set drawn first. Refused when nothing is open to the worker (no set is kept then).
 */
export async function startDaily(db: Db, actor: Principal, now = clock.now()): Promise<Result<{ day: string; size: number }>> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  const day = dayIn(now, clock.timeZone());
  const find = () =>
    db
      .select({ ids: practiceDailySets.questionIds })
      .from(practiceDailySets)
      .where(and(eq(practiceDailySets.memberId, l.id), eq(practiceDailySets.day, day)));
  const [kept] = await find();
  if (kept) return ok({ day, size: kept.ids.length });
  const ids = drawDaily(await poolsOf(db, l), dailySize(), dailySeed(l.id, day));
  if (!ids.length) return fail("practice.daily.none");
  await db.insert(practiceDailySets).values({ memberId: l.id, day, questionIds: ids, drawnAt: now }).onConflictDoNothing();
  const [set] = await find();
  return set ? ok({ day, size: set.ids.length }) : fail("practice.daily.none");
}

export interface DailyAnswerInput {
  /** The day the set was shown for: an answer to another day's set is refused. */
  day: string;
  questionId: number;
  response: unknown;
}

/**
 * Answers one question of today's set: graded like practice (progress, 错题本), once per question;
 * the last one completes the day and earns its points. Refused: another day's set (yesterday's
 * page answered after midnight), a question not in the set, one already answered.
 */
export async function answerDaily(
  db: Db,
  actor: Principal,
  input: DailyAnswerInput,
  now = clock.now(),
): Promise<Result<{ answerId: number; right: boolean; completed: boolean }>> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  const day = dayIn(now, clock.timeZone());
  if (input.day !== day) return fail("practice.errors.dailyOtherDay");
  const [set] = await db
    .select()
    .from(practiceDailySets)
    .where(and(eq(practiceDailySets.memberId, l.id), eq(practiceDailySets.day, day)));
  if (!set?.questionIds.includes(input.questionId)) return notFound("practice.errors.questionNotFound");
  const [already] = await db
    .select({ q: practiceDailyAnswers.questionId })
    .from(practiceDailyAnswers)
    .where(and(eq(practiceDailyAnswers.memberId, l.id), eq(practiceDailyAnswers.day, day), eq(practiceDailyAnswers.questionId, input.questionId)));
  if (already) return fail("practice.errors.dailyAnswered");
  let completed = false;
  const r = await recordAnswer(db, l.id, { questionId: input.questionId, mode: "daily", response: input.response }, now, async (tx, a) => {
    const made = await tx
      .insert(practiceDailyAnswers)
      .values({ memberId: l.id, day, questionId: input.questionId, answerId: a.answerId })
      .onConflictDoNothing()
      .returning({ q: practiceDailyAnswers.questionId });
    if (!made.length) return fail("practice.errors.dailyAnswered");
    const [n] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM practice_daily_answers WHERE member_id = ${l.id} AND day = ${day}`));
    if (Number(n?.n ?? 0) >= set.questionIds.length) {
      const done = await tx
        .update(practiceDailySets)
        .set({ completedAt: now })
        .where(and(eq(practiceDailySets.memberId, l.id), eq(practiceDailySets.day, day), sql`${practiceDailySets.completedAt} IS NULL`))
        .returning({ day: practiceDailySets.day });
      completed = done.length > 0;
    }
    return ok(undefined);
  });
  if (!r.ok) return r;
  if (completed) await refreshPoints(db, { memberIds: [l.id], kinds: ["daily_practice"] });
  return ok({ ...r.value, completed });
}
