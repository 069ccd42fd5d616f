import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attemptAnswers, attempts, questionCategories, questions, quizResults } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { saveOverride } from "@/lib/quiz/admin";
import { getAttemptReview, getAttemptView, saveAnswers, startAttempt, startPreview, submitAttempt, sweepOverdue, type AttemptView } from "@/lib/quiz/attempts";
import { setSlots, updateQuiz } from "@/lib/quiz/quizzes";
import { drivers, createTestDb } from "../helpers/db";
import { areaTrainer, memberIdOf, principalOf, publishedQuiz, quizSettings } from "../helpers/quiz";
import { first } from "../helpers/rows";

/** The right answer to each sample question, by its stem, in the attempt's own option ids. */
function rightAnswers(view: AttemptView) {
  return view.questions.map(({ position, question: q }) => {
    switch (q.type) {
      case "single":
        return { position, response: { type: "single", optionId: "a" } };
      case "multiple":
        return { position, response: { type: "multiple", optionIds: ["a", "b", "d"] } };
      case "truefalse":
        return { position, response: { type: "truefalse", value: false } };
      case "fill":
        return { position, response: { type: "fill", blanks: ["百分比"] } };
      case "numeric":
        return { position, response: { type: "numeric", value: "１.５２" } };
      default:
        return { position, response: { type: "essay", text: "检查气源和密封。" } };
    }
  });
}

describe.each(drivers())("the attempt lifecycle on %s", (driver) => {
  let h: DbHandle;
  let worker: number;
  let outsider: number;
  let trainer: Principal;
  const clock = (s: number) => new Date(Date.now() + s * 1000);

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(h.db, { members: 40 });
    worker = await memberIdOf(h.db, "900004"); // 韦2中转站, 采油九队
    outsider = await memberIdOf(h.db, "100001"); // 韦4站, 采油八队
    trainer = await areaTrainer(h.db);
  });
  afterAll(async () => h?.close());

  it("starts once, resumes the same attempt, and never shows a key or an explanation", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const a = await startAttempt(h.db, { quizId, memberId: worker });
    const again = await startAttempt(h.db, { quizId, memberId: worker });
    expect(a.ok && again.ok && again.value.attemptId).toBe(a.ok && a.value.attemptId);
    expect(again.ok && again.value.resumed).toBe(true);
    const view = await getAttemptView(h.db, a.ok ? a.value.attemptId : 0, worker);
    if (!view.ok) throw new Error(view.code);
    expect(view.value.questions).toHaveLength(6);
    const json = JSON.stringify(view.value);
    for (const secret of ["解析", "检查气源、密封、定位器", "百分比", '"correct"', "1.5,", "answerKey", "explanation"]) expect(json).not.toContain(secret);
    expect(await startAttempt(h.db, { quizId, memberId: outsider })).toMatchObject({ ok: false, code: "quizTake.errors.notInAudience" });
  });

  it("keeps the newest answer when saves arrive out of order, and takes retries harmlessly", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    const attemptId = s.ok ? s.value.attemptId : 0;
    const view = (await getAttemptView(h.db, attemptId, worker)) as { ok: true; value: AttemptView };
    const tf = view.value.questions.find((q) => q.question.type === "truefalse")!.position;
    const save = (seq: number, value: boolean) =>
      saveAnswers(h.db, { attemptId, memberId: worker, answers: [{ position: tf, response: { type: "truefalse", value }, seq }] });
    expect((await save(2, true)).ok).toBe(true);
    expect(await save(1, false)).toMatchObject({ ok: true, value: { written: 0 } }); // the older save arrived late
    expect(await save(2, true)).toMatchObject({ ok: true, value: { written: 0 } }); // a retry
    const [row] = await h.db
      .select()
      .from(attemptAnswers)
      .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.position, tf)));
    expect(row).toMatchObject({ seq: 2, response: { type: "truefalse", value: true } });
    // Concurrent saves of the same answer: the highest sequence number wins whatever the order.
    await Promise.all([5, 3, 4, 6, 7].map((seq) => save(seq, seq % 2 === 0)));
    const [after] = await h.db
      .select()
      .from(attemptAnswers)
      .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.position, tf)));
    expect(after).toMatchObject({ seq: 7, response: { type: "truefalse", value: false } });
  });

  it("refuses malformed answers and answers to questions not in the attempt, changing nothing", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    const attemptId = s.ok ? s.value.attemptId : 0;
    const view = (await getAttemptView(h.db, attemptId, worker)) as { ok: true; value: AttemptView };
    const single = view.value.questions.find((q) => q.question.type === "single")!.position;
    const bad = [
      [{ position: 99, response: { type: "truefalse", value: true }, seq: 1 }, "quizTake.errors.unknownQuestion"],
      [{ position: single, response: { type: "truefalse", value: true }, seq: 1 }, "quiz.response.wrongType"],
      [{ position: single, response: { type: "single", optionId: "zz" }, seq: 1 }, "quiz.response.unknownOption"],
      [{ position: single, response: { type: "single", optionId: "a" }, seq: -1 }, "quizTake.errors.badRequest"],
    ] as const;
    for (const [answer, code] of bad) {
      const r = await saveAnswers(h.db, { attemptId, memberId: worker, answers: [answer as never] });
      expect(r, code).toMatchObject({ ok: false, code });
    }
    const big = await saveAnswers(h.db, {
      attemptId,
      memberId: worker,
      answers: Array.from({ length: 201 }, (_, i) => ({ position: single, response: null, seq: i + 1 })),
    });
    expect(big).toMatchObject({ ok: false, code: "quizTake.errors.tooManyAnswers" });
    expect(await saveAnswers(h.db, { attemptId, memberId: outsider, answers: [] })).toMatchObject({ ok: false, code: "quizTake.errors.attemptNotFound" });
    expect(await h.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId))).toHaveLength(0);
  });

  it("refuses an essay with a lone surrogate (which jsonb cannot hold) with a message, on save and on submit, saving nothing", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    const attemptId = s.ok ? s.value.attemptId : 0;
    const view = (await getAttemptView(h.db, attemptId, worker)) as { ok: true; value: AttemptView };
    const essay = view.value.questions.find((q) => q.question.type === "essay")!.position;
    const tf = view.value.questions.find((q) => q.question.type === "truefalse")!.position;
    const bad = [
      { position: tf, response: { type: "truefalse", value: false }, seq: 1 },
      { position: essay, response: { type: "essay", text: "检查\uD800气源" }, seq: 2 },
    ];
    const refusal = { ok: false, code: "quiz.response.badCharacters", kind: "refused" };
    expect(await saveAnswers(h.db, { attemptId, memberId: worker, answers: bad })).toMatchObject(refusal);
    expect(await submitAttempt(h.db, { attemptId, memberId: worker, answers: bad })).toMatchObject(refusal);
    expect(await h.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId))).toHaveLength(0);
    const [a] = await h.db.select().from(attempts).where(eq(attempts.id, attemptId));
    expect(a?.state).toBe("in_progress");
    // The same words without the broken half are taken.
    expect(
      (await saveAnswers(h.db, { attemptId, memberId: worker, answers: [{ position: essay, response: { type: "essay", text: "检查气源 😀" }, seq: 3 }] })).ok,
    ).toBe(true);
  });

  it("grades once however many submits arrive at the same time, then shows what the policy allows", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    const attemptId = s.ok ? s.value.attemptId : 0;
    const view = (await getAttemptView(h.db, attemptId, worker)) as { ok: true; value: AttemptView };
    const answers = rightAnswers(view.value).map((a, i) => ({ ...a, seq: i + 1 }));
    const results = await Promise.all(Array.from({ length: 4 }, () => submitAttempt(h.db, { attemptId, memberId: worker, answers })));
    for (const r of results) expect(r).toMatchObject({ ok: true, value: { state: "submitted", score: 10, max: 12, pendingGrading: true } });
    const [a] = await h.db.select().from(attempts).where(eq(attempts.id, attemptId));
    expect(a?.state).toBe("submitted");
    const [res] = await h.db
      .select()
      .from(quizResults)
      .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, worker)));
    expect(res).toMatchObject({ attemptsCounted: 1, pendingGrading: true });
    // A save after submitting is refused and changes nothing.
    expect(await saveAnswers(h.db, { attemptId, memberId: worker, answers: [{ ...first(answers, "answer"), seq: 99 }] })).toMatchObject({
      ok: false,
      code: "quizTake.errors.attemptFinished",
    });
    // Right after submitting: the score only (the default policy); no key, no explanation.
    const review = await getAttemptReview(h.db, attemptId, worker);
    if (!review.ok) throw new Error(review.code);
    expect(review.value.items.every((i) => i.key === undefined && i.explanation === undefined && i.correct === undefined)).toBe(true);
    // After the quiz closes: everything.
    const later = await getAttemptReview(h.db, attemptId, worker, clock(8 * 24 * 3600));
    expect(later.ok && later.value.items.every((i) => i.key !== undefined && i.explanation !== undefined)).toBe(true);
  });

  it("takes no more starts than attempts allowed, unless an override adds one", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { attemptsAllowed: 1 } });
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    await submitAttempt(h.db, { attemptId: s.ok ? s.value.attemptId : 0, memberId: worker });
    expect(await startAttempt(h.db, { quizId, memberId: worker })).toMatchObject({ ok: false, code: "quizTake.errors.noAttemptsLeft" });
    expect((await saveOverride(h.db, trainer, quizId, { employeeNo: "900004", extraTimeS: 0, extraAttempts: 1 })).ok).toBe(true);
    expect((await startAttempt(h.db, { quizId, memberId: worker })).ok).toBe(true);
  });

  it("fixes the deadline at start, refuses answers after it, and finishes forgotten attempts by the quiz's rule", async () => {
    const auto = await publishedQuiz(h.db, { settings: { timeLimitS: 600, graceS: 30, overduePolicy: "autosubmit" } });
    const disc = await publishedQuiz(h.db, { settings: { timeLimitS: 600, graceS: 30, overduePolicy: "discard" } });
    const t0 = new Date();
    const a = await startAttempt(h.db, { quizId: auto.quizId, memberId: worker, now: t0 });
    const d = await startAttempt(h.db, { quizId: disc.quizId, memberId: worker, now: t0 });
    const aid = a.ok ? a.value.attemptId : 0;
    const did = d.ok ? d.value.attemptId : 0;
    const [row] = await h.db.select().from(attempts).where(eq(attempts.id, aid));
    expect(row?.deadlineAt.getTime()).toBe(t0.getTime() + 600_000);
    const view = (await getAttemptView(h.db, aid, worker, t0)) as { ok: true; value: AttemptView };
    const answer = first(rightAnswers(view.value), "answer");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    expect((await saveAnswers(h.db, { attemptId: aid, memberId: worker, answers: [{ ...answer, seq: 1 }], now: at(599) })).ok).toBe(true);
    // Under auto-submit the grace covers answers in flight...
    expect((await saveAnswers(h.db, { attemptId: aid, memberId: worker, answers: [{ ...answer, seq: 2 }], now: at(620) })).ok).toBe(true);
    // ...but not beyond it.
    expect(await saveAnswers(h.db, { attemptId: aid, memberId: worker, answers: [{ ...answer, seq: 3 }], now: at(640) })).toMatchObject({
      ok: false,
      code: "quizTake.errors.timeUp",
    });
    // The sweep finishes both: one submitted at its deadline, the other not counted.
    expect(await sweepOverdue(h.db, at(700))).toBeGreaterThanOrEqual(2);
    const [fa] = await h.db.select().from(attempts).where(eq(attempts.id, aid));
    const [fd] = await h.db.select().from(attempts).where(eq(attempts.id, did));
    expect(fa).toMatchObject({ state: "submitted" });
    expect(fa?.submittedAt?.getTime()).toBe(t0.getTime() + 600_000);
    expect(fd?.state).toBe("abandoned");
    expect(await sweepOverdue(h.db, at(800))).toBe(0);
  });

  it("gives extra time from an override, and never beyond the closing time", async () => {
    const now = new Date();
    const { quizId } = await publishedQuiz(h.db, { settings: { timeLimitS: 600, closesAt: new Date(now.getTime() + 900_000) } });
    expect((await saveOverride(h.db, trainer, quizId, { employeeNo: "900004", extraTimeS: 600, extraAttempts: 0 })).ok).toBe(true);
    const s = await startAttempt(h.db, { quizId, memberId: worker, now });
    const [row] = await h.db
      .select()
      .from(attempts)
      .where(eq(attempts.id, s.ok ? s.value.attemptId : 0));
    expect(row?.deadlineAt.getTime()).toBe(now.getTime() + 900_000);
  });

  it("refuses a random slot asking for more questions than its category holds, keeping the old slots", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { attemptsAllowed: 3 } });
    expect(await setSlots(h.db, trainer, quizId, [{ kind: "random", categoryId: 999999, difficulty: null, count: 2, points: null }])).toMatchObject({
      ok: false,
      code: "quizAdmin.errors.unknownCategory",
    });
    const cat = first(await h.db.select().from(questionCategories).where(eq(questionCategories.name, "抽油机")), "category 抽油机");
    const { n } = first(await h.db.select({ n: sql<number>`count(*)::int` }).from(questions).where(eq(questions.categoryId, cat.id)), "count");
    expect(await setSlots(h.db, trainer, quizId, [{ kind: "random", categoryId: cat.id, difficulty: null, count: Number(n) + 1, points: null }])).toMatchObject(
      {
        ok: false,
        code: "quiz.slot.notEnoughQuestions",
        params: { available: Number(n), needed: Number(n) + 1 },
      },
    );
    // The quiz still has its six fixed questions.
    const w = await startAttempt(h.db, { quizId, memberId: worker });
    const view = await getAttemptView(h.db, w.ok ? w.value.attemptId : 0, worker);
    expect(view.ok && view.value.questions).toHaveLength(6);
    const s = await startAttempt(h.db, { quizId, memberId: outsider });
    expect(s).toMatchObject({ ok: false, code: "quizTake.errors.notInAudience" });
  });

  it("numbers a trainer's previews on with real attempts, and never counts them", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { attemptsAllowed: 1 } });
    // The worker is a trainer too (a technician is also a worker).
    const asTrainer = await principalOf(h.db, "900004", [
      { role: "trainer", scope: "T09" },
      { role: "worker", scope: null },
    ]);
    const p1 = await startPreview(h.db, asTrainer, quizId);
    expect(p1.ok).toBe(true);
    await submitAttempt(h.db, { attemptId: p1.ok ? p1.value.attemptId : 0, memberId: worker });
    const real = await startAttempt(h.db, { quizId, memberId: worker });
    expect(real.ok).toBe(true);
    await submitAttempt(h.db, { attemptId: real.ok ? real.value.attemptId : 0, memberId: worker });
    expect((await startPreview(h.db, asTrainer, quizId)).ok).toBe(true);
    // Only a trainer previews: a worker's "preview" would be an attempt outside the rules.
    expect(await startPreview(h.db, await principalOf(h.db, "100001", [{ role: "worker", scope: null }]), quizId)).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    const [res] = await h.db
      .select()
      .from(quizResults)
      .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, worker)));
    expect(res?.attemptsCounted).toBe(1);
  });

  it("keeps results of record in step when the pass mark or the grading method changes", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { passPercent: 60, attemptsAllowed: 2, gradingMethod: "highest" } });
    for (const good of [true, false]) {
      const s = await startAttempt(h.db, { quizId, memberId: worker });
      const attemptId = s.ok ? s.value.attemptId : 0;
      const view = (await getAttemptView(h.db, attemptId, worker)) as { ok: true; value: AttemptView };
      const answers = good
        ? rightAnswers(view.value)
            .filter((a) => a.response.type !== "essay")
            .map((a, i) => ({ ...a, seq: i + 1 }))
        : [];
      await submitAttempt(h.db, { attemptId, memberId: worker, answers });
    }
    const result = async () =>
      (
        await h.db
          .select()
          .from(quizResults)
          .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, worker)))
      )[0];
    expect(await result()).toMatchObject({ passed: true, score: 10 });
    const settings = quizSettings({ passPercent: 90, attemptsAllowed: 2, gradingMethod: "highest" });
    expect((await updateQuiz(h.db, trainer, quizId, settings)).ok).toBe(true);
    expect(await result()).toMatchObject({ passed: false, score: 10 });
    expect((await updateQuiz(h.db, trainer, quizId, { ...settings, passPercent: 60, gradingMethod: "last" })).ok).toBe(true);
    expect(await result()).toMatchObject({ passed: false, score: 0 });
  });
});
