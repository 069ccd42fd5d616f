"use server";

import { getDb } from "@/lib/core/db";
import { changeOwnPassword } from "@/lib/auth/accounts";
import { requireUser, signIn } from "@/lib/auth/session";
import { mintTicket } from "@/lib/auth/ticket";
import { translateCode } from "@/lib/i18n";
import { getT } from "@/app/_lib/i18n";

export interface PasswordState {
  error?: string;
}

export async function changePasswordAction(_prev: PasswordState, form: FormData): Promise<PasswordState> {
  const user = await requireUser({ allowPasswordChange: true });
  const t = await getT();
  const current = String(form.get("current") ?? "").slice(0, 256);
  const next = String(form.get("next") ?? "").slice(0, 256);
  if (next !== String(form.get("confirm") ?? "")) return { error: t("auth.mismatch") };
  const r = await changeOwnPassword(await getDb(), user.userId, current, next);
  if (!r.ok) return { error: translateCode(t, r.error) };
  // The change ended every session, this one too: the new one it opened goes into the cookie.
  await signIn("credentials", { ticket: mintTicket(user.userId, r.sessionId), redirectTo: "/?passwordChanged=1" });
  return {};
}
