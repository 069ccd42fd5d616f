import { describe, expect, it } from "vitest";
import { averages, evaluationForm, QUESTIONS } from "@/lib/evaluations";

const all = (n: number) => Object.fromEntries(QUESTIONS.map((q) => [q, n]));

describe("evaluation averages", () => {
  it("no answers: a count of 0 and no means", () => {
    expect(averages([])).toEqual({ count: 0, perQuestion: { content: null, delivery: null, timing: null, recommend: null }, overall: null });
  });

  it("means per question and overall, rounded to 2 decimals", () => {
    const r = averages([
      { content: 5, delivery: 4, timing: 3, recommend: 5 },
      { content: 4, delivery: 4, timing: 2, recommend: 5 },
      { content: 4, delivery: 5, timing: 2, recommend: 4 },
    ]);
    expect(r.count).toBe(3);
    expect(r.perQuestion).toEqual({ content: 4.33, delivery: 4.33, timing: 2.33, recommend: 4.67 });
    // The overall is the mean of the unrounded question means: (13 + 13 + 7 + 14) / 12 = 3.9166…
    expect(r.overall).toBe(3.92);
  });

  it("a key an answer lacks (a question added later) or a value out of 1–5 is skipped for that question only", () => {
    const r = averages([{ content: 5, delivery: 5, timing: 5 }, all(3), { content: 9, delivery: 0, timing: 1, recommend: 1 }]);
    expect(r.count).toBe(3);
    expect(r.perQuestion).toEqual({ content: 4, delivery: 4, timing: 3, recommend: 2 });
    expect(r.overall).toBe(3.25);
  });

  it("every answer the same: every mean is that score", () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const r = averages(Array.from({ length: 7 }, () => all(n)));
      expect(r.overall).toBe(n);
      expect(Object.values(r.perQuestion)).toEqual([n, n, n, n]);
    }
  });
});

describe("the card's form", () => {
  const form = { kind: "class", id: "3", content: "5", delivery: "4", timing: "3", recommend: "5", comment: "  讲得好  " };
  it("takes 1–5 per question and a trimmed comment", () => {
    expect(evaluationForm.parse(form)).toEqual({ kind: "class", id: 3, content: 5, delivery: 4, timing: 3, recommend: 5, comment: "讲得好" });
  });
  it("refuses a score out of 1–5, a missing one, a fraction, a comment over 200 characters, an unknown target", () => {
    for (const bad of [
      { ...form, content: "6" },
      { ...form, timing: "0" },
      { ...form, recommend: undefined },
      { ...form, delivery: "4.5" },
      { ...form, comment: "好".repeat(201) },
      { ...form, kind: "quiz" },
      { ...form, id: "-1" },
    ]) {
      expect(evaluationForm.safeParse(bad).success).toBe(false);
    }
    expect(evaluationForm.safeParse({ ...form, comment: "好".repeat(200) }).success).toBe(true);
  });
});
