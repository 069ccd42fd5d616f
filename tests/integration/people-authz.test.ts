import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { certificateTypes, jobRequirements, jobs, members, orgUnits } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { listAudit, auditFilter } from "@/lib/audit/read";
import type { Principal } from "@/lib/auth/permissions";
import { addCertificate, createCertificateType, importCertificates, listExpiring, setCertificateTypeActive } from "@/lib/certificates";
import type { FailureKind, Result } from "@/lib/core/result";
import { addRequirement, createJob, deleteRequirement, requirementInput, setJobActive, setJobTarget, setStationMinimum } from "@/lib/eligibility/admin";
import { coverage } from "@/lib/eligibility/coverage";
import { memberEligibility } from "@/lib/eligibility/member";
import { getRosterView, parseRosterFilter } from "@/lib/eligibility/service";
import { memberFilter, memberInput } from "@/lib/members/input";
import { importMembers } from "@/lib/members/import";
import { createMember, getMember, getMemberForEdit, searchMembers, updateMember } from "@/lib/members/members";
import { assignNeeds, unitNeeds } from "@/lib/needs";
import { createUnit, moveUnit, renameUnit, setUnitActive } from "@/lib/org/units";
import type { CurrentUser } from "@/lib/auth/user-row";
import { makeTranslator } from "@/lib/i18n";
import { saveMemberAction, toggleTargetAction } from "@/app/(app)/members/actions";
import { setUnitActiveAction } from "@/app/(app)/system/org/actions";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first, lookup } from "../helpers/rows";

// Server actions, called as Next calls them, with the session and the database handed in; a
// redirect is thrown as Next throws it and caught here with its address.
const route = vi.hoisted(() => ({ user: null as unknown, db: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => route.user }));
vi.mock("@/lib/core/db", () => ({ getDb: async () => route.db }));
vi.mock("@/app/_lib/i18n", () => ({ getLocale: async () => "zh-CN", getT: async () => makeTranslator("zh-CN") }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("redirect"), { url });
  },
}));

async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (e && typeof e === "object" && "url" in e) return String((e as { url: string }).url);
    throw e;
  }
  throw new Error("no redirect");
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

/**
 * Issue 11 for people and eligibility: principals built here — a trainer scoped to 采油九队 (team
 * A), the manager of team A, a worker of team A and one of 采油十队 (team B), an administrator of
 * the whole area and one scoped to team A — call each lib function of members, org units,
 * certificates, jobs, roster, coverage, 以需带训 and the audit log with arguments outside their
 * scope. Every refusal is asserted together with an unchanged database: every table these
 * functions write, row for row.
 */

const TABLES = [
  "members",
  "users",
  "user_roles",
  "org_units",
  "certificate_types",
  "member_certificates",
  "jobs",
  "job_requirements",
  "station_job_minimums",
  "member_job_targets",
  "course_enrolments",
  "class_enrolments",
  "audit_log",
];

async function sheet(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("表");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.each(drivers())("people and eligibility refuse outside the actor's scope on %s", (driver) => {
  let h: DbHandle;
  let unit: (code: string) => { id: number; path: string };
  let admin: Principal;
  let adminA: Principal;
  let trainerA: Principal;
  let managerA: Principal;
  let workerA: Principal;
  let workerB: Principal;
  let noB: string;
  let noA2: string;

  /** Every row of every table these functions write, as text. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const t of TABLES) out[t] = rowsOf<{ r: string }>(await h.db.execute(sql.raw(`SELECT to_jsonb(x)::text AS r FROM ${t} x ORDER BY 1`))).map((r) => r.r);
    return out;
  }

  /** The call is refused with `kind` (and `code` when given), and the database is as it was. */
  async function refused<T>(run: () => Promise<Result<T>>, kind: FailureKind = "forbidden", code?: string) {
    const before = await snapshot();
    const r = await run();
    expect(r).toMatchObject({ ok: false, kind, ...(code ? { code } : {}) });
    expect(await snapshot()).toEqual(before);
    return r;
  }

  const memberNo = async (code: string, not: string[] = []) => {
    const rows = await h.db
      .select({ no: members.employeeNo, path: orgUnits.path })
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(eq(members.status, "active"))
      .orderBy(members.employeeNo);
    const m = rows.find((r) => r.path.startsWith(unit(code).path) && !not.includes(r.no) && !r.no.startsWith("9000"));
    if (!m) throw new Error(`no member in ${code}`);
    return m.no;
  };
  const idOf = async (no: string) => first(await h.db.select({ id: members.id }).from(members).where(eq(members.employeeNo, no)), "member").id;
  const input = async (no: string, unitCode: string, over: Record<string, string> = {}) =>
    memberInput.parse({
      employeeNo: no,
      name: "测试",
      orgUnitId: String(unit(unitCode).id),
      specialty: "boiler",
      jobId: "",
      techTitle: "none",
      hiredOn: "",
      status: "active",
      phone: "",
      ...over,
    });

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 60, quiz: true });
    unit = lookup(
      (await h.db.select({ code: orgUnits.code, id: orgUnits.id, path: orgUnits.path }).from(orgUnits)).map(
        (u) => [u.code, { id: u.id, path: u.path }] as const,
      ),
      "unit",
    );
    noB = await memberNo("T10");
    noA2 = await memberNo("T09");
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    adminA = await principalOf(h.db, await memberNo("T09", [noA2]), [{ role: "admin", scope: "T09" }]);
    trainerA = await principalOf(h.db, "900003", [{ role: "trainer", scope: "T09" }]);
    managerA = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    workerA = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(h.db, noB, [{ role: "worker", scope: null }]);
    route.db = h.db;
  }, 300_000);
  afterAll(async () => h?.close());

  describe("members", () => {
    it("lists only the members inside the reader's scope", async () => {
      const seen = await searchMembers(h.db, managerA, memberFilter.parse({ pageSize: "200" }));
      expect(seen.total).toBeGreaterThan(0);
      expect(seen.rows.every((r) => r.orgPath.startsWith(unit("T09").path))).toBe(true);
      expect((await searchMembers(h.db, managerA, memberFilter.parse({ q: noB }))).total).toBe(0);
      expect((await searchMembers(h.db, workerA, memberFilter.parse({}))).total).toBe(0);
    });

    it("a profile outside the scope is refused; one's own and one inside it are read", async () => {
      await refused(async () => getMember(h.db, managerA, await idOf(noB)));
      await refused(async () => getMember(h.db, trainerA, await idOf(noB)));
      await refused(async () => getMember(h.db, workerA, await idOf(noA2)));
      await refused(async () => getMember(h.db, managerA, 2_147_483_000), "notFound");
      expect((await getMember(h.db, workerB, workerB.memberId)).ok).toBe(true);
      expect((await getMember(h.db, managerA, await idOf(noA2))).ok).toBe(true);
      await refused(async () => getMemberForEdit(h.db, managerA, await idOf(noA2)));
      await refused(async () => getMemberForEdit(h.db, adminA, await idOf(noB)));
    });

    it("creating and editing need member.write over the member's unit and the unit it moves to", async () => {
      await refused(async () => createMember(h.db, managerA, await input("PA-1", "T09-W2")));
      await refused(async () => createMember(h.db, trainerA, await input("PA-2", "T09-W2")));
      await refused(async () => createMember(h.db, adminA, await input("PA-3", "T10-W5")));
      await refused(async () => updateMember(h.db, adminA, await idOf(noB), await input(noB, "T10-W5", { name: "改名" })));
      await refused(async () => updateMember(h.db, managerA, await idOf(noA2), await input(noA2, "T09-W2", { name: "改名" })));
      // From team A into team B: the scoped admin may edit the member but not place them there.
      await refused(async () => updateMember(h.db, adminA, await idOf(noA2), await input(noA2, "T10-W5")));
      await refused(async () => updateMember(h.db, workerA, workerA.memberId, await input("900004", "T09-W2", { name: "自己改" })));
      // Inside the scope it works.
      const made = await createMember(h.db, adminA, await input("PA-OK", "T09-W9"));
      expect(made.ok).toBe(true);
    });

    it("an import needs member.write, and every row inside the scope", async () => {
      const file = await sheet([
        ["工号", "姓名", "单位", "专业"],
        ["PA-10", "甲", "T09-W2", "集输"],
        ["PA-11", "乙", "T10-W5", "集输"],
        [noB, "改名", "T09-W2", "集输"],
      ]);
      await refused(() => importMembers(h.db, managerA, file, "x.xlsx"));
      await refused(() => importMembers(h.db, trainerA, file, "x.xlsx"));
      const r = await refused(() => importMembers(h.db, adminA, file, "x.xlsx"), "refused", "import.failed");
      expect(r.ok ? [] : r.problems?.map((p) => `${p.row}|${p.column}|${p.code}`)).toEqual([
        "3|单位|import.errors.unitOutOfScope",
        "4|工号|import.errors.memberOutOfScope",
      ]);
    });
  });

  describe("org units", () => {
    it("only org.write over the unit (and the new parent) changes it", async () => {
      await refused(() => createUnit(h.db, managerA, { name: "新站", code: "PA-ST", kind: "station", parentId: unit("T09").id }));
      await refused(() => createUnit(h.db, adminA, { name: "新站", code: "PA-ST", kind: "station", parentId: unit("T10").id }));
      await refused(() => createUnit(h.db, adminA, { name: "新区", code: "PA-AREA", kind: "area", parentId: null }));
      await refused(() => renameUnit(h.db, trainerA, unit("T09-W2").id, "改名"));
      await refused(() => renameUnit(h.db, adminA, unit("T10-W5").id, "改名"));
      await refused(() => moveUnit(h.db, adminA, unit("T09-W9").id, unit("T10").id));
      await refused(() => moveUnit(h.db, adminA, unit("T10-W5").id, unit("T09").id));
      await refused(() => setUnitActive(h.db, managerA, unit("T09-W9").id, false));
      await refused(() => setUnitActive(h.db, adminA, unit("T10-W5").id, false));
      await refused(() => renameUnit(h.db, admin, 2_147_483_000, "x"), "notFound");
      expect((await createUnit(h.db, adminA, { name: "A 队新站", code: "PA-OK", kind: "station", parentId: unit("T09").id })).ok).toBe(true);
    });
  });

  describe("certificates", () => {
    it("types are the whole organisation's: jobs.write over all of it", async () => {
      const safe = first(await h.db.select().from(certificateTypes).where(eq(certificateTypes.code, "SAFE")));
      await refused(() => createCertificateType(h.db, managerA, { code: "PA-T", name: "x", validityMonths: 12, renewWindowDays: 30 }));
      await refused(() => createCertificateType(h.db, adminA, { code: "PA-T", name: "x", validityMonths: 12, renewWindowDays: 30 }));
      await refused(() => setCertificateTypeActive(h.db, trainerA, safe.id, false));
    });

    it("entry and import need member.write over the member's unit, and never one's own", async () => {
      const safe = first(await h.db.select().from(certificateTypes).where(eq(certificateTypes.code, "SAFE")));
      const entry = (no: string, n: string) => ({ employeeNo: no, typeId: safe.id, number: n, issuedOn: "2026-01-10", expiresOn: null });
      await refused(() => addCertificate(h.db, trainerA, entry(noA2, "PA-C1")));
      await refused(() => addCertificate(h.db, managerA, entry(noA2, "PA-C1")));
      await refused(() => addCertificate(h.db, adminA, entry(noB, "PA-C1")), "notFound", "certificates.errors.noMember");
      await refused(() => addCertificate(h.db, admin, entry("900001", "PA-C1")), "forbidden", "certificates.errors.own");
      const file = await sheet([
        ["工号", "证书类型", "证书编号", "发证日期"],
        [noA2, "SAFE", "PA-C2", "2026-01-10"],
        [noB, "SAFE", "PA-C3", "2026-01-10"],
      ]);
      await refused(() => importCertificates(h.db, managerA, file));
      const r = await refused(() => importCertificates(h.db, adminA, file), "refused", "certificates.failed");
      expect(r.ok ? [] : r.problems?.map((p) => `${p.row}|${p.column}|${p.code}`)).toEqual(["3|工号|certificates.errors.noMember"]);
      expect((await addCertificate(h.db, adminA, entry(noA2, "PA-C4"))).ok).toBe(true);
    });
  });

  describe("jobs, minimums and target jobs", () => {
    it("jobs and requirements need jobs.write over the whole organisation", async () => {
      const job = first(await h.db.select().from(jobs).where(eq(jobs.code, "J-SAFE")));
      const req = first(await h.db.select().from(jobRequirements).limit(1));
      await refused(() => createJob(h.db, managerA, { code: "PA-J", name: "x", specialty: "safety" }));
      await refused(() => createJob(h.db, adminA, { code: "PA-J", name: "x", specialty: "safety" }));
      await refused(() => setJobActive(h.db, trainerA, job.id, false));
      await refused(() => addRequirement(h.db, adminA, requirementInput.parse({ jobId: job.id, kind: "service", minCount: 12 })));
      await refused(() => deleteRequirement(h.db, managerA, req.id));
    });

    it("a station minimum needs jobs.write over the station", async () => {
      const job = first(await h.db.select().from(jobs).where(eq(jobs.code, "J-SAFE")));
      await refused(() => setStationMinimum(h.db, managerA, { orgUnitId: unit("T09-W2").id, jobId: job.id, minQualified: 3 }));
      await refused(() => setStationMinimum(h.db, adminA, { orgUnitId: unit("T10-W5").id, jobId: job.id, minQualified: 3 }));
      expect((await setStationMinimum(h.db, adminA, { orgUnitId: unit("T09-W2").id, jobId: job.id, minQualified: 3 })).ok).toBe(true);
    });

    it("target jobs are the member's own, or an editor's of the member", async () => {
      const job = first(await h.db.select().from(jobs).where(eq(jobs.code, "J-SAFE")));
      await refused(() => setJobTarget(h.db, workerA, workerB.memberId, job.id, true));
      await refused(() => setJobTarget(h.db, managerA, workerA.memberId, job.id, true));
      await refused(() => setJobTarget(h.db, adminA, workerB.memberId, job.id, true));
      expect((await setJobTarget(h.db, workerB, workerB.memberId, job.id, true)).ok).toBe(true);
    });

    it("a member's jobs and certificates are read by the member or a reader of the member", async () => {
      await refused(() => memberEligibility(h.db, workerA, workerB.memberId));
      await refused(() => memberEligibility(h.db, managerA, workerB.memberId));
      await refused(() => memberEligibility(h.db, trainerA, workerB.memberId));
      expect((await memberEligibility(h.db, managerA, workerA.memberId)).ok).toBe(true);
      expect((await memberEligibility(h.db, workerB, workerB.memberId)).ok).toBe(true);
    });
  });

  describe("roster, coverage, expiring certificates", () => {
    it("a unit outside the reader's roster scope is not found; their own lists only their members", async () => {
      const f = parseRosterFilter({ unit: String(unit("T10").id) });
      if (!f.ok) throw new Error(f.code);
      await refused(() => getRosterView(h.db, managerA, f.value), "notFound", "eligibility.errors.unitNotFound");
      await refused(() => getRosterView(h.db, trainerA, f.value), "notFound");
      await refused(() => coverage(h.db, managerA, { unitId: unit("T10").id }), "notFound");
      await refused(() => listExpiring(h.db, managerA, { unit: unit("T10").id, within: 3650, type: null, expired: true }), "notFound");
      await refused(() => coverage(h.db, workerA, { unitId: null }), "notFound");
      const own = parseRosterFilter({});
      if (!own.ok) throw new Error(own.code);
      const r = await getRosterView(h.db, managerA, own.value, { pageSize: 0 });
      if (!r.ok) throw new Error(r.code);
      expect(r.value.unit.id).toBe(unit("T09").id);
      const team = new Set(
        (await h.db.select({ id: members.id, path: orgUnits.path }).from(members).innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId)))
          .filter((m) => m.path.startsWith(unit("T09").path))
          .map((m) => m.id),
      );
      expect(r.value.rows.length).toBeGreaterThan(0);
      expect(r.value.rows.every((row) => team.has(row.memberId))).toBe(true);
      const exp = await listExpiring(h.db, managerA, { unit: null, within: 3650, type: null, expired: true });
      if (!exp.ok) throw new Error(exp.code);
      expect(exp.value.rows.every((row) => team.has(row.memberId))).toBe(true);
    });
  });

  describe("以需带训", () => {
    it("a trainer reads and assigns the needs of members inside their scope only", async () => {
      await refused(() => unitNeeds(h.db, trainerA, { unitId: unit("T10").id }), "notFound");
      await refused(() => assignNeeds(h.db, trainerA, { unitId: unit("T10").id }), "notFound");
      await refused(() => assignNeeds(h.db, trainerA, { unitId: unit("HJ").id }), "notFound");
      await refused(() => assignNeeds(h.db, managerA, { unitId: unit("T09").id }), "notFound");
      const before = rowsOf<{ m: number }>(
        await h.db.execute(sql`SELECT member_id AS m FROM course_enrolments UNION ALL SELECT member_id FROM class_enrolments`),
      ).length;
      const r = await assignNeeds(h.db, trainerA, { unitId: null });
      expect(r.ok).toBe(true);
      const added = rowsOf<{ m: number; path: string }>(
        await h.db.execute(sql`SELECT e.member_id AS m, u.path FROM (SELECT member_id FROM course_enrolments UNION ALL SELECT member_id FROM class_enrolments) e
          JOIN members m ON m.id = e.member_id JOIN org_units u ON u.id = m.org_unit_id`),
      );
      expect(added.length).toBeGreaterThan(before);
      const newcomers =
        await h.db.execute(sql`SELECT e.member_id FROM course_enrolments e JOIN members m ON m.id = e.member_id JOIN org_units u ON u.id = m.org_unit_id
          WHERE e.assigned_by = ${trainerA.userId} AND u.path NOT LIKE ${`${unit("T09").path}%`}`);
      expect(rowsOf(newcomers)).toEqual([]);
    });
  });

  describe("actions: bad input is a message and changes nothing", () => {
    const as = (p: Principal) => {
      route.user = { ...p, mustChangePassword: false, name: "x", employeeNo: "x", orgPath: "/", jobId: null } as unknown as CurrentUser;
    };

    it("an invalid enum or a NUL byte in the member form names the field", async () => {
      as(admin);
      const before = await snapshot();
      const fields = {
        employeeNo: "PA-NUL",
        name: "有\u0000字",
        orgUnitId: String(unit("T09-W2").id),
        specialty: "drilling",
        jobId: "",
        techTitle: "none",
        hiredOn: "",
        status: "active",
        phone: "",
      };
      const s = await saveMemberAction({ status: "idle" }, form(fields));
      expect(s).toMatchObject({ status: "error", code: "errors.invalidInput" });
      expect(s.fieldErrors).toMatchObject({ name: "内容中含有无法保存的字符。" });
      // A specialty not in the admin's list is refused by the save, naming it.
      const unknown = await saveMemberAction({ status: "idle" }, form({ ...fields, name: "好" }));
      expect(unknown).toMatchObject({ status: "error", code: "specialtyAdmin.errors.unknown", message: "专业“drilling”不在专业列表中，请从列表中选择。" });
      const big = await saveMemberAction({ status: "idle" }, form({ ...fields, name: "好", specialty: "boiler", id: "2147483648" }));
      expect(big).toMatchObject({ status: "error", code: "errors.invalidInput" });
      expect(await snapshot()).toEqual(before);
    });

    it("an invalid enum or an id beyond 32 bits in a button's form goes back with a message", async () => {
      as(admin);
      const before = await snapshot();
      expect(await redirectOf(() => setUnitActiveAction(form({ id: String(unit("T09-W9").id), active: "maybe" })))).toBe(
        "/system/org?error=errors.invalidInput",
      );
      expect(await redirectOf(() => setUnitActiveAction(form({ id: "2147483648", active: "false" })))).toBe("/system/org?error=errors.invalidInput");
      expect(await snapshot()).toEqual(before);
    });

    it("a target job on someone else's profile is refused and changes nothing", async () => {
      const job = first(await h.db.select().from(jobs).where(eq(jobs.code, "J-SAFE")));
      as(workerA);
      const before = await snapshot();
      const url = await redirectOf(() => toggleTargetAction(form({ memberId: String(workerB.memberId), jobId: String(job.id), on: "true" })));
      expect(url).toBe(`/members/${workerB.memberId}?error=errors.forbidden`);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("the audit log", () => {
    it("only an administrator of the whole organisation reads it", async () => {
      for (const p of [adminA, trainerA, managerA, workerA]) await refused(() => listAudit(h.db, p, auditFilter.parse({})));
      const r = await listAudit(h.db, admin, auditFilter.parse({}));
      expect(r.ok && r.value.total).toBeGreaterThan(0);
    });
  });
});
