import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { mockAttempts, orgUnits, questionCategories, wrongBook } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { createQuestion } from "@/lib/quiz/bank";
import { openForPractice } from "@/lib/practice/openings";
import { createMockExam, deleteMockExam, getMock, listMockExams, MOCK_GRACE_MS, startMock, submitMock } from "@/lib/practice/mock";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import { refusedLeaving } from "../helpers/unchanged";

/** What a mock exam may write, and what it must never: quiz results and attempts. */
const TABLES = ["mock_exams", "mock_attempts", "practice_answers", "practice_progress", "wrong_book", "quiz_results", "attempts", "audit_log"];

const T0 = new Date("2026-11-20T02:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

describe.each(drivers())("模拟考试 on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let teamTrainer: Principal; // trainer scoped to 采油九队
  let workerA: Principal; // 采油九队, in the audience
  let workerB: Principal; // 采油八队, outside it
  let categoryId: number;
  let closedCategory: number;
  const ids: number[] = [];
  const db = () => h.db;

  const refused = refusedLeaving(db, TABLES);

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    teamTrainer = await principalOf(db(), "100004", [{ role: "trainer", scope: "T09" }]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    for (let i = 1; i <= 6; i++) {
      const r = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["模拟", "安全"], stem: `模拟题${i}` });
      if (!r.ok) throw new Error(r.code);
      ids.push(r.value.questionId);
    }
    const closed = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["未开放"], stem: "未开放题" });
    if (!closed.ok) throw new Error(closed.code);
    closedCategory = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "未开放")), "未开放").id;
    categoryId = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "模拟")), "模拟").id;
    const t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const r = await openForPractice(db(), area, { categoryId, orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false });
    if (!r.ok) throw new Error(r.code);
  });
  afterAll(async () => h?.close());

  it("a trainer sets a mock exam over an opened category; a worker outside the audience cannot take it", async () => {
    await refused(() => createMockExam(db(), workerA, { title: "模拟一", categoryId, questions: 4, minutes: 10 }), "forbidden");
    await refused(
      () => createMockExam(db(), area, { title: "模拟一", categoryId: closedCategory, questions: 4, minutes: 10 }),
      "notFound",
      "practice.errors.mockNotOpened",
    );
    await refused(() => createMockExam(db(), area, { title: "模拟一", categoryId, questions: 0, minutes: 10 }), "badRequest");
    // A trainer of another team: the category is not open to anyone in their scope.
    const trainer08 = await principalOf(db(), "100001", [{ role: "trainer", scope: "T08" }]);
    await refused(
      () => createMockExam(db(), trainer08, { title: "模拟八", categoryId, questions: 2, minutes: 10 }),
      "notFound",
      "practice.errors.mockNotOpened",
    );
    await refused(() => createMockExam(db(), area, { title: "模拟一", categoryId, questions: 4, minutes: 500 }), "badRequest");
    const made = await createMockExam(db(), area, { title: "模拟一", categoryId, questions: 4, minutes: 10 });
    if (!made.ok) throw new Error(made.code);
    expect((await listMockExams(db(), workerA)).map((m) => m.title)).toEqual(["模拟一"]);
    expect(await listMockExams(db(), workerB)).toEqual([]);
    await refused(() => startMock(db(), workerB, { mockExamId: made.value.id }, T0), "notFound");
    await refused(() => startMock(db(), workerA, { categoryId: closedCategory, questions: 3, minutes: 5 }, T0), "notFound");
    await refused(() => deleteMockExam(db(), teamTrainer, made.value.id), "forbidden");
  });

  it("taken in time: graded on the server, wrong answers booked, never a quiz result; twice is refused", async () => {
    const [exam] = await listMockExams(db(), workerA);
    const s = await startMock(db(), workerA, { mockExamId: exam!.id }, T0);
    if (!s.ok) throw new Error(s.code);
    const view = await getMock(db(), workerA, s.value.attemptId, later(60_000));
    if (!view.ok) throw new Error(view.code);
    expect(view.value).toMatchObject({ state: "taking", total: 4 });
    expect(JSON.stringify(view.value.questions)).not.toMatch(/"key"|explanation|review/);
    expect(view.value.deadlineAt.getTime()).toBe(T0.getTime() + 10 * 60_000);
    // Someone else's attempt: nothing.
    await refused(() => getMock(db(), workerB, s.value.attemptId, T0), "notFound");
    await refused(() => submitMock(db(), workerB, { attemptId: s.value.attemptId, responses: {} }, T0), "notFound");
    // A malformed answer refuses the whole submission.
    const qs = view.value.questions.map((q) => q.questionId);
    await refused(
      () => submitMock(db(), workerA, { attemptId: s.value.attemptId, responses: { [qs[0]!]: { type: "single", optionId: "x" } } }, later(60_000)),
      "badRequest",
    );
    // Two right (false), one wrong (true), one left blank.
    const responses = {
      [qs[0]!]: { type: "truefalse", value: false },
      [qs[1]!]: { type: "truefalse", value: false },
      [qs[2]!]: { type: "truefalse", value: true },
    };
    const r = await submitMock(db(), workerA, { attemptId: s.value.attemptId, responses }, later(9 * 60_000));
    expect(r).toEqual({ ok: true, value: { right: 2, total: 4 } });
    await refused(() => submitMock(db(), workerA, { attemptId: s.value.attemptId, responses }, later(9 * 60_000)), "refused", "practice.errors.mockSubmitted");
    const book = await db().select().from(wrongBook).where(eq(wrongBook.memberId, workerA.memberId));
    expect(book.map((b) => b.questionId)).toEqual([qs[2]]);
    const review = await getMock(db(), workerA, s.value.attemptId, later(10 * 60_000));
    if (!review.ok) throw new Error(review.code);
    expect(review.value).toMatchObject({ state: "done", right: 2, total: 4 });
    expect(review.value.questions.map((q) => q.review?.right)).toEqual([true, true, false, false]);
    expect(review.value.questions[3]!.review).toMatchObject({ response: null, key: { correct: false } });
    const [results] = rowsOf<{ n: number }>(
      await db().execute(sql`SELECT (SELECT count(*) FROM quiz_results)::int + (SELECT count(*) FROM attempts)::int AS n`),
    );
    expect(Number(results?.n)).toBe(0);
  });

  it("the deadline is the server's: a late submission is refused and nothing is kept; the review shows the keys", async () => {
    const s = await startMock(db(), workerA, { categoryId, questions: 3, minutes: 5 }, T0);
    if (!s.ok) throw new Error(s.code);
    const v = await getMock(db(), workerA, s.value.attemptId, T0);
    if (!v.ok) throw new Error(v.code);
    const responses = Object.fromEntries(v.value.questions.map((q) => [q.questionId, { type: "truefalse", value: true }]));
    // Within the grace after the deadline still counts; past it, not.
    await refused(
      () => submitMock(db(), workerA, { attemptId: s.value.attemptId, responses }, later(5 * 60_000 + MOCK_GRACE_MS + 1)),
      "refused",
      "practice.errors.mockTimeUp",
    );
    const expired = await getMock(db(), workerA, s.value.attemptId, later(6 * 60_000));
    expect(expired).toMatchObject({ ok: true, value: { state: "expired", right: 0, total: 3 } });
    const [row] = await db().select().from(mockAttempts).where(eq(mockAttempts.id, s.value.attemptId));
    expect(row?.submittedAt).toBeNull();
    const s2 = await startMock(db(), workerA, { categoryId, questions: 2, minutes: 1 }, T0);
    if (!s2.ok) throw new Error(s2.code);
    expect((await submitMock(db(), workerA, { attemptId: s2.value.attemptId, responses: {} }, later(60_000 + MOCK_GRACE_MS))).ok).toBe(true);
  });
});
