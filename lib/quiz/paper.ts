/**
 * 线下考试 (paper exams) for stations without devices. A trainer who may change a quiz
 * (`quizToChange`: its maker or a whole-organisation trainer) opens a paper sitting at a station
 * in their scope: the quiz's slots are drawn once (a stored seed), and versions A and B are two
 * orders of that draw (paper-versions.ts). The sitting prints as papers, answer keys, answer
 * sheets and a sign-in sheet (paper-pdf.ts); the scores written on paper are entered one by one
 * or imported (paper-import.ts) and become *paper attempts*: submitted attempts with
 * `source = 'paper'`, the version's questions in its order, per-question scores when given. The
 * result of record then comes from `recomputeResult` as for an online attempt, so the results
 * page, the member's record, eligibility and course completion see it the same way.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { attemptAnswers, attemptQuestions, attempts, paperExamQuestions, paperExams, questionVersions } from "@/db/schema";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import { conflict, fail, forbidden, notFound, ok, type MessageKey, type Result } from "@/lib/core/result";
import { inScope } from "@/lib/org/scope";
import * as clock from "@/lib/core/clock";
import { recomputeResult } from "./attempts/finish";
import { audienceCondition } from "./attempts/common";
import { drawQuestions } from "./attempts/start";
import { paperVersions, type PaperVersion } from "./paper-versions";
import { newSeed } from "./shuffle";
import { quizToChange } from "./quizzes";
import { fromCenti, toCenti } from "./score";
import { fromStored } from "./store";
import type { Question } from "./types";

export interface PaperStation {
  id: number;
  name: string;
}

/** Stations (active org units of kind station) in the actor's teaching scope, in tree order. */
export async function paperStations(db: Db, actor: Principal): Promise<PaperStation[]> {
  if (!can(actor, "teach.manage")) return [];
  const rows = rowsOf<{ id: number; name: string }>(
    await db.execute(sql`SELECT id, name FROM org_units u WHERE u.kind = 'station' AND u.active AND ${inScope(sql`u.path`, scopeOf(actor, "teach.manage"))}
      ORDER BY u.path LIMIT 500`),
  );
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
}

export const paperExamInput = z.object({ quizId: z.number().int().positive(), orgUnitId: z.number().int().positive() });

/**
 * Opens a paper sitting of a published (or closed) quiz at a station: draws the questions once
 * and fixes versions A and B. Only for someone who may change the quiz, at a station in their scope.
 */
export async function createPaperExam(db: Db, actor: Principal, input: z.input<typeof paperExamInput>): Promise<Result<{ id: number }>> {
  const parsed = paperExamInput.safeParse(input);
  if (!parsed.success) return fail("errors.invalidInput");
  const { quizId, orgUnitId } = parsed.data;
  return db.transaction(async (tx) => {
    const found = await quizToChange(tx, actor, quizId);
    if (!found.ok) return found;
    const quiz = found.value;
    if (quiz.status === "draft") return conflict("paper.errors.draft");
    const [unit] = rowsOf<{ kind: string; path: string }>(
      await tx.execute(sql`SELECT kind::text AS kind, path FROM org_units WHERE id = ${orgUnitId} AND active`),
    );
    if (unit?.kind !== "station") return notFound("paper.errors.noStation");
    if (!can(actor, "teach.manage", unit.path)) return forbidden("paper.errors.stationOutOfScope");
    const seed = newSeed();
    const drawn = await drawQuestions(tx, quizId, seed);
    if (!drawn.ok) return drawn;
    const versions = await tx
      .select()
      .from(questionVersions)
      .where(
        sql`${questionVersions.id} IN (${sql.join(
          drawn.value.map((d) => sql`${d.versionId}`),
          sql`, `,
        )})`,
      );
    const byId = new Map(versions.map((v) => [v.id, fromStored(v)]));
    const items = drawn.value.map((d) => ({ questionId: d.questionId, options: shuffledParts(byId.get(d.versionId)), alwaysShuffled: d.alwaysShuffled }));
    const layout = paperVersions(items, seed, { shuffleOptions: quiz.shuffleOptions });
    const [paper] = await tx.insert(paperExams).values({ quizId, orgUnitId, seed, createdBy: actor.userId }).returning({ id: paperExams.id });
    if (!paper) return fail("errors.invalidInput");
    await tx.insert(paperExamQuestions).values(
      drawn.value.map((d, i) => ({
        paperExamId: paper.id,
        position: i + 1,
        questionVersionId: d.versionId,
        points: d.points,
        numberA: layout.A.numbers[i]!,
        numberB: layout.B.numbers[i]!,
        optionsA: layout.A.options[i] ?? null,
        optionsB: layout.B.options[i] ?? null,
      })),
    );
    await audit(tx, { actorUserId: actor.userId, action: "quiz.paper.create", entity: "quiz", entityId: quizId, after: { paperExamId: paper.id, orgUnitId } });
    return ok({ id: paper.id });
  });
}

/** The parts of a question a paper may print in another order. */
function shuffledParts(q: Question | undefined) {
  if (!q) return null;
  if (q.type === "single" || q.type === "multiple") return q.options;
  if (q.type === "matching") return q.choices;
  if (q.type === "ordering") return q.items;
  return null;
}

export interface PaperExamRow {
  id: number;
  stationName: string;
  createdAt: Date;
  questions: number;
  recorded: number;
}

/** A quiz's paper sittings at stations in the actor's scope, newest first, with how many scores are in. */
export async function listPaperExams(db: Db, actor: Principal, quizId: number): Promise<PaperExamRow[]> {
  if (!can(actor, "teach.manage")) return [];
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT p.id, u.name AS station, p.created_at,
        (SELECT count(*)::int FROM paper_exam_questions x WHERE x.paper_exam_id = p.id) AS questions,
        (SELECT count(*)::int FROM attempts a WHERE a.paper_exam_id = p.id) AS recorded
      FROM paper_exams p JOIN org_units u ON u.id = p.org_unit_id
      WHERE p.quiz_id = ${quizId} AND ${inScope(sql`u.path`, scopeOf(actor, "teach.manage"))}
      ORDER BY p.id DESC LIMIT 100`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    stationName: String(r.station),
    createdAt: new Date(r.created_at as string),
    questions: Number(r.questions),
    recorded: Number(r.recorded),
  }));
}

export interface PaperQuestion {
  /** Position in the draw. */
  position: number;
  versionId: number;
  points: number;
  question: Question;
  number: Record<PaperVersion, number>;
  options: Record<PaperVersion, string[] | null>;
}

export interface PaperExam {
  id: number;
  quiz: { id: number; title: string; quarter: string; passPercent: number };
  station: { id: number; name: string; path: string };
  createdAt: Date;
  questions: PaperQuestion[];
  maxScore: number;
}

/**
 * A paper sitting with its questions and keys, for someone who may change its quiz and teaches
 * at its station (the check of `createPaperExam`); not found for anyone else.
 */
export async function paperExamToManage(db: Db, actor: Principal, paperId: number, quizId?: number): Promise<Result<PaperExam>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT p.id, p.created_at, q.id AS quiz_id, q.title, q.quarter, q.pass_percent::float8 AS pass, q.created_by,
        u.id AS unit_id, u.name AS unit_name, u.path
      FROM paper_exams p JOIN quizzes q ON q.id = p.quiz_id JOIN org_units u ON u.id = p.org_unit_id WHERE p.id = ${paperId}`),
  );
  if (!row || (quizId !== undefined && Number(row.quiz_id) !== quizId)) return notFound("paper.errors.notFound");
  if (!mayChangeContent(actor, { createdBy: row.created_by === null ? null : Number(row.created_by) })) return forbidden("quizAdmin.errors.notYours");
  if (!can(actor, "teach.manage", String(row.path))) return forbidden("paper.errors.stationOutOfScope");
  const qs = await db
    .select({ x: paperExamQuestions, v: questionVersions })
    .from(paperExamQuestions)
    .innerJoin(questionVersions, eq(questionVersions.id, paperExamQuestions.questionVersionId))
    .where(eq(paperExamQuestions.paperExamId, paperId))
    .orderBy(asc(paperExamQuestions.position));
  const questions = qs.map(({ x, v }) => ({
    position: x.position,
    versionId: x.questionVersionId,
    points: Number(x.points),
    question: fromStored(v),
    number: { A: x.numberA, B: x.numberB },
    options: { A: x.optionsA ?? null, B: x.optionsB ?? null },
  }));
  return ok({
    id: Number(row.id),
    quiz: { id: Number(row.quiz_id), title: String(row.title), quarter: String(row.quarter), passPercent: Number(row.pass) },
    station: { id: Number(row.unit_id), name: String(row.unit_name), path: String(row.path) },
    createdAt: new Date(row.created_at as string),
    questions,
    maxScore: fromCenti(questions.reduce((s, q) => s + toCenti(q.points), 0)),
  });
}

/** A version's questions in its order (Q1, Q2, … on that paper). */
export function inVersionOrder(paper: Pick<PaperExam, "questions">, v: PaperVersion): PaperQuestion[] {
  return paper.questions.slice().sort((a, b) => a.number[v] - b.number[v]);
}

export interface SignInMember {
  id: number;
  employeeNo: string;
  name: string;
}

/** The sign-in sheet: active members of the sitting's station (its subtree) in the quiz's audience, by 工号. */
export async function paperRoster(db: Db, paper: PaperExam): Promise<SignInMember[]> {
  const rows = rowsOf<{ id: number; employee_no: string; name: string }>(
    await db.execute(sql`SELECT m.id, m.employee_no, m.name FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE m.status = 'active' AND (u.path = ${paper.station.path} OR u.path LIKE ${`${paper.station.path}%`})
        AND ${audienceCondition(sql`${paper.quiz.id}`, { orgPath: sql`u.path`, jobId: sql`m.job_id` })}
      ORDER BY m.employee_no LIMIT 1000`),
  );
  return rows.map((r) => ({ id: Number(r.id), employeeNo: String(r.employee_no), name: String(r.name) }));
}

export interface PaperScoreRow {
  attemptId: number;
  memberId: number;
  employeeNo: string;
  name: string;
  version: PaperVersion;
  score: number;
  max: number;
  /** Per-question scores were entered. */
  items: boolean;
  /** Those scores, Q1..Qn of the member's version; null when only the total was entered. */
  itemScores: number[] | null;
}

/** The scores recorded for a sitting, by 工号 (members in the actor's scope). */
export async function paperScores(db: Db, actor: Principal, paper: PaperExam): Promise<PaperScoreRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT a.id AS attempt_id, m.id, m.employee_no, m.name, a.paper_version, a.score::float8 AS score, a.max_score::float8 AS max,
        (SELECT string_agg(coalesce(x.auto_score, 0)::text, ',' ORDER BY x.position) FROM attempt_answers x WHERE x.attempt_id = a.id) AS items
      FROM attempts a JOIN members m ON m.id = a.member_id JOIN org_units u ON u.id = m.org_unit_id
      WHERE a.paper_exam_id = ${paper.id} AND ${inScope(sql`u.path`, scopeOf(actor, "teach.manage"))}
      ORDER BY m.employee_no LIMIT 2000`),
  );
  return rows.map((r) => ({
    attemptId: Number(r.attempt_id),
    memberId: Number(r.id),
    employeeNo: String(r.employee_no),
    name: String(r.name),
    version: String(r.paper_version) as PaperVersion,
    score: Number(r.score),
    max: Number(r.max),
    items: r.items !== null,
    itemScores: r.items === null ? null : String(r.items).split(",").map(Number),
  }));
}

/** A paper score for one member: the total, and per question (in the version's numbering) when given. */
export interface PaperEntry {
  memberId: number;
  version: PaperVersion;
  score: number;
  /** Points per question, Q1..Qn of the version; null when only the total was written down. */
  items: number[] | null;
}

export type EntryCheck = { ok: true; entry: Omit<PaperEntry, "memberId"> } | { ok: false; reason: MessageKey; params?: Record<string, string | number> };

const SCORE_TEXT = /^\d{1,6}(\.\d{1,2})?$/;

/** A score cell: a number with at most two decimals, or null when it is not one. */
export function parseScore(s: string): number | null {
  const t = s.trim();
  return SCORE_TEXT.test(t) ? Number(t) : null;
}

/** A version as written ("A", "b", "A卷"), or null when it is neither. */
export function paperVersionOf(raw: string): PaperVersion | null {
  const version = raw.trim().toUpperCase().replace(/卷$/, "");
  return version === "A" || version === "B" ? version : null;
}

/**
 * One member's scores against the paper: the version (A/B), the total within 0..max, and per
 * question either right/wrong marks (every cell 0 or 1: 1 is the question's full points; not with
 * `marks: false`, where every cell is points) or points within each question's; a total given
 * with them must be their sum.
 */
export function checkEntry(
  paper: Pick<PaperExam, "questions" | "maxScore">,
  raw: { version: string; score: string; items: string[] | null },
  opts: { marks?: boolean } = {},
): EntryCheck {
  const version = paperVersionOf(raw.version);
  if (!version) return { ok: false, reason: "paper.reasons.badVersion" };
  const ordered = inVersionOrder(paper, version);
  let items: number[] | null = null;
  if (raw.items?.some((c) => c.trim() !== "")) {
    if (raw.items.length !== ordered.length || raw.items.some((c) => c.trim() === ""))
      return { ok: false, reason: "paper.reasons.itemsIncomplete", params: { count: ordered.length } };
    const values = raw.items.map(parseScore);
    const bad = values.indexOf(null);
    if (bad >= 0) return { ok: false, reason: "paper.reasons.badItem", params: { n: bad + 1 } };
    const marks = opts.marks !== false && values.every((v) => v === 0 || v === 1);
    items = values.map((v, i) => (marks ? (v === 1 ? ordered[i]!.points : 0) : v!));
    const over = items.findIndex((v, i) => v > ordered[i]!.points);
    if (over >= 0) return { ok: false, reason: "paper.reasons.itemOutOfRange", params: { n: over + 1, max: ordered[over]!.points } };
  }
  const sum = items ? fromCenti(items.reduce((s, v) => s + toCenti(v), 0)) : null;
  let score: number | null;
  if (raw.score.trim() === "") {
    if (sum === null) return { ok: false, reason: "paper.reasons.noScore" };
    score = sum;
  } else {
    score = parseScore(raw.score);
    if (score === null || score > paper.maxScore) return { ok: false, reason: "paper.reasons.scoreOutOfRange", params: { max: paper.maxScore } };
    if (sum !== null && toCenti(sum) !== toCenti(score)) return { ok: false, reason: "paper.reasons.sumMismatch", params: { sum } };
  }
  return { ok: true, entry: { version, score, items } };
}

/** Whether a member already holds this entry for the sitting (a file imported again changes nothing). */
export async function storedEntry(db: Db, paperId: number, memberId: number): Promise<Omit<PaperEntry, "memberId"> | null> {
  return (await storedEntries(db, paperId, [memberId])).get(memberId) ?? null;
}

/** The entries the given members already hold for the sitting, by member: one query for the attempts, one for their per-question scores. */
export async function storedEntries(db: Db, paperId: number, memberIds: number[]): Promise<Map<number, Omit<PaperEntry, "memberId">>> {
  const out = new Map<number, Omit<PaperEntry, "memberId">>();
  if (memberIds.length === 0) return out;
  const found = await db
    .select({ id: attempts.id, memberId: attempts.memberId, version: attempts.paperVersion, score: attempts.score })
    .from(attempts)
    .where(and(eq(attempts.paperExamId, paperId), inArray(attempts.memberId, [...new Set(memberIds)])));
  if (found.length === 0) return out;
  const answers = await db
    .select({ attemptId: attemptAnswers.attemptId, score: attemptAnswers.autoScore })
    .from(attemptAnswers)
    .where(
      inArray(
        attemptAnswers.attemptId,
        found.map((a) => a.id),
      ),
    )
    .orderBy(asc(attemptAnswers.attemptId), asc(attemptAnswers.position));
  const items = new Map<number, number[]>();
  for (const x of answers) {
    const list = items.get(x.attemptId) ?? [];
    list.push(Number(x.score ?? 0));
    items.set(x.attemptId, list);
  }
  for (const a of found)
    if (!out.has(a.memberId)) out.set(a.memberId, { version: a.version as PaperVersion, score: Number(a.score ?? 0), items: items.get(a.id) ?? null });
  return out;
}

export function sameEntry(a: Omit<PaperEntry, "memberId">, b: Omit<PaperEntry, "memberId">): boolean {
  const items = (x: number[] | null) => (x ? x.map(toCenti).join(",") : "");
  return a.version === b.version && toCenti(a.score) === toCenti(b.score) && items(a.items) === items(b.items);
}

export interface PaperWrite {
  outcome: "created" | "updated" | "unchanged";
  /** What the member held before (for the audit row); null when the score is new. */
  before: Omit<PaperEntry, "memberId"> | null;
}

/**
 * Writes (or corrects) a member's paper attempt for the sitting and recomputes their result of
 * record. Call inside a transaction; the caller has checked the actor and the member.
 */
export async function writePaperAttempt(tx: Db, paper: PaperExam, e: PaperEntry, now = clock.now()): Promise<PaperWrite> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${paper.quiz.id}, ${e.memberId})`);
  const before = await storedEntry(tx, paper.id, e.memberId);
  if (before && sameEntry(before, e)) return { outcome: "unchanged", before };
  const ordered = inVersionOrder(paper, e.version);
  let attemptId: number;
  if (before) {
    const [a] = await tx
      .update(attempts)
      .set({ paperVersion: e.version, score: e.score, maxScore: paper.maxScore, submittedAt: now })
      .where(and(eq(attempts.paperExamId, paper.id), eq(attempts.memberId, e.memberId)))
      .returning({ id: attempts.id });
    attemptId = a!.id;
    await tx.delete(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
    await tx.delete(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId));
  } else {
    const [last] = rowsOf<{ n: number }>(
      await tx.execute(sql`SELECT coalesce(max(attempt_no), 0)::int AS n FROM attempts WHERE quiz_id = ${paper.quiz.id} AND member_id = ${e.memberId}`),
    );
    const [seed] = rowsOf<{ seed: string }>(await tx.execute(sql`SELECT seed FROM paper_exams WHERE id = ${paper.id}`));
    const [a] = await tx
      .insert(attempts)
      .values({
        quizId: paper.quiz.id,
        memberId: e.memberId,
        attemptNo: Number(last?.n ?? 0) + 1,
        state: "submitted",
        seed: String(seed?.seed ?? ""),
        startedAt: now,
        deadlineAt: now,
        submittedAt: now,
        score: e.score,
        maxScore: paper.maxScore,
        source: "paper",
        paperExamId: paper.id,
        paperVersion: e.version,
      })
      .returning({ id: attempts.id });
    attemptId = a!.id;
  }
  await tx
    .insert(attemptQuestions)
    .values(ordered.map((q, i) => ({ attemptId, position: i + 1, questionVersionId: q.versionId, points: q.points, optionOrder: q.options[e.version] })));
  // Per-question scores feed the item statistics; the response only says it was answered on paper.
  if (e.items)
    await tx
      .insert(attemptAnswers)
      .values(e.items.map((score, i) => ({ attemptId, position: i + 1, response: { type: "paper" }, seq: 0, autoScore: score, savedAt: now })));
  await recomputeResult(tx, paper.quiz.id, e.memberId);
  return { outcome: before ? "updated" : "created", before };
}

export const paperScoreInput = z.object({
  paperId: z.number().int().positive(),
  employeeNo: z.string().trim().min(1).max(32),
  version: z.string().max(4),
  score: z.string().max(12),
});

/** One member's total score typed on the sitting's page (the same checks as a row of the import). */
export async function recordPaperScore(
  db: Db,
  actor: Principal,
  input: z.input<typeof paperScoreInput>,
): Promise<Result<{ name: string; outcome: "created" | "updated" | "unchanged" }>> {
  const parsed = paperScoreInput.safeParse(input);
  if (!parsed.success) return fail("errors.invalidInput");
  const found = await paperExamToManage(db, actor, parsed.data.paperId);
  if (!found.ok) return found;
  const paper = found.value;
  const member = await memberForPaper(db, actor, paper, parsed.data.employeeNo);
  if (!member.ok) return fail(member.reason, undefined, member.status);
  const checked = checkEntry(paper, { version: parsed.data.version, score: parsed.data.score, items: null });
  if (!checked.ok) return fail(checked.reason, checked.params);
  const outcome = await db.transaction(async (tx) => {
    const r = await writePaperAttempt(tx, paper, { memberId: member.id, ...checked.entry });
    if (r.outcome !== "unchanged")
      await audit(tx, {
        actorUserId: actor.userId,
        action: "quiz.paper.score",
        entity: "member",
        entityId: member.id,
        before: r.before,
        after: { paperExamId: paper.id, ...checked.entry },
      });
    return r.outcome;
  });
  return ok({ name: member.name, outcome });
}

export type MemberCheck =
  | { ok: true; id: number; name: string; employeeNo: string }
  | { ok: false; reason: MessageKey; status: "notFound" | "forbidden" | "conflict" };

/** A 工号 as a member who may get a score on this paper: known and active, in the actor's scope, in the quiz's audience. */
export async function memberForPaper(db: Db, actor: Principal, paper: PaperExam, employeeNo: string): Promise<MemberCheck> {
  return (await membersForPaper(db, actor, paper, [employeeNo])).get(employeeNo)!;
}

/** `memberForPaper` for many 工号 at once (one query), by 工号 as given; every one of them is in the map. */
export async function membersForPaper(db: Db, actor: Principal, paper: PaperExam, employeeNos: string[]): Promise<Map<string, MemberCheck>> {
  const wanted = [...new Set(employeeNos)];
  const rows = wanted.length
    ? rowsOf<{ id: number; name: string; path: string; employee_no: string; in_audience: boolean }>(
        await db.execute(sql`SELECT m.id, m.name, m.employee_no, u.path,
            ${audienceCondition(sql`${paper.quiz.id}`, { orgPath: sql`u.path`, jobId: sql`m.job_id` })} AS in_audience
          FROM members m JOIN org_units u ON u.id = m.org_unit_id
          WHERE m.employee_no IN (${sql.join(
            wanted.map((n) => sql`${n}`),
            sql`, `,
          )}) AND m.status = 'active'`),
      )
    : [];
  const byNo = new Map<string, (typeof rows)[number]>();
  for (const m of rows) if (!byNo.has(String(m.employee_no))) byNo.set(String(m.employee_no), m);
  const out = new Map<string, MemberCheck>();
  for (const no of wanted) {
    const m = byNo.get(no);
    out.set(no, checkMember(actor, m));
  }
  return out;
}

function checkMember(actor: Principal, m: { id: number; name: string; path: string; employee_no: string; in_audience: boolean } | undefined): MemberCheck {
  if (!m) return { ok: false, reason: "paper.reasons.unknownNo", status: "notFound" };
  // Nobody records their own score.
  if (Number(m.id) === actor.memberId) return { ok: false, reason: "paper.reasons.own", status: "forbidden" };
  if (!can(actor, "teach.manage", m.path)) return { ok: false, reason: "paper.reasons.outOfScope", status: "forbidden" };
  if (!m.in_audience) return { ok: false, reason: "paper.reasons.notInAudience", status: "conflict" };
  return { ok: true, id: Number(m.id), name: String(m.name), employeeNo: String(m.employee_no) };
}
