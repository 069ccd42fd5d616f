import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { lessonRenditions } from "@/db/schema";
import { openSession, sessionKeyOf } from "@/lib/auth/sessions";
import type { Principal } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/user-row";
import { makeTranslator } from "@/lib/i18n";
import { jobDefinitions } from "@/lib/jobs/definitions";
import { inProcessRunner } from "@/lib/jobs/runner";
import {
  completeUpload,
  createCourse,
  createLesson,
  dataSaverOf,
  hlsToken,
  lessonCost,
  lessonLadderFor,
  renditionForTrainer,
  setCourseAudience,
  setCourseItems,
  setCourseStatus,
  setDataSaver,
  setLessonStatus,
  startUpload,
  transcodePending,
  viewerOf,
  writeChunk,
} from "@/lib/video";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import { startS3rver } from "../helpers/s3rver";

/**
 * Issue 16, adaptive video: an upload queues the `video-transcode` job; the job (run by the
 * in-process runner, as on the embedded database) turns a small generated clip (ffmpeg testsrc,
 * 640×360, 3 s, with sound) into the 240p and 360p rungs — not 720p, above the source — stored
 * through the storage layer, with progress at 100; the rungs' segments cover the same media time;
 * the HLS route serves playlists whose every URI carries the token, and refuses a worker outside
 * the course, a tampered token and a token of another lesson. Then 省流量 and the cost per rung.
 */
const route = vi.hoisted(() => ({ user: null as CurrentUser | null, db: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => route.user }));
vi.mock("@/lib/core/db", () => ({ getDb: async () => route.db }));
vi.mock("@/app/_lib/i18n", () => ({ getLocale: async () => "zh-CN", getT: async () => makeTranslator("zh-CN") }));

let work: string;
let clip: Buffer;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "jr-hls-"));
  process.env.MEDIA_DIR = path.join(work, "media");
  process.env.AUTH_SECRET ??= "video-hls-test-secret-0123456789abcdef";
  const file = path.join(work, "clip.mp4");
  execFileSync("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=3", "-f", "lavfi", "-i", "sine=frequency=440:duration=3"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
  ]);
  clip = await readFile(file);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The EXTINF durations of a media playlist. */
const extinf = (m3u8: string) => [...m3u8.matchAll(/#EXTINF:([0-9.]+)/g)].map((x) => Number(x[1]));
const uris = (m3u8: string) => m3u8.split("\n").filter((l) => l.trim() && !l.startsWith("#"));

describe.each(drivers())("the HLS ladder on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let worker: Principal;
  let outsider: Principal;
  let lessonId: number;
  let otherLessonId: number;

  async function currentUser(p: Principal): Promise<CurrentUser> {
    const r = first(
      rowsOf<{ employee_no: string; name: string; org_unit_id: number; path: string; job_id: number | null }>(
        await h.db.execute(
          sql`SELECT m.employee_no, m.name, m.org_unit_id, ou.path, m.job_id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.id = ${p.memberId}`,
        ),
      ),
    );
    const sid = await openSession(h.db, p.userId, new Date());
    return {
      ...p,
      employeeNo: r.employee_no,
      name: r.name,
      orgUnitId: Number(r.org_unit_id),
      orgPath: r.path,
      jobId: r.job_id === null ? null : Number(r.job_id),
      sessionVersion: 1,
      sessionKey: sessionKeyOf(sid),
      mustChangePassword: false,
    };
  }

  async function uploadClip(id: number, by: Principal) {
    const s = await startUpload(h.db, by, { lessonId: id, fileName: "clip.mp4", size: clip.length });
    if (!s.ok) throw new Error(s.code);
    const w = await writeChunk(h.db, by, { uploadId: s.value.uploadId, offset: 0, body: Readable.from([clip]) });
    if (!w.ok) throw new Error(w.code);
    return completeUpload(h.db, by, { uploadId: s.value.uploadId });
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    worker = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const [o] = rowsOf<{ employee_no: string }>(
      await h.db.execute(
        sql`SELECT m.employee_no FROM members m JOIN org_units u ON u.id = m.org_unit_id
          WHERE u.path LIKE (SELECT path || '%' FROM org_units WHERE code = 'T10') AND m.employee_no NOT LIKE '9000%' ORDER BY 1 LIMIT 1`,
      ),
    );
    outsider = await principalOf(h.db, o!.employee_no, [{ role: "worker", scope: null }]);
    const made = await createLesson(h.db, trainer, { title: "HLS 测试", description: "", specialty: "oil_production", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    lessonId = made.value;
    const other = await createLesson(h.db, trainer, { title: "另一课", description: "", specialty: "", requiredPercent: 90 });
    if (!other.ok) throw new Error(other.code);
    otherLessonId = other.value;
  });
  afterAll(async () => h?.close());

  it("an upload queues the job; the job makes 240p and 360p (not 720p) in storage, progress 100, the same media time in every rung", async () => {
    const done = await uploadClip(lessonId, trainer);
    expect(done).toMatchObject({ ok: true, value: { transcoding: true } });
    expect(await renditionForTrainer(h.db, trainer, lessonId)).toMatchObject({ ok: true, value: { state: "queued", percent: 0 } });
    expect(await renditionForTrainer(h.db, worker, lessonId)).toMatchObject({ ok: false, kind: "forbidden" });

    // The job, as the embedded database's runner runs it (the web's kickJob asks it to run now).
    const runner = inProcessRunner(
      h.db,
      jobDefinitions({ SWEEP_INTERVAL_S: 60, POINTS_SWEEP_S: 600, NOTIFY_SEND_S: 15 }).filter((j) => j.name === "video-transcode"),
      { schedule: false },
    );
    await runner.start();
    await runner.trigger("video-transcode");
    await runner.stop();
    const [run] = rowsOf<{ ok: boolean }>(await h.db.execute(sql`SELECT ok FROM job_runs WHERE job = 'video-transcode'`));
    expect(run?.ok).toBe(true);

    const r = first(await h.db.select().from(lessonRenditions).where(eq(lessonRenditions.lessonId, lessonId)));
    expect(r).toMatchObject({ state: "done", percent: 100, error: null });
    expect(r.rungs.map((x) => x.name)).toEqual(["240p", "360p"]);
    for (const rung of r.rungs) expect(rung.bytes).toBeGreaterThan(10_000);
    const { getStorage } = await import("@/lib/storage");
    const storage = getStorage();
    const text = async (rel: string) => {
      const chunks: Buffer[] = [];
      for await (const c of await storage.read(`${r.prefix}/${rel}`)) chunks.push(Buffer.from(c as Buffer));
      return Buffer.concat(chunks).toString("utf8");
    };
    for (const f of r.files) expect(await storage.stat(`${r.prefix}/${f}`), f).not.toBeNull();
    const master = await text("master.m3u8");
    expect(master).toMatch(/RESOLUTION=\d+x240/);
    expect(master).toMatch(/RESOLUTION=\d+x360/);
    expect(master).not.toMatch(/x720/);
    expect(uris(master)).toEqual(["240p/index.m3u8", "360p/index.m3u8"]);
    // Key frames on one grid: segment i covers the same media seconds at 240p and at 360p, so
    // the player's currentTime (what progress records) means the same whichever rung plays.
    const low = extinf(await text("240p/index.m3u8"));
    const high = extinf(await text("360p/index.m3u8"));
    expect(low.length).toBeGreaterThan(0);
    expect(high.length).toBe(low.length);
    for (const [i, d] of low.entries()) expect(Math.abs(d - high[i]!)).toBeLessThan(0.05);
    expect(Math.abs(low.reduce((a, b) => a + b, 0) - 3)).toBeLessThan(0.2);
    // The original stays the lesson's file (the trainer's download).
    const [l] = rowsOf<{ storage_key: string }>(await h.db.execute(sql`SELECT storage_key FROM lessons WHERE id = ${lessonId}`));
    expect(r.sourceKey).toBe(l!.storage_key);
    expect(await storage.stat(l!.storage_key)).not.toBeNull();
  });

  it("serves signed playlists to a worker on the course; refuses a worker outside it, a tampered token, another lesson's token", async () => {
    expect((await setLessonStatus(h.db, trainer, lessonId, "published")).ok).toBe(true);
    const c = await createCourse(h.db, trainer, { title: "九队 HLS", specialty: "", description: "" });
    if (!c.ok) throw new Error(c.code);
    const [t09] = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE code = 'T09'`));
    expect((await setCourseItems(h.db, trainer, c.value, [{ kind: "lesson", refId: lessonId, required: true }])).ok).toBe(true);
    expect((await setCourseAudience(h.db, trainer, c.value, { orgUnitIds: [Number(t09!.id)], jobIds: [] })).ok).toBe(true);
    expect((await setCourseStatus(h.db, trainer, c.value, "published")).ok).toBe(true);

    route.db = h.db;
    const hls = await import("@/app/api/media/lessons/[id]/hls/[...file]/route");
    const get = async (id: number, file: string, token?: string) => {
      const r = await hls.GET(new Request(`http://x/api/media/lessons/${id}/hls/${file}${token ? `?t=${encodeURIComponent(token)}` : ""}`), {
        params: Promise.resolve({ id: String(id), file: file.split("/") }),
      });
      return { status: r.status, type: r.headers.get("content-type"), body: Buffer.from(await r.arrayBuffer()) };
    };

    const me = await currentUser(worker);
    const ladder = await lessonLadderFor(h.db, viewerOf(me), lessonId);
    expect(ladder?.rungs.map((x) => x.name)).toEqual(["240p", "360p"]);
    const token = hlsToken(me, lessonId, ladder!.prefix).token;

    // With the token, no session needed: every URI of the playlists carries it, and the segment plays.
    route.user = null;
    const master = await get(lessonId, "master.m3u8", token);
    expect(master.status).toBe(200);
    expect(master.type).toBe("application/vnd.apple.mpegurl");
    const variants = uris(master.body.toString());
    expect(variants).toEqual([`240p/index.m3u8?t=${encodeURIComponent(token)}`, `360p/index.m3u8?t=${encodeURIComponent(token)}`]);
    const low = await get(lessonId, "240p/index.m3u8", token);
    const segs = uris(low.body.toString());
    expect(segs.length).toBeGreaterThan(0);
    for (const s of segs) expect(s).toMatch(/^seg_\d{4}\.ts\?t=/);
    const seg = segs[0]!.split("?")[0]!;
    const segment = await get(lessonId, `240p/${seg}`, token);
    expect(segment.status).toBe(200);
    expect(segment.type).toBe("video/mp2t");
    expect(segment.body[0]).toBe(0x47); // an MPEG-TS sync byte
    // Without a token, the session decides: the worker on the course gets a freshly signed playlist.
    route.user = me;
    const bySession = await get(lessonId, "master.m3u8");
    expect(bySession.status).toBe(200);
    expect(uris(bySession.body.toString())[0]).toMatch(/^240p\/index\.m3u8\?t=/);

    // A worker of 采油十队 (not on the course): refused for playlists and segments.
    route.user = await currentUser(outsider);
    for (const f of ["master.m3u8", "240p/index.m3u8", `240p/${seg}`]) expect((await get(lessonId, f)).status, f).toBe(404);
    // A tampered token (a character of its signature changed), a token of another lesson, or of a
    // path outside the ladder: refused, whoever asks.
    route.user = null;
    const sig = token.slice(token.indexOf(".") + 1);
    const tampered = `${token.slice(0, token.indexOf(".") + 1)}${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`;
    expect((await get(lessonId, "master.m3u8", tampered)).status).toBe(403);
    expect((await get(lessonId, `240p/${seg}`, tampered)).status).toBe(403);
    const forged = Buffer.from(JSON.stringify(["hls", lessonId, "lessons", "application/vnd.apple.mpegurl", me.userId, me.sessionKey, Date.now() + 60_000]));
    expect((await get(lessonId, "master.m3u8", `${forged.toString("base64url")}.${sig}`)).status).toBe(403);
    expect((await get(otherLessonId, "master.m3u8", token)).status).toBe(403);
    expect((await get(lessonId, "../../secret.m3u8", token)).status).toBe(404);
    expect((await get(lessonId, "240p/seg_0000.mp4", token)).status).toBe(404);
  });

  it("省流量: the worker's cap over the site's; a bad choice changes nothing; the cost per rung from the measured sizes", async () => {
    expect(await dataSaverOf(h.db, worker)).toMatchObject({ choice: "site", maxHeight: 0 });
    expect((await setDataSaver(h.db, worker, { cap: "240" })).ok).toBe(true);
    expect(await dataSaverOf(h.db, worker)).toMatchObject({ choice: "240", maxHeight: 240 });
    expect(await dataSaverOf(h.db, outsider)).toMatchObject({ choice: "site", maxHeight: 0 });
    process.env.VIDEO_MAX_HEIGHT = "360";
    try {
      expect(await dataSaverOf(h.db, outsider)).toMatchObject({ choice: "site", maxHeight: 360 });
      expect((await setDataSaver(h.db, worker, { cap: "site" })).ok).toBe(true);
      expect(await dataSaverOf(h.db, worker)).toMatchObject({ choice: "site", maxHeight: 360 });
    } finally {
      delete process.env.VIDEO_MAX_HEIGHT;
    }
    const { dataSaverInput } = await import("@/lib/video");
    expect(dataSaverInput.safeParse({ cap: "1080" }).success).toBe(false);
    const ladder = await lessonLadderFor(h.db, viewerOf(await currentUser(worker)), lessonId);
    const cost = lessonCost(ladder!.rungs, ladder!.originalBytes);
    expect(cost.map((c) => c.name)).toEqual(["240p", "360p", "original"]);
    expect(cost[0]!.mb).toBeLessThanOrEqual(cost[1]!.mb);
  });

  it("a video that cannot be read is recorded as failed, with the reason", async () => {
    const id = otherLessonId;
    await h.db.execute(sql`UPDATE lessons SET storage_key = ${`lessons/${id}/broken.mp4`} WHERE id = ${id}`);
    const { getStorage } = await import("@/lib/storage");
    const { writeFile, mkdir } = await import("node:fs/promises");
    const file = getStorage().localPath(`lessons/${id}/broken.mp4`)!;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, clip.subarray(0, 2000));
    const { queueTranscode } = await import("@/lib/video/renditions");
    await queueTranscode(h.db, id, `lessons/${id}/broken.mp4`);
    expect(await transcodePending(h.db)).toEqual({ done: 0, failed: 1 });
    const r = await renditionForTrainer(h.db, trainer, id);
    expect(r).toMatchObject({ ok: true, value: { state: "failed" } });
    expect(r.ok && r.value?.error).toBeTruthy();
  });
});

describe("the ladder in object storage (s3rver on loopback)", () => {
  it("stores playlists and segments in the bucket, from an original read out of it", async () => {
    const s3 = await startS3rver();
    const storage = s3.storage();
    const h = await createTestDb("pglite");
    try {
      await seedDemo(h.db, { members: 10 });
      const trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
      const made = await createLesson(h.db, trainer, { title: "S3 HLS", description: "", specialty: "", requiredPercent: 90 });
      if (!made.ok) throw new Error(made.code);
      const s = await startUpload(h.db, trainer, { lessonId: made.value, fileName: "clip.mp4", size: clip.length });
      if (!s.ok) throw new Error(s.code);
      await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset: 0, body: Readable.from([clip]) });
      expect(await completeUpload(h.db, trainer, { uploadId: s.value.uploadId }, storage)).toMatchObject({ ok: true, value: { transcoding: true } });
      expect(await transcodePending(h.db, storage)).toEqual({ done: 1, failed: 0 });
      const r = first(await h.db.select().from(lessonRenditions).where(eq(lessonRenditions.lessonId, made.value)));
      expect(r.state).toBe("done");
      expect(r.files).toContain("240p/index.m3u8");
      for (const f of r.files) expect(await storage.stat(`${r.prefix}/${f}`), f).not.toBeNull();
    } finally {
      await h.close();
      await s3.close();
    }
  });
});
