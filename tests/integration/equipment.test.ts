import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { equipment, jobs, lessons, orgUnits, questionCategories, wrongBook } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import type { Result } from "@/lib/core/result";
import {
  answerScan,
  getEquipment,
  labelsFor,
  listEquipment,
  openScan,
  renewClipMedia,
  scannedCodes,
  reportClip,
  retireEquipment,
  saveEquipment,
  type EquipmentInput,
  type Scanner,
} from "@/lib/equipment";
import { memberHours, shortfallReport } from "@/lib/hours/ledger";
import { formResponse } from "@/lib/practice/form";
import { openForPractice } from "@/lib/practice/openings";
import { createQuestion } from "@/lib/quiz/bank";
import { createLesson, setLessonStatus } from "@/lib/video";
import { createTestDb, drivers } from "../helpers/db";
import { caseGroup, caseGroupForm, principalOf, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

const TZ = "Asia/Shanghai";
const shanghai = (day: string, hms = "10:00:00") => new Date(`${day}T${hms}+08:00`);
const secondsLater = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

/** Tables a refusal must leave as they were. */
const TABLES = ["equipment", "equipment_jobs", "equipment_visits", "practice_answers", "wrong_book", "audit_log"];
async function snapshot(db: Db): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = rowsOf(await db.execute(sql.raw(`SELECT * FROM ${t} ORDER BY ${t}::text`)));
  return JSON.stringify(out);
}

describe.each(drivers())("一机一码 on %s", (driver) => {
  let h: DbHandle;
  const db = () => h.db;
  let area: Principal;
  let trainer10: Principal; // a trainer scoped to 采油十队
  let trainer09: Principal; // a trainer scoped to 采油九队
  let worker: Scanner; // 900004, 韦2中转站 (采油九队), holds J-GATH
  let other: Scanner; // a worker of 采油八队
  let stationW2: number;
  let lessonId: number;
  let longLesson: number;
  let jobGath: number;
  let jobBoil: number;
  const qids: number[] = [];
  let categoryId: number;

  async function scanner(no: string): Promise<Scanner> {
    const p = await principalOf(db(), no, [{ role: "worker", scope: null }]);
    const [r] = rowsOf<{ path: string; job_id: number | null }>(
      await db().execute(sql`SELECT ou.path, m.job_id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.id = ${p.memberId}`),
    );
    return { ...p, sessionKey: "test", orgPath: r!.path, jobId: r!.job_id === null ? null : Number(r!.job_id) };
  }

  async function refused(call: () => Promise<Result<unknown>>, kind: string, code?: string) {
    const before = await snapshot(db());
    const r = await call();
    expect(r).toMatchObject({ ok: false, kind, ...(code ? { code } : {}) });
    expect(await snapshot(db())).toBe(before);
  }

  async function videoLesson(title: string, durationS: number) {
    const made = await createLesson(db(), area, { title, description: "", specialty: "gathering", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    await db()
      .update(lessons)
      .set({ storageKey: `lessons/${made.value}/x.webm`, mime: "video/webm", durationS, hoursCategory: "safety" })
      .where(eq(lessons.id, made.value));
    expect((await setLessonStatus(db(), area, made.value, "published")).ok).toBe(true);
    return made.value;
  }

  const input = (over: Partial<EquipmentInput> = {}): EquipmentInput => ({
    name: "1号输油泵",
    kind: "pump",
    stationId: stationW2,
    jobIds: [jobGath, jobBoil],
    lessonId,
    clipStartS: null,
    clipEndS: null,
    practiceCategoryId: null,
    questionIds: qids.slice(0, 3),
    ...over,
  });

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    trainer09 = await principalOf(db(), "100002", [{ role: "trainer", scope: "T09" }]);
    trainer10 = await principalOf(db(), "100003", [{ role: "trainer", scope: "T10" }]);
    worker = await scanner("900004");
    const t08Member = first(
      rowsOf<{ employee_no: string }>(
        await db().execute(sql`SELECT m.employee_no FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
          WHERE ou.path LIKE (SELECT path FROM org_units WHERE code = 'T08') || '%' AND m.status = 'active' AND m.employee_no NOT LIKE '9000%' ORDER BY m.id LIMIT 1`),
      ),
    );
    other = await scanner(t08Member.employee_no);
    stationW2 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09-W2")), "T09-W2").id;
    jobGath = first(await db().select().from(jobs).where(eq(jobs.code, "J-GATH")), "J-GATH").id;
    jobBoil = first(await db().select().from(jobs).where(eq(jobs.code, "J-BOIL")), "J-BOIL").id;
    lessonId = await videoLesson("输油泵启泵要点", 120);
    longLesson = await videoLesson("集输站巡检全集", 1800);
    for (let i = 1; i <= 5; i++) {
      const r = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["设备", "输油泵"], stem: `输油泵题${i}` });
      if (!r.ok) throw new Error(r.code);
      qids.push(r.value.questionId);
    }
    categoryId = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "设备")), "设备").id;
    // Opened to 采油十队 only: a scan's questions are the equipment's, whoever scans.
    const t10 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T10")), "T10").id;
    const opened = await openForPractice(db(), area, { categoryId, orgUnitIds: [t10], jobIds: [], includeQuizQuestions: false });
    if (!opened.ok) throw new Error(opened.code);
  });
  afterAll(async () => h?.close());

  it("registers inside the trainer's scope only; another unit's trainer neither sees nor changes it", async () => {
    const made = await saveEquipment(db(), trainer09, null, input());
    expect(made.ok).toBe(true);
    const id = made.ok ? made.value.id : 0;
    const row = first(await db().select().from(equipment).where(eq(equipment.id, id)));
    // 16 random bytes, base64url: 128 bits.
    expect(row.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await refused(() => saveEquipment(db(), trainer10, null, input({ name: "他队的泵" })), "forbidden", "equipment.errors.stationOutOfScope");
    await refused(() => saveEquipment(db(), trainer10, id, input({ name: "改名" })), "notFound", "equipment.errors.notFound");
    await refused(() => retireEquipment(db(), trainer10, id), "notFound");
    expect(await getEquipment(db(), trainer10, id)).toMatchObject({ ok: false, kind: "notFound" });
    expect((await listEquipment(db(), trainer10)).ok && (await listEquipment(db(), trainer10))).toMatchObject({ value: [] });
    expect(await labelsFor(db(), trainer10, [id])).toEqual({ ok: true, value: [] });
    await refused(() => saveEquipment(db(), worker, null, input()), "forbidden");
    // The team's and the area's trainers may.
    expect(await saveEquipment(db(), trainer09, id, input({ name: "1号输油泵（东）" }))).toEqual({ ok: true, value: { id } });
    expect(await getEquipment(db(), area, id)).toMatchObject({
      ok: true,
      value: { name: "1号输油泵（东）", jobIds: expect.arrayContaining([jobGath, jobBoil]) },
    });
  });

  it("validates the clip, the jobs and the questions, and changes nothing when refused", async () => {
    await refused(() => saveEquipment(db(), area, null, input({ lessonId: longLesson })), "badRequest", "equipment.errors.lessonTooLong");
    await refused(
      () => saveEquipment(db(), area, null, input({ lessonId: longLesson, clipStartS: 100, clipEndS: 130 })),
      "badRequest",
      "equipment.errors.clipLength",
    );
    await refused(
      () => saveEquipment(db(), area, null, input({ lessonId: longLesson, clipStartS: 1790, clipEndS: 1900 })),
      "badRequest",
      "equipment.errors.clipBeyondLesson",
    );
    await refused(() => saveEquipment(db(), area, null, input({ questionIds: [qids[0]!, qids[0]!, qids[1]!] })), "badRequest");
    await refused(() => saveEquipment(db(), area, null, input({ questionIds: [], practiceCategoryId: null })), "badRequest");
    await refused(() => saveEquipment(db(), area, null, input({ jobIds: [] })), "badRequest");
    const unopened = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["未开放"], stem: "未开放的题" });
    if (!unopened.ok) throw new Error(unopened.code);
    await refused(
      () => saveEquipment(db(), area, null, input({ questionIds: [qids[0]!, qids[1]!, unopened.value.questionId] })),
      "badRequest",
      "equipment.errors.questionNotOpen",
    );
    const ok = await saveEquipment(
      db(),
      area,
      null,
      input({ name: "长视频片段", lessonId: longLesson, clipStartS: 600, clipEndS: 720, questionIds: [], practiceCategoryId: categoryId }),
    );
    expect(ok.ok).toBe(true);
  });

  it("a scan shows the scanner's own eligibility for the equipment's jobs, the clip and three questions", async () => {
    const [e] = (await labelsFor(db(), area, null)).ok
      ? ((await labelsFor(db(), area, null)) as { value: { code: string; name: string }[] }).value.filter((x) => x.name === "1号输油泵（东）")
      : [];
    const r = await openScan(db(), worker, e!.code, shanghai("2026-11-10"), TZ);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.equipment.name).toBe("1号输油泵（东）");
    expect(r.value.jobs.map((j) => j.jobId).sort()).toEqual([jobGath, jobBoil].sort());
    // The worker holds J-GATH; the statuses are theirs (the same as their profile's).
    expect(r.value.jobs.find((j) => j.jobId === jobGath)?.relation).toBe("held");
    for (const j of r.value.jobs) expect(["eligible", "expiring", "missing"]).toContain(j.status);
    expect(r.value.clip).toMatchObject({ lessonId, startS: 0, endS: 120 });
    expect(r.value.questions.map((q) => q.questionId)).toEqual(qids.slice(0, 3));
    // No key before an answer.
    expect(JSON.stringify(r.value.questions)).not.toMatch(/"key"|explanation/);
    // A worker of another team (outside the practice opening too) may scan: the equipment is the audience.
    const o = await openScan(db(), other, e!.code, shanghai("2026-11-10"), TZ);
    expect(o).toMatchObject({ ok: true, value: { equipment: { name: "1号输油泵（东）" } } });
    // A drawn set from a category is fixed for the day.
    const drawn = ((await labelsFor(db(), area, null)) as { value: { code: string; name: string }[] }).value.find((x) => x.name === "长视频片段")!;
    const a = await openScan(db(), worker, drawn.code, shanghai("2026-11-10", "08:00:00"), TZ);
    const b = await openScan(db(), worker, drawn.code, shanghai("2026-11-10", "20:00:00"), TZ);
    expect(a.ok && b.ok && a.value.questions.map((q) => q.questionId)).toEqual(b.ok && b.value.questions.map((q) => q.questionId));
    expect(a.ok && a.value.questions).toHaveLength(3);
    expect(a.ok && a.value.clip).toMatchObject({ startS: 600, endS: 720 });
    // A page left open past the media tokens' life renews them for the scanner (any member may play the clip).
    const renewed = await renewClipMedia(db(), other, e!.code);
    if (!renewed.ok) throw new Error(renewed.code);
    expect(renewed.value).toMatchObject({ lessonId });
    expect(renewed.value.video).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(renewed.value.validForMs).toBeGreaterThan(0);
  });

  it("unknown, malformed and retired codes are refusals with a message", async () => {
    await refused(() => openScan(db(), worker, "AAAAAAAAAAAAAAAAAAAAAA", shanghai("2026-11-10"), TZ), "notFound", "equipment.errors.unknownCode");
    await refused(() => openScan(db(), worker, "../../etc", shanghai("2026-11-10"), TZ), "notFound", "equipment.errors.unknownCode");
    const made = await saveEquipment(db(), area, null, input({ name: "待停用配电柜", kind: "switchboard" }));
    if (!made.ok) throw new Error(made.code);
    const code = first(await db().select().from(equipment).where(eq(equipment.id, made.value.id))).code;
    expect(await retireEquipment(db(), trainer09, made.value.id)).toEqual({ ok: true, value: undefined });
    await refused(() => openScan(db(), worker, code, shanghai("2026-11-10"), TZ), "gone", "equipment.errors.retired");
    await refused(
      () => answerScan(db(), worker, code, { questionId: qids[0]!, response: { type: "truefalse", value: false } }, shanghai("2026-11-10"), TZ),
      "gone",
    );
    await refused(() => reportClip(db(), worker, code, { segments: [[0, 10]], positionS: 10, at: 1 }, shanghai("2026-11-10"), TZ), "gone");
    await refused(() => renewClipMedia(db(), worker, code), "gone");
    await refused(() => renewClipMedia(db(), worker, "AAAAAAAAAAAAAAAAAAAAAA"), "notFound", "equipment.errors.unknownCode");
    await refused(() => saveEquipment(db(), area, made.value.id, input()), "gone");
    expect((await labelsFor(db(), area, [made.value.id])).ok && (await labelsFor(db(), area, [made.value.id]))).toMatchObject({ value: [] });
  });

  it("micro-学时: the watched length of the clip, once the three questions are answered, once per equipment and day", async () => {
    const made = await saveEquipment(db(), area, null, input({ name: "2号加热炉", kind: "furnace" }));
    if (!made.ok) throw new Error(made.code);
    const code = first(await db().select().from(equipment).where(eq(equipment.id, made.value.id))).code;
    const t0 = shanghai("2026-11-12", "09:00:00");
    const opened = await openScan(db(), worker, code, t0, TZ);
    if (!opened.ok) throw new Error(opened.code);
    // Played 0–40 s, then seeked ahead and played 100–118 s: 58 s watched of the 120 s clip.
    expect(await reportClip(db(), worker, code, { segments: [[0, 40]], positionS: 40, at: 1 }, secondsLater(t0, 40), TZ)).toMatchObject({
      ok: true,
      value: { watchedS: 40 },
    });
    expect(await reportClip(db(), worker, code, { segments: [[100, 118]], positionS: 118, at: 2 }, secondsLater(t0, 60), TZ)).toMatchObject({
      ok: true,
      value: { watchedS: 58 },
    });
    // A repeated report changes nothing; faster than 2× is refused; beyond the clip is refused.
    expect(await reportClip(db(), worker, code, { segments: [[0, 40]], positionS: 40, at: 3 }, secondsLater(t0, 61), TZ)).toMatchObject({
      ok: true,
      value: { watchedS: 58 },
    });
    await refused(
      () => reportClip(db(), worker, code, { segments: [[40, 100]], positionS: 100, at: 4 }, secondsLater(t0, 62), TZ),
      "refused",
      "video.errors.tooFast",
    );
    await refused(
      () => reportClip(db(), worker, code, { segments: [[110, 200]], positionS: 200, at: 4 }, secondsLater(t0, 200), TZ),
      "refused",
      "video.errors.segmentBeyondEnd",
    );
    const hoursOf = async () => {
      const r = await memberHours(db(), worker, worker.memberId, 2026, TZ);
      if (!r.ok) throw new Error(r.code);
      return r.value.entries.filter((x) => x.source === "equipment");
    };
    // Watching alone credits nothing.
    expect(await hoursOf()).toEqual([]);
    const tf = (value: boolean) => ({ type: "truefalse", value });
    const a1 = await answerScan(db(), worker, code, { questionId: qids[0]!, response: tf(true) }, secondsLater(t0, 70), TZ);
    expect(a1).toMatchObject({ ok: true, value: { right: false } });
    // A wrong answer goes into the wrong-answer book, as in practice.
    expect(await db().select().from(wrongBook).where(eq(wrongBook.memberId, worker.memberId))).toEqual(
      expect.arrayContaining([expect.objectContaining({ questionId: qids[0] })]),
    );
    await refused(
      () => answerScan(db(), worker, code, { questionId: qids[0]!, response: tf(false) }, secondsLater(t0, 71), TZ),
      "refused",
      "equipment.errors.alreadyAnswered",
    );
    await refused(() => answerScan(db(), worker, code, { questionId: qids[4]!, response: tf(false) }, secondsLater(t0, 71), TZ), "notFound");
    await answerScan(db(), worker, code, { questionId: qids[1]!, response: tf(false) }, secondsLater(t0, 72), TZ);
    expect(await hoursOf()).toEqual([]);
    await answerScan(db(), worker, code, { questionId: qids[2]!, response: tf(false) }, secondsLater(t0, 73), TZ);
    // 58 s = 0.02 h (floor(58 / 36 + 0.5) / 100), in the lesson's category, on the day of the scan.
    expect(await hoursOf()).toEqual([{ source: "equipment", refId: made.value.id, category: "safety", day: "2026-11-12", hours: 0.02, title: "2号加热炉" }]);
    const view = await openScan(db(), worker, code, secondsLater(t0, 80), TZ);
    expect(view).toMatchObject({ ok: true, value: { answered: 3, watchedS: 58, hours: 0.02 } });
    // The worker's entry links back to the scan page; another member (never scanned it) gets no code.
    expect(await scannedCodes(db(), worker, [made.value.id])).toEqual(new Map([[made.value.id, code]]));
    expect(await scannedCodes(db(), other, [made.value.id])).toEqual(new Map());
    expect(view.ok && view.value.questions.every((q) => q.feedback !== null && q.question === null)).toBe(true);
    // Watching it all again the same day adds only the rest of the clip: at most its 120 s a day.
    for (let s = 0; s < 4; s++)
      await reportClip(db(), worker, code, { segments: [[s * 30, s * 30 + 30]], positionS: s * 30 + 30, at: 10 + s }, secondsLater(t0, 200 + s * 30), TZ);
    expect(await hoursOf()).toEqual([expect.objectContaining({ hours: 0.03, day: "2026-11-12" })]);
    // The next day is another entry.
    const t1 = shanghai("2026-11-13", "09:00:00");
    await openScan(db(), worker, code, t1, TZ);
    await reportClip(db(), worker, code, { segments: [[0, 30]], positionS: 30, at: 20 }, secondsLater(t1, 30), TZ);
    for (const q of qids.slice(0, 3)) await answerScan(db(), worker, code, { questionId: q, response: tf(false) }, secondsLater(t1, 40), TZ);
    expect((await hoursOf()).map((x) => [x.day, x.hours])).toEqual([
      ["2026-11-12", 0.03],
      ["2026-11-13", 0.01],
    ]);
    // The unit report reads the totals kept by the triggers: the same hours as the ledger.
    const team = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const manager = await principalOf(db(), "900002", [{ role: "manager", scope: "T09" }]);
    const report = await shortfallReport(db(), manager, { unitId: team, year: 2026, page: 1, limit: null }, TZ);
    const evidence = await shortfallReport(db(), manager, { unitId: team, year: 2026, page: 1, limit: null }, TZ, "evidence");
    const mine = (r: typeof report) => (r.ok ? r.value.rows.find((x) => x.memberId === worker.memberId) : undefined);
    expect(mine(report)?.byCategory.safety).toBe(mine(evidence)?.byCategory.safety);
    expect(mine(report)?.byCategory.safety).toBeGreaterThanOrEqual(0.04);
  });
  it("a scan answers a 案例分析 group read from its form as practice reads it: kept part by part, marked per part, booked when a part is wrong", async () => {
    const made = await createQuestion(db(), area, caseGroup("输油泵出口压力低，分析原因", ["设备", "输油泵"], "查入口过滤器"));
    if (!made.ok) throw new Error(made.code);
    const group = made.value.questionId;
    const saved = await saveEquipment(db(), trainer09, null, input({ name: "3号输油泵（案例）", questionIds: [group, qids[3]!, qids[4]!] }));
    if (!saved.ok) throw new Error(saved.code);
    const code = first(await db().select().from(equipment).where(eq(equipment.id, saved.value.id))).code;
    const at = shanghai("2026-11-20");
    const scan = await openScan(db(), worker, code, at, TZ);
    if (!scan.ok) throw new Error(scan.code);
    const shown = scan.value.questions.find((q) => q.questionId === group)?.question;
    expect(shown?.question.type).toBe("group");
    expect(JSON.stringify(shown)).not.toMatch(/"key"|酸化/);
    // The scan page's form: each part's id in order, its fields under p<n>. Part 2 (the blank) left empty, part 3 wrong.
    const form = caseGroupForm("a", "", "true");
    const answered = await answerScan(db(), worker, code, { questionId: group, response: formResponse(form) }, secondsLater(at, 30), TZ);
    expect(answered).toMatchObject({ ok: true, value: { right: false } });
    // Once a day: the same group again is refused, nothing changed.
    await refused(
      () => answerScan(db(), worker, code, { questionId: group, response: formResponse(form) }, secondsLater(at, 31), TZ),
      "refused",
      "equipment.errors.alreadyAnswered",
    );
    const after = await openScan(db(), worker, code, secondsLater(at, 40), TZ);
    if (!after.ok) throw new Error(after.code);
    const feedback = after.value.questions.find((q) => q.questionId === group)?.feedback;
    // The feedback says the answer came from a scan (it said "order", practice in order, before).
    expect(feedback).toMatchObject({ mode: "equipment", right: false, partial: true, parts: ["right", "wrong", "wrong"] });
    expect(feedback?.response).toEqual({ type: "group", parts: { p1: { type: "single", optionId: "a" }, p3: { type: "truefalse", value: true } } });
    const kept = rowsOf<{ mode: string; correct: boolean }>(
      await db().execute(sql`SELECT mode, correct FROM practice_answers WHERE member_id = ${worker.memberId} AND question_id = ${group}`),
    );
    expect(kept.map((k) => [k.mode, Boolean(k.correct)])).toEqual([["equipment", false]]);
    const booked = await db().select().from(wrongBook).where(eq(wrongBook.memberId, worker.memberId));
    expect(booked.map((b) => b.questionId)).toContain(group);
  });
});
