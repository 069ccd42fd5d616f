import { describe, expect, it } from "vitest";
import type { RequirementRow } from "@/lib/eligibility/data";
import { suggest } from "@/lib/needs";

const req = (over: Partial<RequirementRow>): RequirementRow => ({
  id: 1,
  jobId: 1,
  kind: "course",
  refId: null,
  series: null,
  specialty: null,
  contestLevel: null,
  minScore: null,
  minCount: null,
  maxRank: null,
  withinMonths: null,
  withinQuarters: null,
  refTitle: null,
  note: "",
  ...over,
});
const offer = {
  courses: [
    { id: 1, title: "采油必修", specialty: "oil_production" },
    { id: 2, title: "集输基础", specialty: "gathering" },
    { id: 3, title: "仪表维护", specialty: "instrument" },
  ],
  classes: [
    { id: 10, title: "技师课堂·调节阀", series: "technician", specialty: "instrument" },
    { id: 11, title: "小课堂·井口", series: "classroom", specialty: "oil_production" },
  ],
};

describe("以需带训 suggestions", () => {
  it("a missing course suggests that course, a missing class series a class of it", () => {
    const s = suggest(
      { specialty: "gathering", completed: new Set() },
      [
        { jobName: "站长", requirement: req({ kind: "course", refId: 3 }) },
        { jobName: "站长", requirement: req({ kind: "class", series: "technician", minCount: 1 }) },
      ],
      [],
      offer,
    );
    expect(s.map((x) => [x.kind, x.id])).toEqual([
      ["course", 3],
      ["class", 10],
    ]);
    expect(s[0]!.reason).toMatchObject({ kind: "gap", jobName: "站长" });
  });
  it("a quiz gap suggests a course of the requirement's specialty, else the member's", () => {
    expect(
      suggest(
        { specialty: "gathering", completed: new Set() },
        [{ jobName: "x", requirement: req({ kind: "quiz", minScore: 60, series: "季度" }) }],
        [],
        offer,
      ).map((x) => x.id),
    ).toEqual([2]);
    expect(
      suggest(
        { specialty: "gathering", completed: new Set() },
        [{ jobName: "x", requirement: req({ kind: "quiz", minScore: 60, specialty: "oil_production" }) }],
        [],
        offer,
      ).map((x) => x.id),
    ).toEqual([1]);
  });
  it("weak categories suggest a course and a class of their specialty; completed courses are not suggested again", () => {
    const s = suggest({ specialty: "gathering", completed: new Set([1]) }, [], [{ category: "抽油机", specialty: "oil_production", percent: 40 }], offer);
    expect(s.map((x) => [x.kind, x.id])).toEqual([["class", 11]]);
    expect(s[0]!.reason).toEqual({ kind: "weak", category: "抽油机", percent: 40 });
  });
  it("certificates and service cannot be trained for: no suggestion; nothing twice", () => {
    expect(
      suggest(
        { specialty: "gathering", completed: new Set() },
        [
          { jobName: "x", requirement: req({ kind: "certificate", refId: 1 }) },
          { jobName: "x", requirement: req({ kind: "service", minCount: 12 }) },
        ],
        [],
        offer,
      ),
    ).toEqual([]);
    const twice = suggest(
      { specialty: "gathering", completed: new Set() },
      [
        { jobName: "a", requirement: req({ kind: "course", refId: 2 }) },
        { jobName: "b", requirement: req({ kind: "course", refId: 2 }) },
      ],
      [],
      offer,
    );
    expect(twice.length).toBe(1);
  });
});
