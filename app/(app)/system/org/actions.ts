"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { createUnit, moveUnit, renameUnit, setUnitActive, unitInput } from "@/lib/org/units";

const id = z.coerce.number().int().positive();

function done(result: { ok: boolean; error?: string }, okCode: string): never {
  revalidatePath("/system/org");
  redirect(result.ok ? `/system/org?ok=${okCode}` : `/system/org?error=${encodeURIComponent(result.error ?? "errors.generic")}`);
}

export async function createUnitAction(form: FormData) {
  const user = await requirePermission("org.write");
  const parsed = unitInput.safeParse({ name: form.get("name"), code: form.get("code"), kind: form.get("kind"), parentId: form.get("parentId") || null });
  if (!parsed.success) done({ ok: false, error: "errors.invalidInput" }, "");
  done(await createUnit(await getDb(), user.userId, parsed.data), "created");
}

export async function renameUnitAction(form: FormData) {
  const user = await requirePermission("org.write");
  const unitId = id.safeParse(form.get("id"));
  if (!unitId.success) done({ ok: false, error: "errors.invalidInput" }, "");
  done(await renameUnit(await getDb(), user.userId, unitId.data, String(form.get("name") ?? "")), "updated");
}

export async function moveUnitAction(form: FormData) {
  const user = await requirePermission("org.write");
  const parsed = z.object({ id, parentId: id }).safeParse({ id: form.get("id"), parentId: form.get("parentId") });
  if (!parsed.success) done({ ok: false, error: "errors.invalidInput" }, "");
  done(await moveUnit(await getDb(), user.userId, parsed.data.id, parsed.data.parentId), "updated");
}

export async function setUnitActiveAction(form: FormData) {
  const user = await requirePermission("org.write");
  const unitId = id.safeParse(form.get("id"));
  if (!unitId.success) done({ ok: false, error: "errors.invalidInput" }, "");
  done(await setUnitActive(await getDb(), user.userId, unitId.data, form.get("active") === "true"), "updated");
}
