/**
 * Matching, ordering, cloze with choice/numerical gaps, and numerical partial credit, graded as
 * Moodle grades them. Each expected fraction is worked out from the Moodle grader named:
 * - matching: question/type/match/question.php grade_response (items right / items);
 * - ordering: question/type/ordering/question.php grade_response, GRADING_ALL_OR_NOTHING,
 *   GRADING_ABSOLUTE_POSITION and GRADING_RELATIVE_TO_CORRECT;
 * - cloze: question/type/multianswer/question.php grade_response (Σ subfraction × defaultmark
 *   / Σ defaultmark), each gap by its own subquestion's grader;
 * - numerical: question/type/numerical/question.php get_matching_answer (first answer, in order,
 *   whose tolerance holds the value).
 * The Moodle XML below is built on Moodle's own fixtures (question/type/match/tests/fixtures,
 * question/type/ordering/tests/fixtures, question/format/multianswer/tests/fixtures).
 */
import { describe, expect, it } from "vitest";
import { payloadToQuestion, questionToPayload } from "@/lib/quiz/admin/question-input";
import { grade, relativeOrderScore } from "@/lib/quiz/grading";
import { importGift } from "@/lib/quiz/import/gift";
import { exportMoodleXml, importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import { exportXlsx, importXlsx } from "@/lib/quiz/import/xlsx";
import { formGaps, parseResponse } from "@/lib/quiz/response";
import { fromStored, toStored } from "@/lib/quiz/store";
import { publicView, type ClozeQuestion, type MatchingQuestion, type NumericQuestion, type OrderingQuestion, type Question } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";

function counter(prefix = "i") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

const MATCH_XML = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="matching">
    <name><text>matching-001</text></name>
    <questiontext format="html"><text>Classify the animals.</text></questiontext>
    <generalfeedback format="html"><text>General feedback.</text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <shuffleanswers>true</shuffleanswers>
    <subquestion format="html"><text>frog</text><answer><text>amphibian</text></answer></subquestion>
    <subquestion format="html"><text>cat</text><answer><text>mammal</text></answer></subquestion>
    <subquestion format="html"><text>newt</text><answer><text>amphibian</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>insect</text></answer></subquestion>
  </question>
</quiz>`;

const orderingXml = (grading: string | null, extra = "") => `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="ordering">
    <name><text>Moodle</text></name>
    <questiontext format="html"><text>Put these words in order.</text></questiontext>
    <defaultgrade>1</defaultgrade>
    ${grading === null ? "" : `<gradingtype>${grading}</gradingtype>`}${extra}
    <answer fraction="3.0000000" format="html"><text>Oriented</text></answer>
    <answer fraction="1.0000000" format="html"><text>Modular</text></answer>
    <answer fraction="2.0000000" format="html"><text>Object</text></answer>
    <answer fraction="4.0000000" format="html"><text>Dynamic</text></answer>
  </question>
</quiz>`;

/** Part of Moodle's multianswer-all-types fixture: choice, numerical (one with mark 3) and short-answer gaps. */
const CLOZE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="cloze">
    <name><text>All CLOZE types</text></name>
    <questiontext format="html"><text><![CDATA[<p>Asterix lived around {1:MULTICHOICE:200 B.C.#too early~=50 B.C.#Correct~50 A.C.#too late}</p>
<p>Water boils at {1:NUMERICAL:=212:0#Exact~%50%212:10#Close} Fahrenheit.</p>
<p>Celsius was born in {3:NUMERICAL:%100%1701:0#Exact~%66%1701:20#Within 20~%33%1701:50#Within 50}.</p>
<p>The beverage: {1:SHORTANSWER:=Whisky~=Whiskey~%50%Wiskey~%25%Wisky}</p>]]></text></questiontext>
    <penalty>0.3333333</penalty>
  </question>
</quiz>`;

async function only(xml: string): Promise<Question> {
  const r = await importMoodleXml(xml, { newId: counter() });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.questions).toHaveLength(1);
  return r.questions[0]!;
}

describe("matching (qtype_match)", () => {
  it("imports Moodle's fixture: three items, an answer shared by two, a distractor", async () => {
    const q = (await only(MATCH_XML)) as MatchingQuestion;
    expect(q.type).toBe("matching");
    expect(q.items.map((i) => i.text)).toEqual(["frog", "cat", "newt"]);
    expect(q.choices.map((c) => c.text)).toEqual(["amphibian", "mammal", "insect"]);
    expect(checkQuestion(q)).toEqual([]);
  });

  it("grades right pairs / items, as grade_response does", async () => {
    const q = (await only(MATCH_XML)) as MatchingQuestion;
    const [frog, cat, newt] = q.items.map((i) => i.id);
    const [amph, mammal, insect] = q.choices.map((c) => c.id);
    const g = (pairs: Record<string, string>) => grade(q, { type: "matching", pairs });
    expect(g({ [frog!]: amph!, [cat!]: mammal!, [newt!]: amph! })).toEqual({ score: 1, max: 1, correct: "right" });
    // 2 of 3: 0.6666667, shown as 0.67.
    expect(g({ [frog!]: amph!, [cat!]: insect!, [newt!]: amph! })).toEqual({ score: 0.67, max: 1, correct: "partial" });
    expect(g({ [frog!]: amph! })).toEqual({ score: 0.33, max: 1, correct: "partial" });
    expect(g({ [frog!]: insect!, [cat!]: amph!, [newt!]: mammal! })).toEqual({ score: 0, max: 1, correct: "wrong" });
    expect(g({})).toEqual({ score: 0, max: 1, correct: "wrong" });
  });

  it("refuses a response naming a choice or an item the question lacks", async () => {
    const q = (await only(MATCH_XML)) as MatchingQuestion;
    expect(parseResponse(q, { type: "matching", pairs: { [q.items[0]!.id]: "nope" } })).toMatchObject({ ok: false, code: "quiz.response.unknownOption" });
    expect(parseResponse(q, { type: "matching", pairs: { nope: q.choices[0]!.id } })).toMatchObject({ ok: false, code: "quiz.response.unknownOption" });
    expect(parseResponse(q, { type: "matching", pairs: { [q.items[0]!.id]: q.choices[0]!.id } })).toMatchObject({ ok: true });
  });

  it("round-trips through Moodle XML and storage", async () => {
    const q = await only(MATCH_XML);
    const again = await only(exportMoodleXml([q]));
    expect(normalise(again)).toEqual(normalise(q));
    expect(fromStored(toStored(q), { category: q.category, tags: q.tags })).toEqual(q);
  });

  it("reads GIFT matching with a distractor, and a file mixing it with other questions", async () => {
    const r = await importGift("Classify. {\n=frog -> amphibian\n=cat -> mammal\n=newt -> amphibian\n= -> insect\n}\n\nOne? {=yes ~no}", { newId: counter() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const q = r.questions[0] as MatchingQuestion;
    expect(q.type).toBe("matching");
    expect(q.items.map((i) => i.text)).toEqual(["frog", "cat", "newt"]);
    expect(q.choices.map((c) => c.text)).toEqual(["amphibian", "mammal", "insect"]);
    expect(q.key.pairs[q.items[2]!.id]).toBe(q.choices[0]!.id);
    expect(r.questions[1]!.type).toBe("single");
  });

  it("goes out to the xlsx template readable, and comes back refused by name (the template has no key columns)", async () => {
    const q = await only(MATCH_XML);
    const r = await importXlsx(new Uint8Array(await exportXlsx([q])));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([{ row: 2, column: "题型", code: "quiz.import.typeNeedsXml", params: { value: "配对" } }]);
  });

  it("the public view has no key and shuffles the choices by the attempt's order", async () => {
    const q = (await only(MATCH_XML)) as MatchingQuestion;
    const order = [q.choices[2]!.id, q.choices[0]!.id, q.choices[1]!.id];
    const v = publicView(q, order);
    expect(v).not.toHaveProperty("key");
    expect(v.type === "matching" && v.choices.map((c) => c.id)).toEqual(order);
  });
});

describe("ordering (qtype_ordering)", () => {
  it("reads the right order from the answers' fractions and the grading type", async () => {
    const q = (await only(orderingXml("RELATIVE_TO_CORRECT"))) as OrderingQuestion;
    expect(q.items.map((i) => i.text)).toEqual(["Modular", "Object", "Oriented", "Dynamic"]);
    expect(q.scoring).toBe("relative");
    expect(((await only(orderingXml(null))) as OrderingQuestion).scoring).toBe("absolute"); // Moodle's default
    expect(((await only(orderingXml("ALL_OR_NOTHING"))) as OrderingQuestion).scoring).toBe("all_or_nothing");
  });

  it("refuses the grading types and subsets it does not keep, by name", async () => {
    const r = await importMoodleXml(orderingXml("LONGEST_ORDERED_SUBSET"));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatchObject({ code: "quiz.import.moodle.orderingGrading", params: { value: "LONGEST_ORDERED_SUBSET" } });
    const sub = await importMoodleXml(orderingXml("ALL_OR_NOTHING", "<selecttype>RANDOM</selecttype><selectcount>3</selectcount>"));
    expect(!sub.ok && sub.problems[0]).toMatchObject({ code: "quiz.import.moodle.orderingSubset", params: { count: 3, total: 4 } });
  });

  it("grades RELATIVE_TO_CORRECT: each item (n−1) − |offset|, over n(n−1)", async () => {
    expect(relativeOrderScore(["a", "b", "c", "d"], ["d", "a", "b", "c"])).toEqual([6, 12]);
    expect(relativeOrderScore(["a", "b", "c", "d"], ["b", "a", "c", "d"])).toEqual([10, 12]);
    expect(relativeOrderScore(["a", "b", "c", "d"], ["d", "c", "b", "a"])).toEqual([4, 12]);
    const q = (await only(orderingXml("RELATIVE_TO_CORRECT"))) as OrderingQuestion;
    const [m, ob, or, d] = q.key.order;
    const g = (order: string[]) => grade(q, { type: "ordering", order });
    expect(g([m!, ob!, or!, d!])).toEqual({ score: 1, max: 1, correct: "right" });
    expect(g([d!, m!, ob!, or!])).toEqual({ score: 0.5, max: 1, correct: "partial" });
    expect(g([ob!, m!, or!, d!])).toEqual({ score: 0.83, max: 1, correct: "partial" });
    expect(g([d!, or!, ob!, m!])).toEqual({ score: 0.33, max: 1, correct: "partial" });
  });

  it("grades ABSOLUTE_POSITION (right places / n) and ALL_OR_NOTHING", async () => {
    const abs = (await only(orderingXml("ABSOLUTE_POSITION"))) as OrderingQuestion;
    const [m, ob, or, d] = abs.key.order;
    expect(grade(abs, { type: "ordering", order: [ob!, m!, or!, d!] })).toEqual({ score: 0.5, max: 1, correct: "partial" });
    expect(grade(abs, { type: "ordering", order: [d!, m!, ob!, or!] })).toEqual({ score: 0, max: 1, correct: "wrong" });
    const aon = { ...abs, scoring: "all_or_nothing" } as OrderingQuestion;
    expect(grade(aon, { type: "ordering", order: [ob!, m!, or!, d!] })).toEqual({ score: 0, max: 1, correct: "wrong" });
    expect(grade(aon, { type: "ordering", order: [m!, ob!, or!, d!] })).toEqual({ score: 1, max: 1, correct: "right" });
  });

  it("accepts only a whole permutation of the items as an answer", async () => {
    const q = (await only(orderingXml(null))) as OrderingQuestion;
    const ids = q.key.order;
    expect(parseResponse(q, { type: "ordering", order: ids.slice(0, 3) })).toMatchObject({ ok: false });
    expect(parseResponse(q, { type: "ordering", order: [ids[0], ids[0], ids[1], ids[2]] })).toMatchObject({ ok: false });
    expect(parseResponse(q, { type: "ordering", order: [...ids].reverse() })).toMatchObject({ ok: true });
  });

  it("never shows or stores the items in the right order where a worker can read them", async () => {
    const q = (await only(orderingXml(null))) as OrderingQuestion;
    const v = publicView(q);
    expect(v.type === "ordering" && v.items.map((i) => i.id)).not.toEqual(q.key.order);
    const stored = toStored(q);
    expect((stored.body.items as { id: string }[]).map((i) => i.id)).not.toEqual(q.key.order);
    expect(fromStored(stored, { category: q.category, tags: q.tags })).toEqual(q);
  });

  it("round-trips through Moodle XML with each grading type", async () => {
    for (const g of ["ALL_OR_NOTHING", "ABSOLUTE_POSITION", "RELATIVE_TO_CORRECT"]) {
      const q = await only(orderingXml(g));
      expect(normalise(await only(exportMoodleXml([q])))).toEqual(normalise(q));
    }
  });
});

describe("cloze (qtype_multianswer)", () => {
  it("imports choice, numerical and short-answer gaps with their marks", async () => {
    const q = (await only(CLOZE_XML)) as ClozeQuestion;
    expect(q.type).toBe("cloze");
    expect(q.gaps.map((g) => [g.kind, g.weight])).toEqual([
      ["choice", 1],
      ["numeric", 1],
      ["numeric", 3],
      ["short", 1],
    ]);
    expect(q.key.gaps[2]).toEqual({
      kind: "numeric",
      answers: [
        { value: 1701, tolerance: { kind: "absolute", value: 0 }, fraction: 1 },
        { value: 1701, tolerance: { kind: "absolute", value: 20 }, fraction: 0.66 },
        { value: 1701, tolerance: { kind: "absolute", value: 50 }, fraction: 0.33 },
      ],
    });
    expect(checkQuestion(q)).toEqual([]);
  });

  it("grades Σ gap fraction × mark / Σ mark", async () => {
    const q = (await only(CLOZE_XML)) as ClozeQuestion;
    const choice = q.gaps[0]!.kind === "choice" ? q.gaps[0]!.options : [];
    const right = choice[1]!.id;
    const g = (gaps: string[]) => grade(q, { type: "cloze", gaps });
    expect(g([right, "212", "1701", "whiskey"])).toEqual({ score: 1, max: 1, correct: "right" });
    // 212 ± 10 at 50 %, 1701 ± 20 at 66 % (mark 3), Wiskey 50 %: (1 + 0.5 + 3 × 0.66 + 0.5) / 6 = 0.6633333.
    expect(g([right, "215", "1690", "Wiskey"])).toEqual({ score: 0.66, max: 1, correct: "partial" });
    // Only Celsius within 50 years: 3 × 0.33 / 6 = 0.165.
    expect(g(["", "", "1740", ""])).toEqual({ score: 0.17, max: 1, correct: "partial" });
    expect(g([choice[0]!.id, "100", "1900", "beer"])).toEqual({ score: 0, max: 1, correct: "wrong" });
  });

  it("keeps fill-in questions when every gap is a short answer worth 1", async () => {
    const xml = CLOZE_XML.replace(/<p>Asterix[\s\S]*?<p>The beverage/, "<p>{1:SA:=a} and {:SHORTANSWER:=b} The beverage");
    const q = await only(xml);
    expect(q.type).toBe("fill");
  });

  // Moodle's reader (qtype_multianswer_extract_question) scales the right answers of a
  // MULTIRESPONSE gap to add up to 1 and, when no answer has a %n% grade, makes each unmarked
  // answer cancel one right one; qtype_multichoice_multi_question grades Σ ticked, kept in 0..1.
  const mr = (gap: string) => CLOZE_XML.replace(/<p>Asterix[\s\S]*?]]>/, `<p>Which are PPE? ${gap}</p>]]>`);

  it("imports multiple-response gaps with Moodle's fractions and grades them as Moodle does", async () => {
    const q = (await only(mr("{1:MULTIRESPONSE:=helmet~=gloves~sandals}"))) as ClozeQuestion;
    expect(q.type).toBe("cloze");
    const gap = q.gaps[0]!;
    expect(gap.kind).toBe("multi");
    const [helmet, gloves, sandals] = gap.kind === "multi" ? gap.options.map((o) => o.id) : [];
    expect(q.key.gaps[0]).toEqual({ kind: "multi", fractions: { [helmet!]: 0.5, [gloves!]: 0.5, [sandals!]: -0.5 } });
    const g = (ticked: string) => grade(q, { type: "cloze", gaps: [ticked] });
    expect(g(`${helmet},${gloves}`)).toEqual({ score: 1, max: 1, correct: "right" });
    expect(g(`${helmet}`)).toEqual({ score: 0.5, max: 1, correct: "partial" });
    expect(g(`${helmet},${sandals}`)).toEqual({ score: 0, max: 1, correct: "wrong" });
    expect(g(`${helmet},${gloves},${sandals}`)).toEqual({ score: 0.5, max: 1, correct: "partial" });
    expect(g("")).toEqual({ score: 0, max: 1, correct: "wrong" });
    // A tick sent twice counts once.
    expect(g(`${helmet},${helmet}`)).toEqual({ score: 0.5, max: 1, correct: "partial" });
  });

  it("keeps %n% grades as written (scaled so the right ones add up to 100 %), unmarked answers worth 0", async () => {
    const q = (await only(mr("{2:MR:%60%a~%20%b~%-100%c~d}"))) as ClozeQuestion;
    const ids = q.gaps[0]!.kind === "multi" ? q.gaps[0]!.options.map((o) => o.id) : [];
    expect(q.key.gaps[0]).toEqual({ kind: "multi", fractions: { [ids[0]!]: 0.75, [ids[1]!]: 0.25, [ids[2]!]: -1, [ids[3]!]: 0 } });
    expect(q.gaps[0]!.weight).toBe(2);
    // Three right answers: a third each, and all three make full marks.
    const third = (await only(mr("{1:MRS:=a~=b~=c~d}"))) as ClozeQuestion;
    const t = third.gaps[0]!.kind === "multi" ? third.gaps[0]!.options.map((o) => o.id) : [];
    expect(third.key.gaps[0]).toMatchObject({ fractions: { [t[0]!]: 0.3333333, [t[3]!]: -0.3333333 } });
    expect(grade(third, { type: "cloze", gaps: [t.slice(0, 3).join(",")] })).toEqual({
      score: 1,
      max: 1,
      correct: "right",
    });
  });

  it("round-trips a multiple-response gap through Moodle XML, and refuses one with no right answer", async () => {
    const q = await only(mr("{1:MULTIRESPONSE:%50%a~%50%b~%-50%c~d}"));
    const back = await only(exportMoodleXml([q]));
    expect(normalise(back)).toEqual(normalise(q));
    expect(fromStored(toStored(q), { category: q.category, tags: q.tags })).toEqual(q);
    // The worker sees the options, never their grades.
    const v = publicView(q);
    expect(JSON.stringify(v)).not.toContain("fractions");
    expect(v.type === "cloze" && v.gaps[0]).toMatchObject({ kind: "multi", options: [{ text: "a" }, { text: "b" }, { text: "c" }, { text: "d" }] });
    // No answer worth anything: Moodle refuses the question (fractionsnomax); so does this.
    const bad = await importMoodleXml(mr("{1:MULTIRESPONSE:a~b}"), { newId: counter() });
    expect(bad.ok).toBe(false);
  });

  it("takes a multiple-response answer only with the gap's own options, each once", async () => {
    const q = (await only(mr("{1:MULTIRESPONSE:=a~=b~c}"))) as ClozeQuestion;
    const ids = q.gaps[0]!.kind === "multi" ? q.gaps[0]!.options.map((o) => o.id) : [];
    expect(parseResponse(q, { type: "cloze", gaps: [`${ids[0]},${ids[2]}`] }).ok).toBe(true);
    expect(parseResponse(q, { type: "cloze", gaps: [""] }).ok).toBe(true);
    expect(parseResponse(q, { type: "cloze", gaps: [`${ids[0]},nope`] }).ok).toBe(false);
    expect(parseResponse(q, { type: "cloze", gaps: [`${ids[0]},${ids[0]}`] }).ok).toBe(false);
  });

  it("reads a plain practice form's ticks into the gap's place (no JavaScript on a weak link)", async () => {
    const xml = CLOZE_XML.replace(/<p>Asterix[\s\S]*?]]>/, "<p>{1:SA:=x} and {1:MR:=a~=b~c}</p>]]>");
    const q = (await only(xml)) as ClozeQuestion;
    const ids = q.gaps[1]!.kind === "multi" ? q.gaps[1]!.options.map((o) => o.id) : [];
    const r = { type: "cloze", gaps: formGaps(["x", ""], [`1:${ids[0]}`, `1:${ids[1]}`, "9:zz", "junk"]) };
    expect(r.gaps).toEqual(["x", `${ids[0]},${ids[1]}`]);
    const parsed = parseResponse(q, r);
    expect(parsed.ok && grade(q, parsed.response)).toEqual({ score: 1, max: 1, correct: "right" });
  });

  it("round-trips through Moodle XML and storage; the public view has the options but no grades", async () => {
    const q = await only(CLOZE_XML);
    expect(normalise(await only(exportMoodleXml([q])))).toEqual(normalise(q));
    expect(fromStored(toStored(q), { category: q.category, tags: q.tags })).toEqual(q);
    const v = publicView(q);
    expect(JSON.stringify(v)).not.toContain("fraction");
    expect(v.type === "cloze" && v.gaps[0]!.kind === "choice" && v.gaps[0]!.options).toHaveLength(3);
  });

  it('writes an explicit %0% before a wrong answer whose text would read as a grade ("%0%油", "=油")', async () => {
    const q: ClozeQuestion = {
      type: "cloze",
      stem: "选（　）",
      explanation: "",
      difficulty: 1,
      points: 1,
      category: [],
      tags: [],
      gaps: [
        {
          kind: "choice",
          weight: 1,
          options: [
            { id: "a", text: "油" },
            { id: "b", text: "%0%油" },
            { id: "c", text: "=油" },
          ],
        },
      ],
      key: { gaps: [{ kind: "choice", fractions: { a: 1, b: 0, c: 0 } }] },
    };
    const xml = exportMoodleXml([q]);
    expect(xml).toContain("=油~%0%%0%油~%0%=油");
    const back = await only(xml);
    expect(back.type === "cloze" && back.gaps[0]!.kind === "choice" && back.gaps[0]!.options.map((o) => o.text)).toEqual(["油", "%0%油", "=油"]);
  });
});

describe("numerical partial credit (qtype_numerical)", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<quiz><question type="numerical">
  <name><text>boil</text></name>
  <questiontext format="plain_text"><text>Water boils at ? °F</text></questiontext>
  <answer fraction="100"><text>212</text><tolerance>0</tolerance></answer>
  <answer fraction="50"><text>212</text><tolerance>10</tolerance></answer>
  <answer fraction="0"><text>*</text></answer>
</question></quiz>`;

  it("takes the first answer whose tolerance holds the value", async () => {
    const q = (await only(xml)) as NumericQuestion;
    expect(q.key.answers).toHaveLength(2);
    expect(grade(q, { type: "numeric", value: "212" })).toEqual({ score: 1, max: 1, correct: "right" });
    expect(grade(q, { type: "numeric", value: "205" })).toEqual({ score: 0.5, max: 1, correct: "partial" });
    expect(grade(q, { type: "numeric", value: "300" })).toEqual({ score: 0, max: 1, correct: "wrong" });
    // In file order: a wide 50 % answer first catches the exact value too, as in Moodle.
    const swapped = { ...q, key: { ...q.key, answers: [q.key.answers![1]!, q.key.answers![0]!] } };
    expect(grade(swapped, { type: "numeric", value: "212" }).score).toBe(0.5);
  });

  it("refuses grades Moodle refuses, and round-trips", async () => {
    const bad = await importMoodleXml(xml.replace('fraction="50"', 'fraction="45"'));
    expect(!bad.ok && bad.problems[0]!.code).toBe("quiz.import.moodle.invalidGrade");
    const q = await only(xml);
    expect(normalise(await only(exportMoodleXml([q])))).toEqual(normalise(q));
  });

  it("reads GIFT's weighted numerical answers", async () => {
    const r = await importGift("Boils at? {#=212:0 =%50%212:10}");
    expect(r.ok).toBe(true);
    const q = r.ok ? (r.questions[0] as NumericQuestion) : null;
    expect(q?.key.answers?.map((a) => a.fraction)).toEqual([1, 0.5]);
  });
});

describe("the editor", () => {
  it("gives back each new type unchanged through its form (numerical partial credit included)", async () => {
    const numeric = await importMoodleXml(
      `<quiz><question type="numerical"><questiontext format="plain_text"><text>沸点</text></questiontext><answer fraction="100"><text>212</text><tolerance>0</tolerance></answer><answer fraction="50"><text>212</text><tolerance>10</tolerance></answer></question></quiz>`,
      { newId: counter() },
    );
    const questions = [await only(MATCH_XML), await only(orderingXml("RELATIVE_TO_CORRECT")), await only(CLOZE_XML), ...(numeric.ok ? numeric.questions : [])];
    expect(questions).toHaveLength(4);
    for (const q of questions) {
      const back = payloadToQuestion(questionToPayload(q));
      expect(back.problems).toEqual([]);
      expect(normalise(back.question!)).toEqual(normalise({ ...q, penalty: undefined }));
    }
  });

  it("says which partial-credit line it cannot read", () => {
    const p = questionToPayload({
      type: "numeric",
      stem: "x",
      unit: "",
      explanation: "",
      difficulty: 3,
      points: 1,
      category: [],
      tags: [],
      key: { value: 1, tolerance: { kind: "absolute", value: 0 } },
    });
    const r = payloadToQuestion({ ...p, numeric: { ...p.numeric, more: "%50%abc" } });
    expect(r.problems).toEqual([{ field: "answer", code: "quiz.import.badNumericAnswer", params: { value: "%50%abc" } }]);
  });
});

/** Ids are new on each import (and in the editor): compare with ids renamed by first appearance. */
function normalise(q: Question): unknown {
  const json = JSON.stringify(q);
  const ids = new Map<string, string>();
  for (const m of json.matchAll(/"id":"([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `#${ids.size}`);
  return JSON.parse(json.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, s: string) => (ids.has(s) ? `"${ids.get(s)}"` : whole)));
}
