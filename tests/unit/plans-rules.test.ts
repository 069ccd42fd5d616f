import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineOutcome, lineStatus, monthRollup, percent, unitRollup, type DeliveryDone, type LedgerEntry, type PlanLineFacts } from "@/lib/plans/rules";

const course = (id: number): PlanLineFacts => ({ id: 1, category: "safety", month: 5, plannedHours: 8, delivery: { kind: "course", id } });
const byCategory: PlanLineFacts = { id: 2, category: "safety", month: 6, plannedHours: 4, delivery: null };
const e = (
  memberId: number,
  month: number,
  hours: number,
  src = "course",
  item: number | null = 7,
  category: LedgerEntry["category"] = "safety",
): LedgerEntry => ({
  memberId,
  month,
  hours,
  src,
  item,
  category,
});
const audience = [
  { memberId: 1, unitId: 10 },
  { memberId: 2, unitId: 10 },
  { memberId: 3, unitId: 20 },
  { memberId: 4, unitId: 20 },
];

describe("plan line status (pinned days)", () => {
  it("is 未开始 before anything is credited and while the month lasts", () => {
    expect(lineStatus({ year: 2026, month: 5, completion: 0, actualHours: 0 }, "2026-03-01")).toBe("notStarted");
    expect(lineStatus({ year: 2026, month: 5, completion: 0, actualHours: 0 }, "2026-05-31")).toBe("notStarted");
  });
  it("is 进行中 once hours are credited, 逾期 the day after the planned month ends short of 100 %", () => {
    expect(lineStatus({ year: 2026, month: 5, completion: 0.5, actualHours: 16 }, "2026-05-31")).toBe("inProgress");
    expect(lineStatus({ year: 2026, month: 5, completion: 0.5, actualHours: 16 }, "2026-06-01")).toBe("overdue");
    expect(lineStatus({ year: 2026, month: 5, completion: 0, actualHours: 0 }, "2026-06-01")).toBe("overdue");
    // February of a leap year ends on the 29th; December on the 31st.
    expect(lineStatus({ year: 2028, month: 2, completion: 0, actualHours: 0 }, "2028-02-29")).toBe("notStarted");
    expect(lineStatus({ year: 2028, month: 2, completion: 0, actualHours: 0 }, "2028-03-01")).toBe("overdue");
    expect(lineStatus({ year: 2026, month: 12, completion: 0.9, actualHours: 1 }, "2026-12-31")).toBe("inProgress");
    expect(lineStatus({ year: 2026, month: 12, completion: 0.9, actualHours: 1 }, "2027-01-01")).toBe("overdue");
  });
  it("is 已完成 at 100 % whenever, and never with an empty audience", () => {
    expect(lineStatus({ year: 2026, month: 5, completion: 1, actualHours: 32 }, "2026-04-01")).toBe("done");
    expect(lineStatus({ year: 2026, month: 5, completion: 1, actualHours: 32 }, "2027-04-01")).toBe("done");
    expect(lineStatus({ year: 2026, month: 5, completion: null, actualHours: 0 }, "2026-06-01")).toBe("overdue");
  });
  it("property: overdue exactly when the month has passed and completion < 100 %", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 4 }),
        // A day from 2025-01-01 to 2027-12-31, as the site's calendar day.
        fc.integer({ min: 0, max: 1094 }),
        (month, done, offset) => {
          const today = new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
          const s = lineStatus({ year: 2026, month, completion: done / 4, actualHours: done }, today);
          const monthEnded = today.slice(0, 7) > `2026-${String(month).padStart(2, "0")}`;
          if (done === 4) expect(s).toBe("done");
          else expect(s === "overdue").toBe(monthEnded);
        },
      ),
    );
  });
});

describe("plan line outcome from the ledger", () => {
  it("counts the delivering course's credit in any month of the year, only for the audience", () => {
    const o = lineOutcome(course(7), 2026, audience, [e(1, 5, 8), e(2, 9, 8), e(9, 5, 8), e(3, 5, 2, "course", 8), e(4, 5, 3, "lesson", 7)], "2026-06-15");
    expect(o).toMatchObject({ audience: 4, completed: 2, completion: 0.5, actualHours: 16, status: "overdue" });
    expect(o.actualByMonth[4]).toBe(8);
    expect(o.actualByMonth[8]).toBe(8);
    expect(o.byUnit.get(10)).toEqual({ audience: 2, completed: 2, actual: 16 });
    expect(o.byUnit.get(20)).toEqual({ audience: 2, completed: 0, actual: 0 });
  });
  it("without a delivering item, counts the category in the planned month and completes who met the planned hours", () => {
    const entries = [
      e(1, 6, 2.5, "lesson", 3),
      e(1, 6, 1.5, "external", null),
      e(2, 6, 3.99, "class", 4),
      e(3, 7, 9, "class", 4),
      e(4, 6, 5, "quiz", 1, "skills"),
    ];
    const o = lineOutcome(byCategory, 2026, audience, entries, "2026-06-10");
    expect(o).toMatchObject({ completed: 1, completion: 0.25, actualHours: 7.99, status: "inProgress" });
  });
  it("is 已完成 when everyone was credited", () => {
    const o = lineOutcome(course(7), 2026, audience.slice(0, 2), [e(1, 3, 8), e(2, 4, 8), e(2, 4, 8)], "2026-12-31");
    expect(o).toMatchObject({ completed: 2, completion: 1, status: "done", actualHours: 24 });
  });
});

describe("plan roll-ups", () => {
  it("gives 12 months of planned person-hours and actual hours, and the child units", () => {
    const a = lineOutcome(course(7), 2026, audience, [e(1, 5, 8), e(3, 9, 8)], "2026-06-15");
    const b = lineOutcome(byCategory, 2026, audience.slice(2), [e(3, 6, 4, "lesson", 1)], "2026-06-15");
    const lines = [
      { month: 5, plannedHours: 8, budget: 1000, outcome: a },
      { month: 6, plannedHours: 4, budget: 250.5, outcome: b },
    ];
    const months = monthRollup(lines);
    expect(months).toHaveLength(12);
    expect(months[4]).toEqual({ month: 5, planned: 32, actual: 8, lines: 1, budget: 1000 });
    expect(months[5]).toEqual({ month: 6, planned: 8, actual: 4, lines: 1, budget: 250.5 });
    expect(months[8]).toEqual({ month: 9, planned: 0, actual: 8, lines: 0, budget: 0 });
    expect(months.reduce((s, m) => s + m.planned, 0)).toBe(40);
    expect(unitRollup([10, 20, 30], lines)).toEqual([
      { unitId: 10, audience: 2, completed: 1, planned: 16, actual: 8, completion: 0.5 },
      { unitId: 20, audience: 4, completed: 2, planned: 24, actual: 12, completion: 0.5 },
      { unitId: 30, audience: 0, completed: 0, planned: 0, actual: 0, completion: null },
    ]);
  });
  it("rounds a share down to a whole percent", () => {
    expect(percent(null)).toBeNull();
    expect(percent(0.996)).toBe(99);
    expect(percent(1)).toBe(100);
    expect(percent(1 / 3)).toBe(33);
    expect(percent(0.29)).toBe(29);
  });
});

describe("a delivered line whose item credits no hours", () => {
  const done = (memberId: number, kind: DeliveryDone["kind"] = "course", item = 7): DeliveryDone => ({ memberId, kind, item });
  it("completes the audience members who completed the item that year, with 0 actual hours", () => {
    const o = lineOutcome(course(7), 2026, audience, [], "2026-05-10", [done(1), done(3), done(9), done(2, "course", 8), done(4, "quiz", 7)]);
    // 9 is not in the audience; 2 completed another course; 4 passed a quiz with the same id.
    expect(o.completed).toBe(2);
    expect(o.completion).toBe(0.5);
    expect(o.actualHours).toBe(0);
    expect(o.status).toBe("inProgress");
    expect(o.byUnit.get(10)).toEqual({ audience: 2, completed: 1, actual: 0 });
    expect(o.byUnit.get(20)).toEqual({ audience: 2, completed: 1, actual: 0 });
  });
  it("counts a member once when the item also credited them, and all done is 已完成", () => {
    const o = lineOutcome(course(7), 2026, audience, [e(1, 5, 8)], "2026-12-31", [done(1), done(2), done(3), done(4)]);
    expect(o.completed).toBe(4);
    expect(o.status).toBe("done");
    expect(o.actualHours).toBe(8);
  });
  it("leaves a line by category alone (completions do not stand in for its hours)", () => {
    const o = lineOutcome(byCategory, 2026, audience, [], "2026-06-10", [done(1)]);
    expect(o.completed).toBe(0);
  });
});
