import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { attempts, quizAudience, quizOverrides, quizResults, quizSlots, quizzes } from "@/db/schema";
import { audit } from "@/lib/audit";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { conflict, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { SPECIALTIES } from "@/lib/org/constants";
import { fail, type Outcome } from "./attempts/common";
import { finishOnClose, recomputeResult } from "./attempts/finish";
import { drawQuestions } from "./attempts/start";
import * as clock from "@/lib/core/clock";

const review = z.object({ score: z.boolean(), correctness: z.boolean(), answer: z.boolean(), explanation: z.boolean() });

export const quizInput = z
  .object({
    title: z.string().trim().min(1).max(100),
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
    theme: z.string().trim().max(100).default(""),
    /** Job requirements match a quiz by series (every quarterly quiz by default) or specialty. */
    // Optional so code that makes quizzes (seed, tests, bench) need not name them: the table's
    // defaults apply (series 季度小会考, no specialty); the settings form always sends both.
    series: z.string().trim().min(1).max(50).optional(),
    specialty: z.enum(SPECIALTIES).nullable().optional(),
    description: z.string().trim().max(2000).default(""),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
    timeLimitS: z.number().int().min(60).max(24 * 3600).nullable(),
    attemptsAllowed: z.number().int().min(1).max(20),
    gradingMethod: z.enum(["highest", "last", "first", "average"]),
    passPercent: z.number().min(0).max(100),
    shuffleQuestions: z.boolean(),
    shuffleOptions: z.boolean(),
    layout: z.enum(["one_per_page", "all_on_one"]),
    overduePolicy: z.enum(["autosubmit", "grace", "discard"]),
    graceS: z.number().int().min(0).max(3600),
    reviewAfterSubmit: review,
    reviewAfterClose: review,
  })
  .refine((q) => q.closesAt > q.opensAt, { path: ["closesAt"], message: "quizAdmin.errors.closesBeforeOpens" });
export type QuizInput = z.infer<typeof quizInput>;

export const slotInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed"), questionId: z.number().int().positive(), points: z.number().positive().max(1000).nullable().default(null) }),
  z.object({
    kind: z.literal("random"),
    categoryId: z.number().int().positive(),
    difficulty: z.number().int().min(1).max(5).nullable().default(null),
    count: z.number().int().min(1).max(200),
    points: z.number().positive().max(1000).nullable().default(null),
  }),
]);
export type SlotInput = z.infer<typeof slotInput>;

export async function createQuiz(db: Db, actorUserId: number | null, input: QuizInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [q] = await tx.insert(quizzes).values({ ...input, createdBy: actorUserId }).returning({ id: quizzes.id });
    await audit(tx, { actorUserId, action: "quiz.create", entity: "quiz", entityId: q.id, after: input });
    return q;
  });
}

/** Whether anyone (not a preview) has started the quiz: then its questions are fixed. */
export async function hasAttempts(db: Db, quizId: number): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(attempts).where(and(eq(attempts.quizId, quizId), eq(attempts.preview, false)));
  return Number(row.n) > 0;
}

export async function updateQuiz(db: Db, actorUserId: number | null, quizId: number, input: QuizInput): Promise<Outcome<null>> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(quizzes).where(eq(quizzes.id, quizId));
    if (!before) return fail("quizTake.errors.notFound");
    if (before.status === "closed") return fail("quizAdmin.errors.closed");
    await tx.update(quizzes).set(input).where(eq(quizzes.id, quizId));
    // Results of record follow the rules they were made by.
    if (before.gradingMethod !== input.gradingMethod) {
      const holders = await tx.select({ memberId: quizResults.memberId }).from(quizResults).where(eq(quizResults.quizId, quizId));
      for (const h of holders) await recomputeResult(tx, quizId, h.memberId);
    } else if (Number(before.passPercent) !== input.passPercent) {
      await tx.update(quizResults).set({ passed: sql`${quizResults.percent} >= ${input.passPercent}` }).where(eq(quizResults.quizId, quizId));
    }
    await audit(tx, { actorUserId, action: "quiz.update", entity: "quiz", entityId: quizId, before, after: input });
    return { ok: true, value: null };
  });
}

class Rollback extends Error {
  constructor(readonly outcome: Extract<Outcome<null>, { ok: false }>) {
    super("rollback");
  }
}

/**
 * Replaces the slots; refused once anyone has started (questions are then only regraded), and
 * when a random slot asks for more questions than its category has (nothing changes then).
 */
export async function setSlots(db: Db, actorUserId: number | null, quizId: number, slots: SlotInput[]): Promise<Outcome<null>> {
  try {
    return await db.transaction(async (tx) => {
      if (await hasAttempts(tx, quizId)) return fail("quizAdmin.errors.questionsLocked");
      for (const s of slots) {
        const known = s.kind === "fixed"
          ? rowsOf(await tx.execute(sql`SELECT 1 FROM questions WHERE id = ${s.questionId} AND current_version_id IS NOT NULL`))
          : rowsOf(await tx.execute(sql`SELECT 1 FROM question_categories WHERE id = ${s.categoryId}`));
        if (known.length === 0) return fail(s.kind === "fixed" ? "quizAdmin.errors.unknownQuestion" : "quizAdmin.errors.unknownCategory");
      }
      await tx.delete(quizSlots).where(eq(quizSlots.quizId, quizId));
      if (slots.length) {
        await tx.insert(quizSlots).values(
          slots.map((s, i) =>
            s.kind === "fixed"
              ? { quizId, position: i + 1, kind: "fixed" as const, questionId: s.questionId, points: s.points }
              : { quizId, position: i + 1, kind: "random" as const, categoryId: s.categoryId, difficulty: s.difficulty, count: s.count, points: s.points },
          ),
        );
        const check = await drawQuestions(tx, quizId, "check");
        if (!check.ok) throw new Rollback(check);
      }
      await audit(tx, { actorUserId, action: "quiz.slots", entity: "quiz", entityId: quizId, after: slots });
      return { ok: true as const, value: null };
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome;
    throw e;
  }
}

export async function getSlots(db: Db, quizId: number) {
  return db.select().from(quizSlots).where(eq(quizSlots.quizId, quizId)).orderBy(asc(quizSlots.position));
}

export async function setAudience(db: Db, actorUserId: number | null, quizId: number, audience: { orgUnitIds: number[]; jobIds: number[] }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(quizAudience).where(eq(quizAudience.quizId, quizId));
    const rows = [...audience.orgUnitIds.map((orgUnitId) => ({ quizId, orgUnitId })), ...audience.jobIds.map((jobId) => ({ quizId, jobId }))];
    if (rows.length) await tx.insert(quizAudience).values(rows);
    await audit(tx, { actorUserId, action: "quiz.audience", entity: "quiz", entityId: quizId, after: audience });
  });
}

/** Publishing needs questions that can be drawn, an audience, and a window that is not over. */
export async function publishQuiz(db: Db, actorUserId: number | null, quizId: number, now = clock.now()): Promise<Outcome<null>> {
  return db.transaction(async (tx) => {
    const [q] = await tx.select().from(quizzes).where(eq(quizzes.id, quizId));
    if (!q) return fail("quizTake.errors.notFound");
    if (q.status !== "draft") return fail("quizAdmin.errors.notDraft");
    if (q.closesAt <= now) return fail("quizAdmin.errors.windowOver");
    const draw = await drawQuestions(tx, quizId, "publish-check");
    if (!draw.ok) return draw;
    const aud = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM quiz_audience WHERE quiz_id = ${quizId}`));
    if (Number(aud[0].n) === 0) return fail("quizAdmin.errors.noAudience");
    await tx.update(quizzes).set({ status: "published", publishedAt: now }).where(eq(quizzes.id, quizId));
    await audit(tx, { actorUserId, action: "quiz.publish", entity: "quiz", entityId: quizId });
    return { ok: true, value: null };
  });
}

/**
 * Closes a quiz now. Every attempt still open is finished first, in the same transaction, by the
 * quiz's overdue rule (attempts/finish.ts `finishOnClose`): the review after closing may show the
 * key and explanations, so once the quiz reads as closed no attempt may take another save or
 * submit. Attempts are locked, so a save or submit racing the close waits and is then refused.
 */
export async function closeQuiz(db: Db, actor: Principal, quizId: number, now = clock.now()): Promise<Result<{ finished: number }>> {
  return db.transaction(async (tx) => {
    const [q] = await tx.select().from(quizzes).where(eq(quizzes.id, quizId)).for("update");
    if (!q || !can(actor, "teach.manage")) return notFound("quizTake.errors.notFound");
    if (!mayChangeContent(actor, q)) return forbidden("quizAdmin.errors.notYours");
    if (q.status === "closed") return conflict("quizAdmin.errors.closed");
    const open = await tx
      .select({ id: attempts.id })
      .from(attempts)
      .where(and(eq(attempts.quizId, quizId), eq(attempts.state, "in_progress")))
      .orderBy(asc(attempts.id))
      .for("update");
    let finished = 0;
    for (const a of open) if (await finishOnClose(tx, a.id, q.overduePolicy, now)) finished++;
    await tx.update(quizzes).set({ status: "closed" }).where(eq(quizzes.id, quizId));
    await audit(tx, { actorUserId: actor.userId, action: "quiz.close", entity: "quiz", entityId: quizId, after: { finished, overduePolicy: q.overduePolicy } });
    return ok({ finished });
  });
}

export async function setOverride(db: Db, actorUserId: number | null, quizId: number, memberId: number, o: { extraTimeS: number; extraAttempts: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(quizOverrides)
      .values({ quizId, memberId, ...o })
      .onConflictDoUpdate({ target: [quizOverrides.quizId, quizOverrides.memberId], set: o });
    await audit(tx, { actorUserId, action: "quiz.override", entity: "quiz", entityId: quizId, after: { memberId, ...o } });
  });
}
