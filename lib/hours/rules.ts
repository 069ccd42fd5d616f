/**
 * 学时: the pure rules of the training-hours ledger. Hours are credited from evidence the site
 * already keeps (lessons watched, sessions attended, courses completed, tasks signed off,
 * quizzes passed) and from external training entered by hand; each entry has a category and
 * points at its evidence. No database, no clock: callers hand in the year and the facts.
 */

export const HOUR_CATEGORIES = ["safety", "skills", "management", "other"] as const;
export type HourCategory = (typeof HOUR_CATEGORIES)[number];

/** Where an entry's hours come from. */
export const HOUR_SOURCES = ["lesson", "session", "course", "signoff", "quiz", "external", "equipment", "induction", "case"] as const;
export type HourSource = (typeof HOUR_SOURCES)[number];

/** Content that carries a trainer-set value (category and hours). */
export const CREDITED_KINDS = ["lesson", "class", "course", "task", "quiz"] as const;
export type CreditedKind = (typeof CREDITED_KINDS)[number];

/** Trainer-set hours are kept in hundredths of an hour: 0.01 h is 36 s. */
export const MAX_SET_HOURS = 200;
/** One external entry is one day's training at most. */
export const MAX_DAY_HOURS = 24;

export interface HourEntry {
  source: HourSource;
  /** The evidence: lesson id, session id, course id, sign-off id, quiz id, external entry id, equipment id. */
  refId: number;
  category: HourCategory;
  /** The day the hours count for, "YYYY-MM-DD" in the site's zone. */
  day: string;
  hours: number;
  title: string;
}

/** Hundredths of an hour, the precision the ledger keeps and shows. */
export function roundHours(h: number): number {
  return Math.round(h * 100) / 100;
}

/**
 * Seconds to hundredths of an hour, half up, as floor(s / 36 + 0.5) / 100: the same IEEE
 * operations as the SQL of the unit report (lib/hours/totals.ts), so both round alike even at
 * a half (3,618 s is 1.01 h in both; Math.round(3618 / 3600 * 100) would give 1.00).
 */
export function secondsToHours(s: number): number {
  return Math.floor(s / 36 + 0.5) / 100;
}

/**
 * A lesson credits what the member really watched (the union of the played intervals), never
 * more than the lesson's length, never its nominal length when only part was watched.
 */
export function lessonHours(watchedS: number, durationS: number | null): number {
  const w = Number.isFinite(watchedS) ? Math.max(0, watchedS) : 0;
  const capped = durationS !== null && Number.isFinite(durationS) && durationS > 0 ? Math.min(w, durationS) : w;
  return secondsToHours(capped);
}

/**
 * Micro-学时 of one scan of a piece of equipment on one day (一机一码): what was really played of
 * its clip, never more than the clip, and only once every question drawn for the day is answered
 * (watching alone, or answering alone, credits nothing). One row per member, equipment and day,
 * so one piece of equipment credits at most its clip's length (≤ 3 minutes) a day.
 */
export function equipmentHours(watchedS: number, clipS: number, answered: number, questions: number): number {
  if (answered < questions) return 0;
  return lessonHours(watchedS, clipS);
}

/** A class session credits its scheduled length to each member marked present; nothing if absent. */
export function sessionHours(startsAt: Date, endsAt: Date, attended: boolean): number {
  if (!attended) return 0;
  const ms = endsAt.getTime() - startsAt.getTime();
  return ms > 0 ? secondsToHours(ms / 1000) : 0;
}

/** The site's minimums (HSE settings). */
export interface HourMinimums {
  /** 岗前安全培训 of a newly hired worker, in the year they were hired. */
  newWorkerInitial: number;
  /** 每年再培训 of a worker in every later year. */
  workerAnnual: number;
  /** A manager's (主要负责人, 安全管理人员) initial training, in the year they took the role. */
  managerInitial: number;
  managerAnnual: number;
  /** The categories that count towards the minimum (safety training by default). */
  counted: HourCategory[];
}

/** High-hazard industries (oil and gas among them): 72 / 20, managers 48 / 16. */
export const HIGH_HAZARD_MINIMUMS: HourMinimums = {
  newWorkerInitial: 72,
  workerAnnual: 20,
  managerInitial: 48,
  managerAnnual: 16,
  counted: ["safety"],
};

/** Other industries: 24 / 8 (managers as in high-hazard ones, 32 / 12 is also common; set per site). */
export const OTHER_MINIMUMS: HourMinimums = {
  newWorkerInitial: 24,
  workerAnnual: 8,
  managerInitial: 32,
  managerAnnual: 12,
  counted: ["safety"],
};

export type MinimumKind = "newWorkerInitial" | "workerAnnual" | "managerInitial" | "managerAnnual";

export interface ApplicableMinimum {
  kind: MinimumKind;
  hours: number;
}

/**
 * The minimum that applies to a member for a year: the initial one in the year they were hired
 * (a new worker's pre-job training), the annual one in every other year. A manager is whoever
 * holds the manager role; their initial year is their hire year too (the role's start date is
 * not recorded).
 */
export function applicableMinimum(member: { hiredOn: string | null; manager: boolean }, year: number, m: HourMinimums): ApplicableMinimum {
  const hiredYear = member.hiredOn ? Number(member.hiredOn.slice(0, 4)) : null;
  const initial = hiredYear === year;
  if (member.manager) return initial ? { kind: "managerInitial", hours: m.managerInitial } : { kind: "managerAnnual", hours: m.managerAnnual };
  return initial ? { kind: "newWorkerInitial", hours: m.newWorkerInitial } : { kind: "workerAnnual", hours: m.workerAnnual };
}

export type CategoryHours = Record<HourCategory, number>;

export function emptyCategories(): CategoryHours {
  return { safety: 0, skills: 0, management: 0, other: 0 };
}

export interface HoursSummary {
  byCategory: CategoryHours;
  total: number;
  /** Hours of the counted categories. */
  counted: number;
  minimum: ApplicableMinimum;
  /** What is still missing to reach the minimum; 0 when met. */
  shortfall: number;
}

/** Sums a member's entries of one year by category and sets them against the minimum. */
export function summarise(
  entries: readonly Pick<HourEntry, "category" | "hours">[],
  minimum: ApplicableMinimum,
  counted: readonly HourCategory[],
): HoursSummary {
  const byCategory = emptyCategories();
  for (const e of entries) byCategory[e.category] += e.hours;
  for (const c of HOUR_CATEGORIES) byCategory[c] = roundHours(byCategory[c]);
  const total = roundHours(HOUR_CATEGORIES.reduce((s, c) => s + byCategory[c], 0));
  const countedHours = roundHours(counted.reduce((s, c) => s + byCategory[c], 0));
  return { byCategory, total, counted: countedHours, minimum, shortfall: shortfall(countedHours, minimum.hours) };
}

export function shortfall(hours: number, minimum: number): number {
  return Math.max(0, roundHours(minimum - hours));
}
