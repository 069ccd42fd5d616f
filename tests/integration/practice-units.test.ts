import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { orgUnits, questionCategories } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { createQuestion } from "@/lib/quiz/bank";
import { openForPractice } from "@/lib/practice/openings";
import { answerQuestion } from "@/lib/practice/practice";
import { practiceByUnit } from "@/lib/practice/units";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

const DAY = new Date("2026-11-20T02:00:00Z");

describe.each(drivers())("practice by unit on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let trainer09: Principal;
  let workerA: Principal; // 采油九队
  let workerB: Principal; // 采油八队
  let categoryId: number;
  let openingId: number;
  let t08: number;
  let t09: number;
  const ids: number[] = [];
  const db = () => h.db;

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    trainer09 = await principalOf(db(), "100004", [{ role: "trainer", scope: "T09" }]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    for (let i = 1; i <= 3; i++) {
      const r = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["分队", i === 3 ? "电工" : "安全"], stem: `分队题${i}` });
      if (!r.ok) throw new Error(r.code);
      ids.push(r.value.questionId);
    }
    categoryId = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "分队")), "分队").id;
    t08 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T08")), "T08").id;
    t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const r = await openForPractice(db(), area, { categoryId, orgUnitIds: [t08, t09], jobIds: [], includeQuizQuestions: false });
    if (!r.ok) throw new Error(r.code);
    openingId = r.value.id;
    const answer = async (p: Principal, questionId: number, value: boolean) => {
      const a = await answerQuestion(db(), p, { questionId, mode: "random", response: { type: "truefalse", value } }, DAY);
      if (!a.ok) throw new Error(a.code);
    };
    // 九队: question 3 wrong twice, question 1 wrong once, question 2 right. 八队: question 2 wrong.
    await answer(workerA, ids[2]!, true);
    await answer(workerA, ids[2]!, true);
    await answer(workerA, ids[0]!, true);
    await answer(workerA, ids[1]!, false);
    await answer(workerB, ids[1]!, true);
  });
  afterAll(async () => h?.close());

  it("per team in scope: members practising, answers, right, and the questions it keeps getting wrong", async () => {
    const r = await practiceByUnit(db(), area, openingId, new Date("2026-12-02T04:00:00Z"));
    if (!r.ok) throw new Error(r.code);
    expect(r.value.opened).toEqual({ names: ["分队"] });
    const byId = new Map(r.value.units.map((u) => [u.unitId, u]));
    expect(byId.get(t09)).toMatchObject({ practising: 1, answers: 4, right: 1 });
    expect(byId.get(t09)!.wrong.map((w) => [w.questionId, w.wrong, w.answers])).toEqual([
      [ids[2], 2, 2],
      [ids[0], 1, 1],
    ]);
    expect(byId.get(t09)!.wrong[0]!.names).toEqual(["分队", "电工"]);
    expect(byId.get(t08)).toMatchObject({ practising: 1, answers: 1, right: 0 });
    expect(byId.get(t08)!.wrong.map((w) => w.questionId)).toEqual([ids[1]]);
    // Over time: the answers of 2026-11-20 in the week of Monday 11-16, four weeks ago of eight; the
    // questions each team has practised carried to this week.
    const week = (id: number) => byId.get(id)!.weeks.map((w) => [w.week, w.answers, w.right, w.practised]);
    expect(week(t09)).toEqual(
      ["2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"].map((d) =>
        d < "2026-11-16" ? [d, 0, 0, 0] : d === "2026-11-16" ? [d, 4, 1, 3] : [d, 0, 0, 3],
      ),
    );
    expect(week(t08).map((w) => w[3])).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    // Teams without practice show with zeros.
    expect(r.value.units.length).toBeGreaterThan(2);
  });

  it("a team trainer sees only their own team; workers and closed categories are refused", async () => {
    const r = await practiceByUnit(db(), trainer09, openingId);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.units.map((u) => u.unitId)).toEqual([t09]);
    expect(await practiceByUnit(db(), workerA, openingId)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await practiceByUnit(db(), area, openingId + 1000)).toMatchObject({ ok: false, kind: "notFound" });
  });

  it("a specialty opening reports the questions of the specialty's categories, subcategories included", async () => {
    await db().execute(sql`INSERT INTO specialties (code, name_zh, name_en, sort, active) VALUES ('units_sp', '分队专业', 'Units specialty', 930, true)`);
    await db().execute(sql`UPDATE question_categories SET specialty = 'units_sp' WHERE id = ${categoryId}`);
    const o = await openForPractice(db(), area, { specialty: "units_sp", orgUnitIds: [t08, t09], jobIds: [], includeQuizQuestions: false });
    if (!o.ok) throw new Error(o.code);
    const r = await practiceByUnit(db(), area, o.value.id, new Date("2026-12-02T04:00:00Z"));
    if (!r.ok) throw new Error(r.code);
    expect(r.value.opened).toEqual({ specialty: "units_sp" });
    const byId = new Map(r.value.units.map((u) => [u.unitId, u]));
    // The same answers as the category's opening: 分队 and its subcategory 电工 are of the specialty.
    expect(byId.get(t09)).toMatchObject({ practising: 1, answers: 4, right: 1 });
    expect(byId.get(t09)!.wrong.map((w) => w.questionId)).toEqual([ids[2], ids[0]]);
    expect(byId.get(t08)).toMatchObject({ practising: 1, answers: 1, right: 0 });
    // Another specialty's opening counts none of them.
    await db().execute(sql`UPDATE question_categories SET specialty = NULL WHERE id = ${categoryId}`);
    const none = await practiceByUnit(db(), area, o.value.id);
    if (!none.ok) throw new Error(none.code);
    expect(none.value.units.every((u) => u.answers === 0)).toBe(true);
  });
});
