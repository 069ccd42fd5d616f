/**
 * The authorization matrix's database: `tsx tests/authz/fixture.ts <out.json>` with DATABASE_URL
 * (a fresh PostgreSQL database) and MEDIA_DIR set. Migrates, loads the demo data, then adds the
 * principals of issue 11 and records outside each one's scope, and writes their ids as JSON.
 *
 * Rows are written with SQL rather than through lib functions: the fixture must not change when
 * a lib function's signature does, and it sets up states (an attempt waiting for a grade, a
 * check-in open now) that would take many calls to reach.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemo } from "@/scripts/demo";
import { hashPassword } from "@/lib/auth/password";
import { newCodeSecret } from "@/lib/core/rotating-code";
import * as clock from "@/lib/core/clock";
import { addDays, quarterOf } from "@/lib/core/time";
import { getStorage } from "@/lib/storage";
import { putImage } from "@/lib/storage/images";
import { savePhoto } from "@/lib/signoffs/photos";
import type { Account, Fixture, MemberRef } from "./types";

const url = process.env.DATABASE_URL;
const out = process.argv[2];
if (!url || !out) throw new Error("usage: DATABASE_URL=… MEDIA_DIR=… tsx tests/authz/fixture.ts <out.json>");

/** Every account the fixture makes signs in with this (the demo accounts keep theirs). */
const FIXTURE_PASSWORD = "Matrix#2026check";
const DEMO_PASSWORD = "Demo@2026";

const handle = await openDb({ url, max: 2 });
await runMigrations(handle);
await seedDemo(handle.db, { quiz: true });
await handle.close();

const pg = postgres(url, { max: 1, onnotice: () => {} });
const now = clock.now();
const today = clock.today();
const hour = 3600_000;

type Row = Record<string, unknown>;
async function one<T extends Row>(q: Promise<T[]> | postgres.PendingQuery<T[]>): Promise<T> {
  const rows = (await q) as T[];
  if (!rows[0]) throw new Error("fixture: a row was expected");
  return rows[0];
}
const idOf = async (q: postgres.PendingQuery<Row[]>) => Number((await one(q)).id);

const unit = (code: string) => idOf(pg`SELECT id FROM org_units WHERE code = ${code}`);
const units = {
  area: await unit("HJ"),
  t08: await unit("T08"),
  t09: await unit("T09"),
  t10: await unit("T10"),
  t11: await unit("T11"),
  s08: await unit("T08-W4"),
  s08b: await unit("T08-W6"),
  s09: await unit("T09-W9"),
  s09b: await unit("T09-W2"),
  s10: await unit("T10-W811"),
  s11: await unit("T11-M5"),
  /** A station of 采油八队 with nobody in it (so it may be closed). */
  s08empty: await idOf(
    pg`INSERT INTO org_units (code, name, kind, parent_id, path) SELECT 'AUTHZ-ST0', '矩阵空站', 'station', id, '' FROM org_units WHERE code = 'T08' RETURNING id`,
  ),
};
await pg`UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.code = 'AUTHZ-ST0'`;

async function member(employeeNo: string, name: string, unitId: number, techTitle = "intermediate"): Promise<MemberRef> {
  const id = await idOf(pg`INSERT INTO members (employee_no, name, org_unit_id, specialty, tech_title, hired_on)
    VALUES (${employeeNo}, ${name}, ${unitId}, 'oil_production', ${techTitle}, '2015-03-01') RETURNING id`);
  return { id, employeeNo, name };
}

const passwordHash = await hashPassword(FIXTURE_PASSWORD);
async function account(m: MemberRef, roles: { role: string; scope: number | null }[]): Promise<Account> {
  const userId = await idOf(pg`INSERT INTO users (member_id, password_hash) VALUES (${m.id}, ${passwordHash}) RETURNING id`);
  for (const r of roles) await pg`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${userId}, ${r.role}::role_name, ${r.scope})`;
  return { employeeNo: m.employeeNo, name: m.name, password: FIXTURE_PASSWORD, userId, memberId: m.id };
}

async function demoAccount(employeeNo: string): Promise<Account> {
  const r = await one(
    pg`SELECT u.id AS user_id, m.id AS member_id, m.name FROM users u JOIN members m ON m.id = u.member_id WHERE m.employee_no = ${employeeNo}`,
  );
  return { employeeNo, name: String(r.name), password: DEMO_PASSWORD, userId: Number(r.user_id), memberId: Number(r.member_id) };
}

// The principals: a trainer scoped to 采油十队, the demo manager of 采油九队, the demo worker
// (采油九队) and a worker of 采油十一队. And the controls, who may do what the probes try.
const worker = [{ role: "worker", scope: null }];
const trainer10 = await account(await member("880101", "矩阵培训员", units.s10, "senior"), [{ role: "trainer", scope: units.t10 }, ...worker]);
const worker11 = await account(await member("880111", "矩阵职工十一", units.s11), worker);
const worker08 = await account(await member("880108", "矩阵职工八", units.s08), worker);
const m09 = await member("880209", "矩阵技师九", units.s09, "technician");
const instructor09 = await account(m09, worker);
const admin = await demoAccount("900001");
const manager09 = await demoAccount("900002");
const areaTrainer = await demoAccount("900003");
const worker09 = await demoAccount("900004");

const members = {
  m08b: await member("880208", "矩阵八队乙", units.s08b),
  m08c: await member("880308", "矩阵八队丙", units.s08),
  m09,
  m09b: await member("880309", "矩阵九队乙", units.s09),
  m10: await member("880210", "矩阵十队乙", units.s10),
  m11b: await member("880311", "矩阵十一乙", units.s11),
};

// Nothing unread for the principals, so "mark all read" has nothing of theirs to change; one
// unread reminder of someone else's.
await pg`UPDATE notifications SET read_at = ${now} WHERE read_at IS NULL`;
const notify = (memberId: number) =>
  idOf(
    pg`INSERT INTO notifications (member_id, kind, params, href) VALUES (${memberId}, 'classes.notify.promoted', ${pg.json({ title: "矩阵" })}, '/classes') RETURNING id`,
  );
// worker08 (a control) has one too, so marking read has something to do when allowed.
const notifications = { other: await notify(members.m08b.id), own08: await notify(worker08.memberId) };
// A browser of m08b's receives push messages (the target of removal probes).
const pushKeys = { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString("base64url"), auth: Buffer.alloc(16, 9).toString("base64url") };
await pg`INSERT INTO push_subscriptions (member_id, endpoint, p256dh, auth, created_at)
  VALUES (${members.m08b.id}, 'https://fcm.googleapis.com/fcm/send/matrix-m08b', ${pushKeys.p256dh}, ${pushKeys.auth}, ${now})`;
// m08c has an account nobody signs in to: the target of role, password and disable changes.
const spare08 = await account(members.m08c, worker);

const jobId = await idOf(pg`SELECT id FROM jobs WHERE code = 'J-OIL'`);
const requirementId = await idOf(pg`INSERT INTO job_requirements (job_id, kind, min_count, note, created_by)
  VALUES (${jobId}, 'service', 12, 'authz', ${admin.userId}) RETURNING id`);
// A job with no requirements yet: a new requirement cannot contradict or repeat one.
const emptyJobId = await idOf(pg`INSERT INTO jobs (code, name, specialty) VALUES ('J-AUTHZ0', '矩阵空岗', 'oil_production') RETURNING id`);
const certificateType = await one(pg`SELECT id, code FROM certificate_types ORDER BY id LIMIT 1`);
const stationPairingId = await idOf(pg`SELECT id FROM station_pairings ORDER BY id LIMIT 1`);

// 以武带训: a contest of the area trainer with a prize for a member of 采油八队; trainer10's own.
const contestArea = await idOf(
  pg`INSERT INTO contests (title, level, specialty, held_on, created_by) VALUES ('矩阵·作业区技能竞赛', 'area', 'oil_production', ${addDays(today, -10)}, ${areaTrainer.userId}) RETURNING id`,
);
await pg`INSERT INTO contest_results (contest_id, member_id, rank, score, award) VALUES (${contestArea}, ${members.m08b.id}, 1, 98, '一等奖')`;
const contestOwn10 = await idOf(
  pg`INSERT INTO contests (title, level, specialty, held_on, org_unit_id, created_by) VALUES ('矩阵·十队比武', 'area', 'oil_production', ${addDays(today, -5)}, ${units.t10}, ${trainer10.userId}) RETURNING id`,
);
await pg`INSERT INTO contest_results (contest_id, member_id, rank, score, award) VALUES (${contestOwn10}, ${members.m10.id}, 2, 90, '二等奖')`;
// Certificates JobReady issued (lib/issued): m08b's for the area contest's prize; worker09's own.
const issued = {
  m08b: await idOf(pg`INSERT INTO issued_certificates (number, member_id, kind, source_id, holder_name, title, detail, issued_at)
    VALUES ('0000-0000-0000-0000-0000-0000-0008', ${members.m08b.id}, 'contest', ${contestArea}, ${members.m08b.name}, '矩阵·作业区技能竞赛', '一等奖', now()) RETURNING id`),
  own09: await idOf(pg`INSERT INTO issued_certificates (number, member_id, kind, source_id, holder_name, title, issued_at)
    VALUES ('0000-0000-0000-0000-0000-0000-0009', ${worker09.memberId}, 'induction', 1, ${worker09.name}, '三级安全教育', now()) RETURNING id`),
};
// A unit's 一人一档 zip the area trainer asked for (lib/person-file/exports), finished and stored.
const unitExportKey = "exports/unit-files/authz-t08.zip";
await mkdir(path.join(process.env.MEDIA_DIR ?? "./data/media", "exports/unit-files"), { recursive: true });
await writeFile(path.join(process.env.MEDIA_DIR ?? "./data/media", unitExportKey), Buffer.from([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]));
const unitExport =
  await idOf(pg`INSERT INTO unit_file_exports (org_unit_id, requested_by, locale, state, total, done, storage_key, size_bytes, created_at, finished_at, expires_at)
  VALUES (${units.t08}, ${areaTrainer.userId}, 'zh-CN', 'done', 1, 1, ${unitExportKey}, 22, now(), now(), now() + interval '7 days') RETURNING id`);

// 技师课堂: one taught by a 采油九队 technician, one by the area trainer for 采油八队 with check-in
// open now, and trainer10's own.
async function klass(code: string, instructorMemberId: number, createdBy: number, audienceUnit: number, enrolled: number[]) {
  const id = await idOf(pg`INSERT INTO classes (code, title, series, specialty, instructor_member_id, place_org_unit_id, room, capacity, status, created_by)
    VALUES (${code}, ${`矩阵课堂 ${code}`}, 'technician', 'oil_production', ${instructorMemberId}, ${audienceUnit}, '会议室', 10, 'published', ${createdBy}) RETURNING id`);
  await pg`INSERT INTO class_audience (class_id, org_unit_id) VALUES (${id}, ${audienceUnit})`;
  const secret = newCodeSecret();
  const sessionId = await idOf(pg`INSERT INTO class_sessions (class_id, starts_at, ends_at, room, checkin_secret, checkin_opened_at)
    VALUES (${id}, ${new Date(now.getTime() - 10 * 60_000)}, ${new Date(now.getTime() + 3 * hour)}, '会议室', ${secret}, ${now}) RETURNING id`);
  await pg`INSERT INTO class_sessions (class_id, starts_at, ends_at, room, checkin_secret)
    VALUES (${id}, ${new Date(now.getTime() + 48 * hour)}, ${new Date(now.getTime() + 50 * hour)}, '会议室', ${newCodeSecret()})`;
  for (const m of enrolled) await pg`INSERT INTO class_enrolments (class_id, member_id, status, source) VALUES (${id}, ${m}, 'enrolled', 'self')`;
  return { id, sessionId, secret };
}
const classes = {
  c09: await klass("AUTHZ-C09", m09.id, areaTrainer.userId, units.t09, [members.m09b.id]),
  c08: await klass("AUTHZ-C08", areaTrainer.memberId, areaTrainer.userId, units.t08, [members.m08b.id, worker08.memberId]),
  c08open: await klass("AUTHZ-C08B", areaTrainer.memberId, areaTrainer.userId, units.t08, []),
  own10: await klass("AUTHZ-C10", trainer10.memberId, trainer10.userId, units.t10, [members.m10.id]),
};
// worker08 attended c08open's session (marked by hand, not enrolled): the one who may rate that class (培训评估).
await pg`INSERT INTO attendance (session_id, member_id, method, checked_in_at, recorded_by)
  VALUES (${classes.c08open.sessionId}, ${worker08.memberId}, 'manual', ${now}, ${areaTrainer.userId})`;

// 视频教学: lessons and courses of the area trainer (whole area, and 采油八队 only) and trainer10's.
const demoLesson = await one(pg`SELECT storage_key, mime, size_bytes, duration_s FROM lessons WHERE code = 'DEMO-L1'`);
async function lesson(code: string, createdBy: number) {
  return idOf(pg`INSERT INTO lessons (code, title, specialty, storage_key, mime, size_bytes, duration_s, status, created_by)
    VALUES (${code}, ${`矩阵视频 ${code}`}, 'oil_production', ${demoLesson.storage_key as string | null}, ${demoLesson.mime as string | null}, ${demoLesson.size_bytes as number | null}, ${demoLesson.duration_s as number | null}, 'published', ${createdBy}) RETURNING id`);
}
const lessons = {
  area: await lesson("AUTHZ-LA", areaTrainer.userId),
  t08: await lesson("AUTHZ-L08", areaTrainer.userId),
  own10: await lesson("AUTHZ-L10", trainer10.userId),
};
// The adaptive copy of the 采油八队 lesson: a master playlist in storage, for the HLS route.
const hlsPrefix = `lessons/${lessons.t08}/authz-hls`;
const masterFile = path.join(process.env.MEDIA_DIR ?? "./data/media", hlsPrefix, "master.m3u8");
await mkdir(path.dirname(masterFile), { recursive: true });
await writeFile(masterFile, "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=298000,RESOLUTION=426x240\n240p/index.m3u8\n");
await pg`INSERT INTO lesson_renditions (lesson_id, source_key, state, percent, prefix, rungs, files)
  VALUES (${lessons.t08}, ${demoLesson.storage_key as string}, 'done', 100, ${hlsPrefix},
    ${pg.json([{ name: "240p", height: 240, kbps: 298, bytes: 1000 }])}, ${pg.json(["master.m3u8"])})`;
/** The smallest JPEG the image check takes: a course cover and a sign-off photo. */
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const coverKey = await putImage(getStorage(), "covers", jpeg);
await pg`UPDATE lessons SET poster_key = ${coverKey} WHERE id = ${lessons.t08}`;
async function course(code: string, createdBy: number, audienceUnit: number, lessonId: number, status: "published" | "draft" = "published") {
  const id = await idOf(pg`INSERT INTO courses (code, title, specialty, description, cover_key, status, created_by)
    VALUES (${code}, ${`矩阵课程 ${code}`}, 'oil_production', '', ${coverKey}, ${status}, ${createdBy}) RETURNING id`);
  await pg`INSERT INTO course_items (course_id, position, kind, lesson_id, required) VALUES (${id}, 1, 'lesson', ${lessonId}, true)`;
  await pg`INSERT INTO course_audience (course_id, org_unit_id) VALUES (${id}, ${audienceUnit})`;
  return id;
}
const courses = {
  area: await course("AUTHZ-CA", areaTrainer.userId, units.area, lessons.area),
  t08: await course("AUTHZ-C08", areaTrainer.userId, units.t08, lessons.t08),
  own10: await course("AUTHZ-C10", trainer10.userId, units.t10, lessons.own10),
  draft: await course("AUTHZ-CD", areaTrainer.userId, units.area, lessons.area, "draft"),
};

// 季度小会考: the demo bank's single-choice and essay questions in quizzes of the area trainer
// (whole area; 采油八队 only; a draft) and trainer10's own; worker08 answering the area quiz, m08c
// waiting for a grade on the 采油八队 one.
const single = await one(
  pg`SELECT q.id, q.category_id, v.id AS version_id, v.points FROM questions q JOIN question_versions v ON v.id = q.current_version_id WHERE v.type = 'single' ORDER BY q.id LIMIT 1`,
);
const essay = await one(
  pg`SELECT q.id, v.id AS version_id, v.points FROM questions q JOIN question_versions v ON v.id = q.current_version_id WHERE v.type = 'essay' ORDER BY q.id LIMIT 1`,
);
async function quiz(title: string, createdBy: number, audienceUnit: number, status: "draft" | "published" = "published") {
  const id = await idOf(pg`INSERT INTO quizzes (title, quarter, opens_at, closes_at, attempts_allowed, status, created_by, published_at)
    VALUES (${title}, ${quarterOf(today)}, ${new Date(now.getTime() - 24 * hour)}, ${new Date(now.getTime() + 30 * 24 * hour)}, 1, ${status}, ${createdBy}, ${status === "published" ? now : null}) RETURNING id`);
  await pg`INSERT INTO quiz_slots (quiz_id, position, kind, question_id) VALUES (${id}, 1, 'fixed', ${single.id as number}), (${id}, 2, 'fixed', ${essay.id as number})`;
  await pg`INSERT INTO quiz_audience (quiz_id, org_unit_id) VALUES (${id}, ${audienceUnit})`;
  return id;
}
const quizzes = {
  area: await quiz("矩阵·作业区测验", areaTrainer.userId, units.area),
  t08: await quiz("矩阵·八队测验", areaTrainer.userId, units.t08),
  own10: await quiz("矩阵·十队测验", trainer10.userId, units.t10),
  draft: await quiz("矩阵·草稿测验", areaTrainer.userId, units.area, "draft"),
  proctored08: await quiz("矩阵·监考测验", areaTrainer.userId, units.t08),
};
await pg`UPDATE quizzes SET proctor_required = true WHERE id = ${quizzes.proctored08}`;
// 允许模拟考试 on the 采油八队 quiz: its mock exams are for 采油八队 only.
await pg`UPDATE quizzes SET mock_allowed = true WHERE id = ${quizzes.t08}`;
const proctorSecret = newCodeSecret();
const proctoring = {
  id: await idOf(pg`INSERT INTO quiz_proctor_sessions (quiz_id, org_unit_id, proctor_member_id, secret, opened_at)
    VALUES (${quizzes.proctored08}, ${units.s08}, ${areaTrainer.memberId}, ${proctorSecret}, ${now}) RETURNING id`),
  secret: proctorSecret,
};
// 线下考试: the area trainer's paper sitting of the 采油八队 quiz at station s08 (its two questions, B in the other order).
const paperExam = {
  id: await idOf(
    pg`INSERT INTO paper_exams (quiz_id, org_unit_id, seed, created_by) VALUES (${quizzes.t08}, ${units.s08}, 'authz', ${areaTrainer.userId}) RETURNING id`,
  ),
};
await pg`INSERT INTO paper_exam_questions (paper_exam_id, position, question_version_id, points, number_a, number_b)
  VALUES (${paperExam.id}, 1, ${single.version_id as number}, ${single.points as number}, 1, 2), (${paperExam.id}, 2, ${essay.version_id as number}, ${essay.points as number}, 2, 1)`;
// worker08 (of station s08) is blocked by wrong proctor codes there: a proctor of s08 may clear the count.
await pg`INSERT INTO quiz_proctor_failures (quiz_id, member_id, failures, first_at) VALUES (${quizzes.proctored08}, ${worker08.memberId}, 10, ${now})`;
await pg`INSERT INTO quiz_overrides (quiz_id, member_id, extra_time_s, extra_attempts) VALUES (${quizzes.area}, ${members.m08c.id}, 600, 1)`;
async function attempt(quizId: number, memberId: number, submitted: boolean) {
  const id =
    await idOf(pg`INSERT INTO attempts (quiz_id, member_id, attempt_no, state, seed, started_at, deadline_at, submitted_at, score, max_score, needs_grading)
    VALUES (${quizId}, ${memberId}, 1, ${submitted ? "submitted" : "in_progress"}, 'authz', ${new Date(now.getTime() - hour)}, ${new Date(now.getTime() + 30 * 24 * hour)},
            ${submitted ? now : null}, ${submitted ? 0 : null}, ${submitted ? Number(single.points) + Number(essay.points) : null}, ${submitted}) RETURNING id`);
  await pg`INSERT INTO attempt_questions (attempt_id, position, question_version_id, points)
    VALUES (${id}, 1, ${single.version_id as number}, ${single.points as number}), (${id}, 2, ${essay.version_id as number}, ${essay.points as number})`;
  if (submitted) {
    await pg`INSERT INTO attempt_answers (attempt_id, position, response, seq, auto_score) VALUES
      (${id}, 1, ${pg.json({ type: "single", optionId: "b" })}, 1, 0),
      (${id}, 2, ${pg.json({ type: "essay", text: "报告、切断、警戒。" })}, 2, NULL)`;
    await pg`INSERT INTO quiz_results (quiz_id, member_id, score, max_score, percent, passed, attempts_counted, pending_grading)
      VALUES (${quizId}, ${memberId}, 0, ${Number(single.points) + Number(essay.points)}, 0, false, 1, true)`;
  }
  return id;
}
// m08b's paper score on the sitting (paper A, 0 points): the target of correction and deletion.
const paperAttemptId =
  await idOf(pg`INSERT INTO attempts (quiz_id, member_id, attempt_no, state, seed, started_at, deadline_at, submitted_at, score, max_score, source, paper_exam_id, paper_version)
  VALUES (${quizzes.t08}, ${members.m08b.id}, 1, 'submitted', 'authz', ${now}, ${now}, ${now}, 0, ${Number(single.points) + Number(essay.points)}, 'paper', ${paperExam.id}, 'A') RETURNING id`);
await pg`INSERT INTO attempt_questions (attempt_id, position, question_version_id, points)
  VALUES (${paperAttemptId}, 1, ${single.version_id as number}, ${single.points as number}), (${paperAttemptId}, 2, ${essay.version_id as number}, ${essay.points as number})`;
await pg`INSERT INTO quiz_results (quiz_id, member_id, score, max_score, percent, passed, attempts_counted, pending_grading)
  VALUES (${quizzes.t08}, ${members.m08b.id}, 0, ${Number(single.points) + Number(essay.points)}, 0, false, 1, false)`;
const attempts = {
  inProgress: await attempt(quizzes.area, worker08.memberId, false),
  toGrade: await attempt(quizzes.t08, members.m08c.id, true),
  toGradePosition: 2,
};

// 练习: a category of the area trainer's open for practice to 采油八队 only, with two true/false
// questions; the second is already in worker08's wrong-answer book.
const practiceCategoryId = await idOf(pg`INSERT INTO question_categories (name) VALUES ('矩阵练习') RETURNING id`);
await pg`UPDATE question_categories SET path = ${`/${practiceCategoryId}/`} WHERE id = ${practiceCategoryId}`;
async function practiceQuestion(stem: string) {
  const id = await idOf(pg`INSERT INTO questions (category_id, created_by) VALUES (${practiceCategoryId}, ${areaTrainer.userId}) RETURNING id`);
  const v = await idOf(pg`INSERT INTO question_versions (question_id, version, type, stem, body, answer_key, explanation)
    VALUES (${id}, 1, 'truefalse', ${stem}, ${pg.json({})}, ${pg.json({ correct: false })}, '矩阵解析') RETURNING id`);
  await pg`UPDATE questions SET current_version_id = ${v} WHERE id = ${id}`;
  return id;
}
const practiceQuestionId = await practiceQuestion("矩阵练习：可以带电检修电机。");
// A picture in the booked question's stem: served to worker08 (open to 采油八队, in their book) and trainers only.
const questionMediaId = "matrixpicture001";
const questionMediaKey = await putImage(getStorage(), "questions", jpeg);
await pg`INSERT INTO question_media (id, storage_key, thumb_key, mime, width, height, bytes, sha256, filename, created_by)
  VALUES (${questionMediaId}, ${questionMediaKey}, ${questionMediaKey}, 'image/jpeg', 1, 1, ${jpeg.byteLength}, 'matrix', 'matrix.jpg', ${areaTrainer.userId})`;
const bookedQuestionId = await practiceQuestion(`矩阵练习：可以不戴安全帽进入井场。[[img:${questionMediaId}:1x1]]`);
const openingId = await idOf(pg`INSERT INTO practice_openings (category_id, created_by) VALUES (${practiceCategoryId}, ${areaTrainer.userId}) RETURNING id`);
await pg`INSERT INTO practice_audience (opening_id, org_unit_id) VALUES (${openingId}, ${units.t08})`;
await pg`INSERT INTO wrong_book (member_id, question_id, source, streak, added_at) VALUES (${worker08.memberId}, ${bookedQuestionId}, 'practice', 0, ${now})`;
// 模拟考试: the area trainer's mock exam over that category, and worker08's attempt in progress.
const mockExamId = await idOf(
  pg`INSERT INTO mock_exams (title, category_id, question_count, minutes, created_by) VALUES ('矩阵模拟', ${practiceCategoryId}, 2, 30, ${areaTrainer.userId}) RETURNING id`,
);
const practiceVersion = await idOf(pg`SELECT current_version_id AS id FROM questions WHERE id = ${practiceQuestionId}`);
const mockAttemptId = await idOf(pg`INSERT INTO mock_attempts (member_id, mock_exam_id, category_id, question_ids, version_ids, started_at, deadline_at)
  VALUES (${worker08.memberId}, ${mockExamId}, ${practiceCategoryId}, ARRAY[${practiceQuestionId}]::int[], ARRAY[${practiceVersion}]::int[], ${now}, ${new Date(now.getTime() + 24 * 3_600_000)}) RETURNING id`);
// worker08's 每日一练 for today: both questions, none answered yet.
await pg`INSERT INTO practice_daily_sets (member_id, day, question_ids, drawn_at) VALUES (${worker08.memberId}, ${today}, ARRAY[${practiceQuestionId}, ${bookedQuestionId}]::int[], ${now})`;

// 以工代训: a task of the area trainer (verifier: the area trainer) with m08b signed off, photo
// included; trainer10's own task.
async function task(code: string, createdBy: number, verifierMemberId: number) {
  const id = await idOf(pg`INSERT INTO practical_tasks (code, title, specialty, checklist, created_by)
    VALUES (${code}, ${`矩阵任务 ${code}`}, 'oil_production', ${pg.json(["检查", "记录"])}, ${createdBy}) RETURNING id`);
  await pg`INSERT INTO task_verifiers (task_id, member_id) VALUES (${id}, ${verifierMemberId})`;
  return id;
}
const tasks = { area: await task("AUTHZ-TA", areaTrainer.userId, areaTrainer.memberId), own10: await task("AUTHZ-T10", trainer10.userId, trainer10.memberId) };
const photoKey = await savePhoto(jpeg);
const signoffId = await idOf(pg`INSERT INTO signoffs (task_id, member_id, verifier_member_id, signed_on, note, photo_key, created_by)
  VALUES (${tasks.area}, ${members.m08b.id}, ${areaTrainer.memberId}, ${addDays(today, -3)}, '矩阵', ${photoKey}, ${areaTrainer.userId}) RETURNING id`);

// 以骨带训: m09 mentors m09b (采油九队), made by the area trainer.
const mentorshipId = await idOf(pg`INSERT INTO mentorships (mentor_member_id, apprentice_member_id, starts_on, note, created_by)
  VALUES (${m09.id}, ${members.m09b.id}, ${addDays(today, -30)}, '矩阵', ${areaTrainer.userId}) RETURNING id`);
const goalId = await idOf(
  pg`INSERT INTO mentorship_goals (mentorship_id, quarter, goal) VALUES (${mentorshipId}, ${quarterOf(today)}, '独立完成调平衡') RETURNING id`,
);

// Uploads of the area trainer's lesson: one just started (an empty part file), one with every
// byte in (the demo video) waiting for its completion, and a direct one (parts straight to a
// bucket; the matrix's server stores media on disk, so only its ETag reports can succeed there).
const tmp = path.join(process.env.MEDIA_DIR ?? "./data/media", "tmp");
await mkdir(tmp, { recursive: true });
const uploads = {
  pending: "00000000-0000-4000-8000-00000000a7a7",
  full: "00000000-0000-4000-8000-00000000a7a8",
  direct: "00000000-0000-4000-8000-00000000a7a9",
};
await pg`INSERT INTO lesson_uploads (id, lesson_id, file_name, size_bytes, multipart_id, direct, part_etags, created_by)
  VALUES (${uploads.direct}, ${lessons.area}, 'matrix.mp4', ${9 * 1024 * 1024}, 'matrix-multipart', true, ${pg.json(["", ""])}, ${areaTrainer.userId})`;
await pg`INSERT INTO lesson_uploads (id, lesson_id, file_name, size_bytes, created_by) VALUES (${uploads.pending}, ${lessons.area}, 'matrix.webm', 1048576, ${areaTrainer.userId})`;
await writeFile(path.join(tmp, `${uploads.pending}.part`), "");
const video = await readFile(path.resolve("tests/fixtures/video/test-pattern.webm"));
await pg`INSERT INTO lesson_uploads (id, lesson_id, file_name, size_bytes, received, created_by) VALUES (${uploads.full}, ${lessons.area}, 'matrix.webm', ${video.length}, ${video.length}, ${areaTrainer.userId})`;
await writeFile(path.join(tmp, `${uploads.full}.part`), video);

// 一机一码: a pump at a 采油八队 station (the area trainer's), its questions drawn from the practice
// category above (two questions: both in every draw), and a retired switchboard there.
async function machine(name: string, kind: string, retired: boolean) {
  const code = randomBytes(16).toString("base64url");
  const id = await idOf(pg`INSERT INTO equipment (code, name, kind, station_id, lesson_id, practice_category_id, retired_at, created_by)
    VALUES (${code}, ${name}, ${kind}, ${units.s08}, ${lessons.t08}, ${practiceCategoryId}, ${retired ? now : null}, ${areaTrainer.userId}) RETURNING id`);
  await pg`INSERT INTO equipment_jobs (equipment_id, job_id) VALUES (${id}, ${jobId})`;
  return { id, code };
}
const equipment = { e08: await machine("矩阵输油泵", "pump", false), retired: await machine("矩阵配电柜", "switchboard", true) };
// 复审: a type reviewed every 3 years (no hours, no test), a certificate of it for m08b and one for each principal.
const reviewType = await idOf(pg`INSERT INTO certificate_types (code, name, validity_months, renew_window_days, review_every_years)
  VALUES ('AUTHZ-REV', '矩阵复审证', 72, 60, 3) RETURNING id`);
const reviewCert = (memberId: number, number: string) =>
  idOf(pg`INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on)
    VALUES (${memberId}, ${reviewType}, ${number}, ${addDays(today, -800)}) RETURNING id`);
const reviewCerts = {
  m08b: await reviewCert(members.m08b.id, "AUTHZ-R-08B"),
  trainer10: await reviewCert(trainer10.memberId, "AUTHZ-R-T10"),
  manager09: await reviewCert(manager09.memberId, "AUTHZ-R-M09"),
  worker09: await reviewCert(worker09.memberId, "AUTHZ-R-W09"),
  worker11: await reviewCert(worker11.memberId, "AUTHZ-R-W11"),
};
// 三级安全教育: an open crew-level (level 3) induction of m08b at their station, and one of each principal's own.
const inductionOf = (memberId: number) =>
  idOf(pg`INSERT INTO induction_records (member_id, level, org_unit_id, reason, opened_on, required_hours)
    SELECT id, 3, org_unit_id, 'new_hire', ${addDays(today, -3)}, 24 FROM members WHERE id = ${memberId} RETURNING id`);
const inductions = {
  m08b: await inductionOf(members.m08b.id),
  trainer10: await inductionOf(trainer10.memberId),
  manager09: await inductionOf(manager09.memberId),
  worker09: await inductionOf(worker09.memberId),
  worker11: await inductionOf(worker11.memberId),
  /** The team level of m08b, signed off two days ago by the area trainer (to undo). */
  m08bSigned:
    await idOf(pg`INSERT INTO induction_records (member_id, level, org_unit_id, reason, opened_on, required_hours, signed_off_on, signed_off_by, hours_credited)
    VALUES (${members.m08b.id}, 2, ${units.t08}, 'new_hire', ${addDays(today, -3)}, 24, ${addDays(today, -2)}, ${areaTrainer.userId}, 24) RETURNING id`),
};

// 案例复训: two cases of the area trainer for J-OIL in 采油八队 asking the practice question, each
// with a photo and assigned to worker08 only: one not acknowledged yet, one acknowledged (to answer).
const casePhotoKey = await putImage(getStorage(), "cases", jpeg);
async function incidentCase(title: string, acknowledged: boolean) {
  const id = await idOf(pg`INSERT INTO cases (title, body, photo_keys, job_id, org_unit_id, due_days, created_by, published_at)
    VALUES (${title}, '矩阵案例经过', ${pg.array([casePhotoKey])}, ${jobId}, ${units.t08}, 7, ${areaTrainer.userId}, ${now}) RETURNING id`);
  await pg`INSERT INTO case_questions (case_id, question_id, ord) VALUES (${id}, ${practiceQuestionId}, 0)`;
  await pg`INSERT INTO case_assignments (case_id, member_id, assigned_at, due_on, acknowledged_at)
    VALUES (${id}, ${worker08.memberId}, ${now}, ${addDays(today, 7)}, ${acknowledged ? now : null})`;
  return id;
}
const incidentCases = { open08: await incidentCase("矩阵案例一", false), ack08: await incidentCase("矩阵案例二", true), photoKey: casePhotoKey };

// 年度培训计划: the admin's plan of 采油八队 for this year, with one line delivered by the 采油八队 course.
const planYear = Number(today.slice(0, 4));
const planT08 = await idOf(pg`INSERT INTO training_plans (org_unit_id, year, created_by) VALUES (${units.t08}, ${planYear}, ${admin.userId}) RETURNING id`);
const planLine = await idOf(pg`INSERT INTO training_plan_lines (plan_id, topic, category, month, planned_hours, budget, course_id)
  VALUES (${planT08}, '矩阵计划条目', 'safety', 6, 8, 1000, ${courses.t08}) RETURNING id`);

await pg.end();

const fixture: Fixture = {
  today,
  accounts: { trainer10, manager09, worker09, worker11, admin, areaTrainer, worker08, instructor09 },
  units,
  members,
  jobId,
  emptyJobId,
  requirementId,
  certificateType: { id: Number(certificateType.id), code: String(certificateType.code) },
  reviewType,
  reviewCerts,
  inductions,
  stationPairingId,
  contests: { area: contestArea, own10: contestOwn10 },
  issued,
  unitExport,
  classes,
  courses,
  lessons,
  quizzes,
  proctoring,
  paperExam: { ...paperExam, attemptId: paperAttemptId },
  questions: { single: Number(single.id), essay: Number(essay.id), categoryId: Number(single.category_id) },
  attempts,
  practice: {
    openingId,
    categoryId: practiceCategoryId,
    questionId: practiceQuestionId,
    bookedQuestionId,
    day: today,
    mockExamId,
    mockAttemptId,
    mediaId: questionMediaId,
  },
  tasks,
  signoff: { id: signoffId, photoKey },
  mentorship: { id: mentorshipId, goalId },
  uploads,
  notifications,
  spare08: { userId: spare08.userId, memberId: spare08.memberId },
  equipment,
  cases: incidentCases,
  plan: { t08: planT08, line: planLine, year: planYear },
};
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(fixture, null, 2));
console.log(`authz fixture: ${out}`);
