import { describe, expect, it } from "vitest";
import { checkCells, parseCategory, parseDay, parseHours } from "@/lib/hours/import";

describe("学时 import cells", () => {
  it("reads dates as Excel and people write them, refusing impossible ones", () => {
    expect(parseDay(new Date(Date.UTC(2026, 4, 10)))).toBe("2026-05-10");
    expect(parseDay("2026-05-10")).toBe("2026-05-10");
    expect(parseDay("2026/5/1")).toBe("2026-05-01");
    expect(parseDay("2026.5.1")).toBe("2026-05-01");
    expect(parseDay("2026年5月1日")).toBe("2026-05-01");
    for (const bad of ["2026-02-30", "2026-13-01", "5/1/2026", "", "明天", 46000, null]) expect(parseDay(bad)).toBeNull();
  });
  it("takes hours above 0, at most 24, two decimals at most", () => {
    expect(parseHours(8)).toBe(8);
    expect(parseHours("2.5")).toBe(2.5);
    expect(parseHours(0.01)).toBe(0.01);
    expect(parseHours(24)).toBe(24);
    for (const bad of [0, -1, 24.01, "1.234", "八", "", "1e1", null]) expect(parseHours(bad)).toBeNull();
  });
  it("takes categories in Chinese or as codes", () => {
    expect(parseCategory("安全")).toBe("safety");
    expect(parseCategory("技能培训")).toBe("skills");
    expect(parseCategory("Management")).toBe("management");
    expect(parseCategory("其它")).toBe("other");
    expect(parseCategory("安全生产")).toBeNull();
  });
  it("checks a row in order and refuses a future date", () => {
    const row = { employeeNo: "1", day: "2026-06-01", hours: 2, category: "安全", title: "培训" };
    expect(checkCells(row, "2026-11-20")).toMatchObject({ ok: true, value: { day: "2026-06-01", hours: 2, category: "safety" } });
    expect(checkCells({ ...row, day: "2026-11-21" }, "2026-11-20")).toEqual({ ok: false, reason: "hours.import.reasons.futureDate" });
    expect(checkCells({ ...row, title: " " }, "2026-11-20")).toEqual({ ok: false, reason: "hours.import.reasons.noTitle" });
  });
});
