import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { attempts, quizResults, quizSlots, quizzes } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { conflict, fail, forbidden, notFound, ok, Rollback, rollbackOnFailure, type Result } from "@/lib/core/result";
import { requiredText, text } from "@/lib/core/text";
import { specialtyProblem } from "@/lib/org/specialties";
import { finishOnClose, recomputeResult } from "./attempts/finish";
import { drawQuestions } from "./attempts/start";
import { emit } from "@/lib/notifications/events";
import * as clock from "@/lib/core/clock";

const review = z.object({ score: z.boolean(), correctness: z.boolean(), answer: z.boolean(), explanation: z.boolean() });

export const quizInput = z
  .object({
    title: requiredText(100),
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
    theme: text(100).default(""),
    /** Job requirements match a quiz by series (every quarterly quiz by default) or specialty. */
    // Optional so code that makes quizzes (seed, tests, bench) need not name them: the table's
    // defaults apply (series 季度小会考, no specialty); the settings form always sends both.
    series: requiredText(50).optional(),
    // A code of the list, checked against it when saved (lib/org/specialties).
    specialty: z.string().trim().min(1).max(40).nullable().optional(),
    description: text(2000).default(""),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
    timeLimitS: z
      .number()
      .int()
      .min(60)
      .max(24 * 3600)
      .nullable(),
    attemptsAllowed: z.number().int().min(1).max(20),
    gradingMethod: z.enum(["highest", "last", "first", "average"]),
    passPercent: z.number().min(0).max(100),
    shuffleQuestions: z.boolean(),
    shuffleOptions: z.boolean(),
    proctorRequired: z.boolean().optional(),
    watermark: z.boolean().optional(),
    layout: z.enum(["one_per_page", "all_on_one"]),
    overduePolicy: z.enum(["autosubmit", "grace", "discard"]),
    graceS: z.number().int().min(0).max(3600),
    reviewAfterSubmit: review,
    reviewAfterClose: review,
  })
  .refine((q) => q.closesAt > q.opensAt, { path: ["closesAt"], message: "quizAdmin.errors.closesBeforeOpens" });
export type QuizInput = z.infer<typeof quizInput>;

const dbId = z.number().int().positive().max(2_147_483_647);

export const slotInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed"), questionId: dbId, points: z.number().positive().max(1000).nullable().default(null) }),
  z.object({
    kind: z.literal("random"),
    categoryId: dbId,
    difficulty: z.number().int().min(1).max(5).nullable().default(null),
    count: z.number().int().min(1).max(200),
    points: z.number().positive().max(1000).nullable().default(null),
  }),
]);
export type SlotInput = z.infer<typeof slotInput>;

type QuizRow = typeof quizzes.$inferSelect;

/**
 * The quiz, locked for the change, when the actor may change it: its maker or a trainer over the
 * whole organisation (lib/auth/ownership `mayChangeContent`). A trainer scoped to one team reads
 * and grades the quizzes their members sit, but a quiz for the whole area is not theirs to change.
 */
export async function quizToChange(tx: Db, actor: Principal, quizId: number): Promise<Result<QuizRow>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [q] = await tx.select().from(quizzes).where(eq(quizzes.id, quizId)).for("update");
  if (!q) return notFound("quizTake.errors.notFound");
  if (!mayChangeContent(actor, q)) return forbidden("quizAdmin.errors.notYours");
  return ok(q);
}

/**
 * 允许模拟考试: whether workers in the audience may take mock exams drawn by this quiz's slots
 * (lib/practice/mock.ts startQuizMock). Off by default: a quiz's own questions are shown in a
 * mock's review, so only its maker or a whole-organisation trainer turns it on, in any state
 * (a closed quiz makes a good mock for the next quarter). Audited.
 */
export async function setQuizMockAllowed(db: Db, actor: Principal, quizId: number, allowed: boolean): Promise<Result> {
  return db.transaction(async (tx) => {
    const found = await quizToChange(tx, actor, quizId);
    if (!found.ok) return found;
    if (found.value.mockAllowed === allowed) return ok();
    await tx.update(quizzes).set({ mockAllowed: allowed }).where(eq(quizzes.id, quizId));
    await audit(tx, {
      actorUserId: actor.userId,
      action: "quiz.mock.allow",
      entity: "quiz",
      entityId: quizId,
      before: { mockAllowed: found.value.mockAllowed },
      after: { mockAllowed: allowed },
    });
    return ok();
  });
}

/** A new quiz (a draft), made by any trainer; it is theirs to change. */
export async function createQuiz(db: Db, actor: Principal, input: QuizInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const parsed = quizInput.safeParse(input);
  if (!parsed.success) return fail("errors.invalidInput");
  const bad = await specialtyProblem(db, parsed.data.specialty);
  if (bad) return bad;
  return db.transaction(async (tx) => {
    const q = (
      await tx
        .insert(quizzes)
        .values({ ...parsed.data, createdBy: actor.userId })
        .returning({ id: quizzes.id })
    )[0]!;
    await audit(tx, { actorUserId: actor.userId, action: "quiz.create", entity: "quiz", entityId: q.id, after: parsed.data });
    return ok(q);
  });
}

/** Whether anyone (not a preview) has started the quiz: then its questions are fixed. */
export async function hasAttempts(db: Db, quizId: number): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(attempts)
    .where(and(eq(attempts.quizId, quizId), eq(attempts.preview, false)));
  return Number(row?.n ?? 0) > 0;
}

export async function updateQuiz(db: Db, actor: Principal, quizId: number, input: QuizInput): Promise<Result> {
  const parsed = quizInput.safeParse(input);
  if (!parsed.success) return fail("errors.invalidInput");
  return db.transaction(async (tx) => {
    const found = await quizToChange(tx, actor, quizId);
    if (!found.ok) return found;
    const before = found.value;
    if (before.status === "closed") return conflict("quizAdmin.errors.closed");
    const next = parsed.data;
    const bad = await specialtyProblem(tx, next.specialty, before.specialty);
    if (bad) return bad;
    await tx.update(quizzes).set(next).where(eq(quizzes.id, quizId));
    // Results of record follow the rules they were made by.
    if (before.gradingMethod !== next.gradingMethod) {
      const holders = await tx.select({ memberId: quizResults.memberId }).from(quizResults).where(eq(quizResults.quizId, quizId));
      for (const h of holders) await recomputeResult(tx, quizId, h.memberId);
    } else if (Number(before.passPercent) !== next.passPercent) {
      await tx
        .update(quizResults)
        .set({ passed: sql`${quizResults.percent} >= ${next.passPercent}` })
        .where(eq(quizResults.quizId, quizId));
    }
    await audit(tx, { actorUserId: actor.userId, action: "quiz.update", entity: "quiz", entityId: quizId, before, after: next });
    return ok();
  });
}

/**
 * Replaces the slots; refused once anyone has started (questions are then only regraded), and
 * when a random slot asks for more questions than its category has (nothing changes then).
 */
export async function setSlots(db: Db, actor: Principal, quizId: number, slots: SlotInput[]): Promise<Result> {
  return rollbackOnFailure(() =>
    db.transaction(async (tx) => {
      const found = await quizToChange(tx, actor, quizId);
      if (!found.ok) return found;
      if (found.value.status === "closed") return conflict("quizAdmin.errors.closed");
      if (await hasAttempts(tx, quizId)) return conflict("quizAdmin.errors.questionsLocked");
      for (const s of slots) {
        const known =
          s.kind === "fixed"
            ? rowsOf(await tx.execute(sql`SELECT 1 FROM questions WHERE id = ${s.questionId} AND current_version_id IS NOT NULL`))
            : rowsOf(await tx.execute(sql`SELECT 1 FROM question_categories WHERE id = ${s.categoryId}`));
        if (known.length === 0) return fail(s.kind === "fixed" ? "quizAdmin.errors.unknownQuestion" : "quizAdmin.errors.unknownCategory");
      }
      await tx.delete(quizSlots).where(eq(quizSlots.quizId, quizId));
      if (slots.length) {
        await tx
          .insert(quizSlots)
          .values(
            slots.map((s, i) =>
              s.kind === "fixed"
                ? { quizId, position: i + 1, kind: "fixed" as const, questionId: s.questionId, points: s.points }
                : { quizId, position: i + 1, kind: "random" as const, categoryId: s.categoryId, difficulty: s.difficulty, count: s.count, points: s.points },
            ),
          );
        const check = await drawQuestions(tx, quizId, "check");
        if (!check.ok) throw new Rollback(check);
      }
      await audit(tx, { actorUserId: actor.userId, action: "quiz.slots", entity: "quiz", entityId: quizId, after: slots });
      return ok();
    }),
  );
}

/** Publishing needs questions that can be drawn, an audience, and a window that is not over. */
export async function publishQuiz(db: Db, actor: Principal, quizId: number, now = clock.now()): Promise<Result> {
  return db.transaction(async (tx) => {
    const found = await quizToChange(tx, actor, quizId);
    if (!found.ok) return found;
    const q = found.value;
    if (q.status !== "draft") return conflict("quizAdmin.errors.notDraft");
    if (q.closesAt <= now) return fail("quizAdmin.errors.windowOver");
    const draw = await drawQuestions(tx, quizId, "publish-check");
    if (!draw.ok) return draw;
    const aud = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM quiz_audience WHERE quiz_id = ${quizId}`));
    if (Number(aud[0]?.n ?? 0) === 0) return fail("quizAdmin.errors.noAudience");
    await tx.update(quizzes).set({ status: "published", publishedAt: now }).where(eq(quizzes.id, quizId));
    await audit(tx, { actorUserId: actor.userId, action: "quiz.publish", entity: "quiz", entityId: quizId });
    return ok();
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
    const found = await quizToChange(tx, actor, quizId);
    if (!found.ok) return found;
    const q = found.value;
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
    // Results of record are final now: each member who took it hears so (once per quiz).
    const takers = rowsOf<{ member_id: number }>(
      await tx.execute(sql`SELECT DISTINCT member_id FROM attempts WHERE quiz_id = ${quizId} AND NOT preview AND state = 'submitted'`),
    );
    await emit(
      tx,
      "result_published",
      takers.map((r) => Number(r.member_id)),
      { title: q.title },
      "/quizzes",
      `quiz:${quizId}:results`,
      now,
    );
    await audit(tx, { actorUserId: actor.userId, action: "quiz.close", entity: "quiz", entityId: quizId, after: { finished, overduePolicy: q.overduePolicy } });
    return ok({ finished });
  });
}
