/**
 * Checks on a job's requirements, pure: each requirement on its own (the right fields for its
 * kind, sensible numbers) and the set (two requirements on the same thing with different
 * thresholds contradict each other; a window that a fixed quiz can never fall in is impossible).
 */
import { CONTEST_LEVELS, type Requirement } from "./types";
import { addMonths, quarterOf, shiftQuarter } from "@/lib/core/time";

export type RequirementProblem =
  | "eligibility.problems.targetMissing"
  | "eligibility.problems.scoreRange"
  | "eligibility.problems.countRange"
  | "eligibility.problems.rankRange"
  | "eligibility.problems.windowRange"
  | "eligibility.problems.twoWindows"
  | "eligibility.problems.levelUnknown"
  | "eligibility.problems.refGone"
  | "eligibility.problems.refGoneQuiz"
  | "eligibility.problems.refGoneCourse"
  | "eligibility.problems.refGoneCertificate"
  | "eligibility.problems.refGoneSignoff"
  | "eligibility.problems.refGoneContest"
  | "eligibility.problems.contradicts"
  | "eligibility.problems.duplicate"
  | "eligibility.problems.neverInWindow";

export type RequirementInput = Omit<Requirement, "id" | "renewWindowDays" | "refExists">;

/** The problems of one requirement on its own; empty when fine. */
export function checkRequirement(r: RequirementInput): RequirementProblem[] {
  const out: RequirementProblem[] = [];
  const positive = (n: number | null) => n === null || (Number.isInteger(n) && n >= 1);
  if (!positive(r.withinMonths) || !positive(r.withinQuarters) || (r.withinMonths ?? 0) > 600 || (r.withinQuarters ?? 0) > 200)
    out.push("eligibility.problems.windowRange");
  if (r.withinMonths !== null && r.withinQuarters !== null) out.push("eligibility.problems.twoWindows");
  switch (r.kind) {
    case "quiz":
      if (r.refId === null && !r.series && !r.specialty) out.push("eligibility.problems.targetMissing");
      if (r.minScore === null || !(r.minScore > 0 && r.minScore <= 100)) out.push("eligibility.problems.scoreRange");
      break;
    case "course":
    case "certificate":
    case "signoff":
      if (r.refId === null) out.push("eligibility.problems.targetMissing");
      break;
    case "class":
      if (!r.series) out.push("eligibility.problems.targetMissing");
      if (r.minCount === null || !Number.isInteger(r.minCount) || r.minCount < 1 || r.minCount > 1000) out.push("eligibility.problems.countRange");
      break;
    case "contest":
      if (r.contestLevel !== null && !(CONTEST_LEVELS as readonly string[]).includes(r.contestLevel)) out.push("eligibility.problems.levelUnknown");
      if (r.maxRank !== null && (!Number.isInteger(r.maxRank) || r.maxRank < 1)) out.push("eligibility.problems.rankRange");
      if (r.minScore !== null && !(r.minScore >= 0 && r.minScore <= 1000)) out.push("eligibility.problems.scoreRange");
      break;
    case "service":
      if (r.minCount === null || !Number.isInteger(r.minCount) || r.minCount < 1 || r.minCount > 600) out.push("eligibility.problems.countRange");
      break;
  }
  return out;
}

/** What a requirement is about, regardless of thresholds: two with the same target should be one. */
function targetKey(r: Pick<Requirement, "kind" | "refId" | "series" | "specialty" | "contestLevel">): string {
  if (r.kind === "service") return "service";
  return [r.kind, r.refId ?? "", r.series ?? "", r.specialty ?? "", r.kind === "contest" ? (r.contestLevel ?? "") : ""].join("|");
}

function thresholds(r: RequirementInput): string {
  return [r.minScore, r.minCount, r.maxRank, r.withinMonths, r.withinQuarters].map((x) => x ?? "").join("|");
}

/**
 * A new requirement against the job's existing ones: the same target twice is a duplicate when
 * the thresholds agree and a contradiction when they differ (which one would hold?).
 */
export function checkAgainst(r: RequirementInput, existing: RequirementInput[]): RequirementProblem[] {
  const same = existing.filter((e) => targetKey(e) === targetKey(r));
  if (same.length === 0) return [];
  return same.some((e) => thresholds(e) !== thresholds(r)) ? ["eligibility.problems.contradicts"] : ["eligibility.problems.duplicate"];
}

/**
 * A requirement on one fixed quiz with a window: once the quiz closed before the window's start
 * nobody can ever meet it again.
 */
export function quizNeverInWindow(r: RequirementInput, quiz: { closedOn: string; quarter: string } | null, today: string): boolean {
  if (r.kind !== "quiz" || r.refId === null || !quiz) return false;
  if (r.withinMonths !== null && quiz.closedOn < addMonths(today, -r.withinMonths)) return true;
  if (r.withinQuarters !== null && quiz.quarter < shiftQuarter(quarterOf(today), 1 - r.withinQuarters)) return true;
  return false;
}

/** What to say of a requirement whose target is gone: which kind of thing, and what happened to it. */
export function refGoneProblem(kind: RequirementInput["kind"]): RequirementProblem {
  switch (kind) {
    case "quiz":
      return "eligibility.problems.refGoneQuiz";
    case "course":
      return "eligibility.problems.refGoneCourse";
    case "certificate":
      return "eligibility.problems.refGoneCertificate";
    case "signoff":
      return "eligibility.problems.refGoneSignoff";
    case "contest":
      return "eligibility.problems.refGoneContest";
    default:
      return "eligibility.problems.refGone";
  }
}
