import { z } from "zod";
import { addDays } from "@/lib/core/time";
import { requiredText } from "@/lib/core/text";

/**
 * 案例复训, the pure part: limits, the case's input, the due day, the status of an assignment and
 * its score. Days are calendar days in the site's zone (YYYY-MM-DD), handed in by the caller.
 */
export const TITLE_MAX = 100;
export const BODY_MAX = 5000;
export const PHOTOS_MAX = 6;
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const QUESTIONS_MAX = 5;
export const DUE_DAYS_MIN = 1;
export const DUE_DAYS_MAX = 90;
export const CREDIT_HOURS_DEFAULT = 0.5;
export const CREDIT_HOURS_MAX = 200;

const id = (message: string) => z.coerce.number({ message }).int(message).positive(message).max(2_147_483_647, message);

export const caseInput = z.object({
  title: requiredText(TITLE_MAX),
  body: requiredText(BODY_MAX),
  jobId: id("cases.errors.job"),
  orgUnitId: id("cases.errors.unit"),
  /** Empty: the case concerns no one piece of equipment. */
  equipmentId: z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), id("cases.errors.equipment").nullable()),
  dueDays: z.coerce
    .number({ message: "cases.errors.dueDays" })
    .int("cases.errors.dueDays")
    .min(DUE_DAYS_MIN, "cases.errors.dueDays")
    .max(DUE_DAYS_MAX, "cases.errors.dueDays"),
  /** 学时 (safety) each member is credited on completing the case; empty: 0.5. */
  creditHours: z.preprocess(
    (v) => (v === undefined || v === "" ? CREDIT_HOURS_DEFAULT : v),
    z.coerce
      .number({ message: "cases.errors.creditHours" })
      .refine((h) => Number.isFinite(h) && Math.abs(h * 100 - Math.round(h * 100)) < 1e-6, "cases.errors.creditHours")
      .refine((h) => h >= 0 && h <= CREDIT_HOURS_MAX, "cases.errors.creditHours"),
  ),
  questionIds: z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(id("cases.errors.questions"))
      .min(1, "cases.errors.questions")
      .max(QUESTIONS_MAX, "cases.errors.questions")
      .refine((a) => new Set(a).size === a.length, "cases.errors.questions"),
  ),
});

/** The last day to finish a case published on `publishedOn` with `dueDays` days. */
export function dueOn(publishedOn: string, dueDays: number): string {
  return addDays(publishedOn, dueDays);
}

export type AssignmentStatus = "new" | "acknowledged" | "completed" | "overdue";

/**
 * Where an assignment stands on `today`: completed (whenever), overdue once the due day has
 * passed without completion (the due day itself is still in time), else acknowledged or new.
 */
export function assignmentStatus(a: { dueOn: string; acknowledgedAt: Date | null; completedAt: Date | null }, today: string): AssignmentStatus {
  if (a.completedAt) return "completed";
  if (today > a.dueOn) return "overdue";
  return a.acknowledgedAt ? "acknowledged" : "new";
}

/** The score of a completed case: the share of its questions answered right the first time, 0–100, 2 decimals. */
export function caseScore(rights: readonly boolean[]): number {
  if (!rights.length) return 0;
  return Math.round((rights.filter(Boolean).length / rights.length) * 10000) / 100;
}
