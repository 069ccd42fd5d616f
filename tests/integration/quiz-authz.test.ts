import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { orgUnits, questionCategories } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import type { Result } from "@/lib/core/result";
import { exportXlsx } from "@/lib/quiz";
import {
  getAudience,
  getGradingItem,
  getQuestion,
  getQuiz,
  getQuizOverview,
  getSlotViews,
  gradingQueue,
  importQuestionFile,
  listCategoryTree,
  listOverrides,
  listQuizzes,
  questionsForExport,
  quizResultsByMember,
  quizzesWithPending,
  regradeCandidates,
  regradeQuiz,
  renameCategory,
  saveAudience,
  saveManualGrade,
  saveOverride,
  searchQuestions,
  setArchived,
} from "@/lib/quiz/admin";
import { getAttemptReview, getAttemptView, saveAnswers, startAttempt, startPreview, submitAttempt, type AttemptView } from "@/lib/quiz/attempts";
import { createQuestion, editQuestion } from "@/lib/quiz/bank";
import { closeQuiz, createQuiz, publishQuiz, setSlots, updateQuiz } from "@/lib/quiz/quizzes";
import { getQuizStats, listNotTaken } from "@/lib/quiz/stats";
import { resultsForMember } from "@/lib/quiz/worker";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, principalOf, publishedQuiz, quizSettings, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * Who may do what with the bank, quizzes, grading, results and statistics, asked of lib itself
 * with principals built here: a trainer scoped to 采油九队 (team A), a trainer over the whole area,
 * a manager of team A, and two workers of different teams. Every refusal is checked twice: the
 * answer says so, and not one row of the quiz tables (nor the audit log) changed.
 */
const TABLES = [
  "question_categories",
  "questions",
  "question_versions",
  "quizzes",
  "quiz_slots",
  "quiz_audience",
  "quiz_overrides",
  "attempts",
  "attempt_questions",
  "attempt_answers",
  "quiz_results",
  "audit_log",
];

async function snapshot(db: Db): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = rowsOf(await db.execute(sql.raw(`SELECT * FROM ${t} ORDER BY ${t}::text`)));
  return JSON.stringify(out);
}

describe.each(drivers())("who may do what with quizzes on %s", (driver) => {
  let h: DbHandle;
  let area: Principal; // trainer over the whole area
  let teamA: Principal; // trainer scoped to 采油九队
  let manager: Principal; // manager of 采油九队
  let workerA: Principal; // worker in 采油九队
  let workerB: Principal; // worker in 采油八队
  let areaQuiz: number; // made by the area trainer, for the whole area
  let areaQuestion: number;
  let draftQuiz: number; // the area trainer's draft
  let ownQuiz: number; // made by the team trainer, for their team
  let essayOfB: { attemptId: number; position: number };
  let attemptOfA: number;
  let attemptOfB: number;

  const db = () => h.db;

  /** The call is refused with `kind`, and nothing changed. */
  async function refused(call: () => Promise<Result<unknown> | { ok: false }>, kind: string, code?: string) {
    const before = await snapshot(db());
    const r = await call();
    expect(r).toMatchObject({ ok: false, kind, ...(code ? { code } : {}) });
    expect(await snapshot(db())).toBe(before);
  }

  async function take(quizId: number, p: Principal) {
    const s = await startAttempt(db(), { quizId, memberId: p.memberId });
    if (!s.ok) throw new Error(s.code);
    const v = (await getAttemptView(db(), s.value.attemptId, p.memberId)) as { ok: true; value: AttemptView };
    const answers = v.value.questions.map((q, i) => ({
      position: q.position,
      response: q.question.type === "essay" ? { type: "essay", text: "检查气源和密封。" } : null,
      seq: i + 1,
    }));
    const r = await submitAttempt(db(), { attemptId: s.value.attemptId, memberId: p.memberId, answers });
    if (!r.ok) throw new Error(r.code);
    return { attemptId: s.value.attemptId, essay: v.value.questions.find((q) => q.question.type === "essay")!.position };
  }

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    const teamTrainerNo = "100004"; // a member of 采油九队, made a trainer for the team
    teamA = await principalOf(db(), teamTrainerNo, [
      { role: "trainer", scope: "T09" },
      { role: "worker", scope: null },
    ]);
    manager = await principalOf(db(), "900002", [
      { role: "manager", scope: "T09" },
      { role: "worker", scope: null },
    ]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    expect(workerA.memberId).toBe(await memberIdOf(db(), "900004"));

    const made = await publishedQuiz(db(), { unitCode: "HJ", by: area });
    areaQuiz = made.quizId;
    areaQuestion = first(made.questionIds, "question");
    const a = await take(areaQuiz, workerA);
    const b = await take(areaQuiz, workerB);
    attemptOfA = a.attemptId;
    attemptOfB = b.attemptId;
    essayOfB = { attemptId: b.attemptId, position: b.essay };
    const draft = await createQuiz(db(), area, quizSettings({ title: "草稿" }));
    if (!draft.ok) throw new Error(draft.code);
    draftQuiz = draft.value.id;
    const own = await publishedQuiz(db(), { unitCode: "T09", by: teamA });
    ownQuiz = own.quizId;
  });
  afterAll(async () => h?.close());

  it("a team trainer changes no quiz or question made for the whole area", async () => {
    const settings = quizSettings({ title: "改过的标题" });
    await refused(() => updateQuiz(db(), teamA, areaQuiz, settings), "forbidden", "quizAdmin.errors.notYours");
    await refused(() => setSlots(db(), teamA, draftQuiz, []), "forbidden");
    await refused(() => publishQuiz(db(), teamA, draftQuiz), "forbidden");
    await refused(() => closeQuiz(db(), teamA, areaQuiz), "forbidden");
    await refused(() => regradeQuiz(db(), teamA, areaQuiz), "forbidden");
    const w2 = first(await db().select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T09-W2")), "unit T09-W2");
    await refused(() => saveAudience(db(), teamA, areaQuiz, { orgUnitIds: [w2.id], jobIds: [] }), "forbidden");
    await refused(() => saveOverride(db(), teamA, areaQuiz, { employeeNo: "900004", extraTimeS: 600, extraAttempts: 1 }), "forbidden");
    const q = sampleOf("single");
    await refused(() => editQuestion(db(), teamA, areaQuestion, { ...q, stem: "改过的题干" }), "forbidden", "quizAdmin.errors.questionNotYours");
    await refused(() => setArchived(db(), teamA, areaQuestion, true), "forbidden");
    const cat = first(await db().select({ id: questionCategories.id }).from(questionCategories).limit(1), "category");
    await refused(() => renameCategory(db(), teamA, cat.id, "新名字"), "forbidden");
    // The pages show it, but not as theirs to change.
    expect((await getQuizOverview(db(), teamA, areaQuiz))?.mayChange).toBe(false);
    expect((await getQuestion(db(), teamA, areaQuestion))?.mayChange).toBe(false);
  });

  it("a team trainer's own quiz takes no unit or member outside their team", async () => {
    const t08 = first(await db().select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T08")), "unit T08");
    await refused(() => saveAudience(db(), teamA, ownQuiz, { orgUnitIds: [t08.id], jobIds: [] }), "forbidden", "quizAdmin.errors.unitOutOfScope");
    await refused(
      () => saveOverride(db(), teamA, ownQuiz, { employeeNo: "100001", extraTimeS: 600, extraAttempts: 0 }),
      "notFound",
      "quizAdmin.overrides.unknownMember",
    );
  });

  it("a team trainer grades and reads results and statistics of their team's members only", async () => {
    await refused(() => saveManualGrade(db(), teamA, { ...essayOfB, score: 1, feedback: "" }), "notFound");
    expect(await getGradingItem(db(), teamA, essayOfB.attemptId, essayOfB.position)).toBeNull();
    const queue = await gradingQueue(db(), teamA, { show: "pending", quiz: areaQuiz });
    expect(queue.rows.map((r) => r.attemptId)).toEqual([attemptOfA]);
    expect((await quizzesWithPending(db(), teamA)).find((q) => q.id === areaQuiz)?.pending).toBe(1);
    const results = await quizResultsByMember(db(), teamA, areaQuiz, {});
    expect(results.rows.map((r) => r.memberId)).toEqual([workerA.memberId]);
    const stats = (await getQuizStats(db(), teamA, areaQuiz))!;
    const t09 = first(await db().select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T09")), "unit T09").path;
    expect(stats.stations.length).toBeGreaterThan(0);
    expect(stats.stations.every((s) => s.path.startsWith(t09))).toBe(true);
    expect(stats.overall.taken).toBe(1);
    const notTaken = await listNotTaken(db(), teamA, areaQuiz, { pageSize: 200 });
    expect(notTaken.rows.length).toBeGreaterThan(0);
    expect(notTaken.rows.some((r) => r.memberId === workerB.memberId)).toBe(false);
    expect((await listOverrides(db(), teamA, areaQuiz)).length).toBe(0);
    const t08 = first(await db().select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T08-W4")), "unit T08-W4").path;
    expect(await resultsForMember(db(), teamA, { id: workerB.memberId, orgPath: t08 })).toEqual([]);
    expect((await resultsForMember(db(), teamA, { id: workerA.memberId, orgPath: t09 })).length).toBe(1);
  });

  for (const who of ["manager", "workerA", "workerB"] as const) {
    it(`a ${who} changes nothing in the bank or the quizzes and reads none of them`, async () => {
      const p = { manager, workerA, workerB }[who];
      const q = sampleOf("single");
      await refused(() => createQuestion(db(), p, q), "forbidden");
      await refused(() => editQuestion(db(), p, areaQuestion, { ...q, stem: "改过的题干" }), "forbidden");
      await refused(() => setArchived(db(), p, areaQuestion, true), "forbidden");
      const file = new Uint8Array(await exportXlsx([q]));
      await refused(() => importQuestionFile(db(), p, file, "bank.xlsx"), "forbidden");
      await refused(() => createQuiz(db(), p, quizSettings()), "forbidden");
      await refused(() => updateQuiz(db(), p, areaQuiz, quizSettings()), "forbidden");
      await refused(() => setSlots(db(), p, draftQuiz, []), "forbidden");
      await refused(() => publishQuiz(db(), p, draftQuiz), "forbidden");
      await refused(() => closeQuiz(db(), p, areaQuiz), "forbidden");
      await refused(() => regradeQuiz(db(), p, areaQuiz), "forbidden");
      await refused(() => saveAudience(db(), p, ownQuiz, { orgUnitIds: [], jobIds: [] }), "forbidden");
      await refused(() => saveOverride(db(), p, ownQuiz, { employeeNo: "900004", extraTimeS: 60, extraAttempts: 0 }), "forbidden");
      await refused(() => saveManualGrade(db(), p, { ...essayOfB, score: 1, feedback: "" }), "notFound");
      await refused(() => startPreview(db(), p, areaQuiz), "forbidden");
      const cat = first(await db().select({ id: questionCategories.id }).from(questionCategories).limit(1), "category");
      await refused(() => renameCategory(db(), p, cat.id, "新名字"), "forbidden");
      // Reads hand back nothing: the bank holds the keys, the lists hold names.
      expect((await searchQuestions(db(), p, {})).rows).toEqual([]);
      expect(await getQuestion(db(), p, areaQuestion)).toBeNull();
      expect(await listTagsOf(p)).toEqual([]);
      expect(await questionsForExport(db(), p)).toEqual([]);
      expect(await listCategoryTree(db(), p)).toEqual([]);
      expect(await getQuiz(db(), p, areaQuiz)).toBeNull();
      expect(await getQuizOverview(db(), p, areaQuiz)).toBeNull();
      expect((await listQuizzes(db(), p, {})).rows).toEqual([]);
      expect(await getSlotViews(db(), p, areaQuiz)).toEqual([]);
      expect(await getAudience(db(), p, areaQuiz)).toEqual({ units: [], jobs: [] });
      expect(await listOverrides(db(), p, areaQuiz)).toEqual([]);
      expect(await regradeCandidates(db(), p, areaQuiz)).toEqual([]);
      expect((await gradingQueue(db(), p, { show: "pending" })).rows).toEqual([]);
      expect(await getGradingItem(db(), p, essayOfB.attemptId, essayOfB.position)).toBeNull();
      expect((await quizResultsByMember(db(), p, areaQuiz, {})).rows).toEqual([]);
      expect(await getQuizStats(db(), p, areaQuiz)).toBeNull();
      expect((await listNotTaken(db(), p, areaQuiz)).rows).toEqual([]);
    });
  }

  it("a worker reaches only their own attempt", async () => {
    for (const [p, other] of [
      [workerA, attemptOfB],
      [workerB, attemptOfA],
    ] as const) {
      await refused(
        () => saveAnswers(db(), { attemptId: other, memberId: p.memberId, answers: [{ position: 1, response: null, seq: 99 }] }),
        "notFound",
        "quizTake.errors.attemptNotFound",
      );
      await refused(() => submitAttempt(db(), { attemptId: other, memberId: p.memberId }), "notFound");
      await refused(() => getAttemptView(db(), other, p.memberId), "notFound");
      await refused(() => getAttemptReview(db(), other, p.memberId), "notFound");
    }
    // Another worker's results of record are not theirs to read.
    const t08 = first(await db().select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T08-W4")), "unit T08-W4").path;
    expect(await resultsForMember(db(), workerA, { id: workerB.memberId, orgPath: t08 })).toEqual([]);
    expect((await resultsForMember(db(), workerB, { id: workerB.memberId, orgPath: t08 })).length).toBe(1);
  });

  it("the manager of team A reads none of team B's quiz results either", async () => {
    expect((await quizResultsByMember(db(), manager, areaQuiz, {})).rows).toEqual([]);
    const t08 = first(await db().select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T08-W4")), "unit T08-W4").path;
    expect(await resultsForMember(db(), manager, { id: workerB.memberId, orgPath: t08 })).toEqual([]);
  });

  it("the trainer over the whole area may do all of it (so the refusals above are about who, not what)", async () => {
    expect((await getQuizOverview(db(), area, ownQuiz))?.mayChange).toBe(true);
    expect((await saveManualGrade(db(), area, { ...essayOfB, score: 1, feedback: "" })).ok).toBe(true);
    expect((await quizResultsByMember(db(), area, areaQuiz, {})).rows.map((r) => r.memberId).sort()).toEqual([workerA.memberId, workerB.memberId].sort());
    expect((await updateQuiz(db(), area, ownQuiz, quizSettings({ title: "全区培训员改过" }))).ok).toBe(true);
    expect((await setArchived(db(), area, areaQuestion, true)).ok).toBe(true);
    expect((await closeQuiz(db(), area, areaQuiz)).ok).toBe(true);
  });

  async function listTagsOf(p: Principal) {
    const { listTags } = await import("@/lib/quiz/admin");
    return listTags(db(), p);
  }
});
