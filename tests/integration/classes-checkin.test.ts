import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { attendance, members, users } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { loadCurrentUser } from "@/lib/auth/accounts";
import type { CurrentUser } from "@/lib/auth/user-row";
import type { Principal } from "@/lib/auth/permissions";
import {
  addSession,
  attendanceForMember,
  checkIn,
  checkinDisplay,
  closeCheckin,
  codeFor,
  createClass,
  enrol,
  markAttendance,
  minuteOf,
  openCheckin,
  setClassStatus,
} from "@/lib/classes";
import { drivers, createTestDb } from "../helpers/db";
import { first, firstN, type Tuple } from "../helpers/rows";

/** A member acting for themselves (a worker's account). */
const self = (memberId: number): Principal => ({ userId: 0, memberId, roles: [{ role: "worker", scopePath: null }] });

async function userOf(db: Db, employeeNo: string): Promise<CurrentUser> {
  const u = first(await db.select({ id: users.id }).from(users).innerJoin(members, eq(members.id, users.memberId)).where(eq(members.employeeNo, employeeNo)));
  return (await loadCurrentUser(db, u.id))!;
}

describe.each(drivers())("check-in on %s", (driver) => {
  let h: DbHandle;
  let trainer: CurrentUser;
  let worker: CurrentUser;
  /** A technician who holds no role but worker: runs their own class by ownership. */
  let tech: Principal;
  let others: Tuple<number, 3>;
  const T0 = new Date("2026-11-24T02:00:00.000Z"); // the session's start
  const at = (min: number, s = 0) => new Date(T0.getTime() + min * 60_000 + s * 1000);

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 40 });
    trainer = await userOf(h.db, "900003");
    worker = await userOf(h.db, "900004");
    const t = first(
      rowsOf<{ id: number }>(
        await h.db.execute(
          sql`SELECT id FROM members WHERE tech_title = 'senior_technician' OR (tech_title = 'technician' AND employee_no NOT LIKE '9000%') ORDER BY id LIMIT 1`,
        ),
      ),
    );
    tech = { userId: 0, memberId: Number(t.id), roles: [{ role: "worker", scopePath: null }] };
    others = firstN(
      rowsOf<{ id: number }>(
        await h.db.execute(sql`SELECT id FROM members WHERE employee_no NOT LIKE '9000%' AND id <> ${tech.memberId} ORDER BY id LIMIT 3`),
      ).map((r) => Number(r.id)),
      3,
      "member",
    );
  });
  afterAll(async () => h?.close());

  /** The technician's own class with one session T0..T0+90 min; the worker enrolled, one wait-listed. */
  async function setup() {
    const c = await createClass(h.db, tech, {
      title: "抽油机平衡调整",
      series: "technician",
      description: "",
      specialty: "oil_production",
      instructorEmployeeNo: "",
      placeOrgUnitId: null,
      room: "",
      onlineUrl: "",
      capacity: 2,
    });
    if (!c.ok) throw new Error(c.code);
    const s = await addSession(h.db, tech, c.value.id, { startsAt: T0, endsAt: at(90), placeOrgUnitId: null, room: "", onlineUrl: "" });
    if (!s.ok) throw new Error(s.code);
    await setClassStatus(h.db, tech, c.value.id, "published");
    await enrol(h.db, worker, { classId: c.value.id, now: at(-600) });
    await enrol(h.db, self(others[0]), { classId: c.value.id, now: at(-600) });
    await enrol(h.db, self(others[1]), { classId: c.value.id, now: at(-600) }); // wait-listed
    const row = first(rowsOf<{ checkin_secret: string }>(await h.db.execute(sql`SELECT checkin_secret FROM class_sessions WHERE id = ${s.value.id}`)));
    return { classId: c.value.id, sessionId: s.value.id, secret: row.checkin_secret };
  }
  const code = (secret: string, when: Date, minutesBack = 0) => codeFor(secret, minuteOf(when) - minutesBack);
  const rows = async (sessionId: number) => h.db.select().from(attendance).where(eq(attendance.sessionId, sessionId));

  it("the instructor (a technician without a trainer role) opens check-in; the worker checks in with the code, once", async () => {
    const { sessionId, secret } = await setup();
    // Another worker cannot open it; before the window it cannot be opened.
    expect(await openCheckin(h.db, worker, sessionId, at(-5))).toMatchObject({ ok: false, code: "classes.errors.notYours" });
    expect(await openCheckin(h.db, tech, sessionId, at(-31))).toMatchObject({ ok: false, code: "classes.errors.tooEarly" });
    expect(await checkIn(h.db, worker, { code: code(secret, at(-5)), sessionId, now: at(-5) })).toMatchObject({
      ok: false,
      code: "classes.errors.checkinNotOpen",
    });
    expect(await openCheckin(h.db, tech, sessionId, at(-10))).toEqual({ ok: true, value: null });

    const shown = await checkinDisplay(h.db, tech, sessionId, at(-5, 20));
    expect(shown.ok && shown.value.state).toBe("open");
    const shownCode = shown.ok ? shown.value.code! : "";
    expect(shownCode).toMatch(/^\d{6}$/);

    // Typed with full-width digits and a space, without naming the session: found by the code.
    const typed = shownCode.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/^(...)/, "$1 ");
    const firstTry = await checkIn(h.db, worker, { code: typed, now: at(-5, 40) });
    expect(firstTry).toMatchObject({ ok: true, value: { sessionId, already: false, classTitle: "抽油机平衡调整" } });
    const before = await rows(sessionId);
    expect(before).toHaveLength(1);
    expect(before[0]!.method).toBe("code");

    const second = await checkIn(h.db, worker, { code: code(secret, at(3)), sessionId, now: at(3) });
    expect(second).toMatchObject({ ok: true, value: { already: true } });
    expect(second.ok && second.value.checkedInAt.getTime()).toBe(before[0]!.checkedInAt.getTime());
    expect(await rows(sessionId)).toEqual(before);
  });

  it("refuses a wrong code, an expired code, and check-in outside the window or after closing; nothing changes", async () => {
    const { sessionId, secret } = await setup();
    await openCheckin(h.db, tech, sessionId, at(-1));
    const m = others[0];
    const now = at(10, 30);
    const tries: [string, Date, string][] = [
      ["12345", now, "classes.errors.badCodeFormat"],
      [code(secret, now) === "000000" ? "000001" : "000000", now, "classes.errors.wrongCode"],
      [code(secret, now, 3), now, "classes.errors.staleCode"],
      [code(secret, at(91)), at(91), "classes.errors.sessionEnded"],
      [code(secret, at(-40)), at(-40), "classes.errors.tooEarly"],
    ];
    for (const [c, when, expected] of tries) {
      expect(await checkIn(h.db, self(m), { code: c, sessionId, now: when })).toMatchObject({ ok: false, code: expected });
    }
    // The previous minute's code still counts (typed as it changed).
    expect(await rows(sessionId)).toHaveLength(0);
    expect(await checkIn(h.db, self(m), { code: code(secret, now, 1), sessionId, now })).toMatchObject({ ok: true, value: { already: false } });
    await closeCheckin(h.db, tech, sessionId, at(20));
    expect(await checkIn(h.db, worker, { code: code(secret, at(21)), sessionId, now: at(21) })).toMatchObject({
      ok: false,
      code: "classes.errors.checkinClosed",
    });
    expect((await rows(sessionId)).map((r) => r.memberId)).toEqual([m]);
  });

  it("after ten wrong codes only the instructor can mark the member, even with the right code", async () => {
    const { sessionId, secret } = await setup();
    await openCheckin(h.db, tech, sessionId, at(0));
    const now = at(5);
    const right = code(secret, now);
    const wrong = right === "000000" ? "000001" : "000000";
    for (let i = 0; i < 10; i++)
      expect(await checkIn(h.db, worker, { code: wrong, sessionId, now })).toMatchObject({ ok: false, code: "classes.errors.wrongCode" });
    expect(await checkIn(h.db, worker, { code: right, sessionId, now })).toMatchObject({
      ok: false,
      code: "classes.errors.tooManyAttempts",
      params: { max: 10 },
    });
    expect(await rows(sessionId)).toHaveLength(0);
    // Another member is not held back by it.
    expect(await checkIn(h.db, self(others[0]), { code: right, sessionId, now })).toMatchObject({ ok: true });
    expect(await markAttendance(h.db, tech, { sessionId, memberId: worker.memberId, present: true })).toEqual({ ok: true, value: null });
  });

  it("only enrolled members check in by code; the instructor marks others on the list by hand; attendance shows on the profile", async () => {
    const { classId, sessionId, secret } = await setup();
    await openCheckin(h.db, tech, sessionId, at(0));
    const waitlisted = others[1];
    const stranger = others[2];
    expect(await checkIn(h.db, self(waitlisted), { code: code(secret, at(1)), sessionId, now: at(1) })).toMatchObject({
      ok: false,
      code: "classes.errors.waitlistedCannotCheckIn",
    });
    expect(await checkIn(h.db, self(stranger), { code: code(secret, at(1)), sessionId, now: at(1) })).toMatchObject({
      ok: false,
      code: "classes.errors.notEnrolled",
    });
    expect(await checkIn(h.db, self(stranger), { code: code(secret, at(1)), now: at(1) })).toMatchObject({ ok: false, code: "classes.errors.noOpenSession" });
    expect(await markAttendance(h.db, tech, { sessionId, memberId: stranger, present: true })).toMatchObject({ ok: false, code: "classes.errors.notEnrolled" });
    expect(await markAttendance(h.db, worker, { sessionId, memberId: waitlisted, present: true })).toMatchObject({
      ok: false,
      code: "classes.errors.notYours",
    });
    expect(await markAttendance(h.db, tech, { sessionId, memberId: waitlisted, present: true })).toEqual({ ok: true, value: null });
    expect(await markAttendance(h.db, trainer, { sessionId, memberId: worker.memberId, present: true })).toEqual({ ok: true, value: null });
    const marked = await h.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, sessionId), eq(attendance.method, "manual")));
    expect(marked.map((r) => r.memberId).sort()).toEqual([waitlisted, worker.memberId].sort());
    const profile = await attendanceForMember(h.db, self(waitlisted), waitlisted, at(100));
    expect(profile.ok).toBe(true);
    const rec = (profile.ok ? profile.value : []).find((p) => p.classId === classId)!;
    expect(rec).toMatchObject({ status: "waitlisted", sessionsHeld: 1, sessionsTotal: 1 });
    expect(rec.attended).toEqual([{ sessionId, startsAt: T0, method: "manual" }]);
    expect(await markAttendance(h.db, tech, { sessionId, memberId: waitlisted, present: false })).toEqual({ ok: true, value: null });
    const after = await attendanceForMember(h.db, self(waitlisted), waitlisted, at(100));
    expect((after.ok ? after.value : []).find((p) => p.classId === classId)!.attended).toEqual([]);
  });
});
