/**
 * What pages and exports call: the roster of a unit with the viewer's scope, filters checked
 * (impossible ones are a message, not an empty page). A constant number of statements per
 * request: the unit, the jobs, their requirements, the roster.
 */
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { jobs, orgUnits } from "@/db/schema";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";

import { refreshCache } from "./cache";
import { loadFacts, loadRequirements, type RequirementRow } from "./data";
import { evaluateJob } from "./rules";
import { ROSTER_SORTS, rosterPage, type RosterJob, type RosterResult } from "./roster";
import { JOB_STATUSES } from "./types";
import { dayIn } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";
import * as clock from "@/lib/core/clock";

export const PAGE_SIZE = 50;

const optionalInt = (max: number) =>
  z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), z.coerce.number().int().min(0).max(max).nullable());

/** The roster's filters as they come from the URL. */
export const rosterFilter = z.object({
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

export type RosterError = "eligibility.errors.badFilter" | "eligibility.errors.unitNotFound" | "eligibility.errors.jobNotFound" | "eligibility.errors.impossibleFilter" | "eligibility.errors.requirementsViewNeedsJob";

export interface RosterView extends RosterResult {
  unit: { id: number; name: string; path: string };
  jobs: RosterJob[];
  requirements: RequirementRow[];
  filter: RosterFilter;
  today: string;
  pageSize: number;
}

/** Parses URL search params; a value that is not one is an error, not silently dropped. */
export function parseRosterFilter(params: Record<string, string | string[] | undefined>): { ok: true; filter: RosterFilter } | { ok: false; code: RosterError } {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const r = rosterFilter.safeParse(flat);
  if (!r.success) return { ok: false, code: "eligibility.errors.badFilter" };
  if (r.data.status === "missing" && r.data.within !== null) return { ok: false, code: "eligibility.errors.impossibleFilter" };
  if (r.data.view === "requirements" && r.data.job === null) return { ok: false, code: "eligibility.errors.requirementsViewNeedsJob" };
  return { ok: true, filter: r.data };
}

/** Active jobs, by code. */
export async function listJobs(db: Db, opts: { includeInactive?: boolean } = {}): Promise<RosterJob[]> {
  const q = db.select({ id: jobs.id, code: jobs.code, name: jobs.name, specialty: jobs.specialty }).from(jobs);
  return (opts.includeInactive ? q : q.where(eq(jobs.active, true))).orderBy(asc(jobs.code));
}

/** The unit the roster starts from: the one asked for, else the viewer's own scope (or the root). */
export async function rosterUnit(db: Db, scope: Scope, unitId: number | null): Promise<{ id: number; name: string; path: string } | null> {
  if (unitId !== null) {
    const [u] = await db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
    return u ?? null;
  }
  const path = scope.all ? null : scope.paths[0];
  const rows = rowsOf<{ id: number; name: string; path: string }>(
    await db.execute(
      path
        ? sql`SELECT id, name, path FROM org_units WHERE path = ${path}`
        : sql`SELECT id, name, path FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1`,
    ),
  );
  return rows[0] ? { id: Number(rows[0].id), name: String(rows[0].name), path: String(rows[0].path) } : null;
}

/**
 * Brings the roster cache up to date now (cheap when nothing changed), so the next roster page
 * does not pay for it: after an admin changes jobs or requirements (a whole recompute, ≈ 15 s at
 * 100,000 members) and from the minute sweep (records changed, a new day).
 */
export async function warmRosterCache(db: Db, now = clock.now()): Promise<void> {
  const tz = timeZone();
  await refreshCache(db, dayIn(now, tz), tz);
}

export async function getRosterView(
  db: Db,
  viewer: Principal,
  filter: RosterFilter,
  opts: { now?: Date; pageSize?: number; tz?: string } = {},
): Promise<{ ok: true; view: RosterView } | { ok: false; code: RosterError }> {
  const scope = scopeOf(viewer, "roster.read");
  const unit = await rosterUnit(db, scope, filter.unit);
  if (!unit || !can(viewer, "roster.read", unit.path)) return { ok: false, code: "eligibility.errors.unitNotFound" };
  const jobList = await listJobs(db);
  if (filter.job !== null && !jobList.some((j) => j.id === filter.job)) return { ok: false, code: "eligibility.errors.jobNotFound" };
  const requirements = await loadRequirements(db, filter.job !== null ? [filter.job] : jobList.map((j) => j.id));
  const tz = opts.tz ?? timeZone();
  const today = dayIn(opts.now ?? clock.now(), tz);
  await refreshCache(db, today, tz);
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const result = await rosterPage(db, {
    unitPath: unit.path,
    scope,
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
  return { ok: true, view: { ...result, unit, jobs: filter.job !== null ? jobList.filter((j) => j.id === filter.job) : jobList, requirements, filter, today, pageSize } };
}

/**
 * The requirements view: each page member's state on each requirement of one job, from the pure
 * rules over the page's members' facts (seven statements for the page, whatever its size).
 */
export async function requirementMatrix(db: Db, memberIds: number[], jobId: number, requirements: RequirementRow[], today: string, tz: string = timeZone()) {
  const facts = await loadFacts(db, memberIds, tz);
  const out = new Map<number, ReturnType<typeof evaluateJob>>();
  for (const id of memberIds) {
    const f = facts.get(id);
    if (f) out.set(id, evaluateJob(jobId, requirements, f, today));
  }
  return out;
}
