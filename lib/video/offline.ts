/**
 * 离线观看 (issue 16), the browser's side, pure: what a downloaded lesson is, when it goes, and
 * the progress watched without a connection waiting to be sent. The page stores these (the
 * lesson's files in Cache Storage, the list and the queue in local storage, all under the user's
 * id) and the server decides, as online, what counts: the queue is posted to the same progress
 * route, whose merge rules and refusals apply unchanged.
 */
import { dayIn, daysBetween } from "@/lib/core/time";
import { normalise, type Segment } from "./segments";

/** A download stays this long (from when it was made), then it is removed. */
export const DOWNLOAD_DAYS = 30;
const DAY_MS = 24 * 3600_000;

export interface StoredDownload {
  lessonId: number;
  /** The course page it was downloaded from (the lesson page's address). */
  courseId: number;
  title: string;
  /** The rung kept (its name, e.g. 240p). */
  rung: string;
  /** Bytes stored (playlist and segments). */
  bytes: number;
  /** Epoch ms: when it was downloaded and when it expires (the server's clock). */
  savedAt: number;
  expiresAt: number;
}

/** The expiry of a download made at `nowMs`. */
export function downloadExpiry(nowMs: number): number {
  return nowMs + DOWNLOAD_DAYS * DAY_MS;
}

/** Calendar days in `tz` (the site's zone) from `nowMs` to a download's expiry: 0 when it expires today (or has). */
export function daysLeft(expiresAt: number, nowMs: number, tz: string): number {
  return Math.max(0, daysBetween(dayIn(new Date(nowMs), tz), dayIn(new Date(expiresAt), tz)));
}

/**
 * The downloads to remove: expired ones, and, when the server answered which lessons the user may
 * still watch (`allowed`; null when it could not be asked, e.g. offline), those no longer on it.
 */
export function downloadsToDrop(downloads: readonly StoredDownload[], allowed: readonly number[] | null, nowMs: number): StoredDownload[] {
  const ok = allowed ? new Set(allowed) : null;
  return downloads.filter((d) => !(d.expiresAt > nowMs) || (ok !== null && !ok.has(d.lessonId)));
}

/** One lesson's progress watched and not yet confirmed by the server: the body of the progress route. */
export interface QueuedReport {
  lessonId: number;
  segments: Segment[];
  positionS: number;
  at: number;
}

/**
 * Adds a report to the queue: one entry per lesson, its segments the union of what was queued and
 * what was reported, its position the latest one (by `at`). Re-sending a union is safe: the server
 * keeps a union too.
 */
export function enqueueReport(queue: readonly QueuedReport[], r: QueuedReport): QueuedReport[] {
  const prev = queue.find((q) => q.lessonId === r.lessonId);
  const rest = queue.filter((q) => q.lessonId !== r.lessonId);
  if (!prev) return [...rest, { ...r, segments: normalise(r.segments) }];
  const newer = r.at >= prev.at ? r : prev;
  return [...rest, { lessonId: r.lessonId, segments: normalise([...prev.segments, ...r.segments]), positionS: newer.positionS, at: newer.at }];
}

/** Reads a stored queue or list, or [] when missing or not ours. */
export function parseStored<T>(raw: string | null): T[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

/** The URIs a playlist lists (its segments), in order. */
export function playlistUris(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

/** The playlist with each URI replaced by `map(uri, index)` (the stored copy names its segments without a token). */
export function rewritePlaylist(text: string, map: (uri: string, i: number) => string): string {
  let i = 0;
  return text
    .split("\n")
    .map((line) => {
      const l = line.trim();
      if (!l || l.startsWith("#")) return line;
      return map(l, i++);
    })
    .join("\n");
}
