/**
 * What pages and exports call: the roster of a unit with the viewer's scope, filters checked
 * (impossible ones are a message, not an empty page). A constant number of statements per
 * request: the unit, the jobs, their requirements, the cache's state, the roster. Reads only.
 */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { jobs } from "@/db/schema";
import { scopeOf, type Principal } from "@/lib/auth/permissions";
import { fail, notFound, ok, type Result } from "@/lib/core/result";
import { scopedUnit, type UnitRef } from "@/lib/org/units";

import { cacheFreshness, refreshCache, type CacheFreshness } from "./cache";
import { loadFacts, loadRequirements, type RequirementRow } from "./data";
import { evaluateJob } from "./rules";
import { ROSTER_SORTS, rosterPage, type RosterJob, type RosterResult } from "./roster";
import { JOB_STATUSES, type JobOutcome } from "./types";
import { dayIn } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

const PAGE_SIZE = 50;

const optionalInt = (max: number) =>
  z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), z.coerce.number().int().min(0).max(max).nullable());

/** The roster's filters as they come from the URL. */
const rosterFilter = z.object({
  unit: optionalInt(2_147_483_647),
  job: optionalInt(2_147_483_647),
  status: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(JOB_STATUSES as ["eligible", "expiring", "missing"]).nullable()),
  within: optionalInt(3650),
  sort: z.preprocess((v) => (v === "" || v === undefined ? "name" : v), z.enum(ROSTER_SORTS)),
  desc: z.preprocess((v) => v === "1" || v === true, z.boolean()),
  page: z.preprocess((v) => (v === "" || v === undefined ? 1 : v), z.coerce.number().int().min(1).max(1_000_000)),
  view: z.preprocess((v) => (v === "" || v === undefined ? "jobs" : v), z.enum(["jobs", "requirements"])),
});
export type RosterFilter = z.infer<typeof rosterFilter>;

export interface RosterView extends RosterResult {
  unit: UnitRef;
  jobs: RosterJob[];
  requirements: RequirementRow[];
  filter: RosterFilter;
  today: string;
  pageSize: number;
  /** The requirements view: each page member's state on each requirement of the one job. */
  matrix: Map<number, JobOutcome> | null;
  /** How old the statuses are and whether the job is about to recompute them. */
  freshness: CacheFreshness;
}

/** Parses URL search params; a value that is not one is an error, not silently dropped. */
export function parseRosterFilter(params: Record<string, string | string[] | undefined>): Result<RosterFilter> {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const r = rosterFilter.safeParse(flat);
  if (!r.success) return fail("eligibility.errors.badFilter", undefined, "badRequest");
  if (r.data.status === "missing" && r.data.within !== null) return fail("eligibility.errors.impossibleFilter", undefined, "badRequest");
  if (r.data.view === "requirements" && r.data.job === null) return fail("eligibility.errors.requirementsViewNeedsJob", undefined, "badRequest");
  return ok(r.data);
}

/** Active jobs, by code. */
export async function listJobs(db: Db, opts: { includeInactive?: boolean } = {}): Promise<RosterJob[]> {
  const q = db.select({ id: jobs.id, code: jobs.code, name: jobs.name, specialty: jobs.specialty }).from(jobs);
  return (opts.includeInactive ? q : q.where(eq(jobs.active, true))).orderBy(asc(jobs.code));
}

/**
 * Brings the roster cache up to date (cheap when nothing changed): the roster-refresh job, every
 * SWEEP_INTERVAL_S, at start and when an admin changes jobs or requirements. No page calls it.
 */
export async function warmRosterCache(db: Db, now = clock.now()): Promise<void> {
  const tz = timeZone();
  await refreshCache(db, dayIn(now, tz), tz);
}

/**
 * One page of the roster of a unit inside the viewer's `roster.read` scope (their own scope's
 * unit when none is asked for); a unit outside it is "not found". Statuses from the cache as the
 * job last left it, with its age (`freshness`). With the requirements view,
 * the page's members' state on each requirement of the one job, from the pure rules.
 */
export async function getRosterView(
  db: Db,
  viewer: Principal,
  filter: RosterFilter,
  opts: { now?: Date; pageSize?: number; tz?: string } = {},
): Promise<Result<RosterView>> {
  const unit = await scopedUnit(db, viewer, "roster.read", filter.unit);
  if (!unit.ok) return unit;
  const jobList = await listJobs(db);
  if (filter.job !== null && !jobList.some((j) => j.id === filter.job)) return notFound("eligibility.errors.jobNotFound");
  const requirements = await loadRequirements(db, filter.job !== null ? [filter.job] : jobList.map((j) => j.id));
  const tz = opts.tz ?? timeZone();
  const today = dayIn(opts.now ?? clock.now(), tz);
  // The last complete state: a page never recomputes (the job does), it says how old it is.
  const freshness = await cacheFreshness(db, today, tz);
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const result = await rosterPage(db, {
    unitPath: unit.value.path,
    scope: scopeOf(viewer, "roster.read"),
    jobs: jobList,
    requirements,
    jobId: filter.job,
    status: filter.status,
    expiringWithinDays: filter.within,
    sort: filter.sort,
    desc: filter.desc,
    page: filter.page,
    pageSize,
    today,
    tz,
  });
  const matrix =
    filter.view === "requirements" && filter.job !== null
      ? await requirementMatrix(
          db,
          result.rows.map((r) => r.memberId),
          filter.job,
          requirements,
          today,
          tz,
        )
      : null;
  return ok({
    ...result,
    unit: unit.value,
    jobs: filter.job !== null ? jobList.filter((j) => j.id === filter.job) : jobList,
    requirements,
    filter,
    today,
    pageSize,
    matrix,
    freshness,
  });
}

/** Each member's state on each requirement of one job (seven statements for the page, whatever its size). */
async function requirementMatrix(db: Db, memberIds: number[], jobId: number, requirements: RequirementRow[], today: string, tz: string) {
  const facts = await loadFacts(db, memberIds, tz);
  const out = new Map<number, JobOutcome>();
  for (const id of memberIds) {
    const f = facts.get(id);
    if (f) out.set(id, evaluateJob(jobId, requirements, f, today));
  }
  return out;
}
