import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { attemptEvents, attempts, members, orgUnits, quizProctorSessions } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { codeFor, minuteOf } from "@/lib/core/rotating-code";
import { integrityFor, recordIntegrity, startAttempt } from "@/lib/quiz/attempts";
import { MAX_EVENTS_PER_ATTEMPT } from "@/lib/quiz/attempts/integrity";
import { closeProctoring, openProctoring, PROCTOR_MAX_FAILURES, proctorDisplay, proctorStations } from "@/lib/quiz/proctor";
import { drivers, createTestDb } from "../helpers/db";
import { areaTrainer, memberIdOf, memberIn, principalOf, publishedQuiz } from "../helpers/quiz";
import { first } from "../helpers/rows";

describe.each(drivers())("on-site proctoring and the integrity log on %s", (driver) => {
  let h: DbHandle;
  let trainer: Principal;
  let worker: number;
  let station: number;
  let otherStation: number;
  const unitId = async (code: string) => first(await h.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code)), code).id;
  const attemptsOf = async (quizId: number) => (await h.db.select().from(attempts).where(eq(attempts.quizId, quizId))).length;
  const secretOf = async (id: number) => first(await h.db.select().from(quizProctorSessions).where(eq(quizProctorSessions.id, id)), "proctoring").secret;

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(h.db, { members: 40 });
    trainer = await areaTrainer(h.db);
    worker = await memberIdOf(h.db, "900004"); // 韦2中转站, 采油九队
    station = await unitId("T09-W2");
    otherStation = await unitId("T08-W4");
  });
  afterAll(async () => h?.close());

  it("refuses a missing, wrong or expired code and writes no attempt; the right one starts a supervised attempt", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { proctorRequired: true } });
    const now = new Date();
    expect(await startAttempt(h.db, { quizId, memberId: worker, proctorCode: "123456", now })).toMatchObject({ ok: false, code: "proctor.errors.noProctor" });
    const opened = await openProctoring(h.db, trainer, { quizId, orgUnitId: station }, now);
    if (!opened.ok) throw new Error(opened.code);
    const secret = await secretOf(opened.value.id);
    const right = codeFor(secret, minuteOf(now));
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");

    expect(await startAttempt(h.db, { quizId, memberId: worker, now })).toMatchObject({ ok: false, code: "proctor.errors.codeRequired" });
    expect(await startAttempt(h.db, { quizId, memberId: worker, proctorCode: "12ab", now })).toMatchObject({ ok: false, code: "proctor.errors.codeFormat" });
    expect(await startAttempt(h.db, { quizId, memberId: worker, proctorCode: wrong, now })).toMatchObject({ ok: false, code: "proctor.errors.wrongCode" });
    const stale = codeFor(secret, minuteOf(now) - 5);
    if (stale !== right && stale !== codeFor(secret, minuteOf(now) - 1))
      expect(await startAttempt(h.db, { quizId, memberId: worker, proctorCode: stale, now })).toMatchObject({ ok: false, code: "proctor.errors.staleCode" });
    expect(await attemptsOf(quizId)).toBe(0);

    const started = await startAttempt(h.db, { quizId, memberId: worker, proctorCode: right, now });
    if (!started.ok) throw new Error(started.code);
    const a = first(await h.db.select().from(attempts).where(eq(attempts.id, started.value.attemptId)), "attempt");
    expect(a.proctorSessionId).toBe(opened.value.id);
    expect(a.proctoredAt?.getTime()).toBe(now.getTime());
    // The open attempt resumes without a code.
    expect(await startAttempt(h.db, { quizId, memberId: worker, now })).toMatchObject({ ok: true, value: { attemptId: a.id, resumed: true } });

    const shown = (await integrityFor(h.db, trainer, [a.id])).get(a.id);
    expect(shown?.proctor).toMatchObject({ name: "陶文博", station: "韦2中转站" });
    const display = await proctorDisplay(h.db, trainer, opened.value.id, now);
    expect(display).toMatchObject({ ok: true, value: { state: "open", code: right, started: 1 } });

    // Once closed, its code starts nothing.
    const other = await memberIn(h.db, "T09", [worker, trainer.memberId]);
    expect(await closeProctoring(h.db, trainer, opened.value.id, now)).toMatchObject({ ok: true });
    expect(await startAttempt(h.db, { quizId, memberId: other, proctorCode: right, now })).toMatchObject({ ok: false, code: "proctor.errors.noProctor" });
    expect(await attemptsOf(quizId)).toBe(1);
  });

  it(`counts wrong codes: after ${PROCTOR_MAX_FAILURES} even the right one is refused for a while`, async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { proctorRequired: true } });
    const now = new Date();
    const opened = await openProctoring(h.db, trainer, { quizId, orgUnitId: station }, now);
    if (!opened.ok) throw new Error(opened.code);
    const right = codeFor(await secretOf(opened.value.id), minuteOf(now));
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < PROCTOR_MAX_FAILURES; i++) expect((await startAttempt(h.db, { quizId, memberId: worker, proctorCode: wrong, now })).ok).toBe(false);
    expect(await startAttempt(h.db, { quizId, memberId: worker, proctorCode: right, now })).toMatchObject({ ok: false, code: "proctor.errors.tooManyTries" });
    expect(await attemptsOf(quizId)).toBe(0);
    // The window passes: the count starts again (and the code of that minute works).
    const later = new Date(now.getTime() + 31 * 60_000);
    const code = codeFor(await secretOf(opened.value.id), minuteOf(later));
    expect(await startAttempt(h.db, { quizId, memberId: worker, proctorCode: code, now: later })).toMatchObject({ ok: true });
  });

  it("lets trainers, managers and technicians of the station proctor, and nobody else", async () => {
    const { quizId } = await publishedQuiz(h.db, { settings: { proctorRequired: true } });
    const plain = await publishedQuiz(h.db);
    const manager = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    const workerP = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const techId = await memberIn(h.db, "T09-W2", [worker]);
    const tech = await h.db.select({ no: members.employeeNo }).from(members).where(eq(members.id, techId));
    await h.db.update(members).set({ techTitle: "technician" }).where(eq(members.id, techId));
    const technician = await principalOf(h.db, first(tech, "tech").no, [{ role: "worker", scope: null }]);
    const t08 = await principalOf(h.db, "900003", [{ role: "trainer", scope: "T08" }]);

    expect((await proctorStations(h.db, workerP)).length).toBe(0);
    expect(await openProctoring(h.db, workerP, { quizId, orgUnitId: station })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await openProctoring(h.db, t08, { quizId, orgUnitId: station })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await openProctoring(h.db, manager, { quizId, orgUnitId: otherStation })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await openProctoring(h.db, technician, { quizId, orgUnitId: otherStation })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await openProctoring(h.db, manager, { quizId, orgUnitId: await unitId("T09") })).toMatchObject({ ok: false, code: "proctor.errors.notAStation" });
    expect(await openProctoring(h.db, manager, { quizId: plain.quizId, orgUnitId: station })).toMatchObject({ ok: false, code: "proctor.errors.notProctored" });

    const byTech = await openProctoring(h.db, technician, { quizId, orgUnitId: station });
    if (!byTech.ok) throw new Error(byTech.code);
    // One open proctoring per quiz and station: the manager gets the same one.
    expect(await openProctoring(h.db, manager, { quizId, orgUnitId: station })).toMatchObject({ ok: true, value: { id: byTech.value.id } });
    // Its code is shown only to those who may proctor there.
    expect(await proctorDisplay(h.db, workerP, byTech.value.id)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await proctorDisplay(h.db, t08, byTech.value.id)).toMatchObject({ ok: false, kind: "notFound" });
    expect(await closeProctoring(h.db, workerP, byTech.value.id)).toMatchObject({ ok: false });
    expect(await proctorDisplay(h.db, manager, byTech.value.id)).toMatchObject({ ok: true, value: { state: "open" } });
  });

  it("stores integrity events once each, logs a second device once, caps the log, and shows it to trainers in scope only", async () => {
    const { quizId } = await publishedQuiz(h.db);
    const s = await startAttempt(h.db, { quizId, memberId: worker });
    if (!s.ok) throw new Error(s.code);
    const id = s.value.attemptId;
    const t0 = Date.now();
    const batch = {
      device: "devicea1b2c3d4",
      events: [
        { seq: 1, kind: "left" as const, at: t0 },
        { seq: 2, kind: "returned" as const, at: t0 + 95_000, awayS: 95 },
        { seq: 3, kind: "paste" as const, at: t0 + 96_000, position: 2, chars: 40 },
      ],
    };
    expect(await recordIntegrity(h.db, { attemptId: id, memberId: worker, batch })).toMatchObject({ ok: true, value: { stored: 3 } });
    // A resent batch changes nothing; the same device again is no event.
    expect(await recordIntegrity(h.db, { attemptId: id, memberId: worker, batch })).toMatchObject({ ok: true, value: { stored: 0 } });
    // Another browser on the same attempt: logged once.
    for (let i = 0; i < 2; i++) await recordIntegrity(h.db, { attemptId: id, memberId: worker, batch: { device: "deviceb9b9b9b9", events: [] } });
    // Somebody else's attempt: not found, nothing stored.
    const other = await memberIn(h.db, "T09", [worker, trainer.memberId]);
    expect(await recordIntegrity(h.db, { attemptId: id, memberId: other, batch: { events: [{ seq: 9, kind: "left", at: t0 }] } })).toMatchObject({
      ok: false,
      kind: "notFound",
    });

    const info = (await integrityFor(h.db, trainer, [id])).get(id);
    expect(info).toMatchObject({ proctor: null, left: 1, awayS: 95, pastes: 1, devices: 1, dropped: 0 });
    expect(info?.events.map((e) => e.kind)).toEqual(["left", "returned", "paste", "device"]);

    // A flooding client: past the cap nothing more is stored, only counted.
    for (let round = 0; round < 5; round++) {
      const events = Array.from({ length: 50 }, (_, i) => ({ seq: 100 + round * 50 + i, kind: "left" as const, at: t0 }));
      await recordIntegrity(h.db, { attemptId: id, memberId: worker, batch: { events } });
    }
    const [n] = await h.db.select({ n: sql<number>`count(*)::int` }).from(attemptEvents).where(eq(attemptEvents.attemptId, id));
    expect(Number(n?.n)).toBe(MAX_EVENTS_PER_ATTEMPT);
    const capped = (await integrityFor(h.db, trainer, [id])).get(id);
    expect(capped?.dropped).toBe(4 + 250 - MAX_EVENTS_PER_ATTEMPT);

    // Trainers only, and only over their members.
    const workerP = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    const manager = await principalOf(h.db, "900002", [{ role: "manager", scope: "T09" }]);
    const t08 = await principalOf(h.db, "900003", [{ role: "trainer", scope: "T08" }]);
    const t09 = await principalOf(h.db, "900003", [{ role: "trainer", scope: "T09" }]);
    expect((await integrityFor(h.db, workerP, [id])).size).toBe(0);
    expect((await integrityFor(h.db, manager, [id])).size).toBe(0);
    expect((await integrityFor(h.db, t08, [id])).size).toBe(0);
    expect((await integrityFor(h.db, t09, [id])).size).toBe(1);
  });
});
