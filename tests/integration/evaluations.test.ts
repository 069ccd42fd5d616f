import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { addSession, createClass, enrol, markAttendance, setClassStatus } from "@/lib/classes";
import type { ClassInput } from "@/lib/classes/input";
import type { Result } from "@/lib/core/result";
import { dismissEvaluation, evaluationResults, pendingEvaluations, submitEvaluation } from "@/lib/evaluations";
import { createTestDb, drivers } from "../helpers/db";

/**
 * 培训评估: only a member who attended the class (or completed the course) rates it, once, with
 * every score 1–5; a refusal writes nothing. Results: whoever runs the class sees every answer, a
 * trainer or manager only their scope's (a manager of another unit: nothing), never a name.
 */

const T0 = new Date("2026-11-24T02:00:00.000Z"); // the session's start; every call that reads "now" is given it
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

const classInput: ClassInput = {
  title: "抽油机井口安全操作",
  series: "technician",
  description: "",
  specialty: null,
  instructorEmployeeNo: "",
  placeOrgUnitId: null,
  room: "",
  onlineUrl: "",
  capacity: 10,
};
const scores = (content: number, delivery: number, timing: number, recommend: number) => ({ content, delivery, timing, recommend });

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.code);
  return r.value;
}

describe.each(drivers())("training evaluations on %s", (driver) => {
  let h: DbHandle;
  let db: Db;
  let tech: Principal;
  let areaTrainer: Principal;
  let trainerA: Principal;
  let managerA: Principal;
  let managerB: Principal;
  let managerC: Principal;
  let workerA: Principal;
  let workerA2: Principal;
  let workerB: Principal;
  let absentA: Principal;
  let classId: number;
  let courseId: number;

  const rows = async () => JSON.stringify(rowsOf(await db.execute(sql`SELECT * FROM training_evaluations ORDER BY id`)));
  async function refused(call: () => Promise<Result<unknown>>, kind: string, code: string) {
    const before = await rows();
    expect(await call()).toMatchObject({ ok: false, kind, code });
    expect(await rows()).toEqual(before);
  }

  beforeAll(async () => {
    h = await createTestDb(driver);
    db = h.db;
    await seedDemo(db, { members: 40 });
    const path = async (code: string) => rowsOf<{ path: string }>(await db.execute(sql`SELECT path FROM org_units WHERE code = ${code}`))[0]!.path;
    const [teamA, teamB, teamC] = [await path("T09"), await path("T08"), await path("T10")];
    const people = async (teamPath: string, n: number) =>
      rowsOf<{ id: number }>(
        await db.execute(sql`SELECT m.id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
          WHERE ou.path LIKE ${`${teamPath}%`} AND m.status = 'active' AND m.employee_no NOT LIKE '9000%' ORDER BY m.id LIMIT ${n}`),
      ).map((r) => ({ id: Number(r.id) }));
    const a = await people(teamA, 5);
    const b = await people(teamB, 2);
    const c = await people(teamC, 2);
    const [area] = await people(await path("TZH"), 1);
    await db.execute(sql`UPDATE members SET tech_title = 'technician' WHERE id = ${c[0]!.id}`);
    const principal = async (memberId: number, roles: Principal["roles"]): Promise<Principal> => ({
      userId: (await db.insert(users).values({ memberId, passwordHash: "-" }).returning({ id: users.id }))[0]!.id,
      memberId,
      roles: [...roles, { role: "worker", scopePath: null }],
    });
    trainerA = await principal(a[0]!.id, [{ role: "trainer", scopePath: teamA }]);
    managerA = await principal(a[1]!.id, [{ role: "manager", scopePath: teamA }]);
    workerA = await principal(a[2]!.id, []);
    workerA2 = await principal(a[3]!.id, []);
    absentA = await principal(a[4]!.id, []);
    workerB = await principal(b[0]!.id, []);
    managerB = await principal(b[1]!.id, [{ role: "manager", scopePath: teamB }]);
    tech = await principal(c[0]!.id, []);
    managerC = await principal(c[1]!.id, [{ role: "manager", scopePath: teamC }]);
    areaTrainer = await principal(area!.id, [{ role: "trainer", scopePath: null }]);

    // The technician's class, one session at T0; three of team A and one of team B attend, one of team A does not.
    classId = must(await createClass(db, tech, classInput)).id;
    const session = must(await addSession(db, tech, classId, { startsAt: at(0), endsAt: at(90), placeOrgUnitId: null, room: "", onlineUrl: "" })).id;
    must(await setClassStatus(db, tech, classId, "published"));
    for (const p of [workerA, workerA2, absentA, workerB]) must(await enrol(db, p, { classId, now: at(-600) }));
    for (const p of [workerA, workerA2, workerB])
      must(await markAttendance(db, tech, { sessionId: session, memberId: p.memberId, present: true, now: at(10) }));

    // A course of the area trainer, completed by workerA and workerB.
    courseId = Number(
      rowsOf<{ id: number }>(
        await db.execute(sql`INSERT INTO courses (title, status, created_by) VALUES ('安全规程', 'published', ${areaTrainer.userId}) RETURNING id`),
      )[0]!.id,
    );
    for (const p of [workerA, workerB])
      await db.execute(
        sql`INSERT INTO course_completions (member_id, course_id, completed_at) VALUES (${p.memberId}, ${courseId}, ${at(100).toISOString()}::timestamptz)`,
      );
  });
  afterAll(async () => h?.close());

  it("only a member who attended answers, once; bad scores and comments are refused; nothing written on a refusal", async () => {
    const rate =
      (p: Principal, s: unknown, comment = "") =>
      () =>
        submitEvaluation(db, p, { kind: "class", id: classId, scores: s, comment });
    // On the list but not attended: refused. The instructor did not attend either.
    await refused(rate(absentA, scores(5, 5, 5, 5)), "forbidden", "evaluations.errors.notAttended");
    await refused(rate(tech, scores(5, 5, 5, 5)), "forbidden", "evaluations.errors.notAttended");
    // Bad input, by one who may answer: nothing written.
    for (const bad of [scores(6, 5, 5, 5), scores(5, 0, 5, 5), scores(5, 5, 4.5, 5), { content: 5, delivery: 5, timing: 5 }, "5555", null]) {
      await refused(rate(workerA, bad), "badRequest", "evaluations.errors.score");
    }
    await refused(rate(workerA, scores(5, 5, 5, 5), "长".repeat(201)), "badRequest", "errors.tooLong");
    await refused(() => submitEvaluation(db, workerA, { kind: "quiz", id: classId, scores: scores(5, 5, 5, 5) }), "badRequest", "errors.invalidInput");
    await refused(() => submitEvaluation(db, workerA, { kind: "class", id: 2_147_483_648, scores: scores(5, 5, 5, 5) }), "badRequest", "errors.invalidInput");
    await refused(
      () => submitEvaluation(db, workerA, { kind: "class", id: 2_147_483_000, scores: scores(5, 5, 5, 5) }),
      "notFound",
      "evaluations.errors.notFound",
    );

    // The card is there for the attendee, not for the one who stayed away.
    expect((await pendingEvaluations(db, workerA, at(200))).map((e) => [e.kind, e.id])).toEqual([
      ["course", courseId],
      ["class", classId],
    ]);
    expect(await pendingEvaluations(db, absentA, at(200))).toEqual([]);
    // …and gone 60 days later.
    expect(await pendingEvaluations(db, workerA, at(61 * 24 * 60))).toEqual([]);

    expect(await rate(workerA, scores(5, 4, 3, 5), "  案例很实用，希望多讲现场故障  ")()).toEqual({ ok: true, value: { title: classInput.title } });
    // Twice: refused, whether answering or dismissing.
    await refused(rate(workerA, scores(1, 1, 1, 1)), "conflict", "evaluations.errors.already");
    await refused(() => dismissEvaluation(db, workerA, { kind: "class", id: classId }), "conflict", "evaluations.errors.already");
    expect((await pendingEvaluations(db, workerA, at(200))).map((e) => e.kind)).toEqual(["course"]);
    const [row] = rowsOf<{ scores: unknown; comment: string }>(
      await db.execute(sql`SELECT scores, comment FROM training_evaluations WHERE member_id = ${workerA.memberId}`),
    );
    expect(typeof row!.scores === "string" ? JSON.parse(row!.scores) : row!.scores).toEqual(scores(5, 4, 3, 5));
    expect(row!.comment).toBe("案例很实用，希望多讲现场故障");

    // Dismissing is the one turn too: the card goes, and answering afterwards is refused.
    expect((await dismissEvaluation(db, workerA2, { kind: "class", id: classId })).ok).toBe(true);
    expect(await pendingEvaluations(db, workerA2, at(200))).toEqual([]);
    await refused(rate(workerA2, scores(3, 3, 3, 3)), "conflict", "evaluations.errors.already");
    expect((await rate(workerB, scores(3, 2, 3, 3), "")()).ok).toBe(true);

    // A course: only after completing it.
    const rateCourse =
      (p: Principal, comment = "") =>
      () =>
        submitEvaluation(db, p, { kind: "course", id: courseId, scores: scores(4, 4, 4, 4), comment });
    await refused(rateCourse(absentA), "forbidden", "evaluations.errors.notCompleted");
    expect((await rateCourse(workerA, "视频清楚")()).ok).toBe(true);
    await refused(rateCourse(workerA), "conflict", "evaluations.errors.already");
    expect((await rateCourse(workerB)()).ok).toBe(true);
  });

  it("results: the instructor sees every answer, a trainer or manager only their scope's, another unit's manager nothing, and never a name", async () => {
    const results = async (p: Principal) => must(await evaluationResults(db, p));
    // The instructor (a technician with no role but worker): both answers of the class (the dismissal is no answer).
    const mine = await results(tech);
    expect(mine.classes).toHaveLength(1);
    expect(mine.classes[0]).toMatchObject({ id: classId, count: 2, perQuestion: { content: 4, delivery: 3, timing: 3, recommend: 4 }, overall: 3.5 });
    expect(mine.classes[0]!.comments.map((c) => c.text)).toEqual(["案例很实用，希望多讲现场故障"]);
    expect(mine.instructors).toEqual([
      {
        memberId: tech.memberId,
        name: expect.any(String),
        classes: 1,
        count: 2,
        perQuestion: { content: 4, delivery: 3, timing: 3, recommend: 4 },
        overall: 3.5,
      },
    ]);
    expect(mine.courses).toEqual([]);
    // The area trainer: everything, the course too.
    const all = await results(areaTrainer);
    expect(all.classes[0]?.count).toBe(2);
    expect(all.courses).toMatchObject([{ id: courseId, count: 2, overall: 4, comments: [{ text: "视频清楚" }] }]);
    // Team A's trainer and manager: team A's answers only (workerA's), team B's manager team B's only.
    for (const p of [trainerA, managerA]) {
      const r = await results(p);
      expect(r.classes).toMatchObject([{ id: classId, count: 1, overall: 4.25 }]);
      expect(r.instructors).toMatchObject([{ memberId: tech.memberId, count: 1, overall: 4.25 }]);
      expect(r.courses).toMatchObject([{ id: courseId, count: 1 }]);
    }
    const b = await results(managerB);
    expect(b.classes).toMatchObject([{ id: classId, count: 1, overall: 2.75, comments: [] }]);
    // A manager of a unit none of whose members answered: nothing at all.
    expect(await results(managerC)).toEqual({ classes: [], courses: [], instructors: [] });
    // A worker who teaches nothing: refused.
    expect(await evaluationResults(db, workerA)).toMatchObject({ ok: false, kind: "forbidden", code: "evaluations.errors.notAllowed" });
    // No answerer's name anywhere in what any viewer gets (the instructor's name is not an answerer's).
    const answerers = new Set([workerA, workerA2, workerB].map((p) => p.memberId));
    const answererNames = rowsOf<{ id: number; name: string }>(await db.execute(sql`SELECT id, name FROM members`))
      .filter((m) => answerers.has(Number(m.id)))
      .map((m) => m.name);
    expect(answererNames).toHaveLength(3);
    for (const r of [mine, all, b]) for (const n of answererNames) expect(JSON.stringify(r)).not.toContain(n);
    // One class asked for: only its answers.
    const courseOnly = must(await evaluationResults(db, areaTrainer, { courseId }));
    expect(courseOnly.classes).toEqual([]);
    expect(courseOnly.courses.map((c) => c.id)).toEqual([courseId]);
    expect(must(await evaluationResults(db, areaTrainer, { classId })).courses).toEqual([]);
    expect(must(await evaluationResults(db, areaTrainer, { classId: classId + 1000 })).classes).toEqual([]);
  });
});
