import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays } from "@/lib/core/time";
import { mondayOf, weeklySeries, type PracticeDay } from "@/lib/practice/trend-rules";

describe("practice week by week (pinned days)", () => {
  it("starts weeks on Monday", () => {
    expect(mondayOf("2026-12-02")).toBe("2026-11-30"); // Wednesday
    expect(mondayOf("2026-11-30")).toBe("2026-11-30"); // Monday
    expect(mondayOf("2026-12-06")).toBe("2026-11-30"); // Sunday
    expect(mondayOf("2027-01-01")).toBe("2026-12-28"); // across the year
  });

  it("puts each day in its week, carries what was practised before the window, and ignores days after today", () => {
    const days: PracticeDay[] = [
      { day: "2026-09-01", answers: 5, right: 2, firsts: 4 },
      { day: "2026-11-16", answers: 3, right: 3, firsts: 1 },
      { day: "2026-11-22", answers: 2, right: 0, firsts: 0 },
      { day: "2026-12-01", answers: 4, right: 1, firsts: 2 },
      { day: "2026-12-03", answers: 9, right: 9, firsts: 9 },
    ];
    expect(weeklySeries(days, "2026-12-02", 3)).toEqual([
      { week: "2026-11-16", answers: 5, right: 3, practised: 5 },
      { week: "2026-11-23", answers: 0, right: 0, practised: 5 },
      { week: "2026-11-30", answers: 4, right: 1, practised: 7 },
    ]);
  });

  it("counts every answer in the window once and never lets practised go down", () => {
    const today = "2026-12-02";
    const day = fc.integer({ min: -120, max: 10 }).map((n) => addDays(today, n));
    const entry = fc
      .record({ day, answers: fc.integer({ min: 1, max: 20 }), firsts: fc.integer({ min: 0, max: 5 }) })
      .chain((e) => fc.integer({ min: 0, max: e.answers }).map((right) => ({ ...e, right })));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (days, n) => {
        const weeks = weeklySeries(days, today, n);
        expect(weeks).toHaveLength(n);
        expect(weeks.at(-1)!.week).toBe("2026-11-30");
        const inWindow = days.filter((d) => d.day >= weeks[0]!.week && d.day <= today);
        expect(weeks.reduce((s, w) => s + w.answers, 0)).toBe(inWindow.reduce((s, d) => s + d.answers, 0));
        expect(weeks.reduce((s, w) => s + w.right, 0)).toBe(inWindow.reduce((s, d) => s + d.right, 0));
        for (let i = 1; i < weeks.length; i++) expect(weeks[i]!.practised).toBeGreaterThanOrEqual(weeks[i - 1]!.practised);
        expect(weeks.at(-1)!.practised).toBe(days.filter((d) => d.day <= today).reduce((s, d) => s + d.firsts, 0));
      }),
      { numRuns: 300 },
    );
  });
});
