"use client";
/**
 * 离线观看 in the browser (rules in lib/video/offline): a downloaded lesson's files are kept in
 * Cache Storage (`jr-dl-<user id>`, written and read by the page only: the service worker never
 * answers a request from it, so nothing kept for one user is served to another), the list of
 * downloads and the progress watched offline in local storage under the user's id. Sign-out forgets
 * them all (`forgetDownloads`).
 */
import type { Loader, LoaderCallbacks, LoaderConfiguration, LoaderContext, LoaderStats } from "hls.js";
import { isCacheablePage, PAGES_CACHE } from "@/lib/pwa";
import { downloadsToDrop, enqueueReport, parseStored, playlistUris, rewritePlaylist, type QueuedReport, type StoredDownload } from "@/lib/video/offline";

const PREFIX = "jr-dl";
const cacheName = (userId: number) => `${PREFIX}-${userId}`;
const listKey = (userId: number) => `${PREFIX}:list:${userId}`;
const queueKey = (userId: number) => `${PREFIX}:queue:${userId}`;
/** A stored file's key in the cache (a URL never fetched from the network). */
const fileKey = (lessonId: number, name: string) => `/offline-copy/${lessonId}/${name}`;

export function listDownloads(userId: number): StoredDownload[] {
  return parseStored<StoredDownload>(localStorage.getItem(listKey(userId)));
}

function saveList(userId: number, list: StoredDownload[]) {
  localStorage.setItem(listKey(userId), JSON.stringify(list));
  window.dispatchEvent(new Event("jr-downloads"));
}

/**
 * Downloads a lesson's lowest rung (playlist and segments, through the signed media route) and keeps
 * it; `onProgress` gets 0–100. Throws when the server refuses or the connection fails (nothing kept).
 */
export async function downloadLesson(userId: number, lessonId: number, courseId: number, onProgress: (percent: number) => void): Promise<StoredDownload> {
  const r = await fetch(`/api/lessons/${lessonId}/download`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  const d = (await r.json()) as { ok: boolean; message?: string; title: string; rung: string; expiresAt: number; playlist: string; bytes: number };
  if (!r.ok || !d.ok) throw new Error(d.message ?? "refused");
  const playlistUrl = new URL(d.playlist, location.href);
  const text = await (await fetchOk(playlistUrl.href)).text();
  const uris = playlistUris(text);
  const cache = await caches.open(cacheName(userId));
  let bytes = 0;
  try {
    for (const [i, uri] of uris.entries()) {
      const blob = await (await fetchOk(new URL(uri, playlistUrl).href)).blob();
      bytes += blob.size;
      await cache.put(fileKey(lessonId, `seg_${i}.ts`), new Response(blob, { headers: { "Content-Type": "video/mp2t" } }));
      onProgress(Math.round(((i + 1) / uris.length) * 100));
    }
    const local = rewritePlaylist(text, (_u, i) => `seg_${i}.ts`);
    bytes += local.length;
    await cache.put(fileKey(lessonId, "index.m3u8"), new Response(local, { headers: { "Content-Type": "application/vnd.apple.mpegurl" } }));
  } catch (e) {
    await dropFiles(cache, lessonId);
    throw e;
  }
  // The page first: the list says "downloaded" only once everything is kept.
  await keepLessonPage(lessonPath(courseId, lessonId));
  const entry: StoredDownload = { lessonId, courseId, title: d.title, rung: d.rung, bytes, savedAt: Date.now(), expiresAt: d.expiresAt };
  saveList(userId, [...listDownloads(userId).filter((x) => x.lessonId !== lessonId), entry]);
  return entry;
}

export const lessonPath = (courseId: number, lessonId: number) => `/courses/${courseId}/lessons/${lessonId}`;

/**
 * Keeps the lesson's page in the pages' cache (the one the service worker answers from without a
 * connection), so a lesson downloaded with its whole course opens offline though its page was never
 * opened. Best effort: the files are kept either way, and the page is cached when next opened.
 */
async function keepLessonPage(path: string): Promise<void> {
  try {
    const r = await fetch(path, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (isCacheablePage(r)) await (await caches.open(PAGES_CACHE)).put(new URL(path, location.href).href, r);
  } catch {
    // Offline or refused: nothing more to keep.
  }
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url, { credentials: "same-origin" });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r;
}

async function dropFiles(cache: Cache, lessonId: number) {
  const prefix = fileKey(lessonId, "");
  for (const k of await cache.keys()) if (new URL(k.url).pathname.startsWith(prefix)) await cache.delete(k);
}

export async function removeDownload(userId: number, lessonId: number): Promise<void> {
  await dropFiles(await caches.open(cacheName(userId)), lessonId);
  saveList(
    userId,
    listDownloads(userId).filter((x) => x.lessonId !== lessonId),
  );
}

/**
 * The stored copy of a lesson, when the device holds one not expired: the address of its playlist
 * (a cache key, never fetched from the network) and an hls.js loader reading the playlist and its
 * segments straight from the cache, so playing it needs no connection and no request at all.
 */
export async function storedCopy(
  userId: number,
  lessonId: number,
  LoadStats: new () => LoaderStats,
): Promise<{ url: string; loader: new () => Loader<LoaderContext> } | null> {
  if (typeof caches === "undefined") return null;
  const d = listDownloads(userId).find((x) => x.lessonId === lessonId);
  if (!d || !(d.expiresAt > Date.now())) return null;
  const name = cacheName(userId);
  const url = new URL(fileKey(lessonId, "index.m3u8"), location.href).href;
  if (!(await (await caches.open(name)).match(url))) return null;
  class CacheLoader implements Loader<LoaderContext> {
    context: LoaderContext | null = null;
    stats: LoaderStats = new LoadStats();
    private stopped = false;
    load(context: LoaderContext, _config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>) {
      this.context = context;
      const stats = this.stats;
      stats.loading.start = performance.now();
      void caches
        .open(name)
        .then((c) => c.match(context.url))
        .then(async (res) => {
          if (this.stopped) return;
          if (!res) return callbacks.onError({ code: 404, text: "not stored" }, context, null, stats);
          const data = context.responseType === "arraybuffer" ? await res.arrayBuffer() : await res.text();
          if (this.stopped) return;
          stats.loading.first = stats.loading.end = performance.now();
          stats.loaded = stats.total = typeof data === "string" ? data.length : data.byteLength;
          callbacks.onSuccess({ url: context.url, data }, stats, context, null);
        })
        .catch(() => {
          if (!this.stopped) callbacks.onError({ code: 0, text: "cache read failed" }, context, null, stats);
        });
    }
    abort() {
      this.stopped = true;
    }
    destroy() {
      this.stopped = true;
      this.context = null;
    }
  }
  return { url, loader: CacheLoader };
}

export function queuedReports(userId: number): QueuedReport[] {
  return parseStored<QueuedReport>(localStorage.getItem(queueKey(userId)));
}

/** Keeps a progress report that could not be sent (no connection) until `flushReports` sends it. */
export function queueReport(userId: number, r: QueuedReport): void {
  localStorage.setItem(queueKey(userId), JSON.stringify(enqueueReport(queuedReports(userId), r)));
  window.dispatchEvent(new Event("jr-downloads"));
}

/**
 * Posts the queued progress to the lessons' progress route, where the server merges it (and refuses
 * what is impossible) as it does online. A report answered — accepted, or refused as impossible or
 * for a lesson gone — leaves the queue; one not answered stays.
 */
export async function flushReports(userId: number): Promise<{ sent: number; left: number }> {
  let sent = 0;
  for (const q of queuedReports(userId)) {
    const r = await fetch(`/api/lessons/${q.lessonId}/progress`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ segments: q.segments, positionS: q.positionS, at: q.at }),
    }).catch(() => null);
    // Not sent (no connection, a server error, signed out, rate-limited): kept for the next try.
    if (!r || r.status >= 500 || r.status === 401 || r.status === 403 || r.status === 429) continue;
    sent++;
    // Removed by lesson, not by index: the player may have queued more meanwhile (sent next time).
    const rest = queuedReports(userId).filter((x) => !(x.lessonId === q.lessonId && x.at === q.at));
    localStorage.setItem(queueKey(userId), JSON.stringify(rest));
  }
  window.dispatchEvent(new Event("jr-downloads"));
  return { sent, left: queuedReports(userId).length };
}

/** Removes expired downloads and, online, those the server says the user may no longer keep; returns how many went. */
export async function pruneDownloads(userId: number): Promise<number> {
  const list = listDownloads(userId);
  if (!list.length) return 0;
  let allowed: number[] | null = null;
  if (navigator.onLine) {
    const r = await fetch("/api/downloads/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lessonIds: list.map((d) => d.lessonId) }),
    }).catch(() => null);
    const j = r?.ok ? ((await r.json()) as { allowed?: number[] }) : null;
    allowed = j?.allowed ?? null;
  }
  const drop = downloadsToDrop(list, allowed, Date.now());
  for (const d of drop) await removeDownload(userId, d.lessonId);
  return drop.length;
}

/** Sign-out and the sign-in page: every user's downloads and queued progress on this device go. */
export async function forgetDownloads(): Promise<void> {
  if (typeof caches !== "undefined") for (const k of await caches.keys()) if (k.startsWith(`${PREFIX}-`)) await caches.delete(k);
  for (const k of Object.keys(localStorage)) if (k.startsWith(`${PREFIX}:`)) localStorage.removeItem(k);
}
