/**
 * The site's defaults for an induction level when it opens (三级安全教育设置): the required 学时
 * and the content of each level. Whole-area admins (`hours.rules` with no scope) only; audited
 * with what it replaced. A level already open keeps the hours and content it was opened with.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { inductionSettings } from "@/db/schema";
import { holdsEverywhere } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { fail, forbidden, type MessageKey, ok, type Result } from "@/lib/core/result";
import { DEFAULT_REQUIRED_HOURS, type InductionLevel, MAX_LEVEL_CONTENT, MAX_LEVEL_HOURS } from "./rules";

export interface LevelDefault {
  hours: number;
  /** Empty: the standard wording of the level (lib/i18n `induction.defaultContent`). */
  content: string;
}
export type InductionDefaults = Record<InductionLevel, LevelDefault>;

/** The defaults a level opens with: the settings row, else 24 h each and the standard wording. */
export async function inductionDefaults(db: Db): Promise<InductionDefaults> {
  const [r] = await db.select().from(inductionSettings).where(eq(inductionSettings.id, 1));
  if (!r)
    return {
      1: { hours: DEFAULT_REQUIRED_HOURS[1], content: "" },
      2: { hours: DEFAULT_REQUIRED_HOURS[2], content: "" },
      3: { hours: DEFAULT_REQUIRED_HOURS[3], content: "" },
    };
  return {
    1: { hours: Number(r.hours1), content: r.content1 },
    2: { hours: Number(r.hours2), content: r.content2 },
    3: { hours: Number(r.hours3), content: r.content3 },
  };
}

const hoursField = z.coerce
  .number({ message: "induction.errors.settingsHours" })
  .refine((h) => Number.isFinite(h) && Math.abs(h * 100 - Math.round(h * 100)) < 1e-6, "induction.errors.settingsHours")
  .refine((h) => h > 0 && h <= MAX_LEVEL_HOURS, "induction.errors.settingsHours");
const contentField = z.string({ message: "induction.errors.contentTooLong" }).trim().max(MAX_LEVEL_CONTENT, "induction.errors.contentTooLong").default("");

export const defaultsInput = z.object({
  hours1: hoursField,
  hours2: hoursField,
  hours3: hoursField,
  content1: contentField,
  content2: contentField,
  content3: contentField,
});

/** Sets the defaults; levels opened from now on take them. */
export async function setInductionDefaults(db: Db, actor: Principal, input: unknown): Promise<Result<InductionDefaults>> {
  if (!holdsEverywhere(actor, "hours.rules")) return forbidden();
  const parsed = defaultsInput.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as MessageKey) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data;
  return db.transaction(async (tx) => {
    const before = await inductionDefaults(tx);
    const row = { ...v, updatedBy: actor.userId || null, updatedAt: clock.now() };
    await tx
      .insert(inductionSettings)
      .values({ id: 1, ...row })
      .onConflictDoUpdate({ target: inductionSettings.id, set: row });
    const after: InductionDefaults = {
      1: { hours: v.hours1, content: v.content1 },
      2: { hours: v.hours2, content: v.content2 },
      3: { hours: v.hours3, content: v.content3 },
    };
    await audit(tx, { actorUserId: actor.userId || null, action: "induction.settings", entity: "induction_settings", entityId: 1, before, after });
    return ok(after);
  });
}
