import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { isSessionLive } from "@/lib/auth/sessions";
import { fail, forbidden, ok, type Result } from "@/lib/core/result";
import { authSecret } from "@/lib/core/config";

/**
 * Signed, short-lived media URLs for local storage, the way object storage has presigned URLs.
 * The page checks once that the viewer may see a lesson's video or poster, or a course's cover,
 * and signs the object's key for that user and their session; the media route then checks the
 * signature and that the session is still live (cached for a few seconds, see `sessionLiveNow`),
 * so the many range requests of one playback cost no session decryption and, mostly, no query.
 *
 * A token names one kind of object (`lesson` video, `poster`, `cover`, or `hls`: every playlist
 * and segment of a lesson's ladder, its key the ladder's storage prefix) of one lesson or course,
 * one stored object, one user and the session they signed in with (its key, lib/auth/sessions).
 * It stops working when it expires (TTL_MS: the player asks for a fresh one before then) and when
 * that session ends: sign-out, idle or absolute timeout, a password or role change, a disabled
 * account.
 */

/** How long a token lives: a sitting of lessons, not a day. */
export const MEDIA_TOKEN_TTL_MS = 20 * 60_000;
/**
 * Tokens are issued as if at the start of a 5-minute window, so a page rendered twice in one
 * window links the same URL and the browser's cache works; a token thus lives 15–20 minutes.
 */
const WINDOW_MS = 5 * 60_000;

export type MediaKind = "lesson" | "poster" | "cover" | "hls";

export interface MediaGrant {
  kind: MediaKind;
  /** The lesson's id (video, poster) or the course's (cover). */
  id: number;
  key: string;
  mime: string;
  userId: number;
  /** The key of the session it was signed for (`sessionKeyOf` in lib/auth/sessions). */
  sessionKey: string;
}

function mac(payload: string): string {
  return createHmac("sha256", authSecret()).update(`media-token:${payload}`).digest("base64url");
}

export function signMediaToken(g: MediaGrant, now = clock.nowMs(), ttlMs = MEDIA_TOKEN_TTL_MS): { token: string; expiresAt: number } {
  const expiresAt = now - (now % WINDOW_MS) + ttlMs;
  const payload = Buffer.from(JSON.stringify([g.kind, g.id, g.key, g.mime, g.userId, g.sessionKey, expiresAt])).toString("base64url");
  return { token: `${payload}.${mac(payload)}`, expiresAt };
}

/**
 * The grant a token carries, when its signature holds and it names `want`; "gone" when it
 * expired (the route may then fall back to the viewer's session), forbidden otherwise.
 * Pure: the session is checked by `checkMediaToken`.
 */
export function readMediaToken(token: string, want: { kind: MediaKind; id: number }, now = clock.nowMs()): Result<MediaGrant> {
  const dot = token.indexOf(".");
  if (dot < 0 || token.length > 2000) return forbidden();
  const payload = token.slice(0, dot);
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(token.slice(dot + 1));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return forbidden();
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return forbidden();
  }
  if (!Array.isArray(fields) || fields.length !== 7) return forbidden();
  const [kind, id, key, mime, userId, sessionKey, exp] = fields as unknown[];
  if (kind !== want.kind || id !== want.id || typeof key !== "string" || typeof mime !== "string") return forbidden();
  if (!Number.isInteger(userId) || typeof sessionKey !== "string" || typeof exp !== "number") return forbidden();
  if (!(exp > now)) return fail("video.errors.mediaExpired", undefined, "gone");
  return ok({ kind: want.kind, id: want.id, key, mime, userId: userId as number, sessionKey });
}

/**
 * How long "this session is live" read here is trusted. Why a few seconds are safe: after the
 * session ends (sign-out, timeout, a password or role change, a disabled account), a token
 * already issued keeps fetching bytes of the one object it names for at most this long on each
 * app instance, then every instance reads the database again. Nothing new can be signed without a
 * live session, and a range already being sent would finish anyway. In exchange a playback's
 * range requests cost one indexed query per session every few seconds instead of one per request.
 */
export const SESSION_CHECK_CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

// Per database handle: tests open several databases in one process, with the same ids.
const cache = new WeakMap<Db, Map<string, { live: boolean; at: number }>>();

/** Whether the session is live for the user, as read at most SESSION_CHECK_CACHE_MS ago. */
async function sessionLiveNow(db: Db, g: { userId: number; sessionKey: string }, now: number): Promise<boolean> {
  let bySession = cache.get(db);
  if (!bySession) {
    bySession = new Map();
    cache.set(db, bySession);
  }
  const k = `${g.userId}:${g.sessionKey}`;
  const hit = bySession.get(k);
  if (hit && now - hit.at >= 0 && now - hit.at < SESSION_CHECK_CACHE_MS) return hit.live;
  const live = await isSessionLive(db, g.sessionKey, g.userId, new Date(now));
  if (bySession.size >= CACHE_MAX) bySession.clear();
  bySession.set(k, { live, at: now });
  return live;
}

/** A token's grant, when it is genuine, names `want`, has not expired and its session is still live. */
export async function checkMediaToken(db: Db, token: string, want: { kind: MediaKind; id: number }, now = clock.nowMs()): Promise<Result<MediaGrant>> {
  const g = readMediaToken(token, want, now);
  if (!g.ok) return g;
  return (await sessionLiveNow(db, g.value, now)) ? g : forbidden();
}

/** Who signs: the signed-in user and the key of the session they came with. */
export interface Signer {
  userId: number;
  sessionKey: string;
}

/** Signs `kind` of lesson or course `id` stored under `key` for `user`. */
export function mediaToken(user: Signer, kind: MediaKind, id: number, key: string, mime: string, now = clock.nowMs()) {
  return signMediaToken({ kind, id, key, mime, userId: user.userId, sessionKey: user.sessionKey }, now);
}
