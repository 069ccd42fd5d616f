import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { lessonRenditions, lessons, type RungInfo } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { log } from "@/lib/core/log";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { getStorage, uploadTmpDir, type MediaStorage } from "@/lib/storage";
import type { Viewer } from "./common";
import { hlsMime, ladderArgs, probeStreams, rungKbps, rungsFor, runFfmpeg } from "./ladder";
import { mediaToken, type Signer } from "./media-token";
import { lessonMediaFor } from "./progress";

/**
 * A lesson's adaptive copy (HLS ladder): queued when an upload completes, made by the
 * `video-transcode` job (lib/jobs/definitions.ts), stored under a fresh prefix through the storage
 * layer and served by the media route with the same signed, session-bound tokens as the original.
 */

/** A row the job has not touched for this long is taken as abandoned (its process died) and queued again. */
const STALE_MS = 15 * 60_000;
/** ffmpeg's progress is written at most this often. */
const PROGRESS_EVERY_MS = 2_000;

type RenditionRow = typeof lessonRenditions.$inferSelect;

async function deleteFiles(storage: MediaStorage, prefix: string | null, files: string[]) {
  if (!prefix) return;
  for (const f of files) await storage.delete(`${prefix}/${f}`).catch(() => {});
}

/**
 * Queues the transcoding of the lesson's video (stored under `sourceKey`), replacing any ladder of
 * an earlier upload (its objects are deleted). Called by the upload once the lesson has its file.
 */
export async function queueTranscode(db: Db, lessonId: number, sourceKey: string, storage: MediaStorage = getStorage()): Promise<void> {
  const [before] = await db.select().from(lessonRenditions).where(eq(lessonRenditions.lessonId, lessonId));
  const fresh = {
    sourceKey,
    state: "queued" as const,
    percent: 0,
    error: null,
    prefix: null,
    rungs: [],
    files: [],
    startedAt: null,
    finishedAt: null,
    updatedAt: clock.now(),
  };
  await db
    .insert(lessonRenditions)
    .values({ lessonId, ...fresh })
    .onConflictDoUpdate({ target: lessonRenditions.lessonId, set: fresh });
  if (before) await deleteFiles(storage, before.prefix, before.files);
}

/** Takes the next queued lesson (or one abandoned mid-run), marking it running; null when none waits. */
async function claimNext(db: Db): Promise<RenditionRow | null> {
  const now = clock.now();
  const stale = new Date(now.getTime() - STALE_MS).toISOString();
  const [r] = rowsOf<{ lesson_id: number }>(
    await db.execute(sql`UPDATE lesson_renditions SET state = 'running', percent = 0, error = NULL, started_at = ${now.toISOString()}::timestamptz,
        updated_at = ${now.toISOString()}::timestamptz
      WHERE lesson_id = (SELECT lesson_id FROM lesson_renditions
        WHERE state = 'queued' OR (state = 'running' AND updated_at < ${stale}::timestamptz)
        ORDER BY updated_at, lesson_id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING lesson_id`),
  );
  if (!r) return null;
  const [row] = await db
    .select()
    .from(lessonRenditions)
    .where(eq(lessonRenditions.lessonId, Number(r.lesson_id)));
  return row ?? null;
}

/** The original on disk: local storage's own file, or a copy of the object in the upload folder. */
async function sourceFile(storage: MediaStorage, key: string, work: string): Promise<string> {
  const local = storage.localPath(key);
  if (local) return local;
  const file = path.join(work, "source");
  await pipeline(await storage.read(key), createWriteStream(file));
  return file;
}

const stillMine = (r: RenditionRow) =>
  and(eq(lessonRenditions.lessonId, r.lessonId), eq(lessonRenditions.sourceKey, r.sourceKey), eq(lessonRenditions.state, "running"));

/** Transcodes one claimed lesson; failures are recorded on its row with ffmpeg's message. */
async function transcodeOne(db: Db, r: RenditionRow, storage: MediaStorage): Promise<"done" | "failed" | "replaced"> {
  const work = path.join(uploadTmpDir(), `hls-${randomUUID()}`);
  const out = path.join(work, "out");
  const prefix = `${r.sourceKey.replace(/\.[a-z0-9]+$/, "")}-hls-${randomUUID().slice(0, 8)}`;
  const stored: string[] = [];
  try {
    await mkdir(out, { recursive: true });
    const src = await sourceFile(storage, r.sourceKey, work);
    const info = await probeStreams(config().FFPROBE_PATH, src);
    if (!info) throw new Error("ffprobe could not read the video");
    const [l] = await db.select({ d: lessons.durationS }).from(lessons).where(eq(lessons.id, r.lessonId));
    const durationS = info.durationS || l?.d || 0;
    const rungs = rungsFor(info.height);
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    await runFfmpeg(config().FFMPEG_PATH, ladderArgs(src, out, rungs, info.hasAudio), durationS, (percent) => {
      const now = clock.nowMs();
      if (now - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = now;
      writing = writing.then(() => db.update(lessonRenditions).set({ percent, updatedAt: clock.now() }).where(stillMine(r)));
    });
    await writing;
    const infos: RungInfo[] = [];
    const files = ["master.m3u8"];
    for (const rung of rungs) {
      const names = (await readdir(path.join(out, rung.name))).sort();
      let bytes = 0;
      for (const n of names) {
        if (n.endsWith(".ts")) bytes += (await stat(path.join(out, rung.name, n))).size;
        files.push(`${rung.name}/${n}`);
      }
      infos.push({ name: rung.name, height: rung.height, kbps: rungKbps(rung), bytes });
    }
    for (const f of files) {
      await storage.putFile(`${prefix}/${f}`, path.join(out, f), hlsMime(f));
      stored.push(f);
    }
    const done = await db
      .update(lessonRenditions)
      .set({ state: "done", percent: 100, prefix, rungs: infos, files, finishedAt: clock.now(), updatedAt: clock.now() })
      .where(stillMine(r))
      .returning({ id: lessonRenditions.lessonId });
    if (done.length) return "done";
    // A new upload replaced the video meanwhile: this ladder belongs to nothing.
    await deleteFiles(storage, prefix, stored);
    return "replaced";
  } catch (err) {
    await deleteFiles(storage, prefix, stored);
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    log().warn({ err, lessonId: r.lessonId }, "transcode failed");
    await db.update(lessonRenditions).set({ state: "failed", error: message, finishedAt: clock.now(), updatedAt: clock.now() }).where(stillMine(r));
    return "failed";
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The job: transcodes every queued lesson, one after the other, until none waits. Safe to run
 * twice at once: each run claims rows with SKIP LOCKED. A failure is recorded on the lesson (the
 * trainer sees it), not thrown: retrying the same file gives the same failure.
 */
export async function transcodePending(db: Db, storage: MediaStorage = getStorage()): Promise<{ done: number; failed: number }> {
  const n = { done: 0, failed: 0 };
  if (!config().FFMPEG) return n;
  for (let r = await claimNext(db); r; r = await claimNext(db)) {
    const outcome = await transcodeOne(db, r, storage);
    if (outcome === "done") n.done++;
    if (outcome === "failed") n.failed++;
  }
  return n;
}

export interface RenditionView {
  state: RenditionRow["state"];
  percent: number;
  error: string | null;
  rungs: RungInfo[];
}

/** The transcoding state of a lesson for the trainer's page; null when nothing was queued. */
export async function renditionForTrainer(db: Db, actor: Principal, lessonId: number): Promise<Result<RenditionView | null>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [l] = await db.select({ id: lessons.id }).from(lessons).where(eq(lessons.id, lessonId));
  if (!l) return notFound("video.errors.lessonNotFound");
  const [r] = await db.select().from(lessonRenditions).where(eq(lessonRenditions.lessonId, lessonId));
  return ok(r ? { state: r.state, percent: r.percent, error: r.error, rungs: r.rungs } : null);
}

/** The finished ladder of a lesson the viewer may see (its storage prefix and rungs); null otherwise. */
export async function lessonLadderFor(
  db: Db,
  v: Viewer,
  lessonId: number,
): Promise<{ prefix: string; rungs: RungInfo[]; originalBytes: number | null } | null> {
  const media = await lessonMediaFor(db, v, lessonId);
  if (!media) return null;
  const [r] = await db
    .select({ prefix: lessonRenditions.prefix, rungs: lessonRenditions.rungs, sourceKey: lessonRenditions.sourceKey, size: lessons.sizeBytes })
    .from(lessonRenditions)
    .innerJoin(lessons, eq(lessons.id, lessonRenditions.lessonId))
    .where(and(eq(lessonRenditions.lessonId, lessonId), eq(lessonRenditions.state, "done")));
  if (!r?.prefix || r.sourceKey !== media.storageKey) return null;
  return { prefix: r.prefix, rungs: r.rungs, originalBytes: r.size };
}

/** A token for every playlist and segment of the ladder stored under `prefix` (the caller checked the viewer may see it). */
export function hlsToken(user: Signer, lessonId: number, prefix: string, now = clock.nowMs()) {
  return mediaToken(user, "hls", lessonId, prefix, "application/vnd.apple.mpegurl", now);
}
