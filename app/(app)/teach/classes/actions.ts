"use server";

import { revalidatePath } from "next/cache";
import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import {
  addSession,
  closeCheckin,
  createClass,
  markAttendance,
  openCheckin,
  removeSession,
  updateSession,
  setClassAudience,
  setClassStatus,
  updateClass,
} from "@/lib/classes";
import { canCreateClass } from "@/lib/classes/access";
import { parseClassForm, parseSessionForm } from "@/lib/classes/input";
import { cancelOther, enrolOther } from "@/lib/classes/manage";
import { translateCode, type MessageKey } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";
import { timeZone } from "@/lib/core/clock";

/**
 * The instructor's and trainer's actions. Who may act is decided in lib/classes by ownership
 * (the class's instructor) or the trainer role, not by a role check here: a technician who is
 * only a worker runs their own class.
 */

const id = z.coerce.number().int().positive();
const str = (form: FormData) => (name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : null;
};

export interface ClassFormState {
  error?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
  seq?: number;
}

export async function saveClassAction(prev: ClassFormState, form: FormData): Promise<ClassFormState> {
  const user = await requireUser();
  const t = await getT();
  const db = await getDb();
  const classId = Number(form.get("id") || 0);
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const seq = (prev.seq ?? 0) + 1;
  const parsed = parseClassForm(str(form));
  if (!parsed.ok) {
    const fields = Object.fromEntries(Object.entries(parsed.errors).map(([k, code]) => [k, t(code as MessageKey)]));
    return { error: t("errors.invalidInput"), fields, values, seq };
  }
  if (classId) {
    const r = await updateClass(db, user, classId, parsed.value);
    if (!r.ok) return { error: translateCode(t, r.code, r.params), values, seq };
    revalidatePath(`/teach/classes/${classId}`);
    redirect(`/teach/classes/${classId}?done=${r.value.promoted.length ? "promoted" : "saved"}&n=${r.value.promoted.length}`);
  }
  if (!(await canCreateClass(db, user))) return { error: t("classes.errors.cannotCreate"), values, seq };
  const r = await createClass(db, user, parsed.value);
  if (!r.ok) return { error: translateCode(t, r.code, r.params), values, seq };
  revalidatePath("/teach/classes");
  redirect(`/teach/classes/${r.value.id}?done=created`);
}

function back(classId: number, q: string): never {
  revalidatePath(`/teach/classes/${classId}`);
  redirect(`/teach/classes/${classId}?${q}`);
}
const failed = (r: { code: string; params?: Record<string, string | number> }) =>
  `error=${encodeURIComponent(r.code)}${r.params ? `&p=${encodeURIComponent(JSON.stringify(r.params))}` : ""}`;

export async function classStatusAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const status = z.enum(["draft", "published", "closed"]).parse(form.get("status"));
  const r = await setClassStatus(await getDb(), user, classId, status);
  back(classId, r.ok ? "done=saved" : failed(r));
}

export async function addSessionAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const parsed = parseSessionForm(str(form), timeZone());
  if (!parsed.ok) back(classId, `error=${encodeURIComponent(Object.values(parsed.errors)[0] ?? "errors.invalidInput")}#sessions`);
  const r = await addSession(await getDb(), user, classId, parsed.value);
  back(classId, r.ok ? "done=saved#sessions" : failed(r));
}

export async function updateSessionAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const parsed = parseSessionForm(str(form), timeZone());
  if (!parsed.ok) back(classId, `error=${encodeURIComponent(Object.values(parsed.errors)[0] ?? "errors.invalidInput")}#sessions`);
  const r = await updateSession(await getDb(), user, id.parse(form.get("sessionId")), parsed.value);
  back(classId, r.ok ? "done=saved#sessions" : failed(r));
}

export async function removeSessionAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const r = await removeSession(await getDb(), user, id.parse(form.get("sessionId")));
  back(classId, r.ok ? "done=saved#sessions" : failed(r));
}

export async function audienceAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const ids = (name: string) => form.getAll(name).map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0);
  const r = await setClassAudience(await getDb(), user, classId, { orgUnitIds: ids("unit"), jobIds: ids("job") });
  back(classId, r.ok ? "done=saved#audience" : failed(r));
}

export async function enrolOtherAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const employeeNo = z.string().trim().min(1).max(20).safeParse(form.get("employeeNo"));
  if (!employeeNo.success) back(classId, "error=errors.required#enrolments");
  const r = await enrolOther(await getDb(), user, { classId, employeeNo: employeeNo.data });
  if (!r.ok) back(classId, `${failed(r)}#enrolments`);
  back(classId, `done=enrolled&name=${encodeURIComponent(r.value.name)}&status=${r.value.status}#enrolments`);
}

export async function cancelOtherAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const r = await cancelOther(await getDb(), user, { classId, memberId: id.parse(form.get("memberId")) });
  if (!r.ok) back(classId, `${failed(r)}#enrolments`);
  back(classId, `done=${r.value.promoted.length ? "promoted" : "saved"}&n=${r.value.promoted.length}#enrolments`);
}

export async function attendanceAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const r = await markAttendance(await getDb(), user, { sessionId: id.parse(form.get("sessionId")), memberId: id.parse(form.get("memberId")), present: form.get("present") === "1" });
  back(classId, r.ok ? "#enrolments" : `${failed(r)}#enrolments`);
}

export async function checkinAction(form: FormData) {
  const user = await requireUser();
  const classId = id.parse(form.get("classId"));
  const sessionId = id.parse(form.get("sessionId"));
  const open = form.get("open") === "1";
  const db = await getDb();
  const r = open ? await openCheckin(db, user, sessionId) : await closeCheckin(db, user, sessionId);
  if (!r.ok) {
    if (r.code === "classes.errors.notYours") forbidden();
    redirect(`/teach/classes/${classId}/sessions/${sessionId}?${failed(r)}`);
  }
  revalidatePath(`/teach/classes/${classId}`);
  redirect(`/teach/classes/${classId}/sessions/${sessionId}`);
}
