/**
 * Weighted answers graded as Moodle grades them. Two checks:
 * - a table of cases with the grade Moodle gives, worked out by hand from Moodle's rules
 *   (question/type/multichoice/question.php grade_response; shortanswer's first matching answer);
 * - every response (every subset of options) to a few hundred questions with valid Moodle
 *   grades, compared with Moodle's grade_response transcribed below (float arithmetic as PHP
 *   does it, mark = fraction × points, shown to two decimals).
 */
import { describe, expect, it } from "vitest";
import { payloadToQuestion, questionToPayload } from "@/lib/quiz/admin/question-input";
import { FRACTION_OPTIONS_FULL } from "@/lib/quiz/fractions";
import { grade } from "@/lib/quiz/grading";
import type { FillQuestion, MultipleQuestion, Question, SingleQuestion } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";

const meta = { explanation: "", difficulty: 3 as const, category: [], tags: [] };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `o${i}`);
const options = (n: number) => ids(n).map((id, i) => ({ id, text: `选项${i}` }));

function multi(fractions: number[], points = 1): MultipleQuestion {
  const f = Object.fromEntries(fractions.map((x, i) => [`o${i}`, x]));
  const correct = ids(fractions.length).filter((_, i) => fractions[i]! > 0);
  return { type: "multiple", stem: "m", options: options(fractions.length), scoring: "partial", key: { correct, fractions: f }, points, ...meta };
}
function single(fractions: number[], points = 1): SingleQuestion {
  const f = Object.fromEntries(fractions.map((x, i) => [`o${i}`, x]));
  const correct = `o${fractions.indexOf(1)}`;
  return { type: "single", stem: "s", options: options(fractions.length), key: { correct, fractions: f }, points, ...meta };
}
function shortanswer(answers: [string, number][][], points = 1): FillQuestion {
  return {
    type: "fill",
    stem: "f",
    key: { blanks: answers.map((b) => b.map(([a]) => a)), fractions: answers.map((b) => b.map(([, f]) => f)) },
    points,
    ...meta,
  };
}
const picks = (q: Question, letters: string) =>
  [...letters].map((c) => (q.type === "multiple" || q.type === "single" ? q.options["ABCDEFGH".indexOf(c)]!.id : c));

// ---------------------------------------------------------------------------------------------
// Moodle's rules, transcribed (PHP floats)

function moodleState(f: number): "right" | "partial" | "wrong" {
  // question_state::graded_state_for_fraction
  if (f < 0.000001) return "wrong";
  if (f > 0.999999) return "right";
  return "partial";
}
/** qtype_multichoice_multi_question::grade_response */
function moodleMulti(fractions: number[], chosen: boolean[]): number {
  let fraction = 0;
  fractions.forEach((f, i) => {
    if (chosen[i]) fraction += f;
  });
  return Math.min(Math.max(0, fraction), 1.0);
}
/** The mark shown, to two decimals (PHP round, half away from zero). */
const mark = (fraction: number, points: number) => Math.round(fraction * points * 100 + 1e-9) / 100;

describe("the table of cases Moodle gives", () => {
  // [question, response letters, Moodle's mark, Moodle's state, JobReady's old ±1/C rule's mark]
  const cases: [string, Question, string, number, "right" | "partial" | "wrong", number | null][] = [
    ["yellow 50 % + red −100 %", multi([0.5, 0.5, -1, 0]), "AC", 0, "wrong", 0],
    ["yellow 50 % alone", multi([0.5, 0.5, -1, 0]), "A", 0.5, "partial", 0.5],
    ["both 50 %", multi([0.5, 0.5, -1, 0]), "AB", 1, "right", 1],
    ["both 50 % + a 0 % option", multi([0.5, 0.5, -1, 0]), "ABD", 1, "right", 0.5],
    ["everything ticked", multi([0.5, 0.5, -1, 0]), "ABCD", 0, "wrong", 0],
    ["nothing ticked", multi([0.5, 0.5, -1, 0]), "", 0, "wrong", 0],
    ["yellow 100 % + red −50 %", multi([1, -0.5, -0.5]), "AB", 0.5, "partial", 0],
    ["yellow 100 % + both reds", multi([1, -0.5, -0.5]), "ABC", 0, "wrong", 0],
    ["three thirds", multi([0.3333333, 0.3333333, 0.3333333, -1], 3), "ABC", 3, "right", 3],
    ["two thirds", multi([0.3333333, 0.3333333, 0.3333333, -1], 3), "AB", 2, "partial", 2],
    ["two thirds + −100 %", multi([0.3333333, 0.3333333, 0.3333333, -1], 3), "ABD", 0, "wrong", 1],
    ["5/6 + 1/6 on 2 points", multi([0.8333333, 0.1666667, -0.1666667], 2), "AB", 2, "right", 2],
    ["5/6 − 1/6 on 2 points", multi([0.8333333, 0.1666667, -0.1666667], 2), "AC", 1.33, "partial", 0],
    ["1/6 on 2 points", multi([0.8333333, 0.1666667, -0.1666667], 2), "B", 0.33, "partial", 1],
    ["a fifth each, four of five", multi([0.2, 0.2, 0.2, 0.2, 0.2, -0.05], 1.5), "ABCD", 1.2, "partial", 1.2],
    ["a fifth each, all five + −5 %", multi([0.2, 0.2, 0.2, 0.2, 0.2, -0.05], 1.5), "ABCDEF", 1.43, "partial", 1.2],
    ["single: the 100 % option", single([1, 0.5, 0, -0.5], 2), "A", 2, "right", 2],
    ["single: the 50 % option", single([1, 0.5, 0, -0.5], 2), "B", 1, "partial", 0],
    ["single: the 0 % option", single([1, 0.5, 0, -0.5], 2), "C", 0, "wrong", 0],
    ["single: two 100 % options, the second", single([1, 1, -1]), "B", 1, "right", 0],
  ];
  it.each(cases)("%s", (_name, q, letters, points, state, old) => {
    const response =
      q.type === "single" ? { type: "single" as const, optionId: picks(q, letters)[0]! } : { type: "multiple" as const, optionIds: picks(q, letters) };
    expect(checkQuestion(q)).toEqual([]);
    expect(grade(q, response)).toEqual({ score: points, max: q.points, correct: state });
    // Without the grades, the same question falls back to JobReady's rule: what changed.
    if (old !== null && q.type === "multiple") {
      const { fractions: _f, ...key } = q.key;
      expect(grade({ ...q, key }, response).score).toBe(old);
    }
  });

  it("a single answer Moodle marks below 0 is 0 here (scores are never negative)", () => {
    // Moodle: −0.5 × 2 = −1 for this question.
    const q = single([1, 0.5, 0, -0.5], 2);
    expect(grade(q, { type: "single", optionId: "o3" })).toEqual({ score: 0, max: 2, correct: "wrong" });
  });

  it("short answer: the first matching answer's grade", () => {
    const q = shortanswer(
      [
        [
          ["鲍鱼", 1],
          ["鱼", 0.5],
        ],
      ],
      2,
    );
    expect(grade(q, { type: "fill", blanks: ["鲍鱼"] })).toEqual({ score: 2, max: 2, correct: "right" });
    expect(grade(q, { type: "fill", blanks: ["鱼"] })).toEqual({ score: 1, max: 2, correct: "partial" });
    expect(grade(q, { type: "fill", blanks: ["虾"] })).toEqual({ score: 0, max: 2, correct: "wrong" });
    // Moodle takes the first answer that matches, even if a later one is worth more.
    const first = shortanswer([
      [
        ["ab", 0.5],
        ["AB", 1],
      ],
    ]);
    expect(grade(first, { type: "fill", blanks: ["AB"] }).score).toBe(0.5);
  });

  it("cloze: the mean of the blanks' grades", () => {
    const q = shortanswer(
      [
        [
          ["a", 1],
          ["b", 0.5],
        ],
        [["c", 1]],
      ],
      2,
    );
    expect(grade(q, { type: "fill", blanks: ["b", "c"] })).toEqual({ score: 1.5, max: 2, correct: "partial" });
    expect(grade(q, { type: "fill", blanks: ["a", "c"] }).correct).toBe("right");
  });
});

// ---------------------------------------------------------------------------------------------
// Every response to many questions, against the transcription

/** Positive grades that add up to 100 %, as Moodle's editor lets a trainer set them. */
const PARTS = [
  [1],
  [0.5, 0.5],
  [0.3333333, 0.3333333, 0.3333333],
  [0.25, 0.25, 0.25, 0.25],
  [0.2, 0.2, 0.2, 0.2, 0.2],
  [0.6666667, 0.3333333],
  [0.75, 0.25],
  [0.8, 0.2],
  [0.9, 0.1],
  [0.8333333, 0.1666667],
  [0.5, 0.25, 0.25],
  [0.4, 0.3, 0.3],
  [0.5, 0.3333333, 0.1666667],
  [0.7, 0.2, 0.1],
  [0.6, 0.2, 0.2],
  [0.4, 0.4, 0.1, 0.1],
  [0.1428571, 0.1428571, 0.1428571, 0.1428571, 0.1428571, 0.1428571, 0.1428571],
];
const NEGATIVES = [0, -1, -0.5, -0.3333333, -0.25, -0.1, -0.05, -0.1428571];

function* multiQuestions(): Generator<number[]> {
  for (const parts of PARTS) {
    for (let extra = 0; extra + parts.length <= 8 && extra <= 3; extra++) {
      for (let k = 0; k < NEGATIVES.length; k++) {
        // The remaining options take negatives in turn, starting at a different one each time.
        const rest = Array.from({ length: extra }, (_, j) => NEGATIVES[(k + j) % NEGATIVES.length]!);
        yield [...parts, ...rest];
        if (extra === 0) break;
      }
    }
  }
}

describe("every response, compared with Moodle's grade_response", () => {
  it("multiple answer", () => {
    let compared = 0;
    for (const fractions of multiQuestions()) {
      if (fractions.length < 2) continue;
      for (const points of [1, 2, 3.5]) {
        const q = multi(fractions, points);
        expect(checkQuestion(q)).toEqual([]);
        const n = fractions.length;
        for (let mask = 0; mask < 1 << n; mask++) {
          const chosen = fractions.map((_, i) => (mask & (1 << i)) !== 0);
          const f = moodleMulti(fractions, chosen);
          const got = grade(q, { type: "multiple", optionIds: ids(n).filter((_, i) => chosen[i]) });
          expect({ fractions, chosen, points, got }).toEqual({
            fractions,
            chosen,
            points,
            got: { score: mark(f, points), max: points, correct: moodleState(f) },
          });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);
    console.info(`multiple answer: ${compared} responses compared with Moodle`);
  });

  it("single answer", () => {
    let compared = 0;
    const positives = FRACTION_OPTIONS_FULL.filter((f) => f >= 0 && f < 1);
    for (const other of positives) {
      for (const neg of NEGATIVES) {
        for (const points of [1, 2, 3.5]) {
          const fractions = [other, 1, neg, 0];
          const q = single(fractions, points);
          expect(checkQuestion(q)).toEqual([]);
          fractions.forEach((f, i) => {
            // qtype_multichoice_single_question::grade_response: the chosen answer's fraction.
            const expected = { score: mark(Math.max(0, f), points), max: points, correct: moodleState(f) };
            expect(grade(q, { type: "single", optionId: `o${i}` })).toEqual(expected);
            compared++;
          });
        }
      }
    }
    console.info(`single answer: ${compared} responses compared with Moodle`);
  });
});

describe("Moodle's checks on grades", () => {
  const codes = (q: Question) => checkQuestion(q).map((p) => p.code);
  it("refuses a grade that is not one of Moodle's values", () => {
    expect(codes(multi([0.45, 0.55, 0]))).toContain("quiz.question.badFraction");
  });
  it("refuses a single answer without a 100 % option", () => {
    const q = { ...single([1, 0.5, 0]), key: { correct: "o1", fractions: { o0: 0.9, o1: 0.5, o2: 0 } } };
    expect(checkQuestion(q)).toContainEqual({ field: "answer", code: "quiz.question.fractionsNoMax", params: { max: "90" } });
  });
  it("refuses a multiple answer whose positive grades do not add up to 100 %", () => {
    expect(checkQuestion(multi([0.5, 0.3333333, -1]))).toContainEqual({
      field: "answer",
      code: "quiz.question.fractionsAddWrong",
      params: { total: "83.33333" },
    });
    // 1/7 × 7 rounds to 1.00, as Moodle rounds the sum to two decimals.
    expect(codes(multi([0.1428571, 0.1428571, 0.1428571, 0.1428571, 0.1428571, 0.1428571, 0.1428571]))).toEqual([]);
  });
  it("refuses grades that disagree with the key, or on all-or-nothing scoring", () => {
    const q = multi([0.5, 0.5, 0]);
    expect(codes({ ...q, key: { ...q.key, correct: ["o0"] } })).toContain("quiz.question.fractionsMismatch");
    expect(codes({ ...q, scoring: "all_or_nothing" })).toContain("quiz.question.fractionsNeedPartial");
  });
  it("short answer: grades above 0 from fraction_options, one of them 100 % per blank", () => {
    expect(codes(shortanswer([[["a", 0.5]]]))).toContain("quiz.question.fractionsNoMax");
    expect(
      codes(
        shortanswer([
          [
            ["a", 1],
            ["b", -0.5],
          ],
        ]),
      ),
    ).toContain("quiz.question.badBlankFraction");
    expect(
      codes(
        shortanswer([
          [
            ["a", 1],
            ["b", 0.55],
          ],
        ]),
      ),
    ).toContain("quiz.question.badBlankFraction");
    expect(codes({ ...shortanswer([[["a", 1]]]), key: { blanks: [["a", "b"]], fractions: [[1]] } })).toContain("quiz.question.fractionsMismatch");
  });
  it("penalty between 0 and 1", () => {
    expect(codes({ ...multi([1, 0]), penalty: 0.3333333 })).toEqual([]);
    expect(codes({ ...multi([1, 0]), penalty: 1.5 })).toContain("quiz.question.badPenalty");
  });
});

describe("the editor's grades", () => {
  const payloadOf = (q: Question) => questionToPayload(q);
  it("reads a grade per option, and gives back the same question", () => {
    for (const q of [
      multi([0.5, 0.5, -1, 0], 2),
      single([1, 0.5, 0, -0.5], 2),
      shortanswer([
        [
          ["鲍鱼", 1],
          ["鱼", 0.5],
        ],
        [["a", 1]],
      ]),
    ]) {
      const p = payloadOf(q);
      const back = payloadToQuestion(p);
      expect(back.problems).toEqual([]);
      expect(back.question).toEqual(q);
    }
    expect(
      payloadOf(
        shortanswer([
          [
            ["鲍鱼", 1],
            ["鱼", 0.5],
          ],
        ]),
      ).blanks,
    ).toEqual([["鲍鱼", "%50%鱼"]]);
  });

  it("derives the correct options from the grades, and forces partial scoring", () => {
    const p = payloadOf(multi([0.5, 0.5, -1, 0]));
    const r = payloadToQuestion({
      ...p,
      scoring: "all_or_nothing",
      options: p.options.map((o, i) => ({ ...o, correct: i === 3, fraction: ["50", "50", "-100", "0"][i]! })),
    });
    expect(r.question).toMatchObject({ scoring: "partial", key: { correct: ["o0", "o1"] } });
  });

  it("refuses what Moodle refuses, on the option or on the answer", () => {
    const p = payloadOf(multi([0.5, 0.5, -1, 0]));
    const bad = payloadToQuestion({ ...p, options: p.options.map((o, i) => ({ ...o, fraction: ["45", "55", "-100", "0"][i]! })) });
    expect(bad.problems.filter((x) => x.code === "quiz.question.badFraction").map((x) => x.option)).toEqual([0, 1]);
    const sum = payloadToQuestion({ ...p, options: p.options.map((o, i) => ({ ...o, fraction: ["50", "30", "-100", "0"][i]! })) });
    expect(sum.problems).toEqual([{ field: "answer", code: "quiz.question.fractionsAddWrong", params: { total: "80" } }]);
    const s = payloadOf(single([1, 0.5, 0, -0.5]));
    const noMax = payloadToQuestion({ ...s, options: s.options.map((o, i) => ({ ...o, fraction: ["90", "50", "0", "-50"][i]! })) });
    expect(noMax.problems).toEqual([{ field: "answer", code: "quiz.question.fractionsNoMax", params: { max: "90" } }]);
  });

  it("leaves questions without grades as they were", () => {
    const plain: Question = { type: "multiple", stem: "m", options: options(3), scoring: "all_or_nothing", key: { correct: ["o0"] }, points: 1, ...meta };
    const p = payloadOf(plain);
    expect(p.weighted).toBe(false);
    expect(payloadToQuestion(p).question).toEqual(plain);
  });
});
