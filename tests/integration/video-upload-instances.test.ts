import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { lessonUploads, lessons, members, orgUnits, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import type { S3Storage } from "@/lib/storage";
import { completeUpload, createLesson, startUpload, writeChunk } from "@/lib/video";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";
import { startS3rver, type LocalS3 } from "../helpers/s3rver";

/**
 * Uploads any instance can take (issue 17): with object storage the chunks of one upload are parts
 * of an S3 multipart upload, recorded on the upload's row. Two "instances" here share only the
 * database and the bucket: each has its own S3 client and its own local media folder (MEDIA_DIR is
 * switched before each call), the chunks go to them in turn, and the file assembled in the bucket
 * is the file sent, byte for byte.
 */
describe.each(drivers())("uploads spread over two instances on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let s3: LocalS3;
  const instances: { storage: S3Storage; mediaDir: string }[] = [];

  beforeAll(async () => {
    h = await createTestDb(driver);
    const unit = first(await h.db.insert(orgUnits).values({ kind: "area", name: "作业区", code: "A", path: "/1/" }).returning({ id: orgUnits.id }));
    const m = first(
      await h.db
        .insert(members)
        .values({ employeeNo: "900003", name: "培训员", orgUnitId: unit.id, specialty: "oil_production" })
        .returning({ id: members.id }),
    );
    const u = first(await h.db.insert(users).values({ memberId: m.id, passwordHash: "-" }).returning({ id: users.id }));
    trainer = { userId: u.id, memberId: m.id, roles: [{ role: "trainer", scopePath: null }] };
    s3 = await startS3rver();
    // Each instance its own S3 client on the one bucket.
    for (let i = 0; i < 2; i++)
      instances.push({
        storage: s3.storage(),
        mediaDir: await mkdtemp(path.join(os.tmpdir(), `jr-media-${i}-`)),
      });
  }, 60_000);
  afterAll(async () => {
    delete process.env.MEDIA_DIR;
    await h.close();
    await s3.close();
    for (const d of instances.map((i) => i.mediaDir)) await rm(d, { recursive: true, force: true });
  });

  /** Instance `i`: its media folder becomes the process's, its storage is handed in. */
  const on = (i: number) => {
    const inst = instances[i % 2];
    if (!inst) throw new Error("no instance");
    process.env.MEDIA_DIR = inst.mediaDir;
    return inst.storage;
  };
  const localFiles = async () => {
    const all: string[] = [];
    for (const { mediaDir } of instances) all.push(...((await readdir(mediaDir, { recursive: true }).catch(() => [])) as string[]));
    return all;
  };
  const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
  const newLesson = async () => {
    const made = await createLesson(h.db, trainer, { title: "抽油机启机前检查", description: "", specialty: "oil_production", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    return made.value;
  };

  it("chunks sent to both instances in turn assemble into the file sent (sha256), with nothing left on either's disk", async () => {
    // A real MP4 followed by a `free` box of random bytes: about 2.2 chunks, three parts.
    const mp4 = await readFile(path.resolve("tests/fixtures/video/test-pattern.mp4"));
    const padding = randomBytes(17 * 1024 * 1024 - mp4.length);
    const free = Buffer.alloc(8);
    free.writeUInt32BE(padding.length + 8, 0);
    free.write("free", 4, "latin1");
    const file = Buffer.concat([mp4, free, padding]);
    const lessonId = await newLesson();

    const s = await startUpload(h.db, trainer, { lessonId, fileName: "泵.mp4", size: file.length }, on(0));
    if (!s.ok) throw new Error(s.code);
    const { uploadId, chunkSize } = s.value;
    expect(chunkSize).toBe(8 * 1024 * 1024);
    const row = async () => first(await h.db.select().from(lessonUploads).where(eq(lessonUploads.id, uploadId)));
    expect((await row()).multipartId).toBeTruthy();

    const chunk = (offset: number) => Readable.from([file.subarray(offset, offset + chunkSize)]);
    // Chunk 1 on instance 0.
    const c1 = await writeChunk(h.db, trainer, { uploadId, offset: 0, body: chunk(0) }, on(0));
    expect(c1).toMatchObject({ ok: true, value: { received: chunkSize } });
    // The same chunk again on instance 1 (a retry after a lost answer): told where it got to.
    const again = await writeChunk(h.db, trainer, { uploadId, offset: 0, body: chunk(0) }, on(1));
    expect(again).toMatchObject({ ok: false, kind: "conflict", params: { received: chunkSize } });
    // Half of chunk 2 (a dropped connection): counts nothing, as a short part would break the join.
    const half = await writeChunk(
      h.db,
      trainer,
      { uploadId, offset: chunkSize, body: Readable.from([file.subarray(chunkSize, chunkSize + chunkSize / 2)]) },
      on(1),
    );
    expect(half.ok).toBe(false);
    expect((await row()).received).toBe(chunkSize);
    // Chunk 2 whole on instance 1, the last (short) chunk on instance 0.
    expect(await writeChunk(h.db, trainer, { uploadId, offset: chunkSize, body: chunk(chunkSize) }, on(1))).toMatchObject({
      ok: true,
      value: { received: 2 * chunkSize },
    });
    expect(await writeChunk(h.db, trainer, { uploadId, offset: 2 * chunkSize, body: chunk(2 * chunkSize) }, on(0))).toMatchObject({
      ok: true,
      value: { received: file.length },
    });
    expect((await row()).partEtags).toHaveLength(3);
    // No chunk touched either instance's disk.
    expect(await localFiles()).toEqual([]);

    // Completed on instance 1: checked (ffprobe when present) and stored under the lesson.
    const done = await completeUpload(h.db, trainer, { uploadId, browserDurationS: 3 }, on(1));
    expect(done).toMatchObject({ ok: true, value: { lessonId } });
    const l = first(await h.db.select().from(lessons).where(eq(lessons.id, lessonId)));
    expect(l.sizeBytes).toBe(file.length);
    const stored: Buffer[] = [];
    for await (const b of await on(0).read(l.storageKey as string)) stored.push(b as Buffer);
    expect(sha256(Buffer.concat(stored))).toBe(sha256(file));
    // The joined staging object is gone and was never listed as media; no scratch file stays.
    expect(await on(0).stat(`tmp/uploads/${uploadId}`)).toBeNull();
    const keys: string[] = [];
    for await (const k of on(0).list()) keys.push(k);
    expect(keys.every((k) => !k.startsWith("tmp/"))).toBe(true);
    expect((await localFiles()).filter((f) => f.endsWith(".part"))).toEqual([]);
  }, 120_000);

  it("a first chunk that is no video stops the upload and drops its parts", async () => {
    const lessonId = await newLesson();
    const size = 9 * 1024 * 1024;
    const s = await startUpload(h.db, trainer, { lessonId, fileName: "x.mp4", size }, on(0));
    if (!s.ok) throw new Error(s.code);
    const w = await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset: 0, body: Readable.from([Buffer.alloc(s.value.chunkSize, 7)]) }, on(1));
    expect(w).toMatchObject({ ok: false, code: "video.errors.notVideo" });
    const u = first(await h.db.select().from(lessonUploads).where(eq(lessonUploads.id, s.value.uploadId)));
    expect(u.state).toBe("failed");
    expect(first(await h.db.select().from(lessons).where(eq(lessons.id, lessonId))).storageKey).toBeNull();
  }, 60_000);
});
