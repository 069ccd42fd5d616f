import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { orgUnits, practiceOpenings } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import { ensureCategoryPath } from "@/lib/quiz/bank";
import { listOpenings, openForPractice } from "@/lib/practice/openings";
import { isOpenTo, learnerOf } from "@/lib/practice/open";
import { offlinePack } from "@/lib/practice/offline";
import { startDaily, todaysSet } from "@/lib/practice/daily";
import { nextQuestion, practiceOverview } from "@/lib/practice/practice";
import { createTestDb, drivers } from "../helpers/db";
import { trueFalseIn, principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import { refusedLeaving } from "../helpers/unchanged";

const TABLES = ["practice_openings", "practice_audience", "audit_log"];

const DAY = new Date("2026-11-20T02:00:00Z");

describe.each(drivers())("practice opened by specialty (专业) on %s", (driver) => {
  let h: DbHandle;
  let area: Principal;
  let teamA: Principal; // trainer scoped to 采油九队
  let workerA: Principal; // 采油九队, in the audience
  let workerB: Principal; // 采油八队, outside it
  let t09: number;
  let t08: number;
  let inTop: number; // 专业甲 top category
  let inChild: number; // a subcategory of it (no specialty of its own: it inherits)
  let otherSpecialty: number; // 专业乙
  let childOfOther: number; // a subcategory carrying 专业甲 under a 专业乙 top: not of 乙
  let topA: number;
  const db = () => h.db;

  const refused = refusedLeaving(db, TABLES);

  const add = (category: string[], stem: string) => trueFalseIn(db(), area, category, stem);

  beforeAll(async () => {
    h = await createTestDb(driver, { max: 10 });
    await seedDemo(db(), { members: 40 });
    await db().execute(sql`INSERT INTO specialties (code, name_zh, name_en, sort, active) VALUES
      ('prac_a', '专业甲', 'Specialty A', 900, true), ('prac_b', '专业乙', 'Specialty B', 910, true), ('prac_off', '停用专业', 'Retired', 920, false)`);
    area = await principalOf(db(), "900003", [{ role: "trainer", scope: null }]);
    teamA = await principalOf(db(), "100004", [
      { role: "trainer", scope: "T09" },
      { role: "worker", scope: null },
    ]);
    workerA = await principalOf(db(), "900004", [{ role: "worker", scope: null }]);
    workerB = await principalOf(db(), "100001", [{ role: "worker", scope: null }]);
    topA = await ensureCategoryPath(db(), ["甲题库"], "prac_a");
    await ensureCategoryPath(db(), ["乙题库"], "prac_b");
    inTop = await add(["甲题库"], "甲专业题一");
    inChild = await add(["甲题库", "设备"], "甲专业题二");
    otherSpecialty = await add(["乙题库"], "乙专业题");
    const child = await ensureCategoryPath(db(), ["乙题库", "甲分支"]);
    await db().execute(sql`UPDATE question_categories SET specialty = 'prac_a' WHERE id = ${child}`);
    childOfOther = await add(["乙题库", "甲分支"], "乙下的甲题");
    t09 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T09")), "T09").id;
    t08 = first(await db().select().from(orgUnits).where(eq(orgUnits.code, "T08")), "T08").id;
  }, 300_000);
  afterAll(async () => h?.close());

  it("bad input is refused with a clear message and nothing written", async () => {
    await refused(
      () => openForPractice(db(), area, { specialty: "no_such", orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false }),
      "notFound",
      "practice.errors.specialtyNotFound",
    );
    await refused(
      () => openForPractice(db(), area, { specialty: "prac_off", orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false }),
      "badRequest",
      "practice.errors.specialtyInactive",
    );
    await refused(
      () => openForPractice(db(), area, { specialty: "prac_a", categoryId: topA, orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false }),
      "badRequest",
      "practice.errors.categoryOrSpecialty",
    );
    await refused(
      () => openForPractice(db(), area, { orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false }),
      "badRequest",
      "practice.errors.categoryOrSpecialty",
    );
    await refused(() => openForPractice(db(), area, { specialty: "prac_a", orgUnitIds: [], jobIds: [], includeQuizQuestions: false }), "badRequest");
    // The same scope rules as a category: a team trainer opens to their own units only, and never by job.
    await refused(() => openForPractice(db(), teamA, { specialty: "prac_a", orgUnitIds: [t08], jobIds: [], includeQuizQuestions: false }), "forbidden");
    await refused(() => openForPractice(db(), teamA, { specialty: "prac_a", orgUnitIds: [], jobIds: [1], includeQuizQuestions: false }), "forbidden");
    await refused(() => openForPractice(db(), workerA, { specialty: "prac_a", orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false }), "forbidden");
    // The database holds a row to exactly one kind.
    await expect(db().execute(sql`INSERT INTO practice_openings (kind, category_id, specialty) VALUES ('specialty', ${topA}, 'prac_a')`)).rejects.toThrow();
    await expect(db().execute(sql`INSERT INTO practice_openings (kind) VALUES ('specialty')`)).rejects.toThrow();
  });

  it("a worker in the audience practises every category of the specialty; another specialty stays closed", async () => {
    const r = await openForPractice(db(), teamA, { specialty: "prac_a", orgUnitIds: [t09], jobIds: [], includeQuizQuestions: false });
    expect(r.ok).toBe(true);
    const l = (await learnerOf(db(), workerA.memberId))!;
    expect(await isOpenTo(db(), l, inTop)).toBe(true);
    expect(await isOpenTo(db(), l, inChild)).toBe(true);
    expect(await isOpenTo(db(), l, otherSpecialty)).toBe(false);
    // A subcategory that carries 专业甲 under a 专业乙 top is of 专业甲.
    expect(await isOpenTo(db(), l, childOfOther)).toBe(true);
    const overview = await practiceOverview(db(), workerA);
    expect(overview.categories.map((c) => [c.names.join("/"), c.total]).sort()).toEqual([
      ["乙题库/甲分支", 1],
      ["甲题库", 2],
    ]);
    for (let i = 0; i < 6; i++) {
      const q = await nextQuestion(db(), workerA, { mode: "random" });
      if (!q.ok || !q.value) throw new Error("nothing served");
      expect([inTop, inChild, childOfOther]).toContain(q.value.questionId);
    }
    const pack = await offlinePack(db(), workerA, topA, DAY);
    expect(pack.ok && pack.value.questions.map((q) => q.questionId).sort()).toEqual([inTop, inChild].sort());
    expect(await startDaily(db(), workerA, DAY)).toMatchObject({ ok: true });
    const set = await todaysSet(db(), workerA, DAY);
    if (!set.ok || !set.value) throw new Error("no daily set");
    expect(set.value.items.length).toBeGreaterThan(0);
    for (const item of set.value.items) expect([inTop, inChild, childOfOther]).toContain(item.questionId);
    // Listed for trainers as the specialty; its maker may change it.
    const listed = await listOpenings(db(), teamA);
    expect(listed.map((o) => ({ specialty: o.specialty, categoryId: o.categoryId, mine: o.mine }))).toEqual([
      { specialty: "prac_a", categoryId: null, mine: true },
    ]);
  });

  it("a category of the specialty added after the opening is open at once", async () => {
    await ensureCategoryPath(db(), ["甲新题库"], "prac_a");
    const later = await add(["甲新题库", "新增"], "后来的甲题");
    const l = (await learnerOf(db(), workerA.memberId))!;
    expect(await isOpenTo(db(), l, later)).toBe(true);
    expect((await practiceOverview(db(), workerA)).categories.map((c) => c.names.join("/"))).toContain("甲新题库");
  });

  it("a worker outside the audience sees nothing", async () => {
    const l = (await learnerOf(db(), workerB.memberId))!;
    expect(await isOpenTo(db(), l, inTop)).toBe(false);
    expect((await practiceOverview(db(), workerB)).categories).toEqual([]);
    expect(await nextQuestion(db(), workerB, { mode: "random" })).toEqual({ ok: true, value: null });
  });

  it("opening the same specialty again changes its audience, it does not add a second opening", async () => {
    const r = await openForPractice(db(), area, { specialty: "prac_a", orgUnitIds: [t09, t08], jobIds: [], includeQuizQuestions: false });
    expect(r.ok).toBe(true);
    expect(await db().select().from(practiceOpenings).where(eq(practiceOpenings.specialty, "prac_a"))).toHaveLength(1);
    const l = (await learnerOf(db(), workerB.memberId))!;
    expect(await isOpenTo(db(), l, inTop)).toBe(true);
  });
});
