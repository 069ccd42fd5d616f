/**
 * 年度培训计划: the pure rules. A plan line's actual hours, completion and status from the 学时
 * ledger's entries of its audience, and the plan's roll-up per month and per unit. No database, no
 * clock: callers hand in the entries, the audience and today (lib/core/clock, the site's zone).
 */
import type { HourCategory } from "@/lib/hours/rules";
import { roundHours } from "@/lib/hours/rules";

export const PLAN_STATUSES = ["notStarted", "inProgress", "done", "overdue"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** What delivers a line: a course, a class or a quiz (the kinds of the ledger's `src`). */
export const DELIVERY_KINDS = ["course", "class", "quiz"] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export const MAX_PLAN_HOURS = 999;
export const MAX_TOPIC = 100;
export const MAX_NOTES = 500;
export const MAX_BUDGET = 100_000_000;

export interface PlanLineFacts {
  id: number;
  category: HourCategory;
  month: number;
  plannedHours: number;
  delivery: { kind: DeliveryKind; id: number } | null;
}

/** One credited ledger entry of a member in the plan's year (lib/hours/totals `evidence`, detail). */
export interface LedgerEntry {
  memberId: number;
  month: number;
  category: HourCategory;
  hours: number;
  /** lesson, class, course, task, quiz, external, equipment. */
  src: string;
  item: number | null;
}

/**
 * A member's completion of a delivering item in the plan's year, whether or not the item credits
 * hours: the course completed, the quiz passed, a session of the class attended.
 */
export interface DeliveryDone {
  memberId: number;
  kind: DeliveryKind;
  item: number;
}

export interface AudienceMember {
  memberId: number;
  /** The child unit of the plan's unit the member belongs to (the plan's unit itself when directly in it). */
  unitId: number;
}

export interface LineOutcome {
  lineId: number;
  audience: number;
  /** Audience members credited by the delivering item, or who met the planned hours in the planned month. */
  completed: number;
  /** completed / audience, 0–1; null when the audience is empty. */
  completion: number | null;
  actualHours: number;
  status: PlanStatus;
  /** Actual hours by month (index 0 = January). */
  actualByMonth: number[];
  /** Per unit: audience, completed, actual hours. */
  byUnit: Map<number, { audience: number; completed: number; actual: number }>;
}

/** The last day of a month, "YYYY-MM-DD". */
function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * A line's status on `today` ("YYYY-MM-DD", the site's zone): 已完成 when all of its audience are
 * done; 逾期 when its planned month has ended and not all are; 进行中 when some hours were credited
 * or someone is done; 未开始 otherwise. An empty audience is never done.
 */
export function lineStatus(l: { year: number; month: number; completion: number | null; actualHours: number }, today: string): PlanStatus {
  if (l.completion !== null && l.completion >= 1) return "done";
  if (today > lastDay(l.year, l.month)) return "overdue";
  if (l.actualHours > 0 || (l.completion ?? 0) > 0) return "inProgress";
  return "notStarted";
}

/** Whether an entry counts for a line: from its delivering item (any month of the year), else of its category in its month. */
export function entryCounts(line: PlanLineFacts, e: LedgerEntry): boolean {
  if (line.delivery) return e.src === line.delivery.kind && e.item === line.delivery.id;
  return e.category === line.category && e.month === line.month;
}

/**
 * A line's outcome from its audience, the ledger entries of those members in the plan's year, and
 * (for a delivered line) their completions of delivering items in that year.
 *
 * Who completed a line:
 * - delivered by a course, quiz or class: an audience member who completed the course, passed the
 *   quiz or attended a session of the class in the plan's year (`done`), or was credited hours by
 *   it then. For an item that credits hours the two are the same people (the credit is that
 *   completion); an item that credits no hours still completes its takers. Its actual hours stay
 *   the ledger's (0 for an item that credits none).
 * - not delivered: an audience member credited at least the planned hours of the line's category
 *   in its month.
 */
export function lineOutcome(
  line: PlanLineFacts,
  year: number,
  audience: readonly AudienceMember[],
  entries: readonly LedgerEntry[],
  today: string,
  done: readonly DeliveryDone[] = [],
): LineOutcome {
  const unitOf = new Map(audience.map((a) => [a.memberId, a.unitId]));
  const perMember = new Map<number, number>();
  const actualByMonth = Array.from({ length: 12 }, () => 0);
  const byUnit = new Map<number, { audience: number; completed: number; actual: number }>();
  const unitRow = (u: number) => {
    const found = byUnit.get(u);
    if (found) return found;
    const r = { audience: 0, completed: 0, actual: 0 };
    byUnit.set(u, r);
    return r;
  };
  for (const a of audience) unitRow(a.unitId).audience++;
  const credited = new Set<number>();
  let actual = 0;
  for (const e of entries) {
    const unit = unitOf.get(e.memberId);
    if (unit === undefined || !entryCounts(line, e)) continue;
    actual += e.hours;
    actualByMonth[e.month - 1] = (actualByMonth[e.month - 1] ?? 0) + e.hours;
    unitRow(unit).actual += e.hours;
    perMember.set(e.memberId, (perMember.get(e.memberId) ?? 0) + e.hours);
    if (line.delivery) credited.add(e.memberId);
  }
  const by = line.delivery;
  if (by) {
    for (const d of done) if (d.kind === by.kind && d.item === by.id && unitOf.has(d.memberId)) credited.add(d.memberId);
  } else {
    for (const [m, h] of perMember) if (roundHours(h) >= line.plannedHours) credited.add(m);
  }
  for (const m of credited) unitRow(unitOf.get(m) as number).completed++;
  for (const r of byUnit.values()) r.actual = roundHours(r.actual);
  const completion = audience.length ? credited.size / audience.length : null;
  const actualHours = roundHours(actual);
  return {
    lineId: line.id,
    audience: audience.length,
    completed: credited.size,
    completion,
    actualHours,
    status: lineStatus({ year, month: line.month, completion, actualHours }, today),
    actualByMonth: actualByMonth.map(roundHours),
    byUnit,
  };
}

export interface MonthRow {
  month: number;
  /** Planned person-hours: each line's hours × its audience, in its planned month. */
  planned: number;
  /** Credited hours counted for the lines, in the month they were credited. */
  actual: number;
  lines: number;
  budget: number;
}

/** The plan by month: 12 rows, January first. */
export function monthRollup(
  lines: readonly { month: number; plannedHours: number; budget: number; outcome: Pick<LineOutcome, "audience" | "actualByMonth"> }[],
): MonthRow[] {
  const rows: MonthRow[] = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, planned: 0, actual: 0, lines: 0, budget: 0 }));
  for (const l of lines) {
    const r = rows[l.month - 1];
    if (!r) continue;
    r.planned += l.plannedHours * l.outcome.audience;
    r.lines++;
    r.budget += l.budget;
    l.outcome.actualByMonth.forEach((h, i) => {
      const m = rows[i];
      if (m) m.actual += h;
    });
  }
  return rows.map((r) => ({ ...r, planned: roundHours(r.planned), actual: roundHours(r.actual), budget: roundHours(r.budget) }));
}

export interface UnitRow {
  unitId: number;
  /** Audience places over all lines (a member in two lines counts twice). */
  audience: number;
  completed: number;
  planned: number;
  actual: number;
  /** completed / audience; null when no line is for the unit. */
  completion: number | null;
}

/** The plan by unit (the child units of the plan's unit, and the unit itself for members directly in it), in `unitIds` order. */
export function unitRollup(unitIds: readonly number[], lines: readonly { plannedHours: number; outcome: Pick<LineOutcome, "byUnit"> }[]): UnitRow[] {
  return unitIds.map((unitId) => {
    let audience = 0;
    let completed = 0;
    let planned = 0;
    let actual = 0;
    for (const l of lines) {
      const r = l.outcome.byUnit.get(unitId);
      if (!r) continue;
      audience += r.audience;
      completed += r.completed;
      planned += r.audience * l.plannedHours;
      actual += r.actual;
    }
    return { unitId, audience, completed, planned: roundHours(planned), actual: roundHours(actual), completion: audience ? completed / audience : null };
  });
}

/** A share as a whole percent, rounded down (99.6 % is not 100 %). */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.floor(share * 100 + 1e-9);
}
