/**
 * A trainer's hand-written GIFT file of 45 questions (tests/fixtures/import/mixed.gift), some of
 * which JobReady cannot take. The file is not refused whole: each refused question is listed
 * with its line and reason, and the other 38 come back (35 before matching and numerical partial credit were kept) ready to import.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grade } from "@/lib/quiz/grading";
import { importGift } from "@/lib/quiz/import/gift";
import { BLANK_MARK, type Question } from "@/lib/quiz/types";

const FILE = readFileSync(new URL("../fixtures/import/mixed.gift", import.meta.url), "utf8");

function counter(prefix = "o") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

async function importFixture() {
  const r = await importGift(FILE, { newId: counter() });
  if (r.ok) throw new Error("the fixture has questions that cannot be imported");
  return r;
}

const byTitle = (qs: Question[], title: string): Question => {
  const q = qs.find((x) => x.title === title);
  if (!q) throw new Error(`no question ${title}`);
  return q;
};
const optionId = (q: Question, text: string) => {
  if (q.type !== "single" && q.type !== "multiple") throw new Error("not a choice question");
  return q.options.find((o) => o.text === text)!.id;
};

describe("a mixed GIFT file", () => {
  it("lists each refused question with its line and reason, and hands back the other 38", async () => {
    const r = await importFixture();
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([
      [65, "quiz.import.moodle.invalidGrade"],
      [71, "quiz.import.moodle.fractionsNoMax"],
      [76, "quiz.import.moodle.fractionsAddWrong"],
      [110, "quiz.import.gift.multipleAnswerBlocks"],
      [112, "quiz.import.gift.noAnswerBlock"],
      [114, "quiz.question.emptyOption"],
      [140, "quiz.import.gift.badWeight"],
    ]);
    // Named, with Moodle's reason, as Moodle's importer says it.
    expect(r.problems[0]?.params).toEqual({ question: "分数不对", grades: "45, 55" });
    expect(r.problems[1]?.params).toEqual({ question: "单选没满分", max: "90" });
    expect(r.problems[2]?.params).toEqual({ question: "多选不满", total: "80" });
    // The two matching questions and the partial-credit numerical one import since issue 13's new types.
    expect(r.rest).toHaveLength(38);
    expect(new Set(r.problems.map((p) => p.line)).size + r.rest.length).toBe(45);
    expect(r.rest.map((q) => q.category.join("/"))).toContain("采油/注水");
  });

  it("keeps weighted answers, which then score as in Moodle", async () => {
    const qs = (await importFixture()).rest;
    const colour = byTitle(qs, "颜色");
    expect(colour).toMatchObject({ type: "multiple", scoring: "partial" });
    expect(colour.key).toEqual({
      correct: [optionId(colour, "红色")],
      fractions: { [optionId(colour, "红色")]: 1, [optionId(colour, "黄色")]: -0.5, [optionId(colour, "蓝色")]: -0.5 },
    });
    // Yellow (−50 %) with red (100 %): 0.5 in Moodle; JobReady's ±1/C rule gave 0.
    expect(grade(colour, { type: "multiple", optionIds: [optionId(colour, "红色"), optionId(colour, "黄色")] })).toEqual({
      score: 0.5,
      max: 1,
      correct: "partial",
    });

    const check = byTitle(qs, "巡检多选");
    expect(grade(check, { type: "multiple", optionIds: [optionId(check, "减速箱油位"), optionId(check, "顺手调整刹车")] }).score).toBe(0);
    expect(grade(check, { type: "multiple", optionIds: [optionId(check, "减速箱油位"), optionId(check, "皮带松紧")] }).correct).toBe("right");

    const wash = byTitle(qs, "注水多选");
    const thirds = ["清除井底污物", "恢复吸水能力", "防止堵塞"].map((t) => optionId(wash, t));
    expect(grade(wash, { type: "multiple", optionIds: thirds })).toEqual({ score: 1, max: 1, correct: "right" });

    const partialSingle = byTitle(qs, "部分单选");
    expect(partialSingle).toMatchObject({ type: "single", key: { correct: optionId(partialSingle, "回压高") } });
    expect(grade(partialSingle, { type: "single", optionId: optionId(partialSingle, "油嘴堵") }).score).toBe(0.5);

    const stroke = byTitle(qs, "冲程");
    expect(stroke).toMatchObject({ type: "fill", key: { blanks: [["米", "m", "厘米"]], fractions: [[1, 1, 0.5]] } });
    expect(grade(stroke, { type: "fill", blanks: ["厘米"] }).score).toBe(0.5);

    // Several "=" answers on a choice: a single answer where each is worth 100 %, as in Moodle.
    const station = byTitle(qs, "配水间");
    expect(grade(station, { type: "single", optionId: optionId(station, "调节水量") }).correct).toBe("right");

    // Plain "=right ~wrong" questions carry no grades: JobReady's rules, as before.
    expect(byTitle(qs, "驴头").key).toEqual({ correct: "o1" });
  });

  it("takes format markers off the stem and the answers", async () => {
    const qs = (await importFixture()).rest;
    expect(byTitle(qs, "格式 plain")).toMatchObject({ stem: "油管颜色通常刷成？", options: [{ text: "蓝色" }, { text: "红色" }, { text: "绿色" }] });
    expect(byTitle(qs, "格式 html")).toMatchObject({ stem: "套压的单位是 MPa 吗？", key: { correct: true } });
    expect(byTitle(qs, "格式 markdown")).toMatchObject({ stem: "**含水率**是指？", options: [{ text: "水占液量的比例" }, { text: "油占液量的比例" }] });
    for (const q of qs) expect(JSON.stringify(q)).not.toMatch(/\[(plain|html|markdown|moodle)\]/);
  });

  it("reads numerical answers with a tolerance or a range", async () => {
    const qs = (await importFixture()).rest;
    expect(byTitle(qs, "数值 容差")).toMatchObject({ type: "numeric", key: { value: 3, tolerance: { kind: "absolute", value: 2 } } });
    expect(byTitle(qs, "数值 范围")).toMatchObject({ type: "numeric", key: { value: 3, tolerance: { kind: "absolute", value: 2 } } });
    expect(byTitle(qs, "温度")).toMatchObject({
      type: "numeric",
      stem: `加热炉出口温度一般控制在 ${BLANK_MARK} ℃。`,
      key: { value: 70, tolerance: { value: 5 } },
    });
    const range = byTitle(qs, "数值 范围");
    expect(grade(range, { type: "numeric", value: "5" }).correct).toBe("right");
    expect(grade(range, { type: "numeric", value: "5.01" }).correct).toBe("wrong");
  });
});
