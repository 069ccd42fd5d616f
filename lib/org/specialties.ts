/**
 * 专业: the one list of specialties (table `specialties`), kept by the admin. Records keep the
 * code (text) in their own `specialty` column, so a rename changes every record's name at once.
 *
 * - Forms offer the active entries; a record whose specialty was deactivated still shows its name
 *   and may be saved unchanged (`specialtyProblem` with its current value).
 * - Merging A into B rewrites A in every table listed in SPECIALTY_TABLES and removes A, in one
 *   transaction, with one audit row that counts what changed per table.
 */
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { specialties } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { holdsEverywhere } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import { conflict, fail, forbidden, notFound, ok, type Failure, type Result } from "@/lib/core/result";
import { requiredText } from "@/lib/core/text";

/** Every table with a `specialty` column holding a code of the list. */
export const SPECIALTY_TABLES = [
  "members",
  "jobs",
  "job_requirements",
  "certificate_types",
  "classes",
  "lessons",
  "courses",
  "question_categories",
  "quizzes",
  "practical_tasks",
  "contests",
  "practice_openings",
] as const;

export type SpecialtyRow = typeof specialties.$inferSelect;

/** The whole list, in its order (active and inactive). */
export async function listSpecialties(db: Db): Promise<SpecialtyRow[]> {
  return db.select().from(specialties).orderBy(asc(specialties.sort), asc(specialties.code));
}

/** The list with how many records use each code, for the admin page. */
export async function listSpecialtiesWithUse(db: Db, actor: Principal): Promise<Result<(SpecialtyRow & { uses: number })[]>> {
  if (!holdsEverywhere(actor, "org.write")) return forbidden();
  const rows = await listSpecialties(db);
  const uses = new Map<string, number>();
  const union = sql.join(
    SPECIALTY_TABLES.map((t) => sql`SELECT specialty FROM ${sql.identifier(t)} WHERE specialty IS NOT NULL`),
    sql` UNION ALL `,
  );
  const counted = rowsOf<{ specialty: string; n: number }>(await db.execute(sql`SELECT specialty, count(*)::int AS n FROM (${union}) u GROUP BY specialty`));
  for (const r of counted) uses.set(r.specialty, Number(r.n));
  return ok(rows.map((r) => ({ ...r, uses: uses.get(r.code) ?? 0 })));
}

/** The name of a specialty in a language, by code; an unknown code shows as itself. */
export function specialtyName(list: readonly SpecialtyRow[], locale: string, code: string | null | undefined): string {
  if (!code) return "";
  const s = list.find((r) => r.code === code);
  return s ? (locale === "en" ? s.nameEn : s.nameZh) : code;
}

/**
 * Why `code` may not be saved on a record, or null when it may: empty (none) is fine where the
 * record allows none (the caller's schema decides), an active code is fine, and so is the
 * record's `current` code even if it was deactivated since.
 */
export async function specialtyProblem(db: Db, code: string | null | undefined, current?: string | null): Promise<Failure | null> {
  if (!code || code === current) return null;
  const [s] = await db.select().from(specialties).where(eq(specialties.code, code));
  if (!s) return fail("specialtyAdmin.errors.unknown", { code: code.slice(0, 40) }, "badRequest");
  if (!s.active) return fail("specialtyAdmin.errors.inactive", { name: s.nameZh }, "badRequest");
  return null;
}

/** What a new code looks like (the migration's legacy_<hash> codes too). */
export const SPECIALTY_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** A specialty's code as a form sends it (the list check is `specialtyProblem`, against the table). */
export const specialtyCode = z.string("errors.specialty").trim().min(1, "errors.specialty").max(40, "errors.specialty");
/** Where a record may have no specialty: "" for none. */
export const optionalSpecialty = z.string("errors.specialty").trim().max(40, "errors.specialty").default("");

const names = { nameZh: requiredText(40), nameEn: requiredText(60) };
const sortField = z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int().min(0).max(100_000).optional());

export const specialtyInput = z.object({
  code: z.string().trim().regex(SPECIALTY_CODE, "specialtyAdmin.errors.badCode"),
  ...names,
  sort: sortField,
});
export const renameInput = z.object({ code: specialtyCode, ...names, sort: sortField });
export const mergeInput = z
  .object({ from: specialtyCode, into: specialtyCode })
  .refine((m) => m.from !== m.into, { path: ["into"], message: "specialtyAdmin.errors.sameMerge" });

export async function addSpecialty(db: Db, actor: Principal, input: z.infer<typeof specialtyInput>): Promise<Result<{ code: string }>> {
  if (!holdsEverywhere(actor, "org.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ code: specialties.code }).from(specialties).where(eq(specialties.code, input.code));
    if (dup) return conflict("specialtyAdmin.errors.codeTaken");
    const [last] = await tx.select({ n: sql<number>`coalesce(max(${specialties.sort}), 0)::int` }).from(specialties);
    const row = { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, sort: input.sort ?? Number(last?.n ?? 0) + 10 };
    await tx.insert(specialties).values(row);
    await audit(tx, { actorUserId: actor.userId, action: "specialty.create", entity: "specialty", entityId: input.code, after: row });
    return ok({ code: input.code });
  });
}

export async function renameSpecialty(db: Db, actor: Principal, input: z.infer<typeof renameInput>): Promise<Result> {
  if (!holdsEverywhere(actor, "org.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(specialties).where(eq(specialties.code, input.code)).for("update");
    if (!before) return notFound("specialtyAdmin.errors.notFound");
    const after = { nameZh: input.nameZh, nameEn: input.nameEn, sort: input.sort ?? before.sort };
    await tx.update(specialties).set(after).where(eq(specialties.code, input.code));
    await audit(tx, { actorUserId: actor.userId, action: "specialty.rename", entity: "specialty", entityId: input.code, before, after });
    return ok();
  });
}

export async function setSpecialtyActive(db: Db, actor: Principal, code: string, active: boolean): Promise<Result> {
  if (!holdsEverywhere(actor, "org.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx.update(specialties).set({ active }).where(eq(specialties.code, code)).returning({ code: specialties.code });
    if (!row) return notFound("specialtyAdmin.errors.notFound");
    await audit(tx, {
      actorUserId: actor.userId,
      action: active ? "specialty.activate" : "specialty.deactivate",
      entity: "specialty",
      entityId: code,
      after: { active },
    });
    return ok();
  });
}

/**
 * Merges `from` into `into`: every record with `from` gets `into`, then `from` leaves the list.
 * All or nothing; the audit row keeps `from`'s entry and the count per table.
 */
export async function mergeSpecialties(db: Db, actor: Principal, input: z.infer<typeof mergeInput>): Promise<Result<{ changed: number }>> {
  if (!holdsEverywhere(actor, "org.write")) return forbidden();
  if (input.from === input.into) return fail("specialtyAdmin.errors.sameMerge");
  return db.transaction(async (tx) => {
    const locked = await tx
      .select()
      .from(specialties)
      .where(sql`${specialties.code} IN (${input.from}, ${input.into})`)
      .orderBy(asc(specialties.code))
      .for("update");
    const from = locked.find((r) => r.code === input.from);
    const into = locked.find((r) => r.code === input.into);
    if (!from || !into) return notFound("specialtyAdmin.errors.notFound");
    const perTable: Record<string, number> = {};
    let changed = 0;
    for (const t of SPECIALTY_TABLES) {
      const rows = rowsOf<{ n: number }>(
        await tx.execute(
          sql`WITH u AS (UPDATE ${sql.identifier(t)} SET specialty = ${input.into} WHERE specialty = ${input.from} RETURNING 1) SELECT count(*)::int AS n FROM u`,
        ),
      );
      const n = Number(rows[0]?.n ?? 0);
      if (n) perTable[t] = n;
      changed += n;
    }
    await tx.delete(specialties).where(eq(specialties.code, input.from));
    // An inactive target stays inactive: merging only moves records.
    await audit(tx, {
      actorUserId: actor.userId,
      action: "specialty.merge",
      entity: "specialty",
      entityId: input.from,
      before: from,
      after: { into: input.into, changed: perTable },
    });
    return ok({ changed });
  });
}
