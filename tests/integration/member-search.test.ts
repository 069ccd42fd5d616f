import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/client";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { importMembers } from "@/lib/members/import";
import { memberFilter, memberInput } from "@/lib/members/input";
import { createMember, searchMembers, updateMember } from "@/lib/members/members";
import { fillMissingSearchWords } from "@/lib/members/search-words";
import { searchWords } from "@/lib/core/search-words";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import { HEADERS, xlsxOf } from "../fixtures/import/build";

/**
 * Issue 18: the member search matches anywhere in the name and the employee number, by the
 * station's or team's name, and by pinyin (full or initials), inside the reader's scope; the
 * pinyin column is filled on create, update, import and, for rows written otherwise, at start-up.
 */
describe.each(drivers())("member search on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let t09Manager: Principal;
  const find = async (who: Principal, q: string) => (await searchMembers(h.db, who, memberFilter.parse({ q, pageSize: "200" }))).rows;
  const names = async (who: Principal, q: string) => (await find(who, q)).map((r) => r.name);

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 60 });
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    t09Manager = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
  });
  afterAll(async () => h?.close());

  it("writes every suffix of the name, the number and the pinyin as a word; surnames read as surnames", () => {
    expect(searchWords("900004", "林晓雨")).toBe(" 林晓雨 晓雨 雨 900004 00004 0004 004 04 4 linxiaoyu xiaoyu yu lxy xy y");
    expect(searchWords("A-1", "单田芳")).toContain(" shantianfang tianfang fang stf ");
    expect(searchWords("1", "吕布")).toContain(" lvbu bu lb b");
  });

  it("finds 林晓雨 by her given name, the end of her number, pinyin and initials, in any case", async () => {
    for (const q of ["晓雨", "0004", "lxy", "LXY", "linxiaoyu", "xiaoyu", "lin xiao yu"]) expect(await names(admin, q), q).toContain("林晓雨");
    // The number search is anywhere, not only at the end: 00000 is in every demo number.
    expect((await find(admin, "0004")).every((r) => r.employeeNo.includes("0004"))).toBe(true);
    // Not everyone: the initials find only names with those initials, a wildcard is literal.
    const byInitials = await find(admin, "lxy");
    expect(byInitials.length).toBeLessThan(10);
    expect((await find(admin, "%")).length).toBe(0);
    expect((await find(admin, "_")).length).toBe(0);
  });

  it("finds the members of a station or team by its name, inside the scope only", async () => {
    const station = await find(admin, "韦2中转站");
    expect(station.length).toBeGreaterThan(1);
    expect(station.every((r) => r.unitName === "韦2中转站")).toBe(true);
    const team = await find(admin, "采油十队");
    expect(team.length).toBeGreaterThan(3);
    const t10 = first(rowsOf<{ path: string }>(await h.db.execute(sql`SELECT path FROM org_units WHERE code = 'T10'`)));
    expect(team.every((r) => r.orgPath.startsWith(t10.path))).toBe(true);
    // The manager of 采油九队 finds nobody of 采油十队, by its name or by a member's name or pinyin.
    expect(await find(t09Manager, "采油十队")).toEqual([]);
    const someone10 = first(team.filter((r) => r.employeeNo !== "900002"));
    expect(await find(t09Manager, someone10.name)).toEqual([]);
    const pinyin10 = searchWords("", someone10.name)
      .split(" ")
      .find((w) => /^[a-z]{4,}$/.test(w))!;
    expect((await find(admin, pinyin10)).some((r) => r.orgPath.startsWith(t10.path))).toBe(true);
    expect((await find(t09Manager, pinyin10)).filter((r) => r.orgPath.startsWith(t10.path))).toEqual([]);
    expect(await names(t09Manager, "lxy")).toContain("林晓雨");
  });

  it("keeps the pinyin up to date on create, update and import, and fills what SQL wrote at start-up", async () => {
    const unit = first(rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE code = 'T09-W2'`)));
    const input = memberInput.parse({
      employeeNo: "770001",
      name: "欧阳娜娜",
      orgUnitId: String(unit.id),
      specialty: "boiler",
      techTitle: "none",
      status: "active",
    });
    const created = await createMember(h.db, admin, input);
    if (!created.ok) throw new Error(created.code);
    expect(await names(admin, "oynn")).toEqual(["欧阳娜娜"]);
    expect((await updateMember(h.db, admin, created.value.id, { ...input, name: "司马光" })).ok).toBe(true);
    expect(await names(admin, "oynn")).toEqual([]);
    expect(await names(admin, "simaguang")).toEqual(["司马光"]);

    const file = await xlsxOf([HEADERS, ["770002", "诸葛亮", "韦2中转站", "集输", "集输工", "中级工", "否", "2021-03-15", "在岗", ""]]);
    const imported = await importMembers(h.db, admin, file, "职工.xlsx");
    expect(imported.ok).toBe(true);
    expect(await names(admin, "zgl")).toEqual(["诸葛亮"]);

    await h.db.execute(sql`INSERT INTO members (employee_no, name, org_unit_id, specialty) VALUES ('770003', '上官婉儿', ${unit.id}, 'boiler')`);
    expect(await names(admin, "sgwe")).toEqual([]);
    expect(await fillMissingSearchWords(h.db)).toBe(1);
    expect(await names(admin, "sgwe")).toEqual(["上官婉儿"]);
    expect(await fillMissingSearchWords(h.db)).toBe(0);
  });

  it("runs on a trigram index (pg_trgm) on both drivers, also for two characters", async () => {
    const idx = rowsOf<{ indexname: string }>(
      await h.db.execute(sql`SELECT indexname FROM pg_indexes WHERE tablename = 'members' AND indexdef LIKE '%gin_trgm_ops%' ORDER BY 1`),
    );
    expect(idx.map((i) => i.indexname)).toEqual(["members_search_words_trgm_idx"]);
    // The planner may read a small table whole; with sequential scans off it must be able to use the index.
    await h.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const plan = rowsOf<Record<string, string>>(await tx.execute(sql`EXPLAIN SELECT id FROM members WHERE search_words LIKE '% 晓雨%'`));
      expect(plan.map((r) => Object.values(r)[0]).join("\n")).toContain("members_search_words_trgm_idx");
    });
  });
});
