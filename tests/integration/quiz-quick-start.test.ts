import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { attemptQuestions, attempts, questions, quizzes } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { startAttempt } from "@/lib/quiz/attempts";
import { editQuestion } from "@/lib/quiz/bank";
import { closeQuiz } from "@/lib/quiz/quizzes";
import { drivers, createTestDb } from "../helpers/db";
import { areaTrainer, memberIdOf, publishedQuiz, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import * as clock from "@/lib/core/clock";

/**
 * The quick start (lib/quiz/attempts/start.ts `quickStart`): a plain start is two statements and
 * no transaction, so what the long start's advisory lock and FOR KEY SHARE held must still hold —
 * one attempt per double tap, no attempt left open by a close racing the starts — and the
 * per-process cache of question versions must never hand out an old version.
 */
describe.each(drivers())("the quick start on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let worker: number;
  let station: number[];

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(h.db, { members: 40 });
    trainer = await areaTrainer(h.db);
    worker = await memberIdOf(h.db, "900004");
    const rows = await h.db.execute(sql`SELECT m.id FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE u.path LIKE (SELECT path FROM org_units WHERE code = 'T09') || '%' AND m.status = 'active' ORDER BY m.id LIMIT 30`);
    station = rowsOf<{ id: number }>(rows).map((r) => Number(r.id));
  });
  afterAll(async () => h?.close());

  const attemptsOf = (quizId: number, memberId?: number) =>
    h.db
      .select()
      .from(attempts)
      .where(memberId === undefined ? eq(attempts.quizId, quizId) : and(eq(attempts.quizId, quizId), eq(attempts.memberId, memberId)));

  it("makes one attempt however many starts of one worker arrive at once, each answered with it", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const results = await Promise.all(Array.from({ length: 8 }, () => startAttempt(h.db, { quizId, memberId: worker })));
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.value.attemptId : 0)));
    expect(ids.size).toBe(1);
    const rows = await attemptsOf(quizId, worker);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.attemptNo).toBe(1);
    const qs = await h.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, rows[0]!.id));
    expect(qs.length).toBeGreaterThan(5);
    // Exactly one of the eight made it; the others resumed it.
    expect(results.filter((r) => r.ok && !r.value.resumed)).toHaveLength(1);
  });

  it("leaves no attempt open when a close races the starts: each start is refused or finished by the close", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { overduePolicy: "autosubmit" } });
    const starts = station.map((memberId) => startAttempt(h.db, { quizId, memberId }));
    const [closed, ...started] = await Promise.all([closeQuiz(h.db, trainer, quizId), ...starts]);
    expect(closed.ok).toBe(true);
    for (const r of started) if (!r.ok) expect(r.code).toBe("quizTake.errors.notOpen");
    const rows = await attemptsOf(quizId);
    expect(rows.filter((a) => a.state === "in_progress")).toEqual([]);
    expect(rows).toHaveLength(started.filter((r) => r.ok).length);
  });

  it("writes no attempt for starts that read the quiz open while a close held it, once the close commits", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const members = station.slice(0, 5);
    let starts: Promise<Awaited<ReturnType<typeof startAttempt>>[]> = Promise.resolve([]);
    await h.db.transaction(async (tx) => {
      // What closeQuiz does first: the quiz row locked FOR UPDATE until the close commits.
      await tx.execute(sql`SELECT id FROM quizzes WHERE id = ${quizId} FOR UPDATE`);
      starts = Promise.all(members.map((memberId) => startAttempt(h.db, { quizId, memberId })));
      if (driver === "postgres") {
        // Every start has read the quiz (no lock) and waits on the close's lock in its insert.
        for (let i = 0; i < 200; i++) {
          const [w] = rowsOf<{ n: number }>(
            await h.db.execute(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`),
          );
          if (Number(w?.n) >= members.length) break;
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      await tx.update(quizzes).set({ status: "closed" }).where(eq(quizzes.id, quizId));
    });
    const results = await starts;
    expect(results.map((r) => (r.ok ? "started" : r.code))).toEqual(members.map(() => "quizTake.errors.notOpen"));
    expect(await attemptsOf(quizId)).toEqual([]);
  });

  it("draws a question's new version for starts after an edit, while the attempt started before keeps its own", async () => {
    const { quizId, questionIds } = await publishedQuiz(h.db);
    const [a, b] = station;
    const before = await startAttempt(h.db, { quizId, memberId: a! });
    if (!before.ok) throw new Error(before.code);
    const qid = first(questionIds);
    const q = first(await h.db.select().from(questions).where(eq(questions.id, qid)));
    const edited = await editQuestion(h.db, trainer, qid, { ...sampleOf("single"), stem: "改过的题干：抽油机启动前先检查什么？" });
    expect(edited.ok).toBe(true);
    const now = first(await h.db.select().from(questions).where(eq(questions.id, qid)));
    expect(now.currentVersionId).not.toBe(q.currentVersionId);

    const after = await startAttempt(h.db, { quizId, memberId: b!, view: true });
    if (!after.ok) throw new Error(after.code);
    const versionOf = async (attemptId: number) =>
      (await h.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId))).map((r) => r.questionVersionId);
    expect(await versionOf(after.value.attemptId)).toContain(now.currentVersionId);
    expect(await versionOf(after.value.attemptId)).not.toContain(q.currentVersionId);
    expect(after.value.view!.questions.map((x) => x.question.stem)).toContain("改过的题干：抽油机启动前先检查什么？");
    expect(await versionOf(before.value.attemptId)).toContain(q.currentVersionId);
  });

  it("uses the closing time and attempts allowed as they are at the start, not as an earlier start read them", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { timeLimitS: null as unknown as number, attemptsAllowed: 1 } });
    const [, , c] = station;
    const later = new Date(clock.now().getTime() + 3 * 86_400_000);
    await h.db.update(quizzes).set({ closesAt: later }).where(eq(quizzes.id, quizId));
    const r = await startAttempt(h.db, { quizId, memberId: c! });
    if (!r.ok) throw new Error(r.code);
    expect(first(await attemptsOf(quizId, c!)).deadlineAt.getTime()).toBe(later.getTime());
    // A second attempt is refused with the long start's message.
    await h.db.update(attempts).set({ state: "submitted" }).where(eq(attempts.id, r.value.attemptId));
    const again = await startAttempt(h.db, { quizId, memberId: c! });
    expect(again.ok ? "started" : again.code).toBe("quizTake.errors.noAttemptsLeft");
  });
});
