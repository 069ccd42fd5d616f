import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { makeTranslator } from "@/lib/i18n";
import { planWorkbook } from "@/lib/plans/export";
import { createPlan, lineInput, listPlans, planReport, removeLine, saveLine, type LineInput } from "@/lib/plans/plans";
import { createTestDb, drivers } from "../helpers/db";

const TZ = "Asia/Shanghai";

describe.each(drivers())("training plans on %s", (driver) => {
  let h: DbHandle;
  const id = {} as Record<
    "area" | "teamA" | "stA1" | "stA2" | "teamB" | "w1" | "w2" | "w3" | "w4" | "left" | "boss" | "b" | "trainerM" | "job" | "course" | "other" | "cls" | "plan",
    number
  >;
  let admin: Principal;
  let trainer: Principal;
  let manager: Principal;
  let otherManager: Principal;
  let worker: Principal;

  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);
  const count = async (table: string) => Number((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`)).n);
  const line = (over: Partial<Record<string, unknown>> = {}): LineInput =>
    lineInput.parse({
      planId: String(id.plan),
      topic: "HSE 基础培训",
      category: "safety",
      month: "5",
      plannedHours: "8",
      budget: "1200.50",
      item: `course:${id.course}`,
      notes: "",
      ...over,
    });

  beforeAll(async () => {
    h = await createTestDb(driver);
    const unit = async (kind: string, name: string, parent: number | null) => {
      const u = await ins(sql`INSERT INTO org_units (kind, name, code, parent_id) VALUES (${kind}, ${name}, ${name}, ${parent}) RETURNING id`);
      const parentPath = parent === null ? "/" : (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${parent}`)).path;
      await h.db.execute(sql`UPDATE org_units SET path = ${`${parentPath}${u}/`} WHERE id = ${u}`);
      return u;
    };
    id.area = await unit("area", "作业区", null);
    id.teamA = await unit("team", "一队", id.area);
    id.stA1 = await unit("station", "一站", id.teamA);
    id.stA2 = await unit("station", "二站", id.teamA);
    id.teamB = await unit("team", "二队", id.area);
    id.job = await ins(sql`INSERT INTO jobs (code, name, specialty) VALUES ('J-ELEC', '电工', 'gathering') RETURNING id`);
    const member = async (no: string, org: number, status = "active", job: number | null = null) =>
      ins(
        sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on, status, job_id) VALUES (${no}, ${`员工${no}`}, ${org}, 'gathering', '2015-03-01', ${status}, ${job}) RETURNING id`,
      );
    id.w1 = await member("100001", id.stA1, "active", id.job);
    id.w2 = await member("100002", id.stA1);
    id.w3 = await member("100003", id.stA2);
    id.w4 = await member("100004", id.stA2);
    id.left = await member("100005", id.stA2, "left");
    id.boss = await member("100006", id.teamA);
    id.b = await member("200001", id.teamB);
    id.trainerM = await member("900001", id.area);
    // 100004 works towards 电工 (a target job): an audience of 电工 includes them.
    await h.db.execute(sql`INSERT INTO member_job_targets (member_id, job_id) VALUES (${id.w4}, ${id.job})`);
    const user = async (memberId: number, role: string, scope: number | null) => {
      const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${memberId}, 'x') RETURNING id`);
      await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, ${role}, ${scope})`);
      return u;
    };
    const bossUser = await user(id.boss, "manager", id.teamA);
    const trainerUser = await user(id.trainerM, "trainer", id.area);
    const pathOf = async (u: number) => (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${u}`)).path;
    admin = { userId: trainerUser, memberId: -1, roles: [{ role: "admin", scopePath: null }] };
    trainer = { userId: trainerUser, memberId: id.trainerM, roles: [{ role: "trainer", scopePath: await pathOf(id.area) }] };
    manager = { userId: bossUser, memberId: id.boss, roles: [{ role: "manager", scopePath: await pathOf(id.teamA) }] };
    otherManager = { userId: bossUser, memberId: id.b, roles: [{ role: "manager", scopePath: await pathOf(id.teamB) }] };
    worker = { userId: bossUser, memberId: id.w1, roles: [{ role: "worker", scopePath: null }] };

    id.course = await ins(
      sql`INSERT INTO courses (title, status, hours_category, credit_hours, created_by) VALUES ('HSE 基础', 'published', 'safety', 8, ${trainerUser}) RETURNING id`,
    );
    id.other = await ins(
      sql`INSERT INTO courses (title, status, hours_category, credit_hours, created_by) VALUES ('别的课程', 'published', 'safety', 8, ${trainerUser}) RETURNING id`,
    );
    id.cls = await ins(sql`INSERT INTO classes (title, series, instructor_member_id, capacity, status, hours_category, created_by)
      VALUES ('六月安全课堂', 'classroom', ${id.trainerM}, 30, 'published', 'safety', ${trainerUser}) RETURNING id`);
    const cc = (m: number, course: number, at: string) =>
      h.db.execute(sql`INSERT INTO course_completions (member_id, course_id, completed_at) VALUES (${m}, ${course}, ${at})`);
    // The delivering course: 100001 in May, 100003 in September (both count, any month of 2026);
    // 100002 completed it in 2025 (another year), the left member and 二队's member are no audience.
    await cc(id.w1, id.course, "2026-05-10T02:00:00Z");
    await cc(id.w3, id.course, "2026-09-01T02:00:00Z");
    await cc(id.w2, id.course, "2025-12-31T15:59:00Z");
    await cc(id.left, id.course, "2026-05-10T02:00:00Z");
    await cc(id.b, id.course, "2026-05-10T02:00:00Z");
    // Another safety course in May: not the delivering item.
    await cc(id.w4, id.other, "2026-05-11T02:00:00Z");
    // June: a 3.5 h safety class session for 100002 and 100004, and external safety hours for 100004.
    const s = await ins(
      sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret) VALUES (${id.cls}, '2026-06-01T01:00:00Z', '2026-06-01T04:30:00Z', 's') RETURNING id`,
    );
    await h.db.execute(sql`INSERT INTO attendance (session_id, member_id, method) VALUES (${s}, ${id.w2}, 'manual'), (${s}, ${id.w4}, 'manual')`);
    await h.db.execute(sql`INSERT INTO external_hours (member_id, day, hours, category, title) VALUES (${id.w4}, '2026-06-20', 1, 'safety', '外部培训')`);
  });
  afterAll(async () => h?.close());

  const report = async (who: Principal, today: string) => {
    const r = await planReport(h.db, who, id.plan, TZ, today);
    if (!r.ok) throw new Error(r.code);
    return r.value;
  };

  it("lets a manager make one plan per unit and year in their scope, and refuses others writing nothing", async () => {
    const audits = await count("audit_log");
    expect(await createPlan(h.db, worker, { orgUnitId: id.teamA, year: 2026 })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await createPlan(h.db, trainer, { orgUnitId: id.teamA, year: 2026 })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await createPlan(h.db, otherManager, { orgUnitId: id.teamA, year: 2026 })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await createPlan(h.db, manager, { orgUnitId: 999_999, year: 2026 })).toMatchObject({ ok: false, kind: "notFound" });
    expect(await count("training_plans")).toBe(0);
    expect(await count("audit_log")).toBe(audits);
    const made = await createPlan(h.db, manager, { orgUnitId: id.teamA, year: 2026 });
    if (!made.ok) throw new Error(made.code);
    id.plan = made.value.id;
    expect(await createPlan(h.db, admin, { orgUnitId: id.teamA, year: 2026 })).toMatchObject({ ok: false, kind: "conflict", code: "plans.errors.exists" });
    expect(await count("training_plans")).toBe(1);
    expect(await count("audit_log")).toBe(audits + 1);
  });

  it("refuses bad lines with a message and writes nothing", async () => {
    for (const [over, code] of [
      [{ month: "13" }, "plans.errors.month"],
      [{ plannedHours: "0" }, "plans.errors.hours"],
      [{ plannedHours: "1000" }, "plans.errors.hours"],
      [{ plannedHours: "1.234" }, "plans.errors.hours"],
      [{ budget: "-1" }, "plans.errors.budget"],
      [{ item: "lesson:1" }, "plans.errors.item"],
      [{ topic: "x".repeat(101) }, "errors.tooLong"],
      [{ topic: "  " }, "errors.required"],
    ] as [Record<string, string>, string][]) {
      const p = lineInput.safeParse({ planId: String(id.plan), topic: "t", category: "safety", month: "5", plannedHours: "8", budget: "0", item: "", ...over });
      expect(p.success).toBe(false);
      expect(p.error?.issues[0]?.message).toBe(code);
    }
    expect(lineInput.parse({ planId: "1", topic: "t", category: "safety", month: "5", plannedHours: "1.1", budget: "" })).toMatchObject({
      plannedHours: 1.1,
      budget: 0,
      item: "",
    });
    const audits = await count("audit_log");
    expect(await saveLine(h.db, manager, line({ item: "course:999999" }))).toMatchObject({ ok: false, code: "plans.errors.itemNotFound" });
    expect(await saveLine(h.db, manager, line({ audienceUnitIds: [String(id.teamB)] }))).toMatchObject({ ok: false, code: "plans.errors.audienceUnit" });
    expect(await saveLine(h.db, manager, line({ audienceJobIds: ["999999"] }))).toMatchObject({ ok: false, code: "plans.errors.audienceJob" });
    expect(await saveLine(h.db, otherManager, line())).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await saveLine(h.db, trainer, line())).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await saveLine(h.db, worker, line())).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await saveLine(h.db, manager, line({ planId: "999999" }))).toMatchObject({ ok: false, kind: "notFound" });
    expect(await count("training_plan_lines")).toBe(0);
    expect(await count("audit_log")).toBe(audits);
  });

  it("computes actual hours, completion and status of a line from the delivering course's ledger entries", async () => {
    const saved = await saveLine(h.db, manager, line());
    expect(saved.ok).toBe(true);
    // June 15th: May has passed, 2 of the 4 active members of 一队 completed the course in 2026.
    const r = await report(manager, "2026-06-15");
    expect(r.mayEdit).toBe(true);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({
      topic: "HSE 基础培训",
      delivery: { kind: "course", id: id.course, title: "HSE 基础" },
      plannedHours: 8,
      budget: 1200.5,
    });
    expect(r.lines[0]?.outcome).toMatchObject({ audience: 5, completed: 2, completion: 0.4, actualHours: 16, status: "overdue" });
    // 一队: 100001–100004 and the team lead 100006 (the left member is not counted).
    expect(r.months[4]).toMatchObject({ month: 5, planned: 40, actual: 8 });
    expect(r.months[8]).toMatchObject({ month: 9, planned: 0, actual: 8 });
    expect(r.units.map((u) => [u.name, u.audience, u.completed, u.actual])).toEqual([
      // Child units by name in pinyin order (二 er before 一 yi), the team's own members last.
      ["二站", 2, 1, 8],
      ["一站", 2, 1, 8],
      ["一队", 1, 0, 0],
    ]);
    // Before May ends with nobody done: 进行中 (hours credited) — as of May 20th only 100001.
    const may = await report(manager, "2026-05-20");
    expect(may.lines[0]?.outcome.status).toBe("inProgress");
  });

  it("narrows the audience to units and jobs (held or targeted), and counts a category line in its month", async () => {
    const jobLine = await saveLine(h.db, manager, line({ topic: "电工专项", audienceJobIds: [String(id.job)] }));
    const catLine = await saveLine(
      h.db,
      manager,
      line({ topic: "六月安全学时", item: "", month: "6", plannedHours: "4", audienceUnitIds: [String(id.stA1), String(id.stA2)], budget: "0" }),
    );
    if (!jobLine.ok || !catLine.ok) throw new Error("not saved");
    const r = await report(trainer, "2026-06-30");
    expect(r.mayEdit).toBe(false);
    const byTopic = new Map(r.lines.map((l) => [l.topic, l.outcome]));
    // 电工: 100001 holds it, 100004 targets it; only 100001 completed the course.
    expect(byTopic.get("电工专项")).toMatchObject({ audience: 2, completed: 1, actualHours: 8 });
    // June, safety: 100002 3.5 h, 100004 3.5 + 1 = 4.5 h (met 4 h); 100001 and 100003 nothing in June.
    expect(byTopic.get("六月安全学时")).toMatchObject({ audience: 4, completed: 1, completion: 0.25, actualHours: 8, status: "inProgress" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await planWorkbook(makeTranslator("zh-CN"), r)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["计划条目", "按月", "按单位"]);
    const lines = wb.worksheets[0];
    const topics: string[] = [];
    lines?.eachRow((row) => topics.push(String(row.getCell(2).value)));
    expect(topics).toContain("电工专项");
    expect(topics).toContain("六月安全学时");
    expect(wb.worksheets[1]?.getRow(4 + 5).values).toEqual([undefined, 6, 1, 16, 8, 0]);
  });

  it("keeps plans to their scope: another team's manager and a worker are refused; lists show only the scope's plans", async () => {
    expect(await planReport(h.db, otherManager, id.plan, TZ, "2026-06-15")).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await planReport(h.db, worker, id.plan, TZ, "2026-06-15")).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await planReport(h.db, manager, 999_999, TZ, "2026-06-15")).toMatchObject({ ok: false, kind: "notFound" });
    expect(await listPlans(h.db, worker, 2026)).toMatchObject({ ok: false, kind: "forbidden" });
    const other = await listPlans(h.db, otherManager, 2026);
    expect(other.ok && other.value).toEqual([]);
    const mine = await listPlans(h.db, manager, 2026);
    expect(mine.ok && mine.value.map((p) => [p.unitName, p.lines, p.plannedHours])).toEqual([["一队", 3, 20]]);
    const trainers = await listPlans(h.db, trainer, 2026);
    expect(trainers.ok && trainers.value.length).toBe(1);
  });

  it("edits and removes a line by the plan's manager only, audited", async () => {
    const [first] = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM training_plan_lines WHERE topic = 'HSE 基础培训'`));
    const lineId = Number(first?.id);
    expect(await removeLine(h.db, otherManager, { planId: id.plan, lineId })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await saveLine(h.db, otherManager, line({ lineId: String(lineId), topic: "改" }))).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await saveLine(h.db, manager, line({ lineId: String(lineId), topic: "HSE 基础（修订）", month: "9" }))).toMatchObject({ ok: true });
    const r = await report(manager, "2026-06-15");
    expect(r.lines.find((l) => l.id === lineId)).toMatchObject({ topic: "HSE 基础（修订）", month: 9 });
    expect(r.lines.find((l) => l.id === lineId)?.outcome.status).toBe("inProgress");
    expect(await removeLine(h.db, manager, { planId: id.plan, lineId })).toMatchObject({ ok: true });
    expect(await removeLine(h.db, manager, { planId: id.plan, lineId })).toMatchObject({ ok: false, kind: "notFound" });
    const actions = rowsOf<{ action: string }>(await h.db.execute(sql`SELECT action FROM audit_log WHERE action LIKE 'plan.%' ORDER BY id`)).map(
      (a) => a.action,
    );
    expect(actions).toEqual(["plan.create", "plan.line_add", "plan.line_add", "plan.line_add", "plan.line_update", "plan.line_remove"]);
  });
});
