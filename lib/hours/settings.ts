/**
 * The site's 学时 minimums as the HSE department sets them (学时设置): the initial and annual
 * minimum of workers and of managers, and the categories that count towards them. Whole-area
 * admins (`hours.rules` with no scope) only; every change is audited with what it replaced.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { hoursSettings } from "@/db/schema";
import { holdsEverywhere } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { fail, forbidden, ok, type Result } from "@/lib/core/result";
import { minimums } from "./ledger";
import { HOUR_CATEGORIES, MAX_SET_HOURS, type HourMinimums } from "./rules";

const minimumField = z.coerce
  .number({ message: "hours.errors.badHours" })
  .refine((h) => Number.isFinite(h) && Math.abs(h * 100 - Math.round(h * 100)) < 1e-6, "hours.errors.badHours")
  .refine((h) => h >= 0 && h <= MAX_SET_HOURS, "hours.errors.setHours");

export const minimumsInput = z
  .object({
    newWorkerInitial: minimumField,
    workerAnnual: minimumField,
    managerInitial: minimumField,
    managerAnnual: minimumField,
    counted: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z
        .array(z.enum(HOUR_CATEGORIES, { message: "hours.errors.badCategory" }))
        .min(1, "hours.rules.noneCounted")
        .max(HOUR_CATEGORIES.length),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.newWorkerInitial < v.workerAnnual) ctx.addIssue({ code: "custom", path: ["newWorkerInitial"], message: "hours.rules.initialBelowAnnual" });
    if (v.managerInitial < v.managerAnnual) ctx.addIssue({ code: "custom", path: ["managerInitial"], message: "hours.rules.initialBelowAnnual" });
  });

/** Sets the minimums; the report, the roster and the profile use them from the next read. */
export async function setMinimums(db: Db, actor: Principal, input: unknown): Promise<Result<HourMinimums>> {
  if (!holdsEverywhere(actor, "hours.rules")) return forbidden();
  const parsed = minimumsInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as never) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data;
  const counted = HOUR_CATEGORIES.filter((c) => v.counted.includes(c));
  const after: HourMinimums = { ...v, counted };
  return db.transaction(async (tx) => {
    const before = await minimums(tx);
    const row = { ...after, updatedBy: actor.userId || null, updatedAt: clock.now() };
    await tx
      .insert(hoursSettings)
      .values({ id: 1, ...row })
      .onConflictDoUpdate({ target: hoursSettings.id, set: row });
    await audit(tx, { actorUserId: actor.userId || null, action: "hours.rules", entity: "hours_settings", entityId: 1, before, after });
    return ok(after);
  });
}
