import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq, sql } from "drizzle-orm";
import { rowsOf, type DbHandle } from "@/db/client";
import { auditLog, quizzes, specialties } from "@/db/schema";
import { seedDemo } from "@/scripts/demo";
import type { Principal } from "@/lib/auth/permissions";
import {
  addSpecialty,
  listSpecialties,
  listSpecialtiesWithUse,
  mergeSpecialties,
  renameSpecialty,
  SPECIALTY_TABLES,
  setSpecialtyActive,
} from "@/lib/org/specialties";
import { createLesson, updateLesson } from "@/lib/video/lessons";
import { createQuiz, updateQuiz } from "@/lib/quiz/quizzes";
import { createJob } from "@/lib/eligibility/admin";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";
import { first } from "../helpers/rows";
import { SEEDED_SPECIALTIES } from "../helpers/specialties";

const quizSettings = {
  title: "专业考试",
  quarter: "2026-Q4",
  theme: "",
  series: "专业考试",
  description: "",
  opensAt: new Date("2026-12-01T00:00:00Z"),
  closesAt: new Date("2026-12-20T00:00:00Z"),
  timeLimitS: null,
  attemptsAllowed: 1,
  gradingMethod: "highest" as const,
  passPercent: 60,
  shuffleQuestions: false,
  shuffleOptions: false,
  layout: "one_per_page" as const,
  overduePolicy: "autosubmit" as const,
  graceS: 0,
  reviewAfterSubmit: { score: true, correctness: false, answer: false, explanation: false },
  reviewAfterClose: { score: true, correctness: true, answer: true, explanation: true },
};

describe.each(drivers())("专业: the admin's one list (%s)", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let trainer: Principal;
  let manager: Principal;
  let scopedAdmin: Principal;
  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20, quiz: true });
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    manager = await principalOf(h.db, "900002", [{ role: "manager", scope: null }]);
    // An admin grant scoped to one unit does not reach a list the whole organisation shares.
    scopedAdmin = { ...manager, roles: [{ role: "admin", scopePath: "/1/2/" }] };
  }, 300_000);
  afterAll(async () => h?.close());

  const uses = async (code: string) => {
    const n: Record<string, number> = {};
    for (const t of SPECIALTY_TABLES) {
      const c = Number(first(rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(t)} WHERE specialty = ${code}`))).n);
      if (c) n[t] = c;
    }
    return n;
  };
  const lastAudit = async (action: string) => (await h.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1))[0];

  it("starts with the seven codes and their labels, and every record's specialty is in it", async () => {
    const list = await listSpecialties(h.db);
    expect(list.slice(0, 7).map(({ code, nameZh, nameEn, active }) => ({ code, nameZh, nameEn, active }))).toEqual(
      SEEDED_SPECIALTIES.map(({ code, nameZh, nameEn, active }) => ({ code, nameZh, nameEn, active })),
    );
    const union = sql.join(
      SPECIALTY_TABLES.map((t) => sql`SELECT specialty FROM ${sql.identifier(t)} WHERE specialty IS NOT NULL`),
      sql` UNION `,
    );
    const orphans = rowsOf<{ specialty: string }>(
      await h.db.execute(sql`SELECT specialty FROM (${union}) u WHERE specialty NOT IN (SELECT code FROM specialties)`),
    );
    expect(orphans).toEqual([]);
    // The database holds every reference to the list (a foreign key per table), so a merge cannot leave one behind.
    await expect(h.db.execute(sql`INSERT INTO lessons (title, specialty) VALUES ('孤儿', 'no_such_code')`)).rejects.toThrow();
  });

  it("an admin adds a specialty; a taken code is refused; it is offered to a job at once", async () => {
    expect(await addSpecialty(h.db, admin, { code: "drilling", nameZh: "钻井", nameEn: "Drilling" })).toMatchObject({ ok: true });
    expect(await addSpecialty(h.db, admin, { code: "drilling", nameZh: "钻井2", nameEn: "Drilling 2" })).toMatchObject({
      ok: false,
      code: "specialtyAdmin.errors.codeTaken",
    });
    const row = first(await h.db.select().from(specialties).where(eq(specialties.code, "drilling")));
    expect(row).toMatchObject({ nameZh: "钻井", active: true });
    expect(row.sort).toBeGreaterThan(70);
    expect(await lastAudit("specialty.create")).toMatchObject({ entityId: "drilling", actorUserId: admin.userId });
    expect(await createJob(h.db, admin, { code: "J-DRILL", name: "钻井工", specialty: "drilling" })).toMatchObject({ ok: true });
  });

  it("a rename changes the name every record shows, audited", async () => {
    expect(await renameSpecialty(h.db, admin, { code: "drilling", nameZh: "钻修井", nameEn: "Drilling and workover" })).toMatchObject({ ok: true });
    const list = await listSpecialties(h.db);
    expect(list.find((s) => s.code === "drilling")).toMatchObject({ nameZh: "钻修井", nameEn: "Drilling and workover" });
    expect(await lastAudit("specialty.rename")).toMatchObject({ entityId: "drilling", before: expect.objectContaining({ nameZh: "钻井" }) });
    expect(await renameSpecialty(h.db, admin, { code: "nope_x", nameZh: "无", nameEn: "None" })).toMatchObject({
      ok: false,
      code: "specialtyAdmin.errors.notFound",
    });
  });

  it("a deactivated specialty is refused on a new record, but a record that has it still saves unchanged", async () => {
    const lesson = await createLesson(h.db, trainer, { title: "钻井安全", description: "", specialty: "drilling", requiredPercent: 90 });
    if (!lesson.ok) throw new Error(lesson.code);
    expect(await setSpecialtyActive(h.db, admin, "drilling", false)).toMatchObject({ ok: true });
    expect(await lastAudit("specialty.deactivate")).toMatchObject({ entityId: "drilling" });
    expect(await createLesson(h.db, trainer, { title: "钻井 2", description: "", specialty: "drilling", requiredPercent: 90 })).toMatchObject({
      ok: false,
      code: "specialtyAdmin.errors.inactive",
      params: { name: "钻修井" },
    });
    expect(
      await updateLesson(h.db, trainer, lesson.value, { title: "钻井安全（改）", description: "", specialty: "drilling", requiredPercent: 80 }),
    ).toMatchObject({
      ok: true,
    });
    // Still listed (with its name) for the records that carry it.
    const listed = await listSpecialtiesWithUse(h.db, admin);
    expect(listed.ok && listed.value.find((s) => s.code === "drilling")).toMatchObject({ active: false, uses: 2 });
    expect(await setSpecialtyActive(h.db, admin, "drilling", true)).toMatchObject({ ok: true });
  });

  it("a quiz save with a code not in the list is refused with a clear message and writes nothing", async () => {
    const before = Number(first(rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM quizzes`))).n);
    const r = await createQuiz(h.db, trainer, { ...quizSettings, specialty: "cooking" });
    expect(r).toMatchObject({ ok: false, code: "specialtyAdmin.errors.unknown", params: { code: "cooking" } });
    expect(Number(first(rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM quizzes`))).n)).toBe(before);
    const made = await createQuiz(h.db, trainer, { ...quizSettings, specialty: "boiler" });
    if (!made.ok) throw new Error(made.code);
    expect(await updateQuiz(h.db, trainer, made.value.id, { ...quizSettings, specialty: "cooking" })).toMatchObject({
      ok: false,
      code: "specialtyAdmin.errors.unknown",
    });
    expect(first(await h.db.select().from(quizzes).where(eq(quizzes.id, made.value.id))).specialty).toBe("boiler");
  });

  it("merging A into B rewrites every reference in one transaction, removes A, and is audited", async () => {
    await addSpecialty(h.db, admin, { code: "aa_from", nameZh: "合并甲", nameEn: "From" });
    await addSpecialty(h.db, admin, { code: "aa_into", nameZh: "合并乙", nameEn: "Into" });
    // One record of every table that has any gets specialty A.
    for (const t of SPECIALTY_TABLES)
      await h.db.execute(
        t === "practice_openings"
          ? // An opening names a category or a specialty, never both.
            sql`UPDATE practice_openings SET kind = 'specialty', category_id = NULL, specialty = 'aa_from' WHERE id = (SELECT min(id) FROM practice_openings)`
          : sql`UPDATE ${sql.identifier(t)} SET specialty = 'aa_from' WHERE id = (SELECT min(id) FROM ${sql.identifier(t)})`,
      );
    const before = await uses("aa_from");
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(9);
    const total = Object.values(before).reduce((a, b) => a + b, 0);

    const r = await mergeSpecialties(h.db, admin, { from: "aa_from", into: "aa_into" });
    expect(r).toEqual({ ok: true, value: { changed: total } });
    expect(await uses("aa_from")).toEqual({});
    expect(await uses("aa_into")).toEqual(before);
    expect((await listSpecialties(h.db)).map((s) => s.code)).not.toContain("aa_from");
    const row = await lastAudit("specialty.merge");
    expect(row).toMatchObject({ entityId: "aa_from", actorUserId: admin.userId, after: { into: "aa_into", changed: before } });
    expect(row?.before).toMatchObject({ code: "aa_from", nameZh: "合并甲" });
    // Unknown or equal codes change nothing.
    expect(await mergeSpecialties(h.db, admin, { from: "aa_from", into: "aa_into" })).toMatchObject({ ok: false, code: "specialtyAdmin.errors.notFound" });
    expect(await mergeSpecialties(h.db, admin, { from: "aa_into", into: "aa_into" })).toMatchObject({ ok: false, code: "specialtyAdmin.errors.sameMerge" });
    expect(await uses("aa_into")).toEqual(before);
  });

  it("anyone but an admin over the whole organisation is refused, and nothing changes", async () => {
    const snapshot = async () => ({
      list: await listSpecialties(h.db),
      boiler: await uses("boiler"),
      audits: Number(first(rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'specialty'`))).n),
    });
    const before = await snapshot();
    for (const who of [trainer, manager, scopedAdmin]) {
      expect(await addSpecialty(h.db, who, { code: "sneaky", nameZh: "偷加", nameEn: "Sneaky" })).toMatchObject({ ok: false, kind: "forbidden" });
      expect(await renameSpecialty(h.db, who, { code: "boiler", nameZh: "偷改", nameEn: "x" })).toMatchObject({ ok: false, kind: "forbidden" });
      expect(await setSpecialtyActive(h.db, who, "boiler", false)).toMatchObject({ ok: false, kind: "forbidden" });
      expect(await mergeSpecialties(h.db, who, { from: "boiler", into: "safety" })).toMatchObject({ ok: false, kind: "forbidden" });
      expect(await listSpecialtiesWithUse(h.db, who)).toMatchObject({ ok: false, kind: "forbidden" });
    }
    expect(await snapshot()).toEqual(before);
  });
});
