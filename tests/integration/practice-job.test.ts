import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { auditLog, orgUnits } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { ensureCategoryPath } from "@/lib/quiz/bank";
import { createQuiz, setSlots } from "@/lib/quiz/quizzes";
import type { Question } from "@/lib/quiz/types";
import { closePractice, listOpenings, openForPractice } from "@/lib/practice/openings";
import { isOpenTo, learnerOf } from "@/lib/practice/open";
import { answerQuestion, nextQuestion, practiceOverview } from "@/lib/practice/practice";
import { practiceByUnit } from "@/lib/practice/units";
import { createTestDb, drivers } from "../helpers/db";
import { trueFalseIn, principalOf, publishedQuiz, quizSettings, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import { refusedLeaving } from "../helpers/unchanged";

const TABLES = ["practice_openings", "practice_audience", "audit_log"];
const DAY = new Date("2026-11-20T02:00:00Z");

describe.each(drivers())("practice opened for a job's requirements (岗位) on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let teamA: Principal; // trainer scoped to 采油九队
  let workerA: Principal; // 采油九队, in the audience
  let t09: number;
  let t08: number;
  let job: number;
  let idle: number; // an inactive job
  let requirement: number;
  let openingId: number;
  const q: Record<string, number> = {};
  const db = () => h.db;
  const refused = refusedLeaving(db, TABLES);

  const add = (category: string[], stem: string) => trueFalseIn(db(), area, category, stem);
  const open = (input: { jobId?: number; categoryId?: number; specialty?: string }, by = area, units = [t09], include = false) =>
    openForPractice(db(), by, { ...input, orgUnitIds: units, jobIds: [], includeQuizQuestions: include });
  const opened = async () => {
    const l = (await learnerOf(db(), workerA.memberId))!;
    const out: string[] = [];
    for (const [name, id] of Object.entries(q)) if (await isOpenTo(db(), l, id)) out.push(name);
    return out.sort();
  };

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    teamA = await principalOf(db(), "100004", [{ role: "trainer", scope: "T09" }]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    t08 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T08")), "T08").id;
    const pump = await ensureCategoryPath(db(), ["岗练", "抽油"]);
    q.pump1 = await add(["岗练", "抽油"], "岗练抽油一");
    q.pump2 = await add(["岗练", "抽油"], "岗练抽油二");
    q.pumpChild = await add(["岗练", "抽油", "细分"], "岗练细分");
    q.besideFixed = await add(["岗练", "固定"], "岗练固定旁题");
    q.other = await add(["岗练", "其他"], "岗练其他");
    q.outside = await add(["岗外"], "岗外题");
    q.draftOnly = await add(["岗练", "草稿"], "岗练草稿题");
    // The required quiz: one question fixed in 岗练/固定, one drawn from 岗练/抽油.
    const quiz = await publishedQuiz(db(), {
      questions: [{ ...sampleOf("truefalse"), category: ["岗练", "固定"], stem: "岗练固定考题" } as Question],
      slots: (ids) => [
        { kind: "fixed", questionId: ids[0]!, points: null },
        { kind: "random", categoryId: pump, difficulty: null, count: 1, points: null },
      ],
    });
    q.fixed = quiz.questionIds[0]!;
    // A draft quiz the job also requires: its blueprint is not settled, so it opens nothing.
    const draft = await createQuiz(db(), area, quizSettings());
    if (!draft.ok) throw new Error(draft.code);
    const draftCat = await ensureCategoryPath(db(), ["岗练", "草稿"]);
    expect(await setSlots(db(), area, draft.value.id, [{ kind: "random", categoryId: draftCat, difficulty: null, count: 1, points: null }])).toMatchObject({
      ok: true,
    });
    const [sp] = rowsOf<{ code: string }>(await db().execute(sql`SELECT code FROM specialties ORDER BY code LIMIT 1`));
    const made = rowsOf<{ id: number }>(
      await db().execute(
        sql`INSERT INTO jobs (code, name, specialty, active) VALUES ('PJOB1', '练习岗位', ${sp!.code}, true), ('PJOB2', '停用练习岗位', ${sp!.code}, false) RETURNING id`,
      ),
    );
    job = Number(made[0]!.id);
    idle = Number(made[1]!.id);
    const req = rowsOf<{ id: number }>(
      await db().execute(sql`INSERT INTO job_requirements (job_id, kind, ref_id, min_score) VALUES (${job}, 'quiz', ${quiz.quizId}, 60), (${job}, 'quiz', ${draft.value.id}, 60),
        (${job}, 'course', 999999, NULL) RETURNING id`),
    );
    requirement = Number(req[0]!.id);
  }, 300_000);
  afterAll(async () => h?.close());

  it("bad input is refused with a clear message and nothing written", async () => {
    await refused(() => open({ jobId: 999_999 }), "notFound", "practice.errors.jobNotFound");
    await refused(() => open({ jobId: idle }), "badRequest", "practice.errors.jobInactive");
    await refused(() => open({ jobId: job, specialty: "x" }), "badRequest", "practice.errors.categoryOrSpecialty");
    await refused(() => open({ jobId: job }, area, []), "badRequest", "practice.errors.noAudience");
    await refused(() => open({ jobId: job }, teamA, [t08]), "forbidden");
    await refused(() => open({ jobId: job }, workerA), "forbidden");
    // The database holds a row to exactly one kind.
    await expect(db().execute(sql`INSERT INTO practice_openings (kind) VALUES ('job')`)).rejects.toThrow();
    await expect(db().execute(sql`INSERT INTO practice_openings (kind, job_id, specialty) VALUES ('job', ${job}, 'x')`)).rejects.toThrow();
    await expect(db().execute(sql`INSERT INTO practice_openings (kind, category_id, job_id) VALUES ('category', 1, ${job})`)).rejects.toThrow();
    expect(await opened()).toEqual([]);
  });

  it("serves exactly the categories of the quizzes the job requires, never the quiz's own fixed question", async () => {
    const r = await open({ jobId: job }, teamA);
    if (!r.ok) throw new Error(r.code);
    openingId = r.value.id;
    expect(await opened()).toEqual(["besideFixed", "pump1", "pump2", "pumpChild"]);
    const overview = await practiceOverview(db(), workerA);
    expect(overview.categories.map((c) => [c.names.join("/"), c.total]).sort()).toEqual([
      ["岗练/固定", 1],
      ["岗练/抽油", 3],
    ]);
    for (let i = 0; i < 8; i++) {
      const n = await nextQuestion(db(), workerA, { mode: "random" });
      if (!n.ok || !n.value) throw new Error("nothing served");
      expect([q.pump1, q.pump2, q.pumpChild, q.besideFixed]).toContain(n.value.questionId);
    }
    const [row] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "practice.open"), eq(auditLog.entityId, String(openingId))))
      .orderBy(desc(auditLog.id));
    expect(row?.after).toMatchObject({ kind: "job", jobId: job, orgUnitIds: [t09] });
    const listed = await listOpenings(db(), teamA);
    expect(listed.map((o) => ({ job: o.job, categoryId: o.categoryId, specialty: o.specialty, mine: o.mine }))).toEqual([
      { job: { id: job, name: "练习岗位" }, categoryId: null, specialty: null, mine: true },
    ]);
    // Opening it again changes the same opening; with quiz questions, the fixed one is open too.
    expect(await open({ jobId: job }, area, [t09], true)).toMatchObject({ ok: true, value: { id: openingId } });
    expect(await opened()).toEqual(["besideFixed", "fixed", "pump1", "pump2", "pumpChild"]);
    expect(await open({ jobId: job }, area, [t09], false)).toMatchObject({ ok: true, value: { id: openingId } });
  });

  it("the unit report counts the answers on the job's questions only", async () => {
    const other = await open({ categoryId: await ensureCategoryPath(db(), ["岗外"]) });
    if (!other.ok) throw new Error(other.code);
    const answer = async (questionId: number, value: boolean) => {
      const a = await answerQuestion(db(), workerA, { questionId, mode: "random", response: { type: "truefalse", value } }, DAY);
      if (!a.ok) throw new Error(a.code);
    };
    // sampleOf("truefalse") is right when false.
    await answer(q.pump1!, true);
    await answer(q.besideFixed!, false);
    await answer(q.outside!, true);
    const r = await practiceByUnit(db(), area, openingId, new Date("2026-12-02T04:00:00Z"));
    if (!r.ok) throw new Error(r.code);
    expect(r.value.opened).toEqual({ job: "练习岗位" });
    const t = r.value.units.find((u) => u.unitId === t09)!;
    expect(t).toMatchObject({ practising: 1, answers: 2, right: 1 });
    expect(t.wrong.map((w) => w.questionId)).toEqual([q.pump1]);
    const mine = await practiceByUnit(db(), teamA, openingId);
    expect(mine.ok && mine.value.units.map((u) => u.unitId)).toEqual([t09]);
    expect(await practiceByUnit(db(), workerA, openingId)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await closePractice(db(), area, other.value.id)).toMatchObject({ ok: true });
  });

  it("stops when the requirement is removed or the job is retired, and follows it back", async () => {
    await db().execute(sql`DELETE FROM job_requirements WHERE id = ${requirement}`);
    expect(await opened()).toEqual([]);
    expect((await practiceOverview(db(), workerA)).categories).toEqual([]);
    expect(await nextQuestion(db(), workerA, { mode: "random" })).toEqual({ ok: true, value: null });
    const r = await practiceByUnit(db(), area, openingId);
    expect(r.ok && r.value.units.every((u) => u.answers === 0)).toBe(true);
    const quizId = Number(rowsOf<{ quiz_id: number }>(await db().execute(sql`SELECT quiz_id FROM quiz_slots WHERE question_id = ${q.fixed}`))[0]!.quiz_id);
    await db().execute(sql`INSERT INTO job_requirements (job_id, kind, ref_id) VALUES (${job}, 'quiz', ${quizId})`);
    expect(await opened()).toEqual(["besideFixed", "pump1", "pump2", "pumpChild"]);
    await db().execute(sql`UPDATE jobs SET active = false WHERE id = ${job}`);
    expect(await opened()).toEqual([]);
    await db().execute(sql`UPDATE jobs SET active = true WHERE id = ${job}`);
  });
});
