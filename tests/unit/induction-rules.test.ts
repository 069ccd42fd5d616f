import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inductionTrigger, levelUnitId, nextAwaySince, type InductionMemberState } from "@/lib/induction/rules";
import { evaluateJob } from "@/lib/eligibility/rules";
import { emptyFacts, type Requirement } from "@/lib/eligibility/types";
import { addDays, addMonths } from "@/lib/core/time";
import { makeTranslator } from "@/lib/i18n";

const TODAY = "2026-12-06";
const base: InductionMemberState = { hiredOn: "2015-03-01", orgUnitId: 10, jobId: 5, status: "active", awaySince: null };

describe("三级安全教育 trigger rule", () => {
  it("a member created with a recent hire date opens all three levels", () => {
    expect(inductionTrigger(null, { ...base, hiredOn: "2026-12-01" }, TODAY)).toEqual({ reason: "new_hire", levels: [1, 2, 3] });
    expect(inductionTrigger(null, { ...base, hiredOn: "2027-01-05" }, TODAY)).toEqual({ reason: "new_hire", levels: [1, 2, 3] });
    // The day a year back is already staff at work; the day after is a new hire.
    expect(inductionTrigger(null, { ...base, hiredOn: addMonths(TODAY, -12) }, TODAY)).toBeNull();
    expect(inductionTrigger(null, { ...base, hiredOn: addDays(addMonths(TODAY, -12), 1) }, TODAY)?.reason).toBe("new_hire");
  });

  it("no hire date, an old hire date or created inactive opens nothing", () => {
    expect(inductionTrigger(null, { ...base, hiredOn: null }, TODAY)).toBeNull();
    expect(inductionTrigger(null, base, TODAY)).toBeNull();
    expect(inductionTrigger(null, { ...base, hiredOn: TODAY, status: "leave" }, TODAY)).toBeNull();
  });

  it("a change of unit or of job opens team and station levels; a first job given does not", () => {
    expect(inductionTrigger(base, { ...base, orgUnitId: 11 }, TODAY)).toEqual({ reason: "post_change", levels: [2, 3] });
    expect(inductionTrigger(base, { ...base, jobId: 6 }, TODAY)).toEqual({ reason: "post_change", levels: [2, 3] });
    expect(inductionTrigger({ ...base, jobId: null }, base, TODAY)).toBeNull();
    expect(inductionTrigger(base, { ...base, jobId: null }, TODAY)).toBeNull();
    expect(inductionTrigger(base, { ...base, hiredOn: "2020-01-01" }, TODAY)).toBeNull();
  });

  it("a return after a year or more away opens team and station; less than a year does not", () => {
    const away = (since: string | null): InductionMemberState => ({ ...base, status: "leave", awaySince: since });
    expect(inductionTrigger(away(addMonths(TODAY, -12)), base, TODAY)).toEqual({ reason: "return", levels: [2, 3] });
    expect(inductionTrigger(away(addDays(addMonths(TODAY, -12), 1)), base, TODAY)).toBeNull();
    // Away since before the feature kept the day: nothing (no backfill).
    expect(inductionTrigger(away(null), base, TODAY)).toBeNull();
    // Back after a short leave but to another unit: a change of post.
    expect(inductionTrigger(away(addDays(TODAY, -30)), { ...base, orgUnitId: 12 }, TODAY)?.reason).toBe("post_change");
  });

  it("property: opens nothing when the member is not active after; level 1 only for a new hire; levels ascending", () => {
    const day = fc.integer({ min: 0, max: 6000 }).map((n) => addDays("2012-01-01", n));
    const state = fc.record({
      hiredOn: fc.option(day, { nil: null }),
      orgUnitId: fc.integer({ min: 1, max: 3 }),
      jobId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      status: fc.constantFrom("active", "leave", "retired", "left"),
      awaySince: fc.option(day, { nil: null }),
    });
    fc.assert(
      fc.property(fc.option(state, { nil: null }), state, day, (before, after, today) => {
        const t = inductionTrigger(before, after, today);
        if (after.status !== "active") expect(t).toBeNull();
        if (t) {
          expect([...t.levels].sort()).toEqual(t.levels);
          expect(t.levels.includes(1)).toBe(before === null);
          expect(t.levels).toContain(3);
        }
        // Nothing changed and still active: nothing opens.
        if (before && before.status === "active") expect(inductionTrigger(before, { ...before }, today)).toBeNull();
      }),
    );
  });

  it("away since: today when someone stops being active, kept while away, cleared on return", () => {
    expect(nextAwaySince(base, { status: "left" }, TODAY)).toBe(TODAY);
    expect(nextAwaySince({ ...base, status: "leave", awaySince: "2025-01-01" }, { status: "left" }, TODAY)).toBe("2025-01-01");
    expect(nextAwaySince({ ...base, status: "leave", awaySince: "2025-01-01" }, { status: "active" }, TODAY)).toBeNull();
    expect(nextAwaySince(null, { status: "retired" }, TODAY)).toBe(TODAY);
  });

  it("the unit of each level is the ancestor at that depth, or the member's own unit", () => {
    expect([1, 2, 3].map((l) => levelUnitId("/1/4/17/", l as 1 | 2 | 3))).toEqual([1, 4, 17]);
    expect([1, 2, 3].map((l) => levelUnitId("/1/4/", l as 1 | 2 | 3))).toEqual([1, 4, 4]);
  });
});

describe("an open induction level in the eligibility rules", () => {
  const req: Requirement = {
    id: 1,
    jobId: 7,
    kind: "service",
    refId: null,
    series: null,
    specialty: null,
    contestLevel: null,
    minScore: null,
    minCount: 0,
    maxRank: null,
    withinMonths: null,
    withinQuarters: null,
  };
  it("makes a member not eligible for a job they otherwise meet, and for a job without requirements", () => {
    const facts = emptyFacts(1, "2020-01-01");
    expect(evaluateJob(7, [req], facts, TODAY).status).toBe("eligible");
    expect(evaluateJob(8, [req], facts, TODAY).status).toBe("eligible");
    const blocked = { ...facts, inductionOpen: [3] };
    expect(evaluateJob(7, [req], blocked, TODAY)).toMatchObject({ status: "missing", inductionOpen: [3] });
    expect(evaluateJob(8, [req], blocked, TODAY)).toMatchObject({ status: "missing", inductionOpen: [3] });
  });
  it("has a reason in both languages", () => {
    const zh = makeTranslator("zh-CN");
    const en = makeTranslator("en");
    expect(zh("induction.blocked", { levels: zh("induction.levelsShort.3") })).toBe("三级安全教育未完成（班组级）");
    expect(en("induction.blocked", { levels: en("induction.levelsShort.3") })).toBe("Safety induction not complete (crew level)");
  });
});
