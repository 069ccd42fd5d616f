import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobs, orgUnits, practiceAudience, practiceOpenings, questionCategories, specialties } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { badRequest, fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { inScope } from "@/lib/org/scope";

export interface OpeningRow {
  id: number;
  /** What it opens: a category (with its subtree), a specialty or a job's requirements; the others are null. */
  categoryId: number | null;
  specialty: string | null;
  job: { id: number; name: string } | null;
  includeQuizQuestions: boolean;
  createdBy: number | null;
  /** May the actor change or close it (its maker, or a trainer over the whole organisation). */
  mine: boolean;
  units: { id: number; name: string; inScope: boolean }[];
  jobs: { id: number; name: string }[];
}

const within = (path: string, scope: Scope) => scope.all || scope.paths.some((p) => path.startsWith(p));

/** Every category opened for practice, with its audience; trainers read them all. */
export async function listOpenings(db: Db, actor: Principal): Promise<OpeningRow[]> {
  if (!can(actor, "teach.manage")) return [];
  const scope = scopeOf(actor, "teach.manage");
  const openings = await db
    .select({ o: practiceOpenings, jobName: jobs.name })
    .from(practiceOpenings)
    .leftJoin(jobs, eq(jobs.id, practiceOpenings.jobId))
    .orderBy(asc(practiceOpenings.id));
  if (!openings.length) return [];
  const aud = await db
    .select({ openingId: practiceAudience.openingId, unitId: orgUnits.id, unitName: orgUnits.name, path: orgUnits.path, jobId: jobs.id, jobName: jobs.name })
    .from(practiceAudience)
    .leftJoin(orgUnits, eq(orgUnits.id, practiceAudience.orgUnitId))
    .leftJoin(jobs, eq(jobs.id, practiceAudience.jobId))
    .orderBy(asc(orgUnits.path), asc(jobs.name));
  return openings.map(({ o, jobName }) => {
    const mine = aud.filter((a) => a.openingId === o.id);
    return {
      id: o.id,
      categoryId: o.categoryId,
      specialty: o.specialty,
      job: o.jobId === null ? null : { id: o.jobId, name: jobName ?? "" },
      includeQuizQuestions: o.includeQuizQuestions,
      createdBy: o.createdBy,
      mine: mayChangeContent(actor, o),
      units: mine.filter((a) => a.unitId !== null).map((a) => ({ id: a.unitId!, name: a.unitName!, inScope: within(a.path!, scope) })),
      jobs: mine.filter((a) => a.jobId !== null).map((a) => ({ id: a.jobId!, name: a.jobName! })),
    };
  });
}

/**
 * Exactly one of `categoryId` (a category and its subtree), `specialty` (every category of it) and
 * `jobId` (the categories of the job's quiz requirements, lib/practice/open.ts).
 */
export interface OpenInput {
  categoryId?: number;
  specialty?: string;
  jobId?: number;
  orgUnitIds: number[];
  jobIds: number[];
  includeQuizQuestions: boolean;
}

type Target = { kind: "category"; categoryId: number } | { kind: "specialty"; specialty: string } | { kind: "job"; jobId: number };

/** What the input opens, or null unless it names exactly one thing. */
export function targetOf(input: Pick<OpenInput, "categoryId" | "specialty" | "jobId">): Target | null {
  const given = [input.categoryId, input.specialty, input.jobId].filter((v) => v !== undefined).length;
  if (given !== 1) return null;
  if (input.specialty !== undefined) return { kind: "specialty", specialty: input.specialty };
  if (input.jobId !== undefined) return { kind: "job", jobId: input.jobId };
  return { kind: "category", categoryId: input.categoryId! };
}

/**
 * Opens a category (and its subtree), a specialty (every category of it, those added later
 * too) or an active job's requirements for practice to an audience, or changes the audience of one
 * already open, as for quizzes: units must lie in the trainer's scope (units outside it that
 * someone else chose stay); only a trainer over the whole organisation chooses jobs. Changing an
 * opening is for its maker or a whole-organisation trainer.
 */
export async function openForPractice(db: Db, actor: Principal, input: OpenInput): Promise<Result<{ id: number }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const scope = scopeOf(actor, "teach.manage");
  const unitIds = [...new Set(input.orgUnitIds)];
  const jobIds = [...new Set(input.jobIds)];
  const target = targetOf(input);
  if (!target) return badRequest("practice.errors.categoryOrSpecialty");
  if (!scope.all && jobIds.length) return fail("practice.errors.jobsNeedAll", undefined, "forbidden");
  return db.transaction(async (tx) => {
    if (target.kind === "job") {
      // Locks the job's row: two trainers opening it at once make one opening, not two.
      const [job] = await tx.select({ active: jobs.active }).from(jobs).where(eq(jobs.id, target.jobId)).for("update");
      if (!job) return notFound("practice.errors.jobNotFound");
      if (!job.active) return badRequest("practice.errors.jobInactive");
    } else if (target.kind === "category") {
      const [cat] = await tx.select({ id: questionCategories.id }).from(questionCategories).where(eq(questionCategories.id, target.categoryId));
      if (!cat) return notFound("practice.errors.categoryNotFound");
    } else {
      // Locks the specialty's entry: two trainers opening it at once make one opening, not two.
      const [sp] = await tx
        .select({ code: specialties.code, active: specialties.active })
        .from(specialties)
        .where(eq(specialties.code, target.specialty))
        .for("update");
      if (!sp) return notFound("practice.errors.specialtyNotFound", { code: target.specialty.slice(0, 40) });
      if (!sp.active) return badRequest("practice.errors.specialtyInactive");
    }
    if (unitIds.length) {
      const found = await tx
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(inArray(orgUnits.id, unitIds), inScope(orgUnits.path, scope)));
      if (found.length !== unitIds.length) return fail("practice.errors.unitOutOfScope", undefined, "forbidden");
    }
    if (jobIds.length) {
      const found = await tx.select({ id: jobs.id }).from(jobs).where(inArray(jobs.id, jobIds));
      if (found.length !== jobIds.length) return notFound();
    }
    const [existing] = await tx
      .select()
      .from(practiceOpenings)
      .where(
        target.kind === "category"
          ? eq(practiceOpenings.categoryId, target.categoryId)
          : target.kind === "job"
            ? eq(practiceOpenings.jobId, target.jobId)
            : eq(practiceOpenings.specialty, target.specialty),
      )
      .orderBy(asc(practiceOpenings.id))
      .limit(1)
      .for("update");
    let keptUnits: number[] = [];
    let keptJobs: number[] = [];
    if (existing) {
      if (!mayChangeContent(actor, existing)) return forbidden("practice.errors.notYours");
      const current = await tx
        .select({ unitId: practiceAudience.orgUnitId, path: orgUnits.path, jobId: practiceAudience.jobId })
        .from(practiceAudience)
        .leftJoin(orgUnits, eq(orgUnits.id, practiceAudience.orgUnitId))
        .where(eq(practiceAudience.openingId, existing.id));
      keptUnits = current.filter((c) => c.unitId !== null && !within(c.path!, scope)).map((c) => c.unitId!);
      if (!scope.all) keptJobs = current.filter((c) => c.jobId !== null).map((c) => c.jobId!);
    }
    const units = [...new Set([...keptUnits, ...unitIds])];
    const js = [...new Set([...keptJobs, ...jobIds])];
    if (!units.length && !js.length) return badRequest("practice.errors.noAudience");
    let id: number;
    if (existing) {
      id = existing.id;
      await tx.update(practiceOpenings).set({ includeQuizQuestions: input.includeQuizQuestions }).where(eq(practiceOpenings.id, id));
      await tx.delete(practiceAudience).where(eq(practiceAudience.openingId, id));
    } else {
      const [made] = await tx
        .insert(practiceOpenings)
        .values({ ...target, includeQuizQuestions: input.includeQuizQuestions, createdBy: actor.userId })
        .returning({ id: practiceOpenings.id });
      id = made!.id;
    }
    await tx.insert(practiceAudience).values([...units.map((orgUnitId) => ({ openingId: id, orgUnitId })), ...js.map((jobId) => ({ openingId: id, jobId }))]);
    await audit(tx, {
      actorUserId: actor.userId,
      action: existing ? "practice.audience" : "practice.open",
      entity: "practice_opening",
      entityId: id,
      after: { ...target, orgUnitIds: units, jobIds: js, includeQuizQuestions: input.includeQuizQuestions },
    });
    return ok({ id });
  });
}

/** Closes a category for practice (its maker or a whole-organisation trainer); progress and books stay. */
export async function closePractice(db: Db, actor: Principal, openingId: number): Promise<Result> {
  if (!can(actor, "teach.manage")) return forbidden();
  return db.transaction(async (tx) => {
    const [o] = await tx.select().from(practiceOpenings).where(eq(practiceOpenings.id, openingId)).for("update");
    if (!o) return notFound("practice.errors.openingNotFound");
    if (!mayChangeContent(actor, o)) return forbidden("practice.errors.notYours");
    await tx.delete(practiceOpenings).where(eq(practiceOpenings.id, openingId));
    await audit(tx, {
      actorUserId: actor.userId,
      action: "practice.close",
      entity: "practice_opening",
      entityId: openingId,
      before: { kind: o.kind, categoryId: o.categoryId, specialty: o.specialty, jobId: o.jobId },
    });
    return ok();
  });
}
