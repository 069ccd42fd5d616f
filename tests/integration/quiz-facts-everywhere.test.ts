import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { regradeQuiz } from "@/lib/quiz/admin";
import { startAttempt } from "@/lib/quiz/attempts";
import { announceForgetting, attemptFacts, rememberAttemptFacts, type AttemptFacts } from "@/lib/quiz/attempts/facts";
import { editQuestion } from "@/lib/quiz/bank";
import type { Question } from "@/lib/quiz/types";
import { seedDemo } from "@/scripts/demo";
import { anotherProcess, createTestDb } from "../helpers/db";
import { areaTrainer, memberIdOf, publishedQuiz, sampleOf } from "../helpers/quiz";

const single = sampleOf("single");
const B = "jr-test facts B";
const wait = { timeout: 10_000, interval: 50 };

/**
 * Each process keeps started attempts' facts (lib/quiz/attempts/facts.ts); a regrade in one must
 * make every other process on the same PostgreSQL forget the attempts it moved. Two handles on
 * one database stand for two processes. PostgreSQL only: PGlite allows one process per database,
 * where the regrade's own forgetting is all there is (tests/integration/quiz-admin-grading.test.ts).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("attempt facts forgotten in every process on postgres", () => {
  let a: DbHandle;
  let b: DbHandle;
  let trainer: Principal;
  let worker: number;

  /** The backend pids of B's connections that ran LISTEN and answered it (its listening connection). */
  async function listeningOfB(): Promise<number[]> {
    const rows = rowsOf<{ pid: number }>(
      await a.db.execute(sql`SELECT pid FROM pg_stat_activity WHERE application_name = ${B} AND query ILIKE 'listen %' AND state = 'idle'`),
    );
    return rows.map((r) => Number(r.pid));
  }

  beforeAll(async () => {
    a = await createTestDb("postgres");
    await seedDemo(a.db, { members: 40 });
    b = await anotherProcess(a, { applicationName: B });
    trainer = await areaTrainer(a.db);
    worker = await memberIdOf(a.db, "900004");
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("a regrade in one process reaches the other's cached facts; losing the listening connection empties the cache", async () => {
    const { quizId, questionIds } = await publishedQuiz(a.db, { questions: [single] });
    const started = await startAttempt(a.db, { quizId, memberId: worker });
    if (!started.ok) throw new Error(started.code);
    const id = started.value.attemptId;
    const keyOf = (f: AttemptFacts | null) => (f?.questions.get(1) as Extract<Question, { type: "single" }> | undefined)?.key.correct;

    // B reads the facts and listens from then on, on one connection of its own.
    expect(keyOf(await attemptFacts(b.db, id))).toBe("a");
    await vi.waitFor(async () => expect(await listeningOfB()).toHaveLength(1), wait);
    // Listening empties the cache once (nothing said before could be heard): B's next read is
    // kept and handed out again as it is.
    await vi.waitFor(async () => {
      const cached = await attemptFacts(b.db, id);
      expect(await attemptFacts(b.db, id)).toBe(cached);
    }, wait);
    expect(keyOf(await attemptFacts(a.db, id))).toBe("a");

    // The key was wrong: A fixes it and regrades; the open attempt moves to the new version.
    expect((await editQuestion(a.db, trainer, questionIds[0]!, { ...single, key: { correct: "b" } })).ok).toBe(true);
    expect(await regradeQuiz(a.db, trainer, quizId)).toMatchObject({ ok: true, value: { moved: 1 } });
    expect(keyOf(await attemptFacts(a.db, id))).toBe("b");
    await vi.waitFor(async () => expect(keyOf(await attemptFacts(b.db, id))).toBe("b"), wait);

    // B's listening connection dies (a restart, a network cut): whatever was said until it is back
    // is lost, so B forgets everything once it listens again.
    const kept = await attemptFacts(b.db, id);
    expect(await attemptFacts(b.db, id)).toBe(kept);
    const [before] = await listeningOfB();
    await a.db.execute(sql`SELECT pg_terminate_backend(${before}::int)`);
    await vi.waitFor(async () => expect(await attemptFacts(b.db, id)).not.toBe(kept), wait);
    await vi.waitFor(async () => {
      const after = await listeningOfB();
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before);
    }, wait);
    expect(keyOf(await attemptFacts(b.db, id))).toBe("b");
  });

  it("sends many attempts in notifications under PostgreSQL's payload limit, and nothing for a rollback", async () => {
    // Made-up attempts B holds (no such rows: once forgotten, reading them gives null).
    const ids = Array.from({ length: 5_000 }, (_, i) => 90_000_000 + i);
    const fake = (attemptId: number): AttemptFacts => ({
      attemptId,
      quizId: 0,
      memberId: 0,
      preview: false,
      deadline: new Date(0),
      saveUntil: new Date(0),
      submitUntil: new Date(0),
      questions: new Map(),
    });
    await attemptFacts(b.db, 1); // B listens
    await vi.waitFor(async () => expect(await listeningOfB()).toHaveLength(1), wait);
    for (const id of [...ids, 80_000_000]) rememberAttemptFacts(b.db, fake(id));

    // Rolled back: sent to nobody.
    await expect(
      a.db.transaction(async (tx) => {
        await announceForgetting(tx, [80_000_000]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    // 5,000 ids of 8 digits are ≈ 45,000 bytes: one NOTIFY would be refused.
    await a.db.transaction((tx) => announceForgetting(tx, ids));
    await vi.waitFor(async () => expect(await attemptFacts(b.db, ids.at(-1)!)).toBeNull(), wait);
    // Every chunk arrived (a lost one would leave ≈ 880 neighbours cached).
    for (const id of ids.filter((_, i) => i % 250 === 0)) expect(await attemptFacts(b.db, id)).toBeNull();
    // Notifications arrive in commit order: the rolled-back one would have come first.
    expect(await attemptFacts(b.db, 80_000_000)).toEqual(fake(80_000_000));
  });

  it("closes the listening connection with the handle", async () => {
    expect(await listeningOfB()).toHaveLength(1);
    await b.close();
    await vi.waitFor(async () => {
      const left = rowsOf<{ n: number }>(await a.db.execute(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${B}`));
      expect(left[0]?.n).toBe(0);
    }, wait);
  });
});
