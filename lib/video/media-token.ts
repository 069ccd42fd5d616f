import { createHmac, timingSafeEqual } from "node:crypto";
import * as clock from "@/lib/core/clock";

/**
 * A signed, short-lived media URL for local storage, the way object storage has presigned
 * URLs. The player page checks once that the viewer may watch the lesson and signs the lesson,
 * the storage key and an expiry; the media route then only checks the signature, so the many
 * range requests of one playback cost no session decryption and no database query each.
 * A token is bound to one lesson and one stored object, and expires (default 6 h: one sitting).
 */
function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new Error("AUTH_SECRET is not set");
  return s;
}

function mac(payload: string): string {
  return createHmac("sha256", secret()).update("media-token:" + payload).digest("base64url");
}

export interface MediaGrant {
  lessonId: number;
  key: string;
  mime: string;
}

export function signMediaToken(g: MediaGrant, now = clock.nowMs(), ttlMs = 6 * 3600_000): string {
  const payload = Buffer.from(JSON.stringify([g.lessonId, g.key, g.mime, now + ttlMs])).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

export function readMediaToken(token: string, lessonId: number, now = clock.nowMs()): MediaGrant | null {
  const dot = token.indexOf(".");
  if (dot < 0 || token.length > 2000) return null;
  const payload = token.slice(0, dot);
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(token.slice(dot + 1));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [id, key, mime, exp] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as [number, string, string, number];
    if (id !== lessonId || !(exp > now) || typeof key !== "string" || typeof mime !== "string") return null;
    return { lessonId: id, key, mime };
  } catch {
    return null;
  }
}
