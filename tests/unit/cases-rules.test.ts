import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignmentStatus, caseInput, caseScore, dueOn } from "@/lib/cases/rules";
import { addDays, daysBetween } from "@/lib/core/time";

/** 案例复训's pure rules: the due day, the status of an assignment on a pinned day, the score, the input's limits. */

const day = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("case due day", () => {
  it("is the publication day plus N calendar days, across months and years", () => {
    expect(dueOn("2026-11-24", 7)).toBe("2026-12-01");
    expect(dueOn("2026-12-31", 1)).toBe("2027-01-01");
    expect(dueOn("2028-02-28", 1)).toBe("2028-02-29");
    fc.assert(fc.property(day, fc.integer({ min: 1, max: 90 }), (d, n) => daysBetween(d, dueOn(d, n)) === n));
  });
});

describe("assignment status", () => {
  const base = { dueOn: "2026-12-01", acknowledgedAt: null, completedAt: null };
  it("is new, then acknowledged; the due day itself is still in time; the day after is overdue", () => {
    expect(assignmentStatus(base, "2026-11-24")).toBe("new");
    expect(assignmentStatus({ ...base, acknowledgedAt: new Date() }, "2026-12-01")).toBe("acknowledged");
    expect(assignmentStatus(base, "2026-12-01")).toBe("new");
    expect(assignmentStatus({ ...base, acknowledgedAt: new Date() }, "2026-12-02")).toBe("overdue");
  });
  it("is completed whatever the day, never overdue once completed", () => {
    fc.assert(
      fc.property(day, day, (due, today) => {
        expect(assignmentStatus({ dueOn: due, acknowledgedAt: new Date(), completedAt: new Date() }, today)).toBe("completed");
        expect(assignmentStatus({ dueOn: due, acknowledgedAt: null, completedAt: null }, today) === "overdue").toBe(today > due);
      }),
    );
    expect(assignmentStatus(base, addDays("2026-12-01", 30))).toBe("overdue");
  });
});

describe("case score", () => {
  it("is the share right, 0–100 with 2 decimals", () => {
    expect(caseScore([true, false])).toBe(50);
    expect(caseScore([true, true, false])).toBe(66.67);
    expect(caseScore([])).toBe(0);
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (a) => caseScore(a) >= 0 && caseScore(a) <= 100));
  });
});

describe("case input", () => {
  const ok = { title: "未遂事件", body: "经过", jobId: "3", orgUnitId: "2", equipmentId: "", dueDays: "7", questionIds: ["1", "2"] };
  const code = (over: Record<string, unknown>) => {
    const r = caseInput.safeParse({ ...ok, ...over });
    return r.success ? "ok" : r.error.issues[0]!.message;
  };
  it("takes 1–90 days, 1–5 distinct questions, a title of at most 100 characters, an optional equipment", () => {
    expect(code({})).toBe("ok");
    expect(caseInput.parse(ok).equipmentId).toBeNull();
    expect(code({ questionIds: "4" })).toBe("ok");
    expect(code({ dueDays: "90" })).toBe("ok");
    expect(code({ dueDays: "0" })).toBe("cases.errors.dueDays");
    expect(code({ dueDays: "91" })).toBe("cases.errors.dueDays");
    expect(code({ dueDays: "2.5" })).toBe("cases.errors.dueDays");
    expect(code({ questionIds: [] })).toBe("cases.errors.questions");
    expect(code({ questionIds: ["1", "2", "3", "4", "5", "6"] })).toBe("cases.errors.questions");
    expect(code({ questionIds: ["1", "1"] })).toBe("cases.errors.questions");
    expect(code({ title: "案".repeat(100) })).toBe("ok");
    expect(code({ title: "案".repeat(101) })).toBe("errors.tooLong");
    expect(code({ equipmentId: "x" })).toBe("cases.errors.equipment");
    expect(code({ jobId: "" })).toBe("cases.errors.job");
  });
});
