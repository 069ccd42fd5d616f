import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { contestRanking, createContest, resultsForMember } from "@/lib/contests";
import { importResults, setResult } from "@/lib/contests/results";
import { createPairing, unitQuarterMetrics } from "@/lib/comparison";
import { createPair, endPair, setCapacity, apprenticesOf, addGoal } from "@/lib/mentors";
import { ledgerFor, memberRanking, refreshPoints, setRules, DEFAULT_POINTS, teamRanking } from "@/lib/points";
import { saveTask, setVerifiers, signOff, signoffsForMember } from "@/lib/signoffs";
import { createTestDb, drivers } from "../helpers/db";
import { first, firstN, lookup } from "../helpers/rows";

async function one<T>(h: DbHandle, q: ReturnType<typeof sql>): Promise<T> {
  return first(rowsOf<T>(await h.db.execute(q)));
}
const count = async (h: DbHandle, table: string) => Number((await one<{ n: number }>(h, sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).n);

async function sheet(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("成绩");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.each(drivers())("training methods on %s", (driver) => {
  let h: DbHandle;
  let ids: (employeeNo: string) => number;
  let others: { id: number; employeeNo: string; name: string }[];
  const today = "2026-11-20";
  // The admin (900001) over the whole organisation; user 0 writes no account into the records.
  let admin: Principal;
  const as = (employeeNo: string, role: "trainer" | "worker", scopePath: string | null = null): Principal => ({
    userId: 0,
    memberId: ids(employeeNo),
    roles: [{ role, scopePath }],
  });

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    const rows = rowsOf<{ id: number; employee_no: string; name: string }>(
      await h.db.execute(sql`SELECT id, employee_no, name FROM members ORDER BY employee_no`),
    );
    ids = lookup(
      rows.map((r) => [r.employee_no, Number(r.id)] as const),
      "member",
    );
    others = rows.filter((r) => !r.employee_no.startsWith("9000")).map((r) => ({ id: Number(r.id), employeeNo: r.employee_no, name: r.name }));
    admin = { userId: 0, memberId: ids("900001"), roles: [{ role: "admin", scopePath: null }] };
  });
  afterAll(async () => h?.close());

  it("signs off a task only by a qualified verifier, never one's own, with the whole checklist, once", async () => {
    const t = await saveTask(h.db, admin, null, {
      code: "QJ-01",
      title: "气动调节阀维护保养",
      specialty: "gathering",
      description: "",
      checklist: ["检查气源压力", "检查膜片", "校验定位器"],
      active: true,
    });
    expect(t.ok).toBe(true);
    const taskId = t.ok ? t.value.id : 0;
    // 900004 is an intermediate worker: not verifier material.
    expect(await setVerifiers(h.db, admin, taskId, ["900003", "900004"])).toMatchObject({ ok: false, code: "methods.errors.notVerifierMaterial" });
    expect(await setVerifiers(h.db, admin, taskId, ["９０００03"])).toEqual({ ok: true, value: { count: 1 } });

    const trainer = as("900003", "trainer");
    const worker = as("900004", "worker");
    const base = { taskId, signedOn: "2026-11-19", note: "现场操作规范", checked: 3 };
    expect(await signOff(h.db, trainer, { ...base, employeeNo: "900003" }, today)).toMatchObject({ ok: false, code: "methods.errors.ownTask" });
    expect(await signOff(h.db, worker, { ...base, employeeNo: "900002" }, today)).toMatchObject({ ok: false, code: "methods.errors.notQualified" });
    expect(await signOff(h.db, trainer, { ...base, employeeNo: "900004", checked: 2 }, today)).toMatchObject({
      ok: false,
      code: "methods.errors.checklistIncomplete",
      params: { count: 1 },
    });
    expect(await signOff(h.db, trainer, { ...base, employeeNo: "900004", signedOn: "2026-11-21" }, today)).toMatchObject({
      ok: false,
      code: "methods.errors.futureDate",
    });
    expect(await count(h, "signoffs")).toBe(0);

    const ok = await signOff(h.db, trainer, { ...base, employeeNo: "900004" }, today);
    expect(ok).toMatchObject({ ok: true, value: { memberId: ids("900004") } });
    expect(await signOff(h.db, trainer, { ...base, employeeNo: "900004" }, today)).toMatchObject({ ok: false, code: "methods.errors.alreadySigned" });
    const mine = await signoffsForMember(h.db, worker, ids("900004"));
    expect(mine.map((s) => [s.taskCode, s.verifierName, s.signedOn])).toEqual([["QJ-01", "陶文博", "2026-11-19"]]);
    // The database holds the rule too.
    await expect(
      h.db.execute(
        sql`INSERT INTO signoffs (task_id, member_id, verifier_member_id, signed_on) VALUES (${taskId}, ${ids("900003")}, ${ids("900003")}, '2026-11-01')`,
      ),
    ).rejects.toThrow();
    // The sign-off earned points on the write.
    const ledger = await ledgerFor(h.db, worker);
    expect(ledger.rows.map((r) => [r.kind, r.sourceKey, r.points])).toEqual([["signoff", `task:${taskId}`, DEFAULT_POINTS.signoff]]);
  });

  it("keeps each mentor within capacity on every day of a pair, and shows apprentices' progress", async () => {
    const [a, b, c] = firstN(others, 3, "member");
    expect(await setCapacity(h.db, admin, "900003", 1)).toEqual({ ok: true, value: undefined });
    const firstPair = await createPair(h.db, admin, { mentorNo: "900003", apprenticeNo: a.employeeNo, startsOn: "2026-10-01", endsOn: "2026-12-31", note: "" });
    expect(firstPair.ok).toBe(true);
    // Overlaps the first pair's last day: over capacity.
    expect(await createPair(h.db, admin, { mentorNo: "900003", apprenticeNo: b.employeeNo, startsOn: "2026-12-31", endsOn: null, note: "" })).toMatchObject({
      ok: false,
      code: "methods.errors.overCapacity",
      params: { capacity: 1 },
    });
    // After it ends there is room.
    expect((await createPair(h.db, admin, { mentorNo: "900003", apprenticeNo: b.employeeNo, startsOn: "2027-01-01", endsOn: null, note: "" })).ok).toBe(true);
    expect(await createPair(h.db, admin, { mentorNo: "900003", apprenticeNo: "900003", startsOn: "2026-10-01", endsOn: null, note: "" })).toMatchObject({
      ok: false,
      code: "methods.errors.selfMentor",
    });
    expect(await createPair(h.db, admin, { mentorNo: "900002", apprenticeNo: a.employeeNo, startsOn: "2026-11-01", endsOn: null, note: "" })).toMatchObject({
      ok: false,
      code: "methods.errors.hasMentor",
    });
    expect(
      await createPair(h.db, admin, { mentorNo: "900002", apprenticeNo: c.employeeNo, startsOn: "2026-11-01", endsOn: "2026-10-01", note: "" }),
    ).toMatchObject({ ok: false, code: "methods.errors.endBeforeStart" });
    const pairs = Number((await one<{ n: number }>(h, sql`SELECT count(*)::int AS n FROM mentorships`)).n);
    expect(pairs).toBe(2);

    const pairId = firstPair.ok ? firstPair.value.id : 0;
    await addGoal(h.db, admin, { mentorshipId: pairId, quarter: "2026-Q4", goal: "独立完成抽油机调平衡" });
    const progress = await apprenticesOf(h.db, as("900003", "trainer"), "2026-Q4", today);
    expect(progress.map((p) => [p.apprenticeName, p.goalsTotal, p.goalsDone, p.quizzesTaken])).toEqual([[a.name, 1, 0, 0]]);
    expect(await endPair(h.db, admin, pairId, "2026-09-01")).toMatchObject({ ok: false, code: "methods.errors.endBeforeStart" });
    expect(await endPair(h.db, admin, pairId, "2026-11-19")).toEqual({ ok: true, value: undefined });
    expect(await apprenticesOf(h.db, as("900003", "trainer"), "2026-Q4", today)).toEqual([]);
  });

  it("imports contest results all or nothing, reporting every bad row and column", async () => {
    const created = await createContest(h.db, admin, { title: "2026年采油工技能竞赛", level: "plant", specialty: "oil_production", heldOn: "2026-11-10" });
    if (!created.ok) throw new Error(created.code);
    const { id } = created.value;
    const bad = await sheet([
      ["工号", "姓名", "名次", "成绩", "奖项", "备注"],
      ["900004", "林晓雨", 1, 95, "一等奖", ""],
    ]);
    const r1 = await importResults(h.db, admin, id, bad);
    expect(r1).toMatchObject({ ok: false, problems: [{ row: 1, column: "备注", code: "import.errors.unknownColumns" }] });

    const [a, b] = firstN(others, 2, "member");
    const bad2 = await sheet([
      ["工号", "姓名", "名次", "成绩", "奖项"],
      ["900004", "林晓雨", 1, 95, "一等奖"],
      ["999999", "", 2, 90, ""],
      [a.employeeNo, "张冠李戴", "二", 88, ""],
      [b.employeeNo, b.name, 3, "很好", ""],
      ["900004", "", 4, 80, ""],
      ["900002", "", null, null, ""],
    ]);
    const r2 = await importResults(h.db, admin, id, bad2);
    expect(r2.ok).toBe(false);
    if (!r2.ok) {
      expect(r2.problems?.map((p) => [p.row, p.column, p.code])).toEqual([
        [4, "名次", "methods.import.badRank"],
        [5, "成绩", "methods.import.badScore"],
        [6, "工号", "import.errors.duplicateEmployeeNo"],
        [7, null, "methods.import.emptyResult"],
      ]);
    }
    expect(await count(h, "contest_results")).toBe(0);
    const bad3 = await sheet([
      ["工号", "姓名", "名次", "成绩", "奖项"],
      ["999999", "", 2, 90, ""],
      [a.employeeNo, "张冠李戴", 3, 88, ""],
    ]);
    const r3 = await importResults(h.db, admin, id, bad3);
    expect(r3.ok ? [] : r3.problems?.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, "工号", "methods.import.unknownMember"],
      [3, "姓名", "methods.import.nameMismatch"],
    ]);
    expect(await count(h, "contest_results")).toBe(0);

    const good = await sheet([
      ["工号", "姓名", "名次", "成绩", "奖项"],
      [a.employeeNo, a.name, 2, 91.5, "二等奖"],
      ["９０００04", "林晓雨", 1, 95, "一等奖"],
      [b.employeeNo, "", 3, 88, ""],
    ]);
    expect(await importResults(h.db, admin, id, good)).toEqual({ ok: true, value: { count: 3 } });
    const ranking = await contestRanking(h.db, id);
    expect(ranking.map((r) => [r.position, r.name, r.score, r.award])).toEqual([
      [1, "林晓雨", 95, "一等奖"],
      [2, a.name, 91.5, "二等奖"],
      [3, b.name, 88, ""],
    ]);
    // A hand correction replaces the imported row.
    expect(await setResult(h.db, admin, id, { employeeNo: b.employeeNo, rank: 3, score: 89, award: "优秀奖" })).toEqual({ ok: true, value: undefined });
    expect((await resultsForMember(h.db, admin, b.id))[0]).toMatchObject({ score: 89, award: "优秀奖", level: "plant" });
    // Awards earned plant-level points; a participant without an award earned none.
    const kinds = rowsOf<{ member_id: number; kind: string }>(
      await h.db.execute(sql`SELECT member_id, kind FROM points_ledger WHERE kind LIKE 'contest%' ORDER BY member_id`),
    );
    expect(kinds.map((k) => Number(k.member_id)).sort()).toEqual([ids("900004"), a.id, b.id].sort());
  });

  it("fills the ledger set-wise and idempotently, withdraws what no longer counts, and ranks", async () => {
    expect(await setRules(h.db, admin, { ...DEFAULT_POINTS, quiz_passed: 7 })).toEqual({ ok: true, value: undefined });
    const { id: quizId } = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`INSERT INTO quizzes (title, quarter, opens_at, closes_at) VALUES ('季度考', '2026-Q4', now() - interval '1 day', now() + interval '1 day') RETURNING id`,
        ),
      ),
    );
    const takers = firstN(others, 6, "member");
    for (const [i, m] of takers.entries()) {
      const pct = 50 + i * 10;
      await h.db.execute(
        sql`INSERT INTO quiz_results (quiz_id, member_id, score, max_score, percent, passed, attempts_counted, updated_at) VALUES (${quizId}, ${m.id}, ${pct}, 100, ${pct}, ${pct >= 60}, 1, '2026-11-15T02:00:00Z')`,
      );
    }
    const firstRun = await refreshPoints(h.db);
    expect(firstRun.added).toBe(5);
    const again = await refreshPoints(h.db);
    expect(again).toEqual({ added: 0, removed: 0 });
    // A regrade below the pass mark withdraws the points.
    await h.db.execute(sql`UPDATE quiz_results SET passed = false, percent = 55 WHERE quiz_id = ${quizId} AND member_id = ${takers[5].id}`);
    expect(await refreshPoints(h.db)).toEqual({ added: 0, removed: 1 });
    const entry = rowsOf<{ points: number }>(
      await h.db.execute(sql`SELECT points FROM points_ledger WHERE kind = 'quiz_passed' AND member_id = ${takers[1].id}`),
    );
    expect(entry.map((e) => Number(e.points))).toEqual([7]);

    const ranking = await memberRanking(h.db, admin, { quarter: "2026-Q4" });
    expect(first(ranking).points).toBeGreaterThanOrEqual(ranking[ranking.length - 1]!.points);
    expect(ranking.find((r) => r.memberId === ids("900004"))).toBeDefined();
    const teams = await teamRanking(h.db, { quarter: "2026-Q4" });
    expect(teams.length).toBe(5);
    expect(teams.reduce((s, t) => s + t.points, 0)).toBe(
      Number(
        (
          await one<{ n: number }>(
            h,
            sql`SELECT sum(l.points)::int AS n FROM points_ledger l JOIN members m ON m.id = l.member_id WHERE m.status = 'active' AND l.earned_at >= '2026-09-30T16:00:00Z' AND l.earned_at < '2026-12-31T16:00:00Z'`,
          )
        ).n,
      ),
    );

    const units = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE kind = 'team' ORDER BY code`)).map((u) => Number(u.id));
    const figures = await unitQuarterMetrics(h.db, units, ["2026-Q3", "2026-Q4"]);
    expect(figures).toHaveLength(units.length * 2);
    const q4 = figures.filter((f) => f.quarter === "2026-Q4" && f.quizAverage !== null);
    // The quiz takers' average over all teams equals the mean of the results, weighted per team.
    const takersTotal = q4.reduce((s, f) => s + Math.round(((f.participation ?? 0) * f.members) / 100), 0);
    expect(takersTotal).toBe(6);
    expect(figures.filter((f) => f.quarter === "2026-Q3").every((f) => f.quizAverage === null && f.participation === 0)).toBe(true);
  });

  it("pairs a model station with a weaker one once per quarter", async () => {
    const st = firstN(
      rowsOf<{ id: number; path: string }>(await h.db.execute(sql`SELECT id, path FROM org_units WHERE kind = 'station' ORDER BY code LIMIT 3`)),
      3,
      "station",
    );
    const input = { modelStationId: Number(st[0].id), weakerStationId: Number(st[1].id), quarter: "2026-Q4", note: "" };
    const t09 = first(rowsOf<{ path: string }>(await h.db.execute(sql`SELECT path FROM org_units WHERE code = 'T09'`)));
    const managerOfT09: Principal = { userId: 0, memberId: ids("900002"), roles: [{ role: "manager", scopePath: t09.path }] };
    expect(await createPairing(h.db, admin, { ...input, weakerStationId: input.modelStationId })).toMatchObject({
      ok: false,
      code: "methods.errors.sameStation",
    });
    expect(await createPairing(h.db, managerOfT09, input)).toMatchObject({ ok: false, code: "methods.errors.outOfScopeUnit" });
    expect((await createPairing(h.db, admin, input)).ok).toBe(true);
    expect(await createPairing(h.db, admin, { ...input, modelStationId: Number(st[2].id) })).toMatchObject({ ok: false, code: "methods.errors.pairingExists" });
    const team = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE kind = 'team' LIMIT 1`));
    expect(await createPairing(h.db, admin, { ...input, weakerStationId: Number(first(team).id), quarter: "2027-Q1" })).toMatchObject({
      ok: false,
      code: "methods.errors.notStation",
    });
  });
});
