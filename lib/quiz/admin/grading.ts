/**
 * The grading queue: essay answers of submitted attempts that wait for a trainer (an essay
 * question, or the essay parts of a 案例分析 group, each graded on its own), and the trainer's
 * score, which regrades the attempt and the member's result of record.
 */

import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { attemptAnswers, attemptQuestions, attempts, members, orgUnits, questionVersions, quizzes, users } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { emit } from "@/lib/notifications/events";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { inScope } from "@/lib/org/scope";
import { conflict, fail, notFound, ok, type Result } from "@/lib/core/result";
import { hasBadCharacters } from "@/lib/core/text";
import { gradeAttempt, recomputeResult } from "../attempts/finish";
import { checkManualScore } from "../grading";
import { divRound, fromCenti, toCenti } from "../score";
import { fromStored } from "../store";
import { essayPartIndexes, partQuestion, type Question } from "../types";
import type { PartGrades } from "@/db/schema";
import * as clock from "@/lib/core/clock";

export const GRADING_PAGE_SIZE = 20;

export const gradingFilter = z.object({
  quiz: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().max(2_147_483_647).optional()).catch(undefined),
  show: z.enum(["pending", "graded"]).default("pending").catch("pending"),
  page: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100_000).optional()).catch(undefined),
});
export type GradingFilter = z.infer<typeof gradingFilter>;

export interface GradingRow {
  attemptId: number;
  position: number;
  quizId: number;
  quizTitle: string;
  memberName: string;
  employeeNo: string;
  unitName: string;
  submittedAt: Date | null;
  stem: string;
  points: number;
  manualScore: number | null;
}

/**
 * Essay answers with text, of submitted attempts (not previews) by members in scope: an essay
 * question's, or a group's with a written essay part. A group is graded (manual_score set)
 * once every written essay part has its score.
 */
function queueWhere(scope: Scope, f: Pick<GradingFilter, "quiz" | "show">) {
  return sql.join(
    [
      sql`a.state = 'submitted' AND NOT a.preview`,
      sql`((v.type = 'essay' AND btrim(coalesce(an.response->>'text', '')) <> '')
        OR (v.type = 'group' AND an.response->>'type' = 'group' AND EXISTS (SELECT 1 FROM jsonb_each(an.response->'parts') ep
          WHERE ep.value->>'type' = 'essay' AND btrim(coalesce(ep.value->>'text', '')) <> '')))`,
      f.show === "graded" ? sql`an.manual_score IS NOT NULL` : sql`an.manual_score IS NULL`,
      f.quiz ? sql`a.quiz_id = ${f.quiz}` : sql`true`,
      inScope(sql`u.path`, scope),
    ],
    sql` AND `,
  );
}

const QUEUE_FROM = sql`FROM attempt_answers an
  JOIN attempts a ON a.id = an.attempt_id
  JOIN attempt_questions aq ON aq.attempt_id = an.attempt_id AND aq.position = an.position
  JOIN question_versions v ON v.id = aq.question_version_id
  JOIN quizzes z ON z.id = a.quiz_id
  JOIN members m ON m.id = a.member_id
  JOIN org_units u ON u.id = m.org_unit_id`;

/** The essay answers waiting (or graded), of members in the actor's scope only. */
export async function gradingQueue(
  db: Db,
  actor: Principal,
  f: GradingFilter,
  pageSize = GRADING_PAGE_SIZE,
): Promise<{ rows: GradingRow[]; total: number; page: number; pages: number }> {
  if (!can(actor, "teach.manage")) return { rows: [], total: 0, page: 1, pages: 1 };
  const scope = scopeOf(actor, "teach.manage");
  const where = queueWhere(scope, f);
  const [counted] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n ${QUEUE_FROM} WHERE ${where}`));
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.page ?? 1, pages);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT a.id AS attempt_id, an.position, z.id AS quiz_id, z.title AS quiz_title, m.name AS member_name, m.employee_no, u.name AS unit_name,
        a.submitted_at, v.stem, an.manual_score::float8 AS manual_score,
        -- A group's score is its essay parts' added up, on those parts' points.
        CASE WHEN v.type = 'group' THEN (SELECT sum((pp->>'points')::numeric)::float8 FROM jsonb_array_elements(v.body->'parts') pp WHERE pp->>'type' = 'essay')
             ELSE aq.points::float8 END AS points
      ${QUEUE_FROM} WHERE ${where}
      ORDER BY a.submitted_at ${f.show === "graded" ? sql`DESC` : sql`ASC`}, a.id, an.position
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
  );
  return {
    total,
    page,
    pages,
    rows: rows.map((r) => ({
      attemptId: Number(r.attempt_id),
      position: Number(r.position),
      quizId: Number(r.quiz_id),
      quizTitle: String(r.quiz_title),
      memberName: String(r.member_name),
      employeeNo: String(r.employee_no),
      unitName: String(r.unit_name),
      submittedAt: r.submitted_at ? new Date(r.submitted_at as string) : null,
      stem: String(r.stem),
      points: Number(r.points),
      manualScore: r.manual_score === null ? null : Number(r.manual_score),
    })),
  };
}

/** The quizzes that have essay answers waiting in scope, for the queue's filter. */
export async function quizzesWithPending(db: Db, actor: Principal): Promise<{ id: number; title: string; pending: number }[]> {
  if (!can(actor, "teach.manage")) return [];
  const scope = scopeOf(actor, "teach.manage");
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`SELECT z.id, z.title, count(*)::int AS pending ${QUEUE_FROM} WHERE ${queueWhere(scope, { show: "pending" })} GROUP BY z.id, z.title ORDER BY z.id DESC`,
    ),
  );
  return rows.map((r) => ({ id: Number(r.id), title: String(r.title), pending: Number(r.pending) }));
}

/** Where an essay answer is graded: a group's essay part by its number, "(3)". */
export interface GradingTarget {
  attemptId: number;
  position: number;
  part: number | null;
}

/** The grading page of an answer (and of a group's essay part). */
export function gradingHref(t: GradingTarget): string {
  return `/teach/grading/${t.attemptId}/${t.position}${t.part === null ? "" : `?part=${t.part}`}`;
}

export interface GradingItem {
  attemptId: number;
  position: number;
  preview: boolean;
  quiz: { id: number; title: string };
  member: { id: number; name: string; employeeNo: string; unitName: string };
  submittedAt: Date | null;
  /** For a group's essay part: the shared material and the part's number, "(3)". */
  group: { material: string; part: number } | null;
  /** A group's written essay parts, each graded on its own: its number, points and score so far. */
  essayParts: { part: number; points: number; manualScore: number | null }[];
  stem: string;
  reference: string;
  explanation: string;
  /** The question's (or the essay part's) own points: the score is given on this scale (checkManualScore). */
  points: number;
  /** What the question (or part) counts for in this attempt, when the slot gives it other points. */
  slotPoints: number;
  text: string;
  /** The question's (or the essay part's) score. */
  manualScore: number | null;
  feedback: string;
  gradedBy: string | null;
  gradedAt: Date | null;
  /** What waits next: another essay part of this group, else the queue's next answer (same quiz first). */
  next: GradingTarget | null;
}
async function loadAnswer(db: Db, attemptId: number, position: number) {
  const [row] = await db
    .select({
      a: attempts,
      an: attemptAnswers,
      aq: attemptQuestions,
      v: questionVersions,
      z: { id: quizzes.id, title: quizzes.title },
      m: { id: members.id, name: members.name, employeeNo: members.employeeNo },
      u: { name: orgUnits.name, path: orgUnits.path },
    })
    .from(attemptAnswers)
    .innerJoin(attempts, eq(attempts.id, attemptAnswers.attemptId))
    .innerJoin(attemptQuestions, and(eq(attemptQuestions.attemptId, attemptAnswers.attemptId), eq(attemptQuestions.position, attemptAnswers.position)))
    .innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
    .innerJoin(quizzes, eq(quizzes.id, attempts.quizId))
    .innerJoin(members, eq(members.id, attempts.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.position, position)));
  return row ?? null;
}

interface Essay {
  question: Question;
  /** The part's number in its group, "(3)"; null for an essay question. */
  part: number | null;
  partId: string | null;
  text: string;
}

/**
 * What a trainer grades in an answer: an essay question's text, or a group's written essay parts
 * (each as a question of its own, with its number and text; a blank one is simply wrong), and
 * the group's material.
 */
function essaysToGrade(v: Parameters<typeof fromStored>[0], response: unknown): { material: string; essays: Essay[] } {
  const q = fromStored(v);
  const r = response as { type?: string; text?: unknown; parts?: Record<string, { type?: string; text?: unknown }> } | null;
  if (q.type === "essay") return { material: "", essays: [{ question: q, part: null, partId: null, text: r?.type === "essay" ? String(r.text ?? "") : "" }] };
  if (q.type !== "group") return { material: "", essays: [] };
  const essays = essayPartIndexes(q).flatMap((i) => {
    const part = q.parts[i]!;
    const given = r?.type === "group" ? r.parts?.[part.id] : undefined;
    const text = given?.type === "essay" ? String(given.text ?? "") : "";
    return text.trim() === "" ? [] : [{ question: partQuestion(q, i), part: i + 1, partId: part.id, text }];
  });
  return { material: q.stem, essays };
}

/**
 * The essay of an answer a trainer grades: a group's essay part `part` (by default the first one
 * still waiting, else the first); an essay question's only one (`part` is no matter there). Null
 * when there is no such essay.
 */
function pickEssay(essays: Essay[], grades: PartGrades | null, part: number | null): Essay | null {
  if (part !== null && essays[0]?.part !== null) return essays.find((e) => e.part === part) ?? null;
  return essays.find((e) => e.partId === null || grades?.[e.partId] === undefined) ?? essays[0] ?? null;
}

/** One essay answer (a group's essay part) to grade; null when it is not an essay answer of a member the trainer may see. */
export async function getGradingItem(db: Db, actor: Principal, attemptId: number, position: number, part: number | null = null): Promise<GradingItem | null> {
  const row = await loadAnswer(db, attemptId, position);
  if (!row || !can(actor, "teach.manage", row.u.path)) return null;
  const { material, essays } = essaysToGrade(row.v, row.an.response);
  const grades = row.an.partGrades ?? null;
  const essay = pickEssay(essays, grades, part);
  if (!essay) return null;
  const q = essay.question;
  const [grader] = row.an.gradedBy
    ? await db.select({ name: members.name }).from(users).innerJoin(members, eq(members.id, users.memberId)).where(eq(users.id, row.an.gradedBy))
    : [];
  const scope = scopeOf(actor, "teach.manage");
  const nextRows = rowsOf<{ attempt_id: number; position: number }>(
    await db.execute(sql`SELECT a.id AS attempt_id, an.position ${QUEUE_FROM}
      WHERE ${queueWhere(scope, { show: "pending" })} AND NOT (an.attempt_id = ${attemptId} AND an.position = ${position})
      ORDER BY (a.quiz_id = ${row.a.quizId}) DESC, a.submitted_at ASC, a.id, an.position LIMIT 1`),
  );
  const waiting = essays.find((e) => e.partId !== null && e.part !== essay.part && grades?.[e.partId] === undefined);
  const own = essay.partId === null ? { score: row.an.manualScore, feedback: row.an.feedback } : (grades?.[essay.partId] ?? { score: null, feedback: null });
  const whole = Number(row.v.points);
  return {
    attemptId,
    position,
    preview: row.a.preview,
    quiz: row.z,
    member: { id: row.m.id, name: row.m.name, employeeNo: row.m.employeeNo, unitName: row.u.name },
    submittedAt: row.a.submittedAt,
    group: essay.part === null ? null : { material, part: essay.part },
    essayParts: essays.flatMap((e) =>
      e.part === null || e.partId === null ? [] : [{ part: e.part, points: e.question.points, manualScore: grades?.[e.partId]?.score ?? null }],
    ),
    stem: q.stem,
    reference: q.type === "essay" ? q.key.reference : "",
    explanation: essay.part === null ? q.explanation : row.v.explanation,
    points: q.points,
    // A part counts for its share of the slot: its points × slot points / the group's points.
    slotPoints:
      essay.part === null || whole === 0 ? Number(row.aq.points) : fromCenti(divRound(toCenti(q.points) * toCenti(Number(row.aq.points)), toCenti(whole))),
    text: essay.text,
    manualScore: own.score,
    feedback: own.feedback ?? "",
    gradedBy: grader?.name ?? null,
    gradedAt: row.an.gradedAt,
    next: waiting
      ? { attemptId, position, part: waiting.part }
      : nextRows[0]
        ? { attemptId: Number(nextRows[0].attempt_id), position: Number(nextRows[0].position), part: null }
        : null,
  };
}

/**
 * A group's grades with one essay part's set: its manual score (the written essay parts' scores
 * added up, in hundredths, once each has one; else null) and its feedback for the worker's
 * review, each part's under its number, "(3) …", when several were written.
 */
function withPartGrade(essays: Essay[], grades: PartGrades | null, partId: string, grade: PartGrades[string]) {
  return summed(essays, { ...grades, [partId]: grade });
}

/** A group's manual score and feedback from its essay parts' grades (see withPartGrade). */
function summed(essays: Essay[], next: PartGrades) {
  const scored = essays.map((e) => next[e.partId ?? ""]);
  const manualScore = scored.every((g) => g !== undefined) ? fromCenti(scored.reduce((sum, g) => sum + toCenti(g?.score ?? 0), 0)) : null;
  const feedback = essays
    .flatMap((e) => {
      const text = next[e.partId ?? ""]?.feedback;
      return text ? [essays.length > 1 ? `(${e.part}) ${text}` : text] : [];
    })
    .join("\n");
  return { partGrades: next, manualScore, feedback: feedback || null };
}

/**
 * A group answer when it moves (a regrade) from version `from` of its question to `to`: the
 * answers to parts the new version no longer has are left out of the response (which must name
 * only the group's parts to be read at all); a part's grade stays only where the part is still an
 * essay part with the same points (the scale of the trainer's score); a removed part's, or one
 * whose points changed, is dropped, and that part waits for its trainer again. The manual score
 * is recomputed by the rule of withPartGrade (null while a written essay part waits). Null when
 * nothing changes.
 */
export function regradedGroupAnswer(
  from: Parameters<typeof fromStored>[0],
  to: Parameters<typeof fromStored>[0],
  answer: { response: unknown; partGrades: PartGrades | null; manualScore: number | null; feedback: string | null },
): { response: unknown; partGrades: PartGrades | null; manualScore: number | null; feedback: string | null } | null {
  if (to.type !== "group") return null;
  const before = fromStored(from);
  const after = fromStored(to);
  if (after.type !== "group") return null;
  const ids = new Set(after.parts.map((p) => p.id));
  const given = answer.response as { type?: unknown; parts?: Record<string, unknown> } | null;
  let response = answer.response;
  if (given?.type === "group" && given.parts && Object.keys(given.parts).some((id) => !ids.has(id)))
    response = { ...given, parts: Object.fromEntries(Object.entries(given.parts).filter(([id]) => ids.has(id))) };
  let grades = { partGrades: answer.partGrades, manualScore: answer.manualScore, feedback: answer.feedback };
  if (answer.partGrades) {
    const oldPoints = new Map(before.type === "group" ? before.parts.filter((p) => p.type === "essay").map((p) => [p.id, p.points]) : []);
    const kept: PartGrades = {};
    for (const p of after.parts) {
      const g = answer.partGrades[p.id];
      if (p.type === "essay" && g && oldPoints.get(p.id) === p.points) kept[p.id] = g;
    }
    const { essays } = essaysToGrade(to, response);
    const next = summed(essays, kept);
    // Nothing written to grade (every essay part removed): no manual score, as before any grading.
    grades = { partGrades: Object.keys(kept).length ? kept : null, manualScore: essays.length ? next.manualScore : null, feedback: next.feedback };
  }
  const byId = (g: PartGrades | null) => JSON.stringify(Object.entries(g ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const same =
    response === answer.response &&
    byId(grades.partGrades) === byId(answer.partGrades) &&
    grades.manualScore === (answer.manualScore === null ? null : Number(answer.manualScore)) &&
    grades.feedback === answer.feedback;
  return same ? null : { response, ...grades };
}

export const MAX_FEEDBACK = 2000;

/**
 * A trainer's score (0 to the question's points, two decimals) and feedback for one essay
 * answer, or one essay part of a group (`part`, its number; it may go when the group has one
 * written essay part): the group is graded once each written essay part is. The attempt is graded again and, unless it is a preview, the member's result of
 * record recomputed, in the same transaction; the audit log keeps the old and new score.
 */
export async function saveManualGrade(
  db: Db,
  actor: Principal,
  input: { attemptId: number; position: number; part?: number | null; score: number; feedback: string },
): Promise<Result<{ score: number; max: number; pending: boolean }>> {
  if (input.feedback.length > MAX_FEEDBACK) return fail("quizAdmin.grading.feedbackTooLong", { max: MAX_FEEDBACK });
  if (hasBadCharacters(input.feedback)) return fail("errors.badCharacters");
  return db.transaction(async (tx) => {
    // One grader at a time per attempt: the attempt's total is computed from all its answers.
    await tx.execute(sql`SELECT id FROM attempts WHERE id = ${input.attemptId} FOR UPDATE`);
    const row = await loadAnswer(tx, input.attemptId, input.position);
    // A member outside the scope is not told apart from an answer that does not exist.
    if (!row || !can(actor, "teach.manage", row.u.path)) return notFound();
    const { essays } = essaysToGrade(row.v, row.an.response);
    const essay = input.part == null ? (essays.length === 1 ? essays[0] : undefined) : essays.find((e) => e.part === input.part);
    if (!essay) return notFound();
    if (row.a.state !== "submitted") return conflict("quizAdmin.grading.notSubmitted");
    // A group's essay part is scored on the part's own points.
    const problem = checkManualScore(essay.question, input.score);
    if (problem) return fail(problem.code, problem.params);
    const feedback = input.feedback.trim() || null;
    const before = row.an.partGrades ?? null;
    const set = essay.partId === null ? { manualScore: input.score, feedback } : withPartGrade(essays, before, essay.partId, { score: input.score, feedback });
    await tx
      .update(attemptAnswers)
      .set({ ...set, gradedBy: actor.userId, gradedAt: clock.now() })
      .where(and(eq(attemptAnswers.attemptId, input.attemptId), eq(attemptAnswers.position, input.position)));
    const graded = await gradeAttempt(tx, input.attemptId);
    if (!row.a.preview) await recomputeResult(tx, row.a.quizId, row.a.memberId);
    // The last essay of the attempt graded: the worker is told (once per attempt) where to look.
    if (!row.a.preview && row.a.needsGrading && !graded.pending)
      await emit(tx, "essay_graded", [row.a.memberId], { title: row.z.title }, `/attempts/${input.attemptId}/review`, `attempt:${input.attemptId}:graded`);
    await audit(tx, {
      actorUserId: actor.userId,
      action: "attempt.grade",
      entity: "attempt",
      entityId: input.attemptId,
      before: { position: input.position, part: essay.part, manualScore: row.an.manualScore, partGrades: before, attemptScore: row.a.score },
      after: {
        position: input.position,
        part: essay.part,
        manualScore: set.manualScore,
        partGrades: "partGrades" in set ? set.partGrades : null,
        attemptScore: graded.score,
        pending: graded.pending,
      },
    });
    return ok(graded);
  });
}
