import { and, asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { attemptAnswers, attemptQuestions, attempts, questionVersions, quizResults, quizzes } from "@/db/schema";
import { grade, manualOf } from "../grading";
import { aggregate, divRound, fromCenti, passed, percent, toCenti } from "../score";
import { parseResponse } from "../response";
import { fromStored } from "../store";
import { syncCourseCompletions } from "@/lib/video/completions";
import { limits } from "./common";
import * as clock from "@/lib/core/clock";

/**
 * Grades every answer of an attempt and stores the scores: automatic ones for what the engine
 * can grade, the trainer's for essays and a group's essay part (pending until given). A slot may give a question other
 * points than its own; the score is scaled to them.
 */
export async function gradeAttempt(db: Db, attemptId: number): Promise<{ score: number; max: number; pending: boolean }> {
  const rows = await db
    .select({ aq: attemptQuestions, v: questionVersions, a: attemptAnswers })
    .from(attemptQuestions)
    .innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
    .leftJoin(attemptAnswers, and(eq(attemptAnswers.attemptId, attemptQuestions.attemptId), eq(attemptAnswers.position, attemptQuestions.position)))
    .where(eq(attemptQuestions.attemptId, attemptId))
    .orderBy(asc(attemptQuestions.position));
  let scoreC = 0;
  let maxC = 0;
  let pending = false;
  const scored: { position: number; score: number | null }[] = [];
  const missing: number[] = [];
  for (const { aq, v, a } of rows) {
    const q = fromStored(v);
    const parsed = a?.response == null ? null : parseResponse(q, a.response);
    const response = parsed?.ok ? parsed.response : null;
    const g = grade(q, response, manualOf(a));
    const slotMaxC = toCenti(aq.points);
    const gotC = toCenti(q.points) === 0 ? 0 : divRound(toCenti(g.score) * slotMaxC, toCenti(q.points));
    maxC += slotMaxC;
    // A pending essay earns 0 so far; a group waiting for its essay part, what its other parts earned.
    if (g.correct === "pending") pending = true;
    scoreC += gotC;
    // The automatic score is the whole question's in the slot's points; an essay's is its manual
    // score, and a group waiting for its essay part has none yet.
    if (a) scored.push({ position: aq.position, score: q.type === "essay" || g.correct === "pending" ? null : fromCenti(gotC) });
    else if (q.type !== "essay") missing.push(aq.position);
  }
  // Two statements whatever the number of questions: a submit is on the hot path.
  if (scored.length) {
    await db.execute(sql`UPDATE attempt_answers aa SET auto_score = x.score
      FROM jsonb_to_recordset(${JSON.stringify(scored)}::jsonb) AS x(position int, score numeric)
      WHERE aa.attempt_id = ${attemptId} AND aa.position = x.position`);
  }
  if (missing.length) {
    // No answer is a wrong answer; a row keeps the statistics simple.
    await db.execute(sql`INSERT INTO attempt_answers (attempt_id, position, response, seq, auto_score)
      SELECT ${attemptId}, j.p::int, NULL, 0, 0 FROM jsonb_array_elements_text(${JSON.stringify(missing)}::jsonb) AS j(p)
      ON CONFLICT DO NOTHING`);
  }
  const score = fromCenti(scoreC);
  const max = fromCenti(maxC);
  await db.update(attempts).set({ score, maxScore: max, needsGrading: pending }).where(eq(attempts.id, attemptId));
  return { score, max, pending };
}

/**
 * The result of record for a member and quiz from their counted attempts, by the quiz's
 * grading method (highest and average by percentage, so attempts of different size compare).
 */
export async function recomputeResult(db: Db, quizId: number, memberId: number): Promise<void> {
  const [quiz] = await db.select({ method: quizzes.gradingMethod, pass: quizzes.passPercent }).from(quizzes).where(eq(quizzes.id, quizId));
  const done = await db
    .select({ no: attempts.attemptNo, score: attempts.score, max: attempts.maxScore, pending: attempts.needsGrading })
    .from(attempts)
    .where(and(eq(attempts.quizId, quizId), eq(attempts.memberId, memberId), eq(attempts.state, "submitted"), eq(attempts.preview, false)))
    .orderBy(asc(attempts.attemptNo));
  if (done.length === 0) {
    await db.delete(quizResults).where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, memberId)));
    return;
  }
  // Attempts belong to their quiz, so it is there while they are; without it there is nothing to record.
  if (!quiz) return;
  const pcts = done.map((a) => percent(Number(a.score ?? 0), Number(a.max ?? 0)));
  const pct = aggregate(pcts, quiz.method) ?? 0;
  let score: number;
  let max: number;
  if (quiz.method === "average") {
    max =
      aggregate(
        done.map((a) => Number(a.max ?? 0)),
        "average",
      ) ?? 0;
    score =
      aggregate(
        done.map((a) => Number(a.score ?? 0)),
        "average",
      ) ?? 0;
  } else {
    // `done` is not empty here, and `pcts` is one per attempt, so the index is always inside it.
    const pick = done[quiz.method === "first" ? 0 : quiz.method === "last" ? done.length - 1 : pcts.indexOf(Math.max(...pcts))]!;
    score = Number(pick.score ?? 0);
    max = Number(pick.max ?? 0);
  }
  const values = {
    score,
    maxScore: max,
    percent: pct,
    passed: passed(score, max, Number(quiz.pass)),
    attemptsCounted: done.length,
    pendingGrading: done.some((a) => a.pending),
    updatedAt: clock.now(),
  };
  await db
    .insert(quizResults)
    .values({ quizId, memberId, ...values })
    .onConflictDoUpdate({ target: [quizResults.quizId, quizResults.memberId], set: values });
  // A passed quiz may be the last required item of a course.
  if (values.passed && !values.pendingGrading) await syncCourseCompletions(db, memberId, { quizId });
}

/**
 * Finishes an open attempt whose time is up, by the quiz's rule: `autosubmit` submits it with
 * the finish time set to the deadline; `grace` and `discard` abandon it (not counted). Returns
 * whether it finished it; safe to call from any number of places at once.
 */
export async function finishIfOverdue(db: Db, attemptId: number, now = clock.now()): Promise<boolean> {
  const [row] = await db
    .select({ a: attempts, policy: quizzes.overduePolicy, graceS: quizzes.graceS })
    .from(attempts)
    .innerJoin(quizzes, eq(quizzes.id, attempts.quizId))
    .where(eq(attempts.id, attemptId));
  if (row?.a.state !== "in_progress") return false;
  const { submitUntil } = limits(row.a.deadlineAt, { overduePolicy: row.policy, graceS: row.graceS });
  if (now <= submitUntil) return false;
  const state = row.policy === "autosubmit" ? "submitted" : "abandoned";
  const won = await db
    .update(attempts)
    .set({ state, submittedAt: row.a.deadlineAt })
    .where(and(eq(attempts.id, attemptId), eq(attempts.state, "in_progress")))
    .returning({ id: attempts.id });
  if (won.length === 0) return false;
  if (state === "submitted") {
    await gradeAttempt(db, attemptId);
    if (!row.a.preview) await recomputeResult(db, row.a.quizId, row.a.memberId);
  }
  return true;
}

/**
 * Finishes an open attempt now because its quiz is being closed early, by the quiz's rule:
 * `autosubmit` and `grace` submit it and grade what was saved; `discard` abandons it (not
 * counted). Under `grace` the worker was cut short by the close, not late by their own clock,
 * so what they saved counts as under `autosubmit`; keeping it open for the grace instead would
 * let a save or submit land after the close, when the after-close review may already show the
 * key. Call inside the closing transaction, with the attempt locked.
 */
export async function finishOnClose(db: Db, attemptId: number, policy: "autosubmit" | "grace" | "discard", now: Date): Promise<boolean> {
  const state = policy === "discard" ? "abandoned" : "submitted";
  const won = await db
    .update(attempts)
    .set({ state, submittedAt: now })
    .where(and(eq(attempts.id, attemptId), eq(attempts.state, "in_progress")))
    .returning({ quizId: attempts.quizId, memberId: attempts.memberId, preview: attempts.preview });
  const [finished] = won;
  if (!finished) return false;
  if (state === "submitted") {
    await gradeAttempt(db, attemptId);
    if (!finished.preview) await recomputeResult(db, finished.quizId, finished.memberId);
  }
  return true;
}

/**
 * Finishes every open attempt whose time (and grace) is up. Run periodically by each app
 * instance; attempts locked by another instance are skipped, so two sweeps never collide.
 */
export async function sweepOverdue(db: Db, now = clock.now(), batch = 200): Promise<number> {
  let finished = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = rowsOf<{ id: number }>(
        await tx.execute(sql`SELECT a.id FROM attempts a JOIN quizzes q ON q.id = a.quiz_id
          WHERE a.state = 'in_progress' AND a.deadline_at + make_interval(secs => q.grace_s) < ${now.toISOString()}::timestamptz
          ORDER BY a.deadline_at LIMIT ${batch} FOR UPDATE OF a SKIP LOCKED`),
      );
      let count = 0;
      for (const { id } of due) if (await finishIfOverdue(tx, Number(id), now)) count++;
      return { count, more: due.length === batch };
    });
    finished += n.count;
    if (!n.more) return finished;
  }
}
