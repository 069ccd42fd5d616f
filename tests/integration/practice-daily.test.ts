import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { notifications, orgUnits, practiceDailySets, questionCategories } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { createQuestion } from "@/lib/quiz/bank";
import { openForPractice } from "@/lib/practice/openings";
import { answerQuestion } from "@/lib/practice/practice";
import { answerDaily, dailyOverview, startDaily, todaysSet, type DailySet } from "@/lib/practice/daily";
import { sweepDailyReminders } from "@/lib/practice/reminders";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import { refusedLeaving, tablesSnapshot } from "../helpers/unchanged";

/** Practice tables, the points ledger and the audit log: a refusal changes none of them. */
const TABLES = ["practice_answers", "practice_progress", "wrong_book", "practice_daily_sets", "practice_daily_answers", "points_ledger", "audit_log"];

/** An instant by its wall-clock time in Shanghai (the site's zone in the tests). */
const shanghai = (day: string, hm = "10:00") => new Date(`${day}T${hm}:00+08:00`);
const TZ = "Asia/Shanghai";

describe.each(drivers())("每日一练 on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let workerA: Principal; // 采油九队, in the audience
  let workerB: Principal; // 采油八队, outside it
  const ids: number[] = [];
  const db = () => h.db;

  const refused = refusedLeaving(db, TABLES);

  async function setOf(p: Principal, now: Date): Promise<DailySet> {
    const started = await startDaily(db(), p, now);
    if (!started.ok) throw new Error(started.code);
    const r = await todaysSet(db(), p, now);
    if (!r.ok || !r.value) throw new Error("no set");
    return r.value;
  }

  /** Answers every open question of the day's set (all "false": right for the true/false ones made here). */
  async function completeDay(p: Principal, day: string) {
    const now = shanghai(day);
    const set = await setOf(p, now);
    let last: Awaited<ReturnType<typeof answerDaily>> | undefined;
    for (const i of set.items.filter((x) => x.answerId === null)) {
      last = await answerDaily(db(), p, { day, questionId: i.questionId, response: { type: "truefalse", value: false } }, now);
      if (!last.ok) throw new Error(last.code);
    }
    return last;
  }

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    for (let i = 1; i <= 8; i++) {
      const r = await createQuestion(db(), area, { ...sampleOf("truefalse"), category: ["每日", "安全"], stem: `每日题${i}` });
      if (!r.ok) throw new Error(r.code);
      ids.push(r.value.questionId);
    }
    const cat = first(await db().select().from(questionCategories).where(eq(questionCategories.name, "每日")), "每日").id;
    const t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const r = await openForPractice(db(), area, { categoryId: cat, orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false });
    if (!r.ok) throw new Error(r.code);
  });
  afterAll(async () => h?.close());

  it("the day's set is drawn once, book first, and stays fixed all day whatever is practised", async () => {
    const day = "2026-11-02";
    // A question answered wrong in practice the day before is in the book: the draw takes it first.
    const wrong = await answerQuestion(
      db(),
      workerA,
      { questionId: ids[7]!, mode: "random", response: { type: "truefalse", value: true } },
      shanghai("2026-11-01"),
    );
    expect(wrong).toMatchObject({ ok: true, value: { right: false } });
    // Looking at the day before starting it draws nothing.
    const looked = await tablesSnapshot(db(), TABLES);
    expect(await todaysSet(db(), workerA, shanghai(day, "06:00"))).toEqual({ ok: true, value: null });
    expect(await dailyOverview(db(), workerA, shanghai(day, "06:00"))).toMatchObject({ drawn: false, answered: 0 });
    expect(await tablesSnapshot(db(), TABLES)).toBe(looked);
    const set = await setOf(workerA, shanghai(day, "07:00"));
    expect(set.day).toBe(day);
    expect(set.items).toHaveLength(5);
    expect(set.items[0]!.questionId).toBe(ids[7]);
    expect(set.items.every((i) => ids.includes(i.questionId) && i.answerId === null)).toBe(true);
    expect(set.next?.questionId).toBe(ids[7]);
    expect(JSON.stringify(set.next)).not.toMatch(/"key"|explanation/);
    // Practice in between (which moves questions between the pools) leaves the set as it was.
    for (const i of set.items)
      await answerQuestion(db(), workerA, { questionId: i.questionId, mode: "random", response: { type: "truefalse", value: false } }, shanghai(day, "08:00"));
    const again = await setOf(workerA, shanghai(day, "23:00"));
    expect(again.items.map((i) => i.questionId)).toEqual(set.items.map((i) => i.questionId));
    expect(await db().select().from(practiceDailySets).where(eq(practiceDailySets.memberId, workerA.memberId))).toHaveLength(1);
    // The next day brings a new set.
    const next = await setOf(workerA, shanghai("2026-11-03"));
    expect(next.day).toBe("2026-11-03");
  });

  it("refusals change nothing: outside the audience, another day's set, a question not in it, twice", async () => {
    const day = "2026-11-05";
    expect(await todaysSet(db(), workerB, shanghai(day))).toEqual({ ok: true, value: null });
    await refused(() => startDaily(db(), workerB, shanghai(day)), "refused", "practice.daily.none");
    const set = await setOf(workerA, shanghai(day));
    const q = set.items[0]!.questionId;
    const outside = ids.find((id) => !set.items.some((i) => i.questionId === id))!;
    const tf = { type: "truefalse", value: false };
    await refused(() => answerDaily(db(), workerB, { day, questionId: q, response: tf }, shanghai(day)), "notFound");
    await refused(
      () => answerDaily(db(), workerA, { day: "2026-11-04", questionId: q, response: tf }, shanghai(day)),
      "refused",
      "practice.errors.dailyOtherDay",
    );
    await refused(
      () => answerDaily(db(), workerA, { day: "2026-11-06", questionId: q, response: tf }, shanghai(day)),
      "refused",
      "practice.errors.dailyOtherDay",
    );
    await refused(() => answerDaily(db(), workerA, { day, questionId: outside, response: tf }, shanghai(day)), "notFound");
    await refused(() => answerDaily(db(), workerA, { day, questionId: q, response: { type: "single", optionId: "x" } }, shanghai(day)), "badRequest");
    expect(await answerDaily(db(), workerA, { day, questionId: q, response: tf }, shanghai(day))).toMatchObject({
      ok: true,
      value: { right: true, completed: false },
    });
    await refused(() => answerDaily(db(), workerA, { day, questionId: q, response: tf }, shanghai(day, "11:00")), "refused", "practice.errors.dailyAnswered");
    // Two answers to the same question at once: one is kept.
    const q2 = set.items[1]!.questionId;
    const both = await Promise.all([0, 1].map(() => answerDaily(db(), workerA, { day, questionId: q2, response: tf }, shanghai(day))));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const [n] = rowsOf<{ n: number }>(
      await db().execute(sql`SELECT count(*)::int AS n FROM practice_daily_answers WHERE member_id = ${workerA.memberId} AND day = ${day}`),
    );
    expect(Number(n?.n)).toBe(2);
  });

  it("at 23:58 in Shanghai it is still that day; after midnight its set is another day's", async () => {
    const late = new Date("2026-11-10T15:58:00Z"); // 23:58 in Shanghai
    const set = await setOf(workerA, late);
    expect(set.day).toBe("2026-11-10");
    const q = set.items[0]!.questionId;
    const tf = { type: "truefalse", value: false };
    expect((await answerDaily(db(), workerA, { day: "2026-11-10", questionId: q, response: tf }, late)).ok).toBe(true);
    const after = new Date("2026-11-10T16:01:00Z"); // 00:01 on the 11th in Shanghai
    await refused(
      () => answerDaily(db(), workerA, { day: "2026-11-10", questionId: set.items[1]!.questionId, response: tf }, after),
      "refused",
      "practice.errors.dailyOtherDay",
    );
    expect((await setOf(workerA, after)).day).toBe("2026-11-11");
  });

  it("answering the whole set completes the day, earns points; the streak runs across a month end and stops at a missed day", async () => {
    const last = await completeDay(workerA, "2026-11-29");
    expect(last).toMatchObject({ ok: true, value: { completed: true } });
    const o1 = await dailyOverview(db(), workerA, shanghai("2026-11-29", "20:00"));
    expect(o1).toMatchObject({ day: "2026-11-29", completed: true, answered: 5, streak: 1, points: 1 });
    await completeDay(workerA, "2026-11-30");
    await completeDay(workerA, "2026-12-01");
    expect(await dailyOverview(db(), workerA, shanghai("2026-12-01"))).toMatchObject({ streak: 3, points: 3 });
    // The next day, not done yet: the streak holds.
    expect(await dailyOverview(db(), workerA, shanghai("2026-12-02"))).toMatchObject({ streak: 3, completed: false, answered: 0 });
    // 12-02 missed: on 12-03 the streak is gone, and starts again with the day done.
    expect(await dailyOverview(db(), workerA, shanghai("2026-12-03"))).toMatchObject({ streak: 0 });
    await completeDay(workerA, "2026-12-03");
    const o = await dailyOverview(db(), workerA, shanghai("2026-12-03"));
    expect(o).toMatchObject({ streak: 1, points: 4 });
    expect(o!.calendar.slice(-5)).toEqual([
      { day: "2026-11-29", done: true },
      { day: "2026-11-30", done: true },
      { day: "2026-12-01", done: true },
      { day: "2026-12-02", done: false },
      { day: "2026-12-03", done: true },
    ]);
    const ledger = rowsOf<{ source_key: string; points: number }>(
      await db().execute(
        sql`SELECT source_key, points FROM points_ledger WHERE member_id = ${workerA.memberId} AND kind = 'daily_practice' ORDER BY source_key`,
      ),
    );
    expect(ledger.map((l) => l.source_key)).toEqual(["daily:2026-11-29", "daily:2026-11-30", "daily:2026-12-01", "daily:2026-12-03"]);
  });

  it("the evening reminder: once, from 18:00, only to a member with a streak to keep and today's set still open", async () => {
    const mine = async (key: string) =>
      (await db().select().from(notifications).where(eq(notifications.memberId, workerA.memberId))).filter((n) => n.dedupeKey === key);
    await completeDay(workerA, "2027-05-09");
    await completeDay(workerA, "2027-05-10");
    expect(await sweepDailyReminders(db(), shanghai("2027-05-11", "17:59"), TZ)).toBe(0);
    expect(await sweepDailyReminders(db(), shanghai("2027-05-11", "18:30"), TZ)).toBe(1);
    const [n] = await mine("daily:2027-05-11:reminder");
    expect(n).toMatchObject({ event: "practice_reminder", href: "/practice/daily", params: { streak: 2, size: 5 } });
    // Again the same evening: nothing new; workerB (never practised) hears nothing.
    expect(await sweepDailyReminders(db(), shanghai("2027-05-11", "21:00"), TZ)).toBe(0);
    expect(
      (await db().select().from(notifications).where(eq(notifications.memberId, workerB.memberId))).filter((x) => x.event === "practice_reminder"),
    ).toEqual([]);
    // The streak broke on the 11th: no reminder on the 12th.
    expect(await sweepDailyReminders(db(), shanghai("2027-05-12", "19:00"), TZ)).toBe(0);
    // Done already today: no reminder.
    await completeDay(workerA, "2027-05-13");
    await completeDay(workerA, "2027-05-14");
    expect(await sweepDailyReminders(db(), shanghai("2027-05-14", "19:00"), TZ)).toBe(0);
    expect(await mine("daily:2027-05-14:reminder")).toEqual([]);
  });

  it("the reminder sweep over several members: each hears their own streak; one with nothing open to practise hears nothing", async () => {
    const t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    const others = rowsOf<{ id: number }>(
      await db().execute(sql`SELECT id FROM members WHERE org_unit_id = ${t09} AND status = 'active' AND id <> ${workerA.memberId} ORDER BY id LIMIT 1`),
    ).map((r) => Number(r.id));
    expect(others).toHaveLength(1);
    // Completed days ending 2027-06-09: streaks of 1 (workerA), 3 (another of 采油九队), 4 (workerB, 采油八队: nothing open).
    const streaks = new Map([
      [workerA.memberId, 1],
      [others[0]!, 3],
      [workerB.memberId, 4],
    ]);
    for (const [memberId, n] of streaks)
      for (let d = 0; d < n; d++)
        await db()
          .insert(practiceDailySets)
          .values({ memberId, day: `2027-06-0${9 - d}`, questionIds: [], drawnAt: shanghai(`2027-06-0${9 - d}`), completedAt: shanghai(`2027-06-0${9 - d}`) });
    expect(await sweepDailyReminders(db(), shanghai("2027-06-10", "19:00"), TZ)).toBe(2);
    const sent = await db().select().from(notifications).where(eq(notifications.dedupeKey, "daily:2027-06-10:reminder"));
    expect(new Map(sent.map((n) => [n.memberId, n.params]))).toEqual(
      new Map([
        [workerA.memberId, { streak: 1, size: 5 }],
        [others[0]!, { streak: 3, size: 5 }],
      ]),
    );
    expect(await sweepDailyReminders(db(), shanghai("2027-06-10", "20:00"), TZ)).toBe(0);
  });
});
