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
import { essayPartIndex, publicView, type GroupQuestion } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";
import { essayGroup } from "../helpers/essay-group";

const ESSAY_GROUP = essayGroup("某注水井油压由 12 MPa 升至 15 MPa，注水量下降三成。", ["注水"], "注水井案例");

const answer = (essay: string, tf = true, num = "30"): Response => ({
  type: "group",
  parts: { p1: { type: "truefalse", value: tf }, p2: { type: "numeric", value: num }, ...(essay === "" ? {} : { p3: { type: "essay", text: essay } }) },
});

describe("a group with an essay part in a quiz", () => {
  it("is a valid group, one essay part only", () => {
    expect(checkQuestion(ESSAY_GROUP)).toEqual([]);
    expect(essayPartIndex(ESSAY_GROUP)).toBe(2);
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
    expect(grade(ESSAY_GROUP, answer("先查管线，再洗井。"), { manualScore: 2.5 })).toEqual({ score: 4.5, max: 6, correct: "partial" });
    expect(grade(ESSAY_GROUP, answer("先查管线，再洗井。"), { manualScore: 4 })).toEqual({ score: 6, max: 6, correct: "right" });
    expect(grade(ESSAY_GROUP, answer("先查管线。", false, "10"), { manualScore: 0 })).toEqual({ score: 0, max: 6, correct: "wrong" });
    // A quiz slot worth 12: the same share of the slot.
    expect(grade({ ...ESSAY_GROUP, points: 12 }, answer("先查管线。"), { manualScore: 2.5 })).toEqual({ score: 9, max: 12, correct: "partial" });
    const parts = gradeParts(ESSAY_GROUP, answer("先查管线。") as Extract<Response, { type: "group" }>, { manualScore: 2.5 });
    expect(parts[2]!.grade).toEqual({ score: 2.5, max: 4, correct: "partial" });
  });

  it("needs no trainer when the essay part is left blank: wrong for it, never pending", () => {
    expect(grade(ESSAY_GROUP, answer(""))).toEqual({ score: 2, max: 6, correct: "partial" });
    expect(grade(ESSAY_GROUP, answer("   "))).toEqual({ score: 2, max: 6, correct: "partial" });
  });

  it("checks a manual score against the essay part's points, not the group's", () => {
    expect(checkManualScore(ESSAY_GROUP, 4)).toBeNull();
    expect(checkManualScore(ESSAY_GROUP, 0)).toBeNull();
    expect(checkManualScore(ESSAY_GROUP, 4.01)).toEqual({ code: "quiz.grade.badManualScore", params: { max: 4 } });
    expect(checkManualScore(ESSAY_GROUP, -1)).not.toBeNull();
    expect(checkManualScore(ESSAY_GROUP, 1.234)).not.toBeNull();
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
    const two = questionToPayload(ESSAY_GROUP);
    two.parts.push({ ...two.parts[2]!, id: "p4" });
    expect(payloadToQuestion(two).problems.map((p) => p.code)).toContain("quiz.question.tooManyEssayParts");
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
