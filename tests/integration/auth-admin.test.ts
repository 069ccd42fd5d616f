import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { members, users } from "@/db/schema";
import { prepareFirstRun, seedsDemo } from "@/scripts/demo/first-run";
import { DEMO_PASSWORD } from "@/scripts/demo";
import { loadCurrentUser, setDisabled, setRoles, verifySignIn } from "@/lib/auth/accounts";
import { createAdmin, generatePassword, hasAdmin } from "@/lib/auth/first-admin";
import { drivers, createTestDb } from "../helpers/db";
import { only } from "../helpers/rows";

const count = async (h: DbHandle, table: string) =>
  Number(only(rowsOf<{ n: number }>(await h.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))).n);

describe.each(drivers())("first run and administrators on %s", (driver) => {
  let empty: DbHandle;
  beforeAll(async () => {
    empty = await createTestDb(driver);
  });
  afterAll(async () => empty?.close());

  it("an empty database gets the demo data only when it is the embedded one, or when SEED_DEMO=true asks", async () => {
    expect(seedsDemo("postgres", {})).toBe(false);
    expect(seedsDemo("pglite", {})).toBe(true);
    expect(seedsDemo("postgres", { SEED_DEMO: "true" })).toBe(true);
    expect(seedsDemo("pglite", { SEED_DEMO: "false" })).toBe(false);
    await prepareFirstRun(empty, driver === "postgres" ? {} : { SEED_DEMO: "false" });
    expect(await count(empty, "org_units")).toBe(0);
    expect(await count(empty, "users")).toBe(0);
    expect(await verifySignIn(empty.db, { employeeNo: "900001", password: DEMO_PASSWORD, address: "10.0.0.1" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("admin:create makes the first administrator in a new top unit, with a password to change at the first sign-in", async () => {
    expect(await hasAdmin(empty.db)).toBe(false);
    // The password policy holds here too: nothing is made.
    expect(await createAdmin(empty.db, { employeeNo: "000001", name: "张三丰", password: "zhangsanfeng1" })).toMatchObject({
      ok: false,
      code: "auth.password.personal",
    });
    expect(await count(empty, "org_units")).toBe(0);
    const password = generatePassword();
    const r = await createAdmin(empty.db, { employeeNo: "000001", name: "张三丰", unitName: "黄珏作业区", password });
    expect(r).toMatchObject({ ok: true, value: { unitCreated: true } });
    if (!r.ok) return;
    const user = (await loadCurrentUser(empty.db, r.value.userId))!;
    expect(user.mustChangePassword).toBe(true);
    expect(user.roles).toEqual(expect.arrayContaining([{ role: "admin", scopePath: null }]));
    expect((await verifySignIn(empty.db, { employeeNo: "000001", password, address: "10.0.0.1" })).ok).toBe(true);
    const unit = only(rowsOf<{ name: string; path: string; id: number }>(await empty.db.execute(sql`SELECT id, name, path FROM org_units`)), "unit");
    expect(unit).toMatchObject({ name: "黄珏作业区", path: `/${unit.id}/` });
  });

  it("refuses a second administrator unless told --force-another, and changes nothing", async () => {
    const before = await count(empty, "users");
    expect(await createAdmin(empty.db, { employeeNo: "000002", name: "李四", password: generatePassword() })).toMatchObject({
      ok: false,
      code: "auth.firstAdmin.exists",
    });
    expect(await count(empty, "users")).toBe(before);
    expect(await count(empty, "members")).toBe(1);
    const again = await createAdmin(empty.db, { employeeNo: "000002", name: "李四", password: generatePassword(), forceAnother: true });
    expect(again).toMatchObject({ ok: true, value: { unitCreated: false } });
  });

  it("nobody disables their own account, and the last enabled administrator stays enabled", async () => {
    const h = await createTestDb(driver);
    try {
      const a = await createAdmin(h.db, { employeeNo: "000010", name: "王五", password: generatePassword() });
      const b = await createAdmin(h.db, { employeeNo: "000011", name: "赵六", password: generatePassword(), forceAnother: true });
      if (!a.ok || !b.ok) throw new Error("setup");
      const [first, second] = [a.value.userId, b.value.userId];
      const state = async () => h.db.select({ id: users.id, disabled: users.disabled, sv: users.sessionVersion }).from(users).orderBy(users.id);
      const start = await state();

      expect(await setDisabled(h.db, first, first, true)).toMatchObject({ ok: false, code: "auth.account.ownAccount" });
      // The other administrator loses the role: the first is now the only one…
      expect(await setRoles(h.db, first, second, [{ role: "worker", scopeOrgUnitId: null }])).toEqual({ ok: true });
      const afterRoles = await state();
      // … and cannot be disabled, by anyone.
      expect(await setDisabled(h.db, second, first, true)).toMatchObject({ ok: false, code: "auth.account.lastAdmin" });
      expect(await state()).toEqual(afterRoles);
      expect(afterRoles.map((u) => u.disabled)).toEqual(start.map((u) => u.disabled));

      // With a second enabled administrator again, disabling the first is allowed.
      expect(await setRoles(h.db, first, second, [{ role: "admin", scopeOrgUnitId: null }])).toEqual({ ok: true });
      expect(await setDisabled(h.db, second, first, true)).toMatchObject({ ok: true });
      const m = only(
        await h.db.select({ disabled: users.disabled }).from(users).innerJoin(members, eq(members.id, users.memberId)).where(eq(members.employeeNo, "000010")),
      );
      expect(m.disabled).toBe(true);
      // A disabled administrator does not count: the second is now the last one.
      expect(await setDisabled(h.db, first, second, true)).toMatchObject({ ok: false, code: "auth.account.lastAdmin" });
    } finally {
      await h.close();
    }
  });
});
