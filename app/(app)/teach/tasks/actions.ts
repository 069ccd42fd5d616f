"use server";

import { revalidatePath } from "next/cache";
import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { checkPhoto, savePhoto } from "@/lib/signoffs/photos";
import { checklistFromText, isVerifier, saveTask, setVerifiers, signOff, signoffInput, taskInput } from "@/lib/signoffs";
import { outcomeQuery } from "../../points/_shared/outcome";

const str = (f: FormData, k: string) => String(f.get(k) ?? "");

export async function saveTaskAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const id = Number(form.get("id") || 0) || null;
  const back = id ? `/teach/tasks/${id}` : "/teach/tasks";
  const parsed = taskInput.safeParse({
    code: str(form, "code"),
    title: str(form, "title"),
    specialty: str(form, "specialty"),
    description: str(form, "description"),
    checklist: checklistFromText(str(form, "checklist")),
    active: form.get("active") === "on",
  });
  if (!parsed.success) redirect(`${back}?${outcomeQuery({ code: parsed.error.issues[0]?.message.startsWith("methods.") ? parsed.error.issues[0].message : "errors.invalidInput" })}`);
  const r = await saveTask(await getDb(), user.userId, id, parsed.data);
  if (!r.ok) redirect(`${back}?${outcomeQuery(r)}`);
  revalidatePath("/teach/tasks");
  redirect(`/teach/tasks/${r.value.id}?saved=1`);
}

export async function setVerifiersAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const taskId = z.coerce.number().int().positive().parse(form.get("taskId"));
  const nos = str(form, "verifiers").split(/[\s,，、]+/).filter(Boolean);
  const r = await setVerifiers(await getDb(), user.userId, taskId, nos);
  if (!r.ok) redirect(`/teach/tasks/${taskId}?${outcomeQuery(r)}`);
  revalidatePath(`/teach/tasks/${taskId}`);
  redirect(`/teach/tasks/${taskId}?verifiers=${r.value.count}`);
}

/** The signed-in member signs off as verifier; the photo is checked before anything is stored. */
export async function signOffAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const db = await getDb();
  const parsed = signoffInput.safeParse({
    taskId: form.get("taskId"),
    employeeNo: str(form, "employeeNo"),
    signedOn: str(form, "signedOn"),
    note: str(form, "note"),
    checked: form.getAll("check").length,
  });
  if (!parsed.success) {
    const taskId = Number(form.get("taskId")) || 0;
    const msg = parsed.error.issues[0]?.message ?? "";
    redirect(`/teach/tasks/${taskId}?${outcomeQuery({ code: msg.startsWith("methods.") ? msg : "errors.invalidInput" })}`);
  }
  const back = `/teach/tasks/${parsed.data.taskId}`;
  if (!can(user, "teach.manage") && !(await isVerifier(db, parsed.data.taskId, user.memberId))) forbidden();
  let photoKey: string | null = null;
  const photo = form.get("photo");
  if (photo instanceof File && photo.size > 0) {
    const bytes = new Uint8Array(await photo.arrayBuffer());
    const check = checkPhoto(bytes);
    if (!check.ok) redirect(`${back}?${outcomeQuery(check)}`);
    photoKey = await savePhoto(bytes);
  }
  const r = await signOff(db, { userId: user.userId, memberId: user.memberId }, { ...parsed.data, photoKey });
  if (!r.ok) redirect(`${back}?${outcomeQuery(r)}`);
  revalidatePath(back);
  revalidatePath(`/members/${r.value.memberId}`);
  redirect(`${back}?signed=${r.value.memberId}`);
}
