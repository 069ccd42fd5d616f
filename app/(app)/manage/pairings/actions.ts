"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { createPairing, pairingInput } from "@/lib/comparison";
import { outcomeQuery } from "../../points/_shared/outcome";

export async function createPairingAction(form: FormData): Promise<void> {
  const user = await requirePermission("roster.read");
  const parsed = pairingInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) redirect(`/manage/pairings?${outcomeQuery({ code: parsed.error.issues[0]?.message.startsWith("methods.") ? parsed.error.issues[0].message : "errors.invalidInput" })}`);
  const r = await createPairing(await getDb(), user.userId, parsed.data, (path) => can(user, "roster.read", path));
  if (!r.ok) redirect(`/manage/pairings?${outcomeQuery(r)}`);
  revalidatePath("/manage/pairings");
  redirect(`/manage/pairings/${r.value.id}`);
}
