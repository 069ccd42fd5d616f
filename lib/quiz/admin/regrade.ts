/**
 * Regrading after a question was fixed. An attempt keeps the version of each question it was
 * given; a regrade moves this quiz's attempts to the question's current version where that is
 * safe (the same type; for choice questions the same option ids, which responses point at; for
 * fill-ins the same number of blanks; for essays the same points, the scale of the trainer's
 * score; for a 案例分析 group, each part kept by its id the same by those rules, parts may come and
 * go) and grades every affected attempt and result again. A group answer's essay part grades
 * follow (regradedGroupAnswer): a removed part's answer and grade go, a part whose points
 * changed goes back to the grading queue, and the manual score is their sum again.
 */

import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { attemptAnswers, attemptQuestions, attempts, questionVersions } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { can, type Principal } from "@/lib/auth/permissions";
import { ok, type Result } from "@/lib/core/result";
import { quizToChange } from "../quizzes";
import { announceForgetting, forgetAttemptFacts } from "../attempts/facts";
import { gradeAttempt, recomputeResult } from "../attempts/finish";
import type { QuestionType } from "../types";
import { regradedGroupAnswer } from "./grading";

export type Incompatibility = "typeChanged" | "optionsChanged" | "blanksChanged" | "pointsChanged";

export interface RegradeCandidate {
  questionId: number;
  /** The current version's stem. */
  stem: string;
  fromVersion: number;
  toVersion: number;
  /** Attempts (not previews) given `fromVersion`. */
  attempts: number;
  /** Null when the attempts can move to the current version; else why not. */
  blocked: Incompatibility | null;
}

interface Row {
  attempt_id: number;
  position: number;
  question_id: number;
  old_vid: number;
  new_vid: number;
  old_version: number;
  new_version: number;
  old_type: QuestionType;
  new_type: QuestionType;
  old_body: Record<string, unknown> | null;
  new_body: Record<string, unknown> | null;
  old_points: number;
  new_points: number;
  stem: string;
  state: "in_progress" | "submitted" | "abandoned";
  member_id: number;
}

async function outdated(db: Db, quizId: number): Promise<Row[]> {
  return rowsOf<Row>(
    await db.execute(sql`
      SELECT aq.attempt_id, aq.position, ov.question_id, ov.id AS old_vid, nv.id AS new_vid, ov.version AS old_version, nv.version AS new_version,
        ov.type::text AS old_type, nv.type::text AS new_type, ov.body AS old_body, nv.body AS new_body,
        ov.points::float8 AS old_points, nv.points::float8 AS new_points, nv.stem, a.state::text AS state, a.member_id
      FROM attempt_questions aq
      -- Paper attempts keep the scores a trainer entered from the printed paper: never regraded.
      JOIN attempts a ON a.id = aq.attempt_id
      JOIN question_versions ov ON ov.id = aq.question_version_id
      JOIN questions q ON q.id = ov.question_id
      JOIN question_versions nv ON nv.id = q.current_version_id
      WHERE a.quiz_id = ${quizId} AND NOT a.preview AND a.source = 'online' AND aq.question_version_id <> q.current_version_id
      ORDER BY ov.question_id, ov.version, aq.attempt_id`),
  );
}

function optionIds(body: Record<string, unknown> | null): string[] {
  const opts = (body?.options ?? []) as { id: string }[];
  return opts.map((o) => String(o.id)).sort();
}

export function incompatibility(r: Pick<Row, "old_type" | "new_type" | "old_body" | "new_body" | "old_points" | "new_points">): Incompatibility | null {
  if (r.old_type !== r.new_type) return "typeChanged";
  if (r.new_type === "group") {
    // Responses point at parts by id: a part kept must take its old responses. Its points may change
    // (an essay part's grade is then given again), and parts may be added or removed.
    type Part = { id: string; type: QuestionType; points: number } & Record<string, unknown>;
    const olds = new Map(((r.old_body?.parts ?? []) as Part[]).map((p) => [p.id, p]));
    for (const p of (r.new_body?.parts ?? []) as Part[]) {
      const o = olds.get(p.id);
      if (!o) continue;
      const why = incompatibility({ old_type: o.type, new_type: p.type, old_body: o, new_body: p, old_points: 0, new_points: 0 });
      if (why) return why;
    }
  }
  if (r.new_type === "single" || r.new_type === "multiple") {
    const a = optionIds(r.old_body);
    const b = optionIds(r.new_body);
    if (a.length !== b.length || a.some((id, i) => id !== b[i])) return "optionsChanged";
  }
  if (r.new_type === "fill" && Number(r.old_body?.blanks ?? 0) !== Number(r.new_body?.blanks ?? 0)) return "blanksChanged";
  if (r.new_type === "essay" && Number(r.old_points) !== Number(r.new_points)) return "pointsChanged";
  return null;
}

/** Questions of this quiz whose attempts were given an older version than the bank's current one. */
export async function regradeCandidates(db: Db, actor: Principal, quizId: number): Promise<RegradeCandidate[]> {
  if (!can(actor, "teach.manage")) return [];
  const rows = await outdated(db, quizId);
  const groups = new Map<string, RegradeCandidate & { ids: Set<number> }>();
  for (const r of rows) {
    const key = `${r.question_id}:${r.old_version}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        questionId: Number(r.question_id),
        stem: r.stem,
        fromVersion: Number(r.old_version),
        toVersion: Number(r.new_version),
        attempts: 0,
        blocked: incompatibility(r),
        ids: new Set(),
      };
      groups.set(key, g);
    }
    g.ids.add(Number(r.attempt_id));
    g.attempts = g.ids.size;
  }
  return [...groups.values()].map(({ ids: _ids, ...c }) => c);
}

export interface RegradeOutcome {
  /** Questions moved to their current version. */
  questions: number;
  /** Attempts given a newer version. */
  moved: number;
  /** Submitted attempts graded again. */
  regraded: number;
  /** Of those, attempts whose score changed. */
  changed: number;
  /** Questions left as they were because the new version is not compatible. */
  blocked: number;
  /** Group answers graded before that wait for a trainer again (an essay part's points changed). */
  reopened: number;
  changes: { attemptId: number; memberId: number; before: number | null; after: number }[];
}

/**
 * Moves this quiz's attempts (not previews) to the current version of each question they were
 * given an older one of, where compatible (all such questions, or those in `questionIds`),
 * grades the submitted ones again, recomputes the affected results of record, and writes one
 * audit entry with the counts. One transaction; the moved attempts' cached facts are forgotten
 * after it, in every process on the database.
 */
export async function regradeQuiz(db: Db, actor: Principal, quizId: number, questionIds?: number[]): Promise<Result<RegradeOutcome>> {
  const touched = new Set<number>();
  const result = await db.transaction(async (tx): Promise<Result<RegradeOutcome>> => {
    const quiz = await quizToChange(tx, actor, quizId);
    if (!quiz.ok) return quiz;
    // Attempts being submitted or graded meanwhile wait: their totals come from the versions moved here.
    await tx.execute(sql`SELECT id FROM attempts WHERE quiz_id = ${quizId} AND NOT preview ORDER BY id FOR UPDATE`);
    const rows = (await outdated(tx, quizId)).filter((r) => !questionIds || questionIds.includes(Number(r.question_id)));
    const movable = rows.filter((r) => incompatibility(r) === null);
    const blockedQuestions = new Set(rows.filter((r) => incompatibility(r) !== null).map((r) => Number(r.question_id)));
    const states = new Map<number, Row>();
    const groups = movable.filter((r) => r.new_type === "group");
    const groupVids = [...new Set(groups.flatMap((r) => [Number(r.old_vid), Number(r.new_vid)]))];
    const versions = new Map(
      (groupVids.length ? await tx.select().from(questionVersions).where(inArray(questionVersions.id, groupVids)) : []).map((v) => [v.id, v]),
    );
    // The moving groups' answers in one read (not one per attempt).
    const groupAttempts = [...new Set(groups.map((r) => Number(r.attempt_id)))];
    const answers = new Map(
      (groupAttempts.length ? await tx.select().from(attemptAnswers).where(inArray(attemptAnswers.attemptId, groupAttempts)) : []).map((a) => [
        `${a.attemptId}:${a.position}`,
        a,
      ]),
    );
    let reopened = 0;
    for (const r of movable) {
      const where = and(eq(attemptQuestions.attemptId, Number(r.attempt_id)), eq(attemptQuestions.position, Number(r.position)));
      await tx
        .update(attemptQuestions)
        .set({ questionVersionId: Number(r.new_vid) })
        .where(where);
      states.set(Number(r.attempt_id), r);
      touched.add(Number(r.attempt_id));
      const from = versions.get(Number(r.old_vid));
      const to = versions.get(Number(r.new_vid));
      if (!from || !to) continue;
      const answer = answers.get(`${r.attempt_id}:${r.position}`);
      const moved = answer ? regradedGroupAnswer(from, to, answer) : null;
      if (!moved || !answer) continue;
      const answerWhere = and(eq(attemptAnswers.attemptId, Number(r.attempt_id)), eq(attemptAnswers.position, Number(r.position)));
      // No part grade left: nobody has graded what the answer now holds.
      const grader = moved.partGrades === null ? { gradedBy: null, gradedAt: null } : {};
      await tx
        .update(attemptAnswers)
        .set({ ...moved, ...grader })
        .where(answerWhere);
      if (answer.manualScore !== null && moved.manualScore === null) reopened++;
    }
    const changes: RegradeOutcome["changes"] = [];
    const members = new Set<number>();
    let regraded = 0;
    for (const [attemptId, r] of states) {
      if (r.state !== "submitted") continue;
      const [before] = await tx.select({ score: attempts.score, pending: attempts.needsGrading }).from(attempts).where(eq(attempts.id, attemptId));
      if (!before) continue; // locked FOR UPDATE above, so always there
      const after = await gradeAttempt(tx, attemptId);
      regraded++;
      members.add(Number(r.member_id));
      if (before.score === null || Number(before.score) !== after.score)
        changes.push({ attemptId, memberId: Number(r.member_id), before: before.score === null ? null : Number(before.score), after: after.score });
    }
    for (const memberId of members) await recomputeResult(tx, quizId, memberId);
    const outcome: RegradeOutcome = {
      questions: new Set(movable.map((r) => Number(r.question_id))).size,
      moved: states.size,
      regraded,
      changed: changes.length,
      blocked: blockedQuestions.size,
      reopened,
      changes,
    };
    await audit(tx, {
      actorUserId: actor.userId,
      action: "quiz.regrade",
      entity: "quiz",
      entityId: quizId,
      after: {
        questions: [
          ...new Map(
            movable.map((r) => [
              `${r.question_id}:${r.old_version}`,
              { questionId: Number(r.question_id), from: Number(r.old_version), to: Number(r.new_version) },
            ]),
          ).values(),
        ],
        moved: outcome.moved,
        regraded: outcome.regraded,
        changed: outcome.changed,
        blocked: outcome.blocked,
        reopened: outcome.reopened,
      },
    });
    // The other processes' cached facts of the moved attempts go when this commits; this one's below.
    await announceForgetting(tx, touched);
    return ok(outcome);
  });
  for (const id of touched) forgetAttemptFacts(db, id);
  return result;
}
