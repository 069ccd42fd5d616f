import { describe, expect, it } from "vitest";
import { checkEntry, type PaperQuestion } from "@/lib/quiz/paper";
import { itemChanges, itemsInVersion } from "@/lib/quiz/paper-correct";

/** Three questions of 2, 1 and 3 points; paper B prints them in the order 3, 1, 2. */
const paper = {
  maxScore: 6,
  questions: [
    { position: 1, points: 2, number: { A: 1, B: 2 } },
    { position: 2, points: 1, number: { A: 2, B: 3 } },
    { position: 3, points: 3, number: { A: 3, B: 1 } },
  ] as unknown as PaperQuestion[],
};

describe("paper scores per question", () => {
  it("puts points given by the sitting's question into a version's order", () => {
    expect(itemsInVersion(paper, "A", ["2", "1", "3"])).toEqual(["2", "1", "3"]);
    expect(itemsInVersion(paper, "B", ["2", "1", "3"])).toEqual(["3", "2", "1"]);
    expect(itemsInVersion(paper, "B", ["2"])).toEqual(["", "2", ""]);
  });

  it("reads 1 and 0 as marks from a sheet, as points in a correction", () => {
    expect(checkEntry(paper, { version: "A", score: "", items: ["1", "0", "1"] })).toEqual({ ok: true, entry: { version: "A", score: 5, items: [2, 0, 3] } });
    expect(checkEntry(paper, { version: "A", score: "", items: ["1", "0", "1"] }, { marks: false })).toEqual({
      ok: true,
      entry: { version: "A", score: 2, items: [1, 0, 1] },
    });
  });

  it("refuses points above a question's, with its number; two decimals at most", () => {
    expect(checkEntry(paper, { version: "B", score: "", items: ["3", "2.5", "1"] }, { marks: false })).toEqual({
      ok: false,
      reason: "paper.reasons.itemOutOfRange",
      params: { n: 2, max: 2 },
    });
    expect(checkEntry(paper, { version: "A", score: "", items: ["1.555", "0", "0"] }, { marks: false })).toMatchObject({
      ok: false,
      reason: "paper.reasons.badItem",
    });
    expect(checkEntry(paper, { version: "A", score: "", items: ["1.25", "0.5", "2.75"] }, { marks: false })).toEqual({
      ok: true,
      entry: { version: "A", score: 4.5, items: [1.25, 0.5, 2.75] },
    });
  });

  it("lists the questions whose points change, by the sitting's question, across a change of version", () => {
    // Before: paper A, 2/0/3 by A's order (positions 1, 2, 3). After: paper B, 3/2/1 by B's order (positions 3, 1, 2).
    expect(itemChanges(paper, { version: "A", items: [2, 0, 3] }, { version: "B", items: [3, 2, 1] })).toEqual([
      { position: 2, number: 3, before: 0, after: 1 },
    ]);
    // No per-question scores before: every question is new.
    expect(itemChanges(paper, { version: "A", items: null }, { version: "A", items: [1, 1, 1] })).toEqual([
      { position: 1, number: 1, before: null, after: 1 },
      { position: 2, number: 2, before: null, after: 1 },
      { position: 3, number: 3, before: null, after: 1 },
    ]);
  });
});
