import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, sql } from "drizzle-orm";
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
 * pieces of at most CHUNK_MAX bytes, each with the offset it starts at. After a dropped
 * connection the browser asks how far the server got and goes on from there. When every byte is
 * in, the file is checked (content, completeness, ffprobe) and only then handed to storage and
 * linked to the lesson: bad input never reaches a lesson.
 *
 * Where the chunks go depends on the storage:
 * - local (MEDIA_DIR): each piece streams into one part file in the media folder's tmp/, so memory
 *   holds one network buffer; one instance (or a folder all instances mount).
 * - object storage (S3_BUCKET): each chunk (CHUNK_MAX bytes, the last one shorter; held in memory
 *   while it is sent) becomes a part of an S3 multipart upload begun at the start, its ETag
 *   recorded on the upload's row. Nothing stays on the instance that took it, so the chunks of one
 *   upload may land on any instances behind a balancer. At the end the parts are joined in the
 *   bucket, fetched once into a scratch file for the checks, and stored under the lesson's key.
 * - object storage, direct (a browser that asks for it, S3_PRESIGNED_UPLOADS on): no video byte
 *   passes through the app. The browser asks for presigned URLs of part numbers (`partUrls`: valid
 *   minutes, each for one part of this upload's multipart upload with its length signed in), PUTs
 *   the parts to the bucket itself and reports each part's ETag (`recordPart`). S3 has ListParts
 *   to tell which parts are in, but the S3 server the tests run against (s3rver) has not, so the
 *   row keeps the reported ETags; a wrong one makes the bucket refuse the join. At the end the
 *   joined object must be exactly the declared size, and then runs through the same checks.
 *
 * Only who may change the lesson (its author, or a trainer of the whole organisation) starts an
 * upload, and an upload is continued, asked about and completed only by the one who started it,
 * while they still may change the lesson.
 */
const CHUNK_MAX = 8 * 1024 * 1024;
/** S3's most parts in one multipart upload. */
const MAX_PARTS = 10_000;
/** How long a presigned part URL is good for: an 8 MiB part takes under 4 minutes at 300 kbit/s. */
const PART_URL_TTL_S = 10 * 60;
/** Presigned part URLs handed out by one request. */
export const PART_URLS_MAX = 20;
const MiB = 1024 * 1024;

/**
 * The parts of a direct upload of `size` bytes: CHUNK_MAX each (more, in whole MiB, for a file
 * that would need over 10,000), the last one shorter.
 */
function partsOf(size: number) {
  const partSize = Math.max(CHUNK_MAX, Math.ceil(size / MAX_PARTS / MiB) * MiB);
  const count = Math.ceil(size / partSize);
  return { partSize, count, length: (n: number) => (n < count ? partSize : size - (count - 1) * partSize) };
}

export function maxUploadBytes(): number {
  return config().MAX_UPLOAD_BYTES;
}

function partPath(uploadId: string): string {
  return path.join(uploadTmpDir(), `${uploadId}.part`);
}

/** The object the parts of a multipart upload are joined into, before the checks. */
function stagingKey(uploadId: string): string {
  return `tmp/uploads/${uploadId}`;
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function startUpload(
  db: Db,
  actor: Principal,
  input: { lessonId: number; fileName: string; size: number; direct?: boolean },
  storage: MediaStorage = getStorage(),
): Promise<Result<{ uploadId: string; chunkSize: number; direct: boolean }>> {
  const l = await lessonToChange(db, actor, input.lessonId);
  if (!l.ok) return l;
  if (!Number.isSafeInteger(input.size) || input.size <= 0) return fail("video.errors.empty");
  const max = maxUploadBytes();
  if (input.size > max) return fail("video.errors.tooLarge", { max: Math.round(max / 1024 / 1024) }, "tooLarge");
  const uploadId = randomUUID();
  // Direct when the browser asks for it and the bucket may take the parts: else through the app.
  const direct = Boolean(input.direct && storage.multipart && config().S3_PRESIGNED_UPLOADS);
  const parts = partsOf(input.size);
  let multipartId: string | null = null;
  if (storage.multipart) multipartId = await storage.multipart.begin(stagingKey(uploadId), "application/octet-stream");
  else {
    await mkdir(uploadTmpDir(), { recursive: true });
    await (await open(partPath(uploadId), "w")).close();
  }
  await db.insert(lessonUploads).values({
    id: uploadId,
    lessonId: input.lessonId,
    fileName: input.fileName.slice(0, 200),
    sizeBytes: input.size,
    multipartId,
    direct,
    partEtags: direct ? Array<string>(parts.count).fill("") : [],
    createdBy: actor.userId || null,
  });
  return ok({ uploadId, chunkSize: direct ? parts.partSize : CHUNK_MAX, direct });
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

/** The bytes in so far: for a direct upload, those of the parts the browser reported. */
function receivedOf(u: UploadRow): number {
  if (!u.direct) return u.received;
  const { length } = partsOf(u.sizeBytes);
  return u.partEtags.reduce((sum, etag, i) => (etag ? sum + length(i + 1) : sum), 0);
}

/** The part numbers of a direct upload the browser reported as in the bucket. */
function partsInOf(u: UploadRow): number[] {
  return u.partEtags.flatMap((etag, i) => (etag ? [i + 1] : []));
}

/**
 * How far an upload got, for the browser to resume: the bytes in, and for a direct upload its part
 * size and the parts that are in (the others are still to send).
 */
export async function uploadProgress(
  db: Db,
  actor: Principal,
  uploadId: string,
): Promise<Result<{ received: number; size: number; state: UploadRow["state"]; error: string | null; direct: boolean; partSize: number; partsIn: number[] }>> {
  const found = await uploadStatus(db, actor, uploadId);
  if (!found.ok) return found;
  const u = found.value;
  const partsIn = u.direct ? partsInOf(u) : [];
  const partSize = u.direct ? partsOf(u.sizeBytes).partSize : CHUNK_MAX;
  return ok({ received: receivedOf(u), size: u.sizeBytes, state: u.state, error: u.error, direct: u.direct, partSize, partsIn });
}

/** A direct upload of the actor's still taking parts, and `numbers` among its part numbers. */
async function directUpload(db: Db, actor: Principal, uploadId: string, numbers: number[]): Promise<Result<UploadRow>> {
  const found = await uploadStatus(db, actor, uploadId);
  if (!found.ok) return found;
  const u = found.value;
  if (u.state !== "receiving") return fail(u.state === "failed" ? recorded(u) : "video.errors.uploadDone");
  if (!u.direct || !u.multipartId) return fail("video.errors.notDirect", undefined, "badRequest");
  const { count } = partsOf(u.sizeBytes);
  if (!numbers.length || numbers.some((n) => !Number.isSafeInteger(n) || n < 1 || n > count)) {
    return fail("video.errors.badPart", { count }, "badRequest");
  }
  return ok(u);
}

/**
 * Presigned URLs for parts of a direct upload, at most PART_URLS_MAX at once: each for that one
 * part of this upload's multipart upload, with the part's length signed in, valid PART_URL_TTL_S.
 */
export async function partUrls(
  db: Db,
  actor: Principal,
  input: { uploadId: string; partNumbers: number[] },
  storage: MediaStorage = getStorage(),
): Promise<Result<{ urls: { partNumber: number; url: string }[]; expiresInS: number }>> {
  if (input.partNumbers.length > PART_URLS_MAX) return fail("video.errors.badRequest", undefined, "badRequest");
  const found = await directUpload(db, actor, input.uploadId, input.partNumbers);
  if (!found.ok) return found;
  const u = found.value;
  if (!storage.multipart || !u.multipartId) return fail("video.errors.notDirect", undefined, "badRequest");
  const { length } = partsOf(u.sizeBytes);
  const urls: { partNumber: number; url: string }[] = [];
  for (const n of new Set(input.partNumbers)) {
    urls.push({ partNumber: n, url: await storage.multipart.partUrl(stagingKey(u.id), u.multipartId, n, length(n), PART_URL_TTL_S) });
  }
  return ok({ urls, expiresInS: PART_URL_TTL_S });
}

/** What an S3 ETag looks like: printable, no spaces, quoted or not. */
const ETAG = /^"?[!#-~]{1,128}"?$/;

/**
 * The browser sent part `partNumber` of a direct upload to the bucket: its ETag is kept for the
 * join (sending a part again replaces it). Answers the parts in so far.
 */
export async function recordPart(
  db: Db,
  actor: Principal,
  input: { uploadId: string; partNumber: number; etag: string },
): Promise<Result<{ partsIn: number[]; received: number; size: number }>> {
  if (!ETAG.test(input.etag)) return fail("video.errors.badRequest", undefined, "badRequest");
  const found = await directUpload(db, actor, input.uploadId, [input.partNumber]);
  if (!found.ok) return found;
  const [u] = await db
    .update(lessonUploads)
    .set({
      partEtags: sql`jsonb_set(${lessonUploads.partEtags}, ${`{${input.partNumber - 1}}`}::text[], to_jsonb(${input.etag}::text))`,
      updatedAt: clock.now(),
    })
    .where(and(eq(lessonUploads.id, input.uploadId), eq(lessonUploads.state, "receiving")))
    .returning();
  if (!u) return fail("video.errors.uploadDone");
  return ok({ partsIn: partsInOf(u), received: receivedOf(u), size: u.sizeBytes });
}

/** A failure recorded on the upload: a code of the video catalogue (lib/video's own checks). */
const recorded = (u: UploadRow): MessageKey => (u.error as MessageKey | null) ?? "video.errors.uploadFailed";

async function failUpload(db: Db, u: UploadRow, code: MessageKey, storage: MediaStorage) {
  await db.update(lessonUploads).set({ state: "failed", error: code, updatedAt: clock.now() }).where(eq(lessonUploads.id, u.id));
  await dropParts(u, storage);
}

/** Removes what the chunks left: the local part file, or the multipart upload and its joined object. */
async function dropParts(u: UploadRow, storage: MediaStorage) {
  await rm(partPath(u.id), { force: true });
  if (u.multipartId && storage.multipart) {
    await storage.multipart.abort(stagingKey(u.id), u.multipartId).catch(() => {});
    await storage.delete(stagingKey(u.id)).catch(() => {});
  }
}

/** Reads a chunk into memory (an S3 part needs its length up front), at most `limit` bytes. */
async function readChunk(source: Readable, limit: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  const counter = { n: 0 };
  await pipeline(source, limiter(limit, counter), async (chunks: AsyncIterable<Buffer>) => {
    for await (const c of chunks) pieces.push(c);
  });
  return Buffer.concat(pieces, counter.n);
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
 * connection is held while the bytes stream. With object storage the chunk is a multipart part:
 * every chunk but the last must be whole (CHUNK_MAX bytes), as S3 requires of its parts; a shorter
 * one (a dropped connection) counts nothing and is sent again.
 */
export async function writeChunk(
  db: Db,
  actor: Principal,
  input: { uploadId: string; offset: number; body: ReadableStream<Uint8Array> | Readable | null },
  storage: MediaStorage = getStorage(),
): Promise<Result<{ received: number; size: number }>> {
  const found = await uploadStatus(db, actor, input.uploadId);
  if (!found.ok) return found;
  const u = found.value;
  if (u.state !== "receiving") return fail(u.state === "failed" ? recorded(u) : "video.errors.uploadDone");
  if (u.direct) return fail("video.errors.notThroughApp", undefined, "badRequest");
  if (input.offset !== u.received) return fail("video.errors.offsetMismatch", { received: u.received }, "conflict");
  if (!input.body) return fail("video.errors.badRequest", undefined, "badRequest");
  const limit = Math.min(CHUNK_MAX, u.sizeBytes - u.received);
  const source = input.body instanceof Readable ? input.body : Readable.fromWeb(input.body as import("node:stream/web").ReadableStream<Uint8Array>);
  const tooLarge = async () => {
    await failUpload(db, u, "video.errors.tooLarge", storage);
    return fail("video.errors.tooLarge", { max: Math.round(maxUploadBytes() / 1024 / 1024) }, "tooLarge");
  };
  let written: number;
  let head: Buffer;
  let etag: string | null = null;
  if (u.multipartId) {
    if (!storage.multipart) return fail("video.errors.uploadFailed");
    let body: Buffer;
    try {
      body = await readChunk(source, limit);
    } catch (e) {
      if ((e as Error).message === "TOO_LARGE") return tooLarge();
      return fail("video.errors.chunkInterrupted", { received: u.received });
    }
    if (body.length < limit) return fail("video.errors.chunkInterrupted", { received: u.received });
    head = body.subarray(0, 64);
    if (input.offset === 0 && !sniffContainer(head) && (head.length >= 12 || head.length === u.sizeBytes)) {
      await failUpload(db, u, "video.errors.notVideo", storage);
      return fail("video.errors.notVideo");
    }
    // Chunks before this one were whole, so its part number follows from its offset.
    etag = await storage.multipart.putPart(stagingKey(u.id), u.multipartId, input.offset / CHUNK_MAX + 1, body);
    written = body.length;
  } else {
    const counter = { n: 0 };
    try {
      await pipeline(source, limiter(limit, counter), createWriteStream(partPath(input.uploadId), { flags: "r+", start: input.offset }));
    } catch (e) {
      if ((e as Error).message === "TOO_LARGE") return tooLarge();
      // The connection dropped mid-chunk: the bytes past `received` are written again next time.
      return fail("video.errors.chunkInterrupted", { received: u.received });
    }
    written = counter.n;
    if (input.offset === 0 && written > 0) {
      const fd = await open(partPath(input.uploadId), "r");
      head = Buffer.alloc(64);
      const { bytesRead } = await fd.read(head, 0, 64, 0);
      await fd.close();
      head = head.subarray(0, bytesRead);
      // Judged by the content as soon as its first bytes are here, so a wrong file stops early.
      if ((bytesRead >= 12 || bytesRead === u.sizeBytes) && !sniffContainer(head)) {
        await failUpload(db, u, "video.errors.notVideo", storage);
        return fail("video.errors.notVideo");
      }
    }
  }
  const received = input.offset + written;
  const r = await db
    .update(lessonUploads)
    .set({
      received,
      updatedAt: clock.now(),
      ...(etag ? { partEtags: sql`${lessonUploads.partEtags} || ${JSON.stringify([etag])}::jsonb` } : {}),
    })
    .where(and(eq(lessonUploads.id, input.uploadId), eq(lessonUploads.received, input.offset)))
    .returning({ received: lessonUploads.received });
  if (!r.length) {
    const [now] = await db.select({ received: lessonUploads.received }).from(lessonUploads).where(eq(lessonUploads.id, input.uploadId));
    return fail("video.errors.offsetMismatch", { received: now?.received ?? 0 }, "conflict");
  }
  return ok({ received, size: u.sizeBytes });
}

/**
 * Joins a multipart upload's parts in the bucket, once (a retried complete finds the joined
 * object), and holds the joined object to the size declared at the start: a direct upload whose
 * parts were longer or shorter is refused here, before a byte of it is read.
 */
async function joinParts(db: Db, u: UploadRow, storage: MediaStorage): Promise<Result<void>> {
  if (!storage.multipart || !u.multipartId) return fail("video.errors.uploadFailed");
  const key = stagingKey(u.id);
  if (!(await storage.stat(key))) {
    const received = receivedOf(u);
    if (received !== u.sizeBytes) return fail("video.errors.incomplete", { received, size: u.sizeBytes });
    try {
      await storage.multipart.complete(key, u.multipartId, u.partEtags);
    } catch (e) {
      // Parts the app sent itself always join; a browser's may not (a reported ETag that is not
      // the part's, a part of the wrong length): that upload is over, the trainer starts again.
      if (!u.direct) throw e;
      await failUpload(db, u, "video.errors.uploadFailed", storage);
      return fail("video.errors.uploadFailed");
    }
  }
  const joined = await storage.stat(key);
  if (joined?.size !== u.sizeBytes) {
    await failUpload(db, u, "video.errors.sizeMismatch", storage);
    return fail("video.errors.sizeMismatch", { size: u.sizeBytes, received: joined?.size ?? 0 });
  }
  return ok(undefined);
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
  if (u.multipartId) {
    const joined = await joinParts(db, u, storage);
    if (!joined.ok) return joined;
    // Fetched into a scratch file of this instance for the checks.
    await mkdir(uploadTmpDir(), { recursive: true });
    await pipeline(await storage.read(stagingKey(u.id)), createWriteStream(file));
  }
  const onDisk = await stat(file).catch(() => null);
  const received = receivedOf(u);
  // A joined upload's size was checked by joinParts.
  if (!onDisk || (!u.multipartId && received !== u.sizeBytes) || onDisk.size < u.sizeBytes) {
    return fail("video.errors.incomplete", { received, size: u.sizeBytes });
  }

  const checked = await inspectFile(file);
  if (!checked.ok) {
    await failUpload(db, u, checked.code, storage);
    return checked;
  }
  const probe = await probeDuration(file);
  if (!probe.ok) {
    await failUpload(db, u, probe.code, storage);
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
  if (u.multipartId) await storage.delete(stagingKey(u.id)).catch(() => {});
  // The replaced video's objects are no longer referenced.
  for (const old of [before?.key, before?.poster]) if (old) await storage.delete(old).catch(() => {});
  // The adaptive copy is made in the background (the `video-transcode` job); the original stays.
  const transcoding = config().FFMPEG && probedBy === "ffprobe";
  if (transcoding) await queueTranscode(db, u.lessonId, key, storage);
  return ok({ lessonId: u.lessonId, durationS, poster: Boolean(posterKey), probedBy, transcoding });
}
