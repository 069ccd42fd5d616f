import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { caseAnswers, caseAssignments, caseQuestions, cases, questionVersions, questions } from "@/db/schema";
import { isAuthor, type Authored } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { badRequest, conflict, forbidden, notFound, ok, type MessageKey, type Result } from "@/lib/core/result";
import { dayIn } from "@/lib/core/time";
import { emit } from "@/lib/notifications/events";
import { inScope } from "@/lib/org/scope";
import { recordAnswer } from "@/lib/practice/practice";
import { fromStored } from "@/lib/quiz/store";
import { marksOf, type Correctness } from "@/lib/quiz/grading";
import type { Response } from "@/lib/quiz/response";
import { PRACTISED_TYPES, publicView, type PublicQuestion } from "@/lib/quiz/types";
import { getStorage, type MediaStorage } from "@/lib/storage";
import { putImage, readImage, sniffImage } from "@/lib/storage/images";
import { assignmentStatus, caseInput, caseScore, dueOn, PHOTO_MAX_BYTES, PHOTOS_MAX, type AssignmentStatus } from "./rules";

function firstCode(error: { issues: { message: string }[] }): MessageKey {
  const m = error.issues[0]?.message ?? "";
  return (/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/.test(m) ? m : "errors.invalidInput") as MessageKey;
}

const PHOTO_KEY = /^cases\/[0-9a-f-]{36}\.(jpg|png|webp)$/;

/**
 * SQL keeping the active members of the unit subtree `unitPath` who hold job `jobId` (their post,
 * or eligible / expiring for it on the roster) or work towards it (member_job_targets).
 */
function audienceSql(unitPath: string, jobId: number) {
  return sql`SELECT m.id FROM members m JOIN org_units u ON u.id = m.org_unit_id
    WHERE m.status = 'active' AND u.path LIKE ${`${unitPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}
      AND (m.job_id = ${jobId}
        OR EXISTS (SELECT 1 FROM member_job_targets t WHERE t.member_id = m.id AND t.job_id = ${jobId})
        OR EXISTS (SELECT 1 FROM eligibility_cells c WHERE c.member_id = m.id AND c.job_id = ${jobId} AND c.status IN ('eligible', 'expiring')))`;
}

/**
 * A trainer (or admin) publishes a case for a job in a unit of their scope: title ≤ 100, text,
 * 0–6 photos (JPEG/PNG/WebP ≤ 5 MB), optional equipment of a station in scope, 1–5 bank questions
 * of the types practice grades (PRACTISED_TYPES: matching, ordering, cloze and 案例分析 groups
 * included), 1–90 days. It is assigned at once to every active member of the
 * unit's subtree holding or working towards the job, due on the publication day (site's zone) + N.
 * Bad input: a failure, nothing stored (photos are checked before anything is written).
 */
export async function publishCase(
  db: Db,
  actor: Principal,
  raw: Record<string, unknown>,
  photos: readonly Uint8Array[] = [],
  now = clock.now(),
  storage: MediaStorage = getStorage(),
): Promise<Result<{ id: number; assigned: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const parsed = caseInput.safeParse(raw);
  if (!parsed.success) return badRequest(firstCode(parsed.error));
  const input = parsed.data;
  if (photos.length > PHOTOS_MAX) return badRequest("cases.errors.photoCount", { max: PHOTOS_MAX });
  for (const p of photos) {
    if (p.byteLength > PHOTO_MAX_BYTES) return badRequest("cases.errors.photoTooLarge", { mb: PHOTO_MAX_BYTES / 1024 / 1024 });
    if (!sniffImage(p)) return badRequest("cases.errors.photoType");
  }
  const [unit] = rowsOf<{ path: string }>(await db.execute(sql`SELECT path FROM org_units WHERE id = ${input.orgUnitId} AND active`));
  if (!unit || !can(actor, "teach.manage", unit.path)) return badRequest("cases.errors.unit");
  const [job] = rowsOf(await db.execute(sql`SELECT 1 FROM jobs WHERE id = ${input.jobId} AND active`));
  if (!job) return badRequest("cases.errors.job");
  if (input.equipmentId !== null) {
    const [eq] = rowsOf<{ path: string }>(
      await db.execute(sql`SELECT u.path FROM equipment e JOIN org_units u ON u.id = e.station_id WHERE e.id = ${input.equipmentId} AND e.retired_at IS NULL`),
    );
    if (!eq || !can(actor, "teach.manage", eq.path)) return badRequest("cases.errors.equipment");
  }
  const found = await db
    .select({ id: questions.id, type: questionVersions.type })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(and(inArray(questions.id, input.questionIds), eq(questions.archived, false)));
  if (found.length !== input.questionIds.length || found.some((q) => !PRACTISED_TYPES.has(q.type))) return badRequest("cases.errors.questions");

  const photoKeys: string[] = [];
  for (const p of photos) photoKeys.push(await putImage(storage, "cases", p));
  const due = dueOn(dayIn(now, clock.timeZone()), input.dueDays);
  return db.transaction(async (tx) => {
    const [made] = await tx
      .insert(cases)
      .values({
        title: input.title,
        body: input.body,
        photoKeys,
        equipmentId: input.equipmentId,
        jobId: input.jobId,
        orgUnitId: input.orgUnitId,
        dueDays: input.dueDays,
        creditHours: input.creditHours,
        createdBy: actor.userId,
        publishedAt: now,
      })
      .returning({ id: cases.id });
    const id = made!.id;
    await tx.insert(caseQuestions).values(input.questionIds.map((questionId, ord) => ({ caseId: id, questionId, ord })));
    const assignedIds = rowsOf<{ member_id: number }>(
      await tx.execute(sql`INSERT INTO case_assignments (case_id, member_id, assigned_at, due_on)
        SELECT ${id}, a.id, ${now.toISOString()}::timestamptz, ${due}::date FROM (${audienceSql(unit.path, input.jobId)}) a
        RETURNING member_id`),
    ).map((r) => Number(r.member_id));
    const assigned = assignedIds.length;
    await emit(tx, "case_assigned", assignedIds, { title: input.title, day: due }, `/cases/${id}`, `case:${id}:assigned`, now);
    await audit(tx, {
      actorUserId: actor.userId,
      action: "case.publish",
      entity: "case",
      entityId: id,
      after: { ...input, photos: photoKeys.length, assigned, dueOn: due },
    });
    return ok({ id, assigned });
  });
}

/**
 * Members who come to hold or work towards a case's job after it was published (a new post, a new
 * target, a move into the unit, a new hire, an eligibility gained) get it too: every case not
 * withdrawn is assigned to the members of its audience it has not reached yet, due on today (the
 * site's zone) + the case's days, and they hear of it. Run by the notify sweep; idempotent (one
 * assignment per case and member), so it may run as often and on as many instances as it likes.
 */
export async function assignLateJoiners(db: Db, now = clock.now()): Promise<number> {
  const open = rowsOf<{ id: number; title: string; job_id: number; due_days: number; path: string }>(
    await db.execute(sql`SELECT c.id, c.title, c.job_id, c.due_days, u.path FROM cases c JOIN org_units u ON u.id = c.org_unit_id
      WHERE c.withdrawn_at IS NULL ORDER BY c.id`),
  );
  const today = dayIn(now, clock.timeZone());
  let n = 0;
  for (const c of open) {
    const id = Number(c.id);
    const due = dueOn(today, Number(c.due_days));
    const added = rowsOf<{ member_id: number }>(
      await db.execute(sql`INSERT INTO case_assignments (case_id, member_id, assigned_at, due_on)
        SELECT ${id}, a.id, ${now.toISOString()}::timestamptz, ${due}::date FROM (${audienceSql(c.path, Number(c.job_id))}) a
        WHERE NOT EXISTS (SELECT 1 FROM case_assignments x WHERE x.case_id = ${id} AND x.member_id = a.id)
        ON CONFLICT DO NOTHING
        RETURNING member_id`),
    ).map((r) => Number(r.member_id));
    if (!added.length) continue;
    n += added.length;
    await emit(db, "case_assigned", added, { title: c.title, day: due }, `/cases/${id}`, `case:${id}:assigned`, now);
  }
  return n;
}

export interface MyCase {
  id: number;
  title: string;
  dueOn: string;
  status: AssignmentStatus;
  questions: number;
  answered: number;
}

/** The acting member's own cases (not withdrawn): open ones first by due day, then completed ones. */
export async function myCases(db: Db, actor: Principal, now = clock.now()): Promise<MyCase[]> {
  if (!can(actor, "self.learn")) return [];
  const today = dayIn(now, clock.timeZone());
  const rows = rowsOf<{
    id: number;
    title: string;
    due_on: string;
    acknowledged_at: string | null;
    completed_at: string | null;
    questions: number;
    answered: number;
  }>(
    await db.execute(sql`SELECT c.id, c.title, a.due_on::text AS due_on, a.acknowledged_at, a.completed_at,
        (SELECT count(*)::int FROM case_questions q WHERE q.case_id = c.id) AS questions,
        (SELECT count(*)::int FROM case_answers x WHERE x.case_id = c.id AND x.member_id = a.member_id) AS answered
      FROM case_assignments a JOIN cases c ON c.id = a.case_id
      WHERE a.member_id = ${actor.memberId} AND c.withdrawn_at IS NULL
      ORDER BY (a.completed_at IS NOT NULL), a.due_on, c.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    dueOn: r.due_on,
    status: assignmentStatus(
      {
        dueOn: r.due_on,
        acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
        completedAt: r.completed_at ? new Date(r.completed_at) : null,
      },
      today,
    ),
    questions: Number(r.questions),
    answered: Number(r.answered),
  }));
}

export interface CaseQuestionView {
  questionId: number;
  question: PublicQuestion;
  /**
   * The member's answer once given (feedback): right or wrong, partly right (部分正确, graded by
   * the engine as practice grades it), a 案例分析 group's mark per part in the parts' order, the
   * key and the explanation.
   */
  answer: { right: boolean; partial: boolean; parts?: Correctness[]; response: unknown; key: unknown; explanation: string } | null;
}

export interface WorkerCase {
  id: number;
  title: string;
  body: string;
  photoKeys: string[];
  jobName: string;
  equipment: { code: string; name: string } | null;
  publishedAt: Date;
  dueOn: string;
  status: AssignmentStatus;
  acknowledgedAt: Date | null;
  completedAt: Date | null;
  score: number | null;
  questions: CaseQuestionView[];
}

interface AssignmentRow {
  case_id: number;
  title: string;
  body: string;
  photo_keys: string[];
  job_name: string;
  eq_code: string | null;
  eq_name: string | null;
  published_at: string | Date;
  due_on: string;
  acknowledged_at: string | Date | null;
  completed_at: string | Date | null;
  score: string | number | null;
}

async function assignment(db: Db, memberId: number, caseId: number): Promise<AssignmentRow | null> {
  const [row] = rowsOf<AssignmentRow>(
    await db.execute(sql`SELECT c.id AS case_id, c.title, c.body, c.photo_keys, j.name AS job_name, e.code AS eq_code, e.name AS eq_name,
        c.published_at, a.due_on::text AS due_on, a.acknowledged_at, a.completed_at, a.score
      FROM case_assignments a JOIN cases c ON c.id = a.case_id JOIN jobs j ON j.id = c.job_id LEFT JOIN equipment e ON e.id = c.equipment_id
      WHERE a.case_id = ${caseId} AND a.member_id = ${memberId} AND c.withdrawn_at IS NULL`),
  );
  return row ?? null;
}

/** A kept answer's marks as practice feedback shows them (the engine's `marksOf`): partly right, and a group's per part. */
function partMarks(q: ReturnType<typeof fromStored>, response: Response): { partial: boolean; parts?: Correctness[] } {
  const { mark, parts } = marksOf(q, response);
  return { partial: mark === "partial", ...(parts ? { parts } : {}) };
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

/**
 * One of the acting member's own cases: the text, photos, the questions without keys, and for
 * each question answered the feedback (right or wrong, the key, the explanation). A case not
 * assigned to them is "not found", like one that does not exist.
 */
export async function caseForWorker(db: Db, actor: Principal, caseId: number, now = clock.now()): Promise<Result<WorkerCase>> {
  if (!can(actor, "self.learn")) return forbidden();
  const a = await assignment(db, actor.memberId, caseId);
  if (!a) return notFound("cases.errors.notFound");
  const qs = await db
    .select({ questionId: caseQuestions.questionId, v: questionVersions, answer: caseAnswers, response: sql<unknown>`pa.response` })
    .from(caseQuestions)
    .innerJoin(questions, eq(questions.id, caseQuestions.questionId))
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .leftJoin(
      caseAnswers,
      and(eq(caseAnswers.caseId, caseQuestions.caseId), eq(caseAnswers.questionId, caseQuestions.questionId), eq(caseAnswers.memberId, actor.memberId)),
    )
    .leftJoin(sql`practice_answers pa`, sql`pa.id = ${caseAnswers.answerId}`)
    .where(eq(caseQuestions.caseId, caseId))
    .orderBy(asc(caseQuestions.ord));
  const completedAt = date(a.completed_at);
  const acknowledgedAt = date(a.acknowledged_at);
  return ok({
    id: Number(a.case_id),
    title: a.title,
    body: a.body,
    photoKeys: a.photo_keys ?? [],
    jobName: a.job_name,
    equipment: a.eq_code ? { code: a.eq_code, name: a.eq_name ?? "" } : null,
    publishedAt: new Date(a.published_at),
    dueOn: a.due_on,
    status: assignmentStatus({ dueOn: a.due_on, acknowledgedAt, completedAt }, dayIn(now, clock.timeZone())),
    acknowledgedAt,
    completedAt,
    score: a.score === null ? null : Number(a.score),
    questions: qs.map((q) => {
      const stored = fromStored(q.v);
      return {
        questionId: q.questionId,
        question: publicView(stored),
        answer: q.answer
          ? { right: q.answer.correct, ...partMarks(stored, q.response as Response), response: q.response, key: stored.key, explanation: stored.explanation }
          : null,
      };
    }),
  });
}

/** 我已阅读并知晓: the member acknowledges one of their own cases (once; a second time changes nothing). */
export async function acknowledgeCase(db: Db, actor: Principal, caseId: number, now = clock.now()): Promise<Result> {
  if (!can(actor, "self.learn")) return forbidden();
  if (!(await assignment(db, actor.memberId, caseId))) return notFound("cases.errors.notFound");
  await db
    .update(caseAssignments)
    .set({ acknowledgedAt: now })
    .where(and(eq(caseAssignments.caseId, caseId), eq(caseAssignments.memberId, actor.memberId), sql`${caseAssignments.acknowledgedAt} IS NULL`));
  return ok();
}

/**
 * The member answers a question of their own acknowledged case, once: graded on the server as
 * practice grades it (a practice answer, mode "case"), so a wrong answer goes into the
 * wrong-answer book by the mastery rule; the last question answered completes the case with its
 * score. Refused: not their case or not its question (not found), not acknowledged yet or
 * answered already (conflict), an answer of the wrong shape (bad request); nothing written then.
 */
export async function answerCaseQuestion(
  db: Db,
  actor: Principal,
  input: { caseId: number; questionId: number; response: unknown },
  now = clock.now(),
): Promise<Result<{ right: boolean; completed: boolean }>> {
  if (!can(actor, "self.learn")) return forbidden();
  const a = await assignment(db, actor.memberId, input.caseId);
  if (!a) return notFound("cases.errors.notFound");
  if (!a.acknowledged_at) return conflict("cases.errors.acknowledgeFirst");
  const ids = (await db.select({ q: caseQuestions.questionId }).from(caseQuestions).where(eq(caseQuestions.caseId, input.caseId))).map((r) => r.q);
  if (!ids.includes(input.questionId)) return notFound("cases.errors.questionNotFound");
  let completed = false;
  const r = await recordAnswer(db, actor.memberId, { questionId: input.questionId, mode: "case", response: input.response }, now, async (tx, answer) => {
    const kept = await tx
      .insert(caseAnswers)
      .values({ caseId: input.caseId, memberId: actor.memberId, questionId: input.questionId, answerId: answer.answerId, correct: answer.right })
      .onConflictDoNothing()
      .returning({ q: caseAnswers.questionId });
    if (!kept.length) return conflict("cases.errors.answered");
    const given = await tx
      .select({ correct: caseAnswers.correct })
      .from(caseAnswers)
      .where(and(eq(caseAnswers.caseId, input.caseId), eq(caseAnswers.memberId, actor.memberId)));
    if (given.length >= ids.length) {
      completed = true;
      await tx
        .update(caseAssignments)
        .set({ completedAt: now, score: caseScore(given.map((g) => g.correct)) })
        .where(and(eq(caseAssignments.caseId, input.caseId), eq(caseAssignments.memberId, actor.memberId)));
    }
    return ok(undefined);
  });
  if (!r.ok) return r;
  return ok({ right: r.value.right, completed });
}

export interface CaseSummary {
  id: number;
  title: string;
  jobName: string;
  unitName: string;
  publishedAt: Date;
  assigned: number;
  acknowledged: number;
  completed: number;
  overdue: number;
  /** When it was withdrawn (撤回), or null: a withdrawn case is no longer due. */
  withdrawnAt: Date | null;
  /** May the reader withdraw it (its publisher, or an admin over its unit), while not withdrawn. */
  mayWithdraw: boolean;
}

function summarySql(today: string) {
  return sql`(SELECT count(*)::int FROM case_assignments a WHERE a.case_id = c.id) AS assigned,
    (SELECT count(*)::int FROM case_assignments a WHERE a.case_id = c.id AND a.acknowledged_at IS NOT NULL) AS acknowledged,
    (SELECT count(*)::int FROM case_assignments a WHERE a.case_id = c.id AND a.completed_at IS NOT NULL) AS completed,
    (SELECT count(*)::int FROM case_assignments a WHERE a.case_id = c.id AND a.completed_at IS NULL AND a.due_on < ${today}::date AND c.withdrawn_at IS NULL) AS overdue,
    c.withdrawn_at, c.created_by, u.path`;
}

type SummaryRow = {
  id: number;
  title: string;
  job_name: string;
  unit_name: string;
  published_at: string | Date;
  assigned: number;
  acknowledged: number;
  completed: number;
  overdue: number;
  withdrawn_at: string | Date | null;
  created_by: number | null;
  path: string;
};
const summary = (actor: Principal, r: SummaryRow): CaseSummary => ({
  id: Number(r.id),
  title: r.title,
  jobName: r.job_name,
  unitName: r.unit_name,
  publishedAt: new Date(r.published_at),
  assigned: Number(r.assigned),
  acknowledged: Number(r.acknowledged),
  completed: Number(r.completed),
  overdue: Number(r.overdue),
  withdrawnAt: date(r.withdrawn_at),
  mayWithdraw: r.withdrawn_at === null && mayWithdraw(actor, { createdBy: r.created_by === null ? null : Number(r.created_by), path: r.path }),
});

/** The cases published for units in the trainer's scope, newest first, with their progress counts. */
export async function listCases(db: Db, actor: Principal, now = clock.now()): Promise<Result<CaseSummary[]>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const today = dayIn(now, clock.timeZone());
  const rows = rowsOf<SummaryRow>(
    await db.execute(sql`SELECT c.id, c.title, j.name AS job_name, u.name AS unit_name, c.published_at, ${summarySql(today)}
      FROM cases c JOIN jobs j ON j.id = c.job_id JOIN org_units u ON u.id = c.org_unit_id
      WHERE ${inScope(sql`u.path`, scopeOf(actor, "teach.manage"))}
      ORDER BY c.published_at DESC, c.id DESC`),
  );
  return ok(rows.map((r) => summary(actor, r)));
}

export interface CaseProgress extends CaseSummary {
  dueDays: number;
  questions: { questionId: number; stem: string; answered: number; right: number }[];
  members: { name: string; employeeNo: string; unitName: string; dueOn: string; status: AssignmentStatus; score: number | null }[];
}

/** One case's progress for a trainer in scope of its unit: counts, share right per question, each member's status. */
export async function caseProgress(db: Db, actor: Principal, caseId: number, now = clock.now()): Promise<Result<CaseProgress>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const today = dayIn(now, clock.timeZone());
  const [row] = rowsOf<SummaryRow & { due_days: number }>(
    await db.execute(sql`SELECT c.id, c.title, c.due_days, j.name AS job_name, u.name AS unit_name, c.published_at, ${summarySql(today)}
      FROM cases c JOIN jobs j ON j.id = c.job_id JOIN org_units u ON u.id = c.org_unit_id WHERE c.id = ${caseId}`),
  );
  if (!row || !can(actor, "teach.manage", row.path)) return notFound("cases.errors.notFound");
  const qs = rowsOf<{ question_id: number; stem: string; answered: number; right: number }>(
    await db.execute(sql`SELECT cq.question_id, v.stem, count(x.question_id)::int AS answered, count(x.question_id) FILTER (WHERE x.correct)::int AS right
      FROM case_questions cq JOIN questions q ON q.id = cq.question_id JOIN question_versions v ON v.id = q.current_version_id
      LEFT JOIN case_answers x ON x.case_id = cq.case_id AND x.question_id = cq.question_id
      WHERE cq.case_id = ${caseId} GROUP BY cq.question_id, cq.ord, v.stem ORDER BY cq.ord`),
  );
  const ms = rowsOf<{
    name: string;
    employee_no: string;
    unit_name: string;
    due_on: string;
    acknowledged_at: string | null;
    completed_at: string | null;
    score: string | null;
  }>(
    await db.execute(sql`SELECT m.name, m.employee_no, u.name AS unit_name, a.due_on::text AS due_on, a.acknowledged_at, a.completed_at, a.score
      FROM case_assignments a JOIN members m ON m.id = a.member_id JOIN org_units u ON u.id = m.org_unit_id
      WHERE a.case_id = ${caseId} ORDER BY (a.completed_at IS NOT NULL), m.employee_no`),
  );
  return ok({
    ...summary(actor, row),
    dueDays: Number(row.due_days),
    questions: qs.map((q) => ({ questionId: Number(q.question_id), stem: q.stem, answered: Number(q.answered), right: Number(q.right) })),
    members: ms.map((m) => ({
      name: m.name,
      employeeNo: m.employee_no,
      unitName: m.unit_name,
      dueOn: m.due_on,
      status: assignmentStatus({ dueOn: m.due_on, acknowledgedAt: date(m.acknowledged_at), completedAt: date(m.completed_at) }, today),
      score: m.score === null ? null : Number(m.score),
    })),
  });
}

/**
 * May withdraw a case: a trainer in scope of its unit who published it, or an admin over its unit.
 * Pure (the caller loaded the case).
 */
function mayWithdraw(actor: Principal, c: Authored & { path: string }): boolean {
  if (!can(actor, "teach.manage", c.path)) return false;
  // org.write is an admin's, over their unit's subtree.
  return isAuthor(actor, c) || can(actor, "org.write", c.path);
}

/**
 * 撤回: the trainer who published a case (or an admin over its unit) withdraws it. It leaves the
 * members' to-do lists and is no longer due or overdue, and reaches no one new (assignLateJoiners);
 * the assignments and the answers already given stay in the record. Once; audited with what it
 * affected (members assigned, of them not yet done).
 */
export async function withdrawCase(db: Db, actor: Principal, caseId: number, now = clock.now()): Promise<Result<{ assigned: number; notDone: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  return db.transaction(async (tx) => {
    const [c] = rowsOf<{ id: number; created_by: number | null; withdrawn_at: string | Date | null; path: string }>(
      await tx.execute(sql`SELECT c.id, c.created_by, c.withdrawn_at, u.path FROM cases c JOIN org_units u ON u.id = c.org_unit_id
        WHERE c.id = ${caseId} FOR UPDATE OF c`),
    );
    if (!c || !can(actor, "teach.manage", c.path)) return notFound("cases.errors.notFound");
    if (!mayWithdraw(actor, { createdBy: c.created_by === null ? null : Number(c.created_by), path: c.path })) return forbidden("cases.errors.notYours");
    if (c.withdrawn_at !== null) return conflict("cases.errors.alreadyWithdrawn");
    const impact = await withdrawImpactIn(tx, caseId);
    await tx.update(cases).set({ withdrawnAt: now }).where(eq(cases.id, caseId));
    await audit(tx, {
      actorUserId: actor.userId,
      action: "case.withdraw",
      entity: "case",
      entityId: caseId,
      after: { withdrawnAt: now.toISOString(), ...impact },
    });
    return ok(impact);
  });
}

async function withdrawImpactIn(db: Db, caseId: number): Promise<{ assigned: number; notDone: number }> {
  const [n] = rowsOf<{ assigned: number; not_done: number }>(
    await db.execute(sql`SELECT count(*)::int AS assigned, (count(*) FILTER (WHERE completed_at IS NULL))::int AS not_done
      FROM case_assignments WHERE case_id = ${caseId}`),
  );
  return { assigned: Number(n?.assigned ?? 0), notDone: Number(n?.not_done ?? 0) };
}

/** A case's photo: for a member it is assigned to, or a trainer in scope of its unit; anything else "not found". */
export async function casePhoto(
  db: Db,
  viewer: Principal,
  key: string,
  storage: MediaStorage = getStorage(),
): Promise<Result<{ bytes: Buffer; mime: string }>> {
  if (!PHOTO_KEY.test(key)) return notFound();
  const [row] = rowsOf<{ path: string; assigned: boolean }>(
    await db.execute(sql`SELECT u.path, EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id AND a.member_id = ${viewer.memberId}) AS assigned
      FROM cases c JOIN org_units u ON u.id = c.org_unit_id WHERE ${key} = ANY(c.photo_keys) LIMIT 1`),
  );
  if (!row || !(row.assigned || can(viewer, "teach.manage", row.path))) return notFound();
  const photo = await readImage(storage, key);
  return photo ? ok(photo) : notFound();
}

export interface CaseFormOptions {
  units: { id: number; name: string; depth: number }[];
  jobs: { id: number; name: string }[];
  equipment: { id: number; code: string; name: string }[];
  questions: { id: number; stem: string; type: string }[];
}

/** What the create form offers a trainer: units and equipment of their scope, active jobs, bank questions a case may ask (filtered by `q`). */
export async function caseFormOptions(db: Db, actor: Principal, q = ""): Promise<Result<CaseFormOptions>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const scope = scopeOf(actor, "teach.manage");
  const units = rowsOf<{ id: number; name: string; path: string }>(
    await db.execute(sql`SELECT id, name, path FROM org_units WHERE active AND ${inScope(sql`path`, scope)} ORDER BY path`),
  );
  const jobs = rowsOf<{ id: number; name: string }>(await db.execute(sql`SELECT id, name FROM jobs WHERE active ORDER BY name, id`));
  const equipment = rowsOf<{ id: number; code: string; name: string }>(
    await db.execute(sql`SELECT e.id, e.code, e.name FROM equipment e JOIN org_units u ON u.id = e.station_id
      WHERE e.retired_at IS NULL AND ${inScope(sql`u.path`, scope)} ORDER BY e.name, e.id`),
  );
  const like = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const qs = rowsOf<{ id: number; stem: string; type: string }>(
    await db.execute(sql`SELECT q.id, v.stem, v.type::text AS type FROM questions q JOIN question_versions v ON v.id = q.current_version_id
      WHERE NOT q.archived AND v.type::text IN (${sql.join(
        [...PRACTISED_TYPES].map((t) => sql`${t}`),
        sql`, `,
      )}) AND v.stem ILIKE ${like}
      ORDER BY q.id DESC LIMIT 200`),
  );
  const base = Math.min(...units.map((u) => u.path.split("/").filter(Boolean).length));
  return ok({
    units: units.map((u) => ({ id: Number(u.id), name: u.name, depth: u.path.split("/").filter(Boolean).length - base })),
    jobs: jobs.map((j) => ({ id: Number(j.id), name: j.name })),
    equipment: equipment.map((e) => ({ id: Number(e.id), code: e.code, name: e.name })),
    questions: qs.map((x) => ({ id: Number(x.id), stem: x.stem, type: x.type })),
  });
}

/** The acting member's open (not completed) cases, for the home page's next steps. */
export async function openCases(db: Db, actor: Principal, now = clock.now()): Promise<MyCase[]> {
  return (await myCases(db, actor, now)).filter((c) => c.status !== "completed");
}
