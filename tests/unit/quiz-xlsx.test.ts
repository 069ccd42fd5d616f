import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { exportXlsx, importXlsx } from "@/lib/quiz/import/xlsx";
import type { ImportProblem, ImportResult } from "@/lib/quiz/import/problems";
import { sampleQuestions } from "@/lib/quiz/samples";
import type { Question } from "@/lib/quiz/types";

function counter(prefix = "o") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

type CellInput = string | number | null;

async function xlsxOf(rows: CellInput[][], opts: { sheets?: { name: string; rows: CellInput[][] }[] } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of opts.sheets ?? []) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  const ws = wb.addWorksheet("题库");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function questionsOf(file: Uint8Array): Promise<Question[]> {
  const r = await importXlsx(file, { newId: counter() });
  if (!r.ok) throw new Error(`expected questions, got ${JSON.stringify(r.problems)}`);
  return r.questions;
}

async function problemsOf(file: Uint8Array): Promise<ImportProblem[]> {
  const r: ImportResult = await importXlsx(file, { newId: counter() });
  if (r.ok) throw new Error("expected problems, got questions");
  return r.problems;
}

const HEADER = ["序号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "难度", "分类", "分值", "单位", "标签"];

describe("reading the trainers' template", () => {
  it("reads every type in the spellings trainers use", async () => {
    const file = await xlsxOf([
      ["2026年第4季度 采油工题库"], // a title above the header
      HEADER,
      [1, "单选题", "抽油机的驴头属于（　）。", "游梁部分", "支架部分", "底座", "", "A", "驴头装在游梁前端。", "较易", "采油／抽油机", 2, "", "设备"],
      [2, "多选题", "属于计量仪表的有：", "压力表", "温度计", "流量计", "管钳", "A,B、C", "", 3, "集输", "", "", "仪表，计量"],
      [3, "判断题", "H₂S 比空气重。", "", "", "", "", "√", "", "", "", 1, "", ""],
      [4, "判断", "停机即可更换皮带。", "正确", "错误", "", "", "B", "", "", "", 1, "", ""],
      [5, "填空题", "“三不伤害”：不伤害自己、（　）、（　）。", "", "", "", "", "不伤害他人|不伤害别人；不被他人伤害", "", "", "安全", 2, "", ""],
      [6, "数值", "套压为多少？", "", "", "", "", "3.3±0.05", "", "", "", 2, "MPa", ""],
      [7, "数值题", "日产油约多少吨？", "", "", "", "", "18±2%", "", "", "", 2.5, "t", ""],
      [8, "数值", "合格温度区间中值？", "", "", "", "", "40～50", "", "", "", "1", "℃", ""],
      [9, "简答题", "简述巡回检查内容。\n（不少于三点）", "", "", "", "", "看、听、摸、闻、测", "五字法", "困难", "采油/抽油机", 10, "", ""],
      [10, "问答", "谈谈安全生产的意义。", "", "", "", "", "", "", "", "", 5, "", ""],
    ]);
    const qs = await questionsOf(file);
    expect(qs.map((q) => q.type)).toEqual(["single", "multiple", "truefalse", "truefalse", "fill", "numeric", "numeric", "numeric", "essay", "essay"]);
    expect(qs[0]).toEqual({
      type: "single",
      stem: "抽油机的驴头属于（　）。",
      options: [
        { id: "o1", text: "游梁部分" },
        { id: "o2", text: "支架部分" },
        { id: "o3", text: "底座" },
      ],
      key: { correct: "o1" },
      explanation: "驴头装在游梁前端。",
      difficulty: 2,
      points: 2,
      category: ["采油", "抽油机"],
      tags: ["设备"],
    });
    expect(qs[1]).toMatchObject({ scoring: "all_or_nothing", key: { correct: ["o4", "o5", "o6"] }, points: 1, difficulty: 3, tags: ["仪表", "计量"] });
    expect(qs[2]).toMatchObject({ key: { correct: true } });
    expect(qs[3]).toMatchObject({ key: { correct: false } });
    expect(qs[4]).toMatchObject({ key: { blanks: [["不伤害他人", "不伤害别人"], ["不被他人伤害"]] } });
    expect(qs[5]).toMatchObject({ unit: "MPa", key: { value: 3.3, tolerance: { kind: "absolute", value: 0.05 } } });
    expect(qs[6]).toMatchObject({ unit: "t", points: 2.5, key: { value: 18, tolerance: { kind: "percent", value: 2 } } });
    expect(qs[7]).toMatchObject({ unit: "℃", key: { value: 45, tolerance: { kind: "absolute", value: 5 } } });
    expect(qs[8]).toMatchObject({
      stem: "简述巡回检查内容。\n（不少于三点）",
      key: { reference: "看、听、摸、闻、测" },
      difficulty: 5,
      category: ["采油", "抽油机"],
    });
    expect(qs[9]).toMatchObject({ key: { reference: "" } });
  });

  it("finds the bank sheet behind an instructions sheet and takes any answer spelling", async () => {
    const file = await xlsxOf(
      [
        ["题型", "题目", "A", "B", "正确答案", "分数"],
        ["单选", "x", "甲", "乙", "ｂ", 1],
        ["判断", "y", null, null, "错误", 1],
        ["判断", "z", null, null, "T", 1],
        ["多选", "w", "甲", "乙", "a b", 1],
      ],
      {
        sheets: [
          {
            name: "说明",
            rows: [
              ["列", "说明"],
              ["题型", "单选……"],
            ],
          },
        ],
      },
    );
    const qs = await questionsOf(file);
    expect(
      qs.map((q) => (q.type === "truefalse" ? q.key.correct : q.type === "single" ? q.key.correct : q.type === "multiple" ? q.key.correct : null)),
    ).toEqual(["o2", false, true, ["o3", "o4"]]);
  });
});

describe("round trips", () => {
  it("model → xlsx → model gives the same questions", async () => {
    const bank = sampleQuestions(counter());
    const again = await questionsOf(await exportXlsx(bank));
    expect(again).toEqual(bank);
  });

  it("xlsx → model → xlsx → model gives the same questions", async () => {
    const file = await xlsxOf([
      HEADER,
      [1, "单选", "公式：Q = π·r²·v；单位 m³/d。", "≤ 0.5 MPa", "＞ 0.5 MPa", "", "", "A", "见《操作规程》第 3.2 条", 4, "采油/计量/单量", 1.5, "", ""],
      [2, "填空", "分隔符测试", "", "", "", "", "a\\|b|c；d\\；e", "", 1, "", 1, "", ""],
      [3, "数值", "指数形式", "", "", "", "", "0.0000123±0.0000001", "", 1, "", 1, "", ""],
      [4, "多选", "部分得分", "甲", "乙", "丙", "", "AC", "", 1, "", 3, "", ""],
    ]);
    const first = await questionsOf(file);
    expect(first[1]).toMatchObject({ key: { blanks: [["a|b", "c"], ["d；e"]] } });
    expect(first[2]).toMatchObject({ key: { value: 0.0000123, tolerance: { value: 1e-7 } } });
    const second = await questionsOf(await exportXlsx(first));
    expect(second).toEqual(first);
    const third = await questionsOf(await exportXlsx(second));
    expect(third).toEqual(first);
  });

  it("writes a template that reads back empty and carries the scoring column", async () => {
    const r = await importXlsx(await exportXlsx([]));
    expect(r).toEqual({ ok: false, problems: [{ code: "quiz.import.noQuestions" }], total: 1, rest: [] });
    const partial = sampleQuestions(counter()).filter((q) => q.type === "multiple");
    expect((await questionsOf(await exportXlsx(partial))).map((q) => q.type === "multiple" && q.scoring)).toEqual(["partial", "all_or_nothing"]);
  });
});

describe("bad files", () => {
  it("reports every bad row with its row number and column, and imports nothing", async () => {
    const file = await xlsxOf([
      HEADER,
      [1, "单选", "好题", "甲", "乙", "", "", "A", "", "", "", "", "", ""], // row 2 is fine
      [2, "连线题", "?", "", "", "", "", "A", "", "", "", "", "", ""], // 3
      [3, "单选", "超出选项", "甲", "乙", "", "", "E", "", "", "", "", "", ""], // 4
      [4, "单选", "两个答案", "甲", "乙", "", "", "AB", "", "", "", "", "", ""], // 5
      [5, "单选", "选项有空", "甲", "", "丙", "", "A", "", "", "", "", "", ""], // 6
      [6, "判断", "不对不错", "", "", "", "", "可能", "", "", "", "", "", ""], // 7
      [7, "数值", "数值不对", "", "", "", "", "约12", "", "", "", "", "", ""], // 8
      [8, "单选", "难度", "甲", "乙", "", "", "A", "", 7, "", "", "", ""], // 9
      [9, "单选", "分值", "甲", "乙", "", "", "A", "", "", "", -1, "", ""], // 10
      [10, "填空", "没有答案", "", "", "", "", "", "", "", "", "", "", ""], // 11
      [11, "问答", "不该有选项", "甲", "", "", "", "", "", "", "", "", "", ""], // 12
      [12, "单选", "", "甲", "乙", "", "", "A", "", "", "", "", "", ""], // 13
      [13, "单选", "只有一个选项", "甲", "", "", "", "A", "", "", "", "", "", ""], // 14
      [14, "判断", "单位", "", "", "", "", "对", "", "", "", "", "米", ""], // 15
      [15, "多选", "重复选项", "甲", "甲", "", "", "AB", "", "", "", 1.234, "", ""], // 16
    ]);
    const problems = await problemsOf(file);
    const at = problems.map((p) => [p.row, p.column, p.code]);
    expect(at).toEqual([
      [3, "题型", "quiz.import.typeNeedsXml"], // 连线题 is matching: the template has no columns for its key
      [4, "答案", "quiz.question.answerNotAnOption"],
      [5, "答案", "quiz.question.singleNeedsOne"],
      [6, "选项B", "quiz.import.optionGap"],
      [7, "答案", "quiz.import.badTrueFalse"],
      [8, "答案", "quiz.import.badNumericAnswer"],
      [9, "难度", "quiz.question.badDifficulty"],
      [10, "分值", "quiz.question.badPoints"],
      [11, "答案", "quiz.import.missingAnswer"],
      [12, "选项A", "quiz.import.optionsNotAllowed"],
      [13, "题干", "quiz.question.emptyStem"],
      [14, "选项A", "quiz.question.tooFewOptions"],
      [15, "单位", "quiz.import.unitNotAllowed"],
      [16, "分值", "quiz.question.badPoints"],
      [16, "选项B", "quiz.question.duplicateOptionText"],
    ]);
    expect(problems.find((p) => p.row === 7)?.params).toEqual({ value: "可能" });
  });

  it("reports header problems before reading rows", async () => {
    expect(
      await problemsOf(
        await xlsxOf([
          ["题型", "题干", "解析"],
          ["单选", "x", ""],
        ]),
      ),
    ).toEqual([{ row: 1, code: "quiz.import.missingColumns", params: { columns: "答案" } }]);
    expect(
      await problemsOf(
        await xlsxOf([
          ["题型", "题干", "答案", "题干", "备注"],
          ["单选", "x", "A", "", ""],
        ]),
      ),
    ).toEqual([
      { row: 1, column: "题干", code: "quiz.import.duplicateColumn", params: { column: "题干" } },
      { row: 1, code: "quiz.import.unknownColumns", params: { columns: "备注" } },
    ]);
    expect(
      await problemsOf(
        await xlsxOf([
          ["姓名", "工号"],
          ["张三", "1"],
        ]),
      ),
    ).toMatchObject([{ row: 1, code: "quiz.import.noHeader" }]);
  });

  it("refuses what is not an .xlsx", async () => {
    expect(await problemsOf(new Uint8Array())).toEqual([{ code: "quiz.import.empty" }]);
    expect(await problemsOf(new TextEncoder().encode("题型,题干,答案\n单选,x,A"))).toEqual([{ code: "quiz.import.notSpreadsheet" }]);
    expect(await problemsOf(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual([{ code: "quiz.import.oldExcel" }]);
    expect(await problemsOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]))).toEqual([{ code: "quiz.import.notSpreadsheet" }]);
    expect(await problemsOf(new Uint8Array(20 * 1024 * 1024 + 1))).toMatchObject([{ code: "quiz.import.tooLarge" }]);
  });

  it("caps the list of problems and says how many more there are", async () => {
    const rows: CellInput[][] = [["题型", "题干", "答案"]];
    for (let i = 0; i < 600; i++) rows.push(["单选", `题${i}`, "Z"]);
    const r = await importXlsx(await xlsxOf(rows));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.total).toBe(600);
    expect(r.problems).toHaveLength(501);
    expect(r.problems[500]).toEqual({ code: "quiz.import.moreProblems", params: { count: 100 } });
  });
});
