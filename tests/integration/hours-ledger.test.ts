import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { addExternalHours, setContentHours } from "@/lib/hours/entries";
import { shortfallWorkbook } from "@/lib/hours/export";
import { memberHours, shortfallReport } from "@/lib/hours/ledger";
import { makeTranslator } from "@/lib/i18n";
import { createTestDb, drivers } from "../helpers/db";

const TZ = "Asia/Shanghai";
const TODAY = "2026-11-20";

describe.each(drivers())("学时 ledger on %s", (driver) => {
  let h: DbHandle;
  const id = {} as Record<
    "area" | "teamA" | "teamB" | "old" | "fresh" | "met" | "boss" | "b" | "trainerM" | "lesson" | "cls" | "session" | "course" | "task" | "quiz",
    number
  >;
  let admin: Principal;
  let trainer: Principal;
  let manager: Principal;
  let otherManager: Principal;
  let worker: Principal;

  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);

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
    id.teamB = await unit("team", "二队", id.area);
    const member = async (no: string, name: string, org: number, hired: string) =>
      ins(sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on) VALUES (${no}, ${name}, ${org}, 'gathering', ${hired}) RETURNING id`);
    id.old = await member("100001", "老员工", id.teamA, "2015-03-01");
    id.fresh = await member("100002", "新员工", id.teamA, "2026-02-01");
    id.met = await member("100003", "达标者", id.teamA, "2015-03-01");
    id.boss = await member("100004", "队长", id.teamA, "2010-01-01");
    id.b = await member("200001", "二队员工", id.teamB, "2015-03-01");
    id.trainerM = await member("900001", "培训员", id.area, "2010-01-01");
    const user = async (memberId: number, role: string, scope: number | null) => {
      const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${memberId}, 'x') RETURNING id`);
      await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, ${role}, ${scope})`);
      return u;
    };
    const bossUser = await user(id.boss, "manager", id.teamA);
    const trainerUser = await user(id.trainerM, "trainer", id.area);
    admin = { userId: 0, memberId: -1, roles: [{ role: "admin", scopePath: null }] };
    trainer = { userId: trainerUser, memberId: id.trainerM, roles: [{ role: "trainer", scopePath: null }] };
    const pathOf = async (u: number) => (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${u}`)).path;
    manager = { userId: bossUser, memberId: id.boss, roles: [{ role: "manager", scopePath: await pathOf(id.teamA) }] };
    otherManager = { userId: 0, memberId: id.b, roles: [{ role: "manager", scopePath: await pathOf(id.teamB) }] };
    worker = { userId: 0, memberId: id.old, roles: [{ role: "worker", scopePath: null }] };

    // Evidence for 老员工 (id.old) in 2026, all of it safety once the trainer sets it so.
    id.lesson = await ins(sql`INSERT INTO lessons (title, duration_s, status, created_by) VALUES ('井控视频', 7200, 'published', ${trainerUser}) RETURNING id`);
    // Watched 45 minutes of a two-hour lesson: 0.75 h, not 2.
    await h.db.execute(
      sql`INSERT INTO lesson_progress (member_id, lesson_id, watched_s, updated_at) VALUES (${id.old}, ${id.lesson}, 2700, '2026-05-10T02:00:00Z')`,
    );
    id.cls = await ins(sql`INSERT INTO classes (title, series, instructor_member_id, capacity, status, created_by)
      VALUES ('安全课堂', 'classroom', ${id.trainerM}, 30, 'published', ${trainerUser}) RETURNING id`);
    id.session = await ins(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
      VALUES (${id.cls}, '2026-06-01T01:00:00Z', '2026-06-01T04:30:00Z', 's') RETURNING id`);
    const absent = await ins(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
      VALUES (${id.cls}, '2026-06-08T01:00:00Z', '2026-06-08T04:30:00Z', 't') RETURNING id`);
    expect(absent).toBeGreaterThan(0);
    await h.db.execute(sql`INSERT INTO attendance (session_id, member_id, method) VALUES (${id.session}, ${id.old}, 'manual')`);
    id.course = await ins(sql`INSERT INTO courses (title, status, created_by) VALUES ('HSE 基础', 'published', ${trainerUser}) RETURNING id`);
    await h.db.execute(sql`INSERT INTO course_completions (member_id, course_id, completed_at) VALUES (${id.old}, ${id.course}, '2026-07-01T03:00:00Z')`);
    id.task = await ins(
      sql`INSERT INTO practical_tasks (code, title, specialty, created_by) VALUES ('T1', '动火作业监护', 'gathering', ${trainerUser}) RETURNING id`,
    );
    await h.db.execute(
      sql`INSERT INTO signoffs (task_id, member_id, verifier_member_id, signed_on) VALUES (${id.task}, ${id.old}, ${id.trainerM}, '2026-08-01')`,
    );
    id.quiz = await ins(sql`INSERT INTO quizzes (title, quarter, opens_at, closes_at, status, created_by)
      VALUES ('安全考试', '2026-Q3', '2026-07-01T00:00:00Z', '2026-09-30T00:00:00Z', 'published', ${trainerUser}) RETURNING id`);
    await h.db.execute(sql`INSERT INTO quiz_results (quiz_id, member_id, score, max_score, percent, passed, attempts_counted, updated_at)
      VALUES (${id.quiz}, ${id.old}, 80, 100, 80, true, 1, '2026-09-01T03:00:00Z')`);
    // Last year's course completion of 达标者 does not count for 2026.
    await h.db.execute(sql`INSERT INTO course_completions (member_id, course_id, completed_at) VALUES (${id.met}, ${id.course}, '2025-12-31T15:59:00Z')`);
  });
  afterAll(async () => h?.close());

  const hoursOf = async (who: Principal, memberId: number) => {
    const r = await memberHours(h.db, who, memberId, 2026, TZ);
    if (!r.ok) throw new Error(r.code);
    return r.value;
  };

  it("credits nothing from content without a category and hours but what was watched and attended", async () => {
    const v = await hoursOf(admin, id.old);
    expect(v.entries.map((e) => [e.source, e.hours, e.category])).toEqual([
      ["lesson", 0.75, "other"],
      ["session", 3.5, "other"],
    ]);
    expect(v.counted).toBe(0);
    expect(v.minimum).toEqual({ kind: "workerAnnual", hours: 20 });
    expect(v.shortfall).toBe(20);
  });

  it("lets the content's author set category and hours, and credits course, sign-off and quiz by them", async () => {
    for (const kind of ["lesson", "class", "course", "task", "quiz"] as const) {
      const ref = { lesson: id.lesson, class: id.cls, course: id.course, task: id.task, quiz: id.quiz }[kind] as number;
      // A manager is no author; a trainer scoped to a team is not either.
      expect(await setContentHours(h.db, manager, { kind, id: ref, category: "safety", hours: 4 })).toMatchObject({ ok: false, kind: "forbidden" });
      expect(await setContentHours(h.db, trainer, { kind, id: ref, category: "safety", hours: 4 })).toMatchObject({ ok: true });
    }
    expect(await setContentHours(h.db, trainer, { kind: "quiz", id: id.quiz, category: "safety", hours: 201 })).toMatchObject({
      ok: false,
      code: "hours.errors.setHours",
    });
    expect(await setContentHours(h.db, trainer, { kind: "quiz", id: 999999, category: "safety", hours: 1 })).toMatchObject({ ok: false, kind: "notFound" });
    const v = await hoursOf(admin, id.old);
    expect(v.entries.map((e) => [e.source, e.hours, e.category, e.day])).toEqual([
      ["lesson", 0.75, "safety", "2026-05-10"],
      ["session", 3.5, "safety", "2026-06-01"],
      ["course", 4, "safety", "2026-07-01"],
      ["signoff", 4, "safety", "2026-08-01"],
      ["quiz", 4, "safety", "2026-09-01"],
    ]);
    expect(v.byCategory.safety).toBe(16.25);
    expect(v.shortfall).toBe(3.75);
    // The completion at 23:59 on 31 December (Beijing) belongs to 2025.
    expect((await hoursOf(admin, id.met)).entries).toEqual([]);
  });

  it("records external hours for a member in scope, validated, never one's own or outside the scope", async () => {
    const entry = {
      memberId: id.old,
      day: "2026-10-15",
      hours: 8,
      category: "safety" as const,
      title: "井控培训",
      provider: "培训中心",
      certificateRef: "JK-2026-001",
    };
    const count = async () => Number((await one<{ n: number }>(sql`SELECT count(*) AS n FROM external_hours`)).n);
    expect(await addExternalHours(h.db, otherManager, entry, TODAY)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await addExternalHours(h.db, worker, { ...entry, memberId: id.fresh }, TODAY)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await addExternalHours(h.db, manager, { ...entry, memberId: id.boss }, TODAY)).toMatchObject({ ok: false, code: "hours.errors.own" });
    expect(await addExternalHours(h.db, manager, { ...entry, hours: 25 }, TODAY)).toMatchObject({ ok: false, code: "hours.errors.dayHours" });
    expect(await addExternalHours(h.db, manager, { ...entry, hours: 0 }, TODAY)).toMatchObject({ ok: false, code: "hours.errors.dayHours" });
    expect(await addExternalHours(h.db, manager, { ...entry, day: "2026-11-21" }, TODAY)).toMatchObject({ ok: false, code: "hours.errors.futureDate" });
    expect(await addExternalHours(h.db, manager, { ...entry, day: "2026-02-30" }, TODAY)).toMatchObject({ ok: false, code: "hours.errors.badDate" });
    expect(await count()).toBe(0);
    expect(await addExternalHours(h.db, manager, entry, TODAY)).toMatchObject({ ok: true });
    expect(await addExternalHours(h.db, trainer, { ...entry, memberId: id.met, hours: 20 }, TODAY)).toMatchObject({ ok: true });
    expect(await count()).toBe(2);
    const v = await hoursOf(manager, id.old);
    expect(v.entries.at(-1)).toMatchObject({ source: "external", hours: 8, category: "safety", day: "2026-10-15" });
    expect(v.counted).toBe(24.25);
    expect(v.shortfall).toBe(0);
  });

  it("refuses a member's hours outside the reader's scope; a worker reads their own", async () => {
    expect(await memberHours(h.db, otherManager, id.old, 2026, TZ)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await memberHours(h.db, worker, id.fresh, 2026, TZ)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await memberHours(h.db, worker, id.old, 2026, TZ)).toMatchObject({ ok: true });
  });

  it("reports the unit's shortfalls, largest first, agreeing with each member's ledger, and exports them", async () => {
    expect(await shortfallReport(h.db, otherManager, { unitId: id.teamA, year: 2026, page: 1, limit: 50 }, TZ)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await shortfallReport(h.db, trainer, { unitId: id.teamA, year: 2026, page: 1, limit: 50 }, TZ)).toMatchObject({ ok: false, kind: "forbidden" });
    const r = await shortfallReport(h.db, manager, { unitId: id.teamA, year: 2026, page: 1, limit: 50 }, TZ);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.members).toBe(4);
    // 新员工 72 (initial), 队长 16 (manager, annual); 老员工 and 达标者 meet 20.
    expect(r.value.rows.map((x) => [x.employeeNo, x.minimumKind, x.minimum, x.shortfall])).toEqual([
      ["100002", "newWorkerInitial", 72, 72],
      ["100004", "managerAnnual", 16, 16],
    ]);
    expect(r.value.total).toBe(2);
    const page2 = await shortfallReport(h.db, manager, { unitId: id.teamA, year: 2026, page: 2, limit: 1 }, TZ);
    expect(page2.ok && page2.value.rows.map((x) => x.employeeNo)).toEqual(["100004"]);
    // The report's sums are the member ledger's.
    const all = await shortfallReport(h.db, admin, { unitId: id.area, year: 2026, page: 1, limit: null }, TZ);
    if (!all.ok) throw new Error(all.code);
    for (const row of all.value.rows) expect(row.counted).toBe((await hoursOf(admin, row.memberId)).counted);
    const book = await shortfallWorkbook(makeTranslator("zh-CN"), all.value, TODAY, "Asia/Shanghai");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(book as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const cells = ws ? ws.getSheetValues().flat().map(String) : [];
    expect(cells).toContain("100002");
    expect(cells).toContain("200001");
  });
});
