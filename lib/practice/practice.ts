import { and, eq, sql } from "drizzle-orm";
import { subtreeLike } from "@/lib/org/scope";
import { rowsOf, type Db } from "@/db/client";
import { practiceAnswers, practiceCursors, practiceProgress, questionVersions, questions, wrongBook } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { badRequest, conflict, forbidden, notFound, ok, type Failure, type Result } from "@/lib/core/result";
import { grade, marksOf, type Correctness } from "@/lib/quiz/grading";
import { parseResponse, type Response } from "@/lib/quiz/response";
import { fromStored } from "@/lib/quiz/store";
import { PRACTISED_TYPES, publicView, type PublicQuestion } from "@/lib/quiz/types";
import { nextBookState, OUT } from "./mastery";
import { isOpenTo, learnerOf, openByCategory, openToLearner, type Learner } from "./open";

export const PRACTICE_MODES = ["order", "category", "random", "book"] as const;
export type PracticeMode = (typeof PRACTICE_MODES)[number];

/** Right answers in a row that take a question out of the book (the site's setting). */
export function masteryStreak(): number {
  return config().PRACTICE_MASTERY_STREAK;
}

async function learner(db: Db, actor: Principal): Promise<Learner | null> {
  if (!can(actor, "self.learn")) return null;
  return learnerOf(db, actor.memberId);
}

/** Names from the top of the given categories, by id (one query, only the categories asked for). */
export async function categoryNames(db: Db, ids: readonly number[]): Promise<Map<number, string[]>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = rowsOf<{ id: number; names: string[] }>(
    await db.execute(sql`SELECT c.id, array_agg(a.name ORDER BY p.ord) AS names
      FROM question_categories c
      CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from c.path), '/')) WITH ORDINALITY AS p(part, ord)
      JOIN question_categories a ON a.id = p.part::int
      WHERE c.id IN (${sql.join(
        wanted.map((id) => sql`${id}`),
        sql`, `,
      )})
      GROUP BY c.id`),
  );
  return new Map(rows.map((r) => [Number(r.id), r.names]));
}

export interface PracticeCategory {
  categoryId: number;
  names: string[];
  /** Practice-open questions in the category's subtree. */
  total: number;
  /** Of those, answered at least once. */
  practised: number;
  answers: number;
  right: number;
}

export interface PracticeOverview {
  categories: PracticeCategory[];
  /** Questions in the wrong-answer book. */
  inBook: number;
  needed: number;
}

/**
 * The categories opened for practice to the worker, each with the share of its open questions
 * practised and the share of answers right (progress), and the size of their book. One query for
 * the counts.
 */
export async function practiceOverview(db: Db, actor: Principal): Promise<PracticeOverview> {
  const l = await learner(db, actor);
  if (!l) return { categories: [], inBook: 0, needed: masteryStreak() };
  const rows = rowsOf<{ category_id: number; total: number; practised: number; answers: number; right: number }>(
    await db.execute(sql`
      SELECT o.category_id, count(*)::int AS total, count(pp.question_id)::int AS practised,
             coalesce(sum(pp.answered), 0)::int AS answers, coalesce(sum(pp.right), 0)::int AS right
      FROM (${openByCategory(l)}) o
      LEFT JOIN practice_progress pp ON pp.member_id = ${l.id} AND pp.question_id = o.question_id
      GROUP BY o.category_id`),
  );
  const [book] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM wrong_book WHERE member_id = ${l.id}`));
  const names = await categoryNames(
    db,
    rows.map((r) => Number(r.category_id)),
  );
  return {
    categories: rows
      .map((r) => ({
        categoryId: Number(r.category_id),
        names: names.get(Number(r.category_id)) ?? [],
        total: Number(r.total),
        practised: Number(r.practised),
        answers: Number(r.answers),
        right: Number(r.right),
      }))
      .sort((a, b) => a.names.join("/").localeCompare(b.names.join("/"), "zh-CN")),
    inBook: Number(book?.n ?? 0),
    needed: masteryStreak(),
  };
}

export interface PracticeQuestion {
  questionId: number;
  names: string[];
  question: PublicQuestion;
  inBook: boolean;
}

/** SQL keeping questions filed in the subtree of `categoryId` (none: every category). */
function inCategory(categoryId: number | undefined) {
  if (categoryId === undefined) return sql`true`;
  return sql`qc.path LIKE (SELECT ${subtreeLike(sql`c.path`)} FROM question_categories c WHERE c.id = ${categoryId})`;
}

/**
 * The next question to practise, without its key: in order (顺序练习, after the last one answered
 * in that order, from the start again at the end), by category (专项练习: in order inside one
 * category), random, or from the worker's wrong-answer book (the longest unpractised first).
 * Null when there is none.
 */
export async function nextQuestion(db: Db, actor: Principal, input: { mode: PracticeMode; categoryId?: number }): Promise<Result<PracticeQuestion | null>> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  if (input.mode === "category" && input.categoryId === undefined) return badRequest("practice.errors.chooseCategory");
  let id: number | undefined;
  if (input.mode === "book") {
    const [row] = rowsOf<{ id: number }>(
      await db.execute(sql`SELECT q.id FROM wrong_book wb JOIN questions q ON q.id = wb.question_id
        JOIN question_categories qc ON qc.id = q.category_id
        LEFT JOIN practice_progress pp ON pp.member_id = wb.member_id AND pp.question_id = q.id
        WHERE wb.member_id = ${l.id} AND NOT q.archived AND ${inCategory(input.categoryId)}
        ORDER BY pp.last_at ASC NULLS FIRST, wb.added_at, q.id LIMIT 1`),
    );
    id = row ? Number(row.id) : undefined;
  } else if (input.mode === "random") {
    const [row] = rowsOf<{ id: number }>(
      await db.execute(sql`SELECT q.id FROM questions q JOIN question_categories qc ON qc.id = q.category_id
        WHERE ${openToLearner(l)} AND ${inCategory(input.categoryId)} ORDER BY random() LIMIT 1`),
    );
    id = row ? Number(row.id) : undefined;
  } else {
    const key = input.mode === "category" ? input.categoryId! : 0;
    const [cursor] = await db
      .select({ last: practiceCursors.lastQuestionId })
      .from(practiceCursors)
      .where(and(eq(practiceCursors.memberId, l.id), eq(practiceCursors.categoryId, key)));
    const [row] = rowsOf<{ id: number }>(
      await db.execute(sql`SELECT q.id FROM questions q JOIN question_categories qc ON qc.id = q.category_id
        WHERE ${openToLearner(l)} AND ${inCategory(input.categoryId)}
        ORDER BY (q.id <= ${cursor?.last ?? 0}), q.id LIMIT 1`),
    );
    id = row ? Number(row.id) : undefined;
  }
  if (id === undefined) return ok(null);
  return ok(await questionForPractice(db, l.id, id));
}

/** One question as practice shows it (without its key), for a member whose right to it was checked. */
export async function questionForPractice(db: Db, memberId: number, id: number): Promise<PracticeQuestion | null> {
  const [v] = await db
    .select({ v: questionVersions, categoryId: questions.categoryId, inBook: wrongBook.questionId })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .leftJoin(wrongBook, and(eq(wrongBook.memberId, memberId), eq(wrongBook.questionId, questions.id)))
    .where(eq(questions.id, id));
  if (!v) return null;
  const names = await categoryNames(db, [v.categoryId]);
  return { questionId: id, names: names.get(v.categoryId) ?? [], question: publicView(fromStored(v.v)), inBook: v.inBook !== null };
}

/** May the learner practise this question: open to them, or in their own book. */
export async function mayPractise(db: Db, l: Learner, questionId: number): Promise<boolean> {
  const [inBook] = await db
    .select({ q: wrongBook.questionId })
    .from(wrongBook)
    .where(and(eq(wrongBook.memberId, l.id), eq(wrongBook.questionId, questionId)));
  return inBook !== undefined || (await isOpenTo(db, l, questionId));
}

export interface AnswerInput {
  questionId: number;
  mode: PracticeMode;
  categoryId?: number;
  response: unknown;
}

/**
 * Grades a practice answer on the server with the engine's `grade` (only a fully right answer is
 * right) and keeps it: the answer (for its feedback), the progress, the book by the mastery rule,
 * the place in order. Never a quiz result. Refused (not found) for a question that is neither
 * open to the worker nor in their book, so nothing tells them it exists.
 */
export async function answerQuestion(db: Db, actor: Principal, input: AnswerInput, now = clock.now()): Promise<Result<{ answerId: number; right: boolean }>> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  if (!(await mayPractise(db, l, input.questionId))) return notFound("practice.errors.questionNotFound");
  return recordAnswer(db, l.id, { questionId: input.questionId, mode: input.mode, response: input.response }, now, async (tx) => {
    if (input.mode === "order" || (input.mode === "category" && input.categoryId !== undefined)) {
      const key = input.mode === "category" ? input.categoryId! : 0;
      await tx
        .insert(practiceCursors)
        .values({ memberId: l.id, categoryId: key, lastQuestionId: input.questionId })
        .onConflictDoUpdate({ target: [practiceCursors.memberId, practiceCursors.categoryId], set: { lastQuestionId: input.questionId } });
    }
    return ok(undefined);
  });
}

/**
 * Grades one answer of a member's (already allowed to answer it) with the engine's
 * `parseResponse`/`grade` (only a fully right answer is right) and keeps it in one transaction:
 * the answer, the progress, the book by the mastery rule, then whatever `also` adds (a refusal
 * from it rolls everything back). Shared by practice, the daily set and mock exams.
 */
export async function recordAnswer(
  db: Db,
  memberId: number,
  input: { questionId: number; mode: string; response: unknown; clientId?: string; answeredAt?: Date },
  now: Date,
  also: (tx: Db, answer: { answerId: number; right: boolean }) => Promise<Result<unknown>>,
): Promise<Result<{ answerId: number; right: boolean }>> {
  const [row] = await db
    .select({ v: questionVersions })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(eq(questions.id, input.questionId));
  if (!row) return notFound("practice.errors.questionNotFound");
  const q = fromStored(row.v);
  if (!PRACTISED_TYPES.has(q.type)) return notFound("practice.errors.questionNotFound");
  const parsed = parseResponse(q, input.response);
  if (!parsed.ok) return badRequest(parsed.code, parsed.params);
  const right = grade(q, parsed.response, { selfCheck: true }).correct === "right";
  const needed = masteryStreak();
  return db
    .transaction(async (tx) => {
      const answerId = await keepAnswer(
        tx,
        memberId,
        {
          questionId: input.questionId,
          versionId: row.v.id,
          mode: input.mode,
          response: parsed.response,
          right,
          clientId: input.clientId,
          answeredAt: input.answeredAt,
        },
        needed,
        now,
      );
      const answer = { answerId, right };
      const more = await also(tx, answer);
      if (!more.ok) throw new Refused(more);
      return ok(answer);
    })
    .catch((e: unknown) => {
      if (e instanceof Refused) return e.result;
      throw e;
    });
}

/**
 * Keeps one graded answer inside the caller's transaction: the answer row, the progress, the book
 * by the mastery rule. Returns the answer's id. An answer with the client id of one already kept
 * (sent from the phone before) is refused and rolls the caller's transaction back.
 */
export async function keepAnswer(
  tx: Db,
  memberId: number,
  /** `answeredAt`: when it was answered, when not `now` (an offline answer, lib/practice/offline-rules `answeredAtOf`). */
  a: { questionId: number; versionId: number; mode: string; response: Response; right: boolean; clientId?: string; answeredAt?: Date },
  needed: number,
  now: Date,
): Promise<number> {
  const [made] = await tx
    .insert(practiceAnswers)
    .values({
      memberId,
      questionId: a.questionId,
      questionVersionId: a.versionId,
      mode: a.mode,
      correct: a.right,
      response: a.response,
      answeredAt: a.answeredAt ?? now,
      clientId: a.clientId ?? null,
    })
    .onConflictDoNothing({ target: [practiceAnswers.memberId, practiceAnswers.clientId] })
    .returning({ id: practiceAnswers.id });
  if (!made) throw new Refused(conflict("practice.errors.alreadyKept"));
  await tx
    .insert(practiceProgress)
    .values({ memberId, questionId: a.questionId, answered: 1, right: a.right ? 1 : 0, lastCorrect: a.right, lastAt: now })
    .onConflictDoUpdate({
      target: [practiceProgress.memberId, practiceProgress.questionId],
      set: { answered: sql`${practiceProgress.answered} + 1`, right: sql`${practiceProgress.right} + ${a.right ? 1 : 0}`, lastCorrect: a.right, lastAt: now },
    });
  await applyToBook(tx, memberId, a.questionId, a.right, needed, "practice", now);
  return made.id;
}

/** Carries a refusal out of a transaction so that it rolls back. */
class Refused extends Error {
  constructor(readonly result: Failure) {
    super(result.code);
  }
}

/** One answer through the mastery rule: in (or back to a streak of 0), a step on, or out. */
async function applyToBook(tx: Db, memberId: number, questionId: number, right: boolean, needed: number, source: "practice", now: Date) {
  const [cur] = await tx
    .select({ streak: wrongBook.streak })
    .from(wrongBook)
    .where(and(eq(wrongBook.memberId, memberId), eq(wrongBook.questionId, questionId)))
    .for("update");
  const next = nextBookState(cur ? { inBook: true, streak: cur.streak } : OUT, right, needed);
  const where = and(eq(wrongBook.memberId, memberId), eq(wrongBook.questionId, questionId));
  if (!next.inBook) {
    if (cur) await tx.delete(wrongBook).where(where);
  } else if (cur) {
    await tx.update(wrongBook).set({ streak: next.streak }).where(where);
  } else {
    await tx
      .insert(wrongBook)
      .values({ memberId, questionId, source, streak: next.streak, addedAt: now })
      .onConflictDoUpdate({
        target: [wrongBook.memberId, wrongBook.questionId],
        set: { streak: next.streak },
      });
  }
}

/** How an answer was reached: a practice mode, or a daily set. */
/** How an answer was given: a practice mode, the daily set, a mock exam, or a scan of a device's code (一机一码, lib/equipment). */
export type AnswerMode = PracticeMode | "daily" | "mock" | "equipment";
const ANSWER_MODES: readonly string[] = [...PRACTICE_MODES, "daily", "mock", "equipment"];

export interface Feedback {
  answerId: number;
  questionId: number;
  mode: AnswerMode;
  names: string[];
  question: PublicQuestion;
  response: Response;
  right: boolean;
  /** Not right but partly (a group with a part right, matching, ordering, cloze, a weighted choice): 部分正确. */
  partial: boolean;
  /** The correct answer and the explanation: the question was open to the worker when answered. */
  key: unknown;
  explanation: string;
  inBook: boolean;
  streak: number;
  needed: number;
  /** A 案例分析 group: right, partial or wrong per part, in the parts' order. */
  parts?: Correctness[];
}

/** The feedback on one of the worker's own practice answers (right or wrong, per part of a group, the key, the explanation). */
export async function getFeedback(db: Db, actor: Principal, answerId: number): Promise<Result<Feedback>> {
  if (!can(actor, "self.learn")) return forbidden();
  const [row] = await db
    .select({ a: practiceAnswers, v: questionVersions, categoryId: questions.categoryId })
    .from(practiceAnswers)
    .innerJoin(questionVersions, eq(questionVersions.id, practiceAnswers.questionVersionId))
    .innerJoin(questions, eq(questions.id, practiceAnswers.questionId))
    .where(and(eq(practiceAnswers.id, answerId), eq(practiceAnswers.memberId, actor.memberId)));
  if (!row) return notFound("practice.errors.answerNotFound");
  const q = fromStored(row.v);
  const [b] = await db
    .select({ streak: wrongBook.streak })
    .from(wrongBook)
    .where(and(eq(wrongBook.memberId, actor.memberId), eq(wrongBook.questionId, row.a.questionId)));
  const names = await categoryNames(db, [row.categoryId]);
  const response = row.a.response as Response;
  const marks = marksOf(q, response);
  return ok({
    answerId,
    questionId: row.a.questionId,
    mode: ANSWER_MODES.includes(row.a.mode) ? (row.a.mode as AnswerMode) : "order",
    names: names.get(row.categoryId) ?? [],
    question: publicView(q),
    response,
    right: row.a.correct,
    partial: !row.a.correct && marks.mark === "partial",
    key: q.key,
    explanation: q.explanation,
    inBook: b !== undefined,
    streak: b?.streak ?? 0,
    needed: masteryStreak(),
    ...(marks.parts ? { parts: marks.parts } : {}),
  });
}

export interface BookGroup {
  names: string[];
  items: { questionId: number; stem: string; streak: number; source: "practice" | "quiz" | "manual" }[];
}

/** The worker's wrong-answer book, grouped by category. */
export async function listBook(db: Db, actor: Principal): Promise<BookGroup[]> {
  if (!can(actor, "self.learn")) return [];
  const rows = await db
    .select({
      questionId: wrongBook.questionId,
      streak: wrongBook.streak,
      source: wrongBook.source,
      stem: questionVersions.stem,
      categoryId: questions.categoryId,
    })
    .from(wrongBook)
    .innerJoin(questions, eq(questions.id, wrongBook.questionId))
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(eq(wrongBook.memberId, actor.memberId))
    .orderBy(wrongBook.addedAt, wrongBook.questionId);
  const names = await categoryNames(
    db,
    rows.map((r) => r.categoryId),
  );
  const groups = new Map<number, BookGroup>();
  for (const r of rows) {
    const g = groups.get(r.categoryId) ?? { names: names.get(r.categoryId) ?? [], items: [] };
    g.items.push({ questionId: r.questionId, stem: r.stem, streak: r.streak, source: r.source });
    groups.set(r.categoryId, g);
  }
  return [...groups.values()].sort((a, b) => a.names.join("/").localeCompare(b.names.join("/"), "zh-CN"));
}

/** Puts a question in the worker's book by hand: only one open to them for practice. */
export async function addToBook(db: Db, actor: Principal, questionId: number, now = clock.now()): Promise<Result> {
  const l = await learner(db, actor);
  if (!l) return forbidden();
  if (!(await isOpenTo(db, l, questionId))) return notFound("practice.errors.questionNotFound");
  await db.insert(wrongBook).values({ memberId: l.id, questionId, source: "manual", streak: 0, addedAt: now }).onConflictDoNothing();
  return ok();
}

/** Takes a question out of the worker's own book by hand. */
export async function removeFromBook(db: Db, actor: Principal, questionId: number): Promise<Result> {
  if (!can(actor, "self.learn")) return forbidden();
  const gone = await db
    .delete(wrongBook)
    .where(and(eq(wrongBook.memberId, actor.memberId), eq(wrongBook.questionId, questionId)))
    .returning({ q: wrongBook.questionId });
  return gone.length ? ok() : notFound("practice.errors.notInBook");
}
