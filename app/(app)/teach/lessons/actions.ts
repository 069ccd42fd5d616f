"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { createLesson, lessonInput, setLessonStatus, updateLesson, CONTENT_STATUSES } from "@/lib/video";

export interface LessonFormState {
  error?: string;
  fields?: Record<string, string>;
}

function read(form: FormData) {
  return lessonInput.safeParse({
    title: form.get("title") ?? "",
    description: form.get("description") ?? "",
    specialty: form.get("specialty") ?? "",
    requiredPercent: form.get("requiredPercent") || 90,
  });
}

function firstIssue(e: z.ZodError): string {
  const m = e.issues[0]?.message ?? "";
  return m.startsWith("video.") ? m : "errors.invalidInput";
}

export async function createLessonAction(form: FormData) {
  const user = await requirePermission("teach.manage");
  const parsed = read(form);
  if (!parsed.success) redirect(`/teach/lessons/new?error=${encodeURIComponent(firstIssue(parsed.error))}`);
  const id = await createLesson(await getDb(), user.userId, parsed.data);
  revalidatePath("/teach/lessons");
  redirect(`/teach/lessons/${id}?ok=created`);
}

export async function updateLessonAction(form: FormData) {
  await requirePermission("teach.manage");
  const id = Number(form.get("id"));
  if (!Number.isInteger(id) || id <= 0) redirect("/teach/lessons");
  const parsed = read(form);
  if (!parsed.success) redirect(`/teach/lessons/${id}?error=${encodeURIComponent(firstIssue(parsed.error))}`);
  const r = await updateLesson(await getDb(), id, parsed.data);
  if (!r.ok) redirect(`/teach/lessons/${id}?error=${encodeURIComponent(r.code)}`);
  revalidatePath(`/teach/lessons/${id}`);
  redirect(`/teach/lessons/${id}?ok=saved`);
}

export async function lessonStatusAction(form: FormData) {
  await requirePermission("teach.manage");
  const id = Number(form.get("id"));
  const status = z.enum(CONTENT_STATUSES).safeParse(form.get("status"));
  if (!Number.isInteger(id) || id <= 0 || !status.success) redirect("/teach/lessons");
  const r = await setLessonStatus(await getDb(), id, status.data);
  if (!r.ok) redirect(`/teach/lessons/${id}?error=${encodeURIComponent(r.code)}`);
  revalidatePath("/teach/lessons");
  redirect(`/teach/lessons/${id}?ok=saved`);
}
