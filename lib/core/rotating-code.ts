import { createHmac, randomBytes } from "node:crypto";
import * as clock from "@/lib/core/clock";

/**
 * A rotating six-digit code (a class's check-in code, a quiz's on-site proctor code): derived
 * from a secret kept in the database and the minute (HOTP-style truncation of an HMAC-SHA256),
 * so every app instance computes the same code from the database alone. The code of the current
 * minute and of the one before are accepted, which covers a worker who types the code just as it
 * changes.
 */
const CODE_DIGITS = 6;
const CODE_PERIOD_MS = 60_000;
/** How many minutes back a code is recognised as "expired" rather than "wrong". */
const STALE_LOOKBACK = 30;

export function newCodeSecret(): string {
  return randomBytes(20).toString("hex");
}

export function minuteOf(at: Date): number {
  return Math.floor(at.getTime() / CODE_PERIOD_MS);
}

export function codeFor(secret: string, minute: number): string {
  const mac = createHmac("sha256", secret).update(`checkin:${minute}`).digest();
  // The label stays "checkin" for every use: stored secrets must keep their codes, and each
  // use has its own secrets.
  // RFC 4226 dynamic truncation: 31 bits read at an offset chosen by the last byte.
  const n = mac.readUInt32BE(mac.readUInt8(mac.length - 1) & 0x0f) & 0x7fffffff;
  return String(n % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, "0");
}

/** The code to show now, and when it changes. */
export function currentCode(secret: string, now = clock.now()): { code: string; changesAt: Date } {
  const m = minuteOf(now);
  return { code: codeFor(secret, m), changesAt: new Date((m + 1) * CODE_PERIOD_MS) };
}

/** Digits typed on a phone: full-width digits folded, spaces and dashes dropped. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-\u3000]/g, "");
}

type CodeCheck = "ok" | "stale" | "wrong";

export function checkCode(secret: string, raw: string, now = clock.now()): CodeCheck {
  const code = normaliseCode(raw);
  if (!new RegExp(`^\\d{${CODE_DIGITS}}$`).test(code)) return "wrong";
  const m = minuteOf(now);
  if (code === codeFor(secret, m) || code === codeFor(secret, m - 1)) return "ok";
  for (let k = 2; k <= STALE_LOOKBACK; k++) if (code === codeFor(secret, m - k)) return "stale";
  return "wrong";
}
