"use server";

import { getDb } from "@/lib/core/db";
import { verifySignIn } from "@/lib/auth/accounts";
import { signIn } from "@/lib/auth/session";
import { mintTicket } from "@/lib/auth/ticket";
import { nowMs } from "@/lib/core/clock";
import { formatDateTime } from "@/lib/core/format";
import { getLocale, getT } from "@/app/_lib/i18n";
import { clientAddress, safeReturnPath } from "@/app/_lib/request";

export interface SignInState {
  error?: string;
  employeeNo?: string;
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const t = await getT();
  const employeeNo = String(form.get("employeeNo") ?? "").slice(0, 64);
  const password = String(form.get("password") ?? "").slice(0, 256);
  if (!employeeNo.trim() || !password) return { error: t("auth.invalid"), employeeNo };
  const result = await verifySignIn(await getDb(), { employeeNo, password, address: await clientAddress() });
  if (!result.ok) {
    if (result.reason === "locked") {
      // The account's slow-down is seconds at first: a clock time to the minute would not say it.
      const seconds = Math.ceil((result.until.getTime() - nowMs()) / 1000);
      if (seconds <= 120) return { error: t("auth.wait", { seconds: Math.max(seconds, 1) }), employeeNo };
      return { error: t("auth.locked", { time: formatDateTime(result.until, await getLocale()) }), employeeNo };
    }
    return { error: t("auth.invalid"), employeeNo };
  }
  // Throws the redirect that completes the sign-in; it must not be caught here.
  await signIn("credentials", { ticket: mintTicket(result.userId, result.sessionId), redirectTo: safeReturnPath(form.get("returnTo")) });
  return {};
}
