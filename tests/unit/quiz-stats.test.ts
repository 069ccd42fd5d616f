import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BAND_COUNT,
  bandOf,
  bands,
  bandsOf,
  correlation,
  frequencies,
  itemFlags,
  mean,
  meanOf,
  median,
  medianOf,
  pearson,
  rate,
  round2,
  summarise,
} from "@/lib/quiz/stats-math";

/** Percentages as stored: 0 to 100 with two decimals. */
const percent = fc.integer({ min: 0, max: 10_000 }).map((c) => c / 100);
const scores = fc.array(percent, { minLength: 1, maxLength: 60 });

describe("mean and median", () => {
  it("are null for nothing", () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(meanOf([])).toBeNull();
    expect(medianOf([{ value: 5, count: 0 }])).toBeNull();
  });

  it("take the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(mean([60, 70, 80])).toBe(70);
    expect(
      medianOf([
        { value: 50, count: 2 },
        { value: 14.29, count: 2 },
        { value: 71.43, count: 4 },
      ]),
    ).toBe(60.715);
  });

  it("give the same from a frequency table as from the list it counts (property)", () => {
    fc.assert(
      fc.property(scores, (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const n = sorted.length;
        // n ≥ 1 (minLength), so the middle values are there.
        const expected = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
        expect(medianOf(frequencies(xs))).toBe(expected);
        expect(median(xs)).toBe(expected);
        expect(meanOf(frequencies(xs))).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / n, 9);
      }),
    );
  });

  it("lie between the smallest and the largest value (property)", () => {
    fc.assert(
      fc.property(scores, (xs) => {
        const lo = Math.min(...xs);
        const hi = Math.max(...xs);
        for (const v of [mean(xs)!, median(xs)!]) {
          expect(v).toBeGreaterThanOrEqual(lo - 1e-9);
          expect(v).toBeLessThanOrEqual(hi + 1e-9);
        }
      }),
    );
  });
});

describe("score bands", () => {
  it("are ten bands of ten points, with 100 in the last", () => {
    expect([0, 9.99, 10, 19.99, 59.99, 60, 89.99, 90, 99.99, 100].map(bandOf)).toEqual([0, 0, 1, 1, 5, 6, 8, 9, 9, 9]);
    expect(bandOf(-1)).toBe(0);
    expect(bandOf(120)).toBe(9);
    // A 70 computed with binary noise (0.7 * 100) is still 70, in the band of 70.
    expect(bandOf(0.7 * 100)).toBe(7);
    expect(bandOf(69.99999999999999)).toBe(7);
    expect(bandOf(29.99)).toBe(2);
    expect(bands([100, 100, 0, 55.5])).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  });

  it("count every value exactly once (property)", () => {
    fc.assert(
      fc.property(fc.array(percent, { maxLength: 80 }), (xs) => {
        const b = bands(xs);
        expect(b).toHaveLength(BAND_COUNT);
        expect(b.reduce((s, c) => s + c, 0)).toBe(xs.length);
        for (const x of xs) {
          const i = bandOf(x);
          expect(x).toBeGreaterThanOrEqual(i * 10);
          if (i < BAND_COUNT - 1) expect(x).toBeLessThan(i * 10 + 10);
        }
      }),
    );
  });

  it("come out the same for a team summed from its stations' tables as from all its members' scores (property)", () => {
    // A team's rows are its stations' frequency tables put together, the same value repeated.
    fc.assert(
      fc.property(fc.array(fc.array(percent, { maxLength: 20 }), { maxLength: 6 }), (stations) => {
        const withPass = (xs: number[]) => frequencies(xs).map((f) => ({ ...f, passed: f.value >= 60 ? f.count : 0 }));
        const all = stations.flat();
        const team = summarise(stations.flatMap(withPass));
        expect(team).toEqual(summarise(withPass(all)));
        expect(team.bands).toEqual(bandsOf(frequencies(all)));
        expect(team.passed).toBe(all.filter((x) => x >= 60).length);
      }),
    );
  });
});

describe("Pearson correlation", () => {
  it("is 1 or −1 for a straight line, and matches a worked example", () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    // x̄ = 3, ȳ = 4; Sxy = 6, Sxx = 10, Syy = 6: r = 6 / √60.
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it("is not defined for fewer than two pairs or a side without spread", () => {
    expect(pearson([], [])).toBeNull();
    expect(pearson([1], [5])).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNull();
    // 0.1 has no exact binary form: the mean leaves crumbs of variance that are not spread.
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    expect(pearson([1 / 3, 1 / 3, 1 / 3, 1 / 3], [0, 5, 2, 7])).toBeNull();
    expect(correlation({ n: 1, sxx: 1, syy: 1, sxy: 1 })).toBeNull();
    expect(correlation({ n: 3, sxx: 0, syy: 4, sxy: 0 })).toBeNull();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });

  const pairs = fc
    .array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), { minLength: 2, maxLength: 40 })
    .map((ps) => [ps.map((p) => p[0] / 10), ps.map((p) => p[1] / 10)] as const);

  it("lies in [−1, 1] (property)", () => {
    fc.assert(
      fc.property(pairs, ([xs, ys]) => {
        const r = pearson(xs, ys);
        if (r !== null) {
          expect(r).toBeGreaterThanOrEqual(-1);
          expect(r).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it("is symmetric, and unchanged by shifting or scaling either side by a positive factor (property)", () => {
    fc.assert(
      fc.property(pairs, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), ([xs, ys], k, c) => {
        const r = pearson(xs, ys);
        if (r === null) return;
        expect(pearson(ys, xs)).toBeCloseTo(r, 9);
        const moved = pearson(
          xs.map((x) => x * k + c),
          ys,
        );
        if (moved !== null) expect(moved).toBeCloseTo(r, 6);
      }),
    );
  });

  it("changes sign when one side is mirrored (property)", () => {
    fc.assert(
      fc.property(pairs, ([xs, ys]) => {
        const r = pearson(xs, ys);
        const m = pearson(
          xs.map((x) => -x),
          ys,
        );
        if (r === null) expect(m).toBeNull();
        else expect(m! + r).toBeCloseTo(0, 9);
      }),
    );
  });
});

describe("summaries and flags", () => {
  it("sum up results of record per unit", () => {
    const s = summarise([
      { value: 71.43, count: 4, passed: 4 },
      { value: 50, count: 2, passed: 0 },
      { value: 14.29, count: 2, passed: 0 },
    ]);
    expect(s).toEqual({ n: 8, mean: 51.79, median: 60.72, passed: 4, passRate: 50, bands: [0, 2, 0, 0, 0, 2, 0, 4, 0, 0] });
    expect(summarise([])).toEqual({ n: 0, mean: null, median: null, passed: 0, passRate: null, bands: new Array(10).fill(0) });
  });

  it("round to two decimals without binary surprises", () => {
    expect(round2(60.715)).toBe(60.72);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(-0.0001)).toBe(0);
    expect(Object.is(round2(-0.0001), 0)).toBe(true);
    expect(rate(2, 5)).toBe(40);
    expect(rate(1, 3)).toBe(33.33);
    expect(rate(0, 0)).toBeNull();
  });

  it("flag negative discrimination and nobody right, only with enough responses", () => {
    expect(itemFlags({ responses: 8, facility: 37.5, discrimination: -62.1 })).toEqual(["negativeDiscrimination"]);
    expect(itemFlags({ responses: 8, facility: 0, discrimination: null })).toEqual(["nobodyRight"]);
    expect(itemFlags({ responses: 8, facility: 100, discrimination: null })).toEqual(["everyoneRight"]);
    expect(itemFlags({ responses: 8, facility: 55, discrimination: 0 })).toEqual([]);
    expect(itemFlags({ responses: 4, facility: 0, discrimination: -90 })).toEqual([]);
  });
});
