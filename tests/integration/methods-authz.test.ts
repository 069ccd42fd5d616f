import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { CurrentUser } from "@/lib/auth/user-row";
import type { Principal } from "@/lib/auth/permissions";
import { createPairing, getPairing, listPairings } from "@/lib/comparison";
import { createContest } from "@/lib/contests";
import { importResults, removeResult, setResult } from "@/lib/contests/results";
import type { FailureKind, Result } from "@/lib/core/result";
import { addGoal, createPair, endPair, getPair, listPairs, setCapacity, setGoalDone } from "@/lib/mentors";
import { DEFAULT_POINTS, recountPoints, setRules } from "@/lib/points";
import { getTask, saveTask, setVerifiers, signOff, signoffsForTask } from "@/lib/signoffs";
import { readSignoffPhoto } from "@/lib/signoffs/photos";
import { createTestDb, drivers } from "../helpers/db";
import { first, firstN } from "../helpers/rows";

/**
 * Issue 11 for the training methods: principals built here (a trainer scoped to 采油八队, a
 * manager of 采油九队, two workers of different teams — one a technician who verifies — and a
 * trainer over the whole area) call each lib function with arguments outside their scope or
 * ownership. Every refusal is asserted together with an unchanged database: every table these
 * functions write, row for row.
 */

// The photo route, called as Next calls it, with the session and the database handed in.
const routeUser = vi.hoisted(() => ({ current: null as CurrentUser | null, db: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => routeUser.current }));
vi.mock("@/lib/core/db", () => ({ getDb: async () => routeUser.db }));

const TABLES = [
  "contests",
  "contest_results",
  "practical_tasks",
  "task_verifiers",
  "signoffs",
  "mentor_capacity",
  "mentorships",
  "mentorship_goals",
  "station_pairings",
  "points_rules",
  "points_ledger",
  "audit_log",
];
const TODAY = "2026-11-20";

async function sheet(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("成绩");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

type Member = { id: number; employeeNo: string; name: string };

describe.each(drivers())("training methods refuse outside scope and ownership on %s", (driver) => {
  let h: DbHandle;
  let paths: Record<"T08" | "T09" | "T10", string>;
  let stations: Record<"s08" | "s09" | "s10", number>;
  let m: Record<"trainer08" | "areaTrainer" | "tech08" | "worker10" | "a08" | "b08" | "a10" | "b10" | "a09", Member>;
  let areaTrainer: Principal;
  let trainer08: Principal;
  let manager09: Principal;
  let tech08: Principal;
  let worker10: Principal;
  let fx: { areaContest: number; ownContest: number; areaTask: number; ownTask: number; pair10: number; goal10: number };

  /** Every row of every table the training methods write, as text. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const t of TABLES) out[t] = rowsOf<{ r: string }>(await h.db.execute(sql.raw(`SELECT to_jsonb(x)::text AS r FROM ${t} x ORDER BY 1`))).map((r) => r.r);
    return out;
  }

  /** The call is refused with `code` (and `kind`), and the database is as it was. */
  async function refused<T>(run: () => Promise<Result<T>>, code: string, kind: FailureKind = "forbidden") {
    const before = await snapshot();
    const r = await run();
    expect(r).toMatchObject({ ok: false, code, kind });
    expect(await snapshot()).toEqual(before);
    return r;
  }

  /** An account with its role in the database too (a verifier's role is read from there). */
  async function account(member: Member, role: "trainer" | "worker", scopeUnitId: number | null = null): Promise<number> {
    const u = first(rowsOf<{ id: number }>(await h.db.execute(sql`INSERT INTO users (member_id, password_hash) VALUES (${member.id}, 'x') RETURNING id`)));
    await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u.id}, ${role}, ${scopeUnitId})`);
    return Number(u.id);
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 60 });
    const units = rowsOf<{ id: number; code: string; path: string }>(await h.db.execute(sql`SELECT id, code, path FROM org_units ORDER BY code`));
    const unit = (code: string) => units.find((u) => u.code === code)!;
    paths = { T08: unit("T08").path, T09: unit("T09").path, T10: unit("T10").path };
    stations = { s08: Number(unit("T08-W4").id), s09: Number(unit("T09-W9").id), s10: Number(unit("T10-W5").id) };
    /** The first `n` members of a team (by employee number). */
    const inTeam = async <N extends number>(team: string, n: N) =>
      firstN(
        rowsOf<{ id: number; employee_no: string; name: string }>(
          await h.db.execute(
            sql`SELECT m.id, m.employee_no, m.name FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE u.path LIKE ${`${unit(team).path}%`} AND m.employee_no NOT LIKE '9000%' ORDER BY m.employee_no`,
          ),
        ).map((r) => ({ id: Number(r.id), employeeNo: r.employee_no, name: r.name })),
        n,
        `member of ${team}`,
      );
    const [t08, t09, t10, tzh] = [await inTeam("T08", 4), await inTeam("T09", 1), await inTeam("T10", 3), await inTeam("TZH", 1)];
    m = { trainer08: t08[0], tech08: t08[1], a08: t08[2], b08: t08[3], worker10: t10[0], a10: t10[1], b10: t10[2], a09: t09[0], areaTrainer: tzh[0] };
    // The technicians verify as workers; everyone named here is active.
    await h.db.execute(sql`UPDATE members SET tech_title = 'technician' WHERE id IN (${m.tech08.id}, ${m.worker10.id})`);
    await h.db.execute(
      sql`UPDATE members SET status = 'active' WHERE id IN (${sql.join(
        Object.values(m).map((x) => sql`${x.id}`),
        sql`, `,
      )})`,
    );
    const mgr = first(
      rowsOf<{ id: number; user_id: number }>(
        await h.db.execute(sql`SELECT m.id, u.id AS user_id FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no = '900002'`),
      ),
    );
    areaTrainer = { userId: await account(m.areaTrainer, "trainer"), memberId: m.areaTrainer.id, roles: [{ role: "trainer", scopePath: null }] };
    trainer08 = {
      userId: await account(m.trainer08, "trainer", Number(unit("T08").id)),
      memberId: m.trainer08.id,
      roles: [{ role: "trainer", scopePath: paths.T08 }],
    };
    manager09 = { userId: Number(mgr.user_id), memberId: Number(mgr.id), roles: [{ role: "manager", scopePath: paths.T09 }] };
    tech08 = { userId: await account(m.tech08, "worker"), memberId: m.tech08.id, roles: [{ role: "worker", scopePath: null }] };
    worker10 = { userId: await account(m.worker10, "worker"), memberId: m.worker10.id, roles: [{ role: "worker", scopePath: null }] };

    const value = <T>(r: Result<T>): T => {
      if (!r.ok) throw new Error(`fixture: ${r.code}`);
      return r.value;
    };
    const areaContest = value(
      await createContest(h.db, areaTrainer, { title: "作业区技能竞赛", level: "area", specialty: "oil_production", heldOn: "2026-11-10" }),
    ).id;
    value(await setResult(h.db, areaTrainer, areaContest, { employeeNo: m.a08.employeeNo, rank: 1, score: 95, award: "一等奖" }));
    const ownContest = value(
      await createContest(h.db, trainer08, { title: "八队岗位练兵", level: "area", specialty: "oil_production", heldOn: "2026-11-12" }),
    ).id;
    const task = { specialty: "oil_production" as const, description: "", checklist: ["检查", "记录"], active: true };
    const areaTask = value(await saveTask(h.db, areaTrainer, null, { ...task, code: "AUTHZ-AREA", title: "作业区实操" })).id;
    value(await setVerifiers(h.db, areaTrainer, areaTask, [m.tech08.employeeNo, m.trainer08.employeeNo, m.worker10.employeeNo]));
    const ownTask = value(await saveTask(h.db, trainer08, null, { ...task, code: "AUTHZ-T08", title: "八队实操" })).id;
    value(await setVerifiers(h.db, trainer08, ownTask, [m.trainer08.employeeNo]));
    // A sign-off of 采油十队 (by its own verifier) that a trainer of 采油八队 must not see.
    value(await signOff(h.db, worker10, { taskId: areaTask, employeeNo: m.a10.employeeNo, signedOn: "2026-11-19", note: "", checked: 2 }, TODAY));
    // A pair of 采油十队 whose mentor is the trainer of 采油八队.
    const pair10 = value(
      await createPair(h.db, areaTrainer, { mentorNo: m.trainer08.employeeNo, apprenticeNo: m.b10.employeeNo, startsOn: "2026-10-01", endsOn: null, note: "" }),
    ).id;
    const goal10 = value(await addGoal(h.db, areaTrainer, { mentorshipId: pair10, quarter: "2026-Q4", goal: "独立巡井" })).id;
    fx = { areaContest, ownContest, areaTask, ownTask, pair10, goal10 };
  });
  afterAll(async () => h?.close());

  describe("contests", () => {
    it("a trainer scoped to one team records no bureau- or plant-level contest; a manager none at all", async () => {
      const input = { title: "局级竞赛", level: "bureau" as const, specialty: "oil_production" as const, heldOn: "2026-11-01" };
      await refused(() => createContest(h.db, trainer08, input), "methods.errors.levelNotAllowed");
      await refused(() => createContest(h.db, trainer08, { ...input, level: "plant" }), "methods.errors.levelNotAllowed");
      await refused(() => createContest(h.db, manager09, { ...input, level: "area" }), "errors.forbidden");
      await refused(() => createContest(h.db, worker10, { ...input, level: "area" }), "errors.forbidden");
    });

    it("enters a result only in one's own contest, for a member inside the scope, never for oneself", async () => {
      const prize = { rank: 1, score: 99, award: "一等奖" };
      await refused(() => setResult(h.db, trainer08, fx.ownContest, { employeeNo: m.trainer08.employeeNo, ...prize }), "methods.errors.ownResult");
      await refused(() => setResult(h.db, trainer08, fx.ownContest, { employeeNo: m.a10.employeeNo, ...prize }), "methods.errors.memberOutOfScope");
      await refused(() => setResult(h.db, trainer08, fx.areaContest, { employeeNo: m.b08.employeeNo, ...prize }), "methods.errors.notContestAuthor");
      await refused(
        () => setResult(h.db, trainer08, fx.areaContest, { employeeNo: m.a08.employeeNo, rank: 9, score: 1, award: "" }),
        "methods.errors.notContestAuthor",
      );
      await refused(() => setResult(h.db, manager09, fx.areaContest, { employeeNo: m.a09.employeeNo, ...prize }), "methods.errors.notContestAuthor");
      await refused(() => setResult(h.db, tech08, fx.ownContest, { employeeNo: m.b08.employeeNo, ...prize }), "methods.errors.notContestAuthor");
      // Control: inside the scope, in one's own contest.
      expect(await setResult(h.db, trainer08, fx.ownContest, { employeeNo: m.b08.employeeNo, ...prize })).toEqual({ ok: true, value: undefined });
    });

    it("removes results only as the contest's author or a whole-area trainer", async () => {
      await refused(() => removeResult(h.db, trainer08, fx.areaContest, m.a08.id), "methods.errors.notContestAuthor");
      await refused(() => removeResult(h.db, worker10, fx.areaContest, m.a08.id), "methods.errors.notContestAuthor");
      await refused(() => removeResult(h.db, manager09, fx.areaContest, m.a08.id), "methods.errors.notContestAuthor");
    });

    it("refuses a whole import naming oneself or a member outside the scope, each at its row, and writes nothing", async () => {
      const file = await sheet([
        ["工号", "姓名", "名次", "成绩", "奖项"],
        [m.a08.employeeNo, m.a08.name, 1, 98, "一等奖"],
        [m.trainer08.employeeNo, m.trainer08.name, 2, 97, "二等奖"],
        [m.a10.employeeNo, "张冠李戴", 3, 96, "三等奖"],
      ]);
      const r = await refused(() => importResults(h.db, trainer08, fx.ownContest, file), "import.failed", "refused");
      // The member outside the scope is not named back (no name check), only located.
      expect(r.ok ? [] : r.problems?.map((p) => [p.row, p.column, p.code, p.params ?? null])).toEqual([
        [3, "工号", "methods.import.ownResult", null],
        [4, "工号", "methods.import.outOfScope", { value: m.a10.employeeNo }],
      ]);
      await refused(() => importResults(h.db, trainer08, fx.areaContest, file), "methods.errors.notContestAuthor");
    });
  });

  describe("sign-offs", () => {
    it("sets verifiers only as the task's author or a whole-area trainer, and only inside the scope", async () => {
      await refused(() => setVerifiers(h.db, trainer08, fx.areaTask, [m.trainer08.employeeNo]), "methods.errors.notTaskAuthor");
      await refused(() => setVerifiers(h.db, trainer08, fx.areaTask, []), "methods.errors.notTaskAuthor");
      await refused(() => setVerifiers(h.db, manager09, fx.ownTask, [m.a09.employeeNo]), "methods.errors.notTaskAuthor");
      await refused(() => setVerifiers(h.db, trainer08, fx.ownTask, [m.trainer08.employeeNo, m.worker10.employeeNo]), "methods.errors.memberOutOfScope");
      const task = { specialty: "oil_production" as const, description: "", checklist: ["改"], active: false };
      await refused(() => saveTask(h.db, trainer08, fx.areaTask, { ...task, code: "AUTHZ-AREA", title: "改名" }), "methods.errors.notTaskAuthor");
    });

    it("keeps the verifiers outside a scoped author's reach when the author edits the list", async () => {
      // The whole-area trainer adds a verifier of 采油十队 to the scoped trainer's task.
      expect(await setVerifiers(h.db, areaTrainer, fx.ownTask, [m.trainer08.employeeNo, m.worker10.employeeNo])).toEqual({ ok: true, value: { count: 2 } });
      // The author replaces the list inside their scope; 采油十队's verifier stays.
      expect(await setVerifiers(h.db, trainer08, fx.ownTask, [m.tech08.employeeNo])).toEqual({ ok: true, value: { count: 2 } });
      const ids = rowsOf<{ member_id: number }>(
        await h.db.execute(sql`SELECT member_id FROM task_verifiers WHERE task_id = ${fx.ownTask} ORDER BY member_id`),
      ).map((r) => Number(r.member_id));
      expect(ids).toEqual([m.tech08.id, m.worker10.id].sort((a, b) => a - b));
    });

    it("a verifier signs off only inside their scope: a trainer's role scope, a technician's own team", async () => {
      const base = { taskId: fx.areaTask, signedOn: "2026-11-19", note: "", checked: 2 };
      await refused(() => signOff(h.db, trainer08, { ...base, employeeNo: m.b10.employeeNo }, TODAY), "methods.errors.signoffOutOfScope");
      await refused(() => signOff(h.db, trainer08, { ...base, employeeNo: m.a09.employeeNo }, TODAY), "methods.errors.signoffOutOfScope");
      await refused(() => signOff(h.db, tech08, { ...base, employeeNo: m.b10.employeeNo }, TODAY), "methods.errors.signoffOutOfScope");
      await refused(() => signOff(h.db, tech08, { ...base, employeeNo: m.tech08.employeeNo }, TODAY), "methods.errors.ownTask");
      // Not a named verifier of the task.
      await refused(() => signOff(h.db, manager09, { ...base, employeeNo: m.a09.employeeNo }, TODAY), "methods.errors.notQualified");
      // Control: the technician signs off a member of their own team.
      expect(await signOff(h.db, tech08, { ...base, employeeNo: m.b08.employeeNo }, TODAY)).toMatchObject({ ok: true, value: { memberId: m.b08.id } });
    });

    it("shows a scoped trainer no names outside their scope on a task's page", async () => {
      const task = await getTask(h.db, trainer08, fx.areaTask);
      expect(task.ok && task.value.verifiers.map((v) => v.memberId).sort()).toEqual([m.tech08.id, m.trainer08.id].sort());
      const done = await signoffsForTask(h.db, trainer08, fx.areaTask);
      expect(done.map((s) => s.memberName)).toEqual([m.b08.name]);
      // The whole-area trainer sees everyone; a worker who verifies nothing here is refused.
      expect((await signoffsForTask(h.db, areaTrainer, fx.areaTask)).map((s) => s.memberId).sort()).toEqual([m.a10.id, m.b08.id].sort());
      expect(await getTask(h.db, manager09, fx.areaTask)).toMatchObject({ ok: false, kind: "forbidden" });
    });
  });

  describe("mentors", () => {
    it("sets the capacity only of mentors inside the scope, never one's own", async () => {
      await refused(() => setCapacity(h.db, trainer08, m.a10.employeeNo, 9), "methods.errors.memberOutOfScope");
      await refused(() => setCapacity(h.db, trainer08, m.trainer08.employeeNo, 9), "methods.errors.ownCapacity");
      await refused(() => setCapacity(h.db, manager09, m.a09.employeeNo, 9), "errors.forbidden");
      await refused(() => setCapacity(h.db, tech08, m.b08.employeeNo, 9), "errors.forbidden");
    });

    it("pairs only a mentor and an apprentice both inside the scope", async () => {
      const pair = { startsOn: "2026-11-01", endsOn: null, note: "" };
      await refused(
        () => createPair(h.db, trainer08, { ...pair, mentorNo: m.a08.employeeNo, apprenticeNo: m.a10.employeeNo }),
        "methods.errors.memberOutOfScope",
      );
      await refused(
        () => createPair(h.db, trainer08, { ...pair, mentorNo: m.a10.employeeNo, apprenticeNo: m.a08.employeeNo }),
        "methods.errors.memberOutOfScope",
      );
      await refused(
        () => createPair(h.db, trainer08, { ...pair, mentorNo: m.trainer08.employeeNo, apprenticeNo: m.b10.employeeNo }),
        "methods.errors.memberOutOfScope",
      );
      await refused(() => createPair(h.db, manager09, { ...pair, mentorNo: m.a09.employeeNo, apprenticeNo: m.a09.employeeNo }), "errors.forbidden");
    });

    it("ends a pair only as a trainer over the apprentice, even its mentor; goals by the mentor or such a trainer", async () => {
      await refused(() => endPair(h.db, trainer08, fx.pair10, "2026-11-19"), "methods.errors.notPairManager");
      await refused(() => endPair(h.db, worker10, fx.pair10, "2026-11-19"), "methods.errors.notPairManager");
      await refused(() => addGoal(h.db, worker10, { mentorshipId: fx.pair10, quarter: "2026-Q4", goal: "不是我的徒弟" }), "methods.errors.notPairMember");
      await refused(() => addGoal(h.db, manager09, { mentorshipId: fx.pair10, quarter: "2026-Q4", goal: "不是我的队" }), "methods.errors.notPairMember");
      await refused(() => setGoalDone(h.db, worker10, { mentorshipId: fx.pair10, goalId: fx.goal10, done: true }), "methods.errors.notPairMember");
      // A goal id of another pair is not this pair's.
      await refused(() => setGoalDone(h.db, trainer08, { mentorshipId: fx.pair10, goalId: fx.goal10 + 1000, done: true }), "errors.notFound", "notFound");
      // The mentor keeps the goals (whatever their scope) but does not end the pair.
      expect(await setGoalDone(h.db, trainer08, { mentorshipId: fx.pair10, goalId: fx.goal10, done: true })).toEqual({ ok: true, value: undefined });
      expect(await getPair(h.db, trainer08, fx.pair10)).toMatchObject({ ok: true, value: { mayKeepGoals: true, mayEnd: false } });
      expect(await getPair(h.db, manager09, fx.pair10)).toMatchObject({ ok: false, kind: "forbidden" });
      expect((await listPairs(h.db, trainer08)).map((p) => p.id)).not.toContain(fx.pair10);
    });
  });

  describe("pairings and points", () => {
    it("pairs only stations inside the manager's scope; rules and recounts are the admin's", async () => {
      const input = { modelStationId: stations.s09, weakerStationId: stations.s10, quarter: "2026-Q4", note: "" };
      await refused(() => createPairing(h.db, manager09, input), "methods.errors.outOfScopeUnit");
      await refused(
        () => createPairing(h.db, manager09, { ...input, modelStationId: stations.s10, weakerStationId: stations.s09 }),
        "methods.errors.outOfScopeUnit",
      );
      await refused(() => createPairing(h.db, trainer08, { ...input, modelStationId: stations.s08, weakerStationId: stations.s09 }), "errors.forbidden");
      await refused(() => setRules(h.db, areaTrainer, { ...DEFAULT_POINTS, signoff: 1000 }), "errors.forbidden");
      await refused(() => setRules(h.db, manager09, { ...DEFAULT_POINTS, signoff: 1000 }), "errors.forbidden");
      await refused(() => recountPoints(h.db, manager09), "errors.forbidden");
      // Another team's pairing is neither listed nor opened.
      const admin: Principal = { userId: 0, memberId: 0, roles: [{ role: "admin", scopePath: null }] };
      const made = await createPairing(h.db, admin, { ...input, modelStationId: stations.s08, weakerStationId: stations.s10 });
      expect(made.ok).toBe(true);
      const id = made.ok ? made.value.id : 0;
      expect(await getPairing(h.db, manager09, id)).toMatchObject({ ok: false, kind: "forbidden" });
      expect((await listPairings(h.db, manager09)).map((p) => p.id)).not.toContain(id);
    });
  });

  describe("sign-off photos", () => {
    it("answers a key it never made with not found, before any query, and a stranger's photo with forbidden", async () => {
      for (const key of ["signoffs/\u0000.png", "../../etc/passwd", `signoffs/${"a".repeat(5000)}`, "signoffs/\ud800.png"]) {
        expect(await readSignoffPhoto(h.db, tech08, key)).toMatchObject({ ok: false, kind: "notFound" });
      }
      const key = "signoffs/00000000-0000-4000-8000-000000000000.png";
      await h.db.execute(sql`UPDATE signoffs SET photo_key = ${key} WHERE member_id = ${m.a10.id}`);
      expect(await readSignoffPhoto(h.db, tech08, key)).toMatchObject({ ok: false, kind: "forbidden" });
      expect(await readSignoffPhoto(h.db, trainer08, key)).toMatchObject({ ok: false, kind: "forbidden" });
    });

    it("the route refuses a user who must change their password, and a bad key is a 404, never a 500", async () => {
      const { GET } = await import("@/app/(app)/teach/tasks/photo/[...key]/route");
      const row = first(
        rowsOf<{ employee_no: string; name: string; org_unit_id: number; path: string }>(
          await h.db.execute(
            sql`SELECT m.employee_no, m.name, m.org_unit_id, u.path FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE m.id = ${m.a10.id}`,
          ),
        ),
      );
      // The member whose photo it is, but with a password to change first.
      const owner: CurrentUser = {
        userId: 0,
        memberId: m.a10.id,
        roles: [{ role: "worker", scopePath: null }],
        employeeNo: row.employee_no,
        name: row.name,
        orgUnitId: Number(row.org_unit_id),
        orgPath: row.path,
        jobId: null,
        sessionVersion: 1,
        sessionKey: "",
        mustChangePassword: true,
      };
      routeUser.db = h.db;
      const get = (key: string[]) => GET(new Request("http://x/teach/tasks/photo"), { params: Promise.resolve({ key }) });
      routeUser.current = owner;
      expect((await get(["signoffs", "00000000-0000-4000-8000-000000000000.png"])).status).toBe(403);
      routeUser.current = { ...owner, mustChangePassword: false };
      expect((await get(["signoffs", "\u0000.png"])).status).toBe(404);
      expect((await get(["..", "..", "etc", "passwd"])).status).toBe(404);
      routeUser.current = null;
      expect((await get(["signoffs", "00000000-0000-4000-8000-000000000000.png"])).status).toBe(401);
    });
  });
});
