import { describe, expect, it } from "vitest";
import { paperVersions, type PaperItem } from "@/lib/quiz/paper-versions";

const items = (n: number): PaperItem[] =>
  Array.from({ length: n }, (_, i) => ({
    questionId: 100 + i,
    options:
      i % 2 === 0
        ? [
            { id: "a", text: "甲" },
            { id: "b", text: "乙" },
            { id: "c", text: "丙" },
            { id: "d", text: "丁" },
          ]
        : null,
    alwaysShuffled: false,
  }));

/** The drawn items in a version's order. */
const order = (numbers: number[]) =>
  numbers
    .map((num, item) => ({ num, item }))
    .sort((a, b) => a.num - b.num)
    .map((x) => x.item);

describe("paper versions A and B", () => {
  it("are fixed by the seed: the same seed gives the same papers, another seed other ones", () => {
    const a = paperVersions(items(10), "seed-1", { shuffleOptions: true });
    expect(paperVersions(items(10), "seed-1", { shuffleOptions: true })).toEqual(a);
    expect(paperVersions(items(10), "seed-2", { shuffleOptions: true }).A.numbers).not.toEqual(a.A.numbers);
  });

  it("hold the same questions, numbered 1..n once each, in different orders", () => {
    for (const seed of ["s1", "s2", "s3", "s4", "s5"]) {
      for (const n of [2, 3, 10, 40]) {
        const v = paperVersions(items(n), seed, { shuffleOptions: false });
        const all = Array.from({ length: n }, (_, i) => i + 1);
        expect(v.A.numbers.slice().sort((x, y) => x - y)).toEqual(all);
        expect(v.B.numbers.slice().sort((x, y) => x - y)).toEqual(all);
        expect(order(v.A.numbers)).not.toEqual(order(v.B.numbers));
      }
    }
  });

  it("shuffles options only where the quiz allows (or the type always is), each version on its own", () => {
    const kept = paperVersions(items(4), "seed", { shuffleOptions: false });
    expect(kept.A.options).toEqual([null, null, null, null]);
    const shuffled = paperVersions(items(4), "seed", { shuffleOptions: true });
    expect(shuffled.A.options[0]?.slice().sort()).toEqual(["a", "b", "c", "d"]);
    expect(shuffled.A.options[1]).toBeNull();
    const always = paperVersions([{ questionId: 1, options: items(1)[0]!.options, alwaysShuffled: true }], "seed", { shuffleOptions: false });
    expect(always.A.options[0]?.slice().sort()).toEqual(["a", "b", "c", "d"]);
    // The seed is per version: over several questions A and B do not print every option list alike.
    const many = paperVersions(items(20), "seed", { shuffleOptions: true });
    expect(many.A.options).not.toEqual(many.B.options);
  });

  it("a single question is the same on both papers", () => {
    const v = paperVersions(items(1), "seed", { shuffleOptions: false });
    expect(v.A.numbers).toEqual([1]);
    expect(v.B.numbers).toEqual([1]);
  });
});
