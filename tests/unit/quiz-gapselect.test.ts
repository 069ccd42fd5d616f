/**
 * Moodle's "select missing words" (qtype_gapselect) and "drag and drop into text" (qtype_ddwtos)
 * imported as cloze questions with choice gaps, graded as Moodle grades them
 * (question/type/gapselect/questionbase.php grade_response: right gaps / gaps, × the mark).
 * The XML follows Moodle's own export (question/type/gapselect/tests/fixtures/testexport.moodle.xml,
 * question/type/ddwtos/tests/fixtures).
 */
import { describe, expect, it } from "vitest";
import { grade } from "@/lib/quiz/grading";
import { exportMoodleXml, importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { BLANK_MARK, type ClozeQuestion } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";

function counter() {
  let n = 0;
  return () => `i${++n}`;
}

const gapXml = (type: "gapselect" | "ddwtos", text: string, extra = "") => {
  const tag = type === "gapselect" ? "selectoption" : "dragbox";
  const choice = (t: string, group: number, infinite = false) => `<${tag}><text>${t}</text><group>${group}</group>${infinite ? "<infinite/>" : ""}</${tag}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="${type}">
    <name><text>选词填空</text></name>
    <questiontext format="html"><text><![CDATA[<p>${text}</p>]]></text></questiontext>
    <generalfeedback format="html"><text>三大安全附件。</text></generalfeedback>
    <defaultgrade>3</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <shuffleanswers>1</shuffleanswers>
    ${choice("安全阀", 1)}${choice("压力表", 2)}${choice("水位计", 3, true)}${choice("温度计", 1)}${choice("流量计", 2)}${choice("液位开关", 3)}${extra}
  </question>
</quiz>`;
};
const TEXT = "锅炉三大安全附件：[[1]]、[[2]] 和 [[3]]。";

async function only(xml: string): Promise<ClozeQuestion> {
  const r = await importMoodleXml(xml, { newId: counter() });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.questions).toHaveLength(1);
  const q = r.questions[0]!;
  expect(q.type).toBe("cloze");
  return q as ClozeQuestion;
}

/** The option id of `text` in gap `i`. */
const pick = (q: ClozeQuestion, i: number, text: string) => {
  const g = q.gaps[i]!;
  if (g.kind !== "choice") throw new Error("not a choice gap");
  return g.options.find((o) => o.text === text)!.id;
};

describe.each(["gapselect", "ddwtos"] as const)("Moodle %s as a cloze question", (type) => {
  it("makes each [[n]] a choice gap offering its group, the n-th choice right", async () => {
    const q = await only(gapXml(type, TEXT));
    expect(q.stem).toBe(`锅炉三大安全附件：${BLANK_MARK}、${BLANK_MARK} 和 ${BLANK_MARK}。`);
    expect(q.points).toBe(3);
    expect(q.explanation).toBe("三大安全附件。");
    expect(q.gaps.map((g) => (g.kind === "choice" ? g.options.map((o) => o.text) : []))).toEqual([
      ["安全阀", "温度计"],
      ["压力表", "流量计"],
      ["水位计", "液位开关"],
    ]);
    expect(q.gaps.every((g) => g.weight === 1)).toBe(true);
    expect(checkQuestion(q)).toEqual([]);
  });

  it("grades right gaps / gaps × the mark, as Moodle does", async () => {
    const q = await only(gapXml(type, TEXT));
    const g = (a: string, b: string, c: string) => grade(q, { type: "cloze", gaps: [pick(q, 0, a), pick(q, 1, b), pick(q, 2, c)] });
    expect(g("安全阀", "压力表", "水位计")).toMatchObject({ score: 3, correct: "right" });
    expect(g("安全阀", "流量计", "水位计")).toMatchObject({ score: 2, correct: "partial" });
    expect(g("温度计", "流量计", "液位开关")).toMatchObject({ score: 0, correct: "wrong" });
    expect(grade(q, { type: "cloze", gaps: [pick(q, 0, "安全阀"), "", ""] })).toMatchObject({ score: 1, correct: "partial" });
  });

  it("a choice used by two gaps is right in both; it survives a Moodle XML export and import as the same grading", async () => {
    // 水位计 is <infinite/>: Moodle's drag and drop form accepts only such a box in two gaps.
    const q = await only(gapXml(type, "先 [[3]]，再 [[3]]，最后 [[2]]。"));
    expect(q.gaps).toHaveLength(3);
    const back = await importMoodleXml(exportMoodleXml([q]), { newId: counter() });
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    const r = back.questions[0] as ClozeQuestion;
    expect(r.type).toBe("cloze");
    const resp = (x: ClozeQuestion) => ({ type: "cloze" as const, gaps: [pick(x, 0, "水位计"), pick(x, 1, "液位开关"), pick(x, 2, "压力表")] });
    expect(grade(r, resp(r)).score).toBe(grade(q, resp(q)).score);
    expect(grade(q, resp(q)).score).toBe(2);
  });

  it("says which gap has no choice, and a text without gaps, and imports nothing of that question", async () => {
    const missing = await importMoodleXml(gapXml(type, "[[1]] 和 [[9]]"), { newId: counter() });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems).toMatchObject([{ code: "quiz.import.moodle.gapChoiceMissing", params: { gap: "9" } }]);
    const none = await importMoodleXml(gapXml(type, "没有空。"), { newId: counter() });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.problems).toMatchObject([{ code: "quiz.import.moodle.noGaps" }]);
  });
});
