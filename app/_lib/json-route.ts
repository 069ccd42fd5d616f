import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import type { CurrentUser } from "@/lib/auth/accounts";
import { can } from "@/lib/auth/permissions";
import { makeTranslator, translateCode, type Locale } from "@/lib/i18n";
import { getLocale } from "./i18n";

/** A JSON error the browser can show as it is: a code for programs, a message in the user's language. */
export async function jsonError(status: number, code: string, params?: Record<string, string | number>, locale?: Locale) {
  const t = makeTranslator(locale ?? (await getLocale()));
  return NextResponse.json({ ok: false, code, message: translateCode(t, code, params) }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * Reads a JSON body of at most `limit` bytes without trusting Content-Length, and the signed-in
 * learner; answers with the error response when either is missing.
 */
export async function jsonRequest(req: Request, limit: number): Promise<{ user: CurrentUser; body: unknown } | { error: Response }> {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword || !can(user, "self.learn")) return { error: await jsonError(401, "errors.generic") };
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) return { error: await jsonError(413, "quizTake.errors.payloadTooLarge") };
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return { error: await jsonError(413, "quizTake.errors.payloadTooLarge") };
      }
      chunks.push(value);
    }
  }
  try {
    return { user, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { error: await jsonError(400, "quizTake.errors.badRequest") };
  }
}
