import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { classEnrolments, members, notifications, orgUnits, users } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import { loadCurrentUser } from "@/lib/auth/accounts";
import type { CurrentUser } from "@/lib/auth/user-row";
import { addSession, cancelEnrolment, createClass, enrol, setClassAudience, setClassStatus, updateClass, updateSession } from "@/lib/classes";
import type { ClassInput } from "@/lib/classes/input";
import { enrolOther } from "@/lib/classes/manage";
import { sendSessionReminders } from "@/lib/classes/reminders";
import type { Principal } from "@/lib/auth/permissions";
import { listNotifications, markAllRead, openNotification, unreadCount } from "@/lib/notifications";
import { drivers, createTestDb } from "../helpers/db";
import { first, firstN, type Tuple } from "../helpers/rows";

/** A member acting for themselves (a worker's account). */
const self = (memberId: number): Principal => ({ userId: 0, memberId, roles: [{ role: "worker", scopePath: null }] });

async function userOf(db: Db, employeeNo: string): Promise<CurrentUser> {
  const u = first(
    await db.select({ id: users.id }).from(users).innerJoin(members, eq(members.id, users.memberId)).where(eq(members.employeeNo, employeeNo)),
    "user",
  );
  return (await loadCurrentUser(db, u.id))!;
}

const classInput = (over: Partial<ClassInput> = {}): ClassInput => ({
  title: "气动调节阀维护",
  series: "technician",
  description: "",
  specialty: "instrument",
  instructorEmployeeNo: "900003",
  placeOrgUnitId: null,
  room: "韦2中转站会议室",
  onlineUrl: "",
  capacity: 2,
  ...over,
});

/** A published class with one session tomorrow. */
async function openClass(db: Db, trainer: CurrentUser, over: Partial<ClassInput> = {}) {
  const c = await createClass(db, trainer, classInput(over));
  if (!c.ok) throw new Error(c.code);
  const start = new Date(Date.now() + 20 * 3600_000);
  const s = await addSession(db, trainer, c.value.id, {
    startsAt: start,
    endsAt: new Date(start.getTime() + 2 * 3600_000),
    placeOrgUnitId: null,
    room: "",
    onlineUrl: "",
  });
  if (!s.ok) throw new Error(s.code);
  const p = await setClassStatus(db, trainer, c.value.id, "published");
  if (!p.ok) throw new Error(p.code);
  return { classId: c.value.id, sessionId: s.value.id };
}

async function statuses(db: Db, classId: number) {
  const rows = await db.select({ m: classEnrolments.memberId, s: classEnrolments.status }).from(classEnrolments).where(eq(classEnrolments.classId, classId));
  return Object.fromEntries(rows.map((r) => [r.m, r.s]));
}

async function someMembers<N extends number>(db: Db, n: N): Promise<Tuple<number, N>> {
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`SELECT id FROM members WHERE status = 'active' AND employee_no NOT LIKE '9000%' ORDER BY id LIMIT ${n}`),
  );
  return firstN(
    rows.map((r) => Number(r.id)),
    n,
    "member",
  );
}

describe.each(drivers())("class enrolment and the wait-list on %s", (driver) => {
  let h: DbHandle;
  let trainer: CurrentUser;
  let worker: CurrentUser;
  let manager: CurrentUser;

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(h.db, { members: 40 });
    trainer = await userOf(h.db, "900003");
    worker = await userOf(h.db, "900004");
    manager = await userOf(h.db, "900002");
  });
  afterAll(async () => h?.close());

  it("fills the places, then wait-lists, never over capacity; enrolling twice changes nothing", async () => {
    const { classId } = await openClass(h.db, trainer);
    const [a, b, c] = await someMembers(h.db, 3);
    expect(await enrol(h.db, self(a), { classId })).toMatchObject({ ok: true, value: { status: "enrolled", already: false } });
    expect(await enrol(h.db, self(b), { classId })).toMatchObject({ ok: true, value: { status: "enrolled" } });
    expect(await enrol(h.db, self(c), { classId })).toMatchObject({ ok: true, value: { status: "waitlisted", position: 1 } });
    const before = await statuses(h.db, classId);
    expect(await enrol(h.db, self(c), { classId })).toMatchObject({ ok: true, value: { status: "waitlisted", already: true, position: 1 } });
    expect(await enrol(h.db, self(a), { classId })).toMatchObject({ ok: true, value: { status: "enrolled", already: true } });
    expect(await statuses(h.db, classId)).toEqual(before);
    expect(Object.values(before).filter((s) => s === "enrolled")).toHaveLength(2);
  });

  it("moves the first on the wait-list up when a place frees, and tells them", async () => {
    const { classId } = await openClass(h.db, trainer, { capacity: 1 });
    const [a, b, c] = await someMembers(h.db, 3);
    await enrol(h.db, self(a), { classId });
    await enrol(h.db, self(b), { classId });
    await enrol(h.db, self(c), { classId });
    const unreadBefore = await unreadCount(h.db, self(b));
    const r = await cancelEnrolment(h.db, self(a), { classId });
    expect(r).toEqual({ ok: true, value: { promoted: [b] } });
    expect(await statuses(h.db, classId)).toEqual({ [a]: "cancelled", [b]: "enrolled", [c]: "waitlisted" });
    expect(await unreadCount(h.db, self(b))).toBe(unreadBefore + 1);
    const n = first(await listNotifications(h.db, self(b)), "notification");
    expect(n.kind).toBe("classes.notify.promoted");
    expect(n.href).toBe("/classes");
    // Leaving the wait-list frees no place: nobody moves.
    expect(await cancelEnrolment(h.db, self(c), { classId })).toEqual({ ok: true, value: { promoted: [] } });
    expect(await cancelEnrolment(h.db, self(c), { classId })).toMatchObject({ ok: false, code: "classes.errors.notEnrolled" });
    // Opening or marking read only touches one's own.
    expect(await openNotification(h.db, self(a), n.id)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await unreadCount(h.db, self(b))).toBe(unreadBefore + 1);
    expect(await markAllRead(h.db, self(b))).toBeGreaterThan(0);
    expect(await unreadCount(h.db, self(b))).toBe(0);
  });

  it("a larger capacity moves the wait-list up at once; a smaller one takes no place away", async () => {
    const { classId } = await openClass(h.db, trainer, { capacity: 1 });
    const [a, b, c] = await someMembers(h.db, 3);
    for (const m of [a, b, c]) await enrol(h.db, self(m), { classId });
    const up = await updateClass(h.db, trainer, classId, classInput({ capacity: 2 }));
    expect(up).toEqual({ ok: true, value: { promoted: [b] } });
    const down = await updateClass(h.db, trainer, classId, classInput({ capacity: 1 }));
    expect(down).toEqual({ ok: true, value: { promoted: [] } });
    expect(await statuses(h.db, classId)).toEqual({ [a]: "enrolled", [b]: "enrolled", [c]: "waitlisted" });
    // With 2 enrolled on 1 place, a cancellation frees no place for the wait-list.
    expect(await cancelEnrolment(h.db, self(a), { classId })).toEqual({ ok: true, value: { promoted: [] } });
  });

  it("a class taken back to draft and given more places moves its wait-list up when it reopens", async () => {
    const { classId } = await openClass(h.db, trainer, { capacity: 1 });
    const [a, b] = await someMembers(h.db, 2);
    await enrol(h.db, self(a), { classId });
    await enrol(h.db, self(b), { classId });
    await setClassStatus(h.db, trainer, classId, "draft");
    expect(await updateClass(h.db, trainer, classId, classInput({ capacity: 2 }))).toEqual({ ok: true, value: { promoted: [] } });
    expect(await statuses(h.db, classId)).toEqual({ [a]: "enrolled", [b]: "waitlisted" });
    await setClassStatus(h.db, trainer, classId, "published");
    expect(await statuses(h.db, classId)).toEqual({ [a]: "enrolled", [b]: "enrolled" });
  });

  it("keeps a class to its audience for self-enrolment; a trainer may enrol anyone in scope", async () => {
    const { classId } = await openClass(h.db, trainer);
    const t08 = first(await h.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "T08")));
    await setClassAudience(h.db, trainer, classId, { orgUnitIds: [t08.id], jobIds: [] });
    const before = await statuses(h.db, classId);
    expect(await enrol(h.db, worker, { classId })).toMatchObject({ ok: false, code: "classes.errors.notInAudience" });
    expect(await statuses(h.db, classId)).toEqual(before);
    const r = await enrolOther(h.db, trainer, { classId, employeeNo: "900004" });
    expect(r).toMatchObject({ ok: true, value: { status: "enrolled" } });
    // The enrolled member hears of it as an event (bell, and the channels they keep on).
    const told = (await h.db.select().from(notifications).where(eq(notifications.memberId, worker.memberId))).filter(
      (n) => n.event === "class_assigned" && n.params.title === "气动调节阀维护",
    );
    expect(told.at(-1)).toMatchObject({ kind: "notify.events.classAssigned", href: "/classes", params: { status: "enrolled" } });
    // The manager of T09 may enrol T09's people, not T08's.
    const outsider = first(
      rowsOf<{ employee_no: string }>(
        await h.db.execute(
          sql`SELECT m.employee_no FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE ou.path LIKE (SELECT path FROM org_units WHERE code = 'T08') || '%' AND m.employee_no NOT LIKE '9000%' LIMIT 1`,
        ),
      ),
    ).employee_no;
    expect(await enrolOther(h.db, manager, { classId, employeeNo: outsider })).toMatchObject({ ok: false, code: "classes.errors.notAllowed" });
    expect(await enrolOther(h.db, worker, { classId, employeeNo: "900002" })).toMatchObject({ ok: false, code: "classes.errors.notAllowed" });
    expect(await enrolOther(h.db, trainer, { classId, employeeNo: "NOPE1" })).toMatchObject({ ok: false, code: "classes.errors.memberNotFound" });
  });

  it("refuses enrolment in a draft or closed class and changes nothing", async () => {
    const c = await createClass(h.db, trainer, classInput());
    if (!c.ok) throw new Error(c.code);
    const [a] = await someMembers(h.db, 1);
    expect(await enrol(h.db, self(a), { classId: c.value.id })).toMatchObject({ ok: false, code: "classes.errors.notOpen" });
    expect(await setClassStatus(h.db, trainer, c.value.id, "published")).toMatchObject({ ok: false, code: "classes.errors.noSessions" });
    expect(await statuses(h.db, c.value.id)).toEqual({});
  });

  it("only a trainer or the instructor runs a class; a technician creates only their own", async () => {
    const { classId } = await openClass(h.db, trainer);
    expect(await updateClass(h.db, worker, classId, classInput())).toMatchObject({ ok: false, code: "classes.errors.notYours" });
    expect(await createClass(h.db, trainer, classInput({ instructorEmployeeNo: "900004" }))).toMatchObject({
      ok: false,
      code: "classes.errors.notAnInstructor",
    });
    const tech = first(
      rowsOf<{ id: number; employee_no: string }>(
        await h.db.execute(sql`SELECT id, employee_no FROM members WHERE tech_title = 'technician' AND employee_no NOT LIKE '9000%' LIMIT 1`),
      ),
    );
    const techUser = { userId: 0, memberId: Number(tech.id), roles: [{ role: "worker" as const, scopePath: null }] };
    expect(await createClass(h.db, techUser, classInput({ instructorEmployeeNo: "900003" }))).toMatchObject({ ok: false, code: "classes.errors.ownClassOnly" });
    const own = await createClass(h.db, techUser, classInput({ instructorEmployeeNo: "" }));
    expect(own).toMatchObject({ ok: true });
  });

  it("reminds enrolled members once of a session within 24 hours", async () => {
    const { classId, sessionId } = await openClass(h.db, trainer);
    const [a, b] = await someMembers(h.db, 2);
    await enrol(h.db, self(a), { classId });
    await enrol(h.db, self(b), { classId });
    await cancelEnrolment(h.db, self(b), { classId });
    await sendSessionReminders(h.db);
    await sendSessionReminders(h.db);
    const key = `class-session:${sessionId}:reminder`;
    const rows = await h.db.select().from(notifications).where(eq(notifications.dedupeKey, key));
    expect(rows.map((r) => r.memberId)).toEqual([a]);
    const reminder = rows[0]!;
    expect(reminder.kind).toBe("classes.notify.reminder");
    expect(reminder.params).toMatchObject({ title: "气动调节阀维护" });
    expect(Number.isNaN(Date.parse(String(reminder.params.startsAt)))).toBe(false);
    // A late enrolment is reminded by the next sweep.
    await enrol(h.db, self(b), { classId });
    expect(await sendSessionReminders(h.db)).toBeGreaterThanOrEqual(1);
    const again = await h.db.select().from(notifications).where(eq(notifications.dedupeKey, key));
    expect(again.map((r) => r.memberId).sort()).toEqual([a, b].sort());
  });

  it("moves a session and tells those holding a place; a session with a check-in stays as it was", async () => {
    const { classId, sessionId } = await openClass(h.db, trainer);
    const [a] = await someMembers(h.db, 1);
    await enrol(h.db, self(a), { classId });
    const start = new Date(Date.now() + 48 * 3600_000);
    const moved = { startsAt: start, endsAt: new Date(start.getTime() + 3600_000), placeOrgUnitId: null, room: "新会议室", onlineUrl: "" };
    expect(await updateSession(h.db, worker, sessionId, moved)).toMatchObject({ ok: false });
    expect(await updateSession(h.db, trainer, 999_999, moved)).toMatchObject({ ok: false, code: "classes.errors.sessionNotFound" });
    expect(await updateSession(h.db, trainer, sessionId, moved)).toEqual({ ok: true, value: { notified: 1 } });
    const row = first(rowsOf<{ starts_at: string; room: string }>(await h.db.execute(sql`SELECT starts_at, room FROM class_sessions WHERE id = ${sessionId}`)));
    expect([new Date(row.starts_at).getTime(), row.room]).toEqual([start.getTime(), "新会议室"]);
    const told = await h.db.select().from(notifications).where(eq(notifications.kind, "classes.notify.sessionMoved"));
    expect(told.map((n) => n.memberId)).toEqual([a]);
    expect(told[0]!.params).toMatchObject({ title: "气动调节阀维护", startsAt: start.toISOString() });

    await h.db.execute(sql`INSERT INTO attendance (session_id, member_id, method) VALUES (${sessionId}, ${a}, 'manual')`);
    const later = { ...moved, startsAt: new Date(start.getTime() + 3600_000), endsAt: new Date(start.getTime() + 7200_000) };
    expect(await updateSession(h.db, trainer, sessionId, later)).toMatchObject({ ok: false, code: "classes.errors.sessionHasAttendance" });
    const kept = first(rowsOf<{ starts_at: string }>(await h.db.execute(sql`SELECT starts_at FROM class_sessions WHERE id = ${sessionId}`)));
    expect(new Date(kept.starts_at).getTime()).toBe(start.getTime());
  });
});
