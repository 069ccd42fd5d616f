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
  "daily_practice",
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
  daily_practice: 1,
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

export interface TeamPoints {
  unitId: number;
  name: string;
  members: number;
  points: number;
}

/**
 * Teams ranked by points per member, standard competition ranking (1, 2, 2, 4) on the exact
 * ratio, never on a rounded one: 2 points over 60 members (0.03) rank above 0 points even when
 * both would show as 0.0. Ratios are compared by cross-multiplying the integers, so equal
 * ratios tie exactly (3/30 and 1/10). A team without members counts as 0 per member. The
 * shown `perMember` is rounded to 2 decimals.
 */
export function rankTeams<T extends TeamPoints>(teams: T[]): (T & { rank: number; perMember: number })[] {
  const num = (t: TeamPoints) => (t.members > 0 ? t.points : 0);
  const den = (t: TeamPoints) => (t.members > 0 ? t.members : 1);
  const cmp = (a: TeamPoints, b: TeamPoints) => num(b) * den(a) - num(a) * den(b);
  const sorted = [...teams].sort((a, b) => cmp(a, b) || b.points - a.points || a.name.localeCompare(b.name, "zh-CN"));
  let rank = 0;
  return sorted.map((t, i) => {
    const prev = sorted[i - 1];
    if (!prev || cmp(prev, t) !== 0) rank = i + 1;
    return { ...t, rank, perMember: Math.round((num(t) / den(t)) * 100) / 100 };
  });
}
