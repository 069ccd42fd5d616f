import { hkdf } from "@panva/hkdf";
import { jwtDecrypt } from "jose";
import { nowMs } from "@/lib/core/clock";

/**
 * Reads the next-auth session cookie without going through `auth()`.
 *
 * `auth()` rebuilds a whole Auth.js request, derives the encryption key with HKDF and decrypts the
 * token on every call; during a quiz that is a quarter of the CPU of each answer save. The token
 * format is Auth.js's own (JWE, dir + A256CBC-HS512, key = HKDF(secret, salt = cookie name)), so
 * the key is derived once per secret and cookie name and kept. Sign-in and sign-out still go
 * through next-auth; this only reads. The session it names is then looked up in the database by the
 * caller (lib/auth/sessions.ts): the token alone is never a session.
 */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

const keys = new Map<string, Promise<Uint8Array>>();

function keyFor(secret: string, salt: string): Promise<Uint8Array> {
  const id = `${salt}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = hkdf("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64);
    keys.set(id, key);
  }
  return key;
}

/**
 * Tokens already read, with their claims and expiry: a worker's phone sends the same cookie with
 * every answer it saves, and decrypting it (WebCrypto key import, AES-CBC, HMAC) was an eighth of
 * a save's CPU. A token is an exact string the server once decrypted and checked, so the same string
 * gives the same claims until it expires; the session it names is still checked in the database
 * on every request. Oldest first out past MAX_READ.
 */
const read = new Map<string, { keyId: string; claims: SessionClaims; expMs: number }>();
const MAX_READ = 20_000;
const CLOCK_TOLERANCE_S = 15;

export interface SessionClaims {
  uid: number;
  /** The server-side session's id. */
  sid: string;
}

/** The cookie's value, joined from the chunks Auth.js writes when a token is too long for one. */
function cookieValue(get: (name: string) => string | undefined, name: string): string | undefined {
  const whole = get(name);
  if (whole) return whole;
  let joined = "";
  for (let i = 0; ; i++) {
    const part = get(`${name}.${i}`);
    if (part === undefined) break;
    joined += part;
  }
  return joined || undefined;
}

/** The claims of a valid, unexpired session token, or null. */
export async function readSessionClaims(get: (name: string) => string | undefined, secret: string | undefined): Promise<SessionClaims | null> {
  if (!secret) return null;
  for (const name of SESSION_COOKIE_NAMES) {
    const token = cookieValue(get, name);
    if (!token) continue;
    const keyId = `${name}\u0000${secret}`;
    const known = read.get(token);
    if (known?.keyId === keyId) {
      if (known.expMs > nowMs()) return known.claims;
      read.delete(token);
      return null;
    }
    try {
      const key = await keyFor(secret, name);
      const { payload } = await jwtDecrypt(token, key, {
        clockTolerance: CLOCK_TOLERANCE_S,
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256CBC-HS512"],
      });
      const uid = Number(payload.uid);
      if (!Number.isInteger(uid) || uid <= 0 || typeof payload.sid !== "string" || !payload.sid) return null;
      const claims = { uid, sid: payload.sid };
      // A token without an expiry is kept for the process's life; Auth.js always sets one.
      const expMs = typeof payload.exp === "number" ? (payload.exp + CLOCK_TOLERANCE_S) * 1000 : Number.POSITIVE_INFINITY;
      if (read.size >= MAX_READ) read.delete(read.keys().next().value as string);
      read.set(token, { keyId, claims, expMs });
      return claims;
    } catch {
      return null;
    }
  }
  return null;
}
