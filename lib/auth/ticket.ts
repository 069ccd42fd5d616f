import { createHmac, timingSafeEqual } from "node:crypto";
import * as clock from "@/lib/core/clock";
import { authSecret } from "@/lib/core/config";

/**
 * A short-lived proof, minted by the sign-in action after it checked the password and the
 * throttle, that the credentials provider accepts in place of a password. It keeps the
 * password check (and its failure counting) in one place with messages we control.
 */

function sign(payload: string): string {
  return createHmac("sha256", authSecret()).update(`signin-ticket:${payload}`).digest("base64url");
}

/** `sessionId` is the server-side session the sign-in opened (lib/auth/sessions.ts): base64url, no dots. */
export function mintTicket(userId: number, sessionId: string, now = clock.nowMs(), ttlMs = 60_000): string {
  const payload = `${userId}.${sessionId}.${now + ttlMs}`;
  return `${payload}.${sign(payload)}`;
}

export function readTicket(ticket: string, now = clock.nowMs()): { userId: number; sessionId: string } | null {
  const parts = ticket.split(".");
  if (parts.length !== 4) return null;
  const [uid = "", sid = "", exp = "", mac = ""] = parts;
  const expected = Buffer.from(sign(`${uid}.${sid}.${exp}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!(Number(exp) > now)) return null;
  const userId = Number(uid);
  if (!Number.isInteger(userId) || userId <= 0 || !/^[A-Za-z0-9_-]{16,}$/.test(sid)) return null;
  return { userId, sessionId: sid };
}
