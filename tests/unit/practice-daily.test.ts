import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/core/time";
import { dailySeed, drawDaily, recentDays, streakOf } from "@/lib/practice/daily-rules";

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe("the daily draw", () => {
  it("is the same for the same member and day, whatever order the pools come in", () => {
    const pools = { book: [3, 1], unpractised: range(10, 20), rest: range(100, 50) };
    const a = drawDaily(pools, 5, dailySeed(7, "2026-11-30"));
    const b = drawDaily({ book: [1, 3], unpractised: [...pools.unpractised].reverse(), rest: [...pools.rest].reverse() }, 5, dailySeed(7, "2026-11-30"));
    expect(a).toEqual(b);
    expect(a).toHaveLength(5);
  });

  it("differs between days and between members (not one fixed five for everyone)", () => {
    const pools = { book: [], unpractised: range(1, 200), rest: [] };
    const days = new Set(range(0, 10).map((i) => drawDaily(pools, 5, dailySeed(7, addDays("2026-11-25", i))).join(",")));
    const members = new Set(range(1, 10).map((m) => drawDaily(pools, 5, dailySeed(m, "2026-11-30")).join(",")));
    expect(days.size).toBeGreaterThan(8);
    expect(members.size).toBeGreaterThan(8);
  });

  it("takes the book first, then the unpractised, then the rest; distinct; never more than n or than there are", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (ids, b, u, n, seed) => {
          const book = ids.slice(0, b);
          const unpractised = ids.slice(b, b + u);
          const rest = ids.slice(b + u);
          const got = drawDaily({ book, unpractised, rest }, n, seed);
          expect(got).toHaveLength(Math.min(n, ids.length));
          expect(new Set(got).size).toBe(got.length);
          const rank = (id: number) => (book.includes(id) ? 0 : unpractised.includes(id) ? 1 : 2);
          const ranks = got.map(rank);
          expect(ranks).toEqual([...ranks].sort());
          // A lower pool is reached only once the higher ones are used up.
          if (got.length === n) for (const id of ids) if (!got.includes(id)) expect(rank(id)).toBeGreaterThanOrEqual(Math.max(...ranks));
          expect(drawDaily({ book, unpractised, rest }, n, seed)).toEqual(got);
        },
      ),
    );
  });
});

describe("the streak", () => {
  it("counts consecutive completed days across a month end, and stays while today is still open", () => {
    const done = ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01"];
    expect(streakOf(done, "2026-12-01")).toBe(4);
    expect(streakOf(done, "2026-12-02")).toBe(4); // today not done yet: the streak holds
    expect(streakOf(done, "2026-12-03")).toBe(0); // a whole day missed
    expect(streakOf(["2026-12-31", "2027-01-01"], "2027-01-01")).toBe(2);
    expect(streakOf(["2027-02-28", "2027-03-01"], "2027-03-01")).toBe(2);
  });

  it("a missed day starts it again", () => {
    expect(streakOf(["2026-11-27", "2026-11-28", "2026-11-30", "2026-12-01"], "2026-12-01")).toBe(2);
    expect(streakOf([], "2026-12-01")).toBe(0);
  });

  it("equals the run of days back from today (or yesterday) in any set of days", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), (offsets) => {
        const today = "2026-12-10";
        const days = offsets.map((o) => addDays(today, -o));
        const set = new Set(offsets);
        let start = set.has(0) ? 0 : 1;
        let n = 0;
        while (set.has(start)) {
          n++;
          start++;
        }
        expect(streakOf(days, today)).toBe(n);
      }),
    );
  });

  it("the calendar strip ends today and marks the completed days", () => {
    const strip = recentDays(["2026-11-30", "2026-12-02"], "2026-12-02", 4);
    expect(strip).toEqual([
      { day: "2026-11-29", done: false },
      { day: "2026-11-30", done: true },
      { day: "2026-12-01", done: false },
      { day: "2026-12-02", done: true },
    ]);
  });
});
