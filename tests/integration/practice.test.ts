import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { orgUnits, questionCategories, questions, wrongBook } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import type { Result } from "@/lib/core/result";
import { getAttemptReview, getAttemptView, startAttempt, submitAttempt, type AttemptView } from "@/lib/quiz/attempts";
import { createQuestion } from "@/lib/quiz/bank";
import type { Question } from "@/lib/quiz/types";
import { closePractice, listOpenings, openForPractice } from "@/lib/practice/openings";
import { isOpenTo, learnerOf } from "@/lib/practice/open";
import { practiceTrend } from "@/lib/practice/trend";
import { addToBook, answerQuestion, getFeedback, listBook, nextQuestion, practiceOverview, questionForPractice, removeFromBook } from "@/lib/practice/practice";
import { createTestDb, drivers } from "../helpers/db";
import { partsMatching, principalOf, publishedQuiz, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/** Practice tables and the audit log: a refusal changes none of them. */
const TABLES = ["practice_openings", "practice_audience", "practice_answers", "practice_progress", "practice_cursors", "wrong_book", "audit_log"];

async function snapshot(db: Db): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = rowsOf(await db.execute(sql.raw(`SELECT * FROM ${t} ORDER BY ${t}::text`)));
  return JSON.stringify(out);
}

const DAY = new Date("2026-11-20T02:00:00Z");

/** An ordering question's body (the steps of starting a pump, in order). */
const STARTING_ORDER = {
  type: "ordering",
  items: [
    { id: "s1", text: "检查" },
    { id: "s2", text: "盘泵" },
    { id: "s3", text: "启动" },
  ],
  scoring: "absolute",
  key: { order: ["s1", "s2", "s3"] },
} as const;

describe.each(drivers())("practice and the wrong-answer book on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let teamA: Principal; // trainer scoped to 采油九队
  let workerA: Principal; // 采油九队
  let workerB: Principal; // 采油八队
  let open1: number; // 练习/抽油机, open
  let open2: number;
  let fixedInQuiz: number; // 练习/抽油机 too, but a quiz's fixed question
  let secret: number; // 保密 category, never opened
  let categoryId: number;
  let openingId: number;
  let categoryOpened: number;
  const db = () => h.db;

  async function refused(call: () => Promise<Result<unknown>>, kind: string) {
    const before = await snapshot(db());
    const r = await call();
    expect(r).toMatchObject({ ok: false, kind });
    expect(await snapshot(db())).toBe(before);
  }

  async function add(q: Question): Promise<number> {
    const r = await createQuestion(db(), area, q);
    if (!r.ok) throw new Error(r.code);
    return r.value.questionId;
  }

  async function inBook(p: Principal, questionId: number) {
    const [row] = await db().select().from(wrongBook).where(sql`${wrongBook.memberId} = ${p.memberId} AND ${wrongBook.questionId} = ${questionId}`);
    return row;
  }

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    teamA = await principalOf(db(), "100004", [
      { role: "trainer", scope: "T09" },
      { role: "worker", scope: null },
    ]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    const tf = sampleOf("truefalse");
    open1 = await add({ ...tf, category: ["练习", "抽油机"], stem: "练习题一：可以带电检修电机。" });
    open2 = await add({ ...sampleOf("single"), category: ["练习", "抽油机"], stem: "练习题二" });
    secret = await add({ ...tf, category: ["保密"], stem: "保密题" });
    fixedInQuiz = await add({ ...tf, category: ["练习", "抽油机"], stem: "考试固定题" });
    await publishedQuiz(db(), { by: area, questions: [], slots: () => [{ kind: "fixed", questionId: fixedInQuiz, points: null }] });
    categoryId = first(await db().select({ id: questions.categoryId }).from(questions).where(eq(questions.id, open1)), "category").id;
    const parent = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "练习")), "练习").id;
    const t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const r = await openForPractice(db(), area, { categoryId: parent, orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false });
    if (!r.ok) throw new Error(r.code);
    openingId = r.value.id;
    categoryOpened = parent;
  });
  afterAll(async () => h?.close());

  it("trainers open within their scope; others' openings are theirs to change", async () => {
    const t08 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T08")), "T08").id;
    await refused(() => openForPractice(db(), teamA, { categoryId, orgUnitIds: [t08], jobIds: [], includeQuizQuestions: false }), "forbidden");
    await refused(() => openForPractice(db(), teamA, { categoryId, orgUnitIds: [], jobIds: [1], includeQuizQuestions: false }), "forbidden");
    await refused(() => closePractice(db(), teamA, openingId), "forbidden");
    await refused(() => closePractice(db(), workerA, openingId), "forbidden");
    await refused(() => openForPractice(db(), workerA, { categoryId, orgUnitIds: [], jobIds: [], includeQuizQuestions: false }), "forbidden");
    await refused(() => openForPractice(db(), area, { categoryId, orgUnitIds: [], jobIds: [], includeQuizQuestions: false }), "badRequest");
    expect((await listOpenings(db(), teamA)).map((o) => [o.id, o.mine])).toEqual([[openingId, false]]);
    expect(await listOpenings(db(), workerA)).toEqual([]);
  });

  it("a worker outside the audience sees nothing and may answer nothing", async () => {
    expect((await practiceOverview(db(), workerB)).categories).toEqual([]);
    expect(await nextQuestion(db(), workerB, { mode: "order" })).toEqual({ ok: true, value: null });
    await refused(() => answerQuestion(db(), workerB, { questionId: open1, mode: "order", response: { type: "truefalse", value: false } }, DAY), "notFound");
    await refused(() => addToBook(db(), workerB, open1, DAY), "notFound");
  });

  it("only practice-open questions are served or graded: no key leaves for the others", async () => {
    const overview = await practiceOverview(db(), workerA);
    expect(overview.categories).toEqual([expect.objectContaining({ names: ["练习"], total: 2, practised: 0 })]);
    const served = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const r = await nextQuestion(db(), workerA, { mode: "random" });
      if (!r.ok || !r.value) throw new Error("nothing served");
      served.add(r.value.questionId);
      expect(JSON.stringify(r.value)).not.toMatch(/"key"|explanation|解析/);
    }
    expect([...served].every((id) => id === open1 || id === open2)).toBe(true);
    await refused(() => answerQuestion(db(), workerA, { questionId: secret, mode: "order", response: { type: "truefalse", value: false } }, DAY), "notFound");
    await refused(
      () => answerQuestion(db(), workerA, { questionId: fixedInQuiz, mode: "order", response: { type: "truefalse", value: false } }, DAY),
      "notFound",
    );
    await refused(() => addToBook(db(), workerA, secret, DAY), "notFound");
    // A bad answer is a message, nothing stored.
    await refused(() => answerQuestion(db(), workerA, { questionId: open1, mode: "order", response: { type: "single", optionId: "x" } }, DAY), "badRequest");
  });

  it("in order resumes after the last question answered", async () => {
    const a = await nextQuestion(db(), workerA, { mode: "order" });
    expect(a.ok && a.value?.questionId).toBe(Math.min(open1, open2));
    const r = await answerQuestion(
      db(),
      workerA,
      {
        questionId: Math.min(open1, open2),
        mode: "order",
        response: a.ok && a.value?.question.type === "truefalse" ? { type: "truefalse", value: false } : { type: "single", optionId: "a" },
      },
      DAY,
    );
    expect(r.ok).toBe(true);
    const b = await nextQuestion(db(), workerA, { mode: "order" });
    expect(b.ok && b.value?.questionId).toBe(Math.max(open1, open2));
  });

  it("a wrong answer goes in the book; two right in a row take it out; the feedback shows the key", async () => {
    await db().delete(wrongBook);
    const wrong = await answerQuestion(db(), workerA, { questionId: open1, mode: "random", response: { type: "truefalse", value: true } }, DAY);
    if (!wrong.ok) throw new Error(wrong.code);
    expect(wrong.value.right).toBe(false);
    expect(await inBook(workerA, open1)).toMatchObject({ streak: 0, source: "practice" });
    const fb = await getFeedback(db(), workerA, wrong.value.answerId);
    expect(fb).toMatchObject({ ok: true, value: { right: false, partial: false, key: { correct: false }, inBook: true, needed: 2 } });
    await refused(() => getFeedback(db(), workerB, wrong.value.answerId), "notFound");
    expect((await listBook(db(), workerA)).map((g) => [g.names, g.items.map((i) => i.questionId)])).toEqual([[["练习", "抽油机"], [open1]]]);
    const book = await nextQuestion(db(), workerA, { mode: "book" });
    expect(book.ok && book.value?.questionId).toBe(open1);

    const right = { questionId: open1, mode: "book" as const, response: { type: "truefalse", value: false } };
    expect(await answerQuestion(db(), workerA, right, DAY)).toMatchObject({ ok: true, value: { right: true } });
    expect(await inBook(workerA, open1)).toMatchObject({ streak: 1 });
    expect(await answerQuestion(db(), workerA, right, DAY)).toMatchObject({ ok: true, value: { right: true } });
    expect(await inBook(workerA, open1)).toBeUndefined();
    expect(await nextQuestion(db(), workerA, { mode: "book" })).toEqual({ ok: true, value: null });
    const overview = await practiceOverview(db(), workerA);
    expect(overview.categories[0]).toMatchObject({ total: 2, practised: 1, answers: 4, right: 3 });
    expect(overview.inBook).toBe(0);
  });

  it("the worker adds and removes by hand, only in their own book", async () => {
    expect(await addToBook(db(), workerA, open2, DAY)).toEqual({ ok: true, value: undefined });
    expect(await inBook(workerA, open2)).toMatchObject({ source: "manual" });
    await refused(() => removeFromBook(db(), workerB, open2), "notFound");
    expect(await removeFromBook(db(), workerA, open2)).toEqual({ ok: true, value: undefined });
    expect(await inBook(workerA, open2)).toBeUndefined();
  });

  it("a quiz's wrong answers go in once its review shows the answers, and only once", async () => {
    const q1 = await add({ ...sampleOf("truefalse"), category: ["考试"], stem: "考试题一" });
    const q2 = await add({ ...sampleOf("truefalse"), category: ["考试"], stem: "考试题二" });
    const shows = { score: true, correctness: true, answer: true, explanation: true };
    const hides = { score: true, correctness: true, answer: false, explanation: false };
    async function take(policy: typeof shows) {
      const quiz = await publishedQuiz(db(), {
        by: area,
        questions: [],
        settings: { reviewAfterSubmit: policy, shuffleQuestions: false },
        slots: () => [q1, q2].map((questionId) => ({ kind: "fixed" as const, questionId, points: null })),
      });
      const s = await startAttempt(db(), { quizId: quiz.quizId, memberId: workerA.memberId });
      if (!s.ok) throw new Error(s.code);
      const v = (await getAttemptView(db(), s.value.attemptId, workerA.memberId)) as { ok: true; value: AttemptView };
      // The first question right (false), the second wrong.
      const answers = v.value.questions.map((q, i) => ({ position: q.position, response: { type: "truefalse", value: i !== 0 }, seq: i + 1 }));
      const r = await submitAttempt(db(), { attemptId: s.value.attemptId, memberId: workerA.memberId, answers });
      if (!r.ok) throw new Error(r.code);
      return s.value.attemptId;
    }
    const hidden = await take(hides);
    expect((await getAttemptReview(db(), hidden, workerA.memberId)).ok).toBe(true);
    expect(await inBook(workerA, q2)).toBeUndefined();
    const shown = await take(shows);
    expect((await getAttemptReview(db(), shown, workerA.memberId)).ok).toBe(true);
    expect(await inBook(workerA, q1)).toBeUndefined();
    expect(await inBook(workerA, q2)).toMatchObject({ source: "quiz", streak: 0 });
    // Removed by hand, a second look at the review does not put it back.
    expect((await removeFromBook(db(), workerA, q2)).ok).toBe(true);
    expect((await getAttemptReview(db(), shown, workerA.memberId)).ok).toBe(true);
    expect(await inBook(workerA, q2)).toBeUndefined();
  });

  it("a quiz's wrong ordering answer goes in as practice's would (every type practice takes, not only the choice types)", async () => {
    const order = await add({
      ...sampleOf("truefalse"),
      ...STARTING_ORDER,
      category: ["考试"],
      stem: "考试排序题",
    } as Question);
    const quiz = await publishedQuiz(db(), {
      by: area,
      questions: [],
      settings: { reviewAfterSubmit: { score: true, correctness: true, answer: true, explanation: true } },
      slots: () => [{ kind: "fixed" as const, questionId: order, points: null }],
    });
    const s = await startAttempt(db(), { quizId: quiz.quizId, memberId: workerA.memberId });
    if (!s.ok) throw new Error(s.code);
    const v = (await getAttemptView(db(), s.value.attemptId, workerA.memberId)) as { ok: true; value: AttemptView };
    const answers = [{ position: v.value.questions[0]!.position, response: { type: "ordering", order: ["s3", "s2", "s1"] }, seq: 1 }];
    const r = await submitAttempt(db(), { attemptId: s.value.attemptId, memberId: workerA.memberId, answers });
    if (!r.ok) throw new Error(r.code);
    expect((await getAttemptReview(db(), s.value.attemptId, workerA.memberId)).ok).toBe(true);
    expect(await inBook(workerA, order)).toMatchObject({ source: "quiz", streak: 0 });
  });

  it("shows a worker their own practice per category week by week (days of the site, nothing after today)", async () => {
    const [other] = rowsOf<{ employee_no: string }>(
      await db().execute(sql`SELECT m.employee_no FROM members m JOIN org_units u ON u.id = m.org_unit_id
        WHERE u.path LIKE (SELECT path FROM org_units WHERE code = 'T09') || '%' AND m.status = 'active'
          AND m.employee_no NOT IN ('900004', '100004') AND NOT EXISTS (SELECT 1 FROM practice_answers a WHERE a.member_id = m.id)
        ORDER BY m.employee_no LIMIT 1`),
    );
    const w = await principalOf(db(), other!.employee_no, [{ role: "worker", scope: null }]);
    const answer = async (questionId: number, at: string, value: boolean) => {
      const r = await answerQuestion(db(), w, { questionId, mode: "order", response: { type: "truefalse", value } }, new Date(at));
      if (!r.ok) throw new Error(r.code);
      return r.value.right;
    };
    // Before the window, in its first week (a Monday 00:30 in Shanghai is still Sunday in UTC), this
    // week, and one after "today" (2026-12-02, a Wednesday).
    await answer(open1, "2026-10-01T02:00:00Z", true);
    const r1 = await answer(open1, "2026-10-11T16:30:00Z", false);
    const r2 = await answer(open1, "2026-11-30T03:00:00Z", true);
    await answer(open1, "2026-12-03T03:00:00Z", false);
    const today = new Date("2026-12-02T04:00:00Z");
    const weeks = (await practiceTrend(db(), w, today)).get(categoryOpened)!;
    expect(weeks.map((x) => x.week)).toEqual(["2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]);
    const none = [0, 0, 1];
    expect(weeks.map((x) => [x.answers, x.right, x.practised])).toEqual([[1, Number(r1), 1], none, none, none, none, none, none, [1, Number(r2), 1]]);
    // Nobody else's answers: a worker outside the audience has no weeks.
    expect((await practiceTrend(db(), workerB, today)).size).toBe(0);
  });

  it("matching, ordering and cloze are served without their keys and graded at once; an essay never is", async () => {
    const meta = { difficulty: 3 as const, points: 1, category: ["练习", "抽油机"], tags: [], explanation: "看图" };
    const matching = await add({ ...partsMatching(meta.category, meta.explanation), points: meta.points });
    const ordering = await add({
      ...meta,
      ...STARTING_ORDER,
      stem: "启泵的顺序",
    });
    const cloze = await add({
      ...meta,
      type: "cloze",
      stem: "硫化氢密度比空气（　），报警值（　）ppm",
      gaps: [
        {
          kind: "choice",
          weight: 1,
          options: [
            { id: "big", text: "大" },
            { id: "small", text: "小" },
          ],
        },
        { kind: "numeric", weight: 1 },
      ],
      key: {
        gaps: [
          { kind: "choice", fractions: { big: 1, small: 0 } },
          { kind: "numeric", answers: [{ value: 10, tolerance: { kind: "absolute", value: 0 }, fraction: 1 }] },
        ],
      },
    });
    const essay = await add({ ...meta, type: "essay", stem: "简述启泵步骤", key: { reference: "检查、盘泵、启动" } });
    const learner = (await learnerOf(db(), workerA.memberId))!;
    for (const id of [matching, ordering, cloze]) {
      expect(await isOpenTo(db(), learner, id), String(id)).toBe(true);
      expect(JSON.stringify(await questionForPractice(db(), workerA.memberId, id))).not.toMatch(/"key"|pairs|"order"|fractions/);
    }
    expect(await isOpenTo(db(), learner, essay)).toBe(false);
    const answer = (questionId: number, response: unknown) => answerQuestion(db(), workerA, { questionId, mode: "random", response }, DAY);
    expect(await answer(matching, { type: "matching", pairs: { i1: "c1", i2: "c2" } })).toMatchObject({ ok: true, value: { right: true } });
    // Partly right is wrong in practice: it goes in the book.
    expect(await answer(ordering, { type: "ordering", order: ["s1", "s3", "s2"] })).toMatchObject({ ok: true, value: { right: false } });
    expect(await inBook(workerA, ordering)).toBeDefined();
    expect(await answer(cloze, { type: "cloze", gaps: ["big", "10"] })).toMatchObject({ ok: true, value: { right: true } });
    await refused(() => answer(essay, { type: "essay", text: "检查" }), "notFound");
    await refused(() => answer(ordering, { type: "ordering", order: ["s1", "s1", "s2"] }), "badRequest");
  });

  it("closing takes the category out of practice", async () => {
    await refused(() => closePractice(db(), area, 999_999), "notFound");
    expect((await closePractice(db(), area, openingId)).ok).toBe(true);
    expect((await practiceOverview(db(), workerA)).categories).toEqual([]);
    await refused(() => answerQuestion(db(), workerA, { questionId: open1, mode: "order", response: { type: "truefalse", value: false } }, DAY), "notFound");
  });
});
