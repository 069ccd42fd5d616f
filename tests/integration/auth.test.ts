import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { members, users } from "@/db/schema";
import { seedDemo, DEMO_PASSWORD } from "@/scripts/demo";
import { changeOwnPassword, loadCurrentUser, resetAccount, setDisabled, setRoles, type SignInResult, verifySignIn } from "@/lib/auth/accounts";
import { PAIR_RULE } from "@/lib/auth/throttle";
import { mintTicket, readTicket } from "@/lib/auth/ticket";
import { drivers, createTestDb } from "../helpers/db";
import { first } from "../helpers/rows";

describe.each(drivers())("sign-in and sessions on %s", (driver) => {
  let h: DbHandle;
  const t0 = new Date("2026-11-23T02:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 30 });
  });
  afterAll(async () => h?.close());

  async function memberId(no: string) {
    const m = first(await h.db.select({ id: members.id }).from(members).where(eq(members.employeeNo, no)));
    return m.id;
  }

  it("signs in with the right password, accepting full-width digits in the employee number", async () => {
    const r = await verifySignIn(h.db, { employeeNo: "９０００04", password: DEMO_PASSWORD, address: "10.0.0.1" }, t0);
    expect(r.ok).toBe(true);
  });

  it("answers a wrong password and an unknown account the same way", async () => {
    const wrong = await verifySignIn(h.db, { employeeNo: "900004", password: "nope-1234", address: "10.0.0.2" }, t0);
    const unknown = await verifySignIn(h.db, { employeeNo: "999999", password: "nope-1234", address: "10.0.0.2" }, t0);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an account from one address after five failures, says until when, even for the right password, and lets it in afterwards", async () => {
    const no = "100003";
    const { userId } = (await resetAccount(h.db, 1, await memberId(no), "Start1234")) as { ok: true; userId: number };
    let last: SignInResult | undefined;
    for (let i = 0; i < PAIR_RULE.max; i++) {
      last = await verifySignIn(h.db, { employeeNo: no, password: "wrong-pass1", address: "10.1.0.1" }, at(i));
    }
    expect(last).toMatchObject({ ok: false, reason: "locked" });
    const locked = await verifySignIn(h.db, { employeeNo: no, password: "Start1234", address: "10.1.0.1" }, at(60));
    expect(locked.ok).toBe(false);
    if (!locked.ok && locked.reason === "locked") {
      expect(locked.until.getTime()).toBe(at(PAIR_RULE.max - 1).getTime() + PAIR_RULE.lockSeconds * 1000);
    } else throw new Error("expected a lock");
    const later = await verifySignIn(h.db, { employeeNo: no, password: "Start1234", address: "10.1.0.1" }, at(PAIR_RULE.lockSeconds + 10));
    expect(later).toMatchObject({ ok: true, userId });
  });

  it("counts failures per client address across accounts", async () => {
    let r: SignInResult | undefined;
    for (let i = 0; i < 30; i++) r = await verifySignIn(h.db, { employeeNo: `55${i}`, password: "x", address: "10.9.9.9" }, at(i));
    expect(r).toMatchObject({ ok: false, reason: "locked" });
    const good = await verifySignIn(h.db, { employeeNo: "900001", password: DEMO_PASSWORD, address: "10.9.9.9" }, at(40));
    expect(good).toMatchObject({ ok: false, reason: "locked" });
    const elsewhere = await verifySignIn(h.db, { employeeNo: "900001", password: DEMO_PASSWORD, address: "10.9.9.10" }, at(40));
    expect(elsewhere.ok).toBe(true);
  });

  it("counts concurrent failures from two instances without losing one", async () => {
    const no = "100004";
    await resetAccount(h.db, 1, await memberId(no), "Start1234");
    const tries = await Promise.all(
      Array.from({ length: PAIR_RULE.max }, (_, i) => verifySignIn(h.db, { employeeNo: no, password: "bad-pass9", address: "10.2.0.1" }, at(i))),
    );
    expect(tries.some((r) => !r.ok && r.reason === "locked")).toBe(true);
    const next = await verifySignIn(h.db, { employeeNo: no, password: "Start1234", address: "10.2.0.1" }, at(10));
    expect(next).toMatchObject({ ok: false, reason: "locked" });
  });

  it("ends old sessions when the password or the roles change", async () => {
    const no = "100005";
    const { userId } = (await resetAccount(h.db, 1, await memberId(no), "Start1234")) as { ok: true; userId: number };
    const before = (await loadCurrentUser(h.db, userId))!;
    expect(before.mustChangePassword).toBe(true);
    expect(await changeOwnPassword(h.db, userId, "wrong", "Better1234")).toEqual({ ok: false, error: "auth.password.currentWrong" });
    expect(await changeOwnPassword(h.db, userId, "Start1234", "short1")).toEqual({ ok: false, error: "auth.password.tooShort" });
    expect(await changeOwnPassword(h.db, userId, "Start1234", "lettersonly")).toEqual({ ok: false, error: "auth.password.tooWeak" });
    expect(await changeOwnPassword(h.db, userId, "Start1234", "Password1")).toEqual({ ok: false, error: "auth.password.common" });
    expect(await changeOwnPassword(h.db, userId, "Start1234", `Xy${no}ab`)).toEqual({ ok: false, error: "auth.password.personal" });
    const changed = await changeOwnPassword(h.db, userId, "Start1234", "Better1234");
    expect(changed.ok).toBe(true);
    const after = (await loadCurrentUser(h.db, userId))!;
    expect(after.sessionVersion).toBeGreaterThan(before.sessionVersion);
    expect(after.mustChangePassword).toBe(false);
    expect((await verifySignIn(h.db, { employeeNo: no, password: "Start1234", address: "10.3.0.1" }, t0)).ok).toBe(false);
    expect((await verifySignIn(h.db, { employeeNo: no, password: "Better1234", address: "10.3.0.1" }, t0)).ok).toBe(true);

    await setRoles(h.db, 1, userId, [{ role: "trainer", scopeOrgUnitId: null }]);
    const promoted = (await loadCurrentUser(h.db, userId))!;
    expect(promoted.sessionVersion).toBeGreaterThan(after.sessionVersion);
    expect(promoted.roles).toEqual([{ role: "trainer", scopePath: null }]);
  });

  it("never leaves the area without an administrator", async () => {
    const admin = first(
      await h.db.select({ id: users.id }).from(users).innerJoin(members, eq(members.id, users.memberId)).where(eq(members.employeeNo, "900001")),
    );
    const manager = first(
      await h.db.select({ id: users.id }).from(users).innerJoin(members, eq(members.id, users.memberId)).where(eq(members.employeeNo, "900002")),
    );
    expect(await setRoles(h.db, admin.id, admin.id, [{ role: "worker", scopeOrgUnitId: null }])).toEqual({ ok: false, error: "members.errors.ownAdmin" });
    expect(await setRoles(h.db, manager.id, admin.id, [{ role: "worker", scopeOrgUnitId: null }])).toEqual({ ok: false, error: "members.errors.lastAdmin" });
    expect((await loadCurrentUser(h.db, admin.id))!.roles.some((r) => r.role === "admin")).toBe(true);
    expect((await setRoles(h.db, admin.id, manager.id, [{ role: "admin", scopeOrgUnitId: null }])).ok).toBe(true);
    expect((await setRoles(h.db, manager.id, admin.id, [{ role: "worker", scopeOrgUnitId: null }])).ok).toBe(true);
  });

  it("refuses a temporary password that is common or holds the member's employee number, and changes nothing", async () => {
    const no = "100007";
    expect(await resetAccount(h.db, 1, await memberId(no), "qwerty123")).toEqual({ ok: false, error: "auth.password.common" });
    expect(await resetAccount(h.db, 1, await memberId(no), `Temp${no}`)).toEqual({ ok: false, error: "auth.password.personal" });
    expect(
      await h.db
        .select()
        .from(users)
        .where(eq(users.memberId, await memberId(no))),
    ).toEqual([]);
  });

  it("refuses a disabled account", async () => {
    const no = "100006";
    const { userId } = (await resetAccount(h.db, 1, await memberId(no), "Start1234")) as { ok: true; userId: number };
    expect(await setDisabled(h.db, 1, userId, true)).toMatchObject({ ok: true });
    expect(await loadCurrentUser(h.db, userId)).toBeNull();
    expect((await verifySignIn(h.db, { employeeNo: no, password: "Start1234", address: "10.4.0.1" }, t0)).ok).toBe(false);
    const u = first(await h.db.select().from(users).where(eq(users.id, userId)));
    expect(u.disabled).toBe(true);
  });
});

describe("sign-in tickets", () => {
  it("carry the user and version, expire, and cannot be forged", () => {
    const now = Date.now();
    const sid = "c2Vzc2lvbi1pZC1mb3ItdGVzdHMtMDEyMzQ1Njc4OQ";
    const tk = mintTicket(42, sid, now);
    expect(readTicket(tk, now + 1000)).toEqual({ userId: 42, sessionId: sid });
    expect(readTicket(tk, now + 61_000)).toBeNull();
    const [, sv, exp, mac] = tk.split(".");
    expect(readTicket(`1.${sv}.${exp}.${mac}`, now)).toBeNull();
    expect(readTicket("garbage", now)).toBeNull();
  });
});
