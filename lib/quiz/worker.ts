import { desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { quizResults, quizzes } from "@/db/schema";
import { canReadMember, type Principal } from "@/lib/auth/permissions";
import { audienceCondition } from "./attempts/common";
import * as clock from "@/lib/core/clock";

export interface MemberQuiz {
  id: number;
  title: string;
  quarter: string;
  theme: string;
  opensAt: Date;
  closesAt: Date;
  timeLimitS: number | null;
  attemptsAllowed: number;
  /** A new attempt starts only with the on-site proctor code (lib/quiz/proctor). */
  proctorRequired: boolean;
  attemptsUsed: number;
  openAttemptId: number | null;
  openDeadline: Date | null;
  lastFinishedAttemptId: number | null;
  when: "open" | "upcoming" | "closed";
  result: { score: number; max: number; percent: number; passed: boolean; pending: boolean } | null;
}

/**
 * The quizzes meant for a member: open now, coming, and closed in the last 90 days or with a
 * result; with attempts used and left (overrides included), an attempt still open, the result
 * of record. One query.
 */
export async function quizzesForMember(db: Db, member: { id: number; orgPath: string; jobId: number | null }, now = clock.now()): Promise<MemberQuiz[]> {
  const ts = now.toISOString();
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT q.id, q.title, q.quarter, q.theme, q.opens_at, q.closes_at, q.time_limit_s, q.status, q.proctor_required,
             q.attempts_allowed + coalesce(o.extra_attempts, 0) AS allowed,
             (SELECT count(*)::int FROM attempts a WHERE a.quiz_id = q.id AND a.member_id = ${member.id} AND NOT a.preview) AS used,
             (SELECT a.id FROM attempts a WHERE a.quiz_id = q.id AND a.member_id = ${member.id} AND NOT a.preview AND a.state = 'in_progress' ORDER BY a.id DESC LIMIT 1) AS open_id,
             (SELECT a.deadline_at FROM attempts a WHERE a.quiz_id = q.id AND a.member_id = ${member.id} AND NOT a.preview AND a.state = 'in_progress' ORDER BY a.id DESC LIMIT 1) AS open_deadline,
             (SELECT a.id FROM attempts a WHERE a.quiz_id = q.id AND a.member_id = ${member.id} AND NOT a.preview AND a.state <> 'in_progress' ORDER BY a.id DESC LIMIT 1) AS last_id,
             r.score, r.max_score, r.percent, r.passed, r.pending_grading
      FROM quizzes q
      LEFT JOIN quiz_overrides o ON o.quiz_id = q.id AND o.member_id = ${member.id}
      LEFT JOIN quiz_results r ON r.quiz_id = q.id AND r.member_id = ${member.id}
      WHERE q.status IN ('published', 'closed')
        AND ${audienceCondition(sql`q.id`, member)}
        AND (q.closes_at > ${ts}::timestamptz - interval '90 days' OR r.quiz_id IS NOT NULL)
      ORDER BY q.closes_at DESC`),
  );
  return rows.map((r) => {
    const opensAt = new Date(r.opens_at as string);
    const closesAt = new Date(r.closes_at as string);
    const when = r.status === "closed" || closesAt <= now ? "closed" : opensAt > now ? "upcoming" : "open";
    return {
      id: Number(r.id),
      title: String(r.title),
      quarter: String(r.quarter),
      theme: String(r.theme ?? ""),
      opensAt,
      closesAt,
      timeLimitS: r.time_limit_s === null ? null : Number(r.time_limit_s),
      attemptsAllowed: Number(r.allowed),
      proctorRequired: Boolean(r.proctor_required),
      attemptsUsed: Number(r.used),
      openAttemptId: r.open_id === null ? null : Number(r.open_id),
      openDeadline: r.open_deadline ? new Date(r.open_deadline as string) : null,
      lastFinishedAttemptId: r.last_id === null ? null : Number(r.last_id),
      when,
      result:
        r.score === null || r.score === undefined
          ? null
          : { score: Number(r.score), max: Number(r.max_score), percent: Number(r.percent), passed: Boolean(r.passed), pending: Boolean(r.pending_grading) },
    };
  });
}

/** A member's results of record, newest quarter first, for the profile: the member, or who may read them. */
export async function resultsForMember(db: Db, actor: Principal, member: { id: number; orgPath: string }) {
  if (!canReadMember(actor, member)) return [];
  return db
    .select({
      quizId: quizzes.id,
      title: quizzes.title,
      quarter: quizzes.quarter,
      theme: quizzes.theme,
      score: quizResults.score,
      max: quizResults.maxScore,
      percent: quizResults.percent,
      passed: quizResults.passed,
      pending: quizResults.pendingGrading,
      attempts: quizResults.attemptsCounted,
    })
    .from(quizResults)
    .innerJoin(quizzes, eq(quizzes.id, quizResults.quizId))
    .where(eq(quizResults.memberId, member.id))
    .orderBy(desc(quizzes.quarter), desc(quizzes.closesAt));
}

/** The results of record of several members in one read (a unit's files): those the actor may read. */
export async function resultsForMembers(db: Db, actor: Principal, members: readonly { id: number; orgPath: string }[]) {
  const ids = members.filter((m) => canReadMember(actor, m)).map((m) => m.id);
  if (!ids.length) return [];
  return db
    .select({
      memberId: quizResults.memberId,
      title: quizzes.title,
      quarter: quizzes.quarter,
      score: quizResults.score,
      max: quizResults.maxScore,
      percent: quizResults.percent,
      passed: quizResults.passed,
      pending: quizResults.pendingGrading,
    })
    .from(quizResults)
    .innerJoin(quizzes, eq(quizzes.id, quizResults.quizId))
    .where(inArray(quizResults.memberId, ids))
    .orderBy(desc(quizzes.quarter), desc(quizzes.closesAt));
}
