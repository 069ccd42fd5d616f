export const REQUIREMENT_KINDS = ["quiz", "course", "class", "certificate", "signoff", "contest", "service"] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

export const CONTEST_LEVELS = ["area", "plant", "bureau"] as const;
/** area < plant < bureau: a requirement at plant level is met by a plant or a bureau result. */
export const LEVEL_RANK: Record<string, number> = { area: 1, plant: 2, bureau: 3 };

/** A job requirement as stored (db/schema/eligibility.ts, `job_requirements`). */
export interface Requirement {
  id: number;
  jobId: number;
  kind: RequirementKind;
  refId: number | null;
  series: string | null;
  specialty: string | null;
  contestLevel: string | null;
  minScore: number | null;
  minCount: number | null;
  maxRank: number | null;
  withinMonths: number | null;
  withinQuarters: number | null;
  /** Certificate requirements: the type's renewal window in days. */
  renewWindowDays?: number | null;
  /** False when `refId` points to a quiz, course, task, contest or certificate type that is gone. */
  refExists?: boolean;
}

/** Everything about one member the rules look at. Days are "YYYY-MM-DD" in the site's zone. */
export interface MemberFacts {
  memberId: number;
  hiredOn: string | null;
  quizResults: { quizId: number; series: string | null; specialty: string | null; quarter: string; closedOn: string; percent: number; pending: boolean }[];
  courseCompletions: { courseId: number; completedOn: string }[];
  attendance: { classId: number; series: string; on: string }[];
  /**
   * `reviewDueOn`: the day the next 复审 is due (its type's cycle from the last review, or from
   * issue); the certificate counts up to that day, as up to `expiresOn`. Absent: no review cycle.
   */
  certificates: { certificateTypeId: number; number: string; issuedOn: string; expiresOn: string | null; reviewDueOn?: string | null }[];
  signoffs: { taskId: number; signedOn: string }[];
  contestResults: { contestId: number; level: string; specialty: string | null; heldOn: string; rank: number | null; score: number | null }[];
  /**
   * 三级安全教育: the induction levels opened for the member and not signed off (1 厂级, 2 车间级,
   * 3 班组级), ascending. Any: not eligible for any job, whatever its requirements.
   */
  inductionOpen?: number[];
}

export function emptyFacts(memberId: number, hiredOn: string | null = null): MemberFacts {
  return { memberId, hiredOn, quizResults: [], courseCompletions: [], attendance: [], certificates: [], signoffs: [], contestResults: [] };
}

/**
 * met: holds; expiring: holds, but the certificate runs out within its renewal window (`date` =
 * its last valid day); expired: held once, ran out on `date`; missing: never held; broken: the
 * requirement points to something deleted, so nobody can meet it.
 */
type RequirementState = "met" | "expiring" | "missing" | "expired" | "broken";

export interface RequirementOutcome {
  requirementId: number;
  kind: RequirementKind;
  state: RequirementState;
  date: string | null;
  /** Expired because the 复审 due on `date` was not recorded (not because the certificate ran out). */
  reviewOverdue?: boolean;
  /** Progress where it means something: best percent, sessions attended, months of service. */
  have: number | null;
  need: number | null;
}

export type JobStatus = "eligible" | "expiring" | "missing";
export const JOB_STATUSES: JobStatus[] = ["eligible", "expiring", "missing"];

export interface JobOutcome {
  jobId: number;
  status: JobStatus;
  /** Expiring: the first day something runs out (its last valid day). */
  expiresOn: string | null;
  outcomes: RequirementOutcome[];
  /** The outcomes that are not met: what is missing, expired or broken. */
  gaps: RequirementOutcome[];
  /** The open induction levels that make the member not eligible for this (and every) job; absent or empty: none. */
  inductionOpen?: number[];
}
