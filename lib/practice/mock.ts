import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { attemptQuestions, attempts, mockAttempts, mockExams, questionVersions, quizzes } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { inScope, subtreeLike } from "@/lib/org/scope";
import * as clock from "@/lib/core/clock";
import { badRequest, fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { grade, type Correctness } from "@/lib/quiz/grading";
import { audienceCondition } from "@/lib/quiz/attempts/common";
import { drawQuestions } from "@/lib/quiz/attempts/start";
import { passed, percent, sumScores } from "@/lib/quiz/score";
import { deriveSeed, newSeed, shuffle } from "@/lib/quiz/shuffle";
import { parseResponse, type Response } from "@/lib/quiz/response";
import { fromStored } from "@/lib/quiz/store";
import { PRACTISED_TYPES, publicView, type PublicQuestion, type Question } from "@/lib/quiz/types";
import { learnerOf, openingCovers, openToLearner, type Learner } from "./open";
import { categoryNames, keepAnswer, masteryStreak } from "./practice";

/** Limits of a mock exam: questions and minutes. */
export const MOCK_LIMITS = { minQuestions: 1, maxQuestions: 100, minMinutes: 1, maxMinutes: 180 } as const;
/** A submission this late after the deadline still counts (the link, the clock of the phone). */
export const MOCK_GRACE_MS = 30_000;

async function learner(db: Db, actor: Principal): Promise<Learner | null> {
  if (!can(actor, "self.learn")) return null;
  return learnerOf(db, actor.memberId);
}

export interface MockExamInput {
  title: string;
  categoryId: number;
  questions: number;
  minutes: number;
}

function checkShape(input: { questions: number; minutes: number }): Result<undefined> {
  const L = MOCK_LIMITS;
  if (!Number.isInteger(input.questions) || input.questions < L.minQuestions || input.questions > L.maxQuestions)
    return badRequest("practice.errors.mockQuestions", { max: L.maxQuestions });
  if (!Number.isInteger(input.minutes) || input.minutes < L.minMinutes || input.minutes > L.maxMinutes)
    return badRequest("practice.errors.mockMinutes", { max: L.maxMinutes });
  return ok(undefined);
}

/**
 * SQL true when category `categoryId` lies in (or is) a category opened for practice to an
 * audience the trainer reaches: a unit in their scope (any opening for a whole-organisation trainer).
 */
function openedWithin(categoryId: number, scope: Scope) {
  return sql`EXISTS (SELECT 1 FROM question_categories c, practice_openings po
    WHERE c.id = ${categoryId} AND ${openingCovers(sql`c`)}
      AND (${scope.all ? sql`TRUE` : sql`FALSE`} OR EXISTS (SELECT 1 FROM practice_audience pa JOIN org_units ou ON ou.id = pa.org_unit_id
        WHERE pa.opening_id = po.id AND ${inScope(sql`ou.path`, scope)})))`;
}

/**
 * A trainer defines a mock exam (模拟考试) over a category opened for practice to units in their
 * scope (any opening for a whole-organisation trainer): its title, how many
 * questions, how many minutes. Workers draw their own questions from those open to them.
 */
export async function createMockExam(db: Db, actor: Principal, input: MockExamInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const title = input.title.trim();
  if (!title || title.length > 100) return badRequest("practice.errors.mockTitle");
  const shape = checkShape(input);
  if (!shape.ok) return shape;
  const [opened] = rowsOf(await db.execute(sql`SELECT 1 WHERE ${openedWithin(input.categoryId, scopeOf(actor, "teach.manage"))}`));
  if (!opened) return notFound("practice.errors.mockNotOpened");
  return db.transaction(async (tx) => {
    const [made] = await tx
      .insert(mockExams)
      .values({ title, categoryId: input.categoryId, questionCount: input.questions, minutes: input.minutes, createdBy: actor.userId })
      .returning({ id: mockExams.id });
    await audit(tx, { actorUserId: actor.userId, action: "practice.mock.create", entity: "mock_exam", entityId: made!.id, after: { ...input, title } });
    return ok({ id: made!.id });
  });
}

/** Withdraws a mock exam (its maker or a whole-organisation trainer); attempts taken stay. */
export async function deleteMockExam(db: Db, actor: Principal, id: number): Promise<Result> {
  if (!can(actor, "teach.manage")) return forbidden();
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(mockExams).where(eq(mockExams.id, id)).for("update");
    if (!m || m.withdrawn) return notFound("practice.errors.mockNotFound");
    if (!mayChangeContent(actor, m)) return forbidden("practice.errors.notYours");
    await tx.update(mockExams).set({ withdrawn: true }).where(eq(mockExams.id, id));
    await audit(tx, { actorUserId: actor.userId, action: "practice.mock.withdraw", entity: "mock_exam", entityId: id, before: { title: m.title } });
    return ok();
  });
}

export interface MockExamRow {
  id: number;
  title: string;
  categoryId: number;
  names: string[];
  questions: number;
  minutes: number;
  mine: boolean;
}

/** Mock exams defined by trainers: for a trainer all of them; for a worker those with questions open to them. */
export async function listMockExams(db: Db, actor: Principal): Promise<MockExamRow[]> {
  let rows: (typeof mockExams.$inferSelect)[];
  if (can(actor, "teach.manage")) {
    rows = await db.select().from(mockExams).where(eq(mockExams.withdrawn, false)).orderBy(asc(mockExams.id));
  } else {
    const l = await learner(db, actor);
    if (!l) return [];
    const all = await db.select().from(mockExams).where(eq(mockExams.withdrawn, false)).orderBy(asc(mockExams.id));
    if (!all.length) return [];
    const open = rowsOf<{ id: number }>(
      await db.execute(sql`SELECT DISTINCT me.id FROM mock_exams me JOIN question_categories mc ON mc.id = me.category_id
        WHERE NOT me.withdrawn AND EXISTS (SELECT 1 FROM questions q JOIN question_categories qc ON qc.id = q.category_id
          WHERE qc.path LIKE ${subtreeLike(sql`mc.path`)} AND ${openToLearner(l)})`),
    );
    const ids = new Set(open.map((r) => Number(r.id)));
    rows = all.filter((m) => ids.has(m.id));
  }
  const names = await categoryNames(
    db,
    rows.map((r) => r.categoryId),
  );
  return rows.map((m) => ({
    id: m.id,
    title: m.title,
    categoryId: m.categoryId,
    names: names.get(m.categoryId) ?? [],
    questions: m.questionCount,
    minutes: m.minutes,
    mine: mayChangeContent(actor, m),
  }));
}

export type StartInput = { mockExamId: number } | { categoryId: number; questions: number; minutes: number };

/**
 * Starts a mock exam: a trainer's (by id) or the worker's own over a category open to them. Draws
 * the questions at random among those open to the worker in the category, keeps the versions
 * shown, and sets the deadline on the server.
 */
export async function startMock(db: Db, actor: Principal, input: StartInput, now = clock.now()): Promise<Result<{ attemptId: number }>> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  let categoryId: number;
  let count: number;
  let minutes: number;
  let mockExamId: number | null = null;
  if ("mockExamId" in input) {
    const [m] = await db.select().from(mockExams).where(eq(mockExams.id, input.mockExamId));
    if (!m || m.withdrawn) return notFound("practice.errors.mockNotFound");
    ({ categoryId, questionCount: count, minutes } = m);
    mockExamId = m.id;
  } else {
    const shape = checkShape(input);
    if (!shape.ok) return shape;
    ({ categoryId, questions: count, minutes } = input);
  }
  const drawn = rowsOf<{ id: number; version_id: number }>(
    await db.execute(sql`SELECT q.id, q.current_version_id AS version_id FROM questions q JOIN question_categories qc ON qc.id = q.category_id
      WHERE ${openToLearner(l)}
        AND qc.path LIKE (SELECT ${subtreeLike(sql`c.path`)} FROM question_categories c WHERE c.id = ${categoryId})
      ORDER BY random() LIMIT ${count}`),
  );
  if (!drawn.length) return notFound("practice.errors.mockCategory");
  const [made] = await db
    .insert(mockAttempts)
    .values({
      memberId: l.id,
      mockExamId,
      categoryId,
      questionIds: drawn.map((d) => Number(d.id)),
      versionIds: drawn.map((d) => Number(d.version_id)),
      startedAt: now,
      deadlineAt: new Date(now.getTime() + minutes * 60_000),
    })
    .returning({ id: mockAttempts.id });
  return ok({ attemptId: made!.id });
}

/**
 * Submits a mock exam: every answer graded on the server with the engine's parseResponse/grade
 * (only a fully right answer is right), the wrong ones into the 错题本 by the mastery rule, all
 * answers kept as practice answers (mode "mock"); never a quiz result. Refused after the deadline
 * (plus a short grace), twice, or for another's attempt; a malformed answer refuses the whole
 * submission (nothing kept) with its message.
 */
export async function submitMock(
  db: Db,
  actor: Principal,
  input: { attemptId: number; responses: Record<number, unknown> },
  now = clock.now(),
): Promise<Result<{ right: number; total: number }>> {
  if (!can(actor, "self.learn")) return forbidden();
  const [a] = await db
    .select()
    .from(mockAttempts)
    .where(and(eq(mockAttempts.id, input.attemptId), eq(mockAttempts.memberId, actor.memberId)));
  if (!a) return notFound("practice.errors.mockNotFound");
  if (a.submittedAt) return fail("practice.errors.mockSubmitted");
  if (now.getTime() > a.deadlineAt.getTime() + MOCK_GRACE_MS) return fail("practice.errors.mockTimeUp");
  if (a.quizId !== null) return submitQuizMock(db, a, input.responses, now);
  const versions = await db.select().from(questionVersions).where(inArray(questionVersions.id, a.versionIds));
  const byId = new Map(versions.map((v) => [v.id, v]));
  const graded: { questionId: number; versionId: number; response: Response; right: boolean }[] = [];
  for (const [i, questionId] of a.questionIds.entries()) {
    const raw = input.responses[questionId];
    if (raw === undefined || raw === null) continue;
    const v = byId.get(a.versionIds[i]!);
    if (!v) continue;
    const q = fromStored(v);
    const parsed = parseResponse(q, raw);
    if (!parsed.ok) return badRequest(parsed.code, parsed.params);
    graded.push({ questionId, versionId: v.id, response: parsed.response, right: grade(q, parsed.response, { selfCheck: true }).correct === "right" });
  }
  const right = graded.filter((g) => g.right).length;
  const needed = masteryStreak();
  return db.transaction(async (tx) => {
    const done = await tx
      .update(mockAttempts)
      .set({ submittedAt: now, rightCount: right })
      .where(and(eq(mockAttempts.id, a.id), sql`${mockAttempts.submittedAt} IS NULL`))
      .returning({ id: mockAttempts.id });
    if (!done.length) return fail("practice.errors.mockSubmitted");
    const answerIds: Record<string, number> = {};
    for (const g of graded) {
      answerIds[g.questionId] = await keepAnswer(tx, a.memberId, { ...g, mode: "mock" }, needed, now);
    }
    await tx.update(mockAttempts).set({ answerIds }).where(eq(mockAttempts.id, a.id));
    return ok({ right, total: a.questionIds.length });
  });
}

export interface MockQuestion {
  questionId: number;
  question: PublicQuestion;
  /** After the end only: the answer given, whether right, the key and the explanation (a quiz mock: its correctness and score). */
  review?: { response: unknown; right: boolean; key: unknown; explanation: string; correct?: Correctness; score?: number };
}

export interface MockView {
  id: number;
  title: string | null;
  names: string[];
  startedAt: Date;
  deadlineAt: Date;
  /** Taking (before the deadline, not submitted), done (submitted) or expired (never submitted in time). */
  state: "taking" | "done" | "expired";
  right: number;
  total: number;
  /** A mock of a quiz: its id, and once ended its score graded as the quiz grades. */
  quiz?: { id: number; score: number; max: number; percent: number; passed: boolean };
  questions: MockQuestion[];
}

/** One of the worker's own mock exams: the questions without keys while taking it; with the review after. */
export async function getMock(db: Db, actor: Principal, attemptId: number, now = clock.now()): Promise<Result<MockView>> {
  if (!can(actor, "self.learn")) return forbidden();
  const [a] = await db
    .select({ a: mockAttempts, title: sql<string | null>`coalesce(${mockExams.title}, ${quizzes.title})`, passPercent: quizzes.passPercent })
    .from(mockAttempts)
    .leftJoin(mockExams, eq(mockExams.id, mockAttempts.mockExamId))
    .leftJoin(quizzes, eq(quizzes.id, mockAttempts.quizId))
    .where(and(eq(mockAttempts.id, attemptId), eq(mockAttempts.memberId, actor.memberId)));
  if (!a) return notFound("practice.errors.mockNotFound");
  const state = a.a.submittedAt ? "done" : now.getTime() > a.a.deadlineAt.getTime() + MOCK_GRACE_MS ? "expired" : "taking";
  const versions = await db.select().from(questionVersions).where(inArray(questionVersions.id, a.a.versionIds));
  const byId = new Map(versions.map((v) => [v.id, v]));
  const answers = a.a.answerIds ?? {};
  const given = Object.values(answers).length
    ? rowsOf<{ id: number; response: unknown; correct: boolean }>(
        await db.execute(
          sql`SELECT id, response, correct FROM practice_answers WHERE member_id = ${actor.memberId} AND id IN (${sql.join(
            Object.values(answers).map((id) => sql`${id}`),
            sql`, `,
          )})`,
        ),
      )
    : [];
  const answerById = new Map(given.map((g) => [Number(g.id), g]));
  const names = a.a.categoryId === null ? new Map<number, string[]>() : await categoryNames(db, [a.a.categoryId]);
  const results = a.a.results ?? {};
  const questions = a.a.questionIds.flatMap((questionId, i) => {
    const v = byId.get(a.a.versionIds[i]!);
    if (!v) return [];
    const q = a.a.points ? withPoints(fromStored(v), a.a.points[i] ?? Number(v.points)) : fromStored(v);
    const out: MockQuestion = { questionId, question: publicView(q) };
    if (state !== "taking" && a.a.quizId !== null) {
      const g = results[questionId];
      const correct = (g?.correct ?? "wrong") as Correctness;
      out.review = { response: g?.response ?? null, right: correct === "right", key: q.key, explanation: q.explanation, correct, score: g?.score ?? 0 };
    } else if (state !== "taking") {
      const g = answerById.get(answers[questionId] ?? -1);
      out.review = { response: g?.response ?? null, right: g?.correct ?? false, key: q.key, explanation: q.explanation };
    }
    return [out];
  });
  const quiz =
    a.a.quizId === null
      ? undefined
      : (() => {
          const [score, max] = [Number(a.a.score ?? 0), Number(a.a.maxScore ?? sumScores(a.a.points ?? []))];
          return { id: a.a.quizId, score, max, percent: percent(score, max), passed: passed(score, max, Number(a.passPercent ?? 0)) };
        })();
  return ok({
    ...(quiz ? { quiz } : {}),
    id: a.a.id,
    title: a.title,
    names: names.get(a.a.categoryId ?? -1) ?? [],
    startedAt: a.a.startedAt,
    deadlineAt: a.a.deadlineAt,
    state,
    right: a.a.rightCount ?? 0,
    total: a.a.questionIds.length,
    questions,
  });
}

/** The worker's own mock exams, newest first. */
export async function myMocks(db: Db, actor: Principal, now = clock.now()) {
  if (!can(actor, "self.learn")) return [];
  const rows = await db
    .select({ a: mockAttempts, title: sql<string | null>`coalesce(${mockExams.title}, ${quizzes.title})` })
    .from(mockAttempts)
    .leftJoin(mockExams, eq(mockExams.id, mockAttempts.mockExamId))
    .leftJoin(quizzes, eq(quizzes.id, mockAttempts.quizId))
    .where(eq(mockAttempts.memberId, actor.memberId))
    .orderBy(desc(mockAttempts.startedAt), desc(mockAttempts.id))
    .limit(20);
  const names = await categoryNames(
    db,
    rows.flatMap((r) => (r.a.categoryId === null ? [] : [r.a.categoryId])),
  );
  return rows.map((r) => ({
    id: r.a.id,
    title: r.title,
    names: names.get(r.a.categoryId ?? -1) ?? [],
    startedAt: r.a.startedAt,
    state: r.a.submittedAt ? ("done" as const) : now.getTime() > r.a.deadlineAt.getTime() + MOCK_GRACE_MS ? ("expired" as const) : ("taking" as const),
    right: r.a.rightCount ?? 0,
    total: r.a.questionIds.length,
  }));
}

function withPoints(q: Question, points: number): Question {
  return { ...q, points } as Question;
}

/** SQL: quiz `q` lets member `m` (joined with their unit `mu`) take mock exams of it. */
function quizMockOpen(memberId: number) {
  return sql`q.mock_allowed AND q.status IN ('published', 'closed')
    AND EXISTS (SELECT 1 FROM members m JOIN org_units mu ON mu.id = m.org_unit_id
      WHERE m.id = ${memberId} AND m.status = 'active' AND ${audienceCondition(sql`q.id`, { orgPath: sql`mu.path`, jobId: sql`m.job_id` })})`;
}

export interface QuizMockRow {
  quizId: number;
  title: string;
  quarter: string;
  minutes: number | null;
}

/** Published (or closed) quizzes whose trainer allows mock exams (允许模拟考试) and whose audience holds the worker. */
export async function quizMocksFor(db: Db, actor: Principal): Promise<QuizMockRow[]> {
  if (!can(actor, "self.learn")) return [];
  const rows = rowsOf<{ id: number; title: string; quarter: string; time_limit_s: number | null }>(
    await db.execute(
      sql`SELECT q.id, q.title, q.quarter, q.time_limit_s FROM quizzes q WHERE ${quizMockOpen(actor.memberId)} ORDER BY q.opens_at DESC, q.id DESC LIMIT 20`,
    ),
  );
  return rows.map((r) => ({
    quizId: Number(r.id),
    title: r.title,
    quarter: r.quarter,
    minutes: r.time_limit_s === null ? null : Math.ceil(Number(r.time_limit_s) / 60),
  }));
}

/** A quiz mock without a time limit of its own gets this many minutes. */
export const QUIZ_MOCK_DEFAULT_MINUTES = 60;

/**
 * 模拟考试 of a quiz: drawn by the quiz's own slots (lib/quiz drawQuestions, the same rules), a
 * random slot preferring questions that were not in the worker's real attempts at it, the
 * questions in the quiz's order rule, the points the slots give, timed by the quiz's time limit
 * (60 minutes when it has none). Only for a worker in the quiz's audience when its trainer allows
 * mock exams; unlimited; written to mock_attempts only, never an attempt or a result of the quiz.
 */
export async function startQuizMock(db: Db, actor: Principal, quizId: number, now = clock.now()): Promise<Result<{ attemptId: number }>> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  const [q] = rowsOf<{ id: number; time_limit_s: number | null; shuffle_questions: boolean }>(
    await db.execute(sql`SELECT q.id, q.time_limit_s, q.shuffle_questions FROM quizzes q WHERE q.id = ${quizId} AND ${quizMockOpen(l.id)}`),
  );
  // Not allowed, not in the audience, a draft or no such quiz: the same answer, saying nothing of the quiz.
  if (!q) return notFound("practice.errors.quizMockNotOpen");
  const seen = rowsOf<{ question_id: number }>(
    await db.execute(sql`SELECT DISTINCT v.question_id FROM ${attempts} a JOIN ${attemptQuestions} aq ON aq.attempt_id = a.id
      JOIN ${questionVersions} v ON v.id = aq.question_version_id
      WHERE a.quiz_id = ${quizId} AND a.member_id = ${l.id} AND NOT a.preview`),
  );
  const seed = newSeed();
  const drawn = await drawQuestions(db, quizId, seed, new Set(seen.map((r) => Number(r.question_id))));
  if (!drawn.ok) return notFound("practice.errors.quizMockNotOpen");
  const list = q.shuffle_questions ? shuffle(drawn.value, deriveSeed(seed, "questions")) : drawn.value;
  const minutes = q.time_limit_s === null ? QUIZ_MOCK_DEFAULT_MINUTES : Number(q.time_limit_s) / 60;
  const [made] = await db
    .insert(mockAttempts)
    .values({
      memberId: l.id,
      quizId,
      questionIds: list.map((d) => d.questionId),
      versionIds: list.map((d) => d.versionId),
      points: list.map((d) => d.points),
      startedAt: now,
      deadlineAt: new Date(now.getTime() + minutes * 60_000),
    })
    .returning({ id: mockAttempts.id });
  return ok({ attemptId: made!.id });
}

/**
 * Submits a quiz mock: every answer graded as the quiz grades (its points, partial credit; an
 * essay stays pending and earns nothing here), the score kept on the mock attempt with the graded
 * answers for the review; answers of the types practice takes are kept as practice answers (mode
 * "mock") and go through the 错题本's mastery rule as a category mock's do. Nothing of the quiz's
 * attempts, results or statistics is touched.
 */
async function submitQuizMock(
  db: Db,
  a: typeof mockAttempts.$inferSelect,
  responses: Record<number, unknown>,
  now: Date,
): Promise<Result<{ right: number; total: number }>> {
  const versions = await db.select().from(questionVersions).where(inArray(questionVersions.id, a.versionIds));
  const byId = new Map(versions.map((v) => [v.id, v]));
  const results: Record<string, { response: unknown; correct: Correctness; score: number }> = {};
  const practised: { questionId: number; versionId: number; response: Response; right: boolean }[] = [];
  const scores: number[] = [];
  const maxes: number[] = [];
  for (const [i, questionId] of a.questionIds.entries()) {
    const v = byId.get(a.versionIds[i]!);
    if (!v) continue;
    const q = withPoints(fromStored(v), a.points?.[i] ?? Number(v.points));
    maxes.push(q.points);
    const raw = responses[questionId];
    let response: Response | null = null;
    if (raw !== undefined && raw !== null) {
      const parsed = parseResponse(q, raw);
      if (!parsed.ok) return badRequest(parsed.code, parsed.params);
      response = parsed.response;
    }
    // A quiz's own essays stay ungraded (pending, 0) in a mock; a group's essay part is left out.
    const g = grade(q, response, { selfCheck: true });
    scores.push(g.correct === "pending" ? 0 : g.score);
    results[questionId] = { response, correct: g.correct, score: g.correct === "pending" ? 0 : g.score };
    if (response && PRACTISED_TYPES.has(q.type)) practised.push({ questionId, versionId: v.id, response, right: g.correct === "right" });
  }
  const right = Object.values(results).filter((r) => r.correct === "right").length;
  const needed = masteryStreak();
  return db.transaction(async (tx) => {
    const done = await tx
      .update(mockAttempts)
      .set({ submittedAt: now, rightCount: right, score: sumScores(scores), maxScore: sumScores(maxes), results })
      .where(and(eq(mockAttempts.id, a.id), sql`${mockAttempts.submittedAt} IS NULL`))
      .returning({ id: mockAttempts.id });
    if (!done.length) return fail("practice.errors.mockSubmitted");
    const answerIds: Record<string, number> = {};
    for (const g of practised) answerIds[g.questionId] = await keepAnswer(tx, a.memberId, { ...g, mode: "mock" }, needed, now);
    await tx.update(mockAttempts).set({ answerIds }).where(eq(mockAttempts.id, a.id));
    return ok({ right, total: a.questionIds.length });
  });
}
