import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import type { Result } from "@/lib/core/result";
import {
  acknowledgeCase,
  answerCaseQuestion,
  assignLateJoiners,
  caseFormOptions,
  caseForWorker,
  casePhoto,
  caseProgress,
  listCases,
  myCases,
  publishCase,
  withdrawCase,
} from "@/lib/cases";
import { memberHours } from "@/lib/hours/ledger";
import { refreshTotals } from "@/lib/hours/totals";
import { formResponse } from "@/lib/practice/form";
import { questionPictureFor } from "@/lib/practice/media";
import { listBook } from "@/lib/practice/practice";
import { createQuestion } from "@/lib/quiz/bank";
import { uploadQuestionImage } from "@/lib/quiz/media";
import { mediaToken } from "@/lib/quiz/media-refs";
import { LocalStorage } from "@/lib/storage";
import { createTestDb, drivers } from "../helpers/db";
import { areaTrainer, caseGroup, caseGroupForm, partsMatching, principalOf, sampleOf } from "../helpers/quiz";

/**
 * 案例复训: publishing assigns exactly the active members of the unit's subtree who hold the job
 * (post or eligible on the roster) or work towards it; a worker acknowledges, answers (graded as
 * practice: a wrong answer lands in the wrong-answer book), completes with a score; a member the
 * case is not assigned to is refused; bad input and refusals write nothing.
 */

const T0 = new Date("2026-11-24T02:00:00.000Z"); // 2026-11-24 10:00 in Shanghai
const LATE = new Date("2026-12-02T02:00:00.000Z"); // after a 7-day due day (2026-12-01)

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.code);
  return r.value;
}

describe.each(drivers())("case retraining on %s", (driver) => {
  let h: DbHandle;
  let db: Db;
  let trainer09: Principal;
  let trainer08: Principal;
  let jobId: number;
  let t09: number;
  let t08: number;
  const m: Record<"post" | "target" | "eligible" | "none" | "leave" | "outside", number> = { post: 0, target: 0, eligible: 0, none: 0, leave: 0, outside: 0 };
  const who: Record<string, Principal> = {};
  let qSingle: number;
  let qTf: number;
  let storage: LocalStorage;
  let outsideNo: string;

  const state = async () =>
    JSON.stringify([
      rowsOf(await db.execute(sql`SELECT * FROM cases ORDER BY id`)),
      rowsOf(await db.execute(sql`SELECT * FROM case_assignments ORDER BY case_id, member_id`)),
      rowsOf(await db.execute(sql`SELECT * FROM case_answers ORDER BY case_id, member_id, question_id`)),
      rowsOf(await db.execute(sql`SELECT * FROM wrong_book ORDER BY member_id, question_id`)),
      rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM practice_answers`)),
      rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM audit_log`)),
      rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM notifications`)),
    ]);
  async function refused(call: () => Promise<Result<unknown>>, kind: string, code: string) {
    const before = await state();
    expect(await call()).toMatchObject({ ok: false, kind, code });
    expect(await state()).toEqual(before);
  }
  const form = (over: Record<string, unknown> = {}) => ({
    title: "抽油机刹车失灵未遂事件",
    body: "某站巡检时发现抽油机刹车片磨损，停机时未能刹住。",
    jobId: String(jobId),
    orgUnitId: String(t09),
    equipmentId: "",
    dueDays: "7",
    questionIds: [String(qSingle), String(qTf)],
    ...over,
  });

  beforeAll(async () => {
    h = await createTestDb(driver);
    db = h.db;
    await seedDemo(db, { members: 40 });
    storage = new LocalStorage(mkdtempSync(path.join(tmpdir(), "cases-media-")));
    const unit = async (code: string) => rowsOf<{ id: number }>(await db.execute(sql`SELECT id FROM org_units WHERE code = ${code}`))[0]!.id;
    t09 = await unit("T09");
    t08 = await unit("T08");
    jobId = rowsOf<{ id: number }>(
      await db.execute(sql`INSERT INTO jobs (code, name, specialty) SELECT 'CASE-J', '案例岗位', specialty FROM jobs ORDER BY id LIMIT 1 RETURNING id`),
    )[0]!.id;
    const people = async (code: string, n: number) =>
      rowsOf<{ id: number; employee_no: string }>(
        await db.execute(sql`SELECT m.id, m.employee_no FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
          WHERE ou.path LIKE (SELECT path FROM org_units WHERE code = ${code}) || '%' AND m.status = 'active' AND m.employee_no NOT LIKE '9000%' ORDER BY m.id LIMIT ${n}`),
      );
    const in09 = await people("T09", 5);
    const [out08] = await people("T08", 1);
    const names = ["post", "target", "eligible", "none", "leave"] as const;
    names.forEach((k, i) => {
      m[k] = Number(in09[i]!.id);
    });
    m.outside = Number(out08!.id);
    outsideNo = out08!.employee_no;
    // Nobody holds the new job but those made to here.
    await db.execute(sql`UPDATE members SET job_id = ${jobId} WHERE id IN (${m.post}, ${m.leave}, ${m.outside})`);
    await db.execute(sql`UPDATE members SET status = 'leave' WHERE id = ${m.leave}`);
    await db.execute(sql`INSERT INTO member_job_targets (member_id, job_id) VALUES (${m.target}, ${jobId})`);
    await db.execute(sql`INSERT INTO eligibility_cells (member_id, job_id, status) VALUES (${m.eligible}, ${jobId}, 'eligible')`);
    for (const k of ["post", "target", "none"] as const) {
      const no = in09[names.indexOf(k)]!.employee_no;
      who[k] = await principalOf(db, no, [{ role: "worker", scope: null }]);
    }
    trainer09 = await principalOf(db, "900003", [{ role: "trainer", scope: "T09" }]);
    trainer08 = await principalOf(db, String((await people("T08", 2))[1]!.employee_no), [{ role: "trainer", scope: "T08" }]);
    const by = await areaTrainer(db);
    qSingle = must(await createQuestion(db, by, sampleOf("single"))).questionId;
    qTf = must(await createQuestion(db, by, sampleOf("truefalse"))).questionId;
  });
  afterAll(async () => {
    await h?.close();
  });

  let caseId: number;

  it("refuses bad input with a clear code and writes nothing", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#c00" } })
      .png()
      .toBuffer();
    await refused(() => publishCase(db, trainer09, form({ dueDays: "0" }), [], T0, storage), "badRequest", "cases.errors.dueDays");
    await refused(() => publishCase(db, trainer09, form({ dueDays: "91" }), [], T0, storage), "badRequest", "cases.errors.dueDays");
    await refused(() => publishCase(db, trainer09, form({ creditHours: "200.5" }), [], T0, storage), "badRequest", "cases.errors.creditHours");
    await refused(() => publishCase(db, trainer09, form({ creditHours: "-1" }), [], T0, storage), "badRequest", "cases.errors.creditHours");
    await refused(() => publishCase(db, trainer09, form({ title: "案".repeat(101) }), [], T0, storage), "badRequest", "errors.tooLong");
    await refused(() => publishCase(db, trainer09, form({ title: "  " }), [], T0, storage), "badRequest", "errors.required");
    await refused(() => publishCase(db, trainer09, form({ questionIds: [] }), [], T0, storage), "badRequest", "cases.errors.questions");
    await refused(
      () => publishCase(db, trainer09, form({ questionIds: ["1", "2", "3", "4", "5", "6"] }), [], T0, storage),
      "badRequest",
      "cases.errors.questions",
    );
    await refused(
      () => publishCase(db, trainer09, form({ questionIds: [String(qSingle), String(qSingle)] }), [], T0, storage),
      "badRequest",
      "cases.errors.questions",
    );
    await refused(() => publishCase(db, trainer09, form({ questionIds: ["999999"] }), [], T0, storage), "badRequest", "cases.errors.questions");
    await refused(() => publishCase(db, trainer09, form({ jobId: "999999" }), [], T0, storage), "badRequest", "cases.errors.job");
    await refused(() => publishCase(db, trainer09, form(), [new Uint8Array([1, 2, 3])], T0, storage), "badRequest", "cases.errors.photoType");
    await refused(() => publishCase(db, trainer09, form(), Array(7).fill(png), T0, storage), "badRequest", "cases.errors.photoCount");
    // A unit outside the trainer's scope, and a worker publishing at all.
    await refused(() => publishCase(db, trainer09, form({ orgUnitId: String(t08) }), [], T0, storage), "badRequest", "cases.errors.unit");
    await refused(() => publishCase(db, who.post!, form(), [], T0, storage), "forbidden", "errors.forbidden");
  });

  it("assigns exactly the active holders and those working towards the job, in the unit's subtree", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#c00" } })
      .png()
      .toBuffer();
    const r = must(await publishCase(db, trainer09, form(), [png], T0, storage));
    caseId = r.id;
    expect(r.assigned).toBe(3);
    const rows = rowsOf<{ member_id: number; due_on: string }>(
      await db.execute(sql`SELECT member_id, due_on::text AS due_on FROM case_assignments WHERE case_id = ${caseId} ORDER BY member_id`),
    );
    expect(rows.map((x) => Number(x.member_id)).sort()).toEqual([m.post, m.target, m.eligible].sort());
    // Published on 2026-11-24 (Shanghai) with 7 days: due 2026-12-01.
    expect(new Set(rows.map((x) => x.due_on))).toEqual(new Set(["2026-12-01"]));
    // Each of them hears of it on the bell, with a link to the case.
    const bell = rowsOf<{ member_id: number; href: string }>(await db.execute(sql`SELECT member_id, href FROM notifications WHERE event = 'case_assigned'`));
    expect(bell.map((b) => Number(b.member_id)).sort()).toEqual([m.post, m.target, m.eligible].sort());
    expect(new Set(bell.map((b) => b.href))).toEqual(new Set([`/cases/${caseId}`]));
    const [audit] = rowsOf(await db.execute(sql`SELECT 1 FROM audit_log WHERE action = 'case.publish' AND entity_id = ${String(caseId)}`));
    expect(audit).toBeTruthy();
  });

  it("shows the case to the assigned worker, not to others, and its photo only to them and the trainer in scope", async () => {
    const mine = await myCases(db, who.post!, T0);
    expect(mine).toMatchObject([{ id: caseId, status: "new", questions: 2, answered: 0, dueOn: "2026-12-01" }]);
    expect(await myCases(db, who.none!, T0)).toEqual([]);
    const view = must(await caseForWorker(db, who.post!, caseId, T0));
    expect(view.photoKeys).toHaveLength(1);
    expect(JSON.stringify(view.questions)).not.toContain('"correct"'); // no key before answering
    expect(await caseForWorker(db, who.none!, caseId, T0)).toMatchObject({ ok: false, kind: "notFound" });
    const key = view.photoKeys[0]!;
    expect((await casePhoto(db, who.post!, key, storage)).ok).toBe(true);
    expect((await casePhoto(db, trainer09, key, storage)).ok).toBe(true);
    expect(await casePhoto(db, who.none!, key, storage)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await casePhoto(db, trainer08, key, storage)).toMatchObject({ ok: false, kind: "notFound" });
  });

  it("refuses a member the case is not assigned to, and answers before acknowledgement", async () => {
    await refused(() => acknowledgeCase(db, who.none!, caseId, T0), "notFound", "cases.errors.notFound");
    await refused(
      () => answerCaseQuestion(db, who.none!, { caseId, questionId: qSingle, response: { type: "single", optionId: "b" } }, T0),
      "notFound",
      "cases.errors.notFound",
    );
    await refused(
      () => answerCaseQuestion(db, who.post!, { caseId, questionId: qSingle, response: { type: "single", optionId: "b" } }, T0),
      "conflict",
      "cases.errors.acknowledgeFirst",
    );
  });

  it("acknowledges, a wrong answer enters the wrong-answer book, the last answer completes the case", async () => {
    must(await acknowledgeCase(db, who.post!, caseId, T0));
    expect((await myCases(db, who.post!, T0))[0]!.status).toBe("acknowledged");
    await refused(
      () => answerCaseQuestion(db, who.post!, { caseId, questionId: 999999, response: { type: "single", optionId: "a" } }, T0),
      "notFound",
      "cases.errors.questionNotFound",
    );
    const wrong = must(await answerCaseQuestion(db, who.post!, { caseId, questionId: qSingle, response: { type: "single", optionId: "b" } }, T0));
    expect(wrong).toEqual({ right: false, completed: false });
    const book = await listBook(db, who.post!);
    expect(book.flatMap((g) => g.items.map((i) => i.questionId))).toContain(qSingle);
    await refused(
      () => answerCaseQuestion(db, who.post!, { caseId, questionId: qSingle, response: { type: "single", optionId: "a" } }, T0),
      "conflict",
      "cases.errors.answered",
    );
    const view = must(await caseForWorker(db, who.post!, caseId, T0));
    expect(view.questions[0]!.answer).toMatchObject({ right: false, key: { correct: "a" } });
    const last = must(await answerCaseQuestion(db, who.post!, { caseId, questionId: qTf, response: { type: "truefalse", value: false } }, T0));
    expect(last).toEqual({ right: true, completed: true });
    expect(must(await caseForWorker(db, who.post!, caseId, T0))).toMatchObject({ status: "completed", score: 50 });
    // The completed case credits its 学时 (the 0.5 h default, safety) on the completion day, once; the totals agree.
    const hours = must(await memberHours(db, who.post!, who.post!.memberId, 2026, "Asia/Shanghai"));
    expect(hours.entries.filter((e) => e.source === "case").map((e) => [e.refId, e.category, e.day, e.hours])).toEqual([[caseId, "safety", "2026-11-24", 0.5]]);
    await refreshTotals(db, "Asia/Shanghai");
    const total = async () =>
      Number(
        rowsOf<{ s: string }>(
          await db.execute(sql`SELECT coalesce(sum(safety), 0)::text AS s FROM hours_totals WHERE member_id = ${who.post!.memberId} AND year = 2026`),
        )[0]!.s,
      );
    expect(await total()).toBe(hours.byCategory.safety);
    // A trainer's later change of the case's hours reaches the totals (the trigger marks its members).
    await db.execute(sql`UPDATE cases SET credit_hours = 2 WHERE id = ${caseId}`);
    await refreshTotals(db, "Asia/Shanghai");
    expect(await total()).toBe(hours.byCategory.safety + 1.5);
    await db.execute(sql`UPDATE cases SET credit_hours = 0.5 WHERE id = ${caseId}`);
  });

  it("gives the trainer in scope the progress (overdue after the due day, share right per question); another unit's trainer nothing", async () => {
    must(await acknowledgeCase(db, who.target!, caseId, T0));
    const p = must(await caseProgress(db, trainer09, caseId, LATE));
    expect(p).toMatchObject({ assigned: 3, acknowledged: 2, completed: 1, overdue: 2 });
    expect(p.questions).toMatchObject([
      { questionId: qSingle, answered: 1, right: 0 },
      { questionId: qTf, answered: 1, right: 1 },
    ]);
    expect(p.members.filter((x) => x.status === "overdue")).toHaveLength(2);
    expect((await myCases(db, who.target!, LATE))[0]!.status).toBe("overdue");
    expect(await caseProgress(db, trainer08, caseId, LATE)).toMatchObject({ ok: false, kind: "notFound" });
    expect(must(await listCases(db, trainer08, LATE))).toEqual([]);
    expect(must(await listCases(db, trainer09, LATE)).map((c) => c.id)).toEqual([caseId]);
    expect(await listCases(db, who.post!, LATE)).toMatchObject({ ok: false, kind: "forbidden" });
  });

  it("reaches a member who takes the job after publication, once, due N days from that day; never a withdrawn case or another unit", async () => {
    const assigned = async () =>
      rowsOf<{ member_id: number; due_on: string }>(
        await db.execute(sql`SELECT member_id, due_on::text AS due_on FROM case_assignments WHERE case_id = ${caseId} ORDER BY member_id`),
      ).map((r) => [Number(r.member_id), r.due_on]);
    const before = await assigned();
    expect(await assignLateJoiners(db, LATE)).toBe(0);
    // `none` takes the job, `outside` (another team) already holds it: only `none` is reached, due 2026-12-02 + 7.
    await db.execute(sql`UPDATE members SET job_id = ${jobId} WHERE id = ${m.none}`);
    expect(await assignLateJoiners(db, LATE)).toBe(1);
    expect(await assigned()).toEqual([...before, [m.none, "2026-12-09"]].sort((a, b) => Number(a[0]) - Number(b[0])));
    const [bell] = rowsOf<{ n: number }>(
      await db.execute(
        sql`SELECT count(*)::int AS n FROM notifications WHERE event = 'case_assigned' AND member_id = ${m.none} AND href = ${`/cases/${caseId}`}`,
      ),
    );
    expect(Number(bell!.n)).toBe(1);
    expect((await myCases(db, who.none!, LATE)).map((c) => c.id)).toEqual([caseId]);
    // Again: nothing more. A withdrawn case reaches no one new.
    expect(await assignLateJoiners(db, LATE)).toBe(0);
    await db.execute(sql`UPDATE members SET job_id = ${jobId} WHERE id = (SELECT m.id FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE u.path LIKE (SELECT path FROM org_units WHERE id = ${t09}) || '%' AND m.status = 'active' AND m.job_id IS DISTINCT FROM ${jobId}
        AND m.employee_no NOT LIKE '9000%' ORDER BY m.id LIMIT 1)`);
    await db.execute(sql`UPDATE cases SET withdrawn_at = ${LATE.toISOString()}::timestamptz WHERE id = ${caseId}`);
    expect(await assignLateJoiners(db, LATE)).toBe(0);
    await db.execute(sql`UPDATE cases SET withdrawn_at = NULL WHERE id = ${caseId}`);
  });

  it("withdraws: only its publisher or an admin, in scope, once; it leaves to-do lists and is no longer due; answers stay", async () => {
    const counts = async () =>
      rowsOf<{ assigned: number; not_done: number; answers: number }>(
        await db.execute(sql`SELECT count(*)::int AS assigned, (count(*) FILTER (WHERE completed_at IS NULL))::int AS not_done,
          (SELECT count(*)::int FROM case_answers WHERE case_id = ${caseId}) AS answers FROM case_assignments WHERE case_id = ${caseId}`),
      ).map((r) => ({ assigned: Number(r.assigned), notDone: Number(r.not_done), answers: Number(r.answers) }))[0]!;
    const before = await counts();
    expect(before.notDone).toBeGreaterThan(0);
    expect(before.answers).toBeGreaterThan(0);
    expect((await myCases(db, who.none!, LATE)).map((c) => c.id)).toContain(caseId);
    // Another trainer of the same team did not publish it; another team's trainer does not see it; a worker is no trainer.
    const other09 = await principalOf(db, "900002", [{ role: "trainer", scope: "T09" }]);
    expect(must(await listCases(db, other09, LATE)).find((c) => c.id === caseId)?.mayWithdraw).toBe(false);
    await refused(() => withdrawCase(db, other09, caseId, LATE), "forbidden", "cases.errors.notYours");
    await refused(() => withdrawCase(db, trainer08, caseId, LATE), "notFound", "cases.errors.notFound");
    await refused(() => withdrawCase(db, who.post!, caseId, LATE), "forbidden", "errors.forbidden");
    await refused(() => withdrawCase(db, trainer09, 999_999, LATE), "notFound", "cases.errors.notFound");
    expect(must(await listCases(db, trainer09, LATE)).find((c) => c.id === caseId)).toMatchObject({ mayWithdraw: true, withdrawnAt: null });

    expect(await withdrawCase(db, trainer09, caseId, LATE)).toEqual({ ok: true, value: { assigned: before.assigned, notDone: before.notDone } });
    // Gone from every member's list and page; no longer overdue; the record of answers stays.
    for (const k of ["post", "target", "none"] as const) expect((await myCases(db, who[k]!, LATE)).map((c) => c.id)).not.toContain(caseId);
    expect(await caseForWorker(db, who.none!, caseId, LATE)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await counts()).toEqual(before);
    const progress = must(await caseProgress(db, trainer09, caseId, LATE));
    expect(progress).toMatchObject({ overdue: 0, mayWithdraw: false, withdrawnAt: LATE });
    expect(must(await listCases(db, trainer09, LATE)).find((c) => c.id === caseId)?.withdrawnAt).toEqual(LATE);
    const [log] = rowsOf<{ entity_id: string; after: unknown }>(
      await db.execute(sql`SELECT entity_id, after FROM audit_log WHERE action = 'case.withdraw' ORDER BY id DESC LIMIT 1`),
    );
    expect(log).toMatchObject({ entity_id: String(caseId), after: { assigned: before.assigned, notDone: before.notDone } });
    // Once: a second withdrawal is refused and changes nothing.
    await refused(() => withdrawCase(db, trainer09, caseId, LATE), "conflict", "cases.errors.alreadyWithdrawn");

    // An admin over the organisation withdraws a case another trainer published.
    const second = must(await publishCase(db, trainer09, form({ title: "第二个案例" }), [], T0, storage));
    const admin = await principalOf(db, "900001", [{ role: "admin", scope: null }]);
    expect(await withdrawCase(db, admin, second.id, LATE)).toMatchObject({ ok: true });
  });
  it("asks every practised type: a 案例分析 group and a matching question, read from the form as practice reads it, marked per part, wrong ones booked; its picture only for the assigned", async () => {
    const AT = new Date("2026-12-03T02:00:00.000Z");
    const by = await areaTrainer(db);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#08c" } })
      .png()
      .toBuffer();
    const pic = must(await uploadQuestionImage(db, by, png, "valve.png", storage));
    const group = caseGroup(`注水井压力突降，见下图：\n${mediaToken(pic)}`, ["案例复训", "注水"], "先查地层。");
    const qGroup = must(await createQuestion(db, by, group)).questionId;
    const qMatch = must(await createQuestion(db, by, partsMatching(["案例复训", "注水"]))).questionId;
    // The trainer's form offers them, with their types.
    const offered = must(await caseFormOptions(db, trainer09, "")).questions;
    expect(
      offered
        .filter((q) => q.id === qGroup || q.id === qMatch)
        .map((q) => q.type)
        .sort(),
    ).toEqual(["group", "matching"]);
    const made = must(await publishCase(db, trainer09, form({ title: "注水井压力突降", questionIds: [String(qGroup), String(qMatch)] }), [], AT, storage));
    const worker = who.target!;
    const outsider = await principalOf(db, outsideNo, [{ role: "worker", scope: null }]);
    expect((await myCases(db, worker, AT)).map((c) => c.id)).toContain(made.id);
    // The picture in the group's stem: the assigned worker sees it, a worker the case is not assigned to gets "not found".
    expect((await questionPictureFor(db, worker, pic.id, "full", AT)).ok).toBe(true);
    expect(await questionPictureFor(db, outsider, pic.id, "full", AT)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await caseForWorker(db, outsider, made.id, AT)).toMatchObject({ ok: false, kind: "notFound" });

    // Part 1 right (a), part 2 wrong (压裂, not 酸化), part 3 right (false).
    const groupAnswer = formResponse(caseGroupForm("a", "压裂", "false"));
    // One item of two right.
    const pairs = new FormData();
    pairs.append("type", "matching");
    pairs.append("pairs", "i1=c1");
    pairs.append("pairs", "i2=c3");
    const matchAnswer = formResponse(pairs);
    await refused(
      () => answerCaseQuestion(db, outsider, { caseId: made.id, questionId: qGroup, response: groupAnswer }, AT),
      "notFound",
      "cases.errors.notFound",
    );
    must(await acknowledgeCase(db, worker, made.id, AT));
    expect(must(await answerCaseQuestion(db, worker, { caseId: made.id, questionId: qGroup, response: groupAnswer }, AT))).toEqual({
      right: false,
      completed: false,
    });
    expect(must(await answerCaseQuestion(db, worker, { caseId: made.id, questionId: qMatch, response: matchAnswer }, AT))).toEqual({
      right: false,
      completed: true,
    });
    const [g, mm] = must(await caseForWorker(db, worker, made.id, AT)).questions;
    expect(g!.answer).toMatchObject({ right: false, partial: true, parts: ["right", "wrong", "right"], response: { type: "group" } });
    expect(mm!.answer).toMatchObject({ right: false, partial: true, response: { type: "matching", pairs: { i1: "c1", i2: "c3" } } });
    expect(mm!.answer!.parts).toBeUndefined();
    // Kept as practice answers (mode "case") with the parts as given; both in the book; the score counts only fully right answers.
    const kept = rowsOf<{ question_id: number; response: unknown }>(
      await db.execute(
        sql`SELECT question_id, response FROM practice_answers WHERE member_id = ${worker.memberId} AND mode = 'case' AND question_id = ${qGroup}`,
      ),
    );
    expect(kept.map((k) => (typeof k.response === "string" ? JSON.parse(k.response) : k.response))).toEqual([
      { type: "group", parts: { p1: { type: "single", optionId: "a" }, p2: { type: "fill", blanks: ["压裂"] }, p3: { type: "truefalse", value: false } } },
    ]);
    const book = (await listBook(db, worker)).flatMap((b) => b.items.map((i) => i.questionId));
    expect(book).toEqual(expect.arrayContaining([qGroup, qMatch]));
    expect(must(await caseForWorker(db, worker, made.id, AT))).toMatchObject({ status: "completed", score: 0 });
    // After answering, the feedback still shows it to the assigned worker (thumbnail too), never to the outsider.
    expect((await questionPictureFor(db, worker, pic.id, "thumb", AT)).ok).toBe(true);
    expect(await questionPictureFor(db, outsider, pic.id, "thumb", AT)).toMatchObject({ ok: false, kind: "notFound" });
  });
});
