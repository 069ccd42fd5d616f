import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attemptAnswers, attempts, quizResults, quizzes } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { getAttemptReview, getAttemptView, saveAnswers, startAttempt, submitAttempt, type AttemptView } from "@/lib/quiz/attempts";
import { closeQuiz } from "@/lib/quiz/quizzes";
import { drivers, createTestDb } from "../helpers/db";
import { memberIdOf, memberIn, principalOf, publishedQuiz } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * Closing a quiz early: the review after closing may show the key and explanations, so no
 * attempt may still take a save or submit once it shows — a worker who submitted could pass the
 * key on to a colleague still answering.
 */
describe.each(drivers())("closing a quiz early on %s", (driver) => {
  let h: DbHandle;
  let early: number; // submits before the close
  let late: number; // still answering at the close
  let trainer: Principal;

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(h.db, { members: 40 });
    early = await memberIdOf(h.db, "900004"); // 韦2中转站, 采油九队
    late = await memberIn(h.db, "T09", [early]);
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
  });
  afterAll(async () => h?.close());

  const view = async (attemptId: number, memberId: number) => ((await getAttemptView(h.db, attemptId, memberId)) as { ok: true; value: AttemptView }).value;
  const position = (v: AttemptView, type: string) => v.questions.find((q) => q.question.type === type)!.position;
  const attempt = async (id: number) => first(await h.db.select().from(attempts).where(eq(attempts.id, id)), `attempt ${id}`);
  const answersOf = async (id: number) => h.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, id)).orderBy(attemptAnswers.position);

  /** The early worker submits; the late one starts and saves one right answer (true/false). */
  async function twoWorkers(overduePolicy: "autosubmit" | "grace" | "discard") {
    const { quizId } = await publishedQuiz(h.db, {
      settings: {
        overduePolicy,
        reviewAfterSubmit: { score: true, correctness: false, answer: false, explanation: false },
        reviewAfterClose: { score: true, correctness: true, answer: true, explanation: true },
      },
    });
    const a = await startAttempt(h.db, { quizId, memberId: early });
    const b = await startAttempt(h.db, { quizId, memberId: late });
    if (!a.ok || !b.ok) throw new Error("start");
    expect((await submitAttempt(h.db, { attemptId: a.value.attemptId, memberId: early })).ok).toBe(true);
    const bv = await view(b.value.attemptId, late);
    const tf = position(bv, "truefalse");
    expect(
      (
        await saveAnswers(h.db, {
          attemptId: b.value.attemptId,
          memberId: late,
          answers: [{ position: tf, response: { type: "truefalse", value: false }, seq: 1 }],
        })
      ).ok,
    ).toBe(true);
    // Before the close the submitted worker sees the score only: no key, no explanation.
    const before = await getAttemptReview(h.db, a.value.attemptId, early);
    expect(before.ok && before.value.items.every((i) => i.key === undefined && i.explanation === undefined)).toBe(true);
    return { quizId, earlyAttempt: a.value.attemptId, lateAttempt: b.value.attemptId, bv, tf };
  }

  it("autosubmit: the open attempt is submitted and graded with what was saved, in the close; later saves and submits are refused", async () => {
    const { quizId, earlyAttempt, lateAttempt, bv, tf } = await twoWorkers("autosubmit");
    expect(await closeQuiz(h.db, trainer, quizId)).toMatchObject({ ok: true, value: { finished: 1 } });
    expect(first(await h.db.select().from(quizzes).where(eq(quizzes.id, quizId)), "quiz").status).toBe("closed");
    const b = await attempt(lateAttempt);
    // The true/false answer saved before the close is worth its 2 points.
    expect(b).toMatchObject({ state: "submitted", score: 2 });
    const [res] = await h.db
      .select()
      .from(quizResults)
      .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, late)));
    expect(res).toMatchObject({ score: 2, attemptsCounted: 1 });
    const answersAtClose = await answersOf(lateAttempt);

    // What the colleague tries after the close is refused and changes nothing.
    const single = position(bv, "single");
    expect(
      await saveAnswers(h.db, { attemptId: lateAttempt, memberId: late, answers: [{ position: single, response: { type: "single", optionId: "a" }, seq: 2 }] }),
    ).toMatchObject({
      ok: false,
      code: "quizTake.errors.attemptFinished",
    });
    expect(
      await submitAttempt(h.db, { attemptId: lateAttempt, memberId: late, answers: [{ position: tf, response: { type: "truefalse", value: true }, seq: 3 }] }),
    ).toMatchObject({ ok: false, code: "quizTake.errors.attemptFinished" });
    expect(await answersOf(lateAttempt)).toEqual(answersAtClose);
    expect(await attempt(lateAttempt)).toEqual(b);
    expect(await startAttempt(h.db, { quizId, memberId: late })).toMatchObject({ ok: false });

    // Only now does the submitted worker see the key and the explanations.
    const after = await getAttemptReview(h.db, earlyAttempt, early);
    expect(after.ok && after.value.items.every((i) => i.key !== undefined && i.explanation !== undefined)).toBe(true);
  });

  it("discard: the open attempt is not counted", async () => {
    const { quizId, lateAttempt } = await twoWorkers("discard");
    expect(await closeQuiz(h.db, trainer, quizId)).toMatchObject({ ok: true, value: { finished: 1 } });
    expect((await attempt(lateAttempt)).state).toBe("abandoned");
    expect(
      await h.db
        .select()
        .from(quizResults)
        .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, late))),
    ).toHaveLength(0);
    expect(await saveAnswers(h.db, { attemptId: lateAttempt, memberId: late, answers: [{ position: 1, response: null, seq: 5 }] })).toMatchObject({
      ok: false,
      code: "quizTake.errors.attemptFinished",
    });
  });

  it("grace: the worker was cut short by the close, so what was saved counts, and nothing can be added", async () => {
    const { quizId, lateAttempt, tf } = await twoWorkers("grace");
    expect(await closeQuiz(h.db, trainer, quizId)).toMatchObject({ ok: true, value: { finished: 1 } });
    expect(await attempt(lateAttempt)).toMatchObject({ state: "submitted", score: 2 });
    expect(
      await submitAttempt(h.db, { attemptId: lateAttempt, memberId: late, answers: [{ position: tf, response: { type: "truefalse", value: true }, seq: 2 }] }),
    ).toMatchObject({ ok: false, code: "quizTake.errors.attemptFinished" });
    expect(await attempt(lateAttempt)).toMatchObject({ state: "submitted", score: 2 });
  });

  it("at the closing time, keeps the after-close review hidden while anyone's grace still lets them save", async () => {
    const t0 = new Date();
    const closesAt = new Date(t0.getTime() + 600_000);
    const { quizId } = await publishedQuiz(h.db, { settings: { timeLimitS: null, closesAt, overduePolicy: "autosubmit", graceS: 60 } });
    const a = await startAttempt(h.db, { quizId, memberId: early, now: t0 });
    const b = await startAttempt(h.db, { quizId, memberId: late, now: t0 });
    if (!a.ok || !b.ok) throw new Error("start");
    await submitAttempt(h.db, { attemptId: a.value.attemptId, memberId: early, now: t0 });
    const at = (s: number) => new Date(closesAt.getTime() + s * 1000);
    // 30 s after the closing time the colleague's answers in flight are still taken (grace)...
    expect(
      (await saveAnswers(h.db, { attemptId: b.value.attemptId, memberId: late, answers: [{ position: 1, response: null, seq: 1 }], now: at(30) })).ok,
    ).toBe(true);
    // ...so the key stays hidden from the one who submitted.
    const during = await getAttemptReview(h.db, a.value.attemptId, early, at(30));
    expect(during.ok && during.value.items.every((i) => i.key === undefined && i.explanation === undefined)).toBe(true);
    // Once the grace is over nobody can save: the after-close review applies.
    const after = await getAttemptReview(h.db, a.value.attemptId, early, at(61));
    expect(after.ok && after.value.items.every((i) => i.key !== undefined && i.explanation !== undefined)).toBe(true);
  });

  it.runIf(driver === "postgres")("lets no save racing the close land after the grading", async () => {
    const { quizId, lateAttempt, bv } = await twoWorkers("autosubmit");
    const single = position(bv, "single");
    const saves = Array.from({ length: 20 }, (_, i) =>
      saveAnswers(h.db, {
        attemptId: lateAttempt,
        memberId: late,
        answers: [{ position: single, response: { type: "single", optionId: i % 2 ? "a" : "b" }, seq: 10 + i }],
      }),
    );
    const [closed, ...saved] = await Promise.all([closeQuiz(h.db, trainer, quizId), ...saves]);
    expect(closed.ok).toBe(true);
    for (const r of saved) if (!r.ok) expect(r.code).toBe("quizTake.errors.attemptFinished");
    // Every answer the attempt holds was graded: none arrived after the close graded it.
    const rows = await answersOf(lateAttempt);
    for (const r of rows) if (r.position !== position(bv, "essay")) expect(r.autoScore, `position ${r.position}`).not.toBeNull();
  });

  it("refuses a second close and a close by someone who may not change the quiz, changing nothing", async () => {
    const { quizId, lateAttempt } = await twoWorkers("autosubmit");
    const scoped = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T09" }]);
    expect(await closeQuiz(h.db, scoped, quizId)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(first(await h.db.select().from(quizzes).where(eq(quizzes.id, quizId)), "quiz").status).toBe("published");
    expect((await attempt(lateAttempt)).state).toBe("in_progress");
    expect((await closeQuiz(h.db, trainer, quizId)).ok).toBe(true);
    expect(await closeQuiz(h.db, trainer, quizId)).toMatchObject({ ok: false, code: "quizAdmin.errors.closed" });
  });
});
