import { randomBytes } from "node:crypto";

/**
 * The label's code: 16 random bytes (128 bits, more than the 96 asked) as 22 base64url
 * characters. From the operating system's generator (not lib/core/rng, which is seeded and not
 * for secrets), so one label tells nothing about another.
 */
export const CODE_BYTES = 16;
const CODE_RE = /^[A-Za-z0-9_-]{22}$/;

export function newEquipmentCode(): string {
  return randomBytes(CODE_BYTES).toString("base64url");
}

/** Whether a string has the shape of a code (checked before any database read). */
export function isEquipmentCode(s: unknown): s is string {
  return typeof s === "string" && CODE_RE.test(s);
}

/** The absolute address a label's QR code carries. */
export function scanUrl(siteUrl: string, code: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/e/${code}`;
}
