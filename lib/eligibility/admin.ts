/**
 * Jobs and their requirements (admin), station minimums (coverage) and the jobs a member works
 * towards. Every write is checked (zod, then the rules in validate.ts against the job's other
 * requirements and against what the requirement points to) and audited. Jobs and requirements
 * are organisation-wide: `jobs.write` over the whole organisation; a station minimum needs it over
 * the station; a member's target jobs are theirs to set, or an editor's of the member.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { jobRequirements, jobs, memberJobTargets, members, orgUnits, stationJobMinimums } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { holdsEverywhere } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { conflict, fail, failWithProblems, forbidden, notFound, ok, type MessageKey, type Result } from "@/lib/core/result";
import { requiredText, text } from "@/lib/core/text";
import { specialtyCode, specialtyProblem } from "@/lib/org/specialties";
import { loadRequirements, type RequirementRow } from "./data";
import { CONTEST_LEVELS, REQUIREMENT_KINDS } from "./types";
import { checkAgainst, checkRequirement, quizNeverInWindow, refGoneProblem, type RequirementInput, type RequirementProblem } from "./validate";
import { dayIn } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

const blankToNull = (v: unknown) => (v === "" || v === undefined ? null : v);
const optInt = z.preprocess(blankToNull, z.coerce.number().int().min(-2_147_483_648).max(2_147_483_647).nullable());
const optNum = z.preprocess(blankToNull, z.coerce.number().nullable());
const optText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)), text(100).nullable());

export const requirementInput = z.object({
  jobId: z.coerce.number().int().positive().max(2_147_483_647),
  kind: z.enum(REQUIREMENT_KINDS, "eligibility.errors.badInput"),
  refId: optInt,
  series: optText,
  specialty: optText,
  contestLevel: z.preprocess(blankToNull, z.enum(CONTEST_LEVELS, "eligibility.errors.badInput").nullable()),
  minScore: optNum,
  minCount: optInt,
  maxRank: optInt,
  withinMonths: optInt,
  withinQuarters: optInt,
});

export const jobInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, "errors.required")
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/, "eligibility.errors.badInput"),
  name: requiredText(60),
  specialty: specialtyCode,
});
type JobInput = z.infer<typeof jobInput>;

interface JobWithRequirements {
  id: number;
  code: string;
  name: string;
  specialty: string;
  active: boolean;
  requirements: RequirementRow[];
  /** Problems of the job as it stands: requirements that point to something gone, contradictions. */
  problems: { requirementId: number; code: RequirementProblem }[];
}

/** Every job with its requirements and their problems: two statements. */
export async function listJobsWithRequirements(db: Db): Promise<JobWithRequirements[]> {
  const [list, reqs] = [await db.select().from(jobs).orderBy(asc(jobs.code)), await loadRequirements(db)];
  return list.map((j) => {
    const mine = reqs.filter((r) => r.jobId === j.id);
    const problems: JobWithRequirements["problems"] = [];
    mine.forEach((r, i) => {
      if (r.refExists === false) problems.push({ requirementId: r.id, code: refGoneProblem(r.kind) });
      for (const p of checkAgainst(r, mine.slice(0, i))) problems.push({ requirementId: r.id, code: p });
    });
    return { id: j.id, code: j.code, name: j.name, specialty: j.specialty, active: j.active, requirements: mine, problems };
  });
}

/** Whether what `refId` points to exists (and is usable); for quizzes, its closing day and quarter. */
async function refTarget(db: Db, r: RequirementInput, tz: string): Promise<{ exists: boolean; quiz: { closedOn: string; quarter: string } | null }> {
  if (r.refId === null) return { exists: true, quiz: null };
  const table = { quiz: "quizzes", course: "courses", signoff: "practical_tasks", contest: "contests", certificate: "certificate_types" }[r.kind as string];
  if (!table) return { exists: true, quiz: null };
  if (r.kind === "quiz") {
    const [q] = rowsOf<{ closed_on: string; quarter: string }>(
      await db.execute(sql`SELECT (closes_at AT TIME ZONE ${tz})::date::text AS closed_on, quarter FROM quizzes WHERE id = ${r.refId}`),
    );
    return { exists: !!q, quiz: q ? { closedOn: String(q.closed_on), quarter: String(q.quarter) } : null };
  }
  const extra = r.kind === "course" ? sql` AND status <> 'archived'` : r.kind === "certificate" || r.kind === "signoff" ? sql` AND active` : sql``;
  const rows = rowsOf(await db.execute(sql`SELECT 1 FROM ${sql.raw(table)} WHERE id = ${r.refId}${extra}`));
  return { exists: rows.length > 0, quiz: null };
}

/** A refusal naming the first problem, with every problem found in `problems`; null when none was found. */
function refusedWith(codes: MessageKey[]) {
  const [first] = codes;
  if (first === undefined) return null;
  return failWithProblems(
    first,
    codes.map((code) => ({ row: null, column: null, code })),
  );
}

/** Adds a requirement to a job; every problem found is returned, nothing is written then. */
export async function addRequirement(db: Db, actor: Principal, r: RequirementInput, now = clock.now()): Promise<Result<{ id: number }>> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  const refused = refusedWith(checkRequirement(r));
  if (refused) return refused;
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, r.jobId));
    if (!job) return notFound("eligibility.errors.jobNotFound");
    const badSpecialty = await specialtyProblem(tx, r.specialty);
    if (badSpecialty) return badSpecialty;
    const tz = timeZone();
    const target = await refTarget(tx, r, tz);
    if (!target.exists) return fail(refGoneProblem(r.kind));
    if (quizNeverInWindow(r, target.quiz, dayIn(now, tz))) return fail("eligibility.problems.neverInWindow");
    const existing = (await loadRequirements(tx, [r.jobId])) as RequirementInput[];
    const clash = refusedWith(checkAgainst(r, existing));
    if (clash) return clash;
    const row = (
      await tx
        .insert(jobRequirements)
        .values({ ...r, createdBy: actor.userId })
        .returning({ id: jobRequirements.id })
    )[0]!;
    await audit(tx, { actorUserId: actor.userId, action: "job.requirement.add", entity: "job", entityId: r.jobId, after: r });
    return ok({ id: row.id });
  });
}

export async function deleteRequirement(db: Db, actor: Principal, id: number): Promise<Result> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(jobRequirements).where(eq(jobRequirements.id, id)).returning();
    if (!row) return notFound("eligibility.errors.notFound");
    await audit(tx, { actorUserId: actor.userId, action: "job.requirement.delete", entity: "job", entityId: row.jobId, before: row });
    return ok();
  });
}

export async function createJob(db: Db, actor: Principal, input: JobInput): Promise<Result<{ id: number }>> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.code, input.code));
    if (dup) return conflict("eligibility.errors.jobCodeTaken");
    const bad = await specialtyProblem(tx, input.specialty);
    if (bad) return bad;
    const row = (await tx.insert(jobs).values(input).returning({ id: jobs.id }))[0]!;
    await audit(tx, { actorUserId: actor.userId, action: "job.create", entity: "job", entityId: row.id, after: input });
    return ok({ id: row.id });
  });
}

export async function setJobActive(db: Db, actor: Principal, id: number, active: boolean): Promise<Result> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx.update(jobs).set({ active }).where(eq(jobs.id, id)).returning({ id: jobs.id });
    if (!row) return notFound("eligibility.errors.jobNotFound");
    await audit(tx, { actorUserId: actor.userId, action: active ? "job.activate" : "job.deactivate", entity: "job", entityId: id, after: { active } });
    return ok();
  });
}

/** What the requirement form offers to point at: two statements. */
export async function requirementOptions(db: Db) {
  // A SELECT without FROM gives exactly one row.
  const r = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'quarter', quarter) ORDER BY closes_at DESC), '[]') FROM quizzes) AS quizzes,
      (SELECT coalesce(json_agg(DISTINCT series), '[]') FROM quizzes WHERE series IS NOT NULL) AS quiz_series,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title) ORDER BY title), '[]') FROM courses WHERE status <> 'archived') AS courses,
      (SELECT coalesce(json_agg(DISTINCT series), '[]') FROM classes) AS class_series,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', name) ORDER BY code), '[]') FROM certificate_types WHERE active) AS certificates,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title) ORDER BY code), '[]') FROM practical_tasks WHERE active) AS tasks,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title) ORDER BY held_on DESC), '[]') FROM contests) AS contests`),
  )[0]!;
  const j = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
  type Opt = { id: number; title: string; quarter?: string };
  return {
    quizzes: j<Opt[]>(r.quizzes),
    quizSeries: j<string[]>(r.quiz_series),
    courses: j<Opt[]>(r.courses),
    classSeries: j<string[]>(r.class_series),
    certificates: j<Opt[]>(r.certificates),
    tasks: j<Opt[]>(r.tasks),
    contests: j<Opt[]>(r.contests),
  };
}

export const minimumInput = z.object({
  orgUnitId: z.coerce.number().int().positive().max(2_147_483_647),
  jobId: z.coerce.number().int().positive().max(2_147_483_647),
  minQualified: z.coerce.number().int().min(0).max(10_000),
});

/** Sets (or with 0 removes) the minimum number of qualified members for a job at a station (`jobs.write` over it). */
export async function setStationMinimum(db: Db, actor: Principal, input: z.infer<typeof minimumInput>): Promise<Result> {
  const { orgUnitId, jobId, minQualified } = input;
  return db.transaction(async (tx) => {
    const [u] = await tx.select({ kind: orgUnits.kind, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
    if (!u) return notFound("eligibility.errors.notAStation");
    if (!can(actor, "jobs.write", u.path)) return forbidden();
    if (u.kind !== "station") return fail("eligibility.errors.notAStation");
    const [j] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId));
    if (!j) return notFound("eligibility.errors.jobNotFound");
    const [before] = await tx
      .select({ minQualified: stationJobMinimums.minQualified })
      .from(stationJobMinimums)
      .where(and(eq(stationJobMinimums.orgUnitId, orgUnitId), eq(stationJobMinimums.jobId, jobId)));
    if (minQualified === 0) await tx.delete(stationJobMinimums).where(and(eq(stationJobMinimums.orgUnitId, orgUnitId), eq(stationJobMinimums.jobId, jobId)));
    else
      await tx
        .insert(stationJobMinimums)
        .values({ orgUnitId, jobId, minQualified })
        .onConflictDoUpdate({ target: [stationJobMinimums.orgUnitId, stationJobMinimums.jobId], set: { minQualified, updatedAt: clock.now() } });
    await audit(tx, {
      actorUserId: actor.userId,
      action: "coverage.minimum",
      entity: "org_unit",
      entityId: orgUnitId,
      before: before ? { jobId, ...before } : null,
      after: { jobId, minQualified },
    });
    return ok();
  });
}

/**
 * Adds or removes a job the member works towards: the member themselves, or someone holding
 * `member.write` over the member's unit.
 */
export async function setJobTarget(db: Db, actor: Principal, memberId: number, jobId: number, on: boolean): Promise<Result> {
  const [m] = await db
    .select({ id: members.id, orgPath: orgUnits.path })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(members.id, memberId));
  if (!m) return notFound("members.errors.notFound");
  if (m.id !== actor.memberId && !can(actor, "member.write", m.orgPath)) return forbidden();
  const [j] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.active, true)));
  if (!j) return notFound("eligibility.errors.jobNotFound");
  return db.transaction(async (tx) => {
    if (on) await tx.insert(memberJobTargets).values({ memberId, jobId }).onConflictDoNothing();
    else await tx.delete(memberJobTargets).where(and(eq(memberJobTargets.memberId, memberId), eq(memberJobTargets.jobId, jobId)));
    await audit(tx, {
      actorUserId: actor.userId,
      action: on ? "member.target.add" : "member.target.remove",
      entity: "member",
      entityId: memberId,
      after: { jobId },
    });
    return ok();
  });
}

export interface CertificateTypeImpact {
  /** Active jobs with a requirement of this certificate type. */
  jobs: number;
  /** Members eligible (or expiring) today for one of those jobs: they lose it if the type is turned off. */
  members: number;
}

/**
 * What turning off each certificate type would affect (the confirmation of 停用): the active jobs
 * that require it and the members now eligible for one of them, who would no longer be. Types are
 * organisation-wide, so this needs `jobs.write` over the whole organisation, like the switch.
 * The members are counted from the roster's cache as the roster-refresh job last left it.
 */
export async function certificateTypeImpacts(db: Db, actor: Principal): Promise<Result<Map<number, CertificateTypeImpact>>> {
  if (!holdsEverywhere(actor, "jobs.write")) return forbidden();
  const rows = rowsOf<{ type_id: unknown; jobs: unknown; members: unknown }>(
    await db.execute(sql`
      SELECT r.ref_id AS type_id,
             COUNT(DISTINCT r.job_id) AS jobs,
             (SELECT COUNT(DISTINCT c.member_id) FROM eligibility_cells c
                JOIN members m ON m.id = c.member_id AND m.status = 'active'
               WHERE c.status IN ('eligible', 'expiring')
                 AND c.job_id IN (SELECT r2.job_id FROM job_requirements r2 JOIN jobs j2 ON j2.id = r2.job_id AND j2.active
                                   WHERE r2.kind = 'certificate' AND r2.ref_id = r.ref_id)) AS members
      FROM job_requirements r
      JOIN jobs j ON j.id = r.job_id AND j.active
      WHERE r.kind = 'certificate' AND r.ref_id IS NOT NULL
      GROUP BY r.ref_id`),
  );
  return ok(new Map(rows.map((r) => [Number(r.type_id), { jobs: Number(r.jobs), members: Number(r.members) }])));
}
