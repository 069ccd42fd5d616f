import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { lessonUploads, lessons } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { fail, notFound, ok, type MessageKey, type Result } from "@/lib/core/result";
import { getStorage, uploadTmpDir, type MediaStorage } from "@/lib/storage";
import { lessonToChange } from "./lessons";
import { inspectFile, makePoster, probeDuration, sniffContainer } from "./media-file";
import { queueTranscode } from "./renditions";
import { config } from "@/lib/core/config";

/**
 * A lesson's video arrives in chunks: the browser asks for an upload, then sends the file in
 * pieces of at most CHUNK_MAX bytes, each with the offset it starts at; each piece streams to a
 * part file on disk, so memory holds one network buffer, not the file. After a dropped
 * connection the browser asks how far the server got and goes on from there. When every byte is
 * in, the file is checked (content, completeness, ffprobe) and only then handed to storage and
 * linked to the lesson: bad input never reaches a lesson.
 *
 * Only who may change the lesson (its author, or a trainer of the whole organisation) starts an
 * upload, and an upload is continued, asked about and completed only by the one who started it,
 * while they still may change the lesson.
 */
const CHUNK_MAX = 8 * 1024 * 1024;

export function maxUploadBytes(): number {
  return config().MAX_UPLOAD_BYTES;
}

function partPath(uploadId: string): string {
  return path.join(uploadTmpDir(), `${uploadId}.part`);
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function startUpload(
  db: Db,
  actor: Principal,
  input: { lessonId: number; fileName: string; size: number },
): Promise<Result<{ uploadId: string; chunkSize: number }>> {
  const l = await lessonToChange(db, actor, input.lessonId);
  if (!l.ok) return l;
  if (!Number.isSafeInteger(input.size) || input.size <= 0) return fail("video.errors.empty");
  const max = maxUploadBytes();
  if (input.size > max) return fail("video.errors.tooLarge", { max: Math.round(max / 1024 / 1024) }, "tooLarge");
  const uploadId = randomUUID();
  await mkdir(uploadTmpDir(), { recursive: true });
  await (await open(partPath(uploadId), "w")).close();
  await db
    .insert(lessonUploads)
    .values({ id: uploadId, lessonId: input.lessonId, fileName: input.fileName.slice(0, 200), sizeBytes: input.size, createdBy: actor.userId || null });
  return ok({ uploadId, chunkSize: CHUNK_MAX });
}

type UploadRow = typeof lessonUploads.$inferSelect;

/** An upload of the actor's: theirs, and its lesson still theirs to change. Anyone else's is "not found". */
export async function uploadStatus(db: Db, actor: Principal, uploadId: string): Promise<Result<UploadRow>> {
  if (!UPLOAD_ID.test(uploadId)) return notFound("video.errors.uploadNotFound");
  const [u] = await db.select().from(lessonUploads).where(eq(lessonUploads.id, uploadId));
  if (!u || !actor.userId || u.createdBy !== actor.userId) return notFound("video.errors.uploadNotFound");
  const l = await lessonToChange(db, actor, u.lessonId);
  return l.ok ? ok(u) : l;
}

/** A failure recorded on the upload: a code of the video catalogue (lib/video's own checks). */
const recorded = (u: UploadRow): MessageKey => (u.error as MessageKey | null) ?? "video.errors.uploadFailed";

async function failUpload(db: Db, uploadId: string, code: MessageKey) {
  await db.update(lessonUploads).set({ state: "failed", error: code, updatedAt: clock.now() }).where(eq(lessonUploads.id, uploadId));
  await rm(partPath(uploadId), { force: true });
}

/** Counts the bytes going through and stops the stream once it passes `limit`. */
function limiter(limit: number, counter: { n: number }) {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counter.n += chunk.length;
      if (counter.n > limit) cb(new Error("TOO_LARGE"));
      else cb(null, chunk);
    },
  });
}

/**
 * Writes one chunk at `offset`. The offset must be where the server got to (a retried chunk
 * that already landed is answered with the current position, not written twice). No database
 * connection is held while the bytes stream.
 */
export async function writeChunk(
  db: Db,
  actor: Principal,
  input: { uploadId: string; offset: number; body: ReadableStream<Uint8Array> | Readable | null },
): Promise<Result<{ received: number; size: number }>> {
  const found = await uploadStatus(db, actor, input.uploadId);
  if (!found.ok) return found;
  const u = found.value;
  if (u.state !== "receiving") return fail(u.state === "failed" ? recorded(u) : "video.errors.uploadDone");
  if (input.offset !== u.received) return fail("video.errors.offsetMismatch", { received: u.received }, "conflict");
  if (!input.body) return fail("video.errors.badRequest", undefined, "badRequest");
  const limit = Math.min(CHUNK_MAX, u.sizeBytes - u.received);
  const counter = { n: 0 };
  const source = input.body instanceof Readable ? input.body : Readable.fromWeb(input.body as import("node:stream/web").ReadableStream<Uint8Array>);
  try {
    await pipeline(source, limiter(limit, counter), createWriteStream(partPath(input.uploadId), { flags: "r+", start: input.offset }));
  } catch (e) {
    if ((e as Error).message === "TOO_LARGE") {
      await failUpload(db, input.uploadId, "video.errors.tooLarge");
      return fail("video.errors.tooLarge", { max: Math.round(maxUploadBytes() / 1024 / 1024) }, "tooLarge");
    }
    // The connection dropped mid-chunk: the bytes past `received` are written again next time.
    return fail("video.errors.chunkInterrupted", { received: u.received });
  }
  if (input.offset === 0 && counter.n > 0) {
    const fd = await open(partPath(input.uploadId), "r");
    const head = Buffer.alloc(64);
    const { bytesRead } = await fd.read(head, 0, 64, 0);
    await fd.close();
    // Judged by the content as soon as its first bytes are here, so a wrong file stops early.
    if (bytesRead >= 12 || bytesRead === u.sizeBytes) {
      if (!sniffContainer(head.subarray(0, bytesRead))) {
        await failUpload(db, input.uploadId, "video.errors.notVideo");
        return fail("video.errors.notVideo");
      }
    }
  }
  const received = input.offset + counter.n;
  const r = await db
    .update(lessonUploads)
    .set({ received, updatedAt: clock.now() })
    .where(and(eq(lessonUploads.id, input.uploadId), eq(lessonUploads.received, input.offset)))
    .returning({ received: lessonUploads.received });
  if (!r.length) {
    const [now] = await db.select({ received: lessonUploads.received }).from(lessonUploads).where(eq(lessonUploads.id, input.uploadId));
    return fail("video.errors.offsetMismatch", { received: now?.received ?? 0 }, "conflict");
  }
  return ok({ received, size: u.sizeBytes });
}

/**
 * Checks the whole file and links it to the lesson: a video by content, not truncated, read by
 * ffprobe when there is one (else the duration the trainer's browser measured), a poster frame
 * by ffmpeg. Then the file goes to storage under a fresh key.
 */
export async function completeUpload(
  db: Db,
  actor: Principal,
  input: { uploadId: string; browserDurationS?: number | null },
  storage: MediaStorage = getStorage(),
): Promise<Result<{ lessonId: number; durationS: number; poster: boolean; probedBy: "ffprobe" | "browser"; transcoding: boolean }>> {
  const found = await uploadStatus(db, actor, input.uploadId);
  if (!found.ok) return found;
  const u = found.value;
  if (u.state === "failed") return fail(recorded(u));
  if (u.state === "done") {
    const [l] = await db.select({ d: lessons.durationS, p: lessons.posterKey }).from(lessons).where(eq(lessons.id, u.lessonId));
    return ok({ lessonId: u.lessonId, durationS: l?.d ?? 0, poster: Boolean(l?.p), probedBy: "ffprobe", transcoding: false });
  }
  const file = partPath(u.id);
  const onDisk = await stat(file).catch(() => null);
  if (!onDisk || u.received !== u.sizeBytes || onDisk.size < u.sizeBytes) return fail("video.errors.incomplete", { received: u.received, size: u.sizeBytes });

  const checked = await inspectFile(file);
  if (!checked.ok) {
    await failUpload(db, u.id, checked.code);
    return checked;
  }
  const probe = await probeDuration(file);
  if (!probe.ok) {
    await failUpload(db, u.id, probe.code);
    return probe;
  }
  let durationS = probe.value;
  const probedBy = durationS ? "ffprobe" : "browser";
  if (!durationS) {
    const b = input.browserDurationS;
    if (typeof b !== "number" || !Number.isFinite(b) || b <= 0 || b > 24 * 3600) return fail("video.errors.noDuration");
    durationS = Math.round(b * 1000) / 1000;
  }
  const posterFile = await makePoster(file, durationS, uploadTmpDir());
  const stem = `lessons/${u.lessonId}/${randomUUID()}`;
  const key = `${stem}.${checked.value.container}`;
  await storage.putFile(key, file, checked.value.mime);
  let posterKey: string | null = null;
  if (posterFile) {
    posterKey = `${stem}.jpg`;
    await storage.putFile(posterKey, posterFile, "image/jpeg");
  }
  const [before] = await db.select({ key: lessons.storageKey, poster: lessons.posterKey }).from(lessons).where(eq(lessons.id, u.lessonId));
  await db.transaction(async (tx) => {
    await tx
      .update(lessons)
      .set({ storageKey: key, mime: checked.value.mime, sizeBytes: checked.value.size, durationS, posterKey, updatedAt: clock.now() })
      .where(eq(lessons.id, u.lessonId));
    await tx.update(lessonUploads).set({ state: "done", updatedAt: clock.now() }).where(eq(lessonUploads.id, u.id));
  });
  // The replaced video's objects are no longer referenced.
  for (const old of [before?.key, before?.poster]) if (old) await storage.delete(old).catch(() => {});
  // The adaptive copy is made in the background (the `video-transcode` job); the original stays.
  const transcoding = config().FFMPEG && probedBy === "ffprobe";
  if (transcoding) await queueTranscode(db, u.lessonId, key, storage);
  return ok({ lessonId: u.lessonId, durationS, poster: Boolean(posterKey), probedBy, transcoding });
}
