import { describe, expect, it } from "vitest";
import { CODE_BYTES, isEquipmentCode, newEquipmentCode, scanUrl } from "@/lib/equipment/code";
import { clipBounds, toClipTime } from "@/lib/equipment/rules";
import { equipmentHours } from "@/lib/hours/rules";

describe("一机一码 label codes", () => {
  it("are 128 random bits as 22 base64url characters, never repeated", () => {
    expect(CODE_BYTES * 8).toBeGreaterThanOrEqual(96);
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = newEquipmentCode();
      expect(c).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(c, "base64url")).toHaveLength(16);
      codes.add(c);
    }
    expect(codes.size).toBe(2000);
  });

  it("are checked for their shape before any read", () => {
    expect(isEquipmentCode(newEquipmentCode())).toBe(true);
    for (const bad of ["", "short", "A".repeat(23), "../../../etc/passwd", `${"A".repeat(21)}=`, `${"A".repeat(21)}/`, 42, null, undefined])
      expect(isEquipmentCode(bad)).toBe(false);
  });

  it("make the absolute scan address from the site's address", () => {
    expect(scanUrl("https://train.example.com", "abcdefghijklmnopqrstuv")).toBe("https://train.example.com/e/abcdefghijklmnopqrstuv");
    expect(scanUrl("http://10.0.0.5:3000//", "abcdefghijklmnopqrstuv")).toBe("http://10.0.0.5:3000/e/abcdefghijklmnopqrstuv");
  });
});

describe("the clip", () => {
  it("is a 60–180 s part of a lesson, or a whole lesson of at most 180 s", () => {
    expect(clipBounds(1800, 600, 720)).toEqual({ startS: 600, endS: 720 });
    expect(clipBounds(1800, 600, 660)).toEqual({ startS: 600, endS: 660 });
    expect(clipBounds(1800, 600, 780)).toEqual({ startS: 600, endS: 780 });
    expect(clipBounds(1800, 600, 659)).toBe("equipment.errors.clipLength");
    expect(clipBounds(1800, 600, 781)).toBe("equipment.errors.clipLength");
    expect(clipBounds(1800, 600, null)).toBe("equipment.errors.clipHalf");
    expect(clipBounds(700, 600, 720)).toBe("equipment.errors.clipBeyondLesson");
    expect(clipBounds(120, null, null)).toEqual({ startS: 0, endS: 120 });
    expect(clipBounds(8, null, null)).toEqual({ startS: 0, endS: 8 });
    expect(clipBounds(181, null, null)).toBe("equipment.errors.lessonTooLong");
    expect(clipBounds(null, null, null)).toBe("equipment.errors.lessonTooLong");
  });

  it("counts only what was played inside it, in its own time", () => {
    const clip = { startS: 600, endS: 720 };
    expect(
      toClipTime(
        [
          [0, 100],
          [590, 610],
          [650, 660],
          [715, 800],
        ],
        clip,
      ),
    ).toEqual([
      [0, 10],
      [50, 60],
      [115, 120],
    ]);
    expect(toClipTime([[720, 730]], clip)).toEqual([]);
  });
});

describe("micro-学时 of a scan", () => {
  it("credit the seconds watched of the clip, capped at the clip, once every question is answered", () => {
    expect(equipmentHours(58, 120, 3, 3)).toBe(0.02);
    expect(equipmentHours(120, 120, 3, 3)).toBe(0.03);
    // Never more than the clip, whatever the row says.
    expect(equipmentHours(500, 120, 3, 3)).toBe(0.03);
    // Watching alone, or part of the questions, credits nothing.
    expect(equipmentHours(120, 120, 2, 3)).toBe(0);
    expect(equipmentHours(120, 120, 0, 3)).toBe(0);
    // A day with no question to ask credits the watching.
    expect(equipmentHours(90, 120, 0, 0)).toBe(0.03);
    expect(equipmentHours(0, 120, 3, 3)).toBe(0);
  });
});
