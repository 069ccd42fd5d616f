"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { setStationMinimum } from "@/lib/eligibility/admin";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";

export interface MinimumState {
  ok?: string;
  error?: string;
}

export async function setMinimumAction(_prev: MinimumState, form: FormData): Promise<MinimumState> {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const r = await setStationMinimum(await getDb(), user.userId, { orgUnitId: form.get("orgUnitId"), jobId: form.get("jobId"), minQualified: form.get("minQualified") });
  if (!r.ok) return { error: translateCode(t, r.code) };
  revalidatePath("/manage/coverage");
  return { ok: t("eligibility.coverage.saved") };
}
