import ExcelJS from "exceljs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { auditLog, jobs, members, orgUnits, userRoles, users } from "@/db/schema";
import { seedDemo, DEMO_PASSWORD } from "@/scripts/demo";
import { verifySignIn } from "@/lib/auth/accounts";
import { listSpecialties } from "@/lib/org/specialties";
import { buildTemplate, importMembers, type ImportResult, type Problem } from "@/lib/members/import";
import type { Principal } from "@/lib/auth/permissions";
import { drivers, createTestDb } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first, lookup } from "../helpers/rows";
import { csvOf, HEADERS, PDF, PNG, XLS, noise, xlsxOf, type Cell } from "../fixtures/import/build";

describe.each(drivers())("member import on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let unit: (code: string) => number;
  let job: (code: string) => number;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db);
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    // Two active stations with one name, and a closed one: for the unit look-up cases.
    const t09 = first(await h.db.select().from(orgUnits).where(eq(orgUnits.code, "T09")));
    await h.db.insert(orgUnits).values([
      { code: "X-DUP1", name: "重名站", kind: "station", parentId: t09.id, path: t09.path },
      { code: "X-DUP2", name: "重名站", kind: "station", parentId: t09.id, path: t09.path },
      { code: "X-OFF", name: "已撤销站", kind: "station", parentId: t09.id, path: t09.path, active: false },
    ]);
    unit = lookup(
      (await h.db.select().from(orgUnits)).map((u) => [u.code, u.id] as const),
      "unit",
    );
    job = lookup(
      (await h.db.select().from(jobs)).map((j) => [j.code, j.id] as const),
      "job",
    );
  });
  afterAll(async () => h?.close());

  const run = (file: Uint8Array, opts: { initialPassword?: string | null } = {}, name = "职工.xlsx") => importMembers(h.db, admin, file, name, opts);

  const memberByNo = async (no: string) => (await h.db.select().from(members).where(eq(members.employeeNo, no)))[0];
  /** A member the test knows is there. */
  const theMember = async (no: string) => first(await h.db.select().from(members).where(eq(members.employeeNo, no)), `member ${no}`);

  /** What an import must not touch when it fails: counts, one member in full, the newest audit row. */
  const snapshot = async () => {
    const c = first(
      rowsOf<{ members: number; users: number; roles: number; audits: number }>(
        await h.db.execute(sql`SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM users) AS users,
        (SELECT count(*)::int FROM user_roles) AS roles, (SELECT count(*)::int FROM audit_log) AS audits`),
      ),
    );
    return { ...c, sample: await memberByNo("100001"), sample2: await memberByNo("100002") };
  };

  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeEach(async () => {
    before = await snapshot();
  });

  /** The import failed with exactly these problems, and nothing was written. */
  async function expectRejected(result: ImportResult, problems: Problem[]) {
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("import.failed");
    expect(result.problems).toEqual(problems);
    expect(result.params?.count).toBe(problems.length);
    expect(await snapshot()).toEqual(before);
  }

  /** A good row for a new member; override cells by header. */
  const row = (no: string, over: Partial<Record<string, Cell>> = {}): Cell[] => {
    const base: Record<string, Cell> = {
      工号: no,
      姓名: `新职工${no}`,
      单位: "韦2中转站",
      专业: "集输",
      岗位: "集输工",
      技术等级: "中级工",
      党员: "否",
      入职日期: "2021-03-15",
      状态: "在岗",
      电话: "13900000000",
      ...over,
    };
    return HEADERS.map(lookup(Object.entries(base), "column"));
  };

  describe("refuses a bad file and writes nothing", () => {
    it("missing required columns", async () => {
      const file = await xlsxOf([
        ["工号", "姓名", "岗位"],
        ["700001", "张三", "集输工"],
      ]);
      await expectRejected(await run(file), [{ row: null, column: null, code: "import.errors.missingColumns", params: { columns: "单位、专业" } }]);
    });

    it("unknown columns", async () => {
      const file = await xlsxOf([
        [...HEADERS, "备注"],
        [...row("700001"), "新来的"],
      ]);
      await expectRejected(await run(file), [{ row: null, column: null, code: "import.errors.unknownColumns", params: { columns: "备注" } }]);
    });

    it("an .xlsx laid out differently: a title row above the headers", async () => {
      const file = await xlsxOf([["黄珏作业区职工花名册"], HEADERS, row("700001")]);
      await expectRejected(await run(file), [{ row: 1, column: null, code: "import.errors.noHeader", params: { columns: "工号、姓名、单位、专业" } }]);
    });

    it("an .xlsx with the members across instead of down", async () => {
      const file = await xlsxOf(HEADERS.map((hd, i) => [hd, row("700001")[i]!]));
      const r = await run(file);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems?.[0]).toEqual({ row: null, column: null, code: "import.errors.missingColumns", params: { columns: "姓名、单位、专业" } });
      expect(await snapshot()).toEqual(before);
    });

    it("the same employee number twice, even written differently", async () => {
      const file = await xlsxOf([HEADERS, row("700001"), row("700002"), row("７０００01 ")]);
      await expectRejected(await run(file), [{ row: 4, column: "工号", code: "import.errors.duplicateEmployeeNo", params: { value: "700001", other: 2 } }]);
    });

    it("an unknown or closed org unit", async () => {
      const file = await xlsxOf([HEADERS, row("700001", { 单位: "韦99站" }), row("700002", { 单位: "已撤销站" }), row("700003", { 单位: "X-OFF" })]);
      await expectRejected(await run(file), [
        { row: 2, column: "单位", code: "import.errors.unknownUnit", params: { value: "韦99站" } },
        { row: 3, column: "单位", code: "import.errors.unknownUnit", params: { value: "已撤销站" } },
        { row: 4, column: "单位", code: "import.errors.unknownUnit", params: { value: "X-OFF" } },
      ]);
    });

    it("a unit name two units share", async () => {
      const file = await xlsxOf([HEADERS, row("700001", { 单位: "重名站" })]);
      await expectRejected(await run(file), [{ row: 2, column: "单位", code: "import.errors.ambiguousUnit", params: { value: "重名站" } }]);
    });

    it("a bad date", async () => {
      const file = await xlsxOf([HEADERS, row("700001", { 入职日期: "2023-02-30" }), row("700002", { 入职日期: "去年七月" })]);
      await expectRejected(await run(file), [
        { row: 2, column: "入职日期", code: "import.errors.badDate", params: { value: "2023-02-30" } },
        { row: 3, column: "入职日期", code: "import.errors.badDate", params: { value: "去年七月" } },
      ]);
    });

    it("a bad yes/no", async () => {
      const file = await xlsxOf([HEADERS, row("700001", { 党员: "预备" })]);
      await expectRejected(await run(file), [{ row: 2, column: "党员", code: "import.errors.badBoolean", params: { value: "预备" } }]);
    });

    it("a bad specialty", async () => {
      const file = await xlsxOf([HEADERS, row("700001", { 专业: "钻井" })]);
      await expectRejected(await run(file), [{ row: 2, column: "专业", code: "import.errors.unknownSpecialty", params: { value: "钻井" } }]);
    });

    it("a required cell left empty", async () => {
      const file = await xlsxOf([HEADERS, row("700001", { 姓名: "  " }), row("", { 专业: null })]);
      await expectRejected(await run(file), [
        { row: 2, column: "姓名", code: "import.errors.required" },
        { row: 3, column: "工号", code: "import.errors.required" },
        { row: 3, column: "专业", code: "import.errors.required" },
      ]);
    });

    it("every other kind of bad cell, all reported at once, and good rows are not written either", async () => {
      const file = await xlsxOf([
        HEADERS,
        row("700001"),
        row("工号1", { 姓名: "长".repeat(51) }),
        row("700003", { 岗位: "钻工", 技术等级: "大师", 状态: "借调", 电话: "1".repeat(31) }),
        row("100001", { 姓名: "改名了" }),
      ]);
      await expectRejected(await run(file), [
        { row: 3, column: "工号", code: "import.errors.badEmployeeNo", params: { value: "工号1" } },
        { row: 3, column: "姓名", code: "import.errors.tooLong", params: { max: 50 } },
        { row: 4, column: "岗位", code: "import.errors.unknownJob", params: { value: "钻工" } },
        { row: 4, column: "技术等级", code: "import.errors.unknownTechTitle", params: { value: "大师" } },
        { row: 4, column: "状态", code: "import.errors.unknownStatus", params: { value: "借调" } },
        { row: 4, column: "电话", code: "import.errors.tooLong", params: { max: 30 } },
      ]);
      expect(await memberByNo("700001")).toBeUndefined();
    });

    it("columns as written in the file name the problems, English headers too", async () => {
      const file = csvOf([
        ["Employee No.", "name", "UNIT", "Specialty"],
        ["700001", "Zhang San", "Nowhere", "Drilling"],
      ]);
      await expectRejected(await run(file, {}, "members.csv"), [
        { row: 2, column: "UNIT", code: "import.errors.unknownUnit", params: { value: "Nowhere" } },
        { row: 2, column: "Specialty", code: "import.errors.unknownSpecialty", params: { value: "Drilling" } },
      ]);
    });

    it("hundreds of bad rows: the first 500 problems and how many more", async () => {
      const rows = Array.from({ length: 650 }, (_, i) => row(String(710000 + i), { 专业: "钻井" }));
      const r = await run(await xlsxOf([HEADERS, ...rows]));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.params?.count).toBe(650);
      expect(r.problems).toHaveLength(501);
      expect(r.problems?.[499]).toEqual({ row: 501, column: "专业", code: "import.errors.unknownSpecialty", params: { value: "钻井" } });
      expect(r.problems?.[500]).toEqual({ row: null, column: null, code: "import.errors.moreProblems", params: { count: 150 } });
      expect(await snapshot()).toEqual(before);
    });

    it("an empty file, and one with only a header", async () => {
      await expectRejected(await run(new Uint8Array(0), {}, "空.csv"), [{ row: null, column: null, code: "import.errors.empty" }]);
      await expectRejected(await run(csvOf([HEADERS]), {}, "表头.csv"), [{ row: null, column: null, code: "import.errors.noRows" }]);
    });

    it("a file over 20 MB", async () => {
      const big = new Uint8Array(20 * 1024 * 1024 + 1024 * 1024);
      await expectRejected(await run(big), [{ row: null, column: null, code: "import.errors.tooLarge", params: { size: "21.0 MB", limit: "20.0 MB" } }]);
    });

    it.each([
      ["a PNG named .xlsx", PNG, "照片.xlsx"],
      ["a PDF named .csv", PDF, "名单.csv"],
      ["random bytes", noise(10_000), "data.xlsx"],
    ])("%s is not a spreadsheet", async (_, bytes, name) => {
      await expectRejected(await run(bytes, {}, name), [{ row: null, column: null, code: "import.errors.notSpreadsheet" }]);
    });

    it("an old .xls", async () => {
      await expectRejected(await run(XLS, {}, "名单.xls"), [{ row: null, column: null, code: "import.errors.oldExcel" }]);
    });

    it("a weak initial password, even when the file is fine", async () => {
      const file = await xlsxOf([HEADERS, row("700001")]);
      await expectRejected(await run(file, { initialPassword: "12345678" }), [
        { row: null, column: null, code: "import.errors.weakPassword", params: { reason: "auth.password.tooWeak" } },
      ]);
    });
  });

  describe("imports a good file", () => {
    it("creates members from an .xlsx, every field read", async () => {
      const file = await xlsxOf([
        HEADERS,
        ["700101", "欧阳·娜娜（大）", "韦2中转站", "集输", "集输工", "高级技师", "是", new Date(Date.UTC(2008, 8, 1)), "休假", "0931-8888888"],
        [700102, "  李 四  ", "t08-w4", "oil_production", "J-OIL", null, null, 39448, "退休", 13912345678],
        ["700103", "王五", "韦6站", "Boiler", null, "Technician", "Y", "2015/3/9", null, null],
      ]);
      const r = await run(file);
      expect(r).toEqual({ ok: true, value: { created: 3, updated: 0, accounts: 0 } });
      expect((await snapshot()).members).toBe(before.members + 3);
      const pick = ({ name, orgUnitId, specialty, jobId, techTitle, partyMember, hiredOn, status, phone }: typeof members.$inferSelect) => ({
        name,
        orgUnitId,
        specialty,
        jobId,
        techTitle,
        partyMember,
        hiredOn,
        status,
        phone,
      });
      expect(pick(await theMember("700101"))).toEqual({
        name: "欧阳·娜娜（大）",
        orgUnitId: unit("T09-W2"),
        specialty: "gathering",
        jobId: job("J-GATH"),
        techTitle: "senior_technician",
        partyMember: true,
        hiredOn: "2008-09-01",
        status: "leave",
        phone: "0931-8888888",
      });
      expect(pick(await theMember("700102"))).toEqual({
        name: "李 四",
        orgUnitId: unit("T08-W4"),
        specialty: "oil_production",
        jobId: job("J-OIL"),
        techTitle: "none",
        partyMember: false,
        hiredOn: "2008-01-01",
        status: "retired",
        phone: "13912345678",
      });
      expect(pick(await theMember("700103"))).toEqual({
        name: "王五",
        orgUnitId: unit("T08-W6"),
        specialty: "boiler",
        jobId: null,
        techTitle: "technician",
        partyMember: true,
        hiredOn: "2015-03-09",
        status: "active",
        phone: null,
      });
      expect((await snapshot()).users).toBe(before.users);
      const entry = first(await h.db.select().from(auditLog).where(eq(auditLog.action, "member.import")).orderBy(sql`${auditLog.id} DESC`).limit(1));
      expect(entry.actorUserId).toBe(admin.userId);
      expect(entry.after).toMatchObject({ fileName: "职工.xlsx", rows: 3, created: 3, updated: 0, accounts: 0 });
    });

    it("updates by employee number on re-import instead of duplicating", async () => {
      const first = await run(await xlsxOf([HEADERS, row("700201"), row("700202")]));
      expect(first).toEqual({ ok: true, value: { created: 2, updated: 0, accounts: 0 } });
      const count = (await snapshot()).members;
      const original = await theMember("700201");
      const second = await run(
        await xlsxOf([HEADERS, row("700201", { 姓名: "改名", 单位: "T10-W5", 技术等级: "技师", 状态: "离职" }), row("700202"), row("700203")]),
      );
      expect(second).toEqual({ ok: true, value: { created: 1, updated: 2, accounts: 0 } });
      expect((await snapshot()).members).toBe(count + 1);
      const changed = await theMember("700201");
      expect(changed).toMatchObject({
        id: original.id,
        name: "改名",
        orgUnitId: unit("T10-W5"),
        techTitle: "technician",
        status: "left",
        createdAt: original.createdAt,
      });
      expect(changed.updatedAt.getTime()).toBeGreaterThanOrEqual(original.updatedAt.getTime());
    });

    it("keeps the existing values of columns left out of the file, and uses defaults for new members", async () => {
      const old = await theMember("100003");
      expect(old.jobId).not.toBeNull();
      const file = await xlsxOf([
        ["姓名", "工号", "专业", "单位"],
        ["新名字", "100003", "安全", "韦5计量站"],
        ["只填必填", "700301", "仪表", "T11-M8"],
      ]);
      expect(await run(file)).toEqual({ ok: true, value: { created: 1, updated: 1, accounts: 0 } });
      const now = await memberByNo("100003");
      expect(now).toMatchObject({
        name: "新名字",
        specialty: "safety",
        orgUnitId: unit("T10-W5"),
        jobId: old.jobId,
        techTitle: old.techTitle,
        partyMember: old.partyMember,
        hiredOn: old.hiredOn,
        status: old.status,
        phone: old.phone,
      });
      expect(await memberByNo("700301")).toMatchObject({
        name: "只填必填",
        specialty: "instrument",
        orgUnitId: unit("T11-M8"),
        jobId: null,
        techTitle: "none",
        partyMember: false,
        hiredOn: null,
        status: "active",
        phone: null,
      });
    });

    it("opens accounts with the initial password for members without one, who must change it", async () => {
      const file = await xlsxOf([HEADERS, row("700401"), row("700402"), row("100004"), row("900004", { 姓名: "林晓雨" })]);
      const r = await run(file, { initialPassword: "Start2026" });
      // 900004 already has an account: it is neither touched nor counted.
      expect(r).toEqual({ ok: true, value: { created: 2, updated: 2, accounts: 3 } });
      const created = await h.db
        .select({ no: members.employeeNo, userId: users.id, must: users.mustChangePassword, hash: users.passwordHash })
        .from(users)
        .innerJoin(members, eq(members.id, users.memberId))
        .where(inArray(members.employeeNo, ["700401", "700402", "100004"]));
      expect(created).toHaveLength(3);
      expect(created.every((u) => u.must)).toBe(true);
      expect(new Set(created.map((u) => u.hash)).size).toBe(1); // hashed once for the import
      const roles = await h.db
        .select()
        .from(userRoles)
        .where(
          inArray(
            userRoles.userId,
            created.map((u) => u.userId),
          ),
        );
      expect(roles.map((g) => [g.role, g.scopeOrgUnitId])).toEqual([
        ["worker", null],
        ["worker", null],
        ["worker", null],
      ]);

      const signIn = (employeeNo: string, password: string) => verifySignIn(h.db, { employeeNo, password, address: "10.0.0.9" });
      expect(await signIn("700401", "Start2026")).toMatchObject({ ok: true });
      expect(await signIn("100004", "Start2026")).toMatchObject({ ok: true });
      expect(await signIn("700402", "Start2027")).toEqual({ ok: false, reason: "invalid" });
      expect(await signIn("900004", "Start2026")).toEqual({ ok: false, reason: "invalid" });
      expect(await signIn("900004", DEMO_PASSWORD)).toMatchObject({ ok: true });
      const demo = first(
        await h.db
          .select({ must: users.mustChangePassword })
          .from(users)
          .innerJoin(members, eq(members.id, users.memberId))
          .where(eq(members.employeeNo, "900004")),
      );
      expect(demo.must).toBe(false);
    });

    it("no accounts without an initial password", async () => {
      expect(await run(await xlsxOf([HEADERS, row("700501")]), { initialPassword: "" })).toEqual({ ok: true, value: { created: 1, updated: 0, accounts: 0 } });
      expect((await snapshot()).users).toBe(before.users);
    });

    it("a GBK CSV from Excel on a Chinese Windows, Chinese text intact", async () => {
      const file = csvOf(
        [
          HEADERS,
          ["700601", "司马·光明", "韦2锅炉房", "锅炉", "锅炉工", "初级工", "是", "2019/10/8", "在岗", ""],
          ["700602", "欧阳娜娜（二）", "马18站", "采油", "", "", "否", "2019.1.2", "", ""],
        ],
        "gbk",
      );
      expect(await run(file, {}, "职工.csv")).toEqual({ ok: true, value: { created: 2, updated: 0, accounts: 0 } });
      expect(await memberByNo("700601")).toMatchObject({
        name: "司马·光明",
        orgUnitId: unit("T09-W2B"),
        specialty: "boiler",
        jobId: job("J-BOIL"),
        techTitle: "junior",
        partyMember: true,
        hiredOn: "2019-10-08",
      });
      expect(await memberByNo("700602")).toMatchObject({ name: "欧阳娜娜（二）", orgUnitId: unit("T11-M18"), hiredOn: "2019-01-02" });
    });

    it("a UTF-8 CSV with a BOM", async () => {
      const file = csvOf(
        [HEADERS, row("700701", { 姓名: "诸葛“亮”" })].map((r) => r.map((c) => String(c ?? ""))),
        "utf8bom",
      );
      expect(await run(file, {}, "职工.csv")).toEqual({ ok: true, value: { created: 1, updated: 0, accounts: 0 } });
      expect((await theMember("700701")).name).toBe("诸葛“亮”");
    });

    it("its own template: the example row unchanged is skipped; filled in under another number, it is valid", async () => {
      const r = await run(await buildTemplate(await listSpecialties(h.db)), {}, "职工导入模板.xlsx");
      expect(r.ok ? "written" : r.code).toBe("importPreview.nothing");
      expect(await memberByNo("800001")).toBeUndefined();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(await buildTemplate(await listSpecialties(h.db))).buffer as ArrayBuffer);
      const ws = wb.getWorksheet("职工")!;
      ws.getCell("A2").value = "800002";
      ws.getCell("B2").value = "王大明";
      const filled = Buffer.from(await wb.xlsx.writeBuffer());
      expect(await run(filled, {}, "职工导入模板.xlsx")).toEqual({ ok: true, value: { created: 1, updated: 0, accounts: 0 } });
      expect(await memberByNo("800002")).toMatchObject({
        orgUnitId: unit("T09-W2"),
        specialty: "gathering",
        jobId: job("J-GATH"),
        hiredOn: "2020-07-01",
        status: "active",
      });
      // And again: the same member is updated, not duplicated.
      expect(await run(filled)).toEqual({ ok: true, value: { created: 0, updated: 1, accounts: 0 } });
    });

    it("thousands of rows in chunks, counting created and updated across them", async () => {
      // 100001–100300 exist from the seed; the rest are new.
      const rows = Array.from({ length: 2600 }, (_, i) => row(String(100001 + i), { 姓名: `批量${i}`, 单位: ["T09-W2", "T10-W811", "马五中转站"][i % 3] }));
      const existingAccounts = (
        await h.db
          .select({ id: users.id })
          .from(users)
          .innerJoin(members, eq(members.id, users.memberId))
          .where(and(sql`${members.employeeNo} BETWEEN '100001' AND '102600'`))
      ).length;
      const r = await run(csvOf([HEADERS, ...rows].map((x) => x.map((c) => String(c ?? "")))), { initialPassword: "Batch2026x" }, "big.csv");
      expect(r).toEqual({ ok: true, value: { created: 2300, updated: 300, accounts: 2600 - existingAccounts } });
      expect((await snapshot()).members).toBe(before.members + 2300);
      expect((await theMember("102600")).name).toBe("批量2599");
      const { n } = first(
        rowsOf<{ n: number }>(
          await h.db.execute(
            sql`SELECT count(DISTINCT password_hash)::int AS n FROM users u JOIN members m ON m.id = u.member_id WHERE m.employee_no BETWEEN '100301' AND '102600'`,
          ),
        ),
      );
      expect(n).toBe(1);
    });
  });
});
