import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attemptQuestions, attempts, members, orgUnits, questionCategories, questions, questionVersions, quizOverrides, quizSlots, quizzes } from "@/db/schema";
import { escapeLike } from "@/lib/org/scope";
import { deriveSeed, drawRandomSlot, newSeed, optionOrder, shuffle } from "../shuffle";
import { fromStored } from "../store";
import { fail, inAudience, type Outcome } from "./common";
import { finishIfOverdue } from "./finish";

interface Drawn {
  versionId: number;
  questionId: number;
  points: number;
  optionOrder: string[] | null;
}

/**
 * Starts an attempt, or hands back the one already open. The draw (random slots), the question
 * order and each question's option order are fixed here from a stored seed; the deadline is the
 * earlier of start + time limit (+ the member's extra time) and the closing time.
 */
export async function startAttempt(
  db: Db,
  input: { quizId: number; memberId: number; now?: Date; preview?: boolean },
): Promise<Outcome<{ attemptId: number; resumed: boolean }>> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    // One start at a time per member and quiz: a double tap must not make two attempts.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${input.quizId}, ${input.memberId})`);
    const [quiz] = await tx.select().from(quizzes).where(eq(quizzes.id, input.quizId));
    if (!quiz) return fail("quizTake.errors.notFound");

    const open = await tx
      .select()
      .from(attempts)
      .where(and(eq(attempts.quizId, quiz.id), eq(attempts.memberId, input.memberId), eq(attempts.state, "in_progress"), eq(attempts.preview, Boolean(input.preview))));
    for (const a of open) {
      const finished = await finishIfOverdue(tx, a.id, now);
      if (!finished) return { ok: true, value: { attemptId: a.id, resumed: true } };
    }

    if (!input.preview) {
      if (quiz.status !== "published") return fail("quizTake.errors.notOpen");
      if (now < quiz.opensAt) return fail("quizTake.errors.notYetOpen");
      if (now >= quiz.closesAt) return fail("quizTake.errors.closed");
      const [m] = await tx
        .select({ path: orgUnits.path, jobId: members.jobId, status: members.status })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(eq(members.id, input.memberId));
      if (!m || !(await inAudience(tx, quiz.id, { orgPath: m.path, jobId: m.jobId }))) return fail("quizTake.errors.notInAudience");
    }
    const [override] = await tx.select().from(quizOverrides).where(and(eq(quizOverrides.quizId, quiz.id), eq(quizOverrides.memberId, input.memberId)));
    // Previews number on with real attempts (one sequence per member and quiz) but never count.
    const [{ used, last }] = await tx
      .select({
        used: sql<number>`count(*) FILTER (WHERE NOT ${attempts.preview})::int`,
        last: sql<number>`coalesce(max(${attempts.attemptNo}), 0)::int`,
      })
      .from(attempts)
      .where(and(eq(attempts.quizId, quiz.id), eq(attempts.memberId, input.memberId)));
    const allowed = quiz.attemptsAllowed + (override?.extraAttempts ?? 0);
    if (!input.preview && Number(used) >= allowed) return fail("quizTake.errors.noAttemptsLeft", { allowed });

    const seed = newSeed();
    const drawn = await drawQuestions(tx, quiz.id, seed);
    if (!drawn.ok) return drawn;
    let list = drawn.value;
    if (quiz.shuffleQuestions) list = shuffle(list, deriveSeed(seed, "questions"));

    const limitMs = quiz.timeLimitS ? (quiz.timeLimitS + (override?.extraTimeS ?? 0)) * 1000 : Infinity;
    const closes = input.preview ? now.getTime() + (Number.isFinite(limitMs) ? limitMs : 3600_000) : quiz.closesAt.getTime();
    const deadline = new Date(Math.min(now.getTime() + limitMs, closes));

    const [attempt] = await tx
      .insert(attempts)
      .values({ quizId: quiz.id, memberId: input.memberId, attemptNo: Number(last) + 1, seed, startedAt: now, deadlineAt: deadline, preview: Boolean(input.preview) })
      .returning({ id: attempts.id });
    await tx.insert(attemptQuestions).values(
      list.map((q, i) => ({
        attemptId: attempt.id,
        position: i + 1,
        questionVersionId: q.versionId,
        points: q.points,
        optionOrder: quiz.shuffleOptions ? q.optionOrder : null,
      })),
    );
    return { ok: true, value: { attemptId: attempt.id, resumed: false } };
  });
}

/** The questions of one attempt, slot by slot; a random slot never repeats a question already drawn. */
export async function drawQuestions(db: Db, quizId: number, seed: string): Promise<Outcome<Drawn[]>> {
  const slots = await db.select().from(quizSlots).where(eq(quizSlots.quizId, quizId)).orderBy(asc(quizSlots.position));
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
  const fixed = new Map((await load(fixedIds)).map((r) => [r.questionId, r]));
  for (const slot of slots) {
    if (slot.kind === "fixed") {
      const r = fixed.get(slot.questionId ?? -1);
      if (!r) return fail("quizTake.errors.questionMissing");
      out.push(make(r, slot.points, seed));
      continue;
    }
    const [cat] = await db.select({ path: questionCategories.path }).from(questionCategories).where(eq(questionCategories.id, slot.categoryId ?? -1));
    if (!cat) return fail("quizTake.errors.questionMissing");
    const candidates = await db
      .select({ id: questions.id })
      .from(questions)
      .innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
      .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
      .where(
        and(
          like(questionCategories.path, escapeLike(cat.path) + "%"),
          eq(questions.archived, false),
          slot.difficulty ? eq(questionVersions.difficulty, slot.difficulty) : sql`true`,
        ),
      )
      .orderBy(asc(questions.id));
    const pool = candidates.filter((c) => !taken.has(c.id));
    const pick = drawRandomSlot(pool, slot.count, deriveSeed(seed, "slot", slot.id));
    if (!pick.ok) return fail("quiz.slot.notEnoughQuestions", { available: pool.length, needed: slot.count });
    const rows = new Map((await load(pick.questions.map((q) => q.id))).map((r) => [r.questionId, r]));
    for (const q of pick.questions) {
      taken.add(q.id);
      out.push(make(rows.get(q.id)!, slot.points, seed));
    }
  }
  return { ok: true, value: out };
}

function make(r: { questionId: number; versionId: number; v: typeof questionVersions.$inferSelect }, slotPoints: number | null, seed: string): Drawn {
  const q = fromStored(r.v);
  return {
    questionId: r.questionId,
    versionId: r.versionId,
    points: slotPoints ?? q.points,
    optionOrder: q.type === "single" || q.type === "multiple" ? optionOrder(q.options, deriveSeed(seed, "options", r.questionId)) : null,
  };
}
