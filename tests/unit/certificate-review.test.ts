import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextReviewDue, reviewRefusal, reviewState, reviewWindow } from "@/lib/certificates/review";
import { describeProgress } from "@/lib/eligibility/describe";
import { certificateUntil, evaluateJob, evaluateRequirement } from "@/lib/eligibility/rules";
import { emptyFacts, type MemberFacts, type Requirement } from "@/lib/eligibility/types";
import { addDays, addMonths } from "@/lib/core/time";
import { makeTranslator } from "@/lib/i18n";

// 特种作业操作证: valid 6 years, reviewed every 3 years.
const ISSUED = "2023-05-10";
const EXPIRES = "2029-05-09";

const certReq: Requirement = {
  id: 1,
  jobId: 10,
  kind: "certificate",
  refId: 7,
  series: null,
  specialty: null,
  contestLevel: null,
  minScore: null,
  minCount: null,
  maxRank: null,
  withinMonths: null,
  withinQuarters: null,
  renewWindowDays: 60,
};

function facts(c: Partial<MemberFacts["certificates"][number]> = {}): MemberFacts {
  return { ...emptyFacts(1), certificates: [{ certificateTypeId: 7, number: "T-1", issuedOn: ISSUED, expiresOn: EXPIRES, ...c }] };
}

describe("next review due", () => {
  it("counts the cycle from issue until a review, then from the last review", () => {
    expect(nextReviewDue({ issuedOn: ISSUED, lastReviewedOn: null }, 3)).toBe("2026-05-10");
    expect(nextReviewDue({ issuedOn: ISSUED, lastReviewedOn: "2026-04-20" }, 3)).toBe("2029-04-20");
    expect(nextReviewDue({ issuedOn: ISSUED, lastReviewedOn: null }, null)).toBeNull();
  });

  it("adds years to 29 February as PostgreSQL does (28 February)", () => {
    expect(nextReviewDue({ issuedOn: "2024-02-29", lastReviewedOn: null }, 1)).toBe("2025-02-28");
    expect(nextReviewDue({ issuedOn: "2024-02-29", lastReviewedOn: null }, 4)).toBe("2028-02-29");
  });

  it("review state: ok, due within the window, overdue the day after the due day", () => {
    expect(reviewState(null, "2026-03-01", 60)).toBe("none");
    expect(reviewState("2026-05-10", "2026-03-10", 60)).toBe("ok");
    expect(reviewState("2026-05-10", "2026-03-11", 60)).toBe("due");
    expect(reviewState("2026-05-10", "2026-05-10", 60)).toBe("due");
    expect(reviewState("2026-05-10", "2026-05-11", 60)).toBe("overdue");
  });

  it("counts the hours from the day after the last review (or issue) to the review", () => {
    expect(reviewWindow({ issuedOn: ISSUED, lastReviewedOn: null }, "2026-04-01")).toEqual({ from: "2023-05-11", to: "2026-04-01" });
    expect(reviewWindow({ issuedOn: ISSUED, lastReviewedOn: "2026-04-01" }, "2029-03-01")).toEqual({ from: "2026-04-02", to: "2029-03-01" });
  });
});

describe("recording a review", () => {
  const type = { reviewHours: 8, reviewTest: true };
  it("needs the hours and, when the type says so, the test", () => {
    expect(reviewRefusal(type, { hours: 8, testPassed: true })).toBeNull();
    expect(reviewRefusal(type, { hours: 7.99, testPassed: true })).toEqual({ code: "certificates.review.errors.hours", params: { have: 7.99, need: 8 } });
    expect(reviewRefusal(type, { hours: 12, testPassed: false })).toEqual({ code: "certificates.review.errors.test" });
    expect(reviewRefusal({ reviewHours: 8, reviewTest: false }, { hours: 8, testPassed: false })).toBeNull();
    expect(reviewRefusal({ reviewHours: 0, reviewTest: false }, { hours: 0, testPassed: false })).toBeNull();
  });
});

describe("eligibility with a review cycle", () => {
  const due = "2026-05-10";
  it("the certificate counts up to its review day, then is not valid with the reason 复审逾期", () => {
    const f = facts({ reviewDueOn: due });
    expect(evaluateRequirement(certReq, f, "2026-01-01")).toMatchObject({ state: "met", date: due });
    // Inside the renewal window the job shows as expiring on the review day, as before an expiry.
    expect(evaluateRequirement(certReq, f, "2026-04-01")).toMatchObject({ state: "expiring", date: due });
    expect(evaluateJob(10, [certReq], f, "2026-05-10")).toMatchObject({ status: "expiring", expiresOn: due });
    const after = evaluateRequirement(certReq, f, "2026-05-11");
    expect(after).toMatchObject({ state: "expired", date: due, reviewOverdue: true });
    expect(evaluateJob(10, [certReq], f, "2026-05-11").status).toBe("missing");
    const zh = makeTranslator("zh-CN");
    expect(describeProgress(zh, after)).toContain("复审逾期");
    expect(describeProgress(makeTranslator("en"), after)).toContain("Review overdue");
  });

  it("after a review the next due day moves and the member is eligible again", () => {
    const reviewed = facts({ reviewDueOn: nextReviewDue({ issuedOn: ISSUED, lastReviewedOn: "2026-06-01" }, 3) });
    expect(evaluateRequirement(certReq, reviewed, "2026-06-02")).toMatchObject({ state: "met", date: "2029-05-09" });
  });

  it("an expiry before the review day is an ordinary expiry, not an overdue review", () => {
    const f = facts({ expiresOn: "2026-03-31", reviewDueOn: due });
    const o = evaluateRequirement(certReq, f, "2026-04-01");
    expect(o).toMatchObject({ state: "expired", date: "2026-03-31" });
    expect(o.reviewOverdue).toBeUndefined();
  });

  it("a certificate without expiry but with a review cycle runs until its review day", () => {
    const f = facts({ expiresOn: null, reviewDueOn: due });
    expect(evaluateRequirement(certReq, f, "2026-05-11")).toMatchObject({ state: "expired", reviewOverdue: true });
    expect(evaluateRequirement(certReq, facts({ expiresOn: null }), "2040-01-01").state).toBe("met");
  });

  it("property: with a cycle, valid exactly while today ≤ min(expiry, review due); without one, as before", () => {
    const dayArb = fc.integer({ min: 0, max: 6000 }).map((n) => addDays("2015-01-01", n));
    fc.assert(
      fc.property(dayArb, fc.option(fc.integer({ min: 1, max: 120 })), fc.option(fc.integer({ min: 1, max: 10 })), dayArb, (issued, months, years, today) => {
        const expiresOn = months === null ? null : addDays(addMonths(issued, months), -1);
        const reviewDueOn = nextReviewDue({ issuedOn: issued, lastReviewedOn: null }, years);
        const o = evaluateRequirement(certReq, facts({ issuedOn: issued, expiresOn, reviewDueOn }), today);
        const until = certificateUntil({ expiresOn, reviewDueOn });
        if (issued > today) expect(o.state).toBe("missing");
        else if (until === null || until >= today) expect(["met", "expiring"]).toContain(o.state);
        else {
          expect(o.state).toBe("expired");
          expect(o.date).toBe(until);
          expect(o.reviewOverdue === true).toBe(reviewDueOn !== null && (expiresOn === null || reviewDueOn < expiresOn));
        }
        // Without a cycle the rule is the old one: only the expiry matters.
        const plain = evaluateRequirement(certReq, facts({ issuedOn: issued, expiresOn }), today);
        if (issued <= today) expect(plain.state === "expired").toBe(expiresOn !== null && expiresOn < today);
      }),
      { numRuns: 400 },
    );
  });
});
