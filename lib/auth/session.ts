import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/core/db";
import type { CurrentUser } from "./user-row";
import { can, type Permission } from "./permissions";
import { endSession, loadSessionUser } from "./sessions";
import { readSessionClaims } from "./session-token";
import { sessionLimits } from "./settings";
import { readTicket } from "./ticket";
import { userOfCookies } from "./cookie-session";
import { config } from "@/lib/core/config";

declare module "next-auth" {
  interface Session {
    uid?: number;
  }
  interface User {
    sid?: string;
  }
}

/** The claims of a token as Auth.js hands them to the callbacks. */
function claimsOf(token: Record<string, unknown> | null | undefined): { uid: number; sid: string } | null {
  const uid = Number(token?.uid);
  return Number.isInteger(uid) && uid > 0 && typeof token?.sid === "string" && token.sid ? { uid, sid: token.sid } : null;
}

export const { handlers, signIn, signOut } = NextAuth({
  trustHost: true,
  // The cookie lives as long as a session may; whether it still is one is the database's answer.
  session: { strategy: "jwt", maxAge: Math.floor(sessionLimits().absoluteMs / 1000) },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { ticket: {} },
      // Only tickets minted after the password was checked and the session opened are accepted.
      authorize: async (credentials) => {
        const t = readTicket(String(credentials?.ticket ?? ""));
        return t ? { id: String(t.userId), sid: t.sessionId } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.sid = user.sid;
        return token;
      }
      // /api/auth/session re-issues the cookie: never for a session the server has ended.
      const claims = claimsOf(token);
      return claims && (await loadSessionUser(await getDb(), claims)) ? token : null;
    },
    session({ session, token }) {
      session.uid = token.uid as number | undefined;
      return session;
    },
  },
  events: {
    // Also for a POST to /api/auth/signout: the session ends on the server, not only in the browser.
    async signOut(message) {
      const claims = "token" in message ? claimsOf(message.token) : null;
      if (claims) await endSession(await getDb(), claims.sid);
    },
  },
});

async function currentClaims() {
  const jar = await cookies();
  return readSessionClaims((name) => jar.get(name)?.value, config().AUTH_SECRET);
}

/**
 * The signed-in user: the cookie names a session that the database still holds (not signed out,
 * idle or expired, opened at the account's current session version) for a usable account.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const jar = await cookies();
  return userOfCookies((name) => jar.get(name)?.value);
});

/** Signs out: the session ends on the server first, then the cookie goes. */
export async function signOutHere(): Promise<never> {
  const claims = await currentClaims();
  if (claims) await endSession(await getDb(), claims.sid);
  await signOut({ redirectTo: "/login" });
  throw new Error("unreachable: signOut redirects");
}

/** The signed-in user, or a redirect to sign in (or to the forced password change). */
export async function requireUser(opts: { allowPasswordChange?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword && !opts.allowPasswordChange) redirect("/account/password");
  return user;
}

/** The signed-in user holding `permission` (over `targetPath` when given), or a 403. */
export async function requirePermission(permission: Permission, targetPath?: string | null): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user, permission, targetPath)) forbidden();
  return user;
}
