/**
 * 案例分析 (group): one material, several auto-graded parts. Graded as the sum of its parts
 * (each by its own type's rule, partial credit kept), answered with a response per part checked
 * against that part, never shown with a key, refused with a named reason when malformed, and
 * carried through the xlsx template and back unchanged.
 */
import { describe, expect, it } from "vitest";
import { formResponse, mockResponses } from "@/lib/practice/form";
import { gradeOnPhone } from "@/lib/practice/offline-rules";
import { payloadToQuestion, questionToPayload } from "@/lib/quiz/admin/question-input";
import { grade, gradeParts } from "@/lib/quiz/grading";
import { importGift } from "@/lib/quiz/import/gift";
import { exportGift } from "@/lib/quiz/import/gift-export";
import { exportMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { exportXlsx, importXlsx } from "@/lib/quiz/import/xlsx";
import { isAnswered } from "@/lib/quiz/offline";
import { parseResponse } from "@/lib/quiz/response";
import { fromStored, toStored } from "@/lib/quiz/store";
import { MAX_ESSAY_PARTS, PRACTISED_TYPES, partPointsSum, publicView, type GroupQuestion, type Question } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";

const GROUP: GroupQuestion = {
  type: "group",
  title: "抽油机井案例",
  stem: "某抽油机井冲程 3 m，冲次 6 次/分，近日产液量下降，示功图显示供液不足。\n[[img:abcdefgh12345678:400x300]]",
  explanation: "供液不足应调小冲次。",
  difficulty: 3,
  points: 6,
  category: ["采油", "抽油机"],
  tags: ["案例"],
  parts: [
    {
      id: "p1",
      type: "single",
      stem: "最可能的原因是（　）",
      points: 2,
      options: [
        { id: "a", text: "供液不足" },
        { id: "b", text: "泵漏失" },
        { id: "c", text: "结蜡" },
      ],
    },
    {
      id: "p2",
      type: "multiple",
      stem: "可采取的措施有（　）",
      points: 2,
      scoring: "partial",
      options: [
        { id: "x", text: "调小冲次" },
        { id: "y", text: "调小冲程" },
        { id: "z", text: "加大泵径" },
      ],
    },
    { id: "p3", type: "truefalse", stem: "应立即停井。", points: 1 },
    { id: "p4", type: "numeric", stem: "冲次应调到多少？", points: 1, unit: "次/分" },
  ],
  key: {
    parts: [{ correct: "a" }, { correct: ["x", "y"] }, { correct: false }, { value: 4, tolerance: { kind: "absolute", value: 0.5 } }],
  },
};

const all = {
  type: "group",
  parts: {
    p1: { type: "single", optionId: "a" },
    p2: { type: "multiple", optionIds: ["x", "y"] },
    p3: { type: "truefalse", value: false },
    p4: { type: "numeric", value: "4" },
  },
} as const;

describe("group grading", () => {
  it("gives full points when every part is right", () => {
    expect(grade(GROUP, structuredClone(all) as never)).toEqual({ score: 6, max: 6, correct: "right" });
  });

  it("adds up the parts, keeping a part's partial credit", () => {
    // p1 right (2), p2 one of two right (1), p3 wrong (0), p4 unanswered (0): 3 of 6.
    const r = {
      type: "group",
      parts: { p1: { type: "single", optionId: "a" }, p2: { type: "multiple", optionIds: ["x"] }, p3: { type: "truefalse", value: true } },
    };
    expect(grade(GROUP, r as never)).toEqual({ score: 3, max: 6, correct: "partial" });
    expect(gradeParts(GROUP, r as never).map((p) => p.grade.correct)).toEqual(["right", "partial", "wrong", "wrong"]);
  });

  it("is wrong with nothing right, and scales to a slot's points", () => {
    expect(grade(GROUP, { type: "group", parts: { p3: { type: "truefalse", value: true } } })).toEqual({ score: 0, max: 6, correct: "wrong" });
    expect(grade(GROUP, null)).toEqual({ score: 0, max: 6, correct: "wrong" });
    const r = { type: "group", parts: { p1: { type: "single", optionId: "a" } } };
    expect(grade({ ...GROUP, points: 12 }, r as never)).toEqual({ score: 4, max: 12, correct: "partial" });
  });
});

describe("group responses", () => {
  it("accepts a response per own part, each valid for its part", () => {
    expect(parseResponse(GROUP, all).ok).toBe(true);
    expect(parseResponse(publicView(GROUP), all).ok).toBe(true);
    expect(parseResponse(GROUP, { type: "group", parts: {} }).ok).toBe(true);
    expect(isAnswered({ type: "group", parts: {} })).toBe(false);
    expect(isAnswered(all)).toBe(true);
  });

  it("refuses a part it does not have, an answer of another type, an option of another part, and a group inside", () => {
    expect(parseResponse(GROUP, { type: "group", parts: { p9: { type: "truefalse", value: true } } })).toMatchObject({
      ok: false,
      code: "quiz.response.unknownPart",
    });
    expect(parseResponse(GROUP, { type: "group", parts: { p1: { type: "truefalse", value: true } } })).toMatchObject({ ok: false });
    expect(parseResponse(GROUP, { type: "group", parts: { p1: { type: "single", optionId: "x" } } })).toMatchObject({
      ok: false,
      code: "quiz.response.unknownOption",
    });
    expect(parseResponse(publicView(GROUP), { type: "group", parts: { p2: { type: "multiple", optionIds: ["a"] } } })).toMatchObject({
      ok: false,
      code: "quiz.response.unknownOption",
    });
    expect(parseResponse(GROUP, { type: "group", parts: { p1: { type: "group", parts: {} } } })).toMatchObject({ ok: false });
    expect(parseResponse(GROUP, { type: "group", parts: {}, extra: 1 })).toMatchObject({ ok: false });
  });
});

describe("group public view", () => {
  it("holds no key, no explanation and no grade of any part", () => {
    const weighted: GroupQuestion = {
      ...GROUP,
      key: { parts: [{ correct: "a", fractions: { a: 1, b: 0.5, c: 0 } }, ...GROUP.key.parts.slice(1)] },
    };
    const json = JSON.stringify(publicView(weighted));
    expect(json).not.toMatch(/"key"|"correct"|"fractions"|"explanation"|"tolerance"|"value"|"title"|"category"/);
    expect(json).not.toContain("供液不足应调小冲次");
    const view = publicView(GROUP);
    expect(view.type === "group" && view.parts.map((p) => [p.id, p.type, p.points])).toEqual([
      ["p1", "single", 2],
      ["p2", "multiple", 2],
      ["p3", "truefalse", 1],
      ["p4", "numeric", 1],
    ]);
  });

  it("is stored with the keys apart from the public body", () => {
    const stored = toStored(GROUP);
    expect(JSON.stringify(stored.body)).not.toMatch(/correct|tolerance/);
    expect(fromStored(stored as never, { category: GROUP.category, tags: GROUP.tags })).toEqual(GROUP);
  });
});

describe("group checks", () => {
  const codes = (q: Question) => checkQuestion(q).map((p) => p.code);
  it("accepts the group", () => expect(checkQuestion(GROUP)).toEqual([]));

  it("refuses one part, eleven parts, a group or more than MAX_ESSAY_PARTS essays inside, a bad part and points that are not the sum", () => {
    expect(codes({ ...GROUP, parts: GROUP.parts.slice(0, 1), key: { parts: GROUP.key.parts.slice(0, 1) }, points: 2 })).toContain("quiz.question.partCount");
    const many = Array.from({ length: 11 }, (_, i) => ({ id: `t${i}`, type: "truefalse" as const, stem: "对吗", points: 1 }));
    expect(codes({ ...GROUP, parts: many, key: { parts: many.map(() => ({ correct: true })) }, points: 11 })).toContain("quiz.question.partCount");
    const nested = { ...GROUP, parts: [...GROUP.parts.slice(0, 3), { id: "g", type: "group", stem: "x", points: 1, parts: [] }] } as unknown as Question;
    expect(codes(nested)).toContain("quiz.question.badPartType");
    // Essay parts (简答) are parts like the others (quiz-group-essay.test.ts), two as well; one more than MAX_ESSAY_PARTS is refused.
    const withEssays = (n: number) => {
      const parts = [...GROUP.parts.slice(0, 2), ...Array.from({ length: n }, (_, i) => ({ id: `e${i}`, type: "essay" as const, stem: "x", points: 1 }))];
      return {
        ...GROUP,
        parts,
        points: partPointsSum(parts),
        key: { parts: [...GROUP.key.parts.slice(0, 2), ...parts.slice(2).map(() => ({ reference: "" }))] },
      } as unknown as Question;
    };
    expect(codes(withEssays(2))).toEqual([]);
    expect(codes(withEssays(MAX_ESSAY_PARTS))).toEqual([]);
    expect(codes(withEssays(MAX_ESSAY_PARTS + 1))).toEqual(["quiz.question.tooManyEssayParts"]);
    const empty = { ...GROUP, parts: [{ ...GROUP.parts[0]!, stem: " " }, ...GROUP.parts.slice(1)] } as GroupQuestion;
    expect(checkQuestion(empty).map((p) => [p.code, p.params])).toEqual([
      ["quiz.question.partInvalid", { part: 1 }],
      ["quiz.question.emptyStem", undefined],
    ]);
    expect(codes({ ...GROUP, points: 5 })).toEqual(["quiz.question.groupPoints"]);
    expect(codes({ ...GROUP, parts: [GROUP.parts[0]!, { ...GROUP.parts[1]!, id: "p1" }, ...GROUP.parts.slice(2)] } as GroupQuestion)).toContain(
      "quiz.question.duplicateOptionId",
    );
    expect(codes({ ...GROUP, key: { parts: GROUP.key.parts.slice(1) } })).toContain("quiz.question.fractionsMismatch");
  });
});

describe("group in the editor, the xlsx template and Moodle XML", () => {
  it("goes through the editor's payload and back", () => {
    const r = payloadToQuestion(questionToPayload(GROUP));
    expect(r.problems).toEqual([]);
    expect(r.question).toEqual(GROUP);
  });

  it("names the part whose fields are wrong in the editor", () => {
    const p = questionToPayload(GROUP);
    p.parts[1]!.options = p.parts[1]!.options.map((o) => ({ ...o, correct: false }));
    p.parts[0]!.points = "x";
    const r = payloadToQuestion(p);
    expect(r.question).toBeNull();
    expect(r.problems[0]).toMatchObject({ code: "quiz.question.partInvalid", params: { part: 1 } });
    expect(r.problems.map((x) => x.code)).toContain("quiz.question.badPoints");
  });

  it("round-trips through the xlsx template as rows sharing a 材料", async () => {
    const single: Question = {
      type: "truefalse",
      stem: "单独一题",
      explanation: "",
      difficulty: 2,
      points: 1,
      category: ["采油"],
      tags: [],
      key: { correct: true },
    };
    const bank: Question[] = [single, GROUP, { ...GROUP, title: undefined, stem: "第二段材料" } as Question];
    let n = 0;
    const newId = () => `n${++n}`;
    const first = await importXlsx(new Uint8Array(await exportXlsx(bank)), { newId });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.questions.map((q) => q.type)).toEqual(["truefalse", "group", "group"]);
    const g = first.questions[1] as GroupQuestion;
    expect(g.stem).toBe(GROUP.stem);
    expect(g.points).toBe(6);
    expect(g.explanation).toBe(GROUP.explanation);
    expect(g.parts.map((p) => [p.type, p.stem, p.points])).toEqual(GROUP.parts.map((p) => [p.type, p.stem, p.points]));
    expect(
      grade(g, {
        type: "group",
        parts: { [g.parts[0]!.id]: { type: "single", optionId: (g.parts[0] as unknown as { options: { id: string }[] }).options[0]!.id } },
      }).score,
    ).toBe(2);
    // And again: the second export is the first one's questions, unchanged.
    let k = 0;
    const second = await importXlsx(new Uint8Array(await exportXlsx(first.questions)), { newId: () => `m${++k}` });
    if (!second.ok) expect(second.problems).toEqual([]);
    const strip = (qs: readonly Question[]) =>
      JSON.parse(
        JSON.stringify(qs)
          .replace(/"(id|correct|optionId)":"[nm]\d+"/g, '"$1":""')
          .replace(/\["[nm]\d+"(,"[nm]\d+")*\]/g, "[]"),
      );
    expect(second.ok && strip(second.questions)).toEqual(strip(first.questions));
  });

  it("refuses a lone row, a 案例分析 type row and rows that disagree on 分类", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const sheet = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("题库");
      ws.addRow(["题型", "题干", "选项A", "选项B", "答案", "分类", "材料"]);
      for (const r of rows) ws.addRow(r);
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    const lone = await importXlsx(await sheet([["判断", "对吗", "", "", "对", "", "材料一"]]));
    expect(!lone.ok && lone.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, "材料", "quiz.question.partCount"]]);
    const typed = await importXlsx(await sheet([["案例分析", "材料", "", "", "对", "", ""]]));
    expect(!typed.ok && typed.problems.map((p) => p.code)).toEqual(["quiz.import.groupNeedsRows"]);
    const mixed = await importXlsx(
      await sheet([
        ["判断", "对吗", "", "", "对", "采油", "材料一"],
        ["单选", "选哪个", "甲", "乙", "A", "集输", "材料一"],
      ]),
    );
    expect(!mixed.ok && mixed.problems.map((p) => [p.column, p.code])).toEqual([["分类", "quiz.import.groupMismatch"]]);
  });

  it("goes to Moodle XML as a description and its parts", () => {
    const xml = exportMoodleXml([GROUP]);
    expect(xml).toContain('<question type="description">');
    expect(xml.match(/<question type="(multichoice|multichoiceset|truefalse|numerical)">/g)).toHaveLength(4);
    expect(xml).toContain("抽油机井案例 (2)");
  });
});

describe("a group in a mock exam's plain form", () => {
  it("posts each part's fields under its place and its id in order; read back, the engine takes it and grades it", () => {
    // As app/(app)/practice/inputs.tsx renders it under the mock form's `q<id>.` prefix.
    const form = new FormData();
    form.append("q7.type", "group");
    for (const id of ["p1", "p2", "p3", "p4"]) form.append("q7.part", id);
    form.append("q7.p0.type", "single");
    form.append("q7.p0.optionId", "a");
    form.append("q7.p1.type", "multiple");
    form.append("q7.p1.optionIds", "x");
    form.append("q7.p2.type", "truefalse"); // left blank: no value
    form.append("q7.p3.type", "numeric");
    form.append("q7.p3.value", "4.2");
    form.append("q8.type", "single"); // another question left blank
    const out = mockResponses(form);
    expect(Object.keys(out)).toEqual(["7"]);
    expect(out[7]).toEqual({
      type: "group",
      parts: { p1: { type: "single", optionId: "a" }, p2: { type: "multiple", optionIds: ["x"] }, p4: { type: "numeric", value: "4.2" } },
    });
    const parsed = parseResponse(GROUP, out[7]);
    if (!parsed.ok) throw new Error("refused");
    // p1 2 + p2 one of two right 1 + p3 unanswered 0 + p4 within ±0.5 1 = 4 of 6.
    expect(grade(GROUP, parsed.response)).toEqual({ score: 4, max: 6, correct: "partial" });
  });

  it("leaves a group out when no part is answered, and ignores parts beyond the ten a group may have", () => {
    const form = new FormData();
    form.append("q3.type", "group");
    for (let n = 0; n < 12; n++) {
      form.append("q3.part", `x${n}`);
      form.append(`q3.p${n}.type`, "truefalse");
    }
    expect(mockResponses(form)).toEqual({});
    form.append("q3.p11.value", "true");
    expect(mockResponses(form)).toEqual({});
  });
});

describe("a group in practice (one question's plain form, the offline phone)", () => {
  it("is a type practice serves, grades and books", () => {
    expect(PRACTISED_TYPES.has("group")).toBe(true);
    expect(PRACTISED_TYPES.has("essay")).toBe(false);
  });

  it("reads a practice form's parts as the mock form's (no prefix); a plain question's fields as before", () => {
    const form = new FormData();
    form.append("questionId", "7");
    form.append("type", "group");
    for (const id of ["p1", "p2", "p3", "p4"]) form.append("part", id);
    form.append("p0.type", "single");
    form.append("p0.optionId", "b");
    form.append("p1.type", "multiple");
    form.append("p1.optionIds", "x");
    form.append("p1.optionIds", "y");
    form.append("p2.type", "truefalse");
    form.append("p2.value", "false");
    form.append("p3.type", "numeric"); // left blank: left out, graded wrong
    const response = formResponse(form);
    expect(response).toEqual({
      type: "group",
      parts: { p1: { type: "single", optionId: "b" }, p2: { type: "multiple", optionIds: ["x", "y"] }, p3: { type: "truefalse", value: false } },
    });
    const parsed = parseResponse(GROUP, response);
    if (!parsed.ok) throw new Error("refused");
    expect(gradeParts(GROUP, parsed.response as never).map((p) => p.grade.correct)).toEqual(["wrong", "right", "right", "wrong"]);

    const plain = new FormData();
    plain.append("type", "truefalse");
    plain.append("value", "true");
    expect(formResponse(plain)).toEqual({ type: "truefalse", value: true });
  });

  it("is graded on the phone as on the server: right only with every part right, a part it lacks refused", () => {
    expect(gradeOnPhone(GROUP, structuredClone(all))).toEqual({ ok: true, right: true, partial: false, parts: ["right", "right", "right", "right"] });
    expect(gradeOnPhone(GROUP, { type: "group", parts: { ...all.parts, p4: { type: "numeric", value: "5" } } })).toEqual({
      ok: true,
      right: false,
      partial: true,
      parts: ["right", "right", "right", "wrong"],
    });
    expect(gradeOnPhone(GROUP, { type: "group", parts: { zz: { type: "truefalse", value: true } } })).toMatchObject({ ok: false });
  });
});

describe("a group in GIFT", () => {
  it('goes out as GIFT\'s description (the material, no answer block) and its parts named "<name> (n)", as the Moodle XML export', () => {
    const { text, left } = exportGift([GROUP]);
    expect(left).toEqual([]);
    const blocks = text.trimEnd().split("\n\n");
    expect(blocks).toEqual([
      "$CATEGORY: 采油/抽油机",
      "::抽油机井案例::某抽油机井冲程 3 m，冲次 6 次/分，近日产液量下降，示功图显示供液不足。\\n[[img\\:abcdefgh12345678\\:400x300]]",
      "::抽油机井案例 (1)::最可能的原因是（　） {=供液不足 ~泵漏失 ~结蜡}",
      "::抽油机井案例 (2)::可采取的措施有（　） {~%50%调小冲次 ~%50%调小冲程 ~%-50%加大泵径}",
      "::抽油机井案例 (3)::应立即停井。 {F}",
      "::抽油机井案例 (4)::冲次应调到多少？ {#4:0.5}",
    ]);
  });

  it("reads back as the parts (each with its part's key), the description named as a block without answers", async () => {
    const r = await importGift(exportGift([GROUP, { ...GROUP, title: "第二个案例" }]).text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([
      [3, "quiz.import.gift.noAnswerBlock"],
      [13, "quiz.import.gift.noAnswerBlock"],
    ]);
    expect(r.rest.map((q) => q.title)).toEqual([1, 2, 3, 4, 1, 2, 3, 4].map((n, i) => `${i < 4 ? "抽油机井案例" : "第二个案例"} (${n})`));
    const first = r.rest.slice(0, 4);
    expect(first.map((q) => [q.type, q.stem, q.category])).toEqual(GROUP.parts.map((p) => [p.type, p.stem, ["采油", "抽油机"]]));
    const single = first[0]!;
    expect(single.type === "single" && single.options.find((o) => o.id === single.key.correct)?.text).toBe("供液不足");
    expect(first[2]).toMatchObject({ key: { correct: false } });
    expect(first[3]).toMatchObject({ key: { value: 4, tolerance: { kind: "absolute", value: 0.5 } } });
  });
});
