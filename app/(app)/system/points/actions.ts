"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { refreshPoints, rulesInput, setRules } from "@/lib/points";
import { outcomeQuery } from "../../points/_shared/outcome";

export async function saveRulesAction(form: FormData): Promise<void> {
  const user = await requirePermission("points.rules");
  const parsed = rulesInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) redirect(`/system/points?${outcomeQuery({ code: "errors.invalidInput" })}`);
  await setRules(await getDb(), user.userId, parsed.data);
  revalidatePath("/system/points");
  redirect("/system/points?saved=1");
}

export async function refreshPointsAction(): Promise<void> {
  await requirePermission("points.rules");
  const r = await refreshPoints(await getDb());
  revalidatePath("/points");
  redirect(`/system/points?added=${r.added}&removed=${r.removed}`);
}
