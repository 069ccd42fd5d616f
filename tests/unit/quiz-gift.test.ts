import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importGift, unescapeGift } from "@/lib/quiz/import/gift";
import type { ImportProblem } from "@/lib/quiz/import/problems";
import { BLANK_MARK, type Question } from "@/lib/quiz/types";

function counter(prefix = "o") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

async function questionsOf(gift: string): Promise<Question[]> {
  const r = await importGift(gift, { newId: counter() });
  if (!r.ok) throw new Error(`expected questions, got ${JSON.stringify(r.problems)}`);
  return r.questions;
}

async function problemsOf(gift: string | Uint8Array): Promise<ImportProblem[]> {
  const r = await importGift(gift, { newId: counter() });
  if (r.ok) throw new Error("expected problems, got questions");
  return r.problems;
}

const FIXTURE = String.raw`// 采油工 季度小会考题库（GIFT）
// 注释行不算题目

$CATEGORY: $course$/top/采油/抽油机

::驴头:: 抽油机的驴头属于（　）。{
  =游梁部分#正确：驴头装在游梁前端。
  ~支架部分#不对
  ~底座
}

::硫化氢防护:: 进入含硫化氢区域作业前，必须做到的有：{
  ~%50%佩戴便携式检测仪#检测是前提
  ~%50%确认正压式空气呼吸器完好
  ~%-100%单人进入
  ####含硫区域须两人以上作业。
}

更换抽油机皮带时可以不停机、不断电。{FALSE#错，应停机。#对，必须停机断电。}

H₂S 比空气重。{T}

$CATEGORY: 安全

硫化氢的化学式是 {=H2S =H₂S =硫化氢#答对了} ，属于剧毒气体。

::套压:: 油压 2.5 MPa，套压比油压高 0.8 MPa，套压为多少 MPa？{#3.3:0.05}

区间写法：合格温度（℃）{#40..50}

多个数值答案 {#
  =3.3:0.05#准确
  =%0%3.3:0.5#零分的接近值
  ~0#不对
}

::巡检::简述抽油机井巡回检查的主要内容。{}

转义字符：a\=b、c\~d、\{花括号\}、e\#f、时间 10\:30、反斜杠 \\ 与 TeX \nu，换行\n第二行 {=a\=b}

[html]<p>含 <b>HTML</b> 的题干：m<sup>3</sup>/d</p>{=是}
`;

describe("importing GIFT", () => {
  it("reads every type, with comments, titles, categories and feedback", async () => {
    const qs = await questionsOf(FIXTURE);
    expect(qs.map((q) => q.type)).toEqual(["single", "multiple", "truefalse", "truefalse", "fill", "numeric", "numeric", "numeric", "essay", "fill", "fill"]);
    expect(qs[0]).toEqual({
      type: "single",
      title: "驴头",
      stem: "抽油机的驴头属于（　）。",
      options: [
        { id: "o1", text: "游梁部分" },
        { id: "o2", text: "支架部分" },
        { id: "o3", text: "底座" },
      ],
      key: { correct: "o1" },
      explanation: "正确：驴头装在游梁前端。",
      difficulty: 3,
      points: 1,
      category: ["采油", "抽油机"],
      tags: [],
    });
    expect(qs[1]).toMatchObject({
      scoring: "partial",
      key: { correct: ["o4", "o5"] },
      explanation: "含硫区域须两人以上作业。\n检测是前提",
    });
    expect(qs[2]).toMatchObject({ key: { correct: false }, explanation: "对，必须停机断电。" });
    expect(qs[3]).toMatchObject({ stem: "H₂S 比空气重。", key: { correct: true }, explanation: "" });
    expect(qs[4]).toMatchObject({
      stem: `硫化氢的化学式是 ${BLANK_MARK} ，属于剧毒气体。`,
      key: { blanks: [["H2S", "H₂S", "硫化氢"]] },
      explanation: "答对了",
      category: ["安全"],
    });
    expect(qs[5]).toMatchObject({ title: "套压", key: { value: 3.3, tolerance: { kind: "absolute", value: 0.05 } } });
    expect(qs[6]).toMatchObject({ key: { value: 45, tolerance: { kind: "absolute", value: 5 } } });
    expect(qs[7]).toMatchObject({ key: { value: 3.3, tolerance: { kind: "absolute", value: 0.05 } }, explanation: "准确" });
    expect(qs[8]).toMatchObject({ title: "巡检", stem: "简述抽油机井巡回检查的主要内容。", key: { reference: "" } });
    expect(qs[9]).toMatchObject({
      stem: "转义字符：a=b、c~d、{花括号}、e#f、时间 10:30、反斜杠 \\ 与 TeX \\nu，换行\n第二行",
      key: { blanks: [["a=b"]] },
    });
    expect(qs[10]).toMatchObject({ stem: "含 HTML 的题干：m³/d", key: { blanks: [["是"]] } });
  });

  it("unescapes exactly the GIFT escapes", () => {
    expect(unescapeGift(String.raw`\~\=\#\{\}\:\\ \n \alpha \nabla`)).toBe("~=#{}:\\ \n \\alpha \\nabla");
  });

  it("takes Windows line endings and a GBK file", async () => {
    const qs = await questionsOf("// c\r\n题一 {T}\r\n\r\n题二 {F}\r\n");
    expect(qs.map((q) => q.stem)).toEqual(["题一", "题二"]);
    const gbk = (await import("iconv-lite")).default.encode("判断：压力表需定期校验。{T}", "gbk");
    const r = await importGift(new Uint8Array(gbk));
    expect(r.ok && r.questions[0]?.stem).toBe("判断：压力表需定期校验。");
  });
});

describe("bad GIFT", () => {
  it("reports every refused question with its line, and hands back the rest", async () => {
    const gift = [
      "好题 {T}", // 1
      "", // 2
      "没有结束 {=a ~b", // 3
      "", // 4
      "多余的 } 括号 {T}", // 5
      "", // 6
      "没有答案部分", // 7
      "", // 8
      "::标题没结束 题干 {T}", // 9
      "", // 10
      "配对 {=a -> 1 =b -> 2}", // 11
      "", // 12
      "两个答案块 {=a ~b} 和 {T}", // 13
      "", // 14
      "单选没有满分 {", // 15
      "  =%50%a", // 16
      "  ~%50%b", // 17
      "}", // 18
      "", // 19
      "多选加起来不是 100% {~%50%a ~%30%b ~c}", // 20
      "", // 21
      "数值不对 {#abc}", // 22
      "", // 23
      "// 注释", // 24
      "跨行", // 25
      "没结束 {", // 26
      "=a", // 27
      "", // 28
      "选项为空 {=a ~}", // 29
      "", // 30
      "权重不对 {~%abc%a ~b}", // 31
      "", // 32
      "{=答案前面没有题干}", // 33
      "", // 34
      "数值部分分 {#=3.3:0.05 =%50%3.3:0.5}", // 35
    ].join("\n");
    const problems = await problemsOf(gift);
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [3, "quiz.import.gift.unclosedBrace"],
      [5, "quiz.import.gift.unexpectedBrace"],
      [7, "quiz.import.gift.noAnswerBlock"],
      [9, "quiz.import.gift.unclosedTitle"],
      [13, "quiz.import.gift.multipleAnswerBlocks"],
      [15, "quiz.import.moodle.fractionsNoMax"],
      [20, "quiz.import.moodle.fractionsAddWrong"],
      [22, "quiz.import.badNumericAnswer"],
      [26, "quiz.import.gift.unclosedBrace"],
      [29, "quiz.question.emptyOption"],
      [31, "quiz.import.gift.badWeight"],
      [33, "quiz.question.emptyStem"],
    ]);
    const r = await importGift(gift, { newId: counter() });
    // Matching and numerical partial credit import now (quiz-qtypes.test.ts).
    expect(r.ok ? [] : r.rest.map((q) => q.stem)).toEqual(["好题", "配对", "数值部分分"]);
  });

  it("refuses an empty or binary file", async () => {
    expect(await problemsOf("")).toEqual([{ code: "quiz.import.empty" }]);
    expect(await problemsOf("// 只有注释\n\n")).toEqual([{ code: "quiz.import.noQuestions" }]);
    expect(await problemsOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]))).toEqual([{ code: "quiz.import.notText" }]);
  });

  it("never throws, and places every problem on a real line (property)", async () => {
    const unit = fc.constantFrom(..."{}=~#%:\\/ \nTF.05-$CATEGORY>[html]<p>油", "::", "//", "####", "->", "..");
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 80 }), async (s) => {
        const r = await importGift(s);
        const lines = s.split("\n").length;
        if (!r.ok) for (const p of r.problems) if (p.line !== undefined) expect(p.line >= 1 && p.line <= lines).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
