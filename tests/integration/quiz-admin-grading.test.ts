import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attempts, auditLog, members, orgUnits, quizResults, quizzes, users } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { getAttemptReview, getAttemptView, saveAnswers, startAttempt, submitAttempt, type AttemptView } from "@/lib/quiz/attempts";
import { editQuestion } from "@/lib/quiz/bank";
import { setSlots } from "@/lib/quiz/quizzes";
import type { Question } from "@/lib/quiz/types";
import {
  getAudience,
  getGradingItem,
  gradingQueue,
  getQuestion,
  quizResultsByMember,
  regradeCandidates,
  regradeQuiz,
  saveAudience,
  saveManualGrade,
  saveOverride,
  listOverrides,
  getQuizOverview,
} from "@/lib/quiz/admin";
import { listNotifications } from "@/lib/notifications";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, meta, publishedQuiz, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

const essay = sampleOf("essay");
const single: Question = {
  ...meta,
  type: "single",
  stem: "抽油机启机前首先应检查什么？",
  options: [
    { id: "a", text: "刹车" },
    { id: "b", text: "皮带" },
    { id: "c", text: "电压" },
  ],
  key: { correct: "a" },
};

async function take(h: DbHandle, quizId: number, memberId: number, answer: (q: AttemptView["questions"][number]) => unknown) {
  const s = await startAttempt(h.db, { quizId, memberId });
  if (!s.ok) throw new Error(s.code);
  const view = await getAttemptView(h.db, s.value.attemptId, memberId);
  if (!view.ok) throw new Error(view.code);
  const answers = view.value.questions.map((q, i) => ({ position: q.position, response: answer(q), seq: i + 1 }));
  const saved = await saveAnswers(h.db, { attemptId: s.value.attemptId, memberId, answers });
  if (!saved.ok) throw new Error(saved.code);
  const r = await submitAttempt(h.db, { attemptId: s.value.attemptId, memberId });
  if (!r.ok) throw new Error(r.code);
  return s.value.attemptId;
}

const workerPrincipal = (memberId: number): Principal => ({ userId: 0, memberId, roles: [] });

describe.each(drivers())("grading, regrading and results on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let scoped: Principal;
  let t09Worker: number;
  let t08Worker: number;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    const u = first(
      await h.db
        .select({ id: users.id, memberId: users.memberId })
        .from(users)
        .innerJoin(members, eq(members.id, users.memberId))
        .where(eq(members.employeeNo, "900003")),
      "account of 900003",
    );
    const t09 = first(await h.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T09")), "unit T09");
    admin = { userId: u.id, memberId: u.memberId, roles: [{ role: "trainer", scopePath: null }] };
    scoped = { userId: u.id, memberId: u.memberId, roles: [{ role: "trainer", scopePath: t09.path }] };
    t09Worker = await memberIdOf(h.db, "900004"); // 韦2中转站, 采油九队
    t08Worker = await memberIdOf(h.db, "100001"); // 韦4站, 采油八队
  });
  afterAll(async () => h?.close());

  it("grades an essay from the queue: the attempt's score and the result of record follow, and the log keeps it", async () => {
    const { quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [single, essay] });
    const attemptId = await take(h, quizId, t09Worker, (q) =>
      q.question.type === "single" ? { type: "single", optionId: "a" } : { type: "essay", text: "检查气源压力，检查密封，校准定位器。" },
    );
    const [pending] = await h.db
      .select()
      .from(quizResults)
      .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, t09Worker)));
    expect(pending).toMatchObject({ pendingGrading: true, score: 2 });
    // The worker's receipt: which attempt, when, answers saved, the essay still to be graded.
    const receipt = await getAttemptReview(h.db, attemptId, t09Worker);
    if (!receipt.ok) throw new Error(receipt.code);
    expect(receipt.value.receipt).toMatchObject({ attemptNo: 1, answered: 2, questions: 2, pending: 1 });
    expect(receipt.value.receipt.submittedAt).toEqual(expect.any(String));
    if (receipt.value.policy.score) expect(receipt.value.receipt).toMatchObject({ autoScore: 2, autoMax: 2 });
    expect(await listNotifications(h.db, workerPrincipal(t09Worker))).toHaveLength(0);

    const queue = await gradingQueue(h.db, admin, { quiz: quizId, show: "pending" });
    expect(queue.rows).toHaveLength(1);
    const { position } = first(queue.rows, "queue row");
    const item = await getGradingItem(h.db, admin, attemptId, position);
    expect(item).toMatchObject({ reference: "检查气源、密封、定位器。", text: "检查气源压力，检查密封，校准定位器。", points: 2 });

    expect(await saveManualGrade(h.db, admin, { attemptId, position, score: 2.5, feedback: "" })).toMatchObject({
      ok: false,
      code: "quiz.grade.badManualScore",
    });
    expect(await saveManualGrade(h.db, admin, { attemptId, position, score: 1.333, feedback: "" })).toMatchObject({
      ok: false,
      code: "quiz.grade.badManualScore",
    });
    const r = await saveManualGrade(h.db, admin, { attemptId, position, score: 1.5, feedback: "要点基本齐全。" });
    expect(r).toMatchObject({ ok: true, value: { score: 3.5, max: 4, pending: false } });
    // Graded: the worker is told once, with a link to the attempt; grading again sends nothing more.
    const notes = await listNotifications(h.db, workerPrincipal(t09Worker));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "quizTake.notify.graded", href: `/attempts/${attemptId}/review` });
    expect(await saveManualGrade(h.db, admin, { attemptId, position, score: 1.5, feedback: "要点基本齐全。" })).toMatchObject({ ok: true });
    expect(await listNotifications(h.db, workerPrincipal(t09Worker))).toHaveLength(1);

    const [a] = await h.db.select().from(attempts).where(eq(attempts.id, attemptId));
    expect(a).toMatchObject({ score: 3.5, needsGrading: false });
    const [result] = await h.db
      .select()
      .from(quizResults)
      .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, t09Worker)));
    expect(result).toMatchObject({ score: 3.5, maxScore: 4, pendingGrading: false, passed: true, percent: 87.5 });
    expect((await gradingQueue(h.db, admin, { quiz: quizId, show: "pending" })).total).toBe(0);
    // The worker reads the grader's comment with right or wrong once the policy shows it (after closing here).
    const review = await getAttemptReview(h.db, attemptId, t09Worker, new Date(Date.now() + 400 * 24 * 3600_000));
    if (!review.ok) throw new Error(review.code);
    expect(review.value.items.find((i) => i.position === position)).toMatchObject({ score: 1.5, feedback: "要点基本齐全。" });
    expect((await gradingQueue(h.db, admin, { quiz: quizId, show: "graded" })).rows[0]).toMatchObject({ attemptId, manualScore: 1.5 });
    const [log] = await h.db.select().from(auditLog).where(eq(auditLog.action, "attempt.grade")).orderBy(desc(auditLog.id)).limit(1);
    expect(log).toMatchObject({
      entityId: String(attemptId),
      actorUserId: admin.userId,
      after: expect.objectContaining({ manualScore: 1.5, attemptScore: 3.5 }),
    });
  });

  it("regrades after a key is fixed: affected scores change, results follow, and the log has the counts", async () => {
    const { quizId, questionIds } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [single, sampleOf("truefalse")] });
    const qid = first(questionIds, "question");
    const pickB = await take(h, quizId, t09Worker, (q) =>
      q.question.type === "single" ? { type: "single", optionId: "b" } : { type: "truefalse", value: false },
    );
    const pickA = await take(h, quizId, t08Worker, (q) =>
      q.question.type === "single" ? { type: "single", optionId: "a" } : { type: "truefalse", value: false },
    );
    expect(await setSlots(h.db, admin, quizId, [])).toMatchObject({ ok: false, code: "quizAdmin.errors.questionsLocked" });

    // The key was wrong: B is right. The fix is a new version with the same options.
    const fixed = await editQuestion(h.db, admin, qid, { ...single, key: { correct: "b" } });
    expect(fixed.ok).toBe(true);
    expect(await regradeCandidates(h.db, admin, quizId)).toEqual([
      expect.objectContaining({ questionId: qid, fromVersion: 1, toVersion: 2, attempts: 2, blocked: null }),
    ]);

    const r = await regradeQuiz(h.db, admin, quizId);
    if (!r.ok) throw new Error(r.code);
    expect(r.value).toMatchObject({ questions: 1, moved: 2, regraded: 2, changed: 2, blocked: 0 });
    const score = async (id: number) => first(await h.db.select({ s: attempts.score }).from(attempts).where(eq(attempts.id, id)), "attempt").s;
    expect(await score(pickB)).toBe(4);
    expect(await score(pickA)).toBe(2);
    const [res] = await h.db
      .select()
      .from(quizResults)
      .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, t09Worker)));
    expect(res).toMatchObject({ score: 4, percent: 100 });
    const log = first(
      await h.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "quiz.regrade"), eq(auditLog.entityId, String(quizId)))),
      "regrade log entry",
    );
    expect(log.after).toMatchObject({ moved: 2, regraded: 2, changed: 2, questions: [{ questionId: qid, from: 1, to: 2 }] });
    expect(await regradeCandidates(h.db, admin, quizId)).toEqual([]);

    // A version whose options differ cannot take the old responses: it is listed, not moved.
    await editQuestion(h.db, admin, qid, {
      ...single,
      options: [
        { id: "x", text: "刹车" },
        { id: "y", text: "皮带" },
      ],
      key: { correct: "y" },
    });
    expect(await regradeCandidates(h.db, admin, quizId)).toEqual([expect.objectContaining({ questionId: qid, blocked: "optionsChanged", attempts: 2 })]);
    const again = await regradeQuiz(h.db, admin, quizId);
    expect(again).toMatchObject({ ok: true, value: { moved: 0, changed: 0, blocked: 1 } });
    expect(await score(pickB)).toBe(4);
    expect((await getQuestion(h.db, admin, qid))?.versions).toHaveLength(3);
  });

  it("shows a trainer scoped to a team only that team's people, and keeps their choices in scope", async () => {
    const { quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [single, essay] });
    const answer = (q: AttemptView["questions"][number]) =>
      q.question.type === "single" ? { type: "single", optionId: "a" } : { type: "essay", text: "按规程检查。" };
    const inside = await take(h, quizId, t09Worker, answer);
    const outside = await take(h, quizId, t08Worker, answer);

    const all = await quizResultsByMember(h.db, admin, quizId, {});
    expect(all.rows.map((r) => r.memberId).sort()).toEqual([t09Worker, t08Worker].sort());
    const mine = await quizResultsByMember(h.db, scoped, quizId, {});
    expect(mine.rows.map((r) => r.memberId)).toEqual([t09Worker]);
    expect(mine.summary).toMatchObject({ members: 1, pending: 1 });

    const queue = await gradingQueue(h.db, scoped, { quiz: quizId, show: "pending" });
    expect(queue.rows.map((r) => r.attemptId)).toEqual([inside]);
    const position = first(queue.rows, "queue row").position;
    expect(await getGradingItem(h.db, scoped, outside, position)).toBeNull();
    expect(await saveManualGrade(h.db, scoped, { attemptId: outside, position, score: 1, feedback: "" })).toMatchObject({ ok: false, code: "errors.notFound" });

    const t08 = first(await h.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T08")), "unit T08");
    const w2 = first(await h.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09-W2")), "unit T09-W2");
    expect(await saveAudience(h.db, scoped, quizId, { orgUnitIds: [t08.id], jobIds: [] })).toMatchObject({
      ok: false,
      code: "quizAdmin.errors.unitOutOfScope",
    });
    // The area chosen by someone over the whole organisation stays when the scoped trainer adds a station.
    expect(await saveAudience(h.db, scoped, quizId, { orgUnitIds: [w2.id], jobIds: [] })).toMatchObject({ ok: true });
    const aud = await getAudience(h.db, scoped, quizId);
    expect(aud.units.map((u) => [u.id === w2.id, u.inScope]).sort()).toEqual([
      [false, false],
      [true, true],
    ]);

    expect(await saveOverride(h.db, scoped, quizId, { employeeNo: "100001", extraTimeS: 600, extraAttempts: 1 })).toMatchObject({
      ok: false,
      code: "quizAdmin.overrides.unknownMember",
    });
    expect(await saveOverride(h.db, scoped, quizId, { employeeNo: "９０００04", extraTimeS: 600, extraAttempts: 1 })).toMatchObject({ ok: true });
    expect(await listOverrides(h.db, scoped, quizId)).toEqual([expect.objectContaining({ employeeNo: "900004", extraTimeS: 600, extraAttempts: 1 })]);
  });

  it("lets a team trainer change only the quizzes they made, and a whole-area trainer any", async () => {
    const { quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [single] });
    await h.db.update(quizzes).set({ createdBy: null }).where(eq(quizzes.id, quizId));
    const mayChange = async (p: Principal, id = quizId) => (await getQuizOverview(h.db, p, id))?.mayChange ?? null;
    expect(await mayChange(admin)).toBe(true);
    expect(await mayChange(scoped)).toBe(false);
    expect(await mayChange({ ...scoped, roles: [{ role: "worker", scopePath: null }] })).toBeNull();
    await h.db.update(quizzes).set({ createdBy: scoped.userId }).where(eq(quizzes.id, quizId));
    expect(await mayChange(scoped)).toBe(true);
    expect(await mayChange(scoped, 999_999)).toBeNull();
  });
});
