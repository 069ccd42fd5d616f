import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import type { CurrentUser } from "@/lib/auth/accounts";
import { getStorage } from "@/lib/storage";
import { serveFile } from "@/lib/video/serve";
import { getT } from "@/app/_lib/i18n";

/** Seconds a signed object-storage URL stays valid: enough to start playing, short enough not to be passed around. */
const SIGNED_TTL_S = 300;

export async function mediaUser(): Promise<CurrentUser | null> {
  const user = await getCurrentUser();
  return user && !user.mustChangePassword ? user : null;
}

export function notFound() {
  return NextResponse.json({ ok: false, code: "video.errors.lessonNotFound" }, { status: 404, headers: { "Cache-Control": "no-store" } });
}

/**
 * Sends a stored object once the caller has checked the viewer may see it (and the database
 * work is over): object storage → a redirect to a short-lived signed URL; local storage behind
 * nginx (MEDIA_ACCEL_PREFIX) → X-Accel-Redirect; otherwise the bytes from disk, with ranges.
 */
export async function sendObject(req: Request, key: string, mime: string): Promise<Response> {
  const storage = getStorage();
  if (storage.kind === "s3") {
    const url = await storage.signedUrl(key, SIGNED_TTL_S, mime);
    return new Response(null, { status: 302, headers: { Location: url!, "Cache-Control": "private, no-store" } });
  }
  const accel = process.env.MEDIA_ACCEL_PREFIX;
  const t = await getT();
  return serveFile(req, storage.localPath(key)!, {
    mime,
    accelUri: accel ? accel.replace(/\/$/, "") + "/" + key : null,
    messages: { badRange: t("video.errors.badRange"), notSatisfiable: t("video.errors.rangeNotSatisfiable") },
  });
}
