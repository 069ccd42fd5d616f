"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { saveAudience, saveOverride } from "@/lib/quiz/admin";
import { getT } from "@/app/_lib/i18n";
import { requireQuizChange } from "../../guard";

export interface PanelState {
  ok?: string;
  error?: string;
  fields?: Record<string, string>;
}

const ids = (form: FormData, name: string) => form.getAll(name).map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0);

export async function saveAudienceAction(_prev: PanelState, form: FormData): Promise<PanelState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const quizId = Number(form.get("quizId"));
  if (!Number.isInteger(quizId) || quizId <= 0) return { error: t("errors.invalidInput") };
  await requireQuizChange(quizId);
  const r = await saveAudience(await getDb(), user, quizId, { orgUnitIds: ids(form, "unit").slice(0, 500), jobIds: ids(form, "job").slice(0, 500) });
  if (!r.ok) return { error: translateCode(t, r.code, r.params) };
  revalidatePath(`/teach/quizzes/${quizId}`, "layout");
  return { ok: t("quizAdmin.audience.saved") };
}

const overrideInput = z.object({
  quizId: z.coerce.number().int().positive(),
  employeeNo: z.string().trim().min(1).max(32),
  extraMinutes: z.coerce.number().int().min(0).max(1440),
  extraAttempts: z.coerce.number().int().min(0).max(20),
});

export async function saveOverrideAction(_prev: PanelState, form: FormData): Promise<PanelState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const raw = Object.fromEntries(form);
  const parsed = overrideInput.safeParse({ ...raw, extraMinutes: raw.extraMinutes || "0", extraAttempts: raw.extraAttempts || "0" });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const k = String(issue.path[0]);
      fields[k] ??= k === "employeeNo" ? t("errors.required") : t("quizAdmin.form.errors.range", k === "extraMinutes" ? { min: 0, max: 1440 } : { min: 0, max: 20 });
    }
    return { error: t("errors.invalidInput"), fields };
  }
  const { quizId, employeeNo, extraMinutes, extraAttempts } = parsed.data;
  await requireQuizChange(quizId);
  const r = await saveOverride(await getDb(), user, quizId, { employeeNo, extraTimeS: extraMinutes * 60, extraAttempts });
  if (!r.ok) return { error: translateCode(t, r.code, r.params) };
  revalidatePath(`/teach/quizzes/${quizId}/audience`);
  return { ok: extraMinutes === 0 && extraAttempts === 0 ? t("quizAdmin.overrides.removed", { name: r.value.name }) : t("quizAdmin.overrides.saved", { name: r.value.name }) };
}

/** The list's remove button: the same as saving zeros. */
export async function removeOverrideAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const parsed = overrideInput.safeParse({ ...Object.fromEntries(form), extraMinutes: "0", extraAttempts: "0" });
  if (!parsed.success) return;
  await requireQuizChange(parsed.data.quizId);
  await saveOverride(await getDb(), user, parsed.data.quizId, { employeeNo: parsed.data.employeeNo, extraTimeS: 0, extraAttempts: 0 });
  revalidatePath(`/teach/quizzes/${parsed.data.quizId}/audience`);
}
