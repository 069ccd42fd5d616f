/**
 * Certificate numbers: 140 random bits (Node's CSPRNG) in Crockford's base32, seven groups of
 * four (`7KQ2-M9XD-…`). Unguessable — a visitor who tries numbers finds nothing — and easy to read
 * aloud or type from paper: no I, L, O or U; typed O, I and L read as 0, 1, 1; case, spaces and
 * dashes do not matter.
 */
import { randomBytes } from "node:crypto";

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARS = 28;
/** Random bits in a number (5 per character). */
export const NUMBER_BITS = CHARS * 5;

const group = (s: string) => s.match(/.{4}/g)!.join("-");

/** A new number from `bytes` (18 random bytes unless a test hands its own). */
export function newNumber(bytes: Uint8Array = randomBytes(18)): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  const spare = bytes.length * 8 - NUMBER_BITS;
  if (spare < 0) throw new Error("not enough random bytes");
  bits >>= BigInt(spare);
  let out = "";
  for (let i = CHARS - 1; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return group(out);
}

/** The number as stored, from what a visitor typed or scanned; null when it cannot be one. */
export function normalizeNumber(input: string): string | null {
  if (input.length > 64) return null;
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== CHARS) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return group(s);
}
