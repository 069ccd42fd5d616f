import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDecimal, parseNumberInput } from "@/lib/quiz/decimal";
import { aggregate, checkManualScore, grade, passed, percent, sumScores } from "@/lib/quiz/grading";
import { foldWidth, normaliseAnswer } from "@/lib/quiz/normalise";
import type { Response } from "@/lib/quiz/response";
import type { FillQuestion, MultipleQuestion, NumericQuestion, Question } from "@/lib/quiz/types";

const meta = { explanation: "", difficulty: 3 as const, category: [], tags: [] };
const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i}`, text: `选项${i}` }));

const single: Question = { type: "single", stem: "s", options: opts(4), key: { correct: "o2" }, points: 2, ...meta };
const tf: Question = { type: "truefalse", stem: "t", key: { correct: false }, points: 1, ...meta };
const multi = (scoring: MultipleQuestion["scoring"], points = 3, correct = ["o0", "o1", "o3"]): MultipleQuestion => ({
  type: "multiple",
  stem: "m",
  options: opts(4),
  scoring,
  key: { correct },
  points,
  ...meta,
});
const fill: FillQuestion = { type: "fill", stem: "f", key: { blanks: [["H2S", "硫化氢"], ["不伤害他人"]] }, points: 2, ...meta };
const numeric = (value: number, tolerance: NumericQuestion["key"]["tolerance"], unit = ""): NumericQuestion => ({
  type: "numeric",
  stem: "n",
  unit,
  key: { value, tolerance },
  points: 2,
  ...meta,
});
const essay: Question = { type: "essay", stem: "e", key: { reference: "ref" }, points: 10, ...meta };

const pick = (...optionIds: string[]): Response => ({ type: "multiple", optionIds });
const num = (value: string): Response => ({ type: "numeric", value });

describe("single and true/false", () => {
  it("gives full points for the right answer only", () => {
    expect(grade(single, { type: "single", optionId: "o2" })).toEqual({ score: 2, max: 2, correct: "right" });
    expect(grade(single, { type: "single", optionId: "o1" })).toEqual({ score: 0, max: 2, correct: "wrong" });
    expect(grade(single, { type: "single", optionId: "nope" }).correct).toBe("wrong");
    expect(grade(tf, { type: "truefalse", value: false }).correct).toBe("right");
    expect(grade(tf, { type: "truefalse", value: true }).correct).toBe("wrong");
  });

  it("treats no answer, or an answer of another type, as wrong", () => {
    expect(grade(single, null)).toEqual({ score: 0, max: 2, correct: "wrong" });
    expect(grade(single, undefined).correct).toBe("wrong");
    expect(grade(single, { type: "truefalse", value: true }).correct).toBe("wrong");
  });
});

describe("multiple choice", () => {
  it("all or nothing needs exactly the correct set", () => {
    const q = multi("all_or_nothing");
    expect(grade(q, pick("o3", "o0", "o1")).correct).toBe("right");
    expect(grade(q, pick("o0", "o1")).score).toBe(0);
    expect(grade(q, pick("o0", "o1", "o2", "o3")).score).toBe(0);
    expect(grade(q, pick()).correct).toBe("wrong");
  });

  it("partial credit is points × max(0, (right − wrong) / correct)", () => {
    const q = multi("partial"); // 3 correct of 4, 3 points
    expect(grade(q, pick("o0", "o1", "o3"))).toEqual({ score: 3, max: 3, correct: "right" });
    expect(grade(q, pick("o0", "o1"))).toEqual({ score: 2, max: 3, correct: "partial" });
    expect(grade(q, pick("o0", "o1", "o2")).score).toBe(1);
    expect(grade(q, pick("o0", "o2")).score).toBe(0);
    expect(grade(q, pick("o0", "o1", "o2", "o3")).score).toBe(2);
    expect(grade(q, pick("o2")).correct).toBe("wrong");
  });

  it("rounds partial credit to hundredths, half up", () => {
    const q = multi("partial", 1);
    expect(grade(q, pick("o0")).score).toBe(0.33);
    expect(grade(q, pick("o0", "o1")).score).toBe(0.67);
    expect(grade(multi("partial", 2.5, ["o0", "o1", "o2"]), pick("o0")).score).toBe(0.83);
  });

  it("keeps partial credit within [0, points], and full points only for the exact set (property)", () => {
    fc.assert(
      fc.property(
        fc.subarray(["o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7"], { minLength: 1 }),
        fc.subarray(["o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7"]),
        fc.integer({ min: 1, max: 100_000 }),
        (correct, picked, centi) => {
          const points = centi / 100;
          const q: MultipleQuestion = { ...multi("partial", points, correct), options: opts(8) };
          const g = grade(q, pick(...picked));
          expect(g.score).toBeGreaterThanOrEqual(0);
          expect(g.score).toBeLessThanOrEqual(points);
          expect(Math.round(g.score * 100)).toBeCloseTo(g.score * 100, 6);
          const exact = picked.length === correct.length && picked.every((p) => correct.includes(p));
          expect(g.score === points).toBe(exact);
        },
      ),
    );
  });
});

describe("fill in the blank", () => {
  it("normalises case, all whitespace and full-width forms", () => {
    for (const typed of ["h2s", "Ｈ２Ｓ", " H 2 S ", "\u3000h２s\u3000", "H\u00a02S", "H\u200b2S"]) {
      expect(grade(fill, { type: "fill", blanks: [typed, "不伤害他人"] }).correct, typed).toBe("right");
    }
  });

  it("scores each blank against every accepted answer", () => {
    expect(grade(fill, { type: "fill", blanks: ["硫化氢", "不伤害 他人"] }).score).toBe(2);
    expect(grade(fill, { type: "fill", blanks: ["H2S", "不伤害自己"] })).toEqual({ score: 1, max: 2, correct: "partial" });
    expect(grade(fill, { type: "fill", blanks: ["", ""] }).correct).toBe("wrong");
    expect(grade(fill, { type: "fill", blanks: ["H2S"] }).score).toBe(1); // a missing blank is wrong
  });

  it("does not fold CJK text or symbols outside the ASCII range", () => {
    const q: FillQuestion = { ...fill, key: { blanks: [["m³"]] }, points: 1 };
    expect(grade(q, { type: "fill", blanks: ["M³"] }).correct).toBe("right");
    expect(grade(q, { type: "fill", blanks: ["m3"] }).correct).toBe("wrong");
  });

  it("normalisation is idempotent and ignores width (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        expect(normaliseAnswer(normaliseAnswer(s))).toBe(normaliseAnswer(s));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 }), (ascii) => {
        const wide = ascii.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(normaliseAnswer(wide)).toBe(normaliseAnswer(ascii));
        expect(foldWidth(wide)).toBe(ascii);
      }),
    );
  });

  it("gives full points for any accepted answer however it is spaced, cased or widened (property)", () => {
    const answer = fc.string({ unit: fc.constantFrom(..."abcXYZ019中文油压"), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(answer, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), fc.nat(), (blanks, salt) => {
        const q: FillQuestion = { ...fill, key: { blanks }, points: 3 };
        const typed = blanks.map((accepted, i) => {
          const a = accepted[(salt + i) % accepted.length]!; // minLength 1
          const spaced = ` ${a.split("").join(i % 2 ? "\u3000" : " ")} `;
          return salt % 2 ? foldWidth(spaced).toUpperCase() : spaced.replace(/[a-zA-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        });
        expect(grade(q, { type: "fill", blanks: typed })).toEqual({ score: 3, max: 3, correct: "right" });
      }),
    );
  });
});

describe("numeric", () => {
  it("compares in exact decimal, so 0.3 ± 0.1 takes 0.4 and 0.2", () => {
    const q = numeric(0.3, { kind: "absolute", value: 0.1 });
    expect(grade(q, num("0.4")).correct).toBe("right");
    expect(grade(q, num("0.2")).correct).toBe("right");
    expect(grade(q, num("0.41")).correct).toBe("wrong");
    expect(grade(q, num("0.19999")).correct).toBe("wrong");
  });

  it("applies a percent tolerance to the key's magnitude", () => {
    const q = numeric(18, { kind: "percent", value: 2 });
    expect(grade(q, num("18.36")).correct).toBe("right");
    expect(grade(q, num("17.64")).correct).toBe("right");
    expect(grade(q, num("18.361")).correct).toBe("wrong");
    const neg = numeric(-50, { kind: "percent", value: 10 });
    expect(grade(neg, num("-55")).correct).toBe("right");
    expect(grade(neg, num("-56")).correct).toBe("wrong");
    const zero = numeric(0, { kind: "percent", value: 10 });
    expect(grade(zero, num("0")).correct).toBe("right");
    expect(grade(zero, num("0.0001")).correct).toBe("wrong");
  });

  it("reads what phone keyboards type", () => {
    const q = numeric(3.3, { kind: "absolute", value: 0 }, "MPa");
    for (const typed of ["3.3", " 3.30 ", "３．３", "3。3", "+3.3", "3.3MPa", "3.3 MPa", "3.3 ＭＰａ", "33e-1", ".33e1"]) {
      expect(grade(q, num(typed)).correct, typed).toBe("right");
    }
    for (const typed of ["3,3", "3.3 mpa", "3.3 kPa", "3.3.0", "", "三点三", "3 .3", "1e999999999"]) {
      expect(grade(q, num(typed)).correct, typed).toBe("wrong");
    }
    expect(grade(numeric(-2, { kind: "absolute", value: 0 }), num("−2")).correct).toBe("right");
  });

  it("reads a comma only as a thousands separator", () => {
    expect(parseNumberInput("1,500")).toEqual(parseNumberInput("1500"));
    expect(formatDecimal(parseNumberInput("12,345,678.9")!)).toBe("12345678.9");
    expect(parseNumberInput("12,5")).toBeNull();
    expect(parseNumberInput("1,50")).toBeNull();
    expect(parseNumberInput("1，500")).toEqual(parseNumberInput("1500"));
  });

  it("accepts exactly the closed interval [v − tol, v + tol] (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 10_000 }), fc.boolean(), (a, b, up) => {
        const dec = (n: number) => formatDecimal({ digits: BigInt(n), scale: 3 });
        const q = numeric(Number(dec(a)), { kind: "absolute", value: Number(dec(b)) });
        const edge = up ? a + b : a - b;
        expect(grade(q, num(dec(a))).correct).toBe("right");
        expect(grade(q, num(dec(edge))).correct).toBe("right");
        expect(grade(q, num(dec(up ? edge + 1 : edge - 1))).correct).toBe("wrong");
      }),
    );
  });
});

describe("essay", () => {
  it("is pending until a trainer scores it", () => {
    expect(grade(essay, { type: "essay", text: "巡检内容……" })).toEqual({ score: 0, max: 10, correct: "pending" });
    expect(grade(essay, { type: "essay", text: "  " }).correct).toBe("wrong");
    expect(grade(essay, { type: "essay", text: "x" }, { manualScore: 7.5 })).toEqual({ score: 7.5, max: 10, correct: "partial" });
    expect(grade(essay, { type: "essay", text: "x" }, { manualScore: 10 }).correct).toBe("right");
    expect(grade(essay, { type: "essay", text: "x" }, { manualScore: 0 }).correct).toBe("wrong");
  });

  it("refuses a manual score outside 0..points or with more than two decimals", () => {
    for (const s of [-1, 10.01, 1.234, Number.NaN]) {
      expect(checkManualScore(essay, s)).toEqual({ code: "quiz.grade.badManualScore", params: { max: 10 } });
      expect(() => grade(essay, { type: "essay", text: "x" }, { manualScore: s })).toThrow(RangeError);
    }
    expect(checkManualScore(essay, 9.99)).toBeNull();
  });
});

describe("every type", () => {
  it("gives full points to the key's own answer", () => {
    const right: [Question, Response][] = [
      [single, { type: "single", optionId: "o2" }],
      [tf, { type: "truefalse", value: false }],
      [multi("partial"), pick("o0", "o1", "o3")],
      [multi("all_or_nothing"), pick("o0", "o1", "o3")],
      [fill, { type: "fill", blanks: ["H2S", "不伤害他人"] }],
      [numeric(12.5, { kind: "absolute", value: 0.5 }), num("12.5")],
    ];
    for (const [q, r] of right) expect(grade(q, r), q.type).toEqual({ score: q.points, max: q.points, correct: "right" });
  });
});

describe("score arithmetic", () => {
  it("adds scores without binary noise", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumScores([0.1, 0.2])).toBe(0.3);
    expect(sumScores([0.33, 0.33, 0.34])).toBe(1);
  });

  it("gives percentages with two decimals, half up", () => {
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(2, 3)).toBe(66.67);
    expect(percent(0.3, 1.2)).toBe(25);
    expect(percent(5, 0)).toBe(0);
    expect(percent(1.01, 2)).toBe(50.5);
    expect(percent(0.01, 3)).toBe(0.33);
  });

  it("decides a pass on the percentage shown", () => {
    expect(passed(6, 10, 60)).toBe(true);
    expect(passed(5.99, 10, 60)).toBe(false);
    expect(percent(119.99, 200)).toBe(60); // 59.995 shows as 60.00 …
    expect(passed(119.99, 200, 60)).toBe(true); // … and passes
    expect(passed(119.98, 200, 60)).toBe(false);
    expect(passed(0.7, 1, 70)).toBe(true);
  });

  it("aggregates attempts by the quiz's grading method", () => {
    const s = [6.5, 9, 7];
    expect(aggregate(s, "highest")).toBe(9);
    expect(aggregate(s, "first")).toBe(6.5);
    expect(aggregate(s, "last")).toBe(7);
    expect(aggregate(s, "average")).toBe(7.5);
    expect(aggregate([1, 2, 2], "average")).toBe(1.67);
    expect(aggregate([0.1, 0.2], "average")).toBe(0.15);
    expect(aggregate([], "highest")).toBeNull();
  });

  it("keeps percent in [0, 100] and pass monotone in the score (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 10_000 }), (maxC, x, y, passC) => {
        const a = (x % (maxC + 1)) / 100;
        const b = (y % (maxC + 1)) / 100;
        const max = maxC / 100;
        const p = percent(a, max);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        if (passed(lo, max, passC / 100)) expect(passed(hi, max, passC / 100)).toBe(true);
        expect(passed(max, max, passC / 100)).toBe(true);
      }),
    );
  });
});
