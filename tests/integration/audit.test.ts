import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { members, orgUnits } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { AUDIT_PAGE_SIZE, auditFilter, changesOf, listAudit } from "@/lib/audit/read";
import type { Principal } from "@/lib/auth/permissions";
import { addDays, dayIn } from "@/lib/core/time";
import { memberInput } from "@/lib/members/input";
import { createMember, updateMember } from "@/lib/members/members";
import { createUnit, renameUnit } from "@/lib/org/units";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first, firstN } from "../helpers/rows";

/** The audit log viewer: an administrator reads who changed what, written by real actions. */
describe.each(drivers())("the audit log on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let other: Principal;
  let manager: Principal;
  const read = (p: Principal, q: Record<string, string> = {}) => listAudit(h.db, p, auditFilter.parse(q), "Asia/Shanghai");

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    other = await principalOf(h.db, "900003", [{ role: "admin", scope: null }]);
    manager = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    const t09 = first(await h.db.select().from(orgUnits).where(eq(orgUnits.code, "T09")));
    const made = await createUnit(h.db, admin, { name: "审计站", code: "AUD-1", kind: "station", parentId: t09.id });
    if (!made.ok) throw new Error(made.code);
    expect((await renameUnit(h.db, other, made.value.id, "审计站（新）")).ok).toBe(true);
    const input = memberInput.parse({
      employeeNo: "AUD-M1",
      name: "审计员",
      orgUnitId: String(made.value.id),
      specialty: "boiler",
      techTitle: "none",
      status: "active",
      phone: "",
    });
    const m = await createMember(h.db, admin, input);
    if (!m.ok) throw new Error(m.code);
    expect((await updateMember(h.db, other, m.value.id, { ...input, phone: "13800000000", techTitle: "senior" })).ok).toBe(true);
  });
  afterAll(async () => h?.close());

  it("shows who changed what, newest first, with each field before and after", async () => {
    const r = await read(admin);
    if (!r.ok) throw new Error(r.code);
    const [update, create, rename] = firstN(r.value.rows, 3, "audit entry");
    expect(update).toMatchObject({ action: "member.update", entity: "member", actor: { employeeNo: "900003", name: "陶文博" } });
    const m = first(await h.db.select().from(members).where(eq(members.employeeNo, "AUD-M1")));
    expect(update.entityId).toBe(String(m.id));
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: "phone", before: null, after: "13800000000" },
        { field: "techTitle", before: "none", after: "senior" },
      ]),
    );
    // A field that did not change is not listed.
    expect(update.changes.map((c) => c.field)).not.toContain("name");
    expect(create).toMatchObject({ action: "member.create", actor: { employeeNo: "900001" } });
    expect(rename).toMatchObject({ action: "org.rename", entity: "org_unit", changes: [{ field: "name", before: "审计站", after: "审计站（新）" }] });
    expect(r.value.actions).toEqual(expect.arrayContaining(["member.create", "member.update", "org.create", "org.rename"]));
    expect(r.value.entities).toEqual(expect.arrayContaining(["member", "org_unit"]));
  });

  it("filters by the actor's employee number, action, entity and days, page by page", async () => {
    const byActor = await read(admin, { actor: "900003" });
    expect(byActor.ok && byActor.value.rows.map((e) => e.action)).toEqual(["member.update", "org.rename"]);
    const byAction = await read(admin, { action: "org.create" });
    expect(byAction.ok && byAction.value.rows.map((e) => e.entity)).toEqual(["org_unit"]);
    const byEntity = await read(admin, { entity: "member" });
    expect(byEntity.ok && byEntity.value.rows.every((e) => e.entity === "member")).toBe(true);
    const today = dayIn(new Date(), "Asia/Shanghai");
    const inRange = await read(admin, { from: today, to: today });
    expect(inRange.ok && inRange.value.total).toBe(4);
    const later = await read(admin, { from: addDays(today, 1) });
    expect(later.ok && later.value.total).toBe(0);
    // Nonsense filters are dropped, not errors; a NUL byte in the actor box is removed.
    const junk = await read(admin, { from: "2026-02-30", to: "x", page: "-1", actor: "9000\u000003" });
    expect(junk.ok && junk.value.rows.map((e) => e.action)).toEqual(["member.update", "org.rename"]);
    const page = await read(admin, { page: "99" });
    expect(page.ok && page.value.page).toBe(1);
    expect(AUDIT_PAGE_SIZE).toBeGreaterThan(4);
  });

  it("is refused to anyone but an administrator of the whole organisation", async () => {
    expect(await read(manager)).toMatchObject({ ok: false, kind: "forbidden" });
    const scopedAdmin = await principalOf(h.db, "900004", [{ role: "admin", scope: "T09" }]);
    expect(await read(scopedAdmin)).toMatchObject({ ok: false, kind: "forbidden" });
  });

  it("lists a field's change, a removed record's fields, and values that are not records", () => {
    expect(changesOf({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual([{ field: "b", before: "2", after: "3" }]);
    expect(changesOf({ id: 7, name: "x" }, null)).toEqual([
      { field: "id", before: "7", after: null },
      { field: "name", before: "x", after: null },
    ]);
    expect(changesOf(null, [1, 2])).toEqual([{ field: null, before: null, after: "[1,2]" }]);
    expect(changesOf(null, null)).toEqual([]);
  });
});
