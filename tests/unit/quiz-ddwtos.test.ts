/**
 * Moodle's drag and drop into text (qtype_ddwtos) with its boxes kept: a box marked <infinite/>
 * may fill several gaps, any other one gap (Moodle's drag takes it out of the pool); grading is
 * Moodle's (qtype_gapselect_question_base::grade_response: right gaps / gaps); a box right in
 * two gaps must be infinite, as Moodle's editing form requires (errorlimitedchoice); and the
 * question goes back to Moodle XML as ddwtos with <infinite/> where it was.
 */
import { describe, expect, it } from "vitest";
import { payloadToQuestion, questionToPayload } from "@/lib/quiz/admin/question-input";
import { boxesOnceEach, placeBox } from "@/lib/quiz/drag";
import { grade } from "@/lib/quiz/grading";
import { exportMoodleXml, importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { responseSchemaFor } from "@/lib/quiz/response";
import { fromStored, toStored } from "@/lib/quiz/store";
import { BLANK_MARK, type ClozeQuestion, publicView } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";

function counter() {
  let n = 0;
  return () => `i${++n}`;
}

type Box = [text: string, group: number, infinite?: boolean];
const xml = (text: string, boxes: readonly Box[]) => `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ddwtos">
    <name><text>阀门</text></name>
    <questiontext format="html"><text><![CDATA[<p>${text}</p>]]></text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>4</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <shuffleanswers>1</shuffleanswers>
    ${boxes.map(([t, g, inf]) => `<dragbox><text>${t}</text><group>${g}</group>${inf ? "<infinite/>" : ""}</dragbox>`).join("\n    ")}
  </question>
</quiz>`;

// 开 is infinite and right in gaps 1 and 3; 关 finite; 高/低 are a second group.
const TEXT = "进水阀 [[1]]，出水阀 [[2]]，排污阀 [[1]]，水位 [[3]]。";
const BOXES: Box[] = [
  ["开", 1, true],
  ["关", 1],
  ["高", 2],
  ["低", 2],
];

async function load(source: string): Promise<ClozeQuestion> {
  const r = await importMoodleXml(source, { newId: counter() });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.questions[0] as ClozeQuestion;
}

const id = (q: ClozeQuestion, text: string) => {
  for (const g of q.gaps) if (g.kind === "choice") for (const o of g.options) if (o.text === text) return o.id;
  throw new Error(`no box ${text}`);
};
const answer = (q: ClozeQuestion, ...texts: string[]) => ({ type: "cloze" as const, gaps: texts.map((t) => (t === "" ? "" : id(q, t))) });

describe("Moodle ddwtos infinite boxes", () => {
  it("imports the boxes: one id per box in every gap of its group, <infinite/> kept", async () => {
    const q = await load(xml(TEXT, BOXES));
    expect(q.stem).toBe(`进水阀 ${BLANK_MARK}，出水阀 ${BLANK_MARK}，排污阀 ${BLANK_MARK}，水位 ${BLANK_MARK}。`);
    expect(q.gaps.map((g) => (g.kind === "choice" ? g.options.map((o) => o.id) : []))).toEqual([
      [id(q, "开"), id(q, "关")],
      [id(q, "开"), id(q, "关")],
      [id(q, "开"), id(q, "关")],
      [id(q, "高"), id(q, "低")],
    ]);
    expect(q.drag).toEqual({ infinite: [id(q, "开")] });
    expect(checkQuestion(q)).toEqual([]);
    // Kept through the bank's storage and shown to the worker (which boxes are infinite, no key).
    expect(fromStored({ ...toStored(q), type: "cloze" } as never)).toMatchObject({ drag: q.drag });
    const view = publicView(q);
    expect(view).toMatchObject({ type: "cloze", drag: { infinite: [id(q, "开")] } });
    expect(JSON.stringify(view)).not.toContain("fractions");
  });

  it("grades as Moodle: right gaps / gaps × the mark, an infinite box right in two gaps", async () => {
    const q = await load(xml(TEXT, BOXES));
    expect(grade(q, answer(q, "开", "关", "开", "高"))).toMatchObject({ score: 4, correct: "right" });
    expect(grade(q, answer(q, "开", "开", "开", "低"))).toMatchObject({ score: 2, correct: "partial" });
    expect(grade(q, answer(q, "关", "", "", ""))).toMatchObject({ score: 0, correct: "wrong" });
  });

  it("lets an infinite box fill several gaps and a finite one only one, in the UI and on the server", async () => {
    const q = await load(xml(TEXT, BOXES));
    const drag = q.drag!;
    const open = id(q, "开");
    const shut = id(q, "关");
    // The phone UI: choosing a finite box in a second gap takes it out of the first; an infinite one stays.
    expect(placeBox(["", "", "", ""], drag, 1, shut)).toEqual(["", shut, "", ""]);
    expect(placeBox(["", shut, "", ""], drag, 2, shut)).toEqual(["", "", shut, ""]);
    expect(placeBox([open, "", "", ""], drag, 2, open)).toEqual([open, "", open, ""]);
    expect(boxesOnceEach([open, open, open, ""], drag)).toBe(true);
    expect(boxesOnceEach([shut, shut, "", ""], drag)).toBe(false);
    // The server: a response with a finite box twice is refused with its own message, for the full question and its public view.
    for (const shape of [q, publicView(q)]) {
      const schema = responseSchemaFor(shape);
      expect(schema.safeParse(answer(q, "开", "关", "开", "高")).success).toBe(true);
      const twice = schema.safeParse(answer(q, "关", "关", "", ""));
      expect(twice.success).toBe(false);
      expect(twice.error?.issues.map((i) => i.message)).toContain("quiz.response.boxUsedTwice");
    }
  });

  it("refuses a finite box that is right in two gaps, naming it, as Moodle's editing form does", async () => {
    const r = await importMoodleXml(
      xml(TEXT, [
        ["开", 1],
        ["关", 1],
        ["高", 2],
        ["低", 2],
      ]),
      { newId: counter() },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toMatchObject([{ code: "quiz.question.dragBoxReused", params: { box: "开" } }]);
  });

  it("takes a box written twice in a group (Moodle's older way) as one box usable more than once", async () => {
    const q = await load(
      xml("[[1]] 和 [[3]] 之间是 [[2]]", [
        ["阀", 1],
        ["管", 1],
        ["阀", 1],
      ]),
    );
    expect(q.gaps.every((g) => g.kind === "choice" && g.options.length === 2)).toBe(true);
    expect(q.drag).toEqual({ infinite: [id(q, "阀")] });
    expect(grade(q, answer(q, "阀", "阀", "管")).score).toBe(4);
  });

  it("exports back to Moodle XML as ddwtos with <infinite/>, and re-imports to the same question and grades", async () => {
    const q = await load(xml(TEXT, BOXES));
    const out = exportMoodleXml([q]);
    expect(out).toContain('<question type="ddwtos">');
    expect(out).toContain("进水阀 [[1]]，出水阀 [[2]]，排污阀 [[1]]，水位 [[3]]。");
    expect(out.match(/<dragbox>/g)).toHaveLength(4);
    expect(out.match(/<infinite\/>/g)).toHaveLength(1);
    expect(out).toMatch(/<text><!\[CDATA\[开\]\]><\/text>\s*<group>1<\/group>\s*<infinite\/>/);
    expect(out).toMatch(/<text><!\[CDATA\[高\]\]><\/text>\s*<group>2<\/group>\s*<\/dragbox>/);
    const back = await load(out);
    expect(back).toEqual(q);
    expect(exportMoodleXml([back])).toBe(out);
    for (const texts of [
      ["开", "关", "开", "高"],
      ["开", "开", "开", "低"],
      ["关", "", "开", ""],
    ])
      expect(grade(back, answer(back, ...texts))).toEqual(grade(q, answer(q, ...texts)));
  });
});

describe("a drag and drop question edited in the bank's editor", () => {
  it("stays drag and drop, with its infinite boxes, and grades the same after a save", async () => {
    const q = await load(xml(TEXT, BOXES));
    const payload = questionToPayload(q);
    expect(payload.drag).toEqual({ infinite: ["开"] });
    // What the form posts back, through the same schema.
    const saved = payloadToQuestion(JSON.parse(JSON.stringify(payload)));
    expect(saved.problems).toEqual([]);
    const again = saved.question as ClozeQuestion;
    expect(again.type).toBe("cloze");
    expect(again.drag?.infinite).toEqual([id(again, "开")]);
    // One id per box in every gap of its group, as the importer made them.
    expect(again.gaps.map((g) => (g.kind === "choice" ? g.options.map((o) => o.id) : []))).toEqual([
      [id(again, "开"), id(again, "关")],
      [id(again, "开"), id(again, "关")],
      [id(again, "开"), id(again, "关")],
      [id(again, "高"), id(again, "低")],
    ]);
    for (const texts of [
      ["开", "关", "开", "高"],
      ["开", "开", "关", "低"],
      ["关", "开", "开", "高"],
    ]) {
      expect(grade(again, answer(again, ...texts)), texts.join()).toEqual(grade(q, answer(q, ...texts)));
    }
    expect(checkQuestion(again)).toEqual([]);
  });

  it("is a plain cloze once a gap is no longer a choice of words", async () => {
    const payload = questionToPayload(await load(xml(TEXT, BOXES)));
    const saved = payloadToQuestion({ ...payload, stem: `${payload.stem} {1:SHORTANSWER:=油压}` });
    expect(saved.problems).toEqual([]);
    expect((saved.question as ClozeQuestion).drag).toBeUndefined();
  });
});
