import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forecastCoverage, holderUntil, lastDayWithin, type Holder, type LapsingItem } from "@/lib/eligibility/forecast";
import { evaluateRequirement } from "@/lib/eligibility/rules";
import { emptyFacts, type Requirement } from "@/lib/eligibility/types";
import { addDays } from "@/lib/core/time";

const TODAY = "2026-12-06";
const CLASS_REQ: Requirement = {
  id: 1,
  jobId: 1,
  kind: "class",
  refId: null,
  series: "technician",
  specialty: null,
  contestLevel: null,
  minScore: null,
  minCount: 1,
  maxRank: null,
  withinMonths: 12,
  withinQuarters: null,
};
const cert = (until: string, kind: LapsingItem["kind"] = "renewal", name = "电工作业证"): LapsingItem => ({ kind, name, until });
const holder = (memberId: number, ...items: LapsingItem[]): Holder => ({ memberId, name: `M${memberId}`, items });

describe("station coverage forecast", () => {
  it("falls below the minimum the day after the second-to-last holder's certificate runs out", () => {
    // min 2: A runs out 2027-03-13, B 2027-06-30, C never: 3 → 2 on 03-14, → 1 on 07-01.
    const f = forecastCoverage({ min: 2, holders: [holder(1, cert("2027-03-13")), holder(2, cert("2027-06-30")), holder(3)], candidates: [] }, TODAY);
    expect(f).toMatchObject({ day: "2027-07-01", already: false, count: 1 });
    expect(f!.lapsing).toEqual([{ memberId: 2, name: "M2", items: [cert("2027-06-30")] }]);
    // A lapsed earlier: renewing A also closes the gap.
    expect(f!.candidates.map((c) => [c.memberId, c.reason])).toEqual([[1, "lapsed"]]);
  });

  it("with two holders and min 2, the first lapse is the day; a 复审 due earlier than the expiry is what lapses", () => {
    const f = forecastCoverage(
      { min: 2, holders: [holder(1, cert("2029-05-09"), cert("2027-03-13", "review")), holder(2, cert("2027-08-01"))], candidates: [] },
      TODAY,
    );
    expect(f!.day).toBe("2027-03-14");
    expect(f!.lapsing[0]!.items).toEqual([cert("2027-03-13", "review")]);
  });

  it("the last valid day itself still counts; a lapse on the horizon's edge is inside, beyond it is nothing", () => {
    expect(forecastCoverage({ min: 1, holders: [holder(1, cert(TODAY))], candidates: [] }, TODAY)!.day).toBe(addDays(TODAY, 1));
    expect(forecastCoverage({ min: 1, holders: [holder(1, cert(addDays(TODAY, 364)))], candidates: [] }, TODAY)!.day).toBe(addDays(TODAY, 365));
    expect(forecastCoverage({ min: 1, holders: [holder(1, cert(addDays(TODAY, 365)))], candidates: [] }, TODAY)).toBeNull();
  });

  it("a planned class on or before the last day renews the item; one after it does not", () => {
    const item = cert("2027-03-13", "review");
    const before = forecastCoverage({ min: 1, holders: [holder(1, { ...item, renewedBy: { on: "2027-03-13", title: "电工复审班" } })], candidates: [] }, TODAY);
    expect(before).toBeNull();
    const after = forecastCoverage({ min: 1, holders: [holder(1, { ...item, renewedBy: { on: "2027-03-14", title: "电工复审班" } })], candidates: [] }, TODAY);
    expect(after!.day).toBe("2027-03-14");
  });

  it("already short today: the day is today, with the candidates", () => {
    const f = forecastCoverage(
      {
        min: 2,
        holders: [holder(1)],
        candidates: [
          { memberId: 5, name: "乙", reason: "target" },
          { memberId: 4, name: "甲", reason: "lapsed", item: cert("2026-11-01") },
        ],
      },
      TODAY,
    );
    expect(f).toMatchObject({ day: TODAY, already: true, count: 1, lapsing: [] });
    expect(f!.candidates.map((c) => c.memberId)).toEqual([4, 5]);
  });

  it("a minimum of zero or holders that never lapse: nothing to show", () => {
    expect(forecastCoverage({ min: 0, holders: [], candidates: [] }, TODAY)).toBeNull();
    expect(forecastCoverage({ min: 2, holders: [holder(1), holder(2)], candidates: [] }, TODAY)).toBeNull();
  });

  it("properties: never before today; below the minimum on the day, not the day before; renewing the named members moves it later or removes it", () => {
    const offset = fc.integer({ min: 0, max: 500 });
    const itemArb = fc.record({
      kind: fc.constantFrom("review" as const, "renewal" as const, "retraining" as const),
      off: offset,
      renew: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
    });
    const holdersArb = fc.array(fc.array(itemArb, { maxLength: 3 }), { maxLength: 8 }).map((hs) =>
      hs.map((items, i) =>
        holder(
          i + 1,
          ...items.map((it) => {
            const until = addDays(TODAY, it.off);
            return { kind: it.kind, name: "证", until, renewedBy: it.renew === undefined ? null : { on: addDays(until, it.renew), title: "班" } };
          }),
        ),
      ),
    );
    fc.assert(
      fc.property(holdersArb, fc.integer({ min: 0, max: 6 }), (holders, min) => {
        const f = forecastCoverage({ min, holders, candidates: [] }, TODAY);
        const untils = holders.map(holderUntil);
        const countOn = (day: string) => untils.filter((u) => u === null || u >= day).length;
        if (f === null) {
          for (let d = 0; d <= 365; d += 1) expect(countOn(addDays(TODAY, d))).toBeGreaterThanOrEqual(min);
          return;
        }
        expect(f.day >= TODAY).toBe(true);
        expect(f.day <= addDays(TODAY, 365)).toBe(true);
        expect(countOn(f.day)).toBeLessThan(min);
        expect(f.count).toBe(countOn(f.day));
        if (f.already) {
          expect(f.day).toBe(TODAY);
          return;
        }
        expect(countOn(addDays(f.day, -1))).toBeGreaterThanOrEqual(min);
        expect(f.lapsing.length).toBeGreaterThan(0);
        // Renew every named member's lapsing items (a class on their last day).
        const named = new Set(f.lapsing.map((l) => l.memberId));
        const renewed = holders.map((h) =>
          named.has(h.memberId)
            ? { ...h, items: h.items.map((it) => (it.until === addDays(f.day, -1) ? { ...it, renewedBy: { on: it.until, title: "班" } } : it)) }
            : h,
        );
        const g = forecastCoverage({ min, holders: renewed, candidates: [] }, TODAY);
        expect(g === null || g.day > f.day).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the last day a dated record counts (复训)", () => {
  it("agrees with the eligibility rule: met on that day, not the day after", () => {
    const dayArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2020-01-01", n));
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 36 }), (on, months) => {
        const req: Requirement = { ...CLASS_REQ, withinMonths: months };
        const facts = { ...emptyFacts(1), attendance: [{ classId: 1, series: "technician", on }] };
        const last = lastDayWithin(on, months);
        expect(evaluateRequirement(req, facts, last).state).toBe("met");
        expect(evaluateRequirement(req, facts, addDays(last, 1)).state).toBe("missing");
      }),
      { numRuns: 300 },
    );
    expect(lastDayWithin("2026-01-31", 1)).toBe("2026-02-28");
    expect(lastDayWithin("2026-03-15", 12)).toBe("2027-03-15");
  });
});
