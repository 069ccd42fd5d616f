import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { attemptQuestions, questionVersions } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { editQuestion } from "@/lib/quiz/bank";
import { getAttemptView, startAttempt } from "@/lib/quiz/attempts";
import { exportMoodleXml, exportXlsx, importXlsx, sampleQuestions } from "@/lib/quiz";
import type { Question } from "@/lib/quiz/types";
import {
  getQuestion,
  importQuestionFile,
  listCategoryTree,
  parseQuizForm,
  quizFormInput,
  payloadToQuestion,
  questionToPayload,
  questionsForExport,
  quizFormValues,
  renameCategory,
  searchQuestions,
} from "@/lib/quiz/admin";
import { readFileSync } from "node:fs";
import { grade } from "@/lib/quiz/grading";
import { createTestDb, drivers } from "../helpers/db";
import { fromZonedInput, toZonedInput } from "@/lib/core/time";
import type { Principal } from "@/lib/auth/permissions";
import { areaTrainer, memberIdOf, publishedQuiz, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/** A question with option ids replaced by positions, so two imports of one file compare equal. */
function comparable(q: Question) {
  if (q.type !== "single" && q.type !== "multiple") return { ...q, title: undefined };
  const pos = (id: string) => q.options.findIndex((o) => o.id === id);
  const options = q.options.map((o, i) => ({ id: String(i), text: o.text }));
  const key = q.type === "single" ? { correct: String(pos(q.key.correct)) } : { correct: q.key.correct.map((id) => String(pos(id))).sort() };
  return { ...q, title: undefined, options, key };
}

async function countQuestions(h: DbHandle): Promise<number> {
  return Number(first(rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM questions`)), "count").n);
}

async function sheet(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("题库");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.each(drivers())("the question bank on %s", (driver) => {
  let h: DbHandle;
  let t: Principal;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 30 });
    t = await areaTrainer(h.db);
  });
  afterAll(async () => h?.close());

  it("imports nothing from a file with one bad question, and says where and why", async () => {
    const before = await countQuestions(h);
    const header = ["题型", "题干", "选项A", "选项B", "选项C", "答案", "解析", "难度", "分类", "分值"];
    const xlsx = await sheet([
      header,
      ["单选", "抽油机启机前首先检查（　）。", "刹车", "皮带", "电压", "A", "", 2, "采油/抽油机", 2],
      ["单选", "光杆密封器的作用是（　）。", "防漏", "调冲程", "", "D", "", 3, "采油/抽油机", 2],
      ["判断", "可以带电检修电机。", "", "", "", "错", "", 1, "安全", 1],
    ]);
    const r = await importQuestionFile(h.db, t, xlsx, "题库.xlsx");
    expect(r.ok).toBe(false);
    if (r.ok || !("format" in r)) throw new Error("refused for another reason");
    expect(r.format).toBe("xlsx");
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ row: 3, column: "答案" });
    expect(await countQuestions(h)).toBe(before);

    const gift = [
      "// 采油",
      "::Q1:: 抽油机启机前首先检查什么？ {=刹车 ~皮带 ~电压}",
      "",
      "::Q2:: 油井含水率用什么表示？ {",
      "=百分比",
      "",
      "::Q3:: 可以带电检修电机。 {F}",
      "",
    ].join("\n");
    const g = await importQuestionFile(h.db, t, new TextEncoder().encode(gift), "bank.txt");
    expect(g.ok).toBe(false);
    if (!g.ok && "format" in g) {
      expect(g.format).toBe("gift");
      expect(g.problems[0]?.line).toBe(4);
    }
    expect(await countQuestions(h)).toBe(before);
  });

  it("imports an .xlsx whole, and export then import gives the same questions", async () => {
    const original = sampleQuestions();
    const file = new Uint8Array(await exportXlsx(original));
    const first = await importXlsx(file);
    if (!first.ok) throw new Error(JSON.stringify(first.problems));

    const r = await importQuestionFile(h.db, t, file, "samples.xlsx");
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.value.created).toBe(original.length);
    const tree = await listCategoryTree(h.db, t);
    const oil = tree.find((c) => c.names.join("/") === "采油")!;
    expect(oil.total).toBeGreaterThan(0);

    // Everything in the bank is what this test imported, so "all" is exactly the file.
    const exported = await questionsForExport(h.db, t);
    expect(exported).toHaveLength(original.length);
    const again = await importXlsx(new Uint8Array(await exportXlsx(exported)));
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    const sort = (qs: Question[]) => qs.map(comparable).sort((a, b) => a.stem.localeCompare(b.stem));
    expect(sort(again.questions)).toEqual(sort(first.questions));

    // The Moodle XML export reads back as a Moodle file too, detected by its content.
    const xml = exportMoodleXml(exported.filter((q) => q.category[0] === "采油"));
    const before = await countQuestions(h);
    const m = await importQuestionFile(h.db, t, new TextEncoder().encode(xml), "export.dat");
    expect("format" in m && m.format).toBe("moodle");
    expect(m.ok).toBe(true);
    expect(await countQuestions(h)).toBe(before + exported.filter((q) => q.category[0] === "采油").length);

    const list = await searchQuestions(h.db, t, { cat: oil.id, q: "盘根" });
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.rows.every((row) => row.categoryPath.startsWith("采油") && row.stem.includes("盘根"))).toBe(true);
  });

  it("makes a new version on edit, while an attempt keeps the version it was given", async () => {
    const { quizId, questionIds } = await publishedQuiz(h.db);
    const worker = await memberIdOf(h.db, "900004");
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    if (!s.ok) throw new Error(s.code);

    const single = first(questionIds, "question");
    const detail = await getQuestion(h.db, t, single);
    expect(detail?.versions).toHaveLength(1);
    const payload = questionToPayload(detail!.shown.question);
    const edited = payloadToQuestion({ ...payload, stem: "抽油机启机前，首先应检查（　）？（修订）" });
    expect(edited.problems).toEqual([]);
    const saved = await editQuestion(h.db, t, single, edited.question!);
    expect(saved).toMatchObject({ ok: true, value: { version: 2 } });

    const after = await getQuestion(h.db, t, single);
    expect(after?.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(after?.shown.question.stem).toContain("修订");
    expect((await getQuestion(h.db, t, single, 1))?.shown.question.stem).toBe(sampleOf("single").stem);

    const view = await getAttemptView(h.db, s.value.attemptId, worker);
    if (!view.ok) throw new Error(view.code);
    const stems = view.value.questions.map((q) => q.question.stem);
    expect(stems).toContain(sampleOf("single").stem);
    expect(stems.some((x) => x.includes("修订"))).toBe(false);
    const given = await h.db
      .select({ v: questionVersions.version })
      .from(attemptQuestions)
      .innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
      .where(eq(questionVersions.questionId, single));
    expect(given.map((g) => g.v)).toEqual([1]);
  });

  it("renames a category in place: questions stay filed under it, a clashing or bad name changes nothing", async () => {
    const { ensureCategoryPath } = await import("@/lib/quiz/bank");
    const id = await ensureCategoryPath(h.db, ["改名测试", "旧名"]);
    await ensureCategoryPath(h.db, ["改名测试", "已有"]);
    const before = (await listCategoryTree(h.db, t)).find((c) => c.id === id)!;
    expect(await renameCategory(h.db, t, id, "已有")).toMatchObject({ ok: false, code: "quizAdmin.errors.categoryNameTaken" });
    expect(await renameCategory(h.db, t, id, "a/b")).toMatchObject({ ok: false, code: "quizAdmin.errors.categoryNameInvalid" });
    expect(await renameCategory(h.db, t, id, "  ")).toMatchObject({ ok: false, code: "quizAdmin.errors.categoryNameInvalid" });
    expect(await renameCategory(h.db, t, 999_999, "新名")).toMatchObject({ ok: false, code: "quizAdmin.errors.unknownCategory" });
    expect((await listCategoryTree(h.db, t)).find((c) => c.id === id)!.names).toEqual(["改名测试", "旧名"]);
    expect(await renameCategory(h.db, t, id, " 新名 ")).toEqual({ ok: true, value: undefined });
    const after = (await listCategoryTree(h.db, t)).find((c) => c.id === id)!;
    expect(after).toMatchObject({ names: ["改名测试", "新名"], path: before.path });
    // The name the importer matches on is the new one: importing into 改名测试/新名 files there.
    expect(await ensureCategoryPath(h.db, ["改名测试", "新名"])).toBe(id);
  });

  it("reads the editor's payload per field, reporting numbers that are not numbers", () => {
    const base = questionToPayload(sampleOf("numeric"));
    expect(payloadToQuestion(base).problems).toEqual([]);
    const bad = payloadToQuestion({ ...base, points: "两分", numeric: { ...base.numeric, value: "1.5.2" } });
    expect(bad.question).toBeNull();
    expect(bad.problems.map((p) => [p.field, p.code])).toEqual(
      expect.arrayContaining([
        ["points", "quiz.question.badPoints"],
        ["answer", "quiz.question.badNumber"],
      ]),
    );
    const noKey = payloadToQuestion({
      ...questionToPayload(sampleOf("single")),
      options: [
        { id: "a", text: "刹车", correct: false, fraction: "" },
        { id: "b", text: "皮带", correct: false, fraction: "" },
      ],
    });
    expect(noKey.problems.map((p) => p.code)).toEqual(["quiz.question.noCorrect"]);
  });

  it("writes the rest of a file only when the trainer asks, and keeps Moodle's grades and penalty in the bank", async () => {
    const file = new Uint8Array(readFileSync(new URL("../fixtures/import/mixed.gift", import.meta.url)));
    const before = await countQuestions(h);
    const refused = await importQuestionFile(h.db, t, file, "mixed.gift");
    if (refused.ok || !("format" in refused)) throw new Error("expected the problems first");
    expect([refused.format, refused.problems.length, refused.importable]).toEqual(["gift", 7, 38]);
    expect(await countQuestions(h)).toBe(before);

    const r = await importQuestionFile(h.db, t, file, "mixed.gift", { importRest: true });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect([r.value.created, r.value.skippedTotal]).toEqual([38, 7]);
    expect(r.value.skipped.map((p) => p.line)).toContain(65);
    // The matching block at line 42 was refused before matching questions existed; it imports now.
    expect(r.value.skipped.map((p) => p.line)).not.toContain(42);
    expect(await countQuestions(h)).toBe(before + 38);

    const xml = `<quiz><question type="multichoice"><name><text>罚分</text></name><questiontext><text>带罚分的多选</text></questiontext>
      <single>false</single><penalty>0.1</penalty>
      <answer fraction="100"><text>黄</text></answer><answer fraction="-50"><text>红</text></answer><answer fraction="-50"><text>蓝</text></answer></question></quiz>`;
    const x = await importQuestionFile(h.db, t, new TextEncoder().encode(xml), "penalty.xml");
    if (!x.ok) throw new Error(JSON.stringify(x));
    const stored = await getQuestion(h.db, t, x.value.questionIds[0]!);
    if (!stored) throw new Error("not stored");
    const q = stored.shown.question;
    expect(q).toMatchObject({ type: "multiple", title: "罚分", penalty: 0.1 });
    if (q.type !== "multiple") throw new Error("not multiple");
    const id = (text: string) => q.options.find((o) => o.text === text)!.id;
    expect(q.key.fractions).toEqual({ [id("黄")]: 1, [id("红")]: -0.5, [id("蓝")]: -0.5 });
    expect(grade(q, { type: "multiple", optionIds: [id("黄"), id("红")] }).score).toBe(0.5);
  });
});

describe("quiz windows in the site's time zone", () => {
  it("reads wall-clock times in Asia/Shanghai and writes them back", () => {
    const d = fromZonedInput("2026-10-01T08:00", "Asia/Shanghai")!;
    expect(d.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(toZonedInput(d, "Asia/Shanghai")).toBe("2026-10-01T08:00");
    expect(fromZonedInput("2026-02-30T08:00", "Asia/Shanghai")).toBeNull();
    // A zone with daylight saving: 2026-07-01 09:30 in London is 08:30 UTC.
    expect(fromZonedInput("2026-07-01T09:30", "Europe/London")!.toISOString()).toBe("2026-07-01T08:30:00.000Z");
  });

  it("turns the form into settings, with a message per wrong field", () => {
    const v = quizFormValues(null, "Asia/Shanghai", new Date("2026-11-23T03:20:00Z"));
    expect(v.quarter).toBe("2026-Q4");
    const ok = parseQuizForm({ ...v, title: "2026年第4季度采油小会考", timeLimitMin: "45" }, "Asia/Shanghai");
    expect(ok.ok && ok.input.timeLimitS).toBe(2700);
    expect(ok.ok && ok.input.opensAt.toISOString()).toBe("2026-11-23T04:00:00.000Z");
    const bad = parseQuizForm({ ...v, title: "", closesAt: v.opensAt, attemptsAllowed: "0", passPercent: "101" }, "Asia/Shanghai");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fields).sort()).toEqual(["attemptsAllowed", "closesAt", "passPercent", "title"]);
    // Series and specialty: what job requirements match a quiz on.
    expect(ok.ok && [ok.input.series, ok.input.specialty]).toEqual(["季度小会考", null]);
    const boiler = parseQuizForm({ ...v, title: "锅炉专业考试", series: "专业考试", specialty: "boiler" }, "Asia/Shanghai");
    expect(boiler.ok && [boiler.input.series, boiler.input.specialty]).toEqual(["专业考试", "boiler"]);
    // Whether a code is in the list is the save's check (tests/integration/specialties.test.ts); the form refuses what cannot be a code.
    const wrong = parseQuizForm({ ...v, title: "x", series: " ", specialty: "c".repeat(41) }, "Asia/Shanghai");
    expect(!wrong.ok && Object.keys(wrong.fields).sort()).toEqual(["series", "specialty"]);
    // What a crafted post sends the settings action: an unknown choice, broken text. Each is a
    // message on its field (never a 500 from the database), and the range keeps its bounds.
    const post = { ...v, title: "标题\uD800", timeLimitMin: "30", attemptsAllowed: "0", gradingMethod: "bogus", layout: "x", overduePolicy: "later" } as Record<
      string,
      unknown
    >;
    const crafted = quizFormInput.safeParse(post);
    expect(crafted.success).toBe(false);
    if (!crafted.success) {
      const byField = Object.fromEntries(crafted.error.issues.map((i) => [String(i.path[0]), [i.message, (i as { params?: unknown }).params]]));
      expect(byField).toMatchObject({
        title: ["errors.badCharacters", undefined],
        attemptsAllowed: ["quizAdmin.form.errors.range", { min: 1, max: 20 }],
        gradingMethod: ["errors.invalidInput", undefined],
        layout: ["errors.invalidInput", undefined],
        overduePolicy: ["errors.invalidInput", undefined],
      });
    }
    expect(quizFormInput.safeParse({ ...post, id: "99999999999" }).success).toBe(false);
  });
});
