import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import {
  addSession,
  attendanceForMember,
  cancelEnrolment,
  checkinDisplay,
  classesForTeacher,
  classPage,
  closeCheckin,
  createClass,
  enrol,
  enrolOther,
  markAttendance,
  openCheckin,
  removeSession,
  setClassAudience,
  setClassStatus,
  updateClass,
  updateSession,
} from "@/lib/classes";
import type { ClassInput } from "@/lib/classes/input";
import type { Result } from "@/lib/core/result";
import { listNotifications, markAllRead, notify, openNotification, unreadCount } from "@/lib/notifications";
import { createTestDb, drivers } from "../helpers/db";

/**
 * Who may do what with a class, tried as an attacker would with principals made here: a trainer
 * scoped to team A (T09), the manager of team A, a worker of team A and one of team B (T08), a
 * technician who is only a worker and teaches a class, and a trainer over the whole area. Every
 * refusal is checked twice: the failure, and that the class tables (and notifications) are as
 * they were, row for row.
 */

const T0 = new Date("2026-11-24T02:00:00.000Z"); // a session's start; every call passes its `now`
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const MAX_ID = 2_147_483_647;

const classInput = (over: Partial<ClassInput> = {}): ClassInput => ({
  title: "抽油机井口安全操作",
  series: "technician",
  description: "",
  specialty: null,
  instructorEmployeeNo: "",
  placeOrgUnitId: null,
  room: "",
  onlineUrl: "",
  capacity: 10,
  ...over,
});
const sessionAt = (startMin: number) => ({ startsAt: at(startMin), endsAt: at(startMin + 90), placeOrgUnitId: null, room: "", onlineUrl: "" });

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.code);
  return r.value;
}

describe.each(drivers())("who may act on a class on %s", (driver) => {
  let h: DbHandle;
  let db: Db;
  let trainerA: Principal;
  let managerA: Principal;
  let workerA: Principal;
  let workerB: Principal;
  let tech: Principal;
  let areaTrainer: Principal;
  /** A second worker of each team, on the lists but acting as nobody. */
  let otherA: number;
  let otherB: number;
  let otherBNo: string;
  /** The technician's own class (published, one session at T0), its session, and a draft by the area trainer. */
  let techClass: number;
  let techSession: number;
  let draftClass: number;
  let draftSession: number;

  /** Every row a refusal must leave alone, in a stable order. */
  async function snapshot() {
    const q = async (text: string) => JSON.stringify(rowsOf(await db.execute(sql.raw(text))));
    return {
      classes: await q("SELECT * FROM classes ORDER BY id"),
      sessions: await q("SELECT * FROM class_sessions ORDER BY id"),
      audience: await q("SELECT * FROM class_audience ORDER BY class_id, org_unit_id, job_id"),
      enrolments: await q("SELECT * FROM class_enrolments ORDER BY class_id, member_id"),
      attendance: await q("SELECT * FROM attendance ORDER BY session_id, member_id"),
      notifications: await q("SELECT * FROM notifications ORDER BY id"),
    };
  }

  /** The call fails with `kind` (and `code`, when given), and nothing changed. */
  async function refused(call: () => Promise<Result<unknown>>, kind: "forbidden" | "notFound", code?: string) {
    const before = await snapshot();
    const r = await call();
    expect(r).toMatchObject({ ok: false, kind, ...(code ? { code } : {}) });
    expect(await snapshot()).toEqual(before);
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    db = h.db;
    await seedDemo(db, { members: 40 });
    const path = async (code: string) => rowsOf<{ path: string }>(await db.execute(sql`SELECT path FROM org_units WHERE code = ${code}`))[0]!.path;
    const [teamA, teamB] = [await path("T09"), await path("T08")];
    const people = async (teamPath: string, n: number) =>
      rowsOf<{ id: number; employee_no: string }>(
        await db.execute(sql`SELECT m.id, m.employee_no FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
          WHERE ou.path LIKE ${`${teamPath}%`} AND m.status = 'active' AND m.employee_no NOT LIKE '9000%' ORDER BY m.id LIMIT ${n}`),
      ).map((r) => ({ id: Number(r.id), no: r.employee_no }));
    const a = await people(teamA, 4);
    const b = await people(teamB, 2);
    const [elsewhere] = await people(await path("T10"), 1);
    const [area] = await people(await path("TZH"), 1);
    // The technician is only a worker, with a technician's title; the workers have none.
    await db.execute(sql`UPDATE members SET tech_title = 'technician' WHERE id = ${elsewhere!.id}`);
    await db.execute(sql`UPDATE members SET tech_title = 'none' WHERE id IN (${a[2]!.id}, ${b[0]!.id})`);
    const account = async (memberId: number) => (await db.insert(users).values({ memberId, passwordHash: "-" }).returning({ id: users.id }))[0]!.id;
    const principal = async (memberId: number, roles: Principal["roles"]): Promise<Principal> => ({
      userId: await account(memberId),
      memberId,
      roles: [...roles, { role: "worker", scopePath: null }],
    });
    trainerA = await principal(a[0]!.id, [{ role: "trainer", scopePath: teamA }]);
    managerA = await principal(a[1]!.id, [{ role: "manager", scopePath: teamA }]);
    workerA = await principal(a[2]!.id, []);
    otherA = a[3]!.id;
    workerB = await principal(b[0]!.id, []);
    otherB = b[1]!.id;
    otherBNo = b[1]!.no;
    tech = await principal(elsewhere!.id, []);
    areaTrainer = await principal(area!.id, [{ role: "trainer", scopePath: null }]);

    techClass = must(await createClass(db, tech, classInput())).id;
    techSession = must(await addSession(db, tech, techClass, sessionAt(0))).id;
    must(await setClassStatus(db, tech, techClass, "published"));
    for (const p of [workerA, workerB, trainerA, areaTrainer, tech]) must(await enrol(db, p, { classId: techClass, now: at(-600) }));
    for (const m of [otherA, otherB]) must(await enrol(db, areaTrainer, { classId: techClass, memberId: m, now: at(-600) }));

    draftClass = must(await createClass(db, areaTrainer, classInput({ title: "草稿课堂" }))).id;
    draftSession = must(await addSession(db, areaTrainer, draftClass, sessionAt(60 * 24))).id;
  });
  afterAll(async () => h?.close());

  it("marking present or absent: a scoped trainer only inside their scope, nobody for themselves, nobody without a part in the class", async () => {
    const mark =
      (p: Principal, memberId: number, present = true) =>
      () =>
        markAttendance(db, p, { sessionId: techSession, memberId, present, now: at(5) });
    // A trainer scoped to team A marks team B's member: refused (the class is not theirs).
    await refused(mark(trainerA, workerB.memberId), "forbidden", "classes.errors.notYours");
    await refused(mark(trainerA, otherB), "forbidden", "classes.errors.notYours");
    // Nobody marks themselves: not the scoped trainer, not the area trainer, not the instructor.
    for (const p of [trainerA, areaTrainer, tech, workerA]) await refused(mark(p, p.memberId), "forbidden", "classes.errors.notYourself");
    // A manager, and workers of either team, mark nobody.
    for (const p of [managerA, workerA, workerB]) await refused(mark(p, otherA), "forbidden", "classes.errors.notYours");
    await refused(mark(workerB, workerA.memberId), "forbidden", "classes.errors.notYours");
    // A session or member that does not exist (or cannot: above PostgreSQL's integer) is not found.
    await refused(() => markAttendance(db, tech, { sessionId: MAX_ID + 1, memberId: otherA, present: true, now: at(5) }), "notFound");
    await refused(() => markAttendance(db, tech, { sessionId: techSession, memberId: MAX_ID + 1, present: true, now: at(5) }), "notFound");

    // What is allowed still is: the scoped trainer marks team A's member, the instructor and the area trainer anyone on the list.
    expect(await mark(trainerA, otherA)()).toEqual({ ok: true, value: null });
    expect(await mark(tech, otherB)()).toEqual({ ok: true, value: null });
    expect(await mark(areaTrainer, workerB.memberId)()).toEqual({ ok: true, value: null });
    // And taking a mark back is held to the same rule.
    await refused(mark(trainerA, otherB, false), "forbidden", "classes.errors.notYours");
    expect(await mark(tech, otherB, false)()).toEqual({ ok: true, value: null });
  });

  it("enrolling and cancelling for others: a manager or trainer inside their scope, the instructor for anyone; a worker only for themselves", async () => {
    const enrolFor = (p: Principal, memberId: number) => () => enrol(db, p, { classId: techClass, memberId, now: at(-500) });
    const cancelFor = (p: Principal, memberId: number) => () => cancelEnrolment(db, p, { classId: techClass, memberId, now: at(-500) });
    const [newA, newB] = rowsOf<{ id: number; path: string }>(
      await db.execute(sql`SELECT m.id, ou.path FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
        WHERE m.status = 'active' AND m.employee_no NOT LIKE '9000%' AND ou.path LIKE (SELECT path FROM org_units WHERE code = 'T09') || '%'
          AND m.id NOT IN (SELECT member_id FROM class_enrolments WHERE class_id = ${techClass}) ORDER BY m.id LIMIT 1`),
    ).concat(
      rowsOf<{ id: number; path: string }>(
        await db.execute(sql`SELECT m.id, ou.path FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
          WHERE m.status = 'active' AND m.employee_no NOT LIKE '9000%' AND ou.path LIKE (SELECT path FROM org_units WHERE code = 'T08') || '%'
            AND m.id NOT IN (SELECT member_id FROM class_enrolments WHERE class_id = ${techClass}) ORDER BY m.id LIMIT 1`),
      ),
    );
    const [a, b] = [Number(newA!.id), Number(newB!.id)];
    // Team A's trainer and manager cannot enrol or cancel team B's members; workers nobody but themselves.
    for (const p of [trainerA, managerA, workerA]) {
      await refused(enrolFor(p, b), "forbidden", "classes.errors.notAllowed");
      await refused(cancelFor(p, otherB), "forbidden", "classes.errors.notAllowed");
    }
    await refused(enrolFor(workerB, a), "forbidden", "classes.errors.notAllowed");
    await refused(cancelFor(workerB, workerA.memberId), "forbidden", "classes.errors.notAllowed");
    await refused(() => enrolOther(db, managerA, { classId: techClass, employeeNo: otherBNo }), "forbidden", "classes.errors.notAllowed");
    await refused(() => enrolOther(db, trainerA, { classId: techClass, employeeNo: "NOPE-1" }), "notFound", "classes.errors.memberNotFound");
    await refused(() => enrol(db, workerA, { classId: MAX_ID + 1 }), "notFound");

    // Inside the scope it works, and the instructor enrols anyone.
    expect(await enrolFor(managerA, a)()).toMatchObject({ ok: true, value: { already: false } });
    expect(await cancelFor(trainerA, a)()).toMatchObject({ ok: true });
    expect(await enrolFor(tech, b)()).toMatchObject({ ok: true, value: { already: false } });
    expect(await cancelFor(workerB, workerB.memberId)()).toMatchObject({ ok: true });
    expect(await enrol(db, workerB, { classId: techClass, now: at(-400) })).toMatchObject({ ok: true });
  });

  it("running the class (check-in, sessions, settings, audience, status): the instructor, the author or an area trainer, never a scoped trainer of another's class", async () => {
    const moved = sessionAt(30);
    const notOwner = [trainerA, managerA, workerA, workerB];
    for (const p of notOwner) {
      await refused(() => openCheckin(db, p, techSession, at(-10)), "forbidden", "classes.errors.notYours");
      await refused(() => closeCheckin(db, p, techSession, at(-10)), "forbidden", "classes.errors.notYours");
      await refused(() => updateSession(db, p, techSession, moved), "forbidden", "classes.errors.notYours");
      await refused(() => removeSession(db, p, techSession), "forbidden", "classes.errors.notYours");
      await refused(() => addSession(db, p, techClass, sessionAt(600)), "forbidden", "classes.errors.notYours");
      await refused(() => updateClass(db, p, techClass, classInput({ title: "改名", capacity: 1 })), "forbidden", "classes.errors.notYours");
      await refused(() => setClassStatus(db, p, techClass, "closed"), "forbidden", "classes.errors.notYours");
      await refused(() => setClassAudience(db, p, techClass, { orgUnitIds: [], jobIds: [] }), "forbidden", "classes.errors.notYours");
    }
    // The technician runs their own class, not the area trainer's draft.
    await refused(() => updateClass(db, tech, draftClass, classInput()), "forbidden", "classes.errors.notYours");
    await refused(() => removeSession(db, tech, draftSession), "forbidden", "classes.errors.notYours");
    await refused(() => removeSession(db, tech, MAX_ID + 1), "notFound");
    // A technician cannot hand their class to another instructor, nor create one for someone else.
    await refused(() => updateClass(db, tech, techClass, classInput({ instructorEmployeeNo: "900003" })), "forbidden", "classes.errors.ownClassOnly");
    await refused(() => createClass(db, workerA, classInput()), "forbidden", "classes.errors.cannotCreate");

    // The scoped trainer runs the class they made, whoever is on its list.
    const own = must(await createClass(db, trainerA, classInput({ title: "九队小课堂" }))).id;
    const ownSession = must(await addSession(db, trainerA, own, sessionAt(0))).id;
    must(await setClassStatus(db, trainerA, own, "published"));
    must(await enrol(db, workerB, { classId: own, now: at(-60) }));
    expect(await markAttendance(db, trainerA, { sessionId: ownSession, memberId: workerB.memberId, present: true, now: at(5) })).toEqual({
      ok: true,
      value: null,
    });
    expect(await openCheckin(db, trainerA, ownSession, at(-10))).toEqual({ ok: true, value: null });
    // The instructor and the area trainer run the technician's class.
    expect(await openCheckin(db, tech, techSession, at(-10))).toEqual({ ok: true, value: null });
    expect(await closeCheckin(db, areaTrainer, techSession, at(-5))).toEqual({ ok: true, value: null });
  });

  it("reads: the check-in code, the class page and the teacher's list keep to what the viewer runs or may see", async () => {
    // Nobody but whoever runs the class sees its code: an instructor of another class neither.
    for (const p of [trainerA, managerA, workerA, workerB])
      await refused(() => checkinDisplay(db, p, techSession, at(1)), "forbidden", "classes.errors.notYours");
    await refused(() => checkinDisplay(db, tech, draftSession, at(1)), "forbidden", "classes.errors.notYours");
    await refused(() => checkinDisplay(db, tech, MAX_ID + 1, at(1)), "notFound");
    expect(await checkinDisplay(db, tech, techSession, at(1))).toMatchObject({ ok: true });

    // The class page: the instructor sees the whole list; team A's trainer only team A's members and no class-level forms.
    const full = must(await classPage(db, tech, techClass));
    expect(full.runs).toBe(true);
    expect(full.enrolments.map((e) => e.memberId)).toEqual(expect.arrayContaining([workerA.memberId, workerB.memberId, otherA, otherB]));
    const scoped = must(await classPage(db, trainerA, techClass));
    expect(scoped.runs).toBe(false);
    // The count of places taken is the class's, not the part the viewer sees.
    expect(scoped.enrolled).toBe(full.enrolled);
    expect(full.enrolled).toBe(full.enrolments.filter((e) => e.status === "enrolled").length);
    const seen = scoped.enrolments.map((e) => e.memberId);
    expect(seen).toEqual(expect.arrayContaining([workerA.memberId, otherA, trainerA.memberId]));
    expect(seen).not.toContain(workerB.memberId);
    expect(seen).not.toContain(otherB);
    expect(seen).not.toContain(areaTrainer.memberId);
    expect(seen).not.toContain(tech.memberId);
    // A draft of someone else, and any class for those with no part in it, stay closed.
    await refused(() => classPage(db, trainerA, draftClass), "forbidden", "classes.errors.notYours");
    for (const p of [managerA, workerA, workerB]) await refused(() => classPage(db, p, techClass), "forbidden", "classes.errors.notYours");
    await refused(() => classPage(db, tech, MAX_ID + 1), "notFound");

    // The teacher's list: everything for the area trainer, never another's draft for a scoped trainer, only their own for the technician.
    const ids = async (p: Principal) => (await classesForTeacher(db, p, at(0))).map((c) => c.id);
    expect(await ids(areaTrainer)).toEqual(expect.arrayContaining([techClass, draftClass]));
    expect(await ids(trainerA)).toContain(techClass);
    expect(await ids(trainerA)).not.toContain(draftClass);
    expect(await ids(tech)).toEqual([techClass]);
    expect(await ids(workerA)).toEqual([]);
  });

  it("a member's attendance and notifications are theirs (and, for attendance, whoever may read the member)", async () => {
    await refused(() => attendanceForMember(db, workerA, workerB.memberId, at(100)), "forbidden");
    await refused(() => attendanceForMember(db, trainerA, workerB.memberId, at(100)), "forbidden");
    await refused(() => attendanceForMember(db, workerA, MAX_ID + 1, at(100)), "notFound");
    expect(await attendanceForMember(db, workerB, workerB.memberId, at(100))).toMatchObject({ ok: true });
    expect(await attendanceForMember(db, trainerA, workerA.memberId, at(100))).toMatchObject({ ok: true });

    await notify(db, [workerB.memberId], "classes.notify.promoted", { title: "x" }, "/classes");
    const [theirs] = await listNotifications(db, workerB);
    expect(theirs).toBeDefined();
    expect((await listNotifications(db, workerA)).map((n) => n.id)).not.toContain(theirs!.id);
    await refused(() => openNotification(db, workerA, theirs!.id), "notFound");
    await refused(() => openNotification(db, workerA, MAX_ID + 1), "notFound");
    const unread = await unreadCount(db, workerB);
    await markAllRead(db, workerA);
    expect(await unreadCount(db, workerB)).toBe(unread);
    expect(await openNotification(db, workerB, theirs!.id)).toEqual({ ok: true, value: { href: "/classes" } });
    expect(await unreadCount(db, workerB)).toBe(unread - 1);
  });
});
