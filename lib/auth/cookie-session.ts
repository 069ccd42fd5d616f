import { config } from "@/lib/core/config";
import { getDb } from "@/lib/core/db";
import { loadSessionUser } from "./sessions";
import { readSessionClaims } from "./session-token";
import type { CurrentUser } from "./user-row";

/**
 * The user a request's session cookie names, if that session is live (lib/auth/sessions.ts):
 * what every page, action and route handler checks, from any server that can read the cookies
 * (`getCurrentUser` in Next, `npm start`'s quick lane outside it). `get` reads a cookie by name.
 */
export async function userOfCookies(get: (name: string) => string | undefined): Promise<CurrentUser | null> {
  const claims = await readSessionClaims(get, config().AUTH_SECRET);
  return claims ? loadSessionUser(await getDb(), claims) : null;
}
