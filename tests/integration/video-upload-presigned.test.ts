import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { lessonUploads, lessons, members, orgUnits, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { LocalStorage, type S3Storage } from "@/lib/storage";
import { completeUpload, createLesson, partUrls, recordPart, startUpload, uploadProgress, writeChunk } from "@/lib/video";
import { createTestDb, drivers } from "../helpers/db";
import { first } from "../helpers/rows";
import { startS3rver, type LocalS3 } from "../helpers/s3rver";

/**
 * Direct uploads (issue 17): with object storage the browser PUTs a lesson video's parts straight
 * to the bucket with presigned part URLs, and no video byte passes through the app until the
 * checks at the end. Here a real S3-protocol server on loopback (s3rver, with the CORS rule the
 * README gives) takes the parts from plain `fetch` PUTs, as a browser sends them.
 */
const ORIGIN = "http://localhost:3141";
const MiB = 1024 * 1024;
/** The README's CORS rule, for the site at ORIGIN. */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>${ORIGIN}</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

describe.each(drivers())("direct uploads to the bucket on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let otherTrainer: Principal;
  let worker: Principal;
  let s3: LocalS3;
  let storage: S3Storage;
  let mediaDir: string;
  let video: Buffer;

  beforeAll(async () => {
    h = await createTestDb(driver);
    const unit = first(await h.db.insert(orgUnits).values({ kind: "area", name: "作业区", code: "A", path: "/1/" }).returning({ id: orgUnits.id }));
    const person = async (employeeNo: string, role: "trainer" | "worker"): Promise<Principal> => {
      const m = first(
        await h.db.insert(members).values({ employeeNo, name: employeeNo, orgUnitId: unit.id, specialty: "oil_production" }).returning({ id: members.id }),
      );
      const u = first(await h.db.insert(users).values({ memberId: m.id, passwordHash: "-" }).returning({ id: users.id }));
      return { userId: u.id, memberId: m.id, roles: [{ role, scopePath: null }] };
    };
    trainer = await person("900003", "trainer");
    otherTrainer = await person("900013", "trainer");
    worker = await person("900004", "worker");
    s3 = await startS3rver(CORS);
    storage = s3.storage();
    // A real MP4 followed by a `free` box of random bytes: 17 MiB, three parts of 8, 8 and 1 MiB.
    const mp4 = await readFile(path.resolve("tests/fixtures/video/test-pattern.mp4"));
    const padding = randomBytes(17 * MiB - mp4.length - 8);
    const free = Buffer.alloc(8);
    free.writeUInt32BE(padding.length + 8, 0);
    free.write("free", 4, "latin1");
    video = Buffer.concat([mp4, free, padding]);
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await s3.close();
  });
  beforeEach(async () => {
    mediaDir = await mkdtemp(path.join(os.tmpdir(), "jr-media-"));
    process.env.MEDIA_DIR = mediaDir;
  });
  afterEach(async () => {
    delete process.env.MEDIA_DIR;
    delete process.env.S3_PRESIGNED_UPLOADS;
    await rm(mediaDir, { recursive: true, force: true });
  });

  const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
  const newLesson = async () => {
    const made = await createLesson(h.db, trainer, { title: "抽油机启机前检查", description: "", specialty: "oil_production", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    return made.value;
  };
  const lessonRow = async (id: number) => first(await h.db.select().from(lessons).where(eq(lessons.id, id)));
  const uploadRow = async (id: string) => first(await h.db.select().from(lessonUploads).where(eq(lessonUploads.id, id)));
  const begin = async (lessonId: number, size = video.length) => {
    const s = await startUpload(h.db, trainer, { lessonId, fileName: "泵.mp4", size, direct: true }, storage);
    if (!s.ok) throw new Error(s.code);
    expect(s.value.direct).toBe(true);
    return s.value;
  };
  /** The browser's part: a presigned URL from the app, the PUT to the bucket, the ETag reported. */
  const sendPart = async (uploadId: string, n: number, body: Buffer, who = trainer) => {
    const u = await partUrls(h.db, who, { uploadId, partNumbers: [n] }, storage);
    if (!u.ok) throw new Error(u.code);
    const url = u.value.urls[0]?.url as string;
    const put = await fetch(url, { method: "PUT", body: new Uint8Array(body), headers: { Origin: ORIGIN } });
    expect(put.status).toBe(200);
    const etag = put.headers.get("etag");
    if (!etag) throw new Error("no ETag");
    return recordPart(h.db, who, { uploadId, partNumber: n, etag });
  };
  const part = (n: number, partSize = 8 * MiB) => video.subarray((n - 1) * partSize, n * partSize);

  it("parts PUT straight to the bucket join into the file sent: checked, linked to the lesson, nothing through the app's disk", async () => {
    const lessonId = await newLesson();
    const { uploadId, chunkSize } = await begin(lessonId);
    expect(chunkSize).toBe(8 * MiB);

    // The URLs: this upload's multipart upload and part, its length signed in, valid 10 minutes,
    // no checksum of an empty body (which S3 would hold the part to).
    const urls = await partUrls(h.db, trainer, { uploadId, partNumbers: [1, 3] }, storage);
    if (!urls.ok) throw new Error(urls.code);
    expect(urls.value.expiresInS).toBe(600);
    const row = await uploadRow(uploadId);
    for (const [i, n] of [1, 3].entries()) {
      const url = new URL(urls.value.urls[i]?.url as string);
      expect(url.pathname).toBe(`/media/tmp/uploads/${uploadId}`);
      expect(url.searchParams.get("uploadId")).toBe(row.multipartId);
      expect(url.searchParams.get("partNumber")).toBe(String(n));
      expect(url.searchParams.get("X-Amz-Expires")).toBe("600");
      expect(url.searchParams.get("X-Amz-SignedHeaders")?.split(";")).toContain("content-length");
      expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().startsWith("x-amz-checksum"))).toEqual([]);
    }

    // The bucket's CORS lets the site's pages PUT and read the ETag.
    const preflight = await fetch(urls.value.urls[0]?.url as string, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "Access-Control-Request-Method": "PUT" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
    const put1 = await fetch(urls.value.urls[0]?.url as string, { method: "PUT", body: new Uint8Array(part(1)), headers: { Origin: ORIGIN } });
    expect(put1.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(await recordPart(h.db, trainer, { uploadId, partNumber: 1, etag: put1.headers.get("etag") as string })).toMatchObject({
      ok: true,
      value: { partsIn: [1], received: 8 * MiB, size: video.length },
    });
    expect(await sendPart(uploadId, 3, part(3))).toMatchObject({ ok: true, value: { partsIn: [1, 3] } });
    expect(await sendPart(uploadId, 2, part(2))).toMatchObject({ ok: true, value: { partsIn: [1, 2, 3], received: video.length } });
    // Such an upload takes no bytes through the app.
    expect(await writeChunk(h.db, trainer, { uploadId, offset: 0, body: Readable.from([part(1)]) }, storage)).toMatchObject({
      ok: false,
      code: "video.errors.notThroughApp",
    });
    expect(await readdir(mediaDir, { recursive: true })).toEqual([]);

    const done = await completeUpload(h.db, trainer, { uploadId, browserDurationS: 3 }, storage);
    expect(done).toMatchObject({ ok: true, value: { lessonId } });
    const l = await lessonRow(lessonId);
    expect(l.sizeBytes).toBe(video.length);
    expect(l.mime).toBe("video/mp4");
    const stored: Buffer[] = [];
    for await (const b of await storage.read(l.storageKey as string)) stored.push(b as Buffer);
    expect(sha256(Buffer.concat(stored))).toBe(sha256(video));
    expect(await storage.stat(`tmp/uploads/${uploadId}`)).toBeNull();
    expect((await readdir(mediaDir, { recursive: true })).filter((f) => f.endsWith(".part"))).toEqual([]);
    // Done: no more URLs for it.
    expect(await partUrls(h.db, trainer, { uploadId, partNumbers: [1] }, storage)).toMatchObject({ ok: false, code: "video.errors.uploadDone" });
  }, 120_000);

  it("resumes after a dropped connection: the app says which parts are in, completing early changes nothing", async () => {
    const lessonId = await newLesson();
    const { uploadId } = await begin(lessonId);
    await sendPart(uploadId, 1, part(1));
    await sendPart(uploadId, 3, part(3));
    // Part 2 was cut off mid-way: the bucket has a piece of it, the app no ETag.
    const cut = await partUrls(h.db, trainer, { uploadId, partNumbers: [2] }, storage);
    if (!cut.ok) throw new Error(cut.code);
    await fetch(cut.value.urls[0]?.url as string, { method: "PUT", body: new Uint8Array(part(2).subarray(0, MiB)) });

    // A reload later: the browser asks how far it got.
    expect(await uploadProgress(h.db, trainer, uploadId)).toMatchObject({
      ok: true,
      value: { direct: true, partSize: 8 * MiB, partsIn: [1, 3], received: 9 * MiB, size: video.length, state: "receiving" },
    });
    expect(await completeUpload(h.db, trainer, { uploadId, browserDurationS: 3 }, storage)).toMatchObject({
      ok: false,
      code: "video.errors.incomplete",
      params: { received: 9 * MiB, size: video.length },
    });
    expect((await uploadRow(uploadId)).state).toBe("receiving");
    expect((await lessonRow(lessonId)).storageKey).toBeNull();

    // Part 2 sent again, whole: it replaces the piece, and the upload completes.
    await sendPart(uploadId, 2, part(2));
    expect(await completeUpload(h.db, trainer, { uploadId, browserDurationS: 3 }, storage)).toMatchObject({ ok: true });
    const stored: Buffer[] = [];
    for await (const b of await storage.read((await lessonRow(lessonId)).storageKey as string)) stored.push(b as Buffer);
    expect(sha256(Buffer.concat(stored))).toBe(sha256(video));
  }, 120_000);

  it("only the one who started it, while they may change the lesson, gets URLs, reports parts or asks", async () => {
    const lessonId = await newLesson();
    const { uploadId } = await begin(lessonId);
    const lostRights: Principal = { ...trainer, roles: [{ role: "worker", scopePath: null }] };
    for (const who of [otherTrainer, worker, lostRights, { userId: 0, memberId: 0, roles: [] } as Principal]) {
      const refused = who === lostRights ? "video.errors.notYours" : "video.errors.uploadNotFound";
      expect(await partUrls(h.db, who, { uploadId, partNumbers: [1] }, storage)).toMatchObject({ ok: false, code: refused });
      expect(await recordPart(h.db, who, { uploadId, partNumber: 1, etag: '"0123456789abcdef0123456789abcdef"' })).toMatchObject({ ok: false, code: refused });
      expect(await uploadProgress(h.db, who, uploadId)).toMatchObject({ ok: false, code: refused });
      expect(await completeUpload(h.db, who, { uploadId, browserDurationS: 3 }, storage)).toMatchObject({ ok: false, code: refused });
    }
    expect((await uploadRow(uploadId)).partEtags).toEqual(["", "", ""]);
  });

  it("refuses part numbers outside 1..the parts of the declared size, bad ETags and URLs for an upload through the app", async () => {
    const lessonId = await newLesson();
    const { uploadId } = await begin(lessonId);
    for (const partNumbers of [[0], [4], [-1], [1.5], [Number.NaN], [1, 4], []]) {
      const r = await partUrls(h.db, trainer, { uploadId, partNumbers }, storage);
      expect(r, JSON.stringify(partNumbers)).toMatchObject({ ok: false, code: "video.errors.badPart", kind: "badRequest", params: { count: 3 } });
    }
    expect(await partUrls(h.db, trainer, { uploadId, partNumbers: Array.from({ length: 21 }, () => 1) }, storage)).toMatchObject({
      ok: false,
      code: "video.errors.badRequest",
    });
    for (const partNumber of [0, 4, 2.5]) {
      expect(await recordPart(h.db, trainer, { uploadId, partNumber, etag: '"0123456789abcdef0123456789abcdef"' })).toMatchObject({
        ok: false,
        code: "video.errors.badPart",
      });
    }
    for (const etag of ["", "a b", "x".repeat(300), '"\n"']) {
      expect(await recordPart(h.db, trainer, { uploadId, partNumber: 1, etag })).toMatchObject({ ok: false, code: "video.errors.badRequest" });
    }
    expect((await uploadRow(uploadId)).partEtags).toEqual(["", "", ""]);
    // Asked not to go direct (or when S3_PRESIGNED_UPLOADS is off, or on local storage), the upload goes through the app.
    const through = await startUpload(h.db, trainer, { lessonId, fileName: "x.mp4", size: video.length }, storage);
    process.env.S3_PRESIGNED_UPLOADS = "false";
    const off = await startUpload(h.db, trainer, { lessonId, fileName: "x.mp4", size: video.length, direct: true }, storage);
    delete process.env.S3_PRESIGNED_UPLOADS;
    const local = await startUpload(h.db, trainer, { lessonId, fileName: "x.mp4", size: video.length, direct: true }, new LocalStorage(mediaDir));
    for (const s of [through, off, local]) {
      if (!s.ok) throw new Error(s.code);
      expect(s.value).toMatchObject({ direct: false, chunkSize: 8 * MiB });
      expect(await partUrls(h.db, trainer, { uploadId: s.value.uploadId, partNumbers: [1] }, storage)).toMatchObject({
        ok: false,
        code: "video.errors.notDirect",
      });
    }
  });

  it("a file larger or smaller than declared is refused at completion, before its bytes are read, and reaches no lesson", async () => {
    for (const [last, sent] of [
      ["larger", Buffer.concat([part(3), randomBytes(2 * MiB)])],
      ["smaller", part(3).subarray(0, MiB / 2)],
    ] as const) {
      const lessonId = await newLesson();
      const { uploadId } = await begin(lessonId);
      await sendPart(uploadId, 1, part(1));
      await sendPart(uploadId, 2, part(2));
      // s3rver takes a part of any length; S3 would refuse it already (the URL signs the length).
      expect(await sendPart(uploadId, 3, sent), last).toMatchObject({ ok: true });
      expect(await completeUpload(h.db, trainer, { uploadId, browserDurationS: 3 }, storage), last).toMatchObject({
        ok: false,
        code: "video.errors.sizeMismatch",
      });
      expect((await uploadRow(uploadId)).state).toBe("failed");
      expect((await lessonRow(lessonId)).storageKey).toBeNull();
      expect(await storage.stat(`tmp/uploads/${uploadId}`)).toBeNull();
      expect(await readdir(mediaDir)).toEqual([]);
      // And stays refused.
      expect(await completeUpload(h.db, trainer, { uploadId, browserDurationS: 3 }, storage)).toMatchObject({ ok: false, code: "video.errors.sizeMismatch" });
      expect(await partUrls(h.db, trainer, { uploadId, partNumbers: [3] }, storage)).toMatchObject({ ok: false, code: "video.errors.sizeMismatch" });
    }
  }, 120_000);

  it("parts the bucket no longer has (a lifecycle rule dropped the unfinished upload) end the upload; a non-video is refused by the same checks", async () => {
    const lessonId = await newLesson();
    const { uploadId } = await begin(lessonId);
    for (const n of [1, 2, 3]) await sendPart(uploadId, n, part(n));
    // The bucket's rule for unfinished multipart uploads (AbortIncompleteMultipartUpload) ran.
    await rm(path.join(s3.dir, "media", "._S3rver_uploads", (await uploadRow(uploadId)).multipartId as string), { recursive: true });
    expect(await completeUpload(h.db, trainer, { uploadId, browserDurationS: 3 }, storage)).toMatchObject({ ok: false, code: "video.errors.uploadFailed" });
    expect((await uploadRow(uploadId)).state).toBe("failed");
    expect((await lessonRow(lessonId)).storageKey).toBeNull();

    // Random bytes of the declared size: joined, then judged by their content like any upload.
    const junk = randomBytes(9 * MiB);
    const s = await startUpload(h.db, trainer, { lessonId, fileName: "泵.mp4", size: junk.length, direct: true }, storage);
    if (!s.ok) throw new Error(s.code);
    await sendPart(s.value.uploadId, 1, junk.subarray(0, 8 * MiB));
    await sendPart(s.value.uploadId, 2, junk.subarray(8 * MiB));
    expect(await completeUpload(h.db, trainer, { uploadId: s.value.uploadId, browserDurationS: 3 }, storage)).toMatchObject({
      ok: false,
      code: "video.errors.notVideo",
    });
    expect((await lessonRow(lessonId)).storageKey).toBeNull();
    expect(await storage.stat(`tmp/uploads/${s.value.uploadId}`)).toBeNull();
  }, 120_000);
});
