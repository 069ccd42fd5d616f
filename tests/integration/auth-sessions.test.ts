import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { members, users } from "@/db/schema";
import { seedDemo, DEMO_PASSWORD } from "@/scripts/demo";
import { changeOwnPassword, resetAccount, setDisabled, setRoles, verifySignIn } from "@/lib/auth/accounts";
import { TOUCH_MS, endSession, loadSessionUser, openSession } from "@/lib/auth/sessions";
import type { SessionLimits } from "@/lib/auth/settings";
import { drivers, createTestDb } from "../helpers/db";
import { first, only } from "../helpers/rows";

/**
 * Sessions live in the database: sign-out ends them for every copy of the cookie, an idle or
 * too old one is none, and reading one writes "last seen" only every few minutes.
 */
describe.each(drivers())("server-side sessions on %s", (driver) => {
  let h: DbHandle;
  const t0 = new Date("2026-11-23T02:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const limits: SessionLimits = { idleMs: 8 * 3600_000, absoluteMs: 30 * 24 * 3600_000 };

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
  });
  afterAll(async () => h?.close());

  async function userOf(no: string) {
    const u = first(await h.db.select({ id: users.id }).from(users).innerJoin(members, eq(members.id, users.memberId)).where(eq(members.employeeNo, no)));
    return u.id;
  }
  async function signIn(no: string, password = DEMO_PASSWORD, when = t0) {
    const r = await verifySignIn(h.db, { employeeNo: no, password, address: "10.20.0.1" }, when);
    if (!r.ok) throw new Error("sign-in failed");
    return { uid: r.userId, sid: r.sessionId };
  }
  const lastSeen = async (uid: number) =>
    rowsOf<{ t: string | Date }>(await h.db.execute(sql`SELECT max(last_seen_at) AS t FROM auth_sessions WHERE user_id = ${uid}`)).map((r) =>
      new Date(r.t).getTime(),
    )[0];

  it("a signed-out session is no session, for any copy of its cookie, while the user's other sessions go on", async () => {
    const phone = await signIn("900004");
    const desk = await signIn("900004");
    expect(phone.sid).not.toBe(desk.sid);
    expect((await loadSessionUser(h.db, phone, at(1), limits))?.employeeNo).toBe("900004");
    await endSession(h.db, phone.sid);
    expect(await loadSessionUser(h.db, phone, at(2), limits)).toBeNull();
    expect((await loadSessionUser(h.db, desk, at(2), limits))?.employeeNo).toBe("900004");
    // Ending it again (a second tab signing out) is harmless.
    await endSession(h.db, phone.sid);
  });

  it("a session id does not work for another user, nor a made-up one", async () => {
    const s = await signIn("900003");
    expect(await loadSessionUser(h.db, { uid: await userOf("900004"), sid: s.sid }, at(1), limits)).toBeNull();
    expect(await loadSessionUser(h.db, { uid: s.uid, sid: "made-up-session-id-0123456789" }, at(1), limits)).toBeNull();
  });

  it("ends after the idle time without use, and use keeps it going until the absolute end", async () => {
    const s = await signIn("900002");
    const idleS = limits.idleMs / 1000;
    // Used every 7 hours: alive past 8 hours since sign-in.
    for (let hour = 7; hour <= 28; hour += 7) expect(await loadSessionUser(h.db, s, at(hour * 3600), limits), `hour ${hour}`).not.toBeNull();
    // Then left alone for longer than the idle time.
    expect(await loadSessionUser(h.db, s, at(28 * 3600 + idleS + 1), limits)).toBeNull();

    const kept = await signIn("900002");
    const step = limits.idleMs / 1000 - 600;
    let t = 0;
    while (t + step < limits.absoluteMs / 1000) {
      t += step;
      expect(await loadSessionUser(h.db, kept, at(t), limits)).not.toBeNull();
    }
    expect(await loadSessionUser(h.db, kept, at(limits.absoluteMs / 1000 + 1), limits)).toBeNull();
  });

  it("writes last seen at most every few minutes", async () => {
    const s = await signIn("900001");
    const start = await lastSeen(s.uid);
    await loadSessionUser(h.db, s, new Date(t0.getTime() + TOUCH_MS - 1000), limits);
    expect(await lastSeen(s.uid)).toBe(start);
    await loadSessionUser(h.db, s, new Date(t0.getTime() + TOUCH_MS + 1000), limits);
    expect(await lastSeen(s.uid)).toBe(t0.getTime() + TOUCH_MS + 1000);
  });

  it("a password change ends every session and opens one for the browser that changed it; a role change or disabling ends them too", async () => {
    const no = "100002";
    const m = first(await h.db.select({ id: members.id }).from(members).where(eq(members.employeeNo, no)));
    await resetAccount(h.db, 1, m.id, "Start1234");
    const other = await signIn(no, "Start1234");
    const here = await signIn(no, "Start1234");
    const changed = await changeOwnPassword(h.db, here.uid, "Start1234", "Fresh2026ok", at(5));
    if (!changed.ok) throw new Error(changed.error);
    expect(await loadSessionUser(h.db, other, at(6), limits)).toBeNull();
    expect(await loadSessionUser(h.db, here, at(6), limits)).toBeNull();
    const next = { uid: here.uid, sid: changed.sessionId };
    expect((await loadSessionUser(h.db, next, at(6), limits))?.mustChangePassword).toBe(false);

    await setRoles(h.db, await userOf("900001"), here.uid, [{ role: "worker", scopeOrgUnitId: null }]);
    expect(await loadSessionUser(h.db, next, at(7), limits)).toBeNull();
    const again = await signIn(no, "Fresh2026ok", at(8));
    expect(await setDisabled(h.db, await userOf("900001"), here.uid, true)).toMatchObject({ ok: true });
    expect(await loadSessionUser(h.db, again, at(9), limits)).toBeNull();
    expect(rowsOf(await h.db.execute(sql`SELECT 1 FROM auth_sessions WHERE user_id = ${here.uid}`))).toEqual([]);
  });

  it("opening a session clears the user's dead ones", async () => {
    const uid = await userOf("900003");
    await openSession(h.db, uid, t0, limits);
    const later = new Date(t0.getTime() + limits.absoluteMs + 1000);
    await openSession(h.db, uid, later, limits);
    const left = rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM auth_sessions WHERE user_id = ${uid}`));
    expect(Number(only(left).n)).toBe(1);
  });
});
