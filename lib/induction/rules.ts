/**
 * 三级安全教育 — the pure rules: which induction levels a change to a member opens, the unit
 * responsible for each level, and the day the member counts as away since. No database, no clock:
 * callers pass `today` (lib/core/clock) in the site's zone.
 */
import { addMonths } from "@/lib/core/time";

export const INDUCTION_LEVELS = [1, 2, 3] as const;
export type InductionLevel = (typeof INDUCTION_LEVELS)[number];
export const INDUCTION_REASONS = ["new_hire", "post_change", "return"] as const;
export type InductionReason = (typeof INDUCTION_REASONS)[number];

/** Defaults when the site has set none (settings.ts): required 学时 per level (厂/作业区, 车间/队, 班组/站). */
export const DEFAULT_REQUIRED_HOURS: Record<InductionLevel, number> = { 1: 24, 2: 24, 3: 24 };
/** Bounds of a level's default set at /system/induction: hours in (0, 200], content up to 500 characters. */
export const MAX_LEVEL_HOURS = 200;
export const MAX_LEVEL_CONTENT = 500;

/**
 * The title printed on the certificate a completed round earns (lib/issued): stored as printed,
 * in Chinese like the names and course titles beside it.
 */
export const ROUND_TITLES: Record<InductionReason, string> = {
  new_hire: "三级安全教育（新入职）",
  post_change: "三级安全教育（调岗）",
  return: "三级安全教育（复岗）",
};

/** What of a member the trigger looks at. */
export interface InductionMemberState {
  hiredOn: string | null;
  orgUnitId: number;
  jobId: number | null;
  status: string;
  /** The day they stopped being active (null: active, or away since before this was kept). */
  awaySince: string | null;
}

export interface InductionTrigger {
  reason: InductionReason;
  levels: InductionLevel[];
}

/**
 * The levels a change opens (null: none).
 * - Created active with a hire date within the last year (or ahead): a new hire, all three levels.
 *   A member created with an older hire date is staff already at work (an import of the existing
 *   workforce), not a new hire.
 * - Back to active after a year or more away (`awaySince` ≤ today − 1 year): team and station.
 * - Still active, with another unit, or another job (a first job given is not a change): team and station.
 * Nothing when the member is not active after the change.
 */
export function inductionTrigger(before: InductionMemberState | null, after: InductionMemberState, today: string): InductionTrigger | null {
  if (after.status !== "active") return null;
  const yearAgo = addMonths(today, -12);
  if (before === null) {
    return after.hiredOn !== null && after.hiredOn > yearAgo ? { reason: "new_hire", levels: [1, 2, 3] } : null;
  }
  if (before.status !== "active") {
    if (before.awaySince !== null && before.awaySince <= yearAgo) return { reason: "return", levels: [2, 3] };
  }
  const unitChanged = before.orgUnitId !== after.orgUnitId;
  const jobChanged = before.jobId !== null && after.jobId !== null && before.jobId !== after.jobId;
  return unitChanged || jobChanged ? { reason: "post_change", levels: [2, 3] } : null;
}

/** The day the member counts as away since after the change: kept while away, today when they stop being active, null when active. */
export function nextAwaySince(before: InductionMemberState | null, after: Pick<InductionMemberState, "status">, today: string): string | null {
  if (after.status === "active") return null;
  if (before && before.status !== "active") return before.awaySince;
  return today;
}

/**
 * The unit responsible for a level, from the member's unit path (`/area/team/station/`): the
 * ancestor at that depth (1 area, 2 team, 3 station), or the member's own unit when the tree is
 * shallower there (a member placed directly in a team has their team level and station level there).
 */
export function levelUnitId(memberPath: string, level: InductionLevel): number {
  const ids = memberPath.split("/").filter(Boolean).map(Number);
  return ids[Math.min(level, ids.length) - 1]!;
}
