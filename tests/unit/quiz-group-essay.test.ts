/**
 * 案例分析 with a short-answer part (简答): the essay part waits for a trainer in a quiz (the group
 * is pending, its score so far what the other parts earned), then the trainer's score on the
 * part's own points completes the group exactly; practice and mock exams (no trainer) leave the
 * part out of right and wrong. The part goes through the editor, the xlsx template, Moodle XML
 * and the plain forms like any other part.
 */
import { describe, expect, it } from "vitest";
import { formResponse } from "@/lib/practice/form";
import { gradeOnPhone } from "@/lib/practice/offline-rules";
import { payloadToQuestion, questionToPayload } from "@/lib/quiz/admin/question-input";
import { checkManualScore, grade, gradeParts } from "@/lib/quiz/grading";
import { exportMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { exportXlsx, importXlsx } from "@/lib/quiz/import/xlsx";
import { parseResponse, type Response } from "@/lib/quiz/response";
import { fromStored, toStored } from "@/lib/quiz/store";
import { essayPartIndexes, MAX_ESSAY_PARTS, partQuestion, publicView, type GroupQuestion } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";
import { essayGroup, twoEssayGroup } from "../helpers/essay-group";

const ESSAY_GROUP = essayGroup("某注水井油压由 12 MPa 升至 15 MPa，注水量下降三成。", ["注水"], "注水井案例");

/** The trainer's score on the essay part p3. */
const graded = (score: number) => ({ partGrades: { p3: { score, feedback: null } } });

const answer = (essay: string, tf = true, num = "30"): Response => ({
  type: "group",
  parts: { p1: { type: "truefalse", value: tf }, p2: { type: "numeric", value: num }, ...(essay === "" ? {} : { p3: { type: "essay", text: essay } }) },
});

describe("a group with an essay part in a quiz", () => {
  it("is a valid group", () => {
    expect(checkQuestion(ESSAY_GROUP)).toEqual([]);
    expect(essayPartIndexes(ESSAY_GROUP)).toEqual([2]);
  });

  it("is pending until graded, its score so far the automatic parts'", () => {
    const g = grade(ESSAY_GROUP, answer("先查管线，再洗井。"));
    expect(g).toEqual({ score: 2, max: 6, correct: "pending" });
    expect(gradeParts(ESSAY_GROUP, answer("先查管线，再洗井。") as Extract<Response, { type: "group" }>).map((p) => p.grade.correct)).toEqual([
      "right",
      "right",
      "pending",
    ]);
  });

  it("takes the trainer's score on the part's points and gives the exact group score", () => {
    expect(grade(ESSAY_GROUP, answer("先查管线，再洗井。"), graded(2.5))).toEqual({ score: 4.5, max: 6, correct: "partial" });
    expect(grade(ESSAY_GROUP, answer("先查管线，再洗井。"), graded(4))).toEqual({ score: 6, max: 6, correct: "right" });
    expect(grade(ESSAY_GROUP, answer("先查管线。", false, "10"), graded(0))).toEqual({ score: 0, max: 6, correct: "wrong" });
    // A quiz slot worth 12: the same share of the slot.
    expect(grade({ ...ESSAY_GROUP, points: 12 }, answer("先查管线。"), graded(2.5))).toEqual({ score: 9, max: 12, correct: "partial" });
    const parts = gradeParts(ESSAY_GROUP, answer("先查管线。") as Extract<Response, { type: "group" }>, graded(2.5));
    expect(parts[2]!.grade).toEqual({ score: 2.5, max: 4, correct: "partial" });
  });

  it("needs no trainer when the essay part is left blank: wrong for it, never pending", () => {
    expect(grade(ESSAY_GROUP, answer(""))).toEqual({ score: 2, max: 6, correct: "partial" });
    expect(grade(ESSAY_GROUP, answer("   "))).toEqual({ score: 2, max: 6, correct: "partial" });
  });

  it("checks a manual score against the essay part's points, not the group's", () => {
    const part = partQuestion(ESSAY_GROUP, 2);
    expect(checkManualScore(part, 4)).toBeNull();
    expect(checkManualScore(part, 0)).toBeNull();
    expect(checkManualScore(part, 4.01)).toEqual({ code: "quiz.grade.badManualScore", params: { max: 4 } });
    expect(checkManualScore(part, -1)).not.toBeNull();
    expect(checkManualScore(part, 1.234)).not.toBeNull();
  });

  it("takes an essay answer for the essay part only", () => {
    expect(parseResponse(ESSAY_GROUP, answer("文字")).ok).toBe(true);
    expect(parseResponse(ESSAY_GROUP, { type: "group", parts: { p1: { type: "essay", text: "x" } } }).ok).toBe(false);
    expect(parseResponse(publicView(ESSAY_GROUP), answer("文字")).ok).toBe(true);
  });

  it("shows no model answer in the public view", () => {
    expect(JSON.stringify(publicView(ESSAY_GROUP))).not.toContain("洗井");
  });
});

describe("a group with an essay part where no trainer grades (practice, mock, phone)", () => {
  it("leaves the essay part out of right and wrong", () => {
    expect(grade(ESSAY_GROUP, answer("先查管线。"), { selfCheck: true })).toEqual({ score: 2, max: 6, correct: "right" });
    expect(grade(ESSAY_GROUP, answer(""), { selfCheck: true }).correct).toBe("partial");
    expect(grade(ESSAY_GROUP, answer("先查管线。", false, "1"), { selfCheck: true })).toEqual({ score: 0, max: 6, correct: "wrong" });
    expect(grade(ESSAY_GROUP, answer("先查管线。", false), { selfCheck: true }).correct).toBe("partial");
    expect(gradeOnPhone(ESSAY_GROUP, answer("先查管线。"))).toEqual({ ok: true, right: true, partial: false, parts: ["right", "right", "pending"] });
  });

  it("reads the essay part's text from a practice form", () => {
    const f = new FormData();
    f.set("type", "group");
    for (const [n, id] of ["p1", "p2", "p3"].entries()) {
      f.append("part", id);
      f.set(`p${n}.type`, ESSAY_GROUP.parts[n]!.type);
    }
    f.set("p0.value", "true");
    f.set("p1.value", "30");
    f.set("p2.text", `${"长".repeat(800)}`);
    const r = formResponse(f) as Extract<Response, { type: "group" }>;
    expect(r.parts.p3).toEqual({ type: "essay", text: "长".repeat(800) });
    expect(parseResponse(ESSAY_GROUP, r).ok).toBe(true);
    f.set("p2.text", "  ");
    expect((formResponse(f) as Extract<Response, { type: "group" }>).parts.p3).toBeUndefined();
  });
});

describe("a group with an essay part in the bank", () => {
  it("is stored and read back, and goes through the editor's payload", () => {
    expect(fromStored(toStored(ESSAY_GROUP) as never, { category: ESSAY_GROUP.category, tags: ESSAY_GROUP.tags })).toEqual(ESSAY_GROUP);
    const r = payloadToQuestion(questionToPayload(ESSAY_GROUP));
    expect(r.problems).toEqual([]);
    expect(r.question).toEqual(ESSAY_GROUP);
    const many = questionToPayload(ESSAY_GROUP);
    for (let i = 4; i <= MAX_ESSAY_PARTS + 3; i++) many.parts.push({ ...many.parts[2]!, id: `p${i}` });
    many.points = String(6 + MAX_ESSAY_PARTS * 4);
    expect(payloadToQuestion(many).problems.map((p) => p.code)).toContain("quiz.question.tooManyEssayParts");
    many.parts.pop();
    many.points = String(6 + (MAX_ESSAY_PARTS - 1) * 4);
    expect(payloadToQuestion(many).problems).toEqual([]);
  });

  it("round-trips through the xlsx template, the model answer in 答案", async () => {
    let n = 0;
    const r = await importXlsx(new Uint8Array(await exportXlsx([ESSAY_GROUP])), { newId: () => `n${++n}` });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const g = r.questions[0] as GroupQuestion;
    expect(g.parts.map((p) => [p.type, p.points])).toEqual([
      ["truefalse", 1],
      ["numeric", 1],
      ["essay", 4],
    ]);
    expect(g.key.parts[2]).toEqual({ reference: "查管线、洗井、酸化。" });
    expect(g.points).toBe(6);
  });

  it("goes to Moodle XML with the essay part as an essay with its grader info", () => {
    const xml = exportMoodleXml([ESSAY_GROUP]);
    expect(xml).toContain('<question type="essay">');
    expect(xml).toContain("注水井案例 (3)");
    expect(xml).toContain('<graderinfo format="plain_text"><text><![CDATA[查管线、洗井、酸化。]]></text></graderinfo>');
  });
});

describe("a group with two essay parts", () => {
  const TWO = twoEssayGroup("某注水井油压升高，注水量下降。", ["注水"], "两问案例");
  const both = (tf = true): Response => ({
    type: "group",
    parts: {
      p1: { type: "truefalse", value: tf },
      p2: { type: "numeric", value: "30" },
      p3: { type: "essay", text: "查管线。" },
      p4: { type: "essay", text: "关井。" },
    },
  });
  const g = (p3?: number, p4?: number) => ({
    partGrades: { ...(p3 === undefined ? {} : { p3: { score: p3, feedback: null } }), ...(p4 === undefined ? {} : { p4: { score: p4, feedback: null } }) },
  });

  it("is valid and has both essay parts, each scored on its own points", () => {
    expect(checkQuestion(TWO)).toEqual([]);
    expect(essayPartIndexes(TWO)).toEqual([2, 3]);
    expect(checkManualScore(partQuestion(TWO, 3), 2)).toBeNull();
    expect(checkManualScore(partQuestion(TWO, 3), 2.5)).toEqual({ code: "quiz.grade.badManualScore", params: { max: 2 } });
  });

  it("waits until each essay part is graded, on each part's own points", () => {
    expect(grade(TWO, both())).toEqual({ score: 2, max: 8, correct: "pending" });
    expect(grade(TWO, both(), g(3))).toEqual({ score: 5, max: 8, correct: "pending" });
    expect(grade(TWO, both(), g(undefined, 2))).toEqual({ score: 4, max: 8, correct: "pending" });
    expect(grade(TWO, both(), g(3, 1.5))).toEqual({ score: 6.5, max: 8, correct: "partial" });
    expect(grade(TWO, both(), g(4, 2))).toEqual({ score: 8, max: 8, correct: "right" });
    expect(gradeParts(TWO, both() as Extract<Response, { type: "group" }>, g(3)).map((p) => [p.grade.score, p.grade.correct])).toEqual([
      [1, "right"],
      [1, "right"],
      [3, "partial"],
      [0, "pending"],
    ]);
    // A blank essay part needs no trainer: the other one alone completes the group.
    const oneBlank = { type: "group", parts: { ...(both() as Extract<Response, { type: "group" }>).parts, p4: { type: "essay", text: " " } } } as Response;
    expect(grade(TWO, oneBlank, g(4))).toEqual({ score: 6, max: 8, correct: "partial" });
  });

  it("leaves both essay parts out of right and wrong where no trainer grades", () => {
    expect(grade(TWO, both(), { selfCheck: true })).toEqual({ score: 2, max: 8, correct: "right" });
    expect(gradeOnPhone(TWO, both())).toEqual({ ok: true, right: true, partial: false, parts: ["right", "right", "pending", "pending"] });
    expect(grade(TWO, both(false), { selfCheck: true }).correct).toBe("partial");
  });

  it("round-trips through the xlsx template with both model answers", async () => {
    let n = 0;
    const r = await importXlsx(new Uint8Array(await exportXlsx([TWO])), { newId: () => `n${++n}` });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const q = r.questions[0] as GroupQuestion;
    expect(q.parts.map((p) => [p.type, p.points])).toEqual([
      ["truefalse", 1],
      ["numeric", 1],
      ["essay", 4],
      ["essay", 2],
    ]);
    expect(q.key.parts.slice(2)).toEqual([{ reference: "查管线、洗井、酸化。" }, { reference: "关井、泄压。" }]);
  });

  it("goes to Moodle XML with each essay part as an essay of its own", () => {
    const xml = exportMoodleXml([TWO]);
    expect(xml.match(/<question type="essay">/g)).toHaveLength(2);
    expect(xml).toContain("两问案例 (3)");
    expect(xml).toContain("两问案例 (4)");
    expect(xml).toContain("<![CDATA[关井、泄压。]]>");
  });
});
