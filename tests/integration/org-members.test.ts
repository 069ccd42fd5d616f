import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { auditLog, members, orgUnits } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { memberFilter, memberInput } from "@/lib/members/input";
import { createMember, searchMembers, updateMember } from "@/lib/members/members";
import { createUnit, listOrgTree, moveUnit, renameUnit, setUnitActive } from "@/lib/org/units";
import type { Principal } from "@/lib/auth/permissions";
import { drivers, createTestDb } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

describe.each(drivers())("org tree and members on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let t09Manager: Principal;
  const unit = async (code: string) => first(await h.db.select().from(orgUnits).where(eq(orgUnits.code, code)), `unit ${code}`);

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db);
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    t09Manager = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
  });
  afterAll(async () => h?.close());

  it("lists the tree in order with member counts per subtree", async () => {
    const tree = await listOrgTree(h.db, { all: true });
    expect(tree[0]).toMatchObject({ kind: "area", depth: 0, memberCount: 304 });
    const t09 = tree.find((u) => u.code === "T09")!;
    const stations = tree.filter((u) => u.parentId === t09.id);
    expect(stations.map((s) => s.depth)).toEqual([2, 2, 2]);
    expect(t09.memberCount).toBe(stations.reduce((a, s) => a + s.memberCount, 0) + 1); // the captain sits at the team
    const scoped = await listOrgTree(h.db, { all: false, paths: [t09.path] });
    expect(scoped.map((u) => u.code).sort()).toEqual(["T09", "T09-W2", "T09-W2B", "T09-W9"]);
  });

  it("creates a station only under a team, with a unique code", async () => {
    const t10 = await unit("T10");
    const area = await unit("HJ");
    expect(await createUnit(h.db, admin, { name: "新站", code: "T10-NEW", kind: "station", parentId: area.id })).toMatchObject({
      ok: false,
      code: "org.errors.badParent",
    });
    expect(await createUnit(h.db, admin, { name: "新站", code: "T10-W5", kind: "station", parentId: t10.id })).toMatchObject({
      ok: false,
      code: "org.errors.codeTaken",
    });
    const made = await createUnit(h.db, admin, { name: "新站", code: "T10-NEW", kind: "station", parentId: t10.id });
    expect(made.ok && made.value.path).toBe(`${t10.path}${made.ok ? made.value.id : 0}/`);
  });

  it("moves a station with its path, refuses cycles and wrong kinds, and writes the audit log", async () => {
    const st = await unit("T10-NEW");
    const t11 = await unit("T11");
    expect(await moveUnit(h.db, admin, (await unit("T10")).id, st.id)).toMatchObject({ ok: false, code: "org.errors.cycle" });
    expect(await moveUnit(h.db, admin, st.id, (await unit("HJ")).id)).toMatchObject({ ok: false, code: "org.errors.badParent" });
    expect((await moveUnit(h.db, admin, st.id, t11.id)).ok).toBe(true);
    const moved = await unit("T10-NEW");
    expect(moved.path).toBe(`${t11.path}${st.id}/`);
    expect(moved.parentId).toBe(t11.id);
    const logged = await h.db.select().from(auditLog).where(eq(auditLog.action, "org.move"));
    expect(logged).toHaveLength(1);
  });

  it("moves a team and every station below it", async () => {
    const t08 = await unit("T08");
    const area2 = await createUnit(h.db, admin, { name: "第二作业区", code: "HJ2", kind: "area", parentId: null });
    if (!area2.ok) throw new Error("area");
    expect((await moveUnit(h.db, admin, t08.id, area2.value.id)).ok).toBe(true);
    const bad = rowsOf<{ n: number }>(
      await h.db.execute(sql`SELECT count(*)::int AS n FROM org_units c JOIN org_units p ON p.id = c.parent_id WHERE c.path <> p.path || c.id || '/'`),
    );
    expect(first(bad).n).toBe(0);
    expect((await unit("T08-W4")).path.startsWith(area2.value.path)).toBe(true);
  });

  it("refuses to deactivate a unit with active members, and deactivates an empty one", async () => {
    expect(await setUnitActive(h.db, admin, (await unit("T09-W2")).id, false)).toMatchObject({ ok: false, code: "org.errors.hasActiveMembers" });
    expect((await setUnitActive(h.db, admin, (await unit("T10-NEW")).id, false)).ok).toBe(true);
    expect((await unit("T10-NEW")).active).toBe(false);
    expect(await renameUnit(h.db, admin, (await unit("T10-NEW")).id, "  ")).toMatchObject({ ok: false });
  });

  it("searches members by name, number, unit, specialty and status inside the scope, page by page", async () => {
    const all = await searchMembers(h.db, admin, memberFilter.parse({}));
    expect(all.total).toBe(304);
    expect(all.rows).toHaveLength(50);
    expect(all.pages).toBe(7);
    const last = await searchMembers(h.db, admin, memberFilter.parse({ page: "99" }));
    expect(last.page).toBe(7);
    expect(last.rows).toHaveLength(304 - 6 * 50);

    const t09 = await unit("T09");
    const scoped = await searchMembers(h.db, t09Manager, memberFilter.parse({ pageSize: "200" }));
    expect(scoped.total).toBeGreaterThan(0);
    expect(scoped.rows.every((r) => r.orgPath.startsWith(t09.path))).toBe(true);
    // A filter on a unit outside the scope finds nothing rather than leaking it.
    const outside = await searchMembers(h.db, t09Manager, memberFilter.parse({ unit: String((await unit("T10")).id) }));
    expect(outside.total).toBe(0);

    const byNo = await searchMembers(h.db, admin, memberFilter.parse({ q: "900004" }));
    expect(byNo.rows.map((r) => r.name)).toEqual(["林晓雨"]);
    const byName = await searchMembers(h.db, admin, memberFilter.parse({ q: "林晓" }));
    expect(byName.rows.some((r) => r.employeeNo === "900004")).toBe(true);
    const boilers = await searchMembers(h.db, admin, memberFilter.parse({ specialty: "boiler", pageSize: "200" }));
    expect(boilers.rows.every((r) => r.specialty === "boiler")).toBe(true);
    // LIKE wildcards in the query are taken literally.
    expect((await searchMembers(h.db, admin, memberFilter.parse({ q: "%" }))).total).toBe(0);
    // A NUL byte in the search box is dropped (PostgreSQL refuses it in text: a 500 before), and an
    // id above 2^31−1 in the unit filter is no filter rather than an integer overflow.
    const nul = await searchMembers(h.db, admin, memberFilter.parse({ q: "900004\u0000" }));
    expect(nul.rows.map((r) => r.name)).toEqual(["林晓雨"]);
    expect(memberFilter.parse({ q: "\u0000" }).q).toBeFalsy();
    const huge = memberFilter.parse({ unit: "2147483648", job: "99999999999" });
    expect(huge).toMatchObject({ unit: undefined, job: undefined });
    expect((await searchMembers(h.db, admin, huge)).total).toBe(304);
    // Nonsense filter values are dropped, not errors.
    expect(memberFilter.parse({ unit: "abc", specialty: "x", page: "-3" })).toMatchObject({ unit: undefined, specialty: undefined, page: 1 });
  });

  it("creates and edits a member, refusing a taken employee number and changing nothing then", async () => {
    const w2 = await unit("T09-W2");
    const input = memberInput.parse({
      employeeNo: " hj-777 ",
      name: "测试员",
      orgUnitId: String(w2.id),
      specialty: "boiler",
      jobId: "",
      techTitle: "senior",
      partyMember: "on",
      hiredOn: "2020-02-29",
      status: "active",
      phone: "",
    });
    expect(input.employeeNo).toBe("HJ-777");
    const made = await createMember(h.db, admin, input);
    expect(made.ok).toBe(true);
    expect(await createMember(h.db, admin, input)).toMatchObject({ ok: false, code: "members.errors.employeeNoTaken", params: { employeeNo: "HJ-777" } });
    const id = made.ok ? made.value.id : 0;
    expect(await updateMember(h.db, admin, id, { ...input, employeeNo: "900001" })).toMatchObject({ ok: false, code: "members.errors.employeeNoTaken" });
    const unchanged = first(await h.db.select().from(members).where(eq(members.id, id)));
    expect(unchanged.employeeNo).toBe("HJ-777");
    expect((await updateMember(h.db, admin, id, { ...input, phone: "13800000000", techTitle: "technician" })).ok).toBe(true);
    const [changed] = await h.db.select().from(members).where(eq(members.id, id));
    expect(changed).toMatchObject({ phone: "13800000000", techTitle: "technician", hiredOn: "2020-02-29", partyMember: true });
    expect(memberInput.safeParse({ ...input, hiredOn: "2021-02-30" }).success).toBe(false);
    expect(memberInput.safeParse({ ...input, employeeNo: "工号1" }).success).toBe(false);
  });
});
