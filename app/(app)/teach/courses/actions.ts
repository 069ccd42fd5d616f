"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { normaliseEmployeeNo } from "@/lib/auth/accounts";
import { scopeOf } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { listOrgTree } from "@/lib/org/units";
import { assignCourse, courseInput, courseItemInput, createCourse, membersByEmployeeNo, setCourseAudience, setCourseItems, setCourseStatus, updateCourse, CONTENT_STATUSES } from "@/lib/video";

const back = (id: number, q: Record<string, string>) => `/teach/courses/${id}?${new URLSearchParams(q)}`;

function readCourse(form: FormData) {
  return courseInput.safeParse({ title: form.get("title") ?? "", specialty: form.get("specialty") ?? "", description: form.get("description") ?? "" });
}

function idOf(form: FormData): number {
  const id = Number(form.get("id"));
  if (!Number.isInteger(id) || id <= 0) redirect("/teach/courses");
  return id;
}

export async function createCourseAction(form: FormData) {
  const user = await requirePermission("teach.manage");
  const parsed = readCourse(form);
  if (!parsed.success) redirect(`/teach/courses/new?error=${encodeURIComponent(parsed.error.issues[0]?.message.startsWith("video.") ? parsed.error.issues[0].message : "errors.invalidInput")}`);
  const id = await createCourse(await getDb(), user.userId, parsed.data);
  revalidatePath("/teach/courses");
  redirect(back(id, { ok: "created" }));
}

export async function updateCourseAction(form: FormData) {
  await requirePermission("teach.manage");
  const id = idOf(form);
  const parsed = readCourse(form);
  if (!parsed.success) redirect(back(id, { error: "video.errors.titleRequired" }));
  const r = await updateCourse(await getDb(), id, parsed.data);
  if (!r.ok) redirect(back(id, { error: r.code }));
  revalidatePath(`/teach/courses/${id}`);
  redirect(back(id, { ok: "saved" }));
}

const itemsJson = z.array(courseItemInput).max(200);

export async function saveItemsAction(form: FormData) {
  await requirePermission("teach.manage");
  const id = idOf(form);
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get("items") ?? "[]"));
  } catch {
    redirect(back(id, { error: "errors.invalidInput" }));
  }
  const parsed = itemsJson.safeParse(raw);
  if (!parsed.success) redirect(back(id, { error: "errors.invalidInput" }));
  const r = await setCourseItems(await getDb(), id, parsed.data);
  if (!r.ok) redirect(back(id, { error: r.code, ...(r.params ? { row: String(r.params.row ?? "") } : {}) }));
  revalidatePath(`/teach/courses/${id}`);
  redirect(back(id, { ok: "saved" }));
}

const ids = (form: FormData, name: string) => form.getAll(name).map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0);

export async function saveAudienceAction(form: FormData) {
  const user = await requirePermission("teach.manage");
  const id = idOf(form);
  const db = await getDb();
  // Only units inside the trainer's own scope can be chosen.
  const inScope = new Set((await listOrgTree(db, scopeOf(user, "teach.manage"))).map((u) => u.id));
  const r = await setCourseAudience(db, id, { orgUnitIds: ids(form, "unit").filter((u) => inScope.has(u)), jobIds: ids(form, "job") });
  if (!r.ok) redirect(back(id, { error: r.code }));
  revalidatePath(`/teach/courses/${id}`);
  redirect(back(id, { ok: "saved" }));
}

export async function assignAction(form: FormData) {
  const user = await requirePermission("teach.manage");
  const id = idOf(form);
  const db = await getDb();
  const nos = String(form.get("employeeNos") ?? "")
    .split(/[\s,，、;；]+/)
    .map(normaliseEmployeeNo)
    .filter(Boolean);
  const found = await membersByEmployeeNo(db, nos);
  const r = await assignCourse(db, { courseId: id, memberIds: found.ids, assignedBy: user.userId, scope: scopeOf(user, "teach.manage") });
  if (!r.ok) redirect(back(id, { error: r.code }));
  revalidatePath(`/teach/courses/${id}`);
  redirect(back(id, { assigned: String(r.value.added), skipped: String(r.value.skipped), unknown: found.unknown.slice(0, 20).join(",") }));
}

export async function courseStatusAction(form: FormData) {
  await requirePermission("teach.manage");
  const id = idOf(form);
  const status = z.enum(CONTENT_STATUSES).safeParse(form.get("status"));
  if (!status.success) redirect(back(id, { error: "errors.invalidInput" }));
  const r = await setCourseStatus(await getDb(), id, status.data);
  if (!r.ok) redirect(back(id, { error: r.code }));
  revalidatePath("/teach/courses");
  redirect(back(id, { ok: "saved" }));
}
