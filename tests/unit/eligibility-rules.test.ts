import { describe, expect, it } from "vitest";
import { evaluateJob, evaluateRequirement } from "@/lib/eligibility/rules";
import { checkAgainst, checkRequirement, quizNeverInWindow, type RequirementInput } from "@/lib/eligibility/validate";
import { emptyFacts, type MemberFacts, type Requirement } from "@/lib/eligibility/types";
import { addDays, addMonths, dayIn, daysBetween, monthsBetween, quarterOf, shiftQuarter } from "@/lib/core/time";

const TODAY = "2026-11-24";

function req(over: Partial<Requirement> & Pick<Requirement, "kind">): Requirement {
  return {
    id: 1,
    jobId: 10,
    refId: null,
    series: null,
    specialty: null,
    contestLevel: null,
    minScore: null,
    minCount: null,
    maxRank: null,
    withinMonths: null,
    withinQuarters: null,
    ...over,
  };
}
function facts(over: Partial<MemberFacts> = {}): MemberFacts {
  return { ...emptyFacts(1, "2010-05-01"), ...over };
}
const state = (r: Requirement, f: MemberFacts, day = TODAY) => evaluateRequirement(r, f, day).state;

describe("calendar days", () => {
  it("adds months clamping to the month's end, like PostgreSQL", () => {
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2026-01-15", -13)).toBe("2024-12-15");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
  });
  it("counts days and whole months", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2026-11-24", "2026-12-24")).toBe(30);
    expect(monthsBetween("2020-01-31", "2020-02-29")).toBe(1);
    expect(monthsBetween("2020-01-31", "2020-02-28")).toBe(0);
    expect(monthsBetween("2016-11-24", "2026-11-24")).toBe(120);
    expect(monthsBetween("2016-11-25", "2026-11-24")).toBe(119);
  });
  it("knows quarters", () => {
    expect(quarterOf("2026-11-24")).toBe("2026-Q4");
    expect(shiftQuarter("2026-Q1", -1)).toBe("2025-Q4");
    expect(shiftQuarter("2026-Q4", -7)).toBe("2025-Q1");
  });
  it("takes the day in the site's zone, not the server's", () => {
    expect(dayIn(new Date("2026-12-31T15:59:59.999Z"), "Asia/Shanghai")).toBe("2026-12-31");
    expect(dayIn(new Date("2026-12-31T16:00:00Z"), "Asia/Shanghai")).toBe("2027-01-01");
    expect(dayIn(new Date("2026-12-31T16:00:00Z"), "UTC")).toBe("2026-12-31");
    expect(dayIn(new Date("2026-06-30T16:30:00Z"), "Asia/Shanghai")).toBe("2026-07-01");
  });
});

describe("quiz requirements", () => {
  const quiz = (over: Partial<MemberFacts["quizResults"][number]> = {}) => ({
    quizId: 5,
    series: "季度小会考",
    specialty: "oil_production",
    quarter: "2026-Q3",
    closedOn: "2026-09-20",
    percent: 80,
    pending: false,
    ...over,
  });
  it("needs a result of record at or above the score", () => {
    const r = req({ kind: "quiz", refId: 5, minScore: 80 });
    expect(state(r, facts({ quizResults: [quiz()] }))).toBe("met");
    expect(state(r, facts({ quizResults: [quiz({ percent: 79.99 })] }))).toBe("missing");
    expect(evaluateRequirement(r, facts({ quizResults: [quiz({ percent: 60 }), quiz({ percent: 70 })] }), TODAY)).toMatchObject({ have: 70, need: 80 });
    expect(state(r, facts())).toBe("missing");
  });
  it("ignores results still waiting for grading and other quizzes", () => {
    const r = req({ kind: "quiz", refId: 5, minScore: 60 });
    expect(state(r, facts({ quizResults: [quiz({ pending: true })] }))).toBe("missing");
    expect(state(r, facts({ quizResults: [quiz({ quizId: 6 })] }))).toBe("missing");
  });
  it("matches a series and a specialty", () => {
    const r = req({ kind: "quiz", series: "季度小会考", specialty: "oil_production", minScore: 60 });
    expect(state(r, facts({ quizResults: [quiz({ quizId: 99 })] }))).toBe("met");
    expect(state(r, facts({ quizResults: [quiz({ specialty: "boiler" })] }))).toBe("missing");
    expect(state(r, facts({ quizResults: [quiz({ series: null })] }))).toBe("missing");
  });
  it("looks back N months from the quiz's closing day, inclusive", () => {
    const r = req({ kind: "quiz", series: "季度小会考", minScore: 60, withinMonths: 6 });
    expect(state(r, facts({ quizResults: [quiz({ closedOn: "2026-05-24" })] }))).toBe("met");
    expect(state(r, facts({ quizResults: [quiz({ closedOn: "2026-05-23" })] }))).toBe("missing");
  });
  it("looks back N quarters including this one", () => {
    const r = req({ kind: "quiz", series: "季度小会考", minScore: 60, withinQuarters: 2 });
    expect(state(r, facts({ quizResults: [quiz({ quarter: "2026-Q3" })] }))).toBe("met");
    expect(state(r, facts({ quizResults: [quiz({ quarter: "2026-Q2" })] }))).toBe("missing");
    expect(state(req({ kind: "quiz", series: "季度小会考", minScore: 60, withinQuarters: 1 }), facts({ quizResults: [quiz({ quarter: "2026-Q4" })] }))).toBe(
      "met",
    );
  });
});

describe("course, class, sign-off, contest and service requirements", () => {
  it("course: completed", () => {
    const r = req({ kind: "course", refId: 3 });
    expect(state(r, facts({ courseCompletions: [{ courseId: 3, completedOn: "2026-01-01" }] }))).toBe("met");
    expect(state(r, facts({ courseCompletions: [{ courseId: 4, completedOn: "2026-01-01" }] }))).toBe("missing");
  });
  it("class: n sessions of the series, within the window", () => {
    const r = req({ kind: "class", series: "technician", minCount: 2, withinMonths: 12 });
    const a = (on: string, series = "technician") => ({ classId: 1, series, on });
    expect(state(r, facts({ attendance: [a("2026-01-01"), a("2026-11-24")] }))).toBe("met");
    expect(evaluateRequirement(r, facts({ attendance: [a("2026-01-01"), a("2025-11-23")] }), TODAY)).toMatchObject({ state: "missing", have: 1, need: 2 });
    expect(state(r, facts({ attendance: [a("2026-01-01"), a("2026-02-01", "classroom")] }))).toBe("missing");
    expect(state(r, facts({ attendance: [a("2026-01-01"), a("2025-11-24")] }))).toBe("met");
  });
  it("sign-off: the task signed off, within the window", () => {
    const r = req({ kind: "signoff", refId: 7, withinMonths: 24 });
    expect(state(r, facts({ signoffs: [{ taskId: 7, signedOn: "2025-01-01" }] }))).toBe("met");
    expect(state(r, facts({ signoffs: [{ taskId: 7, signedOn: "2024-11-23" }] }))).toBe("missing");
    expect(state(r, facts({ signoffs: [{ taskId: 8, signedOn: "2026-01-01" }] }))).toBe("missing");
  });
  it("contest: level or above, specialty, rank and score", () => {
    const c = (over: Partial<MemberFacts["contestResults"][number]> = {}) => ({
      contestId: 1,
      level: "plant",
      specialty: "oil_production",
      heldOn: "2026-06-01",
      rank: 3,
      score: 88,
      ...over,
    });
    const r = req({ kind: "contest", contestLevel: "plant", maxRank: 3 });
    expect(state(r, facts({ contestResults: [c()] }))).toBe("met");
    expect(state(r, facts({ contestResults: [c({ level: "bureau" })] }))).toBe("met");
    expect(state(r, facts({ contestResults: [c({ level: "area" })] }))).toBe("missing");
    expect(state(r, facts({ contestResults: [c({ rank: 4 })] }))).toBe("missing");
    expect(state(r, facts({ contestResults: [c({ rank: null })] }))).toBe("missing");
    expect(state(req({ kind: "contest", minScore: 90 }), facts({ contestResults: [c()] }))).toBe("missing");
    expect(state(req({ kind: "contest", refId: 2 }), facts({ contestResults: [c()] }))).toBe("missing");
    expect(state(req({ kind: "contest", specialty: "boiler" }), facts({ contestResults: [c()] }))).toBe("missing");
    expect(state(req({ kind: "contest", withinMonths: 3 }), facts({ contestResults: [c()] }))).toBe("missing");
  });
  it("service: whole months since hiring", () => {
    const r = req({ kind: "service", minCount: 36 });
    expect(state(r, facts({ hiredOn: "2023-11-24" }))).toBe("met");
    expect(evaluateRequirement(r, facts({ hiredOn: "2023-11-25" }), TODAY)).toMatchObject({ state: "missing", have: 35, need: 36 });
    expect(state(r, facts({ hiredOn: null }))).toBe("missing");
  });
});

describe("certificate requirements", () => {
  const r = req({ kind: "certificate", refId: 2, renewWindowDays: 30 });
  const cert = (expiresOn: string | null, issuedOn = "2024-01-01") => ({ certificateTypeId: 2, number: "X", issuedOn, expiresOn });
  it("valid, expiring within the renewal window, expired, missing", () => {
    expect(state(r, facts({ certificates: [cert("2026-12-25")] }))).toBe("met");
    expect(evaluateRequirement(r, facts({ certificates: [cert("2026-12-24")] }), TODAY)).toMatchObject({ state: "expiring", date: "2026-12-24" });
    expect(evaluateRequirement(r, facts({ certificates: [cert("2026-11-24")] }), TODAY)).toMatchObject({ state: "expiring", date: "2026-11-24" });
    expect(evaluateRequirement(r, facts({ certificates: [cert("2026-11-23")] }), TODAY)).toMatchObject({ state: "expired", date: "2026-11-23" });
    expect(state(r, facts())).toBe("missing");
    expect(state(r, facts({ certificates: [cert(null)] }))).toBe("met");
    expect(state(r, facts({ certificates: [cert("2030-01-01", "2026-12-01")] }))).toBe("missing");
  });
  it("the renewed certificate wins over the old one", () => {
    expect(state(r, facts({ certificates: [cert("2026-11-01"), cert("2029-11-01")] }))).toBe("met");
  });
  it("expires at midnight in Shanghai: on the last day at 23:59 it is expiring, a second later expired", () => {
    const f = facts({ certificates: [cert("2026-12-31")] });
    const before = dayIn(new Date("2026-12-31T15:59:59Z"), "Asia/Shanghai");
    const after = dayIn(new Date("2026-12-31T16:00:00Z"), "Asia/Shanghai");
    expect(evaluateRequirement(r, f, before)).toMatchObject({ state: "expiring", date: "2026-12-31" });
    expect(evaluateRequirement(r, f, after)).toMatchObject({ state: "expired", date: "2026-12-31" });
    // A server in UTC would still call it valid at that instant; the rules must not.
    expect(dayIn(new Date("2026-12-31T16:00:00Z"), "UTC")).toBe("2026-12-31");
  });
  it("the renewal window starts exactly window days before the last valid day", () => {
    const f = facts({ certificates: [cert("2027-01-30")] });
    expect(state(r, f, "2026-12-30")).toBe("met");
    expect(state(r, f, "2026-12-31")).toBe("expiring");
  });
  it("a requirement pointing to something deleted is broken", () => {
    expect(state({ ...r, refExists: false }, facts({ certificates: [cert(null)] }))).toBe("broken");
  });
});

describe("a job", () => {
  const reqs: Requirement[] = [
    req({ id: 1, kind: "course", refId: 3 }),
    req({ id: 2, kind: "certificate", refId: 2, renewWindowDays: 60 }),
    req({ id: 3, kind: "certificate", refId: 4, renewWindowDays: 60 }),
    req({ id: 4, kind: "service", minCount: 12, jobId: 11 }),
  ];
  const base = facts({
    courseCompletions: [{ courseId: 3, completedOn: "2026-01-01" }],
    certificates: [
      { certificateTypeId: 2, number: "A", issuedOn: "2024-01-01", expiresOn: "2027-12-31" },
      { certificateTypeId: 4, number: "B", issuedOn: "2024-01-01", expiresOn: "2028-12-31" },
    ],
  });
  it("eligible when everything holds", () => {
    expect(evaluateJob(10, reqs, base, TODAY)).toMatchObject({ status: "eligible", expiresOn: null, gaps: [] });
  });
  it("eligible but expiring, with the first day something runs out", () => {
    const f = {
      ...base,
      certificates: [
        { ...base.certificates[0]!, expiresOn: "2027-01-10" },
        { ...base.certificates[1]!, expiresOn: "2026-12-31" },
      ],
    };
    expect(evaluateJob(10, reqs, f, TODAY)).toMatchObject({ status: "expiring", expiresOn: "2026-12-31" });
  });
  it("not eligible with the exact list of what is missing or expired", () => {
    const f = { ...base, courseCompletions: [], certificates: [{ ...base.certificates[0]!, expiresOn: "2026-01-01" }] };
    const out = evaluateJob(10, reqs, f, TODAY);
    expect(out.status).toBe("missing");
    expect(out.gaps.map((g) => [g.requirementId, g.state, g.date])).toEqual([
      [1, "missing", null],
      [2, "expired", "2026-01-01"],
      [3, "missing", null],
    ]);
  });
  it("a job without requirements is open to everyone; other jobs' requirements do not count", () => {
    expect(evaluateJob(12, reqs, facts(), TODAY).status).toBe("eligible");
    expect(evaluateJob(11, reqs, facts({ hiredOn: "2020-01-01" }), TODAY).status).toBe("eligible");
  });
});

describe("checking requirements", () => {
  const input = (over: Partial<RequirementInput> & Pick<RequirementInput, "kind">): RequirementInput => ({ ...req(over) });
  it("each kind needs its own fields", () => {
    expect(checkRequirement(input({ kind: "quiz", minScore: 60 }))).toContain("eligibility.problems.targetMissing");
    expect(checkRequirement(input({ kind: "quiz", series: "x", minScore: 120 }))).toContain("eligibility.problems.scoreRange");
    expect(checkRequirement(input({ kind: "class", series: "x", minCount: 0 }))).toContain("eligibility.problems.countRange");
    expect(checkRequirement(input({ kind: "course" }))).toContain("eligibility.problems.targetMissing");
    expect(checkRequirement(input({ kind: "contest", maxRank: 0 }))).toContain("eligibility.problems.rankRange");
    expect(checkRequirement(input({ kind: "contest", contestLevel: "world" }))).toContain("eligibility.problems.levelUnknown");
    expect(checkRequirement(input({ kind: "quiz", series: "x", minScore: 60, withinMonths: 6, withinQuarters: 2 }))).toContain(
      "eligibility.problems.twoWindows",
    );
    expect(checkRequirement(input({ kind: "service", minCount: 12 }))).toEqual([]);
    expect(checkRequirement(input({ kind: "quiz", refId: 1, minScore: 60, withinMonths: 12 }))).toEqual([]);
  });
  it("the same target twice: duplicate, or contradictory when thresholds differ", () => {
    const a = input({ kind: "quiz", series: "季度", minScore: 60 });
    expect(checkAgainst({ ...a }, [a])).toEqual(["eligibility.problems.duplicate"]);
    expect(checkAgainst({ ...a, minScore: 80 }, [a])).toEqual(["eligibility.problems.contradicts"]);
    expect(checkAgainst(input({ kind: "service", minCount: 24 }), [input({ kind: "service", minCount: 12 })])).toEqual(["eligibility.problems.contradicts"]);
    expect(checkAgainst({ ...a, series: "其他" }, [a])).toEqual([]);
  });
  it("a fixed quiz that closed before the window can never count", () => {
    const r = input({ kind: "quiz", refId: 5, minScore: 60, withinMonths: 6 });
    expect(quizNeverInWindow(r, { closedOn: "2026-01-01", quarter: "2026-Q1" }, TODAY)).toBe(true);
    expect(quizNeverInWindow(r, { closedOn: "2026-06-01", quarter: "2026-Q2" }, TODAY)).toBe(false);
  });
});
