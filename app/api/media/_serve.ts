import { getDb } from "@/lib/core/db";
import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/user-row";
import { notFound, type MessageKey } from "@/lib/core/result";
import { getStorage } from "@/lib/storage";
import { checkMediaToken, type MediaKind } from "@/lib/video/media-token";
import { HLS_FILE, hlsMime, signPlaylist } from "@/lib/video/ladder";
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
export async function sendObject(req: Request, key: string, mime: string): Promise<Response> {
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

/**
 * A playlist or segment of a lesson's HLS ladder (`rel` inside it). The token (`?t=`, kind `hls`)
 * names the ladder's storage prefix; without one, or with one merely expired, the session and
 * `lookup` decide and a fresh token is signed. Playlists are sent with every URI in them carrying
 * the token, so each segment request is checked the same way; segments go as any media object.
 */
export async function serveHls(
  req: Request,
  lessonId: number,
  rel: string,
  lookup: (db: Db, user: CurrentUser) => Promise<{ prefix: string; token: string } | null>,
): Promise<Response> {
  if (!HLS_FILE.test(rel)) return failureResponse(notFound("video.errors.lessonNotFound"));
  let grant: { prefix: string; token: string } | null = null;
  const token = new URL(req.url).searchParams.get("t");
  if (token) {
    const g = await checkMediaToken(await getDb(), token, { kind: "hls", id: lessonId });
    if (g.ok) grant = { prefix: g.value.key, token };
    else if (g.kind !== "gone") return failureResponse(g);
  }
  if (!grant) {
    const user = await routeUser("learner");
    if (!user.ok) return failureResponse(user);
    grant = await lookup(await getDb(), user.value);
    if (!grant) return failureResponse(notFound("video.errors.lessonNotFound"));
  }
  const key = `${grant.prefix}/${rel}`;
  if (!rel.endsWith(".m3u8")) return sendObject(req, key, hlsMime(rel));
  const storage = getStorage();
  if (!(await storage.stat(key))) return failureResponse(notFound("video.errors.lessonNotFound"));
  const chunks: Buffer[] = [];
  for await (const c of await storage.read(key)) chunks.push(Buffer.from(c as Buffer));
  const body = req.method === "HEAD" ? null : signPlaylist(Buffer.concat(chunks).toString("utf8"), grant.token);
  return new Response(body, { status: 200, headers: { "Content-Type": hlsMime(rel), "Cache-Control": "private, no-store" } });
}
