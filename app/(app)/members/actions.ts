"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { resetAccount, setDisabled, setRoles } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { memberInput } from "@/lib/members/input";
import { createMember, updateMember } from "@/lib/members/members";
import { translateCode, type MessageKey } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";

export interface FormState {
  error?: string;
  ok?: string;
  fields?: Record<string, string>;
  /** What was typed, sent back with an error so the form shows it again after React resets it. */
  values?: Record<string, string>;
}

function typed(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$")) out[k] = v.slice(0, 200);
  return out;
}

const FIELD_ERROR: Record<string, MessageKey> = {
  employeeNo: "import.errors.badEmployeeNo",
  hiredOn: "import.errors.badDate",
};

export async function saveMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requirePermission("member.write");
  const t = await getT();
  const id = Number(form.get("id") || 0);
  const parsed = memberInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "");
      const value = String(form.get(name) ?? "");
      fields[name] ??= value.trim() === "" ? t("errors.required") : FIELD_ERROR[name] ? t(FIELD_ERROR[name], { value }) : t("errors.invalidInput");
    }
    return { error: t("errors.invalidInput"), fields, values: typed(form) };
  }
  const db = await getDb();
  const r = id ? await updateMember(db, user.userId, id, parsed.data) : await createMember(db, user.userId, parsed.data);
  if (!r.ok) return { error: translateCode(t, r.error, r.params), values: typed(form) };
  const memberId = id || (r.ok && r.value ? (r.value as { id: number }).id : 0);
  revalidatePath("/members");
  redirect(`/members/${memberId}?saved=1`);
}

const resetInput = z.object({ memberId: z.coerce.number().int().positive(), password: z.string().max(128) });

export async function resetAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requirePermission("account.manage");
  const t = await getT();
  const parsed = resetInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: t("errors.invalidInput") };
  const r = await resetAccount(await getDb(), user.userId, parsed.data.memberId, parsed.data.password);
  if (!r.ok) return { error: translateCode(t, r.error) };
  revalidatePath(`/members/${parsed.data.memberId}`);
  return { ok: t("members.accountReset") };
}

const grantsInput = z.object({
  memberId: z.coerce.number().int().positive(),
  userId: z.coerce.number().int().positive(),
  grants: z
    .array(z.object({ role: z.enum(ROLES), scopeOrgUnitId: z.number().int().positive().nullable() }))
    .max(20),
});

export async function setRolesAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requirePermission("account.manage");
  const t = await getT();
  const grants = ROLES.filter((r) => form.get(`role.${r}`) === "on").map((role) => {
    const scope = String(form.get(`scope.${role}`) ?? "");
    return { role, scopeOrgUnitId: scope ? Number(scope) : null };
  });
  const parsed = grantsInput.safeParse({ memberId: form.get("memberId"), userId: form.get("userId"), grants });
  if (!parsed.success) return { error: t("errors.invalidInput") };
  const r = await setRoles(await getDb(), user.userId, parsed.data.userId, parsed.data.grants);
  if (!r.ok) return { error: t(r.error) };
  revalidatePath(`/members/${parsed.data.memberId}`);
  return { ok: t("members.rolesSaved") };
}

export async function setDisabledAction(form: FormData): Promise<void> {
  const user = await requirePermission("account.manage");
  const parsed = z.object({ memberId: z.coerce.number().int().positive(), userId: z.coerce.number().int().positive(), disabled: z.enum(["true", "false"]) }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return;
  await setDisabled(await getDb(), user.userId, parsed.data.userId, parsed.data.disabled === "true");
  revalidatePath(`/members/${parsed.data.memberId}`);
}
