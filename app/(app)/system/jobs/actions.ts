"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { addRequirement, createJob, deleteRequirement, setJobActive } from "@/lib/eligibility/admin";
import { warmRosterCache } from "@/lib/eligibility/service";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";

/** A change to jobs or requirements recomputes the roster cache once the answer has gone out. */
async function warmLater(): Promise<void> {
  const db = await getDb();
  after(() => warmRosterCache(db).catch((err) => console.error("roster cache refresh failed", err)));
}

export interface FormState {
  ok?: string;
  error?: string;
}

export async function addRequirementAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requirePermission("jobs.write");
  const t = await getT();
  const r = await addRequirement(await getDb(), user.userId, Object.fromEntries(form));
  if (!r.ok) return { error: (r.codes ?? [r.code]).map((c) => translateCode(t, c)).join(" ") };
  await warmLater();
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
  await warmLater();
  revalidatePath("/system/jobs");
}

export async function setJobActiveAction(form: FormData): Promise<void> {
  const user = await requirePermission("jobs.write");
  await setJobActive(await getDb(), user.userId, Number(form.get("id")), form.get("active") === "true");
  await warmLater();
  revalidatePath("/system/jobs");
}
