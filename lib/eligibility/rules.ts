/**
 * The eligibility rules as pure functions: a member's facts and a job's requirements in, the
 * status out. The SQL roster (roster.ts) computes the same thing set-wise; an integration test
 * holds the two equal on generated data.
 */
import { LEVEL_RANK, type JobOutcome, type MemberFacts, type Requirement, type RequirementOutcome } from "./types";
import { addDays, addMonths, monthsBetween, quarterOf, shiftQuarter } from "@/lib/core/time";

/** The first day a dated record still counts for a requirement looking back `withinMonths`. */
export function windowStart(req: Pick<Requirement, "withinMonths">, today: string): string | null {
  return req.withinMonths ? addMonths(today, -req.withinMonths) : null;
}

/** The first quarter that still counts for `withinQuarters` (1 = this quarter only). */
export function quarterStart(req: Pick<Requirement, "withinQuarters">, today: string): string | null {
  return req.withinQuarters ? shiftQuarter(quarterOf(today), 1 - req.withinQuarters) : null;
}

function inWindow(day: string, start: string | null, today: string): boolean {
  return (start === null || day >= start) && day <= today;
}

function outcome(req: Requirement, state: RequirementOutcome["state"], extra: Partial<RequirementOutcome> = {}): RequirementOutcome {
  return { requirementId: req.id, kind: req.kind, state, date: null, have: null, need: null, ...extra };
}

export function evaluateRequirement(req: Requirement, facts: MemberFacts, today: string): RequirementOutcome {
  if (req.refExists === false) return outcome(req, "broken");
  const start = windowStart(req, today);
  switch (req.kind) {
    case "quiz": {
      const qStart = quarterStart(req, today);
      let best: number | null = null;
      for (const r of facts.quizResults) {
        if (r.pending) continue;
        if (req.refId !== null && r.quizId !== req.refId) continue;
        if (req.series !== null && r.series !== req.series) continue;
        if (req.specialty !== null && r.specialty !== req.specialty) continue;
        // A result of record counts from the day it exists; the window looks at the quiz's closing day.
        if (start !== null && r.closedOn < start) continue;
        if (qStart !== null && r.quarter < qStart) continue;
        if (best === null || r.percent > best) best = r.percent;
      }
      const need = req.minScore ?? 0;
      return outcome(req, best !== null && best >= need ? "met" : "missing", { have: best, need });
    }
    case "course": {
      const done = facts.courseCompletions.some((c) => c.courseId === req.refId && c.completedOn <= today);
      return outcome(req, done ? "met" : "missing");
    }
    case "class": {
      const n = facts.attendance.filter((a) => a.series === req.series && inWindow(a.on, start, today)).length;
      const need = req.minCount ?? 1;
      return outcome(req, n >= need ? "met" : "missing", { have: n, need });
    }
    case "signoff": {
      const done = facts.signoffs.some((s) => s.taskId === req.refId && inWindow(s.signedOn, start, today));
      return outcome(req, done ? "met" : "missing");
    }
    case "contest": {
      const minLevel = req.contestLevel ? (LEVEL_RANK[req.contestLevel] ?? 99) : 0;
      const ok = facts.contestResults.some(
        (c) =>
          (req.refId === null || c.contestId === req.refId) &&
          (LEVEL_RANK[c.level] ?? 0) >= minLevel &&
          (req.specialty === null || c.specialty === req.specialty) &&
          (req.maxRank === null || (c.rank !== null && c.rank <= req.maxRank)) &&
          (req.minScore === null || (c.score !== null && c.score >= req.minScore)) &&
          inWindow(c.heldOn, start, today),
      );
      return outcome(req, ok ? "met" : "missing");
    }
    case "service": {
      const need = req.minCount ?? 0;
      if (!facts.hiredOn || facts.hiredOn > today) return outcome(req, "missing", { have: 0, need });
      const have = monthsBetween(facts.hiredOn, today);
      return outcome(req, facts.hiredOn <= addMonths(today, -need) ? "met" : "missing", { have, need });
    }
    case "certificate": {
      const held = facts.certificates
        .filter((c) => c.certificateTypeId === req.refId && c.issuedOn <= today)
        .map((c) => ({ ...c, until: certificateUntil(c) }));
      if (held.length === 0) return outcome(req, "missing");
      // The best certificate of the type: one without expiry or review, else the latest last valid day.
      const valid = held.filter((c) => c.until === null || c.until >= today);
      if (valid.length === 0) {
        const last = held.reduce((a, b) => (b.until! > a.until! ? b : a));
        const overdue = last.reviewDueOn !== undefined && last.reviewDueOn !== null && last.until === last.reviewDueOn && last.reviewDueOn !== last.expiresOn;
        return outcome(req, "expired", overdue ? { date: last.until, reviewOverdue: true } : { date: last.until });
      }
      if (valid.some((c) => c.until === null)) return outcome(req, "met");
      const until = valid
        .map((c) => c.until!)
        .sort()
        .at(-1)!;
      const window = req.renewWindowDays ?? 0;
      return outcome(req, until <= addDays(today, window) ? "expiring" : "met", { date: until });
    }
  }
}

/**
 * The last day a certificate counts: its last valid day or the day its 复审 is due, whichever
 * comes first (null: neither). The roster's SQL computes the same (roster.ts `certificateUntilSql`).
 */
export function certificateUntil(c: { expiresOn: string | null; reviewDueOn?: string | null }): string | null {
  const due = c.reviewDueOn ?? null;
  if (c.expiresOn === null) return due;
  if (due === null) return c.expiresOn;
  return [due, c.expiresOn].sort()[0]!;
}

/** A member against one job's requirements (all must hold; a job without any is open to all who completed their induction). */
export function evaluateJob(jobId: number, requirements: Requirement[], facts: MemberFacts, today: string): JobOutcome {
  const outcomes = requirements.filter((r) => r.jobId === jobId).map((r) => evaluateRequirement(r, facts, today));
  const gaps = outcomes.filter((o) => o.state !== "met" && o.state !== "expiring");
  const expiring = outcomes
    .filter((o) => o.state === "expiring")
    .map((o) => o.date!)
    .sort();
  // 三级安全教育 not complete: not eligible for any job, the reason beside the requirements' own gaps.
  const induction = facts.inductionOpen ?? [];
  if (induction.length > 0) return { jobId, status: "missing", expiresOn: null, outcomes, gaps, inductionOpen: induction };
  if (gaps.length > 0) return { jobId, status: "missing", expiresOn: null, outcomes, gaps };
  const [soonest] = expiring;
  if (soonest !== undefined) return { jobId, status: "expiring", expiresOn: soonest, outcomes, gaps };
  return { jobId, status: "eligible", expiresOn: null, outcomes, gaps };
}
