"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { addRequirement, createJob, deleteRequirement, setJobActive } from "@/lib/eligibility/admin";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";

export interface FormState {
  ok?: string;
  error?: string;
}

export async function addRequirementAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const r = await addRequirement(await getDb(), user.userId, Object.fromEntries(form));
  if (!r.ok) return { error: (r.codes ?? [r.code]).map((c) => translateCode(t, c)).join(" ") };
  revalidatePath("/system/jobs");
  return { ok: t("eligibility.jobs.added") };
}

export async function createJobAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const r = await createJob(await getDb(), user.userId, Object.fromEntries(form));
  if (!r.ok) return { error: translateCode(t, r.code) };
  revalidatePath("/system/jobs");
  return { ok: t("eligibility.jobs.created") };
}

export async function deleteRequirementAction(form: FormData): Promise<void> {
  const user = await requirePermission("jobs.write");
  await deleteRequirement(await getDb(), user.userId, Number(form.get("id")));
  revalidatePath("/system/jobs");
}

export async function setJobActiveAction(form: FormData): Promise<void> {
  const user = await requirePermission("jobs.write");
  await setJobActive(await getDb(), user.userId, Number(form.get("id")), form.get("active") === "true");
  revalidatePath("/system/jobs");
}
