import { describe, expect, it } from "vitest";
import { parseResults } from "@/lib/contests/parse";
import { overlaps, peakLoad } from "@/lib/mentors";
import { DEFAULT_POINTS, effectiveRules, rankTeams } from "@/lib/points/rules";
import { checkPhoto } from "@/lib/signoffs/photos";
import { IMAGE_MIME, sniffImage } from "@/lib/storage/images";
import { quarterAt, quarterDays, quarterOf, quarterShort, quartersEndingWith, shiftQuarter } from "@/lib/core/time";

const photoType = (b: Uint8Array) => {
  const ext = sniffImage(b);
  return ext ? { mime: IMAGE_MIME[ext] } : null;
};

const sheet = (header: string[], rows: (string | number | null)[][]) => ({ headerRow: 1, header, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });

describe("quarters", () => {
  it("knows each quarter's days, leap years included", () => {
    expect(quarterDays("2028-Q1")).toEqual({ first: "2028-01-01", last: "2028-03-31" });
    expect(quarterDays("2026-Q4")).toEqual({ first: "2026-10-01", last: "2026-12-31" });
    expect(quarterOf("2026-03-31")).toBe("2026-Q1");
    expect(quarterOf("2026-04-01")).toBe("2026-Q2");
    expect(shiftQuarter("2026-Q1", -1)).toBe("2025-Q4");
    expect(shiftQuarter("2026-Q4", 1)).toBe("2027-Q1");
    expect(quartersEndingWith("2026-Q2", 4)).toEqual(["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]);
  });
  it("has a short name for a narrow column head", () => {
    expect(["2026-Q3", "2030-Q1"].map(quarterShort)).toEqual(["26Q3", "30Q1"]);
    expect(quarterShort("bogus")).toBe("bogus");
  });
  it("takes the quarter in the site's time zone, not UTC", () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Shanghai.
    expect(quarterAt(new Date("2026-12-31T17:00:00Z"), "Asia/Shanghai")).toBe("2027-Q1");
    expect(quarterAt(new Date("2026-12-31T17:00:00Z"), "UTC")).toBe("2026-Q4");
  });
});

describe("mentor capacity", () => {
  const p = (startsOn: string, endsOn: string | null) => ({ startsOn, endsOn });
  it("sees periods that share a day as overlapping, open ends included", () => {
    expect(overlaps(p("2026-01-01", "2026-03-31"), p("2026-03-31", null))).toBe(true);
    expect(overlaps(p("2026-01-01", "2026-03-31"), p("2026-04-01", null))).toBe(false);
    expect(overlaps(p("2026-05-01", null), p("2026-01-01", null))).toBe(true);
  });
  it("counts the busiest day of the new pair's period, not only its first", () => {
    // Two pairs that do not overlap each other, both inside the new one: the peak is 2 (with it), not 3.
    expect(peakLoad([p("2026-02-01", "2026-02-28"), p("2026-04-01", "2026-04-30")], p("2026-01-01", null))).toBe(2);
    // Two pairs overlapping each other inside the new one: 3.
    expect(peakLoad([p("2026-02-01", "2026-05-31"), p("2026-04-01", "2026-04-30")], p("2026-01-01", null))).toBe(3);
    // A pair that ended before: not counted.
    expect(peakLoad([p("2025-01-01", "2025-12-31")], p("2026-01-01", null))).toBe(1);
  });
});

describe("contest results sheet", () => {
  it("reads good rows in either language's headers", () => {
    const r = parseResults(
      sheet(
        ["Employee No", "Rank", "Score", "Award"],
        [
          ["９０００04", 1, 95.5, "一等奖"],
          ["e-12", null, 80, ""],
        ],
      ),
    );
    expect(r).toEqual({
      ok: true,
      rows: [
        { row: 2, employeeNo: "900004", name: null, rank: 1, score: 95.5, award: "一等奖" },
        { row: 3, employeeNo: "E-12", name: null, rank: null, score: 80, award: "" },
      ],
    });
  });
  it("reports unknown, repeated and missing columns at the header", () => {
    const r = parseResults(sheet(["姓名", "名次", "名次", "备注"], [["x", 1, 1, ""]]));
    expect(r.ok ? [] : r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [1, "名次", "import.errors.duplicateColumn"],
      [1, "备注", "import.errors.unknownColumns"],
      [1, null, "import.errors.missingColumns"],
    ]);
  });
  it("reports every bad cell with its row and column", () => {
    const r = parseResults(
      sheet(
        ["工号", "名次", "成绩", "奖项"],
        [
          ["", 1, 90, ""],
          ["A1", 0, 90, ""],
          ["A2", 1.5, 90.125, ""],
          ["A3", 2, -1, "x".repeat(31)],
          ["A1", 3, 80, ""],
          ["A4", null, null, ""],
        ],
      ),
    );
    expect(r.ok ? [] : r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, "工号", "import.errors.required"],
      [3, "名次", "methods.import.badRank"],
      [4, "名次", "methods.import.badRank"],
      [4, "成绩", "methods.import.badScore"],
      [5, "成绩", "methods.import.badScore"],
      [5, "奖项", "import.errors.tooLong"],
      [6, "工号", "import.errors.duplicateEmployeeNo"],
      [7, null, "methods.import.emptyResult"],
    ]);
  });
});

describe("points rules and photos", () => {
  it("lays stored rules over the defaults and ignores unknown kinds", () => {
    expect(
      effectiveRules([
        { kind: "signoff", points: 3 },
        { kind: "nonsense", points: 99 },
      ]),
    ).toEqual({ ...DEFAULT_POINTS, signoff: 3 });
  });
  it("tells a photo by its bytes, not its name", () => {
    expect(photoType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe("image/jpeg");
    expect(photoType(new TextEncoder().encode("RIFF0000WEBPVP8 "))?.mime).toBe("image/webp");
    expect(photoType(new TextEncoder().encode("RIFF0000WAVEfmt "))).toBeNull();
    expect(checkPhoto(new TextEncoder().encode("%PDF-1.7"))).toEqual({ ok: false, code: "methods.errors.photoType" });
    expect(checkPhoto(new Uint8Array(5 * 1024 * 1024 + 1).fill(0xff))).toEqual({ ok: false, code: "methods.errors.photoTooLarge" });
  });
});

describe("team ranking", () => {
  const team = (name: string, points: number, members: number) => ({ unitId: name.length, name, members, points });
  it("ranks 2 points over 60 members above four teams with 0, though both round to 0.0 (issue 18)", () => {
    const ranked = rankTeams([team("采油八队", 0, 58), team("采油九队", 2, 60), team("采油十队", 0, 61), team("采油十一队", 0, 59), team("综合队", 0, 40)]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ["采油九队", 1],
      ["采油八队", 2],
      ["采油十队", 2],
      ["采油十一队", 2],
      ["综合队", 2],
    ]);
    expect(ranked[0]?.perMember).toBe(0.03);
  });
  it("uses standard competition ranking on the exact ratio: equal ratios tie, the next rank skips", () => {
    const ranked = rankTeams([team("A", 3, 30), team("B", 1, 10), team("C", 5, 10), team("D", 1, 11), team("E", 0, 0)]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ["C", 1],
      ["A", 2],
      ["B", 2],
      ["D", 4],
      ["E", 5],
    ]);
  });
  it("does not tie ratios that differ beyond the shown decimals", () => {
    const ranked = rankTeams([team("A", 1, 300), team("B", 1, 301)]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2]);
    expect(ranked.map((r) => r.perMember)).toEqual([0, 0]);
  });
});
