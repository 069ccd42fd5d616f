import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { refreshCache } from "@/lib/eligibility/cache";
import { memberHours } from "@/lib/hours/ledger";
import { refreshTotals } from "@/lib/hours/totals";
import { loadRequirements } from "@/lib/eligibility/data";
import { memberEligibility } from "@/lib/eligibility/member";
import { rosterPage, type RosterJob } from "@/lib/eligibility/roster";
import { inductionOf, openInductions, signInduction, undoInduction } from "@/lib/induction";
import { inductionDefaults, setInductionDefaults } from "@/lib/induction/settings";
import { revokeIssued, revokeWithdrawn, verifyCertificate } from "@/lib/issued";
import { createMember, updateMember } from "@/lib/members/members";
import { importMembers } from "@/lib/members/import";
import type { MemberInput } from "@/lib/members/input";
import { compareCache } from "../helpers/roster-cache";
import { HEADERS, xlsxOf } from "../fixtures/import/build";
import { createTestDb, drivers } from "../helpers/db";

const TZ = "Asia/Shanghai";
const TODAY = "2026-12-06";

describe.each(drivers())("三级安全教育 (induction) on %s", (driver) => {
  let h: DbHandle;
  const id = {} as Record<"area" | "teamA" | "teamB" | "stA1" | "stA2" | "stB1" | "job" | "openJob" | "boss" | "bossB" | "trainerM" | "veteran", number>;
  let areaPath = "";
  let admin: Principal;
  let manager: Principal;
  let otherManager: Principal;
  let trainer: Principal;
  let jobs: RosterJob[] = [];

  const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => rowsOf<T>(await h.db.execute(q))[0] as T;
  const ins = async (q: ReturnType<typeof sql>) => Number((await one<{ id: number }>(q)).id);
  const count = async (q: ReturnType<typeof sql>) => Number((await one<{ n: number }>(q)).n);
  const input = (over: Partial<MemberInput>): MemberInput => ({
    employeeNo: "300001",
    name: "新员工",
    orgUnitId: id.stA1,
    specialty: "gathering",
    jobId: id.job,
    techTitle: "none",
    partyMember: false,
    hiredOn: "2026-12-01",
    status: "active",
    phone: null,
    ...over,
  });
  const levels = async (memberId: number) =>
    rowsOf<{ id: number; level: number; org_unit_id: number; reason: string; signed_off_on: string | null }>(
      await h.db.execute(sql`SELECT id, level, org_unit_id, reason, signed_off_on::text FROM induction_records WHERE member_id = ${memberId} ORDER BY id`),
    ).map((r) => ({ ...r, id: Number(r.id), level: Number(r.level), org_unit_id: Number(r.org_unit_id) }));

  /** The roster (cache after a refresh, equal to live) for one member: their cells and the reason. */
  async function roster(memberId: number) {
    await refreshCache(h.db, TODAY, TZ);
    const { mismatches } = await compareCache(h.db, TODAY, TZ);
    expect(mismatches).toEqual([]);
    const q = {
      unitPath: areaPath,
      scope: { all: true } as const,
      jobs,
      requirements: await loadRequirements(h.db),
      jobId: null,
      status: null,
      expiringWithinDays: null,
      sort: "employeeNo" as const,
      desc: false,
      page: 1,
      pageSize: 0,
      today: TODAY,
      tz: TZ,
    };
    const cached = await rosterPage(h.db, q, "cache");
    expect(cached).toEqual(await rosterPage(h.db, q, "live"));
    for (const jobId of [id.job, id.openJob]) {
      const one = { ...q, jobId };
      expect(await rosterPage(h.db, one, "cache")).toEqual(await rosterPage(h.db, one, "live"));
    }
    const row = cached.rows.find((r) => r.memberId === memberId)!;
    return { job: row.cells[id.job]!.status, open: row.cells[id.openJob]!.status, reason: row.inductionOpen, counts: cached.counts };
  }

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
    id.stA1 = await unit("station", "一站", id.teamA);
    id.stA2 = await unit("station", "二站", id.teamA);
    id.stB1 = await unit("station", "三站", id.teamB);
    const pathOf = async (u: number) => (await one<{ path: string }>(sql`SELECT path FROM org_units WHERE id = ${u}`)).path;
    areaPath = await pathOf(id.area);
    const member = (no: string, name: string, org: number) =>
      ins(
        sql`INSERT INTO members (employee_no, name, org_unit_id, specialty, hired_on) VALUES (${no}, ${name}, ${org}, 'gathering', '2015-03-01') RETURNING id`,
      );
    id.boss = await member("100002", "一队队长", id.teamA);
    id.bossB = await member("200001", "二队队长", id.teamB);
    id.trainerM = await member("900001", "培训员", id.area);
    id.veteran = await member("100009", "老员工", id.stA1);
    const user = async (memberId: number, role: string, scope: number | null) => {
      const u = await ins(sql`INSERT INTO users (member_id, password_hash) VALUES (${memberId}, 'x') RETURNING id`);
      await h.db.execute(sql`INSERT INTO user_roles (user_id, role, scope_org_unit_id) VALUES (${u}, ${role}, ${scope})`);
      return u;
    };
    const bossUser = await user(id.boss, "manager", id.teamA);
    const bossBUser = await user(id.bossB, "manager", id.teamB);
    const trainerUser = await user(id.trainerM, "trainer", id.area);
    const adminUser = await user(await member("000001", "管理员", id.area), "admin", null);
    admin = { userId: adminUser, memberId: -1, roles: [{ role: "admin", scopePath: null }] };
    trainer = { userId: trainerUser, memberId: id.trainerM, roles: [{ role: "trainer", scopePath: areaPath }] };
    manager = { userId: bossUser, memberId: id.boss, roles: [{ role: "manager", scopePath: await pathOf(id.teamA) }] };
    otherManager = { userId: bossBUser, memberId: id.bossB, roles: [{ role: "manager", scopePath: await pathOf(id.teamB) }] };
    // A job with a requirement every member meets (time in service ≥ 0) and one without requirements.
    id.job = await ins(sql`INSERT INTO jobs (code, name, specialty) VALUES ('J-OP', '采油工', 'gathering') RETURNING id`);
    id.openJob = await ins(sql`INSERT INTO jobs (code, name, specialty) VALUES ('J-ANY', '辅助工', 'gathering') RETURNING id`);
    await h.db.execute(sql`INSERT INTO job_requirements (job_id, kind, min_count) VALUES (${id.job}, 'service', 0)`);
    jobs = [
      { id: id.job, code: "J-OP", name: "采油工", specialty: "gathering" },
      { id: id.openJob, code: "J-ANY", name: "辅助工", specialty: "gathering" },
    ];
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(`${TODAY}T04:00:00Z`));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("members there before the feature (no induction record) stay eligible", async () => {
    expect(await levels(id.veteran)).toEqual([]);
    expect(await roster(id.veteran)).toMatchObject({ job: "eligible", open: "eligible", reason: [] });
  });

  it("a new hire opens three levels at the area, team and station; not eligible for any job with the reason; sign-offs in order make them eligible", async () => {
    const created = await createMember(h.db, admin, input({}));
    expect(created.ok).toBe(true);
    const mid = created.ok ? created.value.id : 0;
    const open = await levels(mid);
    expect(open.map((l) => [l.level, l.org_unit_id, l.reason, l.signed_off_on])).toEqual([
      [1, id.area, "new_hire", null],
      [2, id.teamA, "new_hire", null],
      [3, id.stA1, "new_hire", null],
    ]);
    expect(await roster(mid)).toMatchObject({ job: "missing", open: "missing", reason: [1, 2, 3] });
    const e = await memberEligibility(h.db, admin, mid, new Date(`${TODAY}T04:00:00Z`), TZ);
    expect(e.ok && e.value.jobs.every((j) => j.status === "missing" && j.inductionOpen?.length === 3)).toBe(true);

    // Level 2 before level 1: refused, nothing written.
    const l2 = await signInduction(h.db, manager, { recordId: open[1]!.id, signedOn: TODAY }, TODAY);
    expect(l2).toMatchObject({ ok: false, code: "induction.errors.lowerOpen" });
    // Level 1 is the area's: a team manager is outside; the area trainer signs.
    expect(await signInduction(h.db, manager, { recordId: open[0]!.id, signedOn: TODAY }, TODAY)).toMatchObject({ ok: false, kind: "notFound" });
    expect((await signInduction(h.db, trainer, { recordId: open[0]!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    expect(await signInduction(h.db, trainer, { recordId: open[0]!.id, signedOn: TODAY }, TODAY)).toMatchObject({
      ok: false,
      code: "induction.errors.already",
    });
    // Another team's manager cannot sign team A's level.
    expect(await signInduction(h.db, otherManager, { recordId: open[1]!.id, signedOn: TODAY }, TODAY)).toMatchObject({ ok: false, kind: "notFound" });
    expect((await signInduction(h.db, manager, { recordId: open[1]!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    expect(await roster(mid)).toMatchObject({ job: "missing", open: "missing", reason: [3] });
    expect((await signInduction(h.db, manager, { recordId: open[2]!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    expect(await roster(mid)).toMatchObject({ job: "eligible", open: "eligible", reason: [] });

    const card = await inductionOf(h.db, admin, mid);
    expect(card.map((c) => [c.level, c.signedOffOn, c.signedOffByName, c.hoursCredited])).toEqual([
      [3, TODAY, "一队队长", 24],
      [2, TODAY, "一队队长", 24],
      [1, TODAY, "培训员", 24],
    ]);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'induction.signoff'`)).toBe(3);
  });

  it("signed levels credit their hours to the 学时 ledger (safety) once each, toward the pre-job minimum; an undone sign-off credits nothing", async () => {
    const mid = await ins(sql`SELECT id FROM members WHERE employee_no = '300001'`);
    const ledger = async () => {
      const r = await memberHours(h.db, admin, mid, 2026, TZ);
      if (!r.ok) throw new Error("ledger");
      return r.value;
    };
    const totals = async () => {
      await refreshTotals(h.db, TZ);
      return Number((await one<{ s: string }>(sql`SELECT coalesce(sum(safety), 0)::text AS s FROM hours_totals WHERE member_id = ${mid} AND year = 2026`)).s);
    };
    const v = await ledger();
    expect(v.entries.filter((e) => e.source === "induction").map((e) => [e.title, e.category, e.day, e.hours])).toEqual([
      ["1", "safety", TODAY, 24],
      ["2", "safety", TODAY, 24],
      ["3", "safety", TODAY, 24],
    ]);
    expect(v.minimum.kind).toBe("newWorkerInitial");
    expect(v.counted).toBe(72);
    expect(v.shortfall).toBe(0);
    expect(await totals()).toBe(72);
    // Undo the station level's sign-off: its hours leave the ledger and the totals.
    await h.db.execute(
      sql`UPDATE induction_records SET signed_off_on = NULL, signed_off_by = NULL, hours_credited = NULL WHERE member_id = ${mid} AND level = 3`,
    );
    const after = await ledger();
    expect(after.entries.filter((e) => e.source === "induction")).toHaveLength(2);
    expect(after.counted).toBe(48);
    expect(after.shortfall).toBe(24);
    expect(await totals()).toBe(48);
    // Signed again: credited once more, not twice.
    const [l3] = (await levels(mid)).filter((l) => l.level === 3);
    expect((await signInduction(h.db, manager, { recordId: l3!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    expect((await ledger()).counted).toBe(72);
    expect(await totals()).toBe(72);
  });

  it("the last level signed issues a 三级安全教育 certificate (verifiable, revocable); an undone sign-off withdraws it, signing again issues a new one", async () => {
    const mid = await ins(sql`SELECT id FROM members WHERE employee_no = '300001'`);
    const certs = async () =>
      rowsOf<{ id: number; number: string; source_id: number; title: string; holder_name: string; revoked_at: unknown; revoke_reason: string | null }>(
        await h.db.execute(
          sql`SELECT id, number, source_id, title, holder_name, revoked_at, revoke_reason FROM issued_certificates WHERE member_id = ${mid} AND kind = 'induction' ORDER BY id`,
        ),
      );
    // The round was signed (level 3 last, twice: signed, undone, signed again in the test before).
    const [l3] = (await levels(mid)).filter((l) => l.level === 3);
    let list = await certs();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ source_id: l3!.id, title: "三级安全教育（新入职）", holder_name: "新员工", revoked_at: null });
    const v = await verifyCertificate(h.db, list[0]!.number, "203.0.113.9");
    expect(v.found && v.certificate).toMatchObject({ holderName: "新员工", kind: "induction", title: "三级安全教育（新入职）", validity: { state: "valid" } });
    // Undone: the job's sweep withdraws it; signed again: a new certificate with a new number.
    await h.db.execute(sql`UPDATE induction_records SET signed_off_on = NULL, signed_off_by = NULL, hours_credited = NULL WHERE id = ${l3!.id}`);
    expect(await revokeWithdrawn(h.db, { memberIds: [mid] })).toBe(1);
    list = await certs();
    expect(list[0]).toMatchObject({ revoke_reason: "三级安全教育签认已撤销" });
    expect((await signInduction(h.db, manager, { recordId: l3!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    list = await certs();
    expect(list).toHaveLength(2);
    expect(list[1]!.number).not.toBe(list[0]!.number);
    expect(list[1]!.revoked_at).toBeNull();
    // Revocable like the others: by the area trainer, with a reason.
    expect((await revokeIssued(h.db, trainer, { id: Number(list[1]!.id), reason: "补录错误" })).ok).toBe(true);
    const after = await verifyCertificate(h.db, list[1]!.number, "203.0.113.9");
    expect(after.found && after.certificate.validity.state).toBe("revoked");
  });

  it("a mistaken sign-off is undone by its signer or an admin, with a reason, only while no higher level rests on it: the level opens again, its hours leave the ledger, eligibility follows; refusals write nothing", async () => {
    const created = await createMember(h.db, admin, input({ employeeNo: "300050", name: "撤销测试" }));
    if (!created.ok) throw new Error(created.code);
    const mid = created.value.id;
    const [l1, l2, l3] = await levels(mid);
    for (const [who, rec] of [
      [trainer, l1],
      [manager, l2],
      [manager, l3],
    ] as const)
      expect((await signInduction(h.db, who, { recordId: rec!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    const counted = async () => {
      const r = await memberHours(h.db, admin, mid, 2026, TZ);
      if (!r.ok) throw new Error("ledger");
      return r.value.counted;
    };
    const certificate = async () =>
      one<{ revoked_at: unknown; revoke_reason: string | null }>(
        sql`SELECT revoked_at, revoke_reason FROM issued_certificates WHERE member_id = ${mid} AND kind = 'induction' ORDER BY id DESC LIMIT 1`,
      );
    expect(await counted()).toBe(72);
    expect(await roster(mid)).toMatchObject({ job: "eligible", reason: [] });
    expect((await certificate()).revoked_at).toBeNull();

    const state = async () =>
      JSON.stringify([
        await levels(mid),
        await count(sql`SELECT count(*)::int AS n FROM audit_log`),
        await count(sql`SELECT count(*)::int AS n FROM issued_certificates WHERE revoked_at IS NOT NULL`),
      ]);
    const before = await state();
    const undo = (who: Principal, recordId: unknown, reason: unknown) =>
      undoInduction(h.db, who, { recordId, reason } as Parameters<typeof undoInduction>[2], new Date(`${TODAY}T04:00:00Z`));
    // Bad input: no reason, a blank one, a bad id — refused with a message, nothing written.
    expect(await undo(manager, l3!.id, "")).toMatchObject({ ok: false, code: "errors.required", kind: "badRequest" });
    expect(await undo(manager, l3!.id, "   ")).toMatchObject({ ok: false, code: "errors.required" });
    expect(await undo(manager, "abc", "签错了")).toMatchObject({ ok: false, kind: "badRequest" });
    expect(await undo(manager, l3!.id, "长".repeat(501))).toMatchObject({ ok: false, code: "errors.tooLong" });
    // Another team's manager: not found; the area trainer who did not sign this level: only the signer or an admin.
    expect(await undo(otherManager, l3!.id, "签错了")).toMatchObject({ ok: false, kind: "notFound" });
    expect(await undo(trainer, l3!.id, "签错了")).toMatchObject({ ok: false, code: "induction.errors.notSigner" });
    // The team level: the station level was signed after it — refused, naming the blocking level.
    expect(await undo(manager, l2!.id, "签错了")).toMatchObject({ ok: false, code: "induction.errors.higherSigned", params: { level: 3, date: TODAY } });
    expect(await undo(trainer, l1!.id, "签错了")).toMatchObject({ ok: false, code: "induction.errors.higherSigned", params: { level: 3 } });
    expect(await state()).toBe(before);
    expect((await inductionOf(h.db, manager, mid)).map((r) => [r.level, r.canUndo])).toEqual([
      [3, true],
      [2, true],
      [1, false],
    ]);

    // The signer undoes the station level: open again, hours withdrawn, not eligible, the certificate withdrawn, audited.
    expect(await undo(manager, l3!.id, "签认人填错")).toMatchObject({ ok: true, value: { memberId: mid } });
    expect((await levels(mid)).map((l) => [l.level, l.signed_off_on])).toEqual([
      [1, TODAY],
      [2, TODAY],
      [3, null],
    ]);
    expect(await counted()).toBe(48);
    expect(await roster(mid)).toMatchObject({ job: "missing", open: "missing", reason: [3] });
    const e = await memberEligibility(h.db, admin, mid, new Date(`${TODAY}T04:00:00Z`), TZ);
    expect(e.ok && e.value.jobs.every((j) => j.status === "missing" && j.inductionOpen?.join() === "3")).toBe(true);
    expect(await certificate()).toMatchObject({ revoke_reason: "三级安全教育签认已撤销" });
    const audited = await one<{ after: { reason: string }; before: { level: number; hoursCredited: number } }>(
      sql`SELECT before, after FROM audit_log WHERE action = 'induction.undo' AND entity_id = ${String(l3!.id)}`,
    );
    expect(audited.after.reason).toBe("签认人填错");
    expect(audited.before).toMatchObject({ level: 3, hoursCredited: 24 });
    const card = await inductionOf(h.db, manager, mid);
    expect(card.map((r) => [r.level, r.signedOffOn, r.canSign, r.canUndo])).toEqual([
      [3, null, true, false],
      [2, TODAY, false, true],
      [1, TODAY, false, false],
    ]);
    // Undone twice: nothing to undo.
    expect(await undo(manager, l3!.id, "再来")).toMatchObject({ ok: false, code: "induction.errors.notSigned" });
    // An admin undoes a level someone else signed (the team level, now the highest signed).
    expect((await undo(admin, l2!.id, "补录错误")).ok).toBe(true);
    expect(await counted()).toBe(24);
    expect(await roster(mid)).toMatchObject({ job: "missing", reason: [2, 3] });

    // Signed again: hours and eligibility as before the undo.
    expect((await signInduction(h.db, manager, { recordId: l2!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    expect((await signInduction(h.db, manager, { recordId: l3!.id, signedOn: TODAY }, TODAY)).ok).toBe(true);
    expect(await counted()).toBe(72);
    expect(await roster(mid)).toMatchObject({ job: "eligible", open: "eligible", reason: [] });
    expect((await certificate()).revoked_at).toBeNull();
  });

  it("a change of station opens team and station levels again (the new station's); a change back to the same state opens nothing", async () => {
    const before = await levels(id.veteran);
    const moved = await updateMember(h.db, admin, id.veteran, input({ employeeNo: "100009", name: "老员工", orgUnitId: id.stA2, hiredOn: "2015-03-01" }));
    expect(moved.ok).toBe(true);
    const after = (await levels(id.veteran)).slice(before.length);
    expect(after.map((l) => [l.level, l.org_unit_id, l.reason])).toEqual([
      [2, id.teamA, "post_change"],
      [3, id.stA2, "post_change"],
    ]);
    expect(await roster(id.veteran)).toMatchObject({ job: "missing", open: "missing", reason: [2, 3] });
    // Saving again without a change opens nothing more.
    await updateMember(h.db, admin, id.veteran, input({ employeeNo: "100009", name: "老员工", orgUnitId: id.stA2, hiredOn: "2015-03-01" }));
    expect(await levels(id.veteran)).toHaveLength(before.length + 2);
  });

  it("refuses bad input, a future day, a day before opening and one's own induction, writing nothing", async () => {
    const [l2] = (await levels(id.veteran)).filter((l) => l.level === 2 && l.signed_off_on === null);
    const audits = await count(sql`SELECT count(*)::int AS n FROM audit_log`);
    const refusals = [
      await signInduction(h.db, manager, { recordId: l2!.id, signedOn: "2026-12-07" }, TODAY),
      await signInduction(h.db, manager, { recordId: l2!.id, signedOn: "2026-12-05" }, TODAY),
      await signInduction(h.db, manager, { recordId: l2!.id, signedOn: "2026-02-30" }, TODAY),
      await signInduction(h.db, manager, { recordId: "abc" as unknown as number, signedOn: TODAY }, TODAY),
      await signInduction(h.db, manager, { recordId: l2!.id, signedOn: TODAY, content: "x".repeat(501) }, TODAY),
      await signInduction(h.db, manager, { recordId: 999_999, signedOn: TODAY }, TODAY),
    ];
    expect(refusals.map((r) => (r.ok ? "ok" : r.code))).toEqual([
      "induction.errors.future",
      "induction.errors.beforeOpened",
      "induction.errors.badDate",
      "induction.errors.notFound",
      "induction.errors.contentTooLong",
      "induction.errors.notFound",
    ]);
    const self: Principal = { ...manager, memberId: id.veteran };
    expect(await signInduction(h.db, self, { recordId: l2!.id, signedOn: TODAY }, TODAY)).toMatchObject({ ok: false, code: "induction.errors.own" });
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(audits);
    expect((await levels(id.veteran)).filter((l) => l.signed_off_on !== null)).toHaveLength(0);
  });

  it("the open list shows the levels in the viewer's scope only", async () => {
    const mine = await openInductions(h.db, manager);
    const theirs = await openInductions(h.db, otherManager);
    expect(mine.ok && mine.value.map((r) => [r.memberId, r.level])).toEqual([
      [id.veteran, 2],
      [id.veteran, 3],
    ]);
    expect(theirs.ok && theirs.value).toEqual([]);
    const worker: Principal = { userId: 0, memberId: id.veteran, roles: [{ role: "worker", scopePath: null }] };
    expect((await openInductions(h.db, worker)).ok).toBe(false);
  });

  it("a return after a year or more away opens team and station; leaving keeps the day", async () => {
    const c = await createMember(h.db, admin, input({ employeeNo: "300002", name: "复岗员工", hiredOn: "2010-01-01", orgUnitId: id.stB1 }));
    const mid = c.ok ? c.value.id : 0;
    expect(await levels(mid)).toEqual([]);
    await updateMember(h.db, admin, mid, input({ employeeNo: "300002", name: "复岗员工", hiredOn: "2010-01-01", orgUnitId: id.stB1, status: "leave" }));
    expect((await one<{ d: string }>(sql`SELECT away_since::text AS d FROM members WHERE id = ${mid}`)).d).toBe(TODAY);
    // Back within the year: nothing opens.
    await updateMember(h.db, admin, mid, input({ employeeNo: "300002", name: "复岗员工", hiredOn: "2010-01-01", orgUnitId: id.stB1 }));
    expect(await levels(mid)).toEqual([]);
    // Away since 2025-12-06 (a year to the day): the return opens levels 2 and 3.
    await updateMember(h.db, admin, mid, input({ employeeNo: "300002", name: "复岗员工", hiredOn: "2010-01-01", orgUnitId: id.stB1, status: "leave" }));
    await h.db.execute(sql`UPDATE members SET away_since = '2025-12-06' WHERE id = ${mid}`);
    await updateMember(h.db, admin, mid, input({ employeeNo: "300002", name: "复岗员工", hiredOn: "2010-01-01", orgUnitId: id.stB1 }));
    expect((await levels(mid)).map((l) => [l.level, l.reason])).toEqual([
      [2, "return"],
      [3, "return"],
    ]);
    expect(await roster(mid)).toMatchObject({ job: "missing", reason: [2, 3] });
  });

  it("an import opens levels for new hires and changes of post, not for existing staff imported with old hire dates", async () => {
    const file = await xlsxOf([
      HEADERS,
      ["400001", "导入新员工", "一站", "gathering", "", "", "", new Date(Date.UTC(2026, 10, 20)), "在岗", ""],
      ["400002", "导入老员工", "一站", "gathering", "", "", "", new Date(Date.UTC(2012, 2, 1)), "在岗", ""],
      ["100009", "老员工", "三站", "gathering", "", "", "", new Date(Date.UTC(2015, 2, 1)), "在岗", ""],
    ]);
    const r = await importMembers(h.db, admin, file, "职工.xlsx");
    expect(r.ok).toBe(true);
    const of = async (no: string) => levels((await one<{ id: number }>(sql`SELECT id FROM members WHERE employee_no = ${no}`)).id);
    expect((await of("400001")).map((l) => [l.level, l.reason])).toEqual([
      [1, "new_hire"],
      [2, "new_hire"],
      [3, "new_hire"],
    ]);
    expect(await of("400002")).toEqual([]);
    // The veteran's open team and station levels move to their new station's team and station.
    expect((await of("100009")).filter((l) => l.signed_off_on === null).map((l) => [l.level, l.org_unit_id])).toEqual([
      [2, id.teamB],
      [3, id.stB1],
    ]);
  });
  it("the site's defaults: only a whole-area admin sets them, validated; a level opens with them and levels already open keep theirs", async () => {
    const good = { hours1: "32", hours2: "16.5", hours3: "8", content1: "厂级：本单位安全规章制度。", content2: "", content3: "" };
    expect(await setInductionDefaults(h.db, manager, good)).toMatchObject({ ok: false, kind: "forbidden" });
    for (const bad of [
      { ...good, hours1: "0" },
      { ...good, hours2: "200.01" },
      { ...good, hours3: "abc" },
      { ...good, hours3: "1.234" },
      { ...good, content2: "字".repeat(501) },
    ]) {
      const r = await setInductionDefaults(h.db, admin, bad);
      expect(r.ok).toBe(false);
    }
    expect(await count(sql`SELECT count(*)::int AS n FROM induction_settings`)).toBe(0);
    expect(await inductionDefaults(h.db)).toEqual({ 1: { hours: 24, content: "" }, 2: { hours: 24, content: "" }, 3: { hours: 24, content: "" } });
    const before = await levels(id.veteran);
    expect((await setInductionDefaults(h.db, admin, good)).ok).toBe(true);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'induction.settings'`)).toBe(1);
    // Already open levels keep 24 h.
    const open = rowsOf<{ required_hours: string }>(
      await h.db.execute(sql`SELECT required_hours::text FROM induction_records WHERE member_id = ${id.veteran} AND signed_off_on IS NULL`),
    );
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => Number(r.required_hours) === 24)).toBe(true);
    // A new hire opens with the set hours and content.
    const created = await createMember(h.db, admin, input({ employeeNo: "300009", name: "设置后新员工" }));
    expect(created.ok).toBe(true);
    const cid = created.ok ? created.value.id : 0;
    const card = await inductionOf(h.db, admin, cid);
    expect(card.map((c) => [c.level, c.requiredHours, c.content])).toEqual([
      [3, 8, ""],
      [2, 16.5, ""],
      [1, 32, "厂级：本单位安全规章制度。"],
    ]);
    expect(await levels(id.veteran)).toEqual(before);
    await h.db.execute(sql`DELETE FROM induction_settings`);
  });
});
