import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import {
  auditLog,
  attemptQuestions,
  attempts,
  members,
  mockAttempts,
  orgUnits,
  questionCategories,
  questionVersions,
  quizProctorSessions,
  wrongBook,
  wrongBookAttempts,
} from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import type { Result } from "@/lib/core/result";
import { codeFor, minuteOf } from "@/lib/core/rotating-code";
import { createQuestion } from "@/lib/quiz/bank";
import { bookReviewedWrongs, getAttemptReview, getAttemptView, startAttempt, submitAttempt, type AttemptView } from "@/lib/quiz/attempts";
import { quizResultsByMember, resultsFilter } from "@/lib/quiz/admin/results";
import { getQuizStats } from "@/lib/quiz/stats";
import { createQuiz, setQuizMockAllowed } from "@/lib/quiz/quizzes";
import { closeProctoring, openProctoring, PROCTOR_MAX_FAILURES, proctorFailures, resetProctorFailures, technicianMayProctor } from "@/lib/quiz/proctor";
import { getMock, myMocks, quizMocksFor, startQuizMock, submitMock } from "@/lib/practice/mock";
import type { Question } from "@/lib/quiz/types";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, memberIn, principalOf, publishedQuiz, quizSettings, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/** What a quiz's results, statistics and eligibility are made of: a mock exam must leave all of it as it was. */
const OF_RECORD = [
  "attempts",
  "attempt_questions",
  "attempt_answers",
  "quiz_results",
  "quiz_overrides",
  "eligibility_member_summary",
  "eligibility_dirty",
  "wrong_book_attempts",
];

async function fingerprint(db: Db, tables: string[]): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = rowsOf(await db.execute(sql.raw(`SELECT * FROM ${t} ORDER BY ${t}::text`)));
  return JSON.stringify(out);
}

describe.each(drivers())("模拟考试 of a quiz, proctor resets and the 错题本 sweep on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let teamTrainer: Principal;
  let workerA: Principal; // 900004, 采油九队 (T09-W2): in the audience
  let workerB: Principal; // 100001, 采油八队: outside it
  let poolCategory: number;
  let smallCategory: number;
  const db = () => h.db;

  async function refused(call: () => Promise<Result<unknown>>, kind: string, tables: string[], code?: string) {
    const before = await fingerprint(db(), tables);
    const r = await call();
    expect(r).toMatchObject({ ok: false, kind, ...(code ? { code } : {}) });
    expect(await fingerprint(db(), tables)).toBe(before);
  }

  async function questionsIn(category: string[], n: number, prefix: string): Promise<number> {
    for (let i = 1; i <= n; i++) {
      const r = await createQuestion(db(), area, { ...sampleOf("truefalse"), category, stem: `${prefix}${i}` } as Question);
      if (!r.ok) throw new Error(r.code);
    }
    return first(
      await db()
        .select()
        .from(questionCategories)
        .where(eq(questionCategories.name, category.at(-1)!)),
      category.join("/"),
    ).id;
  }

  /** A quiz for 采油九队: a fixed single-choice question (2 points) and `count` true/false ones drawn from `categoryId` (5 points each). */
  async function blueprintQuiz(categoryId: number, count: number, settings = {}) {
    return publishedQuiz(db(), {
      by: area,
      questions: [sampleOf("single")],
      settings: { shuffleQuestions: false, ...settings },
      slots: (ids) => [
        { kind: "fixed" as const, questionId: ids[0]!, points: null },
        { kind: "random" as const, categoryId, difficulty: null, count, points: 5 },
      ],
    });
  }

  /** The real attempt's questions: started and submitted blank. */
  async function realAttempt(quizId: number): Promise<number[]> {
    const s = await startAttempt(db(), { quizId, memberId: workerA.memberId });
    if (!s.ok) throw new Error(s.code);
    const r = await submitAttempt(db(), { attemptId: s.value.attemptId, memberId: workerA.memberId });
    if (!r.ok) throw new Error(r.code);
    const rows = await db()
      .select({ q: questionVersions.questionId })
      .from(attemptQuestions)
      .innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
      .where(eq(attemptQuestions.attemptId, s.value.attemptId))
      .orderBy(attemptQuestions.position);
    return rows.map((r) => r.q);
  }

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    teamTrainer = await principalOf(db(), "100004", [{ role: "trainer", scope: "T09" }]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    poolCategory = await questionsIn(["模拟蓝图", "大池"], 8, "大池题");
    smallCategory = await questionsIn(["模拟蓝图", "小池"], 3, "小池题");
  });
  afterAll(async () => h?.close());

  it("is refused until the trainer allows it, and then only to the quiz's audience", async () => {
    const { quizId } = await blueprintQuiz(poolCategory, 2);
    const tables = [...OF_RECORD, "mock_attempts", "quizzes", "audit_log"];
    await refused(() => startQuizMock(db(), workerA, quizId), "notFound", tables, "practice.errors.quizMockNotOpen");
    expect(await quizMocksFor(db(), workerA)).toEqual([]);
    // Only the quiz's maker or a whole-organisation trainer turns it on.
    await refused(() => setQuizMockAllowed(db(), workerA, quizId, true), "forbidden", tables);
    await refused(() => setQuizMockAllowed(db(), teamTrainer, quizId, true), "forbidden", tables);
    await refused(() => setQuizMockAllowed(db(), area, 999_999, true), "notFound", tables);
    expect(await setQuizMockAllowed(db(), area, quizId, true)).toEqual({ ok: true, value: undefined });
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "quiz.mock.allow"), eq(auditLog.entityId, String(quizId))));
    expect(entry).toMatchObject({ actorUserId: area.userId, after: { mockAllowed: true } });

    expect((await quizMocksFor(db(), workerA)).map((q) => q.quizId)).toContain(quizId);
    expect((await quizMocksFor(db(), workerB)).map((q) => q.quizId)).not.toContain(quizId);
    await refused(() => startQuizMock(db(), workerB, quizId), "notFound", tables, "practice.errors.quizMockNotOpen");
    // A draft quiz with the switch on is not offered.
    const draft = await createQuiz(db(), area, quizSettings());
    if (!draft.ok) throw new Error(draft.code);
    expect((await setQuizMockAllowed(db(), area, draft.value.id, true)).ok).toBe(true);
    await refused(() => startQuizMock(db(), workerA, draft.value.id), "notFound", tables);
    // Turned off again: refused again.
    expect((await setQuizMockAllowed(db(), area, quizId, false)).ok).toBe(true);
    await refused(() => startQuizMock(db(), workerA, quizId), "notFound", tables);
  });

  it("draws by the quiz's slots avoiding the real attempt, is timed and graded as the quiz, reviewable, unlimited, and never of record", async () => {
    const { quizId } = await blueprintQuiz(poolCategory, 2, { passPercent: 60, timeLimitS: 1800 });
    expect((await setQuizMockAllowed(db(), area, quizId, true)).ok).toBe(true);
    const real = await realAttempt(quizId);
    expect(real).toHaveLength(3);
    const filter = resultsFilter.parse({});
    const results = JSON.stringify(await quizResultsByMember(db(), area, quizId, filter));
    const stats = JSON.stringify(await getQuizStats(db(), area, quizId));
    const before = await fingerprint(db(), OF_RECORD);

    const t0 = new Date();
    const s = await startQuizMock(db(), workerA, quizId, t0);
    if (!s.ok) throw new Error(s.code);
    const v = await getMock(db(), workerA, s.value.attemptId, t0);
    if (!v.ok) throw new Error(v.code);
    expect(v.value).toMatchObject({ state: "taking", total: 3, quiz: { id: quizId } });
    expect(v.value.deadlineAt.getTime()).toBe(t0.getTime() + 1800_000);
    expect(JSON.stringify(v.value.questions)).not.toMatch(/"key"|explanation|review/);
    // Same slot rules: the fixed question first, then two of the pool at the slot's points — none of the real attempt's.
    const [fixed, ...drawn] = v.value.questions;
    expect(fixed!.questionId).toBe(real[0]);
    expect(drawn.map((q) => q.question.points)).toEqual([5, 5]);
    const pool = (await db().select({ id: sql<number>`q.id` }).from(sql`questions q`).where(sql`q.category_id = ${poolCategory}`)).map((r) => Number(r.id));
    for (const q of drawn) {
      expect(pool).toContain(q.questionId);
      expect(real).not.toContain(q.questionId);
    }
    // Someone else's mock: nothing.
    expect(await getMock(db(), workerB, s.value.attemptId, t0)).toMatchObject({ ok: false, kind: "notFound" });
    await refused(() => submitMock(db(), workerB, { attemptId: s.value.attemptId, responses: {} }, t0), "notFound", ["mock_attempts", "wrong_book"]);

    // The single right (2 points), the first true/false right (false, 5), the second wrong (true).
    const responses = {
      [fixed!.questionId]: { type: "single", optionId: "a" },
      [drawn[0]!.questionId]: { type: "truefalse", value: false },
      [drawn[1]!.questionId]: { type: "truefalse", value: true },
    };
    const done = await submitMock(db(), workerA, { attemptId: s.value.attemptId, responses }, new Date(t0.getTime() + 60_000));
    expect(done).toEqual({ ok: true, value: { right: 2, total: 3 } });
    const review = await getMock(db(), workerA, s.value.attemptId);
    if (!review.ok) throw new Error(review.code);
    expect(review.value.state).toBe("done");
    expect(review.value.quiz).toMatchObject({ score: 7, max: 12, percent: 58.33, passed: false });
    expect(review.value.questions.map((q) => [q.review?.correct, q.review?.score])).toEqual([
      ["right", 2],
      ["right", 5],
      ["wrong", 0],
    ]);
    expect(review.value.questions[2]!.review).toMatchObject({ key: { correct: false } });
    // The wrong one is in the 错题本, as a category mock puts it there.
    const book = await db()
      .select()
      .from(wrongBook)
      .where(and(eq(wrongBook.memberId, workerA.memberId), eq(wrongBook.questionId, drawn[1]!.questionId)));
    expect(book).toHaveLength(1);
    expect((await myMocks(db(), workerA))[0]).toMatchObject({ id: s.value.attemptId, state: "done" });

    // Unlimited, and each draw still avoids the real attempt's questions.
    // (Eight draws: a draw that ignored the real attempt would overlap it with a chance of 13/28 each.)
    for (let i = 0; i < 8; i++) {
      const again = await startQuizMock(db(), workerA, quizId);
      if (!again.ok) throw new Error(again.code);
      const a = first(await db().select().from(mockAttempts).where(eq(mockAttempts.id, again.value.attemptId)), "mock");
      expect(a.questionIds.slice(1).some((id) => real.includes(id))).toBe(false);
      expect(a.quizId).toBe(quizId);
    }
    // Not of record: attempts, results, statistics and eligibility as they were.
    expect(await fingerprint(db(), OF_RECORD)).toBe(before);
    expect(JSON.stringify(await quizResultsByMember(db(), area, quizId, filter))).toBe(results);
    expect(JSON.stringify(await getQuizStats(db(), area, quizId))).toBe(stats);
  });

  it("falls back to the real attempt's questions when the slot's pool has too few others", async () => {
    const { quizId } = await blueprintQuiz(smallCategory, 2);
    expect((await setQuizMockAllowed(db(), area, quizId, true)).ok).toBe(true);
    const real = await realAttempt(quizId);
    const fresh = (await db().select({ id: sql<number>`q.id` }).from(sql`questions q`).where(sql`q.category_id = ${smallCategory}`))
      .map((r) => Number(r.id))
      .filter((id) => !real.includes(id));
    expect(fresh).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      const s = await startQuizMock(db(), workerA, quizId);
      if (!s.ok) throw new Error(s.code);
      const a = first(await db().select().from(mockAttempts).where(eq(mockAttempts.id, s.value.attemptId)), "mock");
      const slot = a.questionIds.slice(1);
      expect(slot).toHaveLength(2);
      expect(new Set(slot).size).toBe(2);
      // The one question not yet seen is always drawn; the other comes from the real attempt.
      expect(slot).toContain(fresh[0]);
      expect(slot.filter((id) => real.includes(id))).toHaveLength(1);
    }
  });

  it("a proctor at the station clears a worker's wrong-code count, audited; nobody else and nobody elsewhere", async () => {
    const { quizId } = await publishedQuiz(db(), { by: area, settings: { proctorRequired: true } });
    const station = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09-W2")), "station").id;
    const now = new Date();
    const opened = await openProctoring(db(), area, { quizId, orgUnitId: station }, now);
    if (!opened.ok) throw new Error(opened.code);
    const secret = first(await db().select().from(quizProctorSessions).where(eq(quizProctorSessions.id, opened.value.id)), "p").secret;
    const right = codeFor(secret, minuteOf(now));
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < PROCTOR_MAX_FAILURES; i++) await startAttempt(db(), { quizId, memberId: workerA.memberId, proctorCode: wrong, now });
    // A worker of another team typed wrong codes too: not this station's to clear.
    const elsewhere = await memberIdOf(db(), "100001");
    await startAttempt(db(), { quizId, memberId: elsewhere, proctorCode: wrong, now });
    expect(await startAttempt(db(), { quizId, memberId: workerA.memberId, proctorCode: right, now })).toMatchObject({ code: "proctor.errors.tooManyTries" });

    // A technician of the station proctors and may clear; the menu shows them 现场监考.
    const techId = await memberIn(db(), "T09-W2", [workerA.memberId]);
    await db().update(members).set({ techTitle: "technician" }).where(eq(members.id, techId));
    const techNo = first(await db().select({ no: members.employeeNo }).from(members).where(eq(members.id, techId)), "tech").no;
    const technician = await principalOf(db(), techNo, [{ role: "worker", scope: null }]);
    expect(await technicianMayProctor(db(), technician)).toBe(true);
    const plainId = await memberIn(db(), "T09-W2", [workerA.memberId, techId]);
    await db().update(members).set({ techTitle: "none" }).where(eq(members.id, plainId));
    const plainNo = first(await db().select({ no: members.employeeNo }).from(members).where(eq(members.id, plainId)), "plain").no;
    const plain = await principalOf(db(), plainNo, [{ role: "worker", scope: null }]);
    expect(await technicianMayProctor(db(), plain)).toBe(false);
    expect(await technicianMayProctor(db(), area)).toBe(false);

    const listed = await proctorFailures(db(), technician, opened.value.id, now);
    expect(listed).toEqual({
      ok: true,
      value: [{ memberId: workerA.memberId, name: "林晓雨", employeeNo: "900004", failures: PROCTOR_MAX_FAILURES, blocked: true }],
    });
    const t08 = await principalOf(db(), "100001", [{ role: "trainer", scope: "T08" }]);
    const tables = ["quiz_proctor_failures", "audit_log"];
    expect(await proctorFailures(db(), plain, opened.value.id, now)).toMatchObject({ ok: false, kind: "notFound" });
    await refused(() => resetProctorFailures(db(), plain, { proctoringId: opened.value.id, memberId: workerA.memberId }, now), "notFound", tables);
    // The technician is a worker of the station too, but never clears their own count.
    await startAttempt(db(), { quizId, memberId: technician.memberId, proctorCode: wrong, now });
    await refused(
      () => resetProctorFailures(db(), technician, { proctoringId: opened.value.id, memberId: technician.memberId }, now),
      "forbidden",
      tables,
      "proctor.errors.notYourself",
    );
    await refused(() => resetProctorFailures(db(), t08, { proctoringId: opened.value.id, memberId: workerA.memberId }, now), "notFound", tables);
    await refused(
      () => resetProctorFailures(db(), technician, { proctoringId: opened.value.id, memberId: elsewhere }, now),
      "notFound",
      tables,
      "proctor.errors.memberNotHere",
    );
    await refused(() => resetProctorFailures(db(), technician, { proctoringId: 999_999, memberId: workerA.memberId }, now), "notFound", tables);

    expect(await resetProctorFailures(db(), technician, { proctoringId: opened.value.id, memberId: workerA.memberId }, now)).toEqual({
      ok: true,
      value: { cleared: PROCTOR_MAX_FAILURES },
    });
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "proctor.failures.reset"), eq(auditLog.entityId, String(workerA.memberId))));
    expect(entry).toMatchObject({ actorUserId: technician.userId, before: { quizId, failures: PROCTOR_MAX_FAILURES } });
    expect(await startAttempt(db(), { quizId, memberId: workerA.memberId, proctorCode: right, now })).toMatchObject({ ok: true });
    // Once the proctoring is closed, nothing more is cleared.
    expect((await closeProctoring(db(), technician, opened.value.id, now)).ok).toBe(true);
    await refused(
      () => resetProctorFailures(db(), technician, { proctoringId: opened.value.id, memberId: workerA.memberId }, now),
      "conflict",
      tables,
      "proctor.errors.proctoringClosed",
    );
  });

  it("the sweep books a quiz's wrong answers once its review after closing shows them, once", async () => {
    const T0 = new Date("2026-11-20T02:00:00Z");
    const at = (min: number) => new Date(T0.getTime() + min * 60_000);
    const q1 = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["清扫"], stem: "清扫题一" } as Question);
    const q2 = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["清扫"], stem: "清扫题二" } as Question);
    if (!q1.ok || !q2.ok) throw new Error("questions");
    const ids = [q1.value.questionId, q2.value.questionId];
    const { quizId } = await publishedQuiz(db(), {
      by: area,
      questions: [],
      settings: {
        opensAt: at(-60),
        closesAt: at(60),
        graceS: 30,
        shuffleQuestions: false,
        reviewAfterSubmit: { score: true, correctness: true, answer: false, explanation: false },
        reviewAfterClose: { score: true, correctness: true, answer: true, explanation: true },
      },
      slots: () => ids.map((questionId) => ({ kind: "fixed" as const, questionId, points: null })),
      now: at(-30),
    });
    const s = await startAttempt(db(), { quizId, memberId: workerA.memberId, now: at(0) });
    if (!s.ok) throw new Error(s.code);
    const view = (await getAttemptView(db(), s.value.attemptId, workerA.memberId, at(1))) as { ok: true; value: AttemptView };
    // The first right (false), the second wrong.
    const answers = view.value.questions.map((q, i) => ({ position: q.position, response: { type: "truefalse", value: i !== 0 }, seq: i + 1 }));
    expect((await submitAttempt(db(), { attemptId: s.value.attemptId, memberId: workerA.memberId, answers, now: at(10) })).ok).toBe(true);
    // Another worker still answering until after the close (their deadline is the close).
    const other = await memberIn(db(), "T09", [workerA.memberId, teamTrainer.memberId]);
    expect((await startAttempt(db(), { quizId, memberId: other, now: at(59) })).ok).toBe(true);
    const inBook = async () =>
      db()
        .select()
        .from(wrongBook)
        .where(and(eq(wrongBook.memberId, workerA.memberId), sql`${wrongBook.questionId} IN (${ids[0]}, ${ids[1]})`));
    const booked = async () => (await db().select().from(wrongBookAttempts).where(eq(wrongBookAttempts.attemptId, s.value.attemptId))).length;

    // Submitted: the review withholds the answers, and so does the book — viewed or swept.
    expect((await getAttemptReview(db(), s.value.attemptId, workerA.memberId, at(11))).ok).toBe(true);
    await bookReviewedWrongs(db(), at(20));
    expect(await inBook()).toEqual([]);
    expect(await booked()).toBe(0);
    // Past the close but someone's attempt can still be submitted (grace): still nothing.
    await bookReviewedWrongs(db(), at(60.2));
    expect(await booked()).toBe(0);
    // After it, the sweep books the wrong one without the worker opening anything.
    await bookReviewedWrongs(db(), at(62));
    expect((await inBook()).map((b) => [b.questionId, b.source, b.streak])).toEqual([[ids[1], "quiz", 0]]);
    expect(await booked()).toBe(1);
    // Idempotent: a second run (and the worker's review) change nothing.
    const snap = await fingerprint(db(), ["wrong_book", "wrong_book_attempts"]);
    expect((await bookReviewedWrongs(db(), at(70))).booked).toBe(0);
    expect((await getAttemptReview(db(), s.value.attemptId, workerA.memberId, at(71))).ok).toBe(true);
    expect(await fingerprint(db(), ["wrong_book", "wrong_book_attempts"])).toBe(snap);
    // The other worker's attempt, finished by the sweep of overdue attempts or not, is never in progress after this.
    expect((await db().select().from(attempts).where(eq(attempts.quizId, quizId))).length).toBe(2);
  });
});
