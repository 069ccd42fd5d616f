/**
 * Jobs and their requirements (admin), station minimums (coverage) and the jobs a member works
 * towards. Every write is checked (zod, then the rules in validate.ts against the job's other
 * requirements and against what the requirement points to) and audited.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { jobRequirements, jobs, memberJobTargets, orgUnits, stationJobMinimums } from "@/db/schema";
import { audit } from "@/lib/audit";

import { SPECIALTIES } from "@/lib/org/constants";
import { loadRequirements, type RequirementRow } from "./data";
import { CONTEST_LEVELS, REQUIREMENT_KINDS } from "./types";
import { checkAgainst, checkRequirement, quizNeverInWindow, type RequirementInput, type RequirementProblem } from "./validate";
import { dayIn } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

export type Result<T = undefined> = { ok: true; value: T } | { ok: false; code: string; codes?: string[] };

const blankToNull = (v: unknown) => (v === "" || v === undefined ? null : v);
const optInt = z.preprocess(blankToNull, z.coerce.number().int().nullable());
const optNum = z.preprocess(blankToNull, z.coerce.number().nullable());
const optText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v ?? null), z.string().max(100).nullable());

export const requirementInput = z.object({
  jobId: z.coerce.number().int().positive(),
  kind: z.enum(REQUIREMENT_KINDS),
  refId: optInt,
  series: optText,
  specialty: optText,
  contestLevel: z.preprocess(blankToNull, z.enum(CONTEST_LEVELS).nullable()),
  minScore: optNum,
  minCount: optInt,
  maxRank: optInt,
  withinMonths: optInt,
  withinQuarters: optInt,
});

export const jobInput = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(60),
  specialty: z.enum(SPECIALTIES as unknown as [string, ...string[]]),
});

export interface JobWithRequirements {
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
      if (r.refExists === false) problems.push({ requirementId: r.id, code: "eligibility.problems.refGone" });
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

/** Adds a requirement to a job; every problem found is returned, nothing is written then. */
export async function addRequirement(db: Db, actorUserId: number, raw: unknown, now = clock.now()): Promise<Result<{ id: number }>> {
  const parsed = requirementInput.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "eligibility.errors.badInput" };
  const r: RequirementInput = parsed.data;
  const codes: string[] = [...checkRequirement(r)];
  if (codes.length) return { ok: false, code: codes[0], codes };
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, r.jobId));
    if (!job) return { ok: false, code: "eligibility.errors.jobNotFound" };
    const tz = timeZone();
    const target = await refTarget(tx, r, tz);
    if (!target.exists) return { ok: false, code: "eligibility.problems.refGone" };
    if (quizNeverInWindow(r, target.quiz, dayIn(now, tz))) return { ok: false, code: "eligibility.problems.neverInWindow" };
    const existing = (await loadRequirements(tx, [r.jobId])) as RequirementInput[];
    const clash = checkAgainst(r, existing);
    if (clash.length) return { ok: false, code: clash[0] };
    const [row] = await tx.insert(jobRequirements).values({ ...r, createdBy: actorUserId }).returning({ id: jobRequirements.id });
    await audit(tx, { actorUserId, action: "job.requirement.add", entity: "job", entityId: r.jobId, after: r });
    return { ok: true, value: { id: row.id } };
  });
}

export async function deleteRequirement(db: Db, actorUserId: number, id: number): Promise<Result> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(jobRequirements).where(eq(jobRequirements.id, id)).returning();
    if (!row) return { ok: false, code: "eligibility.errors.notFound" };
    await audit(tx, { actorUserId, action: "job.requirement.delete", entity: "job", entityId: row.jobId, before: row });
    return { ok: true, value: undefined };
  });
}

export async function createJob(db: Db, actorUserId: number, raw: unknown): Promise<Result<{ id: number }>> {
  const parsed = jobInput.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "eligibility.errors.badInput" };
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.code, parsed.data.code));
    if (dup) return { ok: false, code: "eligibility.errors.jobCodeTaken" };
    const [row] = await tx.insert(jobs).values(parsed.data).returning({ id: jobs.id });
    await audit(tx, { actorUserId, action: "job.create", entity: "job", entityId: row.id, after: parsed.data });
    return { ok: true, value: { id: row.id } };
  });
}

export async function setJobActive(db: Db, actorUserId: number, id: number, active: boolean): Promise<Result> {
  const [row] = await db.update(jobs).set({ active }).where(eq(jobs.id, id)).returning({ id: jobs.id });
  if (!row) return { ok: false, code: "eligibility.errors.jobNotFound" };
  await audit(db, { actorUserId, action: active ? "job.activate" : "job.deactivate", entity: "job", entityId: id });
  return { ok: true, value: undefined };
}

/** What the requirement form offers to point at: two statements. */
export async function requirementOptions(db: Db) {
  const [r] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'quarter', quarter) ORDER BY closes_at DESC), '[]') FROM quizzes) AS quizzes,
      (SELECT coalesce(json_agg(DISTINCT series), '[]') FROM quizzes WHERE series IS NOT NULL) AS quiz_series,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title) ORDER BY title), '[]') FROM courses WHERE status <> 'archived') AS courses,
      (SELECT coalesce(json_agg(DISTINCT series), '[]') FROM classes) AS class_series,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', name) ORDER BY code), '[]') FROM certificate_types WHERE active) AS certificates,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title) ORDER BY code), '[]') FROM practical_tasks WHERE active) AS tasks,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title) ORDER BY held_on DESC), '[]') FROM contests) AS contests`),
  );
  const j = <T,>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
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
export type RequirementOptions = Awaited<ReturnType<typeof requirementOptions>>;

/** Sets (or with 0 removes) the minimum number of qualified members for a job at a station. */
export async function setStationMinimum(db: Db, actorUserId: number, raw: unknown): Promise<Result> {
  const p = z.object({ orgUnitId: z.coerce.number().int().positive(), jobId: z.coerce.number().int().positive(), minQualified: z.coerce.number().int().min(0).max(10_000) }).safeParse(raw);
  if (!p.success) return { ok: false, code: "eligibility.errors.badInput" };
  const { orgUnitId, jobId, minQualified } = p.data;
  return db.transaction(async (tx) => {
    const [u] = await tx.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
    if (!u || u.kind !== "station") return { ok: false, code: "eligibility.errors.notAStation" };
    const [j] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId));
    if (!j) return { ok: false, code: "eligibility.errors.jobNotFound" };
    if (minQualified === 0) await tx.delete(stationJobMinimums).where(and(eq(stationJobMinimums.orgUnitId, orgUnitId), eq(stationJobMinimums.jobId, jobId)));
    else
      await tx
        .insert(stationJobMinimums)
        .values({ orgUnitId, jobId, minQualified })
        .onConflictDoUpdate({ target: [stationJobMinimums.orgUnitId, stationJobMinimums.jobId], set: { minQualified, updatedAt: clock.now() } });
    await audit(tx, { actorUserId, action: "coverage.minimum", entity: "org_unit", entityId: orgUnitId, after: { jobId, minQualified } });
    return { ok: true, value: undefined };
  });
}

/** Adds or removes a job the member works towards. */
export async function setJobTarget(db: Db, memberId: number, jobId: number, on: boolean): Promise<Result> {
  const [j] = await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.id, jobId), eq(jobs.active, true)));
  if (!j) return { ok: false, code: "eligibility.errors.jobNotFound" };
  if (on) await db.insert(memberJobTargets).values({ memberId, jobId }).onConflictDoNothing();
  else await db.delete(memberJobTargets).where(and(eq(memberJobTargets.memberId, memberId), eq(memberJobTargets.jobId, jobId)));
  return { ok: true, value: undefined };
}
