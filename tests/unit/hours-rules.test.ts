import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applicableMinimum, HIGH_HAZARD_MINIMUMS, HOUR_CATEGORIES, lessonHours, OTHER_MINIMUMS, sessionHours, shortfall, summarise } from "@/lib/hours/rules";

describe("学时 credit rules", () => {
  it("credits a lesson by what was watched, never its nominal length, never more than its length", () => {
    expect(lessonHours(1800, 3600)).toBe(0.5);
    expect(lessonHours(5400, 3600)).toBe(1);
    expect(lessonHours(900, null)).toBe(0.25);
    expect(lessonHours(-5, 3600)).toBe(0);
    expect(lessonHours(Number.NaN, 3600)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (w, d) => {
        const h = lessonHours(w, d);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(Math.round((d / 3600) * 100) / 100);
        // Watching more never credits less.
        expect(lessonHours(w + 60, d)).toBeGreaterThanOrEqual(h);
      }),
    );
  });

  it("credits a class session its length when attended, nothing when absent or inverted", () => {
    const s = new Date("2026-03-02T01:00:00Z");
    expect(sessionHours(s, new Date("2026-03-02T03:30:00Z"), true)).toBe(2.5);
    expect(sessionHours(s, new Date("2026-03-02T03:30:00Z"), false)).toBe(0);
    expect(sessionHours(s, new Date("2026-03-02T00:00:00Z"), true)).toBe(0);
  });

  it("applies the initial minimum in the hire year and the annual one after, managers their own", () => {
    const m = HIGH_HAZARD_MINIMUMS;
    expect(applicableMinimum({ hiredOn: "2026-04-01", manager: false }, 2026, m)).toEqual({ kind: "newWorkerInitial", hours: 72 });
    expect(applicableMinimum({ hiredOn: "2020-04-01", manager: false }, 2026, m)).toEqual({ kind: "workerAnnual", hours: 20 });
    expect(applicableMinimum({ hiredOn: null, manager: false }, 2026, m)).toEqual({ kind: "workerAnnual", hours: 20 });
    expect(applicableMinimum({ hiredOn: "2026-01-10", manager: true }, 2026, m)).toEqual({ kind: "managerInitial", hours: 48 });
    expect(applicableMinimum({ hiredOn: "2019-01-10", manager: true }, 2026, m)).toEqual({ kind: "managerAnnual", hours: 16 });
    expect(applicableMinimum({ hiredOn: "2026-01-10", manager: false }, 2026, OTHER_MINIMUMS).hours).toBe(24);
    expect(applicableMinimum({ hiredOn: "2019-01-10", manager: false }, 2026, OTHER_MINIMUMS).hours).toBe(8);
  });

  it("sums entries by category; only counted categories close the shortfall", () => {
    const min = { kind: "workerAnnual" as const, hours: 20 };
    const s = summarise(
      [
        { category: "safety", hours: 12.5 },
        { category: "skills", hours: 30 },
        { category: "safety", hours: 0.25 },
      ],
      min,
      ["safety"],
    );
    expect(s.byCategory).toEqual({ safety: 12.75, skills: 30, management: 0, other: 0 });
    expect(s.total).toBe(42.75);
    expect(s.counted).toBe(12.75);
    expect(s.shortfall).toBe(7.25);
    expect(summarise([{ category: "safety", hours: 20 }], min, ["safety"]).shortfall).toBe(0);
  });

  it("holds for any entries: totals add up, the shortfall is never negative and falls as hours grow", () => {
    const entry = fc.record({ category: fc.constantFrom(...HOUR_CATEGORIES), hours: fc.integer({ min: 1, max: 2400 }).map((n) => n / 100) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.integer({ min: 0, max: 100 }), entry, (entries, minimum, more) => {
        const min = { kind: "workerAnnual" as const, hours: minimum };
        const s = summarise(entries, min, ["safety"]);
        const sum = Math.round(entries.reduce((a, e) => a + e.hours, 0) * 100) / 100;
        expect(Math.abs(s.total - sum)).toBeLessThan(0.011);
        expect(s.shortfall).toBeGreaterThanOrEqual(0);
        expect(s.shortfall === 0).toBe(s.counted >= minimum);
        expect(summarise([...entries, more], min, ["safety"]).shortfall).toBeLessThanOrEqual(s.shortfall);
      }),
    );
    expect(shortfall(25, 20)).toBe(0);
  });
});
