import { getDb } from "@/lib/core/db";
import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { notFound, type MessageKey } from "@/lib/core/result";
import { getStorage } from "@/lib/storage";
import { checkMediaToken, type MediaKind } from "@/lib/video/media-token";
import { serveFile } from "@/lib/video/serve";
import { getT } from "@/app/_lib/i18n";
import { failureResponse, routeUser } from "@/app/_lib/json-route";
import { config } from "@/lib/core/config";

/** Seconds a signed object-storage URL stays valid: enough to start playing, short enough not to be passed around. */
const SIGNED_TTL_S = 300;

/**
 * Sends a stored object once the caller has checked the viewer may see it (and the database
 * work is over): object storage → a redirect to a short-lived signed URL; local storage behind
 * nginx (MEDIA_ACCEL_PREFIX) → X-Accel-Redirect; otherwise the bytes from disk, with ranges.
 */
async function sendObject(req: Request, key: string, mime: string): Promise<Response> {
  const storage = getStorage();
  if (storage.kind === "s3") {
    const url = await storage.signedUrl(key, SIGNED_TTL_S, mime);
    return new Response(null, { status: 302, headers: { Location: url!, "Cache-Control": "private, no-store" } });
  }
  const accel = config().MEDIA_ACCEL_PREFIX;
  const t = await getT();
  return serveFile(req, storage.localPath(key)!, {
    mime,
    accelUri: accel ? `${accel.replace(/\/$/, "")}/${key}` : null,
    messages: { badRange: t("video.errors.badRange"), notSatisfiable: t("video.errors.rangeNotSatisfiable") },
  });
}

/**
 * A media GET or HEAD. With a signed token (`?t=`) that holds (genuine, naming this object, not
 * expired, its user's session version still current) the object is sent without decrypting a
 * session. A token that merely expired falls back to the session: a viewer still signed in goes
 * on watching, a copied URL without the cookie stops. Any other token is refused. Without a
 * token, the session and `lookup` (may this user see it?) decide.
 */
export async function serveMedia(
  req: Request,
  want: { kind: MediaKind; id: number },
  missing: MessageKey,
  lookup: (db: Db, user: CurrentUser) => Promise<{ key: string; mime: string } | null>,
): Promise<Response> {
  const token = new URL(req.url).searchParams.get("t");
  if (token) {
    const grant = await checkMediaToken(await getDb(), token, want);
    if (grant.ok) return sendObject(req, grant.value.key, grant.value.mime);
    if (grant.kind !== "gone") return failureResponse(grant);
  }
  const user = await routeUser("learner");
  if (!user.ok) return failureResponse(user);
  const object = await lookup(await getDb(), user.value);
  if (!object) return failureResponse(notFound(missing));
  return sendObject(req, object.key, object.mime);
}
