import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { CurrentUser } from "@/lib/auth/user-row";
import type { Principal } from "@/lib/auth/permissions";
import type { FailureKind, Result } from "@/lib/core/result";
import { makeTranslator } from "@/lib/i18n";
import {
  assignCourse,
  assignCourseByEmployeeNo,
  completeUpload,
  courseCompletionReport,
  createCourse,
  createLesson,
  learningForMember,
  lessonCompletionReport,
  saveCourseCover,
  setCourseAudience,
  setCourseItems,
  setCourseStatus,
  setLessonStatus,
  startUpload,
  updateCourse,
  updateLesson,
  uploadStatus,
  writeChunk,
} from "@/lib/video";
import { checkMediaToken, MEDIA_TOKEN_TTL_MS, SESSION_CHECK_CACHE_MS, signMediaToken, type MediaGrant } from "@/lib/video/media-token";
import { endSession, openSession, sessionKeyOf } from "@/lib/auth/sessions";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first, firstN } from "../helpers/rows";

/**
 * Issue 11 for video lessons and courses. Principals built here — a trainer scoped to 采油八队
 * (T08), a trainer of the whole area, a manager of 采油九队 and two workers of different teams —
 * call each lib write of the domain outside their ownership or scope: every refusal is asserted
 * together with an unchanged database (courses, their audience, items and enrolments, lessons,
 * uploads, row for row). A scoped trainer's audience edit keeps the units outside their scope;
 * reports name only members inside it; a signed media URL dies with its user's session version
 * and at its expiry; the media and lesson routes answer bad ids with 404.
 */

// The route handlers, called as Next calls them, with the session and the database handed in.
const route = vi.hoisted(() => ({ user: null as CurrentUser | null, db: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => route.user }));
vi.mock("@/lib/core/db", () => ({ getDb: async () => route.db }));
vi.mock("@/app/_lib/i18n", () => ({ getLocale: async () => "zh-CN", getT: async () => makeTranslator("zh-CN") }));

const TABLES = ["courses", "course_audience", "course_items", "course_enrolments", "lessons", "lesson_uploads"];
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const WEBM_HEAD = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d]);

type Member = { id: number; employeeNo: string };

let mediaDir: string;
beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "jr-video-authz-"));
  process.env.MEDIA_DIR = mediaDir;
  process.env.AUTH_SECRET ??= "video-authz-test-secret-0123456789";
});
afterAll(async () => {
  await rm(mediaDir, { recursive: true, force: true });
});

describe.each(drivers())("video lessons and courses refuse outside scope and ownership on %s", (driver) => {
  let h: DbHandle;
  let unit: (code: string) => { id: number; path: string };
  let m: Record<"a08" | "a09" | "b09" | "a10" | "areaTrainer2", Member>;
  let trainer08: Principal;
  let areaTrainer: Principal;
  let areaTrainer2: Principal;
  let manager09: Principal;
  let worker09: Principal;
  let worker10: Principal;
  let job: number;
  let fx: { areaLesson: number; areaCourse: number; ownLesson: number; ownCourse: number };

  /** Every row of every table the video domain writes, as text. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const t of TABLES) out[t] = rowsOf<{ r: string }>(await h.db.execute(sql.raw(`SELECT to_jsonb(x)::text AS r FROM ${t} x ORDER BY 1`))).map((r) => r.r);
    return out;
  }

  /** The call is refused with `code` (and `kind`), and the database is as it was. */
  async function refused<T>(run: () => Promise<Result<T>>, code: string, kind: FailureKind = "forbidden") {
    const before = await snapshot();
    expect(await run()).toMatchObject({ ok: false, code, kind });
    expect(await snapshot()).toEqual(before);
  }

  function value<T>(r: Result<T>): T {
    if (!r.ok) throw new Error(r.code);
    return r.value;
  }

  async function audienceOf(courseId: number) {
    const rows = rowsOf<{ code: string | null; job_id: number | null }>(
      await h.db.execute(sql`SELECT ou.code, a.job_id FROM course_audience a LEFT JOIN org_units ou ON ou.id = a.org_unit_id WHERE a.course_id = ${courseId}`),
    );
    return { units: rows.flatMap((r) => (r.code ? [r.code] : [])).sort(), jobs: rows.flatMap((r) => (r.job_id !== null ? [Number(r.job_id)] : [])) };
  }

  /** A lesson with a (fake) checked video, published: made by `by`. */
  async function videoLesson(by: Principal, title: string) {
    const id = value(await createLesson(h.db, by, { title, description: "", specialty: "oil_production", requiredPercent: 90 }));
    const key = `lessons/${id}/v.webm`;
    await h.db.execute(sql`UPDATE lessons SET storage_key = ${key}, mime = 'video/webm', duration_s = 60 WHERE id = ${id}`);
    await mkdir(path.join(mediaDir, `lessons/${id}`), { recursive: true });
    await writeFile(path.join(mediaDir, key), Buffer.concat([WEBM_HEAD, Buffer.alloc(2000)]));
    value(await setLessonStatus(h.db, by, id, "published"));
    return id;
  }

  async function course(by: Principal, title: string, lessonId: number, audience: { orgUnitIds: number[]; jobIds: number[] }) {
    const id = value(await createCourse(h.db, by, { title, specialty: "", description: "" }));
    value(await setCourseItems(h.db, by, id, [{ kind: "lesson", refId: lessonId, required: true }]));
    value(await setCourseAudience(h.db, by, id, audience));
    value(await setCourseStatus(h.db, by, id, "published"));
    return id;
  }

  /** The signed-in user a route sees. */
  async function currentUser(p: Principal, sessionVersion = 1): Promise<CurrentUser> {
    const r = first(
      rowsOf<{ employee_no: string; name: string; org_unit_id: number; path: string; job_id: number | null }>(
        await h.db.execute(
          sql`SELECT m.employee_no, m.name, m.org_unit_id, ou.path, m.job_id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.id = ${p.memberId}`,
        ),
      ),
    );
    return {
      ...p,
      employeeNo: r.employee_no,
      name: r.name,
      orgUnitId: Number(r.org_unit_id),
      orgPath: r.path,
      jobId: r.job_id === null ? null : Number(r.job_id),
      sessionVersion,
      sessionKey: "",
      mustChangePassword: false,
    };
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 60 });
    const units = rowsOf<{ id: number; code: string; path: string }>(await h.db.execute(sql`SELECT id, code, path FROM org_units ORDER BY code`));
    unit = (code: string) => {
      const u = units.find((x) => x.code === code)!;
      return { id: Number(u.id), path: u.path };
    };
    /** The first two members of a team (by employee number). */
    const inTeam = async (team: string) =>
      firstN(
        rowsOf<{ id: number; employee_no: string }>(
          await h.db.execute(
            sql`SELECT m.id, m.employee_no FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE u.path LIKE ${`${unit(team).path}%`} AND m.employee_no NOT LIKE '9000%' ORDER BY m.employee_no`,
          ),
        ).map((r) => ({ id: Number(r.id), employeeNo: r.employee_no })),
        2,
        `member of ${team}`,
      );
    const [t08, t09, t10, tzh] = [await inTeam("T08"), await inTeam("T09"), await inTeam("T10"), await inTeam("TZH")];
    m = { a08: t08[1], a09: t09[0], b09: t09[1], a10: t10[1], areaTrainer2: tzh[1] };
    trainer08 = await principalOf(h.db, t08[0].employeeNo, [{ role: "trainer", scope: "T08" }]);
    areaTrainer = await principalOf(h.db, tzh[0].employeeNo, [{ role: "trainer", scope: null }]);
    areaTrainer2 = await principalOf(h.db, m.areaTrainer2.employeeNo, [{ role: "trainer", scope: null }]);
    manager09 = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    worker09 = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    worker10 = await principalOf(h.db, t10[0].employeeNo, [{ role: "worker", scope: null }]);
    job = first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM jobs WHERE code = 'J-GATH'`))).id;
    job = Number(job);

    const areaLesson = await videoLesson(areaTrainer, "全作业区视频");
    const ownLesson = await videoLesson(trainer08, "八队自己的视频");
    fx = {
      areaLesson,
      ownLesson,
      areaCourse: await course(areaTrainer, "全作业区课程", areaLesson, { orgUnitIds: [unit("HJ").id], jobIds: [] }),
      ownCourse: await course(trainer08, "八队课程", ownLesson, { orgUnitIds: [unit("T08").id], jobIds: [] }),
    };
  });
  afterAll(async () => h?.close());

  it("a trainer of one team changes none of the area-wide content, and may change their own", async () => {
    const input = { title: "改掉", description: "", specialty: "" as const, requiredPercent: 50 };
    const course = { title: "改掉", specialty: "" as const, description: "" };
    await refused(() => updateLesson(h.db, trainer08, fx.areaLesson, input), "video.errors.notYours");
    await refused(() => setLessonStatus(h.db, trainer08, fx.areaLesson, "draft"), "video.errors.notYours");
    await refused(() => setLessonStatus(h.db, trainer08, fx.areaLesson, "archived"), "video.errors.notYours");
    await refused(() => updateCourse(h.db, trainer08, fx.areaCourse, course), "video.errors.notYours");
    await refused(() => setCourseStatus(h.db, trainer08, fx.areaCourse, "draft"), "video.errors.notYours");
    await refused(() => setCourseStatus(h.db, trainer08, fx.areaCourse, "archived"), "video.errors.notYours");
    await refused(() => setCourseItems(h.db, trainer08, fx.areaCourse, [{ kind: "lesson", refId: fx.ownLesson, required: true }]), "video.errors.notYours");
    await refused(() => saveCourseCover(h.db, trainer08, fx.areaCourse, PNG), "video.errors.notYours");
    // Their own course and lesson are theirs to change; the whole-area trainer changes any.
    expect(await updateCourse(h.db, trainer08, fx.ownCourse, { title: "八队课程（新版）", specialty: "", description: "" })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await updateLesson(h.db, trainer08, fx.ownLesson, { title: "八队自己的视频（新版）", description: "", specialty: "", requiredPercent: 80 })).toEqual(
      { ok: true, value: undefined },
    );
    expect(await updateCourse(h.db, areaTrainer, fx.ownCourse, { title: "八队课程", specialty: "", description: "" })).toEqual({ ok: true, value: undefined });
  });

  it("managers and workers make and change no content, audience or assignment", async () => {
    for (const p of [manager09, worker09]) {
      await refused(() => createLesson(h.db, p, { title: "x", description: "", specialty: "", requiredPercent: 90 }), "errors.forbidden");
      await refused(() => createCourse(h.db, p, { title: "x", specialty: "", description: "" }), "errors.forbidden");
      await refused(() => updateCourse(h.db, p, fx.ownCourse, { title: "x", specialty: "", description: "" }), "video.errors.notYours");
      await refused(() => setLessonStatus(h.db, p, fx.ownLesson, "archived"), "video.errors.notYours");
      await refused(() => setCourseAudience(h.db, p, fx.areaCourse, { orgUnitIds: [unit("T09").id], jobIds: [] }), "errors.forbidden");
      await refused(() => assignCourse(h.db, p, { courseId: fx.areaCourse, memberIds: [m.a09.id] }), "errors.forbidden");
      await refused(() => courseCompletionReport(h.db, p, fx.areaCourse), "errors.forbidden");
      await refused(() => lessonCompletionReport(h.db, p, fx.areaLesson), "errors.forbidden");
    }
  });

  it("an audience edit by a team's trainer keeps every unit outside their scope as it was", async () => {
    const c = value(await createCourse(h.db, areaTrainer, { title: "面向测试", specialty: "", description: "" }));
    value(await setCourseAudience(h.db, areaTrainer, c, { orgUnitIds: [unit("T09").id, unit("T10-W5").id, unit("T08-W4").id], jobIds: [job] }));
    expect(await audienceOf(c)).toEqual({ units: ["T08-W4", "T09", "T10-W5"], jobs: [job] });

    // Asking for a unit outside the scope, changing the jobs, or naming no unit at all: refused whole.
    await refused(
      () => setCourseAudience(h.db, trainer08, c, { orgUnitIds: [unit("T08").id, unit("T10").id], jobIds: [job] }),
      "video.errors.unitOutsideScope",
    );
    await refused(() => setCourseAudience(h.db, trainer08, c, { orgUnitIds: [unit("T08").id], jobIds: [] }), "video.errors.jobsWholeArea");
    await refused(() => setCourseAudience(h.db, trainer08, c, { orgUnitIds: [2_000_000_000], jobIds: [job] }), "video.errors.unitNotFound", "refused");

    // Their own units only: T08-W4 out, T08 in; 采油九队 and 马五中转站 stay.
    expect(await setCourseAudience(h.db, trainer08, c, { orgUnitIds: [unit("T08").id], jobIds: [job] })).toEqual({ ok: true, value: undefined });
    expect(await audienceOf(c)).toEqual({ units: ["T08", "T09", "T10-W5"], jobs: [job] });
    // Cutting the audience to nothing of theirs drops nobody else.
    expect(await setCourseAudience(h.db, trainer08, c, { orgUnitIds: [], jobIds: [job] })).toEqual({ ok: true, value: undefined });
    expect(await audienceOf(c)).toEqual({ units: ["T09", "T10-W5"], jobs: [job] });
    // The whole-area trainer sets it all.
    expect(await setCourseAudience(h.db, areaTrainer, c, { orgUnitIds: [unit("HJ").id], jobIds: [] })).toEqual({ ok: true, value: undefined });
    expect(await audienceOf(c)).toEqual({ units: ["HJ"], jobs: [] });
  });

  it("assignment puts on a course only the members inside the trainer's scope", async () => {
    const enrolled = async () =>
      rowsOf<{ member_id: number }>(await h.db.execute(sql`SELECT member_id FROM course_enrolments WHERE course_id = ${fx.areaCourse} ORDER BY member_id`)).map(
        (r) => Number(r.member_id),
      );
    expect(await assignCourse(h.db, trainer08, { courseId: fx.areaCourse, memberIds: [m.a08.id, m.a09.id, m.a10.id] })).toEqual({
      ok: true,
      value: { added: 1, skipped: 2 },
    });
    expect(await enrolled()).toEqual([m.a08.id]);
    // By employee number: someone of another team is skipped (and counted), a number of nobody is named back.
    const before = await snapshot();
    expect(await assignCourseByEmployeeNo(h.db, trainer08, { courseId: fx.areaCourse, employeeNos: [m.a10.employeeNo, "nobody"] })).toEqual({
      ok: true,
      value: { added: 0, skipped: 1, unknown: ["NOBODY"] },
    });
    expect(await snapshot()).toEqual(before);
    await refused(() => assignCourse(h.db, worker10, { courseId: fx.areaCourse, memberIds: [m.a10.id] }), "errors.forbidden");
  });

  it("reports count and name only the members inside the trainer's scope", async () => {
    const t08 = unit("T08").path;
    const course = value(await courseCompletionReport(h.db, trainer08, fx.areaCourse));
    expect(course.units.length).toBeGreaterThan(0);
    expect(course.units.every((u) => u.unitPath.startsWith(t08))).toBe(true);
    const insideT08 = rowsOf<{ id: number }>(
      await h.db.execute(sql`SELECT m.id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE ou.path LIKE ${`${t08}%`}`),
    ).map((r) => Number(r.id));
    expect(course.notStarted.every((x) => insideT08.includes(x.memberId))).toBe(true);
    const all = value(await courseCompletionReport(h.db, areaTrainer, fx.areaCourse));
    expect(all.totals.members).toBeGreaterThan(course.totals.members);
    expect(all.notStarted.some((x) => x.memberId === m.a09.id)).toBe(true);
    const lesson = value(await lessonCompletionReport(h.db, trainer08, fx.areaLesson));
    expect(lesson.units.every((u) => u.unitPath.startsWith(t08))).toBe(true);
    expect(lesson.notStarted.some((x) => x.memberId === m.a09.id)).toBe(false);
  });

  it("a member's learning is read by the member and inside the reader's scope only", async () => {
    expect(await learningForMember(h.db, worker09, worker09.memberId)).toMatchObject({ ok: true });
    expect(await learningForMember(h.db, manager09, m.a09.id)).toMatchObject({ ok: true });
    expect(await learningForMember(h.db, worker10, worker09.memberId)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await learningForMember(h.db, trainer08, m.a09.id)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await learningForMember(h.db, manager09, m.a10.id)).toMatchObject({ ok: false, kind: "forbidden" });
  });

  it("uploads: only who may change the lesson starts one, and only who started it goes on", async () => {
    await refused(() => startUpload(h.db, trainer08, { lessonId: fx.areaLesson, fileName: "x.webm", size: 4000 }), "video.errors.notYours");
    await refused(() => startUpload(h.db, worker09, { lessonId: fx.ownLesson, fileName: "x.webm", size: 4000 }), "video.errors.notYours");
    const { uploadId } = value(await startUpload(h.db, areaTrainer, { lessonId: fx.areaLesson, fileName: "x.webm", size: 4000 }));
    const body = () => Readable.from([Buffer.concat([WEBM_HEAD, Buffer.alloc(984)])]);
    for (const p of [trainer08, areaTrainer2, worker09]) {
      await refused(() => uploadStatus(h.db, p, uploadId), "video.errors.uploadNotFound", "notFound");
      await refused(() => writeChunk(h.db, p, { uploadId, offset: 0, body: body() }), "video.errors.uploadNotFound", "notFound");
      await refused(() => completeUpload(h.db, p, { uploadId, browserDurationS: 5 }), "video.errors.uploadNotFound", "notFound");
    }
    expect(await writeChunk(h.db, areaTrainer, { uploadId, offset: 0, body: body() })).toEqual({ ok: true, value: { received: 1000, size: 4000 } });
  });

  it("a signed media URL stops working when its session ends (sign-out, version change, disabled account), and when it expires", async () => {
    const t0 = Date.UTC(2026, 10, 24, 8, 1, 0);
    const sid = await openSession(h.db, worker09.userId, new Date(t0));
    const grant: MediaGrant = {
      kind: "lesson",
      id: fx.areaLesson,
      key: `lessons/${fx.areaLesson}/v.webm`,
      mime: "video/webm",
      userId: worker09.userId,
      sessionKey: sessionKeyOf(sid),
    };
    const want = { kind: "lesson" as const, id: fx.areaLesson };
    const { token, expiresAt } = signMediaToken(grant, t0);
    expect(expiresAt - t0).toBeLessThanOrEqual(MEDIA_TOKEN_TTL_MS);
    expect(await checkMediaToken(h.db, token, want, t0)).toMatchObject({ ok: true, value: { key: grant.key, userId: worker09.userId } });
    // Not for another lesson, nor for the poster; not with another user's id on this session.
    expect(await checkMediaToken(h.db, token, { kind: "lesson", id: fx.ownLesson }, t0)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await checkMediaToken(h.db, token, { kind: "poster", id: fx.areaLesson }, t0)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await checkMediaToken(h.db, signMediaToken({ ...grant, userId: worker10.userId }, t0).token, want, t0)).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    // Expiry: the last millisecond works, the next does not.
    expect(await checkMediaToken(h.db, token, want, expiresAt - 1)).toMatchObject({ ok: true });
    expect(await checkMediaToken(h.db, token, want, expiresAt)).toMatchObject({ ok: false, kind: "gone", code: "video.errors.mediaExpired" });

    // Sign-out ends the session: its tokens stop once the few cached seconds are over.
    await endSession(h.db, sid);
    let later = t0 + SESSION_CHECK_CACHE_MS;
    expect(await checkMediaToken(h.db, token, want, later)).toMatchObject({ ok: false, kind: "forbidden" });
    // A new sign-in signs new tokens; a password or role change (the version moves on) ends them too.
    const sid2 = await openSession(h.db, worker09.userId, new Date(later));
    const renewed = signMediaToken({ ...grant, sessionKey: sessionKeyOf(sid2) }, later).token;
    expect(await checkMediaToken(h.db, renewed, want, later)).toMatchObject({ ok: true });
    await h.db.execute(sql`UPDATE users SET session_version = session_version + 1 WHERE id = ${worker09.userId}`);
    later += SESSION_CHECK_CACHE_MS;
    expect(await checkMediaToken(h.db, renewed, want, later)).toMatchObject({ ok: false, kind: "forbidden" });
    // A disabled account's tokens stop too.
    const sid3 = await openSession(h.db, worker09.userId, new Date(later));
    const third = signMediaToken({ ...grant, sessionKey: sessionKeyOf(sid3) }, later).token;
    expect(await checkMediaToken(h.db, third, want, later)).toMatchObject({ ok: true });
    await h.db.execute(sql`UPDATE users SET disabled = true WHERE id = ${worker09.userId}`);
    expect(await checkMediaToken(h.db, third, want, later + SESSION_CHECK_CACHE_MS)).toMatchObject({ ok: false, kind: "forbidden" });
    await h.db.execute(sql`UPDATE users SET disabled = false WHERE id = ${worker09.userId}`);
  });

  it("actions: an invalid enum, bad JSON, an id beyond 32 bits or a unit outside the scope come back as a message and change nothing", async () => {
    route.db = h.db;
    const courses = await import("@/app/(app)/teach/courses/actions");
    const lessons = await import("@/app/(app)/teach/lessons/actions");
    const { chooseCourseAction } = await import("@/app/(app)/courses/actions");
    /** Where the action sends the browser (a refusal: back to the page with `?error=`). */
    const redirectOf = async (action: (f: FormData) => Promise<void>, fields: Record<string, string | string[]>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
      try {
        await action(form);
      } catch (e) {
        const digest = (e as { digest?: string }).digest ?? "";
        if (digest.startsWith("NEXT_REDIRECT")) return decodeURIComponent(digest.split(";")[2] ?? "");
        throw e;
      }
      throw new Error("the action did not redirect");
    };
    const c = fx.areaCourse;
    route.user = await currentUser(trainer08);
    const before = await snapshot();
    expect(await redirectOf(courses.courseStatusAction, { id: String(c), status: "deleted" })).toBe(`/teach/courses/${c}?error=errors.invalidInput`);
    expect(await redirectOf(courses.courseStatusAction, { id: String(c), status: "archived" })).toBe(`/teach/courses/${c}?error=video.errors.notYours`);
    expect(await redirectOf(courses.courseStatusAction, { id: "2147483648", status: "archived" })).toBe("/teach/courses?error=errors.invalidInput");
    expect(await redirectOf(courses.saveItemsAction, { id: String(c), items: "[{" })).toBe(`/teach/courses/${c}?error=errors.invalidInput`);
    expect(await redirectOf(courses.saveItemsAction, { id: String(fx.ownCourse), items: JSON.stringify([{ kind: "video", refId: 1, required: true }]) })).toBe(
      `/teach/courses/${fx.ownCourse}?error=errors.invalidInput`,
    );
    expect(
      await redirectOf(courses.saveItemsAction, { id: String(fx.ownCourse), items: JSON.stringify([{ kind: "lesson", refId: 2 ** 31, required: true }]) }),
    ).toBe(`/teach/courses/${fx.ownCourse}?error=errors.invalidInput`);
    expect(await redirectOf(courses.saveAudienceAction, { id: String(c), unit: [String(unit("T10").id)], job: [] })).toBe(
      `/teach/courses/${c}?error=video.errors.unitOutsideScope`,
    );
    expect(await redirectOf(courses.updateCourseAction, { id: String(fx.ownCourse), title: "坏\u0000字", specialty: "", description: "" })).toBe(
      `/teach/courses/${fx.ownCourse}?error=errors.badCharacters`,
    );
    expect(await redirectOf(lessons.lessonStatusAction, { id: String(fx.areaLesson), status: "gone" })).toBe(
      `/teach/lessons/${fx.areaLesson}?error=errors.invalidInput`,
    );
    expect(await redirectOf(lessons.updateLessonAction, { id: String(fx.areaLesson), title: "x", description: "", specialty: "", requiredPercent: "90" })).toBe(
      `/teach/lessons/${fx.areaLesson}?error=video.errors.notYours`,
    );
    route.user = await currentUser(worker09);
    expect(await redirectOf(chooseCourseAction, { courseId: "99999999999" })).toBe("/courses?error=errors.invalidInput");
    expect(await redirectOf(courses.assignAction, { id: String(c), employeeNos: m.a09.employeeNo })).toBe(`/teach/courses/${c}?error=errors.forbidden`);
    expect(await snapshot()).toEqual(before);
    route.user = null;
  });

  it("the media and lesson routes: a token that holds serves, a revoked one is refused, an expired one needs the session; bad ids are 404", async () => {
    route.db = h.db;
    route.user = null;
    const video = await import("@/app/api/media/lessons/[id]/route");
    const poster = await import("@/app/api/media/lessons/[id]/poster/route");
    const cover = await import("@/app/api/media/courses/[id]/cover/route");
    const progress = await import("@/app/api/lessons/[id]/progress/route");
    const mediaUrl = await import("@/app/api/lessons/[id]/media-url/route");
    const uploads = await import("@/app/api/lessons/[id]/uploads/route");
    const upload = await import("@/app/api/lessons/uploads/[uploadId]/route");
    const params = (id: string) => ({ params: Promise.resolve({ id }) });
    const get = async (lessonId: number | string, token?: string) => {
      const r = await video.GET(
        new Request(`http://x/api/media/lessons/${lessonId}${token ? `?t=${token}` : ""}`, { headers: { Range: "bytes=0-1" } }),
        params(String(lessonId)),
      );
      await r.body?.cancel(); // the file handle is closed when the client goes away
      return r;
    };

    // A viewer on the course (b09, in 采油九队, under the area-wide audience), signed in now.
    const b09 = await principalOf(h.db, m.b09.employeeNo, [{ role: "worker", scope: null }]);
    const now = Date.now();
    const b09Session = sessionKeyOf(await openSession(h.db, b09.userId, new Date(now)));
    const grant: MediaGrant = {
      kind: "lesson",
      id: fx.areaLesson,
      key: `lessons/${fx.areaLesson}/v.webm`,
      mime: "video/webm",
      userId: b09.userId,
      sessionKey: b09Session,
    };
    expect((await get(fx.areaLesson, signMediaToken(grant, now).token)).status).toBe(206);
    // Expired: without a session it stops; a viewer still signed in goes on through the session check.
    const expired = signMediaToken(grant, now - 2 * MEDIA_TOKEN_TTL_MS).token;
    expect((await get(fx.areaLesson, expired)).status).toBe(401);
    route.user = await currentUser(b09);
    expect((await get(fx.areaLesson, expired)).status).toBe(206);
    route.user = null;
    // Revoked: another user's token whose session was signed out before the first request.
    const a10 = await principalOf(h.db, m.a10.employeeNo, [{ role: "worker", scope: null }]);
    const a10Sid = await openSession(h.db, a10.userId, new Date(now));
    await endSession(h.db, a10Sid);
    expect((await get(fx.areaLesson, signMediaToken({ ...grant, userId: a10.userId, sessionKey: sessionKeyOf(a10Sid) }, now).token)).status).toBe(403);
    expect((await get(fx.areaLesson, "forged.token")).status).toBe(403);

    // Ids no database column can hold, or no number at all: 404, for anyone.
    route.user = await currentUser(areaTrainer);
    const json = (body: unknown) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    for (const bad of ["2147483648", "99999999999999999999", "abc", "0", "-1", "1.5"]) {
      expect((await get(bad)).status).toBe(404);
      expect((await poster.GET(new Request(`http://x/p`), params(bad))).status).toBe(404);
      expect((await cover.GET(new Request(`http://x/c`), params(bad))).status).toBe(404);
      expect((await cover.PUT(new Request(`http://x/c`, { method: "PUT", body: PNG }), params(bad))).status).toBe(404);
      expect((await progress.POST(new Request("http://x/p", json({ segments: [], positionS: 0, at: 1 })), params(bad))).status).toBe(404);
      expect((await mediaUrl.POST(new Request("http://x/m", json({})), params(bad))).status).toBe(404);
      expect((await uploads.POST(new Request("http://x/u", json({ fileName: "x.webm", size: 10 })), params(bad))).status).toBe(404);
    }
    for (const bad of ["nope", "2147483648", "00000000-0000-4000-8000-000000000000"]) {
      expect((await upload.GET(new Request("http://x/u"), { params: Promise.resolve({ uploadId: bad }) })).status).toBe(404);
    }
    // A cover change by a trainer of one team: refused at the route too, nothing stored.
    route.user = await currentUser(trainer08);
    const before = await snapshot();
    expect((await cover.PUT(new Request("http://x/c", { method: "PUT", body: PNG }), params(String(fx.areaCourse)))).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    route.user = null;
  });
});
