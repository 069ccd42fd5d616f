import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import { clientOf, rowsOf, type Db } from "@/db/client";
import { questionCategories, questions, questionVersions, quizSlots } from "@/db/schema";
import { escapeLike } from "@/lib/org/scope";
import { deriveSeed, drawPreferring, newSeed, optionOrder, shuffle } from "../shuffle";
import { fromStored } from "../store";
import type { Question } from "../types";
import { can, type Principal } from "@/lib/auth/permissions";
import { conflict, fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { audienceCondition, limits } from "./common";
import { rememberAttemptFacts, type AttemptFacts } from "./facts";
import { getAttemptView, viewOf, type AttemptView } from "./view";
import { finishIfOverdue } from "./finish";
import { checkProctorCode } from "../proctor";
import * as clock from "@/lib/core/clock";

interface StartFacts {
  status: "draft" | "published" | "closed";
  opens_at: string | Date;
  closes_at: string | Date;
  time_limit_s: number | null;
  attempts_allowed: number;
  shuffle_questions: boolean;
  shuffle_options: boolean;
  proctor_required: boolean;
  member_found: boolean;
  in_audience: boolean;
  extra_time_s: number;
  extra_attempts: number;
  used: number;
  last: number;
  open_ids: number[] | string;
  title: string;
  layout: "one_per_page" | "all_on_one";
  watermark: boolean;
  overdue_policy: "autosubmit" | "grace" | "discard";
  grace_s: number;
  member_name: string | null;
  member_no: string | null;
}

/** json columns come back parsed from postgres.js and as text from some paths: accept both. */
function jsonOf<T>(v: T | string): T {
  return typeof v === "string" ? (JSON.parse(v) as T) : v;
}

interface Drawn {
  versionId: number;
  questionId: number;
  points: number;
  optionOrder: string[] | null;
  /** Matching and ordering questions are always shown shuffled, whatever the quiz's option shuffle says. */
  alwaysShuffled: boolean;
  question: Question;
}

type Started = Result<{ attemptId: number; resumed: boolean }>;

/** A start with, when asked for, the attempt as its worker sees it (what getAttemptView gives). */
type StartedWithView = Result<{ attemptId: number; resumed: boolean; view?: AttemptView }>;

/** What a start that made a new attempt knows of it: enough for its view and its facts, read back from nowhere. */
interface Made {
  facts: AttemptFacts;
  view: Parameters<typeof viewOf>[0];
}

/** What a worker gives to start a quiz that needs an on-site proctor code (lib/quiz/proctor). */
export interface ProctorInput {
  proctorCode?: string | null;
  /** The proctoring a scanned QR code named. */
  proctoringId?: number | null;
}

/**
 * Starts the member's attempt, or hands back the one already open. The draw (random slots), the
 * question order and each question's option order are fixed here from a stored seed; the deadline
 * is the earlier of start + time limit (+ the member's extra time) and the closing time. The
 * member is the signed-in worker: the attempt is theirs alone (every other attempt function
 * checks the member too). A quiz that needs a proctor code starts only with the code shown now:
 * a wrong or expired one is counted and nothing else is written; an attempt already open is
 * resumed without one.
 */
export async function startAttempt(db: Db, input: { quizId: number; memberId: number; now?: Date; view?: boolean } & ProctorInput): Promise<StartedWithView> {
  const r = (await quickStart(db, input)) ?? (await begin(db, { ...input, preview: false }));
  if (!r.ok) return r;
  const { attemptId, resumed, made } = r.value;
  // The new attempt's facts are known: its first save reads none (facts.ts).
  if (made) rememberAttemptFacts(db, made.facts);
  if (!input.view) return ok({ attemptId, resumed });
  if (made) return ok({ attemptId, resumed, view: viewOf(made.view) });
  const view = await getAttemptView(db, attemptId, input.memberId, input.now);
  return view.ok ? ok({ attemptId, resumed, view: view.value }) : view;
}

/**
 * A trainer takes the quiz as a worker would, at any time and whatever its state: a preview
 * attempt of their own, never counted. Trainers read every quiz and the whole bank, so a preview
 * shows them nothing they could not see already.
 */
export async function startPreview(db: Db, actor: Principal, quizId: number, now = clock.now()): Promise<Started> {
  if (!can(actor, "teach.manage")) return forbidden();
  const r = await begin(db, { quizId, memberId: actor.memberId, now, preview: true });
  return r.ok ? ok({ attemptId: r.value.attemptId, resumed: r.value.resumed }) : r;
}

async function begin(
  db: Db,
  input: { quizId: number; memberId: number; now?: Date; preview: boolean } & ProctorInput,
): Promise<Result<{ attemptId: number; resumed: boolean; made?: Made }>> {
  const now = input.now ?? clock.now();
  return db.transaction(async (tx) => {
    // One start at a time per member and quiz: a double tap must not make two attempts.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${input.quizId}, ${input.memberId})`);
    // Everything the checks need in one round trip: the quiz, the member's place in the audience,
    // their override, the attempts they used and the ones still open.
    const [row] = rowsOf<StartFacts>(await tx.execute(sql`${startFactsQuery(input)} FOR KEY SHARE OF q`));
    if (!row) return notFound("quizTake.errors.notFound");
    const quiz = quizOf(input.quizId, row);

    for (const id of jsonOf<number[]>(row.open_ids)) {
      const finished = await finishIfOverdue(tx, id, now);
      if (!finished) return ok({ attemptId: id, resumed: true });
    }

    if (!input.preview) {
      if (quiz.status !== "published") return conflict("quizTake.errors.notOpen");
      if (now < quiz.opensAt) return conflict("quizTake.errors.notYetOpen");
      if (now >= quiz.closesAt) return conflict("quizTake.errors.closed");
      if (!row.member_found || !row.in_audience) return forbidden("quizTake.errors.notInAudience");
    }
    // Previews number on with real attempts (one sequence per member and quiz) but never count.
    const allowed = quiz.attemptsAllowed + Number(row.extra_attempts);
    if (!input.preview && Number(row.used) >= allowed) return fail("quizTake.errors.noAttemptsLeft", { allowed }, "conflict");
    let proctoringId: number | null = null;
    if (!input.preview && row.proctor_required) {
      const code = await checkProctorCode(tx, { quizId: quiz.id, memberId: input.memberId, code: input.proctorCode, proctoringId: input.proctoringId, now });
      if (!code.ok) return code;
      proctoringId = code.value.proctoringId;
    }

    const seed = newSeed();
    const drawn = await drawQuestions(tx, quiz.id, seed);
    if (!drawn.ok) return drawn;
    const made = await insertAttempt(tx, {
      quiz,
      row,
      memberId: input.memberId,
      preview: input.preview,
      now,
      seed,
      drawn: drawn.value,
      proctoringId,
      guarded: false,
    });
    return ok({ attemptId: made!.facts.attemptId, resumed: false, made: made! });
  });
}

/**
 * The start of nearly every worker in a quiz storm, in two round trips instead of a transaction
 * of six: the checks' facts (with the slots) read without a lock, then the attempt and its
 * questions written by one statement that holds only while what the checks read still holds.
 * That statement re-checks the quiz under FOR KEY SHARE (published, open, its window and limits as
 * read: a close that got there first has changed it, a close that comes after waits and finishes
 * the new attempt), and the unique attempt number (quiz, member, attempt_no) stands in for the
 * advisory lock: a double tap's second insert collides and takes the long way, which resumes the
 * attempt the first one made. Anything off the plain path — an attempt still open, a proctor code,
 * any refusal, a statement that wrote nothing — returns null and `begin` decides with every rule.
 */
async function quickStart(
  db: Db,
  input: { quizId: number; memberId: number; now?: Date },
): Promise<Result<{ attemptId: number; resumed: boolean; made?: Made }> | null> {
  const now = input.now ?? clock.now();
  const [row] = rowsOf<StartFacts & { slots: SlotFacts[] | string | null }>(await db.execute(startFactsQuery({ ...input, preview: false })));
  if (!row || jsonOf<number[]>(row.open_ids).length > 0 || row.proctor_required) return null;
  const quiz = quizOf(input.quizId, row);
  if (quiz.status !== "published" || now < quiz.opensAt || now >= quiz.closesAt || !row.member_found || !row.in_audience) return null;
  if (Number(row.used) >= quiz.attemptsAllowed + Number(row.extra_attempts)) return null;
  const slots = await slotsFrom(db, row.slots === null ? [] : jsonOf<SlotFacts[]>(row.slots));
  const seed = newSeed();
  const drawn = await drawFrom(db, slots, seed);
  if (!drawn.ok) return null;
  try {
    const made = await insertAttempt(db, {
      quiz,
      row,
      memberId: input.memberId,
      preview: false,
      now,
      seed,
      drawn: drawn.value,
      proctoringId: null,
      guarded: true,
    });
    return made ? ok({ attemptId: made.facts.attemptId, resumed: false, made }) : null;
  } catch (e) {
    if (uniqueViolation(e, "attempts_member_no_uq")) return null;
    throw e;
  }
}

function uniqueViolation(e: unknown, constraint: string): boolean {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause) {
    const x = c as { code?: string; constraint_name?: string; constraint?: string; message?: string };
    if (x.code === "23505") return (x.constraint_name ?? x.constraint ?? x.message ?? "").includes(constraint);
  }
  return false;
}

type Quiz = ReturnType<typeof quizOf>;

function quizOf(id: number, row: StartFacts) {
  return {
    id,
    status: row.status,
    opensAt: new Date(row.opens_at),
    closesAt: new Date(row.closes_at),
    timeLimitS: row.time_limit_s === null ? null : Number(row.time_limit_s),
    attemptsAllowed: Number(row.attempts_allowed),
    shuffleQuestions: Boolean(row.shuffle_questions),
    shuffleOptions: Boolean(row.shuffle_options),
  };
}

/**
 * Everything a start's checks need in one round trip: the quiz, the member's place in the
 * audience, their override, the attempts they used and the ones still open, and the quiz's slots
 * (a fixed slot with its question's current version id).
 */
function startFactsQuery(input: { quizId: number; memberId: number; preview: boolean }) {
  return sql`
        SELECT q.status, q.opens_at, q.closes_at, q.time_limit_s, q.attempts_allowed, q.shuffle_questions, q.shuffle_options, q.proctor_required,
          q.title, q.layout, q.watermark, q.overdue_policy, q.grace_s,
          m.id IS NOT NULL AS member_found, m.name AS member_name, m.employee_no AS member_no,
          ${audienceCondition(sql`q.id`, { orgPath: sql`mu.path`, jobId: sql`m.job_id` })} AS in_audience,
          coalesce(o.extra_time_s, 0) AS extra_time_s, coalesce(o.extra_attempts, 0) AS extra_attempts,
          (SELECT count(*) FILTER (WHERE NOT a.preview) FROM attempts a WHERE a.quiz_id = q.id AND a.member_id = ${input.memberId})::int AS used,
          (SELECT coalesce(max(a.attempt_no), 0) FROM attempts a WHERE a.quiz_id = q.id AND a.member_id = ${input.memberId})::int AS last,
          (SELECT coalesce(json_agg(a.id ORDER BY a.id), '[]') FROM attempts a
            WHERE a.quiz_id = q.id AND a.member_id = ${input.memberId} AND a.state = 'in_progress' AND a.preview = ${Boolean(input.preview)}) AS open_ids
          , (SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'questionId', s.question_id, 'versionId', qq.current_version_id,
              'count', s.count, 'difficulty', s.difficulty, 'points', s.points, 'categoryPath', c.path) ORDER BY s.position)
            FROM quiz_slots s LEFT JOIN questions qq ON s.kind = 'fixed' AND qq.id = s.question_id LEFT JOIN question_categories c ON c.id = s.category_id
            WHERE s.quiz_id = q.id) AS slots
        FROM quizzes q
        LEFT JOIN members m ON m.id = ${input.memberId} AND m.status = 'active'
        LEFT JOIN org_units mu ON mu.id = m.org_unit_id
        LEFT JOIN quiz_overrides o ON o.quiz_id = q.id AND o.member_id = ${input.memberId}
        WHERE q.id = ${input.quizId}`;
}

/**
 * Writes the attempt and its questions in one statement and returns what the start knows of it.
 * `guarded` (the quick start): written only while the quiz still reads as the checks read it,
 * else null.
 */
async function insertAttempt(
  db: Db,
  a: {
    quiz: Quiz;
    row: StartFacts;
    memberId: number;
    preview: boolean;
    now: Date;
    seed: string;
    drawn: Drawn[];
    proctoringId: number | null;
    guarded: boolean;
  },
): Promise<Made | null> {
  const { quiz, row, now, seed, proctoringId } = a;
  const list = quiz.shuffleQuestions ? shuffle(a.drawn, deriveSeed(seed, "questions")) : a.drawn;
  const limitMs = quiz.timeLimitS ? (quiz.timeLimitS + Number(row.extra_time_s)) * 1000 : Infinity;
  const closes = a.preview ? now.getTime() + (Number.isFinite(limitMs) ? limitMs : 3600_000) : quiz.closesAt.getTime();
  const deadline = new Date(Math.min(now.getTime() + limitMs, closes));
  const questions = list.map((q, i) => ({
    position: i + 1,
    question: q.question,
    points: q.points,
    optionOrder: quiz.shuffleOptions || q.alwaysShuffled ? q.optionOrder : null,
  }));
  const drawnRows = questions.map((q, i) => ({ position: q.position, version: list[i]!.versionId, points: q.points, order: q.optionOrder }));
  // The quick start's guard: the quiz as its checks read it, locked against a close until this statement ends.
  const guard = a.guarded
    ? sql`SELECT id FROM quizzes WHERE id = ${quiz.id} AND status = 'published' AND opens_at <= ${now.toISOString()}::timestamptz
          AND closes_at = ${quiz.closesAt.toISOString()}::timestamptz AND closes_at > ${now.toISOString()}::timestamptz
          AND time_limit_s IS NOT DISTINCT FROM ${quiz.timeLimitS}::int AND attempts_allowed = ${quiz.attemptsAllowed}
          AND shuffle_questions = ${quiz.shuffleQuestions} AND shuffle_options = ${quiz.shuffleOptions} AND NOT proctor_required
          FOR KEY SHARE`
    : sql`SELECT ${quiz.id}::int AS id`;
  const [inserted] = rowsOf<{ id: number }>(
    await db.execute(sql`
      WITH g AS (${guard}), a AS (
        INSERT INTO attempts (quiz_id, member_id, attempt_no, seed, started_at, deadline_at, preview, proctor_session_id, proctored_at)
        SELECT g.id, ${a.memberId}, ${Number(row.last) + 1}, ${seed}, ${now.toISOString()}::timestamptz, ${deadline.toISOString()}::timestamptz,
          ${Boolean(a.preview)}, ${proctoringId}::int, ${proctoringId === null ? null : now.toISOString()}::timestamptz
        FROM g
        RETURNING id
      ), q AS (
        INSERT INTO attempt_questions (attempt_id, position, question_version_id, points, option_order)
        SELECT a.id, d.position, d.version, d.points, d."order"
        FROM a, jsonb_to_recordset(${JSON.stringify(drawnRows)}::jsonb) AS d(position int, version int, points numeric, "order" jsonb)
      )
      SELECT id FROM a`),
  );
  if (!inserted) return null;
  const attemptId = Number(inserted.id);
  const clockOf = { overduePolicy: row.overdue_policy, graceS: Number(row.grace_s) };
  return {
    facts: {
      attemptId,
      quizId: quiz.id,
      memberId: a.memberId,
      preview: Boolean(a.preview),
      deadline,
      ...limits(deadline, clockOf),
      questions: new Map(questions.map((q) => [q.position, { ...q.question, points: q.points } as Question])),
    },
    view: {
      attemptId,
      quiz: { id: quiz.id, title: row.title, layout: row.layout, ...clockOf },
      state: "in_progress",
      preview: Boolean(a.preview),
      watermark: row.watermark && row.member_name !== null ? `${row.member_name} ${row.member_no}` : null,
      deadline,
      now,
      questions,
      answers: [],
    },
  };
}

/**
 * The questions of one attempt, slot by slot; a random slot never repeats a question already drawn.
 * `avoid` (a mock exam of the quiz, lib/practice/mock.ts): questions a random slot draws only when
 * its pool has too few others; fixed slots stay fixed.
 */
export async function drawQuestions(db: Db, quizId: number, seed: string, avoid: ReadonlySet<number> = new Set()): Promise<Result<Drawn[]>> {
  const slots = await db
    .select({
      id: quizSlots.id,
      kind: quizSlots.kind,
      questionId: quizSlots.questionId,
      count: quizSlots.count,
      difficulty: quizSlots.difficulty,
      points: quizSlots.points,
      categoryPath: questionCategories.path,
      // A fixed slot's question comes with the slots: one round trip fewer on every start.
      v: questionVersions,
    })
    .from(quizSlots)
    .leftJoin(questionCategories, eq(questionCategories.id, quizSlots.categoryId))
    .leftJoin(questions, and(eq(quizSlots.kind, "fixed"), eq(questions.id, quizSlots.questionId)))
    .leftJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(eq(quizSlots.quizId, quizId))
    .orderBy(asc(quizSlots.position));
  return drawFrom(db, slots, seed, avoid);
}

type VersionRow = typeof questionVersions.$inferSelect;

/** A quiz slot as the draw needs it; a fixed slot with its question's current version. */
interface Slot {
  id: number;
  kind: "fixed" | "random";
  questionId: number | null;
  count: number;
  difficulty: number | null;
  points: number | null;
  categoryPath: string | null;
  v: VersionRow | null;
}

/** A slot as the start's facts query reads it: a fixed slot names its question's current version. */
type SlotFacts = Omit<Slot, "v"> & { versionId: number | null };

// A question version never changes once written (an edit makes a new one), so each process keeps
// the versions its starts drew instead of reading 20 of them on every start. Keyed by database
// handle (its client) as the attempt facts are (facts.ts): tests hold several databases at once.
const versionCaches = new WeakMap<object, Map<number, VersionRow>>();
const MAX_VERSIONS = 5_000;

/** The slots with each fixed slot's version, from the cache or read in one query. */
async function slotsFrom(db: Db, facts: SlotFacts[]): Promise<Slot[]> {
  const key = clientOf(db);
  const cache = versionCaches.get(key) ?? new Map<number, VersionRow>();
  versionCaches.set(key, cache);
  const missing = [...new Set(facts.flatMap((s) => (s.versionId !== null && !cache.has(s.versionId) ? [s.versionId] : [])))];
  if (missing.length > 0) {
    if (cache.size + missing.length > MAX_VERSIONS) cache.clear();
    for (const v of await db.select().from(questionVersions).where(inArray(questionVersions.id, missing))) cache.set(v.id, v);
  }
  return facts.map(({ versionId, ...s }) => ({
    ...s,
    points: s.points === null ? null : Number(s.points),
    v: versionId === null ? null : (cache.get(versionId) ?? null),
  }));
}

/** Draws the attempt's questions from the quiz's slots (random slots read their pools). */
async function drawFrom(db: Db, slots: Slot[], seed: string, avoid: ReadonlySet<number> = new Set()): Promise<Result<Drawn[]>> {
  if (slots.length === 0) return fail("quizTake.errors.noQuestions");
  const fixedIds = slots.filter((s) => s.kind === "fixed" && s.questionId).map((s) => s.questionId!);
  const taken = new Set<number>(fixedIds);
  const out: Drawn[] = [];
  const load = async (ids: number[]) =>
    ids.length === 0
      ? []
      : db
          .select({ questionId: questions.id, versionId: questionVersions.id, v: questionVersions })
          .from(questions)
          .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
          .where(inArray(questions.id, ids));
  const fixed = new Map(
    slots.flatMap((s) =>
      s.kind === "fixed" && s.questionId !== null && s.v ? [[s.questionId, { questionId: s.questionId, versionId: s.v.id, v: s.v }] as const] : [],
    ),
  );

  for (const slot of slots) {
    if (slot.kind === "fixed") {
      const r = fixed.get(slot.questionId ?? -1);
      if (!r) return fail("quizTake.errors.questionMissing");
      out.push(make(r, slot.points, seed));
      continue;
    }
    if (slot.categoryPath === null) return fail("quizTake.errors.questionMissing");
    const candidates = await db
      .select({ id: questions.id })
      .from(questions)
      .innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
      .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
      .where(
        and(
          like(questionCategories.path, `${escapeLike(slot.categoryPath)}%`),
          eq(questions.archived, false),
          slot.difficulty ? eq(questionVersions.difficulty, slot.difficulty) : sql`true`,
        ),
      )
      .orderBy(asc(questions.id));
    const pool = candidates.filter((c) => !taken.has(c.id));
    const pick = drawPreferring(pool, slot.count, deriveSeed(seed, "slot", slot.id), avoid);
    if (!pick.ok) return fail("quiz.slot.notEnoughQuestions", { available: pool.length, needed: slot.count });
    const rows = new Map((await load(pick.questions.map((q) => q.id))).map((r) => [r.questionId, r]));
    for (const q of pick.questions) {
      taken.add(q.id);
      out.push(make(rows.get(q.id)!, slot.points, seed));
    }
  }
  return ok(out);
}

/**
 * The order a worker sees: choice options, a matching question's choices, an ordering
 * question's items (never in the right order, as Moodle's ordering never starts solved).
 */
function orderFor(q: Question, seed: string): string[] | null {
  switch (q.type) {
    case "single":
    case "multiple":
      return optionOrder(q.options, seed);
    case "matching":
      return optionOrder(q.choices, seed);
    case "ordering": {
      const order = optionOrder(q.items, seed);
      return order.every((id, i) => id === q.key.order[i]) ? [...order.slice(1), ...order.slice(0, 1)] : order;
    }
    default:
      return null;
  }
}

/** The option order an attempt started from `seed` shows for a question (null: a type without options). */
export function optionOrderFor(q: Question, seed: string, questionId: number): string[] | null {
  return orderFor(q, deriveSeed(seed, "options", questionId));
}

function make(r: { questionId: number; versionId: number; v: typeof questionVersions.$inferSelect }, slotPoints: number | null, seed: string): Drawn {
  const q = fromStored(r.v);
  return {
    questionId: r.questionId,
    versionId: r.versionId,
    points: slotPoints ?? q.points,
    optionOrder: optionOrderFor(q, seed, r.questionId),
    alwaysShuffled: q.type === "matching" || q.type === "ordering",
    question: q,
  };
}
