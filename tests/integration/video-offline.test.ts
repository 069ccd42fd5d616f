import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { openSession, sessionKeyOf } from "@/lib/auth/sessions";
import type { Principal } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/user-row";
import { makeTranslator } from "@/lib/i18n";
import {
  completeUpload,
  courseDownloads,
  createCourse,
  createLesson,
  downloadsAllowed,
  lessonDownload,
  setCourseAudience,
  setCourseItems,
  setCourseStatus,
  setLessonStatus,
  startUpload,
  transcodePending,
  writeChunk,
} from "@/lib/video";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/**
 * 离线观看 (issue 16), the server's part: a download is the lowest rung, signed for the user and
 * expiring 30 days on; only someone who may watch the lesson gets it; the check tells a device which
 * of its downloads it may keep: a worker whose unit is taken off the course loses the lesson (refused
 * and listed as removable). Progress watched offline goes through the same progress route and rules.
 */
const route = vi.hoisted(() => ({ user: null as CurrentUser | null, db: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => route.user }));
vi.mock("@/lib/core/db", () => ({ getDb: async () => route.db }));
vi.mock("@/app/_lib/i18n", () => ({ getLocale: async () => "zh-CN", getT: async () => makeTranslator("zh-CN") }));

let work: string;
let clip: Buffer;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "jr-offl-"));
  process.env.MEDIA_DIR = path.join(work, "media");
  process.env.AUTH_SECRET ??= "video-offline-test-secret-0123456789abcdef";
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

const NOW = Date.parse("2026-12-06T10:00:00Z");
const DAY = 24 * 3600_000;

describe.each(drivers())("offline lessons on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let me: CurrentUser;
  let outsider: CurrentUser;
  let lessonId: number;
  let courseId: number;
  let t09: number;

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

  const post = async (
    mod: { POST: (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response> },
    url: string,
    body: unknown,
    params: unknown = {},
  ) => {
    const r = await mod.POST(new Request(`http://x${url}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }), {
      params: Promise.resolve(params),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    route.db = h.db;
    await seedDemo(h.db, { members: 40 });
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    me = await currentUser(await principalOf(h.db, "900004", [{ role: "worker", scope: null }]));
    const [o] = rowsOf<{ employee_no: string }>(
      await h.db.execute(
        sql`SELECT m.employee_no FROM members m JOIN org_units u ON u.id = m.org_unit_id
          WHERE u.path LIKE (SELECT path || '%' FROM org_units WHERE code = 'T10') AND m.employee_no NOT LIKE '9000%' ORDER BY 1 LIMIT 1`,
      ),
    );
    outsider = await currentUser(await principalOf(h.db, o!.employee_no, [{ role: "worker", scope: null }]));
    const made = await createLesson(h.db, trainer, { title: "离线测试", description: "", specialty: "oil_production", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    lessonId = made.value;
    const s = await startUpload(h.db, trainer, { lessonId, fileName: "clip.mp4", size: clip.length });
    if (!s.ok) throw new Error(s.code);
    const w = await writeChunk(h.db, trainer, { uploadId: s.value.uploadId, offset: 0, body: Readable.from([clip]) });
    if (!w.ok) throw new Error(w.code);
    await completeUpload(h.db, trainer, { uploadId: s.value.uploadId });
    expect(await transcodePending(h.db)).toEqual({ done: 1, failed: 0 });
    expect((await setLessonStatus(h.db, trainer, lessonId, "published")).ok).toBe(true);
    const c = await createCourse(h.db, trainer, { title: "九队离线", specialty: "", description: "" });
    if (!c.ok) throw new Error(c.code);
    courseId = c.value;
    t09 = Number(first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE code = 'T09'`))).id);
    expect((await setCourseItems(h.db, trainer, courseId, [{ kind: "lesson", refId: lessonId, required: true }])).ok).toBe(true);
    expect((await setCourseAudience(h.db, trainer, courseId, { orgUnitIds: [t09], jobIds: [] })).ok).toBe(true);
    expect((await setCourseStatus(h.db, trainer, courseId, "published")).ok).toBe(true);
  });
  afterAll(async () => h?.close());

  it("a download is the lowest rung, signed for the worker, expiring 30 days on; its playlist plays with that token", async () => {
    const d = await lessonDownload(h.db, me, lessonId, NOW);
    if (!d.ok) throw new Error(d.code);
    expect(d.value).toMatchObject({ lessonId, title: "离线测试", rung: "240p", expiresAt: NOW + 30 * DAY });
    expect(d.value.bytes).toBeGreaterThan(1000);
    expect(await courseDownloads(h.db, me, courseId)).toEqual([{ lessonId, title: "离线测试", bytes: d.value.bytes }]);

    route.user = me;
    const dl = await import("@/app/api/lessons/[id]/download/route");
    const res = await post(dl, `/api/lessons/${lessonId}/download`, {}, { id: String(lessonId) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, rung: "240p", lessonId });
    const playlist = String(res.json.playlist);
    expect(playlist).toMatch(new RegExp(`^/api/media/lessons/${lessonId}/hls/240p/index\\.m3u8\\?t=`));
    // The playlist (and so its segments) with that token, without a session.
    route.user = null;
    const hls = await import("@/app/api/media/lessons/[id]/hls/[...file]/route");
    const r = await hls.GET(new Request(`http://x${playlist}`), { params: Promise.resolve({ id: String(lessonId), file: ["240p", "index.m3u8"] }) });
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/seg_0000\.ts\?t=/);
  });

  it("refuses a worker not on the course; the check lists what each may keep; losing access makes the download removable", async () => {
    const dl = await import("@/app/api/lessons/[id]/download/route");
    const check = await import("@/app/api/downloads/check/route");
    route.user = outsider;
    expect((await post(dl, `/api/lessons/${lessonId}/download`, {}, { id: String(lessonId) })).status).toBe(404);
    expect((await post(check, "/api/downloads/check", { lessonIds: [lessonId] })).json).toEqual({ ok: true, allowed: [] });
    route.user = me;
    expect((await post(check, "/api/downloads/check", { lessonIds: [lessonId, 999999] })).json).toEqual({ ok: true, allowed: [lessonId] });
    // Bad input: refused with a message, nothing else.
    const bad = await post(check, "/api/downloads/check", { lessonIds: ["x"] });
    expect(bad.status).toBe(400);
    expect(String(bad.json.message)).not.toBe("");
    route.user = null;
    expect((await post(check, "/api/downloads/check", { lessonIds: [lessonId] })).status).toBe(401);

    // 采油九队 is taken off the course: the worker's download goes.
    expect((await setCourseAudience(h.db, trainer, courseId, { orgUnitIds: [], jobIds: [] })).ok).toBe(true);
    expect(await downloadsAllowed(h.db, me, [lessonId])).toEqual({ ok: true, value: [] });
    route.user = me;
    expect((await post(check, "/api/downloads/check", { lessonIds: [lessonId] })).json).toEqual({ ok: true, allowed: [] });
    expect((await post(dl, `/api/lessons/${lessonId}/download`, {}, { id: String(lessonId) })).status).toBe(404);
    expect(await courseDownloads(h.db, me, courseId)).toEqual([]);
    expect((await setCourseAudience(h.db, trainer, courseId, { orgUnitIds: [t09], jobIds: [] })).ok).toBe(true);
  });

  it("progress watched offline, sent later, is merged by the progress route's own rules (an impossible report refused)", async () => {
    route.user = me;
    const progress = await import("@/app/api/lessons/[id]/progress/route");
    const at = Date.now();
    const ok = await post(progress, `/api/lessons/${lessonId}/progress`, { segments: [[0, 2]], positionS: 2, at }, { id: String(lessonId) });
    expect(ok.json).toMatchObject({ ok: true, segments: [[0, 2]] });
    // The same queue sent twice (a retry): nothing changes.
    const again = await post(progress, `/api/lessons/${lessonId}/progress`, { segments: [[0, 2]], positionS: 2, at }, { id: String(lessonId) });
    expect(again.json).toMatchObject({ ok: true, segments: [[0, 2]] });
    const beyond = await post(progress, `/api/lessons/${lessonId}/progress`, { segments: [[0, 60]], positionS: 60, at: at + 1 }, { id: String(lessonId) });
    expect(beyond.status).toBe(422);
    expect(beyond.json.code).toBe("video.errors.segmentBeyondEnd");
  });
});
