"use server";

import { revalidatePath } from "next/cache";
import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { addGoal, createPair, endPair, getPair, goalInput, pairInput, setCapacity, setGoalDone } from "@/lib/mentors";
import { outcomeQuery } from "../points/_shared/outcome";

const str = (f: FormData, k: string) => String(f.get(k) ?? "");

export async function createPairAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const parsed = pairInput.safeParse({ mentorNo: str(form, "mentorNo"), apprenticeNo: str(form, "apprenticeNo"), startsOn: str(form, "startsOn"), endsOn: str(form, "endsOn") || null, note: str(form, "note") });
  if (!parsed.success) redirect(`/mentors?${outcomeQuery({ code: parsed.error.issues[0]?.message.startsWith("methods.") ? parsed.error.issues[0].message : "errors.invalidInput" })}`);
  const r = await createPair(await getDb(), user.userId, parsed.data, { inScope: (path) => can(user, "teach.manage", path) });
  if (!r.ok) redirect(`/mentors?${outcomeQuery(r)}`);
  revalidatePath("/mentors");
  redirect(`/mentors?created=1`);
}

export async function setCapacityAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const r = await setCapacity(await getDb(), user.userId, str(form, "employeeNo"), Number(str(form, "capacity")));
  if (!r.ok) redirect(`/mentors?${outcomeQuery(r)}`);
  revalidatePath("/mentors");
  redirect(`/mentors?capacity=1`);
}

/** The pair's mentor or a trainer over the apprentice may change it. */
async function pairFor(id: number) {
  const user = await requireUser();
  const db = await getDb();
  const pair = await getPair(db, id);
  if (!pair) redirect("/mentors");
  if (pair.mentorId !== user.memberId && !can(user, "teach.manage", pair.apprenticePath)) forbidden();
  return { user, db, pair };
}

export async function endPairAction(form: FormData): Promise<void> {
  const id = z.coerce.number().int().positive().parse(form.get("id"));
  const { user, db } = await pairFor(id);
  if (!can(user, "teach.manage")) forbidden();
  const r = await endPair(db, user.userId, id, str(form, "endsOn"));
  if (!r.ok) redirect(`/mentors/${id}?${outcomeQuery(r)}`);
  revalidatePath(`/mentors/${id}`);
  redirect(`/mentors/${id}`);
}

export async function addGoalAction(form: FormData): Promise<void> {
  const id = z.coerce.number().int().positive().parse(form.get("mentorshipId"));
  const { user, db } = await pairFor(id);
  const parsed = goalInput.safeParse({ mentorshipId: id, quarter: str(form, "quarter"), goal: str(form, "goal") });
  if (!parsed.success) redirect(`/mentors/${id}?${outcomeQuery({ code: parsed.error.issues[0]?.message.startsWith("methods.") ? parsed.error.issues[0].message : "errors.invalidInput" })}`);
  const r = await addGoal(db, user.userId, parsed.data);
  if (!r.ok) redirect(`/mentors/${id}?${outcomeQuery(r)}`);
  revalidatePath(`/mentors/${id}`);
  redirect(`/mentors/${id}`);
}

export async function toggleGoalAction(form: FormData): Promise<void> {
  const id = z.coerce.number().int().positive().parse(form.get("mentorshipId"));
  const { db, pair } = await pairFor(id);
  const goalId = z.coerce.number().int().positive().parse(form.get("goalId"));
  if (!pair.goals.some((g) => g.id === goalId)) redirect(`/mentors/${id}`);
  await setGoalDone(db, goalId, form.get("done") === "true");
  revalidatePath(`/mentors/${id}`);
  redirect(`/mentors/${id}`);
}
