import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { loadCurrentUser, type CurrentUser } from "./accounts";
import { can, type Permission } from "./permissions";
import { readSessionClaims } from "./session-token";
import { readTicket } from "./ticket";

declare module "next-auth" {
  interface Session {
    uid?: number;
    sv?: number;
  }
  interface User {
    sv?: number;
  }
}

export const { handlers, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { ticket: {} },
      // Only tickets minted by the sign-in action after it checked the password are accepted.
      authorize: async (credentials) => {
        const t = readTicket(String(credentials?.ticket ?? ""));
        return t ? { id: String(t.userId), sv: t.sessionVersion } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.sv = user.sv;
      }
      return token;
    },
    session({ session, token }) {
      session.uid = token.uid as number | undefined;
      session.sv = token.sv as number | undefined;
      return session;
    },
  },
});

/**
 * The signed-in user, checked against the database on every request: a session whose
 * password or roles changed since it was issued (session version) is no session.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const jar = await cookies();
  const session = await readSessionClaims((name) => jar.get(name)?.value, process.env.AUTH_SECRET);
  if (!session) return null;
  const user = await loadCurrentUser(await getDb(), session.uid);
  if (!user || user.sessionVersion !== session.sv) return null;
  return user;
});

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
