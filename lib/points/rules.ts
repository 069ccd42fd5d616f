/** 学分: the kinds of record that earn points, and the points each earns until an admin says otherwise. Pure. */

export const POINT_KINDS = [
  "lesson_completed",
  "course_completed",
  "quiz_passed",
  "attendance",
  "signoff",
  "contest_award_bureau",
  "contest_award_plant",
  "contest_award_area",
] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export const DEFAULT_POINTS: Record<PointKind, number> = {
  lesson_completed: 1,
  course_completed: 5,
  quiz_passed: 5,
  attendance: 2,
  signoff: 10,
  contest_award_bureau: 30,
  contest_award_plant: 20,
  contest_award_area: 10,
};

export const MAX_RULE_POINTS = 1000;

function isPointKind(k: string): k is PointKind {
  return (POINT_KINDS as readonly string[]).includes(k);
}

/** Stored rules over the defaults; unknown kinds are ignored. */
export function effectiveRules(stored: { kind: string; points: number }[]): Record<PointKind, number> {
  const out = { ...DEFAULT_POINTS };
  for (const r of stored) if (isPointKind(r.kind)) out[r.kind] = r.points;
  return out;
}
