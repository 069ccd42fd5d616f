"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { markRead } from "@/lib/notifications";
import { safeReturnPath } from "@/app/_lib/request";

export async function markAllReadAction() {
  const user = await requireUser();
  await markRead(await getDb(), user.memberId, "all");
  revalidatePath("/", "layout");
  redirect("/notifications");
}

/** Opens a reminder: marks it read, then goes where it points (a path in this app only). */
export async function openNotificationAction(form: FormData) {
  const user = await requireUser();
  const id = z.coerce.number().int().positive().safeParse(form.get("id"));
  if (id.success) await markRead(await getDb(), user.memberId, [id.data]);
  revalidatePath("/", "layout");
  redirect(safeReturnPath(form.get("href")));
}
