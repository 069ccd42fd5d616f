import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { attemptAnswers, attempts, auditLog, quizResults } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { createPaperExam, inVersionOrder, paperExamToManage, paperScores, type PaperExam } from "@/lib/quiz/paper";
import { correctPaperScore } from "@/lib/quiz/paper-correct";
import { importPaperScores, previewPaperImport } from "@/lib/quiz/paper-import";
import { getItemStats } from "@/lib/quiz/stats-items";
import { drivers, createTestDb } from "../helpers/db";
import { paperWorld, principalOf, publishedQuiz, sampleQuestions } from "../helpers/quiz";
import { first } from "../helpers/rows";

/** Three questions graded at once, 2 points each (6 in all). */
const questions = () => sampleQuestions().filter((q) => q.type === "single" || q.type === "truefalse" || q.type === "multiple");

describe.each(drivers())("paper scores corrected per question (线下考试) on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let station: number;
  let worker: number;
  let quizId: number;
  let paper: PaperExam;
  let attemptId: number;

  const state = async () => ({
    attempts: await h.db.select().from(attempts).where(eq(attempts.quizId, quizId)).orderBy(attempts.id),
    answers: await h.db.select().from(attemptAnswers).orderBy(attemptAnswers.attemptId, attemptAnswers.position),
    results: await h.db.select().from(quizResults).where(eq(quizResults.quizId, quizId)),
    audit: Number(first(await h.db.select({ n: sql<number>`count(*)::int` }).from(auditLog), "audit").n),
  });
  /** The stored per-question points, Q1..Qn of the recorded version. */
  const stored = async () =>
    (await h.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)).orderBy(asc(attemptAnswers.position))).map((a) =>
      Number(a.autoScore),
    );
  /** Facility per sitting question (draw position), from the quiz's item statistics. */
  const facility = async () => {
    const s = await getItemStats(h.db, trainer, quizId);
    const byQuestion = new Map(s.items.map((i) => [i.questionId, i.facility]));
    return paper.questions.map((q) => byQuestion.get(versionToQuestion.get(q.versionId) ?? -1));
  };
  const versionToQuestion = new Map<number, number>();
  const correct = (by: Principal, items: string[], version = "A", reason = "阅卷漏加第一题") =>
    correctPaperScore(h.db, by, { quizId, paperId: paper.id, attemptId, reason, version, items });

  beforeAll(async () => {
    h = await createTestDb(driver);
    ({ trainer, station, worker } = await paperWorld(h.db));
    const quiz = await publishedQuiz(h.db, { questions: questions(), by: trainer });
    quizId = quiz.quizId;
    const made = await createPaperExam(h.db, trainer, { quizId, orgUnitId: station });
    if (!made.ok) throw new Error(made.code);
    const p = await paperExamToManage(h.db, trainer, made.value.id, quizId);
    if (!p.ok) throw new Error(p.code);
    paper = p.value;
    for (const r of rowsOf<{ id: number; question_id: number }>(await h.db.execute(sql`SELECT id, question_id FROM question_versions`)))
      versionToQuestion.set(Number(r.id), Number(r.question_id));
    // Scores per question from the sheet, paper A: Q1 full, Q2 none, Q3 full.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("成绩");
    ws.addRow(["工号", "姓名", "版本", "得分", "Q1", "Q2", "Q3"]);
    ws.addRow(["900004", "林晓雨", "A", "", "2", "0", "2"]);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const pre = await previewPaperImport(h.db, trainer, paper.id, file);
    if (!pre.ok) throw new Error(pre.code);
    const done = await importPaperScores(h.db, trainer, paper.id, file, { digest: pre.value.digest });
    if (!done.ok) throw new Error(done.code);
    attemptId = first(
      await h.db
        .select()
        .from(attempts)
        .where(and(eq(attempts.quizId, quizId), eq(attempts.memberId, worker))),
      "paper attempt",
    ).id;
  });
  afterAll(async () => h?.close());

  it("lists the attempt's per-question scores for the dialog, in the version's order", async () => {
    expect(paper.questions).toHaveLength(3);
    const [row] = await paperScores(h.db, trainer, paper);
    expect(row).toMatchObject({ attemptId, items: true, itemScores: [2, 0, 2], score: 4, max: 6 });
  });

  it("corrects each question's points: the total is their sum, the result and the item statistics follow, the audit row has old and new per question", async () => {
    const a = inVersionOrder(paper, "A");
    // By the sitting's question (draw position): A's Q2 gets 1.5 points.
    const items = paper.questions.map((q) => (q.position === a[1]!.position ? "1.5" : "2"));
    expect(await facility()).toEqual(paper.questions.map((q) => (q.position === a[1]!.position ? 0 : 100)));
    expect(await correct(trainer, items)).toMatchObject({ ok: true, value: { outcome: "updated", name: "林晓雨" } });
    expect(await stored()).toEqual([2, 1.5, 2]);
    expect(first(await h.db.select().from(attempts).where(eq(attempts.id, attemptId)), "attempt")).toMatchObject({ score: 5.5, paperVersion: "A" });
    expect(first(await h.db.select().from(quizResults).where(eq(quizResults.quizId, quizId)), "result")).toMatchObject({ score: 5.5, maxScore: 6 });
    expect(await facility()).toEqual(paper.questions.map((q) => (q.position === a[1]!.position ? 75 : 100)));
    const [row] = await h.db.select().from(auditLog).where(eq(auditLog.action, "quiz.paper.correct")).orderBy(desc(auditLog.id)).limit(1);
    expect(row).toMatchObject({
      actorUserId: trainer.userId,
      before: { attemptId, version: "A", score: 4, items: [2, 0, 2] },
      after: {
        version: "A",
        score: 5.5,
        items: [2, 1.5, 2],
        reason: "阅卷漏加第一题",
        questions: [{ position: a[1]!.position, number: 2, before: 0, after: 1.5 }],
      },
    });
    // The same again changes nothing and logs nothing.
    const before = await state();
    expect(await correct(trainer, items)).toMatchObject({ ok: true, value: { outcome: "unchanged" } });
    expect(await state()).toEqual(before);
    // 1 and 0 are points here, never right/wrong marks.
    expect(await correct(trainer, ["1", "0", "1"])).toMatchObject({ ok: true });
    expect(first(await h.db.select().from(attempts).where(eq(attempts.id, attemptId)), "attempt")).toMatchObject({ score: 2 });
    expect(await correct(trainer, items)).toMatchObject({ ok: true });
  });

  it("a change of version keeps each question's points with its question", async () => {
    const byPosition = paper.questions.map((q) => String(q.position - 1)); // 0, 1, 2 points by draw position
    expect(await correct(trainer, byPosition, "B")).toMatchObject({ ok: true });
    expect(await stored()).toEqual(inVersionOrder(paper, "B").map((q) => q.position - 1));
    expect(first(await h.db.select().from(attempts).where(eq(attempts.id, attemptId)), "attempt")).toMatchObject({ score: 3, paperVersion: "B" });
  });

  it("refuses points out of range, badly written or missing, with a clear message and nothing changed", async () => {
    const before = await state();
    const cases: [string[], string][] = [
      [["2.5", "0", "0"], "paper.reasons.itemOutOfRange"],
      [["-1", "0", "0"], "paper.reasons.badItem"],
      [["1.234", "0", "0"], "paper.reasons.badItem"],
      [["abc", "0", "0"], "paper.reasons.badItem"],
      [["1", "0"], "paper.reasons.itemsIncomplete"],
      [["1", "", "0"], "paper.reasons.itemsIncomplete"],
    ];
    for (const [items, code] of cases) expect(await correct(trainer, items, "B"), items.join(",")).toMatchObject({ ok: false, code });
    expect(await correct(trainer, ["1", "1", "1"], "C")).toMatchObject({ ok: false, code: "paper.reasons.badVersion" });
    expect(await correct(trainer, ["1", "1", "1"], "B", "  ")).toMatchObject({ ok: false, code: "paper.fix.reasonRequired" });
    expect(await state()).toEqual(before);
  });

  it("refuses another trainer's sitting and a worker; nothing changes", async () => {
    const before = await state();
    const other = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T09" }]);
    expect(await correct(other, ["0", "0", "0"])).toMatchObject({ ok: false, kind: "forbidden", code: "quizAdmin.errors.notYours" });
    const w = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    expect(await correct(w, ["0", "0", "0"])).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await state()).toEqual(before);
  });
});
