/**
 * 一机一码: the equipment registry. A trainer (`teach.manage`) registers, changes, retires and
 * prints the equipment of the stations inside their scope; the station decides whose it is, so
 * a trainer of another team neither sees nor changes it. Every function checks the acting
 * principal itself; a refusal changes nothing.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { equipment, equipmentJobs, jobs, lessons, orgUnits } from "@/db/schema";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import * as clock from "@/lib/core/clock";
import { badRequest, fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { requiredText } from "@/lib/core/text";
import { inScope } from "@/lib/org/scope";
import { openingCovers, practisableType } from "@/lib/practice/open";
import { newEquipmentCode } from "./code";
import { clipBounds, EQUIPMENT_KINDS, SCAN_QUESTIONS, type EquipmentKind } from "./rules";

const id = z.coerce.number().int().positive().max(2_147_483_647);
const blankToNull = (v: unknown) => (v === "" || v === undefined || v === null ? null : v);
const many = (v: unknown) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]);
const second = z.preprocess(blankToNull, z.coerce.number().int("equipment.errors.wholeSeconds").min(0).max(86_400).nullable());

/** A registry form: three picked questions, or a category to draw them from (one of the two). */
export const equipmentInput = z
  .object({
    name: requiredText(100),
    kind: z.enum(EQUIPMENT_KINDS),
    stationId: id,
    jobIds: z.preprocess(many, z.array(id).min(1, "equipment.errors.chooseJob").max(10)),
    lessonId: id,
    clipStartS: second,
    clipEndS: second,
    practiceCategoryId: z.preprocess(blankToNull, id.nullable()),
    questionIds: z.preprocess(many, z.array(id).max(SCAN_QUESTIONS)),
  })
  .superRefine((v, ctx) => {
    const picked = v.questionIds.length;
    if (picked > 0 && (picked !== SCAN_QUESTIONS || new Set(v.questionIds).size !== SCAN_QUESTIONS))
      ctx.addIssue({ code: "custom", path: ["questionIds"], message: "equipment.errors.threeQuestions" });
    if (picked > 0 && v.practiceCategoryId !== null)
      ctx.addIssue({ code: "custom", path: ["practiceCategoryId"], message: "equipment.errors.questionsOrCategory" });
    if (picked === 0 && v.practiceCategoryId === null)
      ctx.addIssue({ code: "custom", path: ["practiceCategoryId"], message: "equipment.errors.questionsOrCategory" });
  });
export type EquipmentInput = z.infer<typeof equipmentInput>;

/** SQL true when category `c` (an alias with a `path`) is covered by an opening for practice (a subtree or a specialty). */
const openedCategory = (c: ReturnType<typeof sql>) => sql`EXISTS (SELECT 1 FROM practice_openings po WHERE ${openingCovers(c)})`;

/** Questions practice can grade at once (the types of lib/practice/open.ts). */
const practisable = sql`NOT q.archived AND ${practisableType}`;

/** SQL keeping questions (`q`, `qc`) a scan may ask: practisable and in a category opened for practice. */
export const scanQuestionSql = sql`(${practisable} AND ${openedCategory(sql`qc`)})`;

async function stationIn(db: Db, actor: Principal, stationId: number): Promise<Result<{ id: number; path: string }>> {
  const [u] = await db
    .select({ id: orgUnits.id, path: orgUnits.path, kind: orgUnits.kind, active: orgUnits.active })
    .from(orgUnits)
    .where(eq(orgUnits.id, stationId));
  if (!u) return notFound("equipment.errors.stationNotFound");
  if (!can(actor, "teach.manage", u.path)) return forbidden("equipment.errors.stationOutOfScope");
  if (u.kind !== "station" || !u.active) return badRequest("equipment.errors.notAStation");
  return ok({ id: u.id, path: u.path });
}

/** Checks what the equipment points at: jobs, the lesson and its clip, the questions or category. */
async function checkTargets(db: Db, input: EquipmentInput): Promise<Result> {
  const found = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(inArray(jobs.id, input.jobIds), eq(jobs.active, true)));
  if (found.length !== new Set(input.jobIds).size) return badRequest("equipment.errors.jobNotFound");
  const [l] = await db
    .select({ durationS: lessons.durationS, status: lessons.status, storageKey: lessons.storageKey })
    .from(lessons)
    .where(eq(lessons.id, input.lessonId));
  if (l?.status !== "published" || !l.storageKey) return badRequest("equipment.errors.lessonNotFound");
  const clip = clipBounds(l.durationS, input.clipStartS, input.clipEndS);
  if (typeof clip === "string") return badRequest(clip);
  if (input.practiceCategoryId !== null) {
    const [c] = rowsOf(await db.execute(sql`SELECT 1 FROM question_categories qc WHERE qc.id = ${input.practiceCategoryId} AND ${openedCategory(sql`qc`)}`));
    if (!c) return badRequest("equipment.errors.categoryNotOpen");
  } else {
    const rows = rowsOf(
      await db.execute(sql`SELECT q.id FROM questions q JOIN question_categories qc ON qc.id = q.category_id
        WHERE q.id = ANY(${`{${input.questionIds.join(",")}}`}::int[]) AND ${scanQuestionSql}`),
    );
    if (rows.length !== SCAN_QUESTIONS) return badRequest("equipment.errors.questionNotOpen");
  }
  return ok();
}

/** Registers a piece of equipment at a station in the trainer's scope, or changes one there. */
export async function saveEquipment(db: Db, actor: Principal, equipmentId: number | null, input: EquipmentInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const parsed = equipmentInput.safeParse(input);
  if (!parsed.success) return badRequest("errors.invalidInput");
  const v = parsed.data;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (equipmentId !== null) {
      const [before] = await t
        .select({ id: equipment.id, retiredAt: equipment.retiredAt, path: orgUnits.path })
        .from(equipment)
        .innerJoin(orgUnits, eq(orgUnits.id, equipment.stationId))
        .where(eq(equipment.id, equipmentId))
        .for("update", { of: equipment });
      if (!before || !can(actor, "teach.manage", before.path)) return notFound("equipment.errors.notFound");
      if (before.retiredAt) return fail("equipment.errors.retired", undefined, "gone");
    }
    const station = await stationIn(t, actor, v.stationId);
    if (!station.ok) return station;
    const targets = await checkTargets(t, v);
    if (!targets.ok) return targets;
    const row = {
      name: v.name,
      kind: v.kind,
      stationId: v.stationId,
      lessonId: v.lessonId,
      clipStartS: v.clipStartS,
      clipEndS: v.clipEndS,
      practiceCategoryId: v.practiceCategoryId,
      questionIds: v.questionIds,
      updatedAt: clock.now(),
    };
    let savedId: number;
    if (equipmentId !== null) {
      await t.update(equipment).set(row).where(eq(equipment.id, equipmentId));
      await t.delete(equipmentJobs).where(eq(equipmentJobs.equipmentId, equipmentId));
      savedId = equipmentId;
    } else {
      const [made] = await t
        .insert(equipment)
        .values({ ...row, code: newEquipmentCode(), createdBy: actor.userId || null })
        .returning({ id: equipment.id });
      savedId = made!.id;
    }
    await t.insert(equipmentJobs).values([...new Set(v.jobIds)].map((jobId) => ({ equipmentId: savedId, jobId })));
    await audit(t, {
      actorUserId: actor.userId || null,
      action: equipmentId === null ? "equipment.create" : "equipment.update",
      entity: "equipment",
      entityId: savedId,
      after: v,
    });
    return ok({ id: savedId });
  });
}

/** Retires a piece of equipment: its label stops working (the scan says so); its history stays. */
export async function retireEquipment(db: Db, actor: Principal, equipmentId: number): Promise<Result> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [e] = await db
    .select({ retiredAt: equipment.retiredAt, path: orgUnits.path })
    .from(equipment)
    .innerJoin(orgUnits, eq(orgUnits.id, equipment.stationId))
    .where(eq(equipment.id, equipmentId));
  if (!e || !can(actor, "teach.manage", e.path)) return notFound("equipment.errors.notFound");
  if (e.retiredAt) return fail("equipment.errors.retired", undefined, "gone");
  await db.transaction(async (tx) => {
    await tx.update(equipment).set({ retiredAt: clock.now(), updatedAt: clock.now() }).where(eq(equipment.id, equipmentId));
    await audit(tx as unknown as Db, { actorUserId: actor.userId || null, action: "equipment.retire", entity: "equipment", entityId: equipmentId });
  });
  return ok();
}

export interface EquipmentRow {
  id: number;
  code: string;
  name: string;
  kind: EquipmentKind;
  stationId: number;
  stationName: string;
  lessonId: number;
  lessonTitle: string;
  clipStartS: number | null;
  clipEndS: number | null;
  practiceCategoryId: number | null;
  questionIds: number[];
  jobIds: number[];
  jobNames: string[];
  retired: boolean;
}

/** The equipment of the stations in the trainer's scope (one, or all; retired ones too when asked). */
async function rowsInScope(db: Db, actor: Principal, filter: { ids?: number[]; retired: boolean }): Promise<EquipmentRow[]> {
  const scope = scopeOf(actor, "teach.manage");
  const where = [inScope(orgUnits.path, scope)];
  if (filter.ids) where.push(inArray(equipment.id, filter.ids.length ? filter.ids : [0]));
  if (!filter.retired) where.push(isNull(equipment.retiredAt));
  const rows = await db
    .select({
      e: equipment,
      stationName: orgUnits.name,
      lessonTitle: lessons.title,
    })
    .from(equipment)
    .innerJoin(orgUnits, eq(orgUnits.id, equipment.stationId))
    .innerJoin(lessons, eq(lessons.id, equipment.lessonId))
    .where(and(...where))
    .orderBy(asc(orgUnits.path), asc(equipment.name), asc(equipment.id));
  const ids = rows.map((r) => r.e.id);
  const js = ids.length
    ? await db
        .select({ equipmentId: equipmentJobs.equipmentId, jobId: jobs.id, name: jobs.name })
        .from(equipmentJobs)
        .innerJoin(jobs, eq(jobs.id, equipmentJobs.jobId))
        .where(inArray(equipmentJobs.equipmentId, ids))
        .orderBy(asc(jobs.code))
    : [];
  return rows.map(({ e, stationName, lessonTitle }) => {
    const mine = js.filter((j) => j.equipmentId === e.id);
    return {
      id: e.id,
      code: e.code,
      name: e.name,
      kind: e.kind as EquipmentKind,
      stationId: e.stationId,
      stationName,
      lessonId: e.lessonId,
      lessonTitle,
      clipStartS: e.clipStartS,
      clipEndS: e.clipEndS,
      practiceCategoryId: e.practiceCategoryId,
      questionIds: e.questionIds,
      jobIds: mine.map((j) => j.jobId),
      jobNames: mine.map((j) => j.name),
      retired: e.retiredAt !== null,
    };
  });
}

/** The registry as a trainer sees it: the equipment of their stations, retired ones last. */
export async function listEquipment(db: Db, actor: Principal): Promise<Result<EquipmentRow[]>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const rows = await rowsInScope(db, actor, { retired: true });
  return ok([...rows.filter((r) => !r.retired), ...rows.filter((r) => r.retired)]);
}

/** One piece of equipment for its edit page; out of scope is "not found". */
export async function getEquipment(db: Db, actor: Principal, equipmentId: number): Promise<Result<EquipmentRow>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [row] = await rowsInScope(db, actor, { ids: [equipmentId], retired: true });
  return row ? ok(row) : notFound("equipment.errors.notFound");
}

/** The labels to print: the given equipment (or all) of the trainer's stations, retired left out. */
export async function labelsFor(db: Db, actor: Principal, ids: number[] | null): Promise<Result<EquipmentRow[]>> {
  if (!can(actor, "teach.manage")) return forbidden();
  return ok(await rowsInScope(db, actor, { ids: ids ?? undefined, retired: false }));
}

export interface FormOptions {
  stations: { id: number; name: string; teamName: string | null }[];
  jobs: { id: number; code: string; name: string }[];
  lessons: { id: number; title: string; durationS: number | null }[];
  categories: { id: number; name: string }[];
  questions: { id: number; stem: string; category: string }[];
}

const MAX_QUESTION_CHOICES = 500;

/** What the registry form offers: stations in scope, active jobs, published lessons, what is open for practice. */
export async function equipmentFormOptions(db: Db, actor: Principal): Promise<Result<FormOptions>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const scope = scopeOf(actor, "teach.manage");
  const stations = rowsOf<{ id: number; name: string; team: string | null }>(
    await db.execute(sql`SELECT u.id, u.name, p.name AS team FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id
      WHERE u.kind = 'station' AND u.active AND ${inScope(sql`u.path`, scope)} ORDER BY u.path`),
  );
  const jobList = await db.select({ id: jobs.id, code: jobs.code, name: jobs.name }).from(jobs).where(eq(jobs.active, true)).orderBy(asc(jobs.code));
  const lessonList = await db
    .select({ id: lessons.id, title: lessons.title, durationS: lessons.durationS })
    .from(lessons)
    .where(and(eq(lessons.status, "published"), sql`${lessons.storageKey} IS NOT NULL`))
    .orderBy(asc(lessons.title));
  const categories = rowsOf<{ id: number; name: string }>(
    await db.execute(sql`SELECT qc.id, qc.name FROM question_categories qc WHERE ${openedCategory(sql`qc`)} ORDER BY qc.path`),
  );
  const questions = rowsOf<{ id: number; stem: string; category: string }>(
    await db.execute(sql`SELECT q.id, left(v.stem, 60) AS stem, qc.name AS category
      FROM questions q JOIN question_categories qc ON qc.id = q.category_id JOIN question_versions v ON v.id = q.current_version_id
      WHERE ${scanQuestionSql} ORDER BY qc.path, q.id LIMIT ${MAX_QUESTION_CHOICES}`),
  );
  return ok({
    stations: stations.map((s) => ({ id: Number(s.id), name: s.name, teamName: s.team })),
    jobs: jobList,
    lessons: lessonList,
    categories: categories.map((c) => ({ id: Number(c.id), name: c.name })),
    questions: questions.map((q) => ({ id: Number(q.id), stem: q.stem, category: q.category })),
  });
}
