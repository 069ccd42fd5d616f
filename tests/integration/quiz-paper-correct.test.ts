import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attempts, auditLog, members, orgUnits, quizResults } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { startAttempt } from "@/lib/quiz/attempts/start";
import { submitAttempt } from "@/lib/quiz/attempts/submit";
import { createPaperExam, paperExamToManage, recordPaperScore, type PaperExam } from "@/lib/quiz/paper";
import { correctPaperScore, deletePaperScore } from "@/lib/quiz/paper-correct";
import { importPaperScores, previewPaperImport } from "@/lib/quiz/paper-import";
import { quizzesForMember } from "@/lib/quiz/worker";
import { drivers, createTestDb } from "../helpers/db";
import { memberIdOf, paperWorld, principalOf, publishedQuiz, sampleQuestions } from "../helpers/quiz";
import { first } from "../helpers/rows";

/** Questions graded at once (no essay), so an online attempt has its score when submitted. */
const autoGraded = () => sampleQuestions().filter((q) => q.type === "single" || q.type === "truefalse");

describe.each(drivers())("paper scores corrected and deleted (线下考试) on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let station: number;
  let worker: number;

  const resultOf = async (quizId: number, memberId: number) =>
    (
      await h.db
        .select()
        .from(quizResults)
        .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, memberId)))
    )[0] ?? null;
  const attemptsOf = (quizId: number, memberId: number) =>
    h.db
      .select()
      .from(attempts)
      .where(and(eq(attempts.quizId, quizId), eq(attempts.memberId, memberId)))
      .orderBy(attempts.attemptNo);
  const auditOf = async (action: string, memberId: number) =>
    h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(memberId))))
      .orderBy(desc(auditLog.id));
  /** Everything a refusal must leave as it was: the quiz's attempts, results and the audit log's length. */
  const state = async (quizId: number) => ({
    attempts: await h.db.select().from(attempts).where(eq(attempts.quizId, quizId)).orderBy(attempts.id),
    results: await h.db.select().from(quizResults).where(eq(quizResults.quizId, quizId)).orderBy(quizResults.memberId),
    audit: Number(first(await h.db.select({ n: sql<number>`count(*)::int` }).from(auditLog), "audit").n),
  });

  async function sitting(opts: Parameters<typeof publishedQuiz>[1] = {}, by = trainer): Promise<{ quizId: number; paper: PaperExam }> {
    const { quizId } = await publishedQuiz(h.db, { questions: autoGraded(), ...opts, by });
    const made = await createPaperExam(h.db, by, { quizId, orgUnitId: station });
    if (!made.ok) throw new Error(made.code);
    const paper = await paperExamToManage(h.db, by, made.value.id, quizId);
    if (!paper.ok) throw new Error(paper.code);
    return { quizId, paper: paper.value };
  }
  async function paperScore(by: Principal, paper: PaperExam, employeeNo: string, score: string, version = "A") {
    const r = await recordPaperScore(h.db, by, { paperId: paper.id, employeeNo, version, score });
    if (!r.ok) throw new Error(r.code);
    const memberId = await memberIdOf(h.db, employeeNo);
    return first(
      (await attemptsOf(paper.quiz.id, memberId)).filter((a) => a.source === "paper"),
      "paper attempt",
    ).id;
  }
  /** The member's online attempt, submitted with every question left unanswered (0 points). */
  async function onlineAttempt(quizId: number, memberId: number) {
    const s = await startAttempt(h.db, { quizId, memberId });
    if (!s.ok) throw new Error(s.code);
    const done = await submitAttempt(h.db, { attemptId: s.value.attemptId, memberId });
    if (!done.ok) throw new Error(done.code);
    return s.value.attemptId;
  }
  const fix = (quizId: number, paper: PaperExam, attemptId: number, reason = "阅卷时加错分") => ({ quizId, paperId: paper.id, attemptId, reason });

  beforeAll(async () => {
    h = await createTestDb(driver);
    ({ trainer, station, worker } = await paperWorld(h.db));
  });
  afterAll(async () => h?.close());

  it("corrects a paper score with a reason: the result of record follows, an audit row keeps who, when, the old score and the reason", async () => {
    const { quizId, paper } = await sitting();
    const attemptId = await paperScore(trainer, paper, "900004", String(paper.maxScore));
    expect(await resultOf(quizId, worker)).toMatchObject({ score: paper.maxScore, passed: true });

    const r = await correctPaperScore(h.db, trainer, { ...fix(quizId, paper, attemptId), version: "B", score: "1" });
    expect(r).toMatchObject({ ok: true, value: { outcome: "updated", name: "林晓雨" } });
    expect(await resultOf(quizId, worker)).toMatchObject({ score: 1, maxScore: paper.maxScore, passed: false, attemptsCounted: 1 });
    const [a] = await attemptsOf(quizId, worker);
    expect(a).toMatchObject({ id: attemptId, source: "paper", paperVersion: "B", score: 1 });
    const [row] = await auditOf("quiz.paper.correct", worker);
    expect(row).toMatchObject({
      actorUserId: trainer.userId,
      entity: "member",
      before: { paperExamId: paper.id, attemptId, version: "A", score: paper.maxScore },
      after: { version: "B", score: 1, reason: "阅卷时加错分" },
    });
    expect(row!.at).toBeInstanceOf(Date);

    // The same score again changes nothing and logs nothing.
    expect(await correctPaperScore(h.db, trainer, { ...fix(quizId, paper, attemptId), version: "B", score: "1" })).toMatchObject({
      ok: true,
      value: { outcome: "unchanged" },
    });
    expect(await auditOf("quiz.paper.correct", worker)).toHaveLength(1);

    // Bad input: a clear reason, nothing written.
    const before = await state(quizId);
    expect(await correctPaperScore(h.db, trainer, { ...fix(quizId, paper, attemptId), version: "A", score: "abc" })).toMatchObject({
      ok: false,
      code: "paper.reasons.scoreOutOfRange",
    });
    expect(await correctPaperScore(h.db, trainer, { ...fix(quizId, paper, attemptId), version: "A", score: String(paper.maxScore + 1) })).toMatchObject({
      ok: false,
      code: "paper.reasons.scoreOutOfRange",
    });
    expect(await correctPaperScore(h.db, trainer, { ...fix(quizId, paper, attemptId, "   "), version: "A", score: "2" })).toMatchObject({
      ok: false,
      code: "paper.fix.reasonRequired",
    });
    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, attemptId, ""))).toMatchObject({ ok: false, code: "paper.fix.reasonRequired" });
    expect(await state(quizId)).toEqual(before);
  });

  it("deletes a paper score: the result comes from the online attempts left, which stay as they were; none left, no result", async () => {
    const { quizId, paper } = await sitting({ settings: { attemptsAllowed: 3 } });
    const online = await onlineAttempt(quizId, worker);
    const onlineResult = await resultOf(quizId, worker);
    expect(onlineResult).toMatchObject({ score: 0, attemptsCounted: 1 });
    const paperId = await paperScore(trainer, paper, "900004", String(paper.maxScore));
    expect(await resultOf(quizId, worker)).toMatchObject({ score: paper.maxScore, attemptsCounted: 2, passed: true });
    const onlineRow = (await attemptsOf(quizId, worker)).find((a) => a.id === online);

    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, paperId, "未参加，误录"))).toMatchObject({ ok: true, value: { name: "林晓雨" } });
    const left = await attemptsOf(quizId, worker);
    expect(left).toEqual([onlineRow]);
    expect(await resultOf(quizId, worker)).toMatchObject({ score: 0, maxScore: onlineResult!.maxScore, attemptsCounted: 1, passed: false });
    const [row] = await auditOf("quiz.paper.delete", worker);
    expect(row).toMatchObject({
      actorUserId: trainer.userId,
      before: { paperExamId: paper.id, attemptId: paperId, version: "A", score: paper.maxScore },
      after: { reason: "未参加，误录" },
    });

    // A member whose only result was the paper one has none left.
    const other = first(
      await h.db
        .select({ no: members.employeeNo, id: members.id })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(and(eq(orgUnits.id, station), sql`${members.id} <> ${worker}`, sql`${members.id} <> ${trainer.memberId}`, eq(members.status, "active"))),
      "another member of the station",
    );
    const theirs = await paperScore(trainer, paper, other.no, "1");
    expect(await resultOf(quizId, other.id)).not.toBeNull();
    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, theirs))).toMatchObject({ ok: true });
    expect(await resultOf(quizId, other.id)).toBeNull();
    expect(await attemptsOf(quizId, other.id)).toHaveLength(0);
  });

  it("refuses what is not a paper score of this sitting and quiz with a clear message, and changes nothing", async () => {
    const { quizId, paper } = await sitting({ settings: { attemptsAllowed: 3 } });
    const other = await sitting();
    const online = await onlineAttempt(quizId, worker);
    const paperId = await paperScore(trainer, paper, "900004", "1");
    const before = await state(quizId);
    const notFound = { ok: false, kind: "notFound", code: "paper.fix.notFound" };
    // The online attempt: never touched by a paper correction.
    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, online))).toMatchObject(notFound);
    expect(await correctPaperScore(h.db, trainer, { ...fix(quizId, paper, online), version: "A", score: "0" })).toMatchObject(notFound);
    // Named under another quiz, or another sitting.
    expect(await deletePaperScore(h.db, trainer, fix(other.quizId, other.paper, paperId))).toMatchObject(notFound);
    expect(await deletePaperScore(h.db, trainer, fix(other.quizId, paper, paperId))).toMatchObject({
      ok: false,
      kind: "notFound",
      code: "paper.errors.notFound",
    });
    // (a sitting of another quiz is refused as such, before any score is looked at)
    expect(await deletePaperScore(h.db, trainer, fix(quizId, other.paper, paperId))).toMatchObject({
      ok: false,
      kind: "notFound",
      code: "paper.errors.notFound",
    });
    // One that does not exist (or no longer does).
    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, 2_000_000_000))).toMatchObject(notFound);
    expect(await state(quizId)).toEqual(before);
    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, paperId))).toMatchObject({ ok: true });
    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, paperId))).toMatchObject(notFound);
  });

  it("refuses a worker, a trainer who may not change the quiz and one whose scope no longer holds the member; nothing changes", async () => {
    // The quiz of a trainer over 采油九队, a score for a member of 采油九队 outside 韦2中转站.
    const t09 = await principalOf(h.db, "900003", [{ role: "trainer", scope: "T09" }]);
    const { quizId, paper } = await sitting({ unitCode: "T09" }, t09);
    const w2 = first(await h.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T09-W2")), "W2").path;
    const t09path = first(await h.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").path;
    const away = first(
      await h.db
        .select({ no: members.employeeNo })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(
          and(
            sql`${orgUnits.path} LIKE ${`${t09path}%`}`,
            sql`${orgUnits.path} NOT LIKE ${`${w2}%`}`,
            sql`${members.id} <> ${t09.memberId}`,
            eq(members.status, "active"),
          ),
        ),
      "a member of 采油九队 outside 韦2中转站",
    );
    const attemptId = await paperScore(t09, paper, away.no, "1");
    const before = await state(quizId);
    const tries: [Principal, string][] = [
      [await principalOf(h.db, "900004", [{ role: "worker", scope: null }]), "errors.forbidden"],
      // Another trainer over 采油九队: not the quiz's maker, not over the whole area.
      [await principalOf(h.db, "900002", [{ role: "trainer", scope: "T09" }]), "quizAdmin.errors.notYours"],
      // The maker, now a trainer of 韦2中转站 only: the sitting's station is in scope, the member is not.
      [await principalOf(h.db, "900003", [{ role: "trainer", scope: "T09-W2" }]), "paper.reasons.outOfScope"],
    ];
    for (const [who, code] of tries) {
      expect(await deletePaperScore(h.db, who, fix(quizId, paper, attemptId)), code).toMatchObject({ ok: false, kind: "forbidden", code });
      expect(await correctPaperScore(h.db, who, { ...fix(quizId, paper, attemptId), version: "A", score: "0" }), code).toMatchObject({
        ok: false,
        kind: "forbidden",
        code,
      });
    }
    expect(await state(quizId)).toEqual(before);
  });

  it("counts a paper attempt under the quiz's limit: no extra online attempt; deleting it gives the attempt back", async () => {
    const { quizId, paper } = await sitting({ settings: { attemptsAllowed: 1 } });
    const attemptId = await paperScore(trainer, paper, "900004", "1");
    const m = first(
      await h.db
        .select({ id: members.id, orgPath: orgUnits.path, jobId: members.jobId })
        .from(members)
        .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
        .where(eq(members.id, worker)),
      "worker",
    );
    const listed = async () => (await quizzesForMember(h.db, m)).find((q) => q.id === quizId);
    expect(await listed()).toMatchObject({ attemptsAllowed: 1, attemptsUsed: 1, result: { score: 1 } });
    expect(await startAttempt(h.db, { quizId, memberId: worker })).toMatchObject({ ok: false, code: "quizTake.errors.noAttemptsLeft" });
    expect((await attemptsOf(quizId, worker)).map((a) => a.source)).toEqual(["paper"]);

    expect(await deletePaperScore(h.db, trainer, fix(quizId, paper, attemptId))).toMatchObject({ ok: true });
    expect(await listed()).toMatchObject({ attemptsUsed: 0, result: null });
    expect(await startAttempt(h.db, { quizId, memberId: worker })).toMatchObject({ ok: true });

    // Two allowed: the paper one and one online, then no third.
    const two = await sitting({ settings: { attemptsAllowed: 2 } });
    await paperScore(trainer, two.paper, "900004", "1");
    await onlineAttempt(two.quizId, worker);
    expect(await startAttempt(h.db, { quizId: two.quizId, memberId: worker })).toMatchObject({ ok: false, code: "quizTake.errors.noAttemptsLeft" });
  });

  it("imports a sheet again with a changed score: an update of the same attempt, said so in the preview and the summary", async () => {
    const { quizId, paper } = await sitting();
    const sheet = async (score: number) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("成绩");
      ws.addRow(["工号", "姓名", "版本", "得分"]);
      ws.addRow(["900004", "林晓雨", "A", score]);
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    const importSheet = async (file: Uint8Array) => {
      const pre = await previewPaperImport(h.db, trainer, paper.id, file);
      if (!pre.ok) throw new Error(pre.code);
      return { counts: pre.value.counts, done: await importPaperScores(h.db, trainer, paper.id, file, { digest: pre.value.digest }) };
    };
    expect(await importSheet(await sheet(1))).toMatchObject({ counts: { create: 1, update: 0 }, done: { ok: true, value: { created: 1 } } });
    const [was] = await attemptsOf(quizId, worker);
    expect(await importSheet(await sheet(2))).toMatchObject({
      counts: { create: 0, update: 1, unchanged: 0 },
      done: { ok: true, value: { created: 0, updated: 1 } },
    });
    const now = await attemptsOf(quizId, worker);
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ id: was!.id, attemptNo: was!.attemptNo, score: 2 });
    expect(await resultOf(quizId, worker)).toMatchObject({ score: 2, attemptsCounted: 1 });
    const [logged] = await auditOf("quiz.paper.import", worker);
    expect(logged).toMatchObject({ actorUserId: trainer.userId, before: { version: "A", score: 1 }, after: { score: 2 } });
  });
});
