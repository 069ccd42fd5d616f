import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { lessonUploads, lessons, members, orgUnits, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { LocalStorage, type MediaStorage } from "@/lib/storage";
import { completeUpload, createLesson, startUpload, writeChunk } from "@/lib/video";
import { createTestDb } from "../helpers/db";
import { first } from "../helpers/rows";
import { startS3rver, type LocalS3 } from "../helpers/s3rver";

/**
 * Uploads end to end through lib/video: chunks streamed to disk, content checks, ffprobe or the
 * browser's duration, storage on disk and in an S3-protocol server on loopback (s3rver), and the
 * bad files a trainer may send: none of them reaches the lesson.
 */
const FIX = path.resolve("tests/fixtures/video");
let webm: Buffer;
let mp4: Buffer;
let h: DbHandle;
let mediaDir: string;
/** The trainer (of the whole organisation) who makes the lessons and uploads their videos. */
let trainer: Principal;

beforeAll(async () => {
  webm = await readFile(path.join(FIX, "test-pattern.webm"));
  mp4 = await readFile(path.join(FIX, "test-pattern.mp4"));
  h = await createTestDb("pglite");
  const unit = first(await h.db.insert(orgUnits).values({ kind: "area", name: "作业区", code: "A", path: "/1/" }).returning({ id: orgUnits.id }));
  const m = first(
    await h.db.insert(members).values({ employeeNo: "900003", name: "培训员", orgUnitId: unit.id, specialty: "oil_production" }).returning({ id: members.id }),
  );
  const u = first(await h.db.insert(users).values({ memberId: m.id, passwordHash: "-" }).returning({ id: users.id }));
  trainer = { userId: u.id, memberId: m.id, roles: [{ role: "trainer", scopePath: null }] };
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "jr-media-"));
  process.env.MEDIA_DIR = mediaDir;
});
afterEach(async () => {
  delete process.env.MEDIA_DIR;
  delete process.env.FFMPEG;
  delete process.env.MAX_UPLOAD_BYTES;
  await rm(mediaDir, { recursive: true, force: true });
});

const input = { title: "抽油机启机前检查", description: "", specialty: "oil_production" as const, requiredPercent: 90 };

async function newLesson(): Promise<number> {
  const made = await createLesson(h.db, trainer, input);
  if (!made.ok) throw new Error(made.code);
  return made.value;
}

/** Sends `bytes` in chunks of `chunk` bytes, as the browser does. */
async function upload(lessonId: number, bytes: Buffer, chunk = 30_000, declared = bytes.length) {
  const s = await startUpload(h.db, trainer, { lessonId, fileName: "x.mp4", size: declared });
  if (!s.ok) return s;
  let offset = 0;
  while (offset < bytes.length) {
    const piece = bytes.subarray(offset, offset + chunk);
    const w = await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset, body: Readable.from([piece]) });
    if (!w.ok) return w;
    offset = w.value.received;
  }
  return { ok: true as const, value: { uploadId: s.value.uploadId } };
}

async function lessonRow(id: number) {
  const l = first(await h.db.select().from(lessons).where(eq(lessons.id, id)));
  return l;
}

describe("uploading a lesson's video to local storage", () => {
  it("streams chunks, resumes after a mismatch, probes with ffprobe and makes a poster", async () => {
    const storage = new LocalStorage(mediaDir);
    const id = await newLesson();
    const s = await startUpload(h.db, trainer, { lessonId: id, fileName: "p.webm", size: webm.length });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const firstChunk = await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset: 0, body: Readable.from([webm.subarray(0, 20_000)]) });
    expect(firstChunk).toEqual({ ok: true, value: { received: 20_000, size: webm.length } });
    // A retried chunk at an old offset is refused with where the server got to.
    const again = await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset: 0, body: Readable.from([webm.subarray(0, 20_000)]) });
    expect(again).toMatchObject({ ok: false, code: "video.errors.offsetMismatch", params: { received: 20_000 } });
    const rest = await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset: 20_000, body: Readable.from([webm.subarray(20_000)]) });
    expect(rest.ok).toBe(true);
    const done = await completeUpload(h.db, trainer, { uploadId: s.value.uploadId }, storage);
    expect(done).toMatchObject({ ok: true, value: { lessonId: id, poster: true, probedBy: "ffprobe" } });
    const l = await lessonRow(id);
    expect(l.durationS).toBeCloseTo(8, 0);
    expect(l.mime).toBe("video/webm");
    expect(l.sizeBytes).toBe(webm.length);
    expect((await readFile(storage.localPath(l.storageKey!))).equals(webm)).toBe(true);
    expect(await storage.stat(l.posterKey!)).not.toBeNull();
  });

  it("takes the browser's duration when there is no ffprobe, and refuses to guess without one", async () => {
    process.env.FFMPEG = "off";
    const storage = new LocalStorage(mediaDir);
    const id = await newLesson();
    const u = await upload(id, mp4);
    expect(u.ok).toBe(true);
    if (!u.ok) return;
    expect(await completeUpload(h.db, trainer, { uploadId: u.value.uploadId }, storage)).toMatchObject({ ok: false, code: "video.errors.noDuration" });
    expect(await completeUpload(h.db, trainer, { uploadId: u.value.uploadId, browserDurationS: 3.0 }, storage)).toMatchObject({
      ok: true,
      value: { durationS: 3, probedBy: "browser", poster: false },
    });
    expect((await lessonRow(id)).mime).toBe("video/mp4");
  });

  it("refuses zero-byte, oversized, non-video and truncated files, and stores nothing", async () => {
    const storage = new LocalStorage(mediaDir);
    const id = await newLesson();
    expect(await startUpload(h.db, trainer, { lessonId: id, fileName: "e.mp4", size: 0 })).toMatchObject({ ok: false, code: "video.errors.empty" });

    process.env.MAX_UPLOAD_BYTES = String(50_000);
    expect(await startUpload(h.db, trainer, { lessonId: id, fileName: "big.webm", size: webm.length })).toMatchObject({
      ok: false,
      code: "video.errors.tooLarge",
    });
    // Declared small, sent big: stopped at the declared size.
    const liar = await upload(id, webm.subarray(0, 45_000), 45_000, 10_000);
    expect(liar).toMatchObject({ ok: false, code: "video.errors.tooLarge" });
    delete process.env.MAX_UPLOAD_BYTES;

    // A text file named .mp4: judged by content from its first chunk.
    const text = Buffer.from("这不是视频文件，只是文字。".repeat(200));
    expect(await upload(id, text)).toMatchObject({ ok: false, code: "video.errors.notVideo" });
    // A JPEG renamed .webm.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000)]);
    expect(await upload(id, jpeg)).toMatchObject({ ok: false, code: "video.errors.notVideo" });

    for (const cut of [mp4.subarray(0, Math.floor(mp4.length * 0.6)), webm.subarray(0, Math.floor(webm.length / 2))]) {
      const u = await upload(id, cut);
      expect(u.ok).toBe(true);
      if (!u.ok) continue;
      expect(await completeUpload(h.db, trainer, { uploadId: u.value.uploadId, browserDurationS: 8 }, storage)).toMatchObject({
        ok: false,
        code: "video.errors.truncated",
      });
    }

    // Completing before every byte is in.
    const s = await startUpload(h.db, trainer, { lessonId: id, fileName: "half.webm", size: webm.length });
    if (!s.ok) throw new Error(s.code);
    await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset: 0, body: Readable.from([webm.subarray(0, 1000)]) });
    expect(await completeUpload(h.db, trainer, { uploadId: s.value.uploadId }, storage)).toMatchObject({ ok: false, code: "video.errors.incomplete" });

    const l = await lessonRow(id);
    expect(l.storageKey).toBeNull();
    expect(l.durationS).toBeNull();
    const failed = await h.db.select().from(lessonUploads).where(eq(lessonUploads.lessonId, id));
    expect(failed.filter((u) => u.state === "done")).toHaveLength(0);
  });
});

describe("object storage on a loopback S3 server", () => {
  let s3: LocalS3;
  let storage: MediaStorage;

  beforeAll(async () => {
    s3 = await startS3rver();
    storage = s3.storage();
  });
  afterAll(async () => {
    await s3.close();
  });

  it("uploads the checked file, and a short-lived signed URL serves byte ranges", async () => {
    const id = await newLesson();
    const u = await upload(id, webm);
    if (!u.ok) throw new Error(u.code);
    const done = await completeUpload(h.db, trainer, { uploadId: u.value.uploadId }, storage);
    expect(done.ok).toBe(true);
    const l = await lessonRow(id);
    expect(await storage.stat(l.storageKey!)).toMatchObject({ size: webm.length });
    expect(await storage.stat(l.posterKey!)).not.toBeNull();
    const url = (await storage.signedUrl(l.storageKey!, 60, "video/webm"))!;
    expect(url).toContain("X-Amz-Signature=");
    expect(url).toContain("X-Amz-Expires=60");
    const r = await fetch(url, { headers: { Range: "bytes=0-1" } });
    expect(r.status).toBe(206);
    expect(Buffer.from(await r.arrayBuffer()).equals(webm.subarray(0, 2))).toBe(true);
    const whole = await fetch(url);
    expect(Buffer.from(await whole.arrayBuffer()).equals(webm)).toBe(true);
  });
});
