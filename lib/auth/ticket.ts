import { createHmac, timingSafeEqual } from "node:crypto";
import * as clock from "@/lib/core/clock";

/**
 * A short-lived proof, minted by the sign-in action after it checked the password and the
 * throttle, that the credentials provider accepts in place of a password. It keeps the
 * password check (and its failure counting) in one place with messages we control.
 */
function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new Error("AUTH_SECRET is not set");
  return s;
}

function sign(payload: string): string {
  return createHmac("sha256", secret()).update("signin-ticket:" + payload).digest("base64url");
}

export function mintTicket(userId: number, sessionVersion: number, now = clock.nowMs(), ttlMs = 60_000): string {
  const payload = `${userId}.${sessionVersion}.${now + ttlMs}`;
  return `${payload}.${sign(payload)}`;
}

export function readTicket(ticket: string, now = clock.nowMs()): { userId: number; sessionVersion: number } | null {
  const parts = ticket.split(".");
  if (parts.length !== 4) return null;
  const [uid, sv, exp, mac] = parts;
  const expected = Buffer.from(sign(`${uid}.${sv}.${exp}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!(Number(exp) > now)) return null;
  const userId = Number(uid);
  const sessionVersion = Number(sv);
  if (!Number.isInteger(userId) || !Number.isInteger(sessionVersion)) return null;
  return { userId, sessionVersion };
}
