"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { cancelEnrolment, checkIn, enrol } from "@/lib/classes";
import { formatDateTime, translateCode } from "@/lib/i18n";
import { getLocale, getT } from "@/app/_lib/i18n";

const id = z.coerce.number().int().positive();

/** Enrols the signed-in worker (a place or the wait-list); a plain form post. */
export async function enrolAction(form: FormData) {
  const user = await requirePermission("self.learn");
  const classId = id.safeParse(form.get("classId"));
  if (!classId.success) redirect("/classes");
  const r = await enrol(await getDb(), { classId: classId.data, memberId: user.memberId });
  revalidatePath("/classes");
  if (!r.ok) redirect(`/classes?error=${encodeURIComponent(r.code)}#c${classId.data}`);
  const done = r.value.already
    ? r.value.status === "enrolled" ? "classes.list.alreadyEnrolled" : "classes.list.alreadyWaitlisted"
    : r.value.status === "enrolled" ? "classes.list.enrolledOk" : "classes.list.waitlistedOk";
  redirect(`/classes?done=${done}&position=${r.value.position ?? ""}#c${classId.data}`);
}

export async function cancelAction(form: FormData) {
  const user = await requirePermission("self.learn");
  const classId = id.safeParse(form.get("classId"));
  if (!classId.success) redirect("/classes");
  const r = await cancelEnrolment(await getDb(), { classId: classId.data, memberId: user.memberId });
  revalidatePath("/classes");
  if (!r.ok) redirect(`/classes?error=${encodeURIComponent(r.code)}`);
  redirect(`/classes?done=classes.list.cancelledOk`);
}

export interface CheckinState {
  tone?: "success" | "error" | "info";
  message?: string;
  seq?: number;
}

const checkinInput = z.object({ code: z.string().max(40), sessionId: z.union([z.literal(""), z.coerce.number().int().positive()]) });

/** A worker checks in with the code typed or scanned. */
export async function checkInAction(prev: CheckinState, form: FormData): Promise<CheckinState> {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const locale = await getLocale();
  const seq = (prev.seq ?? 0) + 1;
  const parsed = checkinInput.safeParse({ code: form.get("code") ?? "", sessionId: form.get("sessionId") ?? "" });
  if (!parsed.success) return { tone: "error", message: t("classes.errors.badCodeFormat"), seq };
  const r = await checkIn(await getDb(), { memberId: user.memberId, code: parsed.data.code, sessionId: parsed.data.sessionId || null });
  if (!r.ok) return { tone: "error", message: translateCode(t, r.code, r.params), seq };
  revalidatePath("/classes");
  const params = { title: r.value.classTitle, time: formatDateTime(r.value.checkedInAt, locale) };
  return r.value.already ? { tone: "info", message: t("classes.checkin.already", params), seq } : { tone: "success", message: t("classes.checkin.success", params), seq };
}
