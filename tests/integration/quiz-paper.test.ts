import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attempts, members, orgUnits, quizResults } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { fileDigest } from "@/lib/core/import-preview";
import { makeTranslator } from "@/lib/i18n";
import { personFile } from "@/lib/person-file";
import { quizResultsByMember } from "@/lib/quiz/admin";
import { getItemStats } from "@/lib/quiz/stats-items";
import { createPaperExam, inVersionOrder, paperExamToManage, paperRoster, recordPaperScore } from "@/lib/quiz/paper";
import { importPaperScores, paperScoreTemplate, previewPaperImport } from "@/lib/quiz/paper-import";
import { paperPdf } from "@/lib/quiz/paper-pdf";
import { drivers, createTestDb } from "../helpers/db";
import { paperWorld, principalOf, publishedQuiz, sampleQuestions } from "../helpers/quiz";
import { first } from "../helpers/rows";

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("成绩");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The database with a count of the statements started through it (select, execute, insert, update, delete). */
function counting(db: DbHandle["db"]): { db: DbHandle["db"]; count: () => number } {
  let n = 0;
  const started = new Set(["select", "execute", "insert", "update", "delete", "transaction"]);
  const proxy = new Proxy(db, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        if (typeof prop === "string" && started.has(prop)) n++;
        return v.apply(target, args);
      };
    },
  });
  return { db: proxy, count: () => n };
}

describe.each(drivers())("paper exams (线下考试) on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let station: number;
  let worker: number;
  const t = makeTranslator("zh-CN");
  const employeeNoOf = async (id: number) => first(await h.db.select({ no: members.employeeNo }).from(members).where(eq(members.id, id)), "member").no;
  const paperAttempts = async (quizId: number) =>
    h.db
      .select()
      .from(attempts)
      .where(and(eq(attempts.quizId, quizId), eq(attempts.source, "paper")));

  beforeAll(async () => {
    h = await createTestDb(driver);
    ({ trainer, station, worker } = await paperWorld(h.db));
  });
  afterAll(async () => h?.close());

  it("is opened only by someone who may change the quiz, at a station in their scope", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const teamTrainer = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T08" }]);
    expect(await createPaperExam(h.db, teamTrainer, { quizId, orgUnitId: station })).toMatchObject({ ok: false, code: "quizAdmin.errors.notYours" });
    const workerP = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    expect(await createPaperExam(h.db, workerP, { quizId, orgUnitId: station })).toMatchObject({ ok: false, kind: "forbidden" });
    // A team trainer's own quiz, at a station of another team.
    const own = await publishedQuiz(h.db, { by: teamTrainer, unitCode: "T08", questions: sampleQuestions().slice(0, 2) });
    expect(await createPaperExam(h.db, teamTrainer, { quizId: own.quizId, orgUnitId: station })).toMatchObject({
      ok: false,
      code: "paper.errors.stationOutOfScope",
    });
    const made = await createPaperExam(h.db, trainer, { quizId, orgUnitId: station });
    if (!made.ok) throw new Error(made.code);
    expect(await paperExamToManage(h.db, teamTrainer, made.value.id)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await paperExamToManage(h.db, workerP, made.value.id)).toMatchObject({ ok: false, kind: "forbidden" });
  });

  it("prints papers A and B with the same questions in two orders, keys, answer sheets and the station's sign-in sheet", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const made = await createPaperExam(h.db, trainer, { quizId, orgUnitId: station });
    if (!made.ok) throw new Error(made.code);
    const paper = await paperExamToManage(h.db, trainer, made.value.id, quizId);
    if (!paper.ok) throw new Error(paper.code);
    const a = inVersionOrder(paper.value, "A").map((q) => q.position);
    const b = inVersionOrder(paper.value, "B").map((q) => q.position);
    expect(a.slice().sort()).toEqual(b.slice().sort());
    expect(a).not.toEqual(b);
    const { extractText, getDocumentProxy } = await import("unpdf");
    const text = async (bytes: Uint8Array) => (await extractText(await getDocumentProxy(bytes), { mergePages: true })).text;
    const papers = await text(await paperPdf(h.db, t, paper.value, "papers", []));
    for (const s of ["试卷 A", "试卷 B", "抽油机启机前首先应检查什么？", "下列哪些属于安全防护用品？", "简述气动调节阀的维护要点。", "韦2中转站", "姓名"])
      expect(papers).toContain(s);
    // Each question is on both papers.
    expect(papers.split("抽油机启机前首先应检查什么？").length - 1).toBe(2);
    const keys = await text(await paperPdf(h.db, t, paper.value, "keys", []));
    expect(keys).toContain("答案 A");
    expect(keys).toContain("答案 B");
    const sheets = await text(await paperPdf(h.db, t, paper.value, "sheets", []));
    expect(sheets).toContain("答题卡 A");
    const roster = await paperRoster(h.db, paper.value);
    expect(roster.map((m) => m.employeeNo)).toContain("900004");
    const signin = await text(await paperPdf(h.db, t, paper.value, "signin", roster));
    expect(signin).toContain("签到表");
    expect(signin).toContain("林晓雨");
  });

  it("imports scores through the preview: results of record, per-question scores in the item statistics; the same file again adds nothing", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const made = await createPaperExam(h.db, trainer, { quizId, orgUnitId: station });
    if (!made.ok) throw new Error(made.code);
    const paper = await paperExamToManage(h.db, trainer, made.value.id);
    if (!paper.ok) throw new Error(paper.code);
    const n = paper.value.questions.length;
    const roster = (await paperRoster(h.db, paper.value)).filter((m) => m.id !== trainer.memberId);
    const other = first(
      roster.filter((m) => m.id !== worker),
      "another member",
    );
    // The template lists the station.
    const template = await paperScoreTemplate(h.db, trainer, made.value.id, t);
    expect(template.ok).toBe(true);
    const file = await xlsx([
      ["工号", "姓名", "版本", "得分", ...Array.from({ length: n }, (_, i) => `Q${i + 1}`)],
      ["900004", "林晓雨", "A", "", ...Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1))],
      [other.employeeNo, other.name, "B", "", ...Array.from({ length: n }, () => 1)],
      ["999999", "没来", "", "", ...Array.from({ length: n }, () => null)],
    ]);
    const preview = await previewPaperImport(h.db, trainer, made.value.id, file);
    if (!preview.ok) throw new Error(preview.code);
    expect(preview.value.counts).toMatchObject({ create: 2, refused: 0, unchanged: 0 });
    expect(await paperAttempts(quizId)).toHaveLength(0);
    const done = await importPaperScores(h.db, trainer, made.value.id, file, { digest: preview.value.digest });
    expect(done).toMatchObject({ ok: true, value: { created: 2, updated: 0 } });

    const max = paper.value.maxScore;
    const firstOfA = inVersionOrder(paper.value, "A")[0]!.points;
    const mine = first(
      await h.db
        .select()
        .from(quizResults)
        .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, worker))),
      "result",
    );
    expect(mine).toMatchObject({ score: max - firstOfA, maxScore: max, passed: true });
    const theirs = first(
      await h.db
        .select()
        .from(quizResults)
        .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, other.id))),
      "result",
    );
    expect(theirs).toMatchObject({ score: max, percent: 100 });
    // Where results of record are shown: the quiz's results (marked as on paper) and the member's 一人一档.
    const listed = (await quizResultsByMember(h.db, trainer, quizId, {})).rows.find((r) => r.memberId === worker);
    expect(listed).toMatchObject({ attempts: 1, paper: 1, result: { score: max - firstOfA, max } });
    const record = await personFile(h.db, trainer, worker);
    if (!record.ok) throw new Error(record.code);
    expect(record.value.quizzes.map((q) => q.title)).toContain(paper.value.quiz.title);
    const stats = await getItemStats(h.db, trainer, quizId);
    expect(stats.analysedAttempts).toBe(2);
    const q1 = inVersionOrder(paper.value, "A")[0]!.question;
    expect(stats.items.find((i) => i.stem === q1.stem)?.facility).toBe(50);
    // Every other question was right on both papers, whatever its type (an essay marked on paper too).
    for (const i of stats.items) expect(i.facility, i.stem).toBe(i.stem === q1.stem ? 50 : 100);

    // The same file again: every row unchanged, nothing written.
    const again = await previewPaperImport(h.db, trainer, made.value.id, file);
    expect(again).toMatchObject({ ok: true, value: { counts: { create: 0, update: 0, unchanged: 2 } } });
    expect(await importPaperScores(h.db, trainer, made.value.id, file, { digest: fileDigest(file) })).toMatchObject({
      ok: false,
      code: "importPreview.nothing",
    });
    expect(await paperAttempts(quizId)).toHaveLength(2);

    // A total typed on the page corrects the member's paper attempt (still one).
    expect(await recordPaperScore(h.db, trainer, { paperId: made.value.id, employeeNo: "900004", version: "B", score: "1" })).toMatchObject({
      ok: true,
      value: { outcome: "updated" },
    });
    expect(await paperAttempts(quizId)).toHaveLength(2);
    expect(
      first(
        await h.db
          .select()
          .from(quizResults)
          .where(and(eq(quizResults.quizId, quizId), eq(quizResults.memberId, worker))),
        "result",
      ),
    ).toMatchObject({
      score: 1,
      passed: false,
    });
  });

  it("judges a file with a fixed number of queries, however many rows it has (no query per row)", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const made = await createPaperExam(h.db, trainer, { quizId, orgUnitId: station });
    if (!made.ok) throw new Error(made.code);
    const paper = await paperExamToManage(h.db, trainer, made.value.id);
    if (!paper.ok) throw new Error(paper.code);
    const roster = (await paperRoster(h.db, paper.value)).filter((m) => m.id !== trainer.memberId);
    expect(roster.length).toBeGreaterThanOrEqual(4);
    const fileOf = (n: number, unknown = true) =>
      xlsx([
        ["工号", "姓名", "版本", "得分"],
        ...roster.slice(0, n).map((m) => [m.employeeNo, m.name, "A", 1]),
        ...(unknown ? [["999999", "某人", "A", 1]] : []),
      ]);
    // Some rows already recorded, so the stored attempts are read too.
    const first2 = await fileOf(2, false);
    const pre = await previewPaperImport(h.db, trainer, made.value.id, first2);
    if (!pre.ok) throw new Error(pre.code);
    expect(await importPaperScores(h.db, trainer, made.value.id, first2, { digest: pre.value.digest })).toMatchObject({ ok: true });
    const counted = async (file: Uint8Array) => {
      const c = counting(h.db);
      const r = await previewPaperImport(c.db, trainer, made.value.id, file);
      if (!r.ok) throw new Error(r.code);
      return { queries: c.count(), counts: r.value.counts };
    };
    const small = await counted(await fileOf(1));
    const large = await counted(await fileOf(roster.length));
    expect(small.counts).toMatchObject({ unchanged: 1, refused: 1 });
    expect(large.counts).toMatchObject({ unchanged: 2, create: roster.length - 2, refused: 1 });
    expect(large.queries).toBe(small.queries);
  });

  it("refuses bad rows with their reasons and writes nothing", async () => {
    const t09 = await principalOf(h.db, "900003", [{ role: "trainer", scope: "T09" }]);
    const { quizId } = await publishedQuiz(h.db, { by: t09, unitCode: "T09", questions: sampleQuestions().slice(0, 3) });
    const made = await createPaperExam(h.db, t09, { quizId, orgUnitId: station });
    if (!made.ok) throw new Error(made.code);
    const outside = await employeeNoOf(
      first(
        await h.db.select({ id: members.id }).from(members).innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId)).where(eq(orgUnits.code, "T08-W4")),
        "T08 member",
      ).id,
    );
    const file = await xlsx([
      ["工号", "姓名", "版本", "得分"],
      ["900004", "林晓雨", "A", 4],
      ["999999", "某人", "A", 3],
      [outside, "外队", "A", 3],
      ["900004", "重复", "B", 3],
    ]);
    const file2 = await xlsx([
      ["工号", "姓名", "版本", "得分"],
      ["900004", "林晓雨", "C", 4],
    ]);
    const file3 = await xlsx([
      ["工号", "姓名", "版本", "得分"],
      ["900004", "林晓雨", "A", 99],
    ]);
    const preview = await previewPaperImport(h.db, t09, made.value.id, file);
    if (!preview.ok) throw new Error(preview.code);
    expect(preview.value.counts).toMatchObject({ create: 1, refused: 3 });
    const codes = preview.value.rows.flatMap((r) => r.reasons.map((p) => p.code));
    expect(codes).toEqual(expect.arrayContaining(["paper.reasons.unknownNo", "paper.reasons.outOfScope", "paper.reasons.repeated"]));
    const refused = await importPaperScores(h.db, t09, made.value.id, file, { digest: preview.value.digest });
    expect(refused).toMatchObject({ ok: false, code: "paper.import.refused" });
    expect(await importPaperScores(h.db, t09, made.value.id, file2)).toMatchObject({ ok: false, problems: [{ code: "paper.reasons.badVersion" }] });
    expect(await importPaperScores(h.db, t09, made.value.id, file3)).toMatchObject({ ok: false, problems: [{ code: "paper.reasons.scoreOutOfRange" }] });
    expect(await paperAttempts(quizId)).toHaveLength(0);
    expect(await h.db.select().from(quizResults).where(eq(quizResults.quizId, quizId))).toHaveLength(0);
    // Another trainer's sitting is not theirs to import into.
    const t10 = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T10" }]);
    expect(await previewPaperImport(h.db, t10, made.value.id, file)).toMatchObject({ ok: false, kind: "forbidden" });
  });
});
