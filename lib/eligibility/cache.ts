/**
 * Keeps the roster's cache (eligibility_cells, eligibility_member_summary) up to date as records
 * change, so a roster page reads statuses instead of computing every member × job cell:
 * - row triggers on the record tables (statement-level, with transition tables) put the members
 *   whose records changed into eligibility_dirty;
 * - statement triggers on requirements, jobs (active) and certificate types (on/off, renewal
 *   window) put the jobs concerned into eligibility_dirty_jobs (migration 0022): the refresh
 *   recomputes those jobs' cells only; triggers on what other requirements point to (their
 *   columns that matter) mark the whole cache stale; a new day in the site's zone recomputes the
 *   members whose recheck day came;
 * - `refreshCache` (the roster-refresh job: every SWEEP_INTERVAL_S, at start, and asked for when
 *   an admin changes jobs or requirements) recomputes the dirty members, or everyone, with the
 *   same set-wise SQL as the live roster, under an advisory lock so two instances never refresh
 *   at once. Pages never refresh: they read the last complete state and `cacheFreshness` (how old
 *   it is, whether a recompute is pending).
 * The triggers are part of the schema (db/migrations/0005_eligibility_triggers.sql): record
 * tables (quiz_results, course_completions, attendance, member_certificates, signoffs,
 * contest_results, members) mark members dirty; job_requirements, jobs and certificate_types mark
 * jobs (0022); the columns of what other requirements point to mark the whole cache stale. A new record table that eligibility reads
 * needs its trigger there too.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { loadRequirements } from "./data";
import type { Requirement } from "./types";
import { laterSql, recomputeCtes, type RosterJob } from "./roster";
import { quarterOf } from "@/lib/core/time";

const LOCK_KEY = 46_000_417;
/** Above this many changed members a full recompute is cheaper than a partial one. */
const PARTIAL_LIMIT = 5_000;

interface State {
  asOf: string | null;
  tz: string | null;
  fullDirty: boolean;
  /** Bumped by every marking of the whole cache (eligibility_mark_all, migration 0021). */
  version: number;
  dirty: boolean;
}

async function readState(db: Db): Promise<State | null> {
  const [r] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT as_of::text AS as_of, time_zone, full_dirty, dirty_version::text AS version, EXISTS (SELECT 1 FROM eligibility_dirty) OR EXISTS (SELECT 1 FROM eligibility_dirty_jobs) AS dirty
                          FROM eligibility_cache_state WHERE id = 1`),
  );
  if (!r) return null;
  return {
    asOf: r.as_of ? String(r.as_of) : null,
    tz: r.time_zone ? String(r.time_zone) : null,
    fullDirty: r.full_dirty === true,
    version: Number(r.version),
    dirty: r.dirty === true,
  };
}

/**
 * Takes the members waiting in eligibility_dirty: the rows a transaction still writing records
 * holds (the triggers lock a member's row until the change commits) are left for the next run —
 * this run's statements could not see that change.
 */
const TAKE_DIRTY = sql`DELETE FROM eligibility_dirty WHERE member_id IN (SELECT member_id FROM eligibility_dirty FOR UPDATE SKIP LOCKED) RETURNING member_id`;

/** How current the cached statuses a page reads are (lib/eligibility/cache.ts keeps them; the job refreshes them). */
export interface CacheFreshness {
  /** When the statuses were last computed (null: never). */
  refreshedAt: Date | null;
  /**
   * Something changed since (records, jobs or requirements, a new day, another zone): the
   * roster-refresh job will recompute, and the page shows the last complete state until then.
   */
  pending: boolean;
}

/**
 * The cache's age and whether a recompute is due, for `today` in `tz`: one read, no writes (a
 * page never recomputes; the roster-refresh job does).
 */
export async function cacheFreshness(db: Db, today: string, tz: string): Promise<CacheFreshness> {
  const [r] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT (extract(epoch FROM refreshed_at) * 1000)::float8 AS at_ms, as_of::text AS as_of, time_zone, full_dirty,
                                 EXISTS (SELECT 1 FROM eligibility_dirty) OR EXISTS (SELECT 1 FROM eligibility_dirty_jobs) AS dirty
                          FROM eligibility_cache_state WHERE id = 1`),
  );
  if (!r) return { refreshedAt: null, pending: true };
  const at = r.at_ms === null || r.at_ms === undefined ? null : new Date(Number(r.at_ms));
  return { refreshedAt: at, pending: r.full_dirty === true || r.dirty === true || r.as_of !== today || r.time_zone !== tz || at === null };
}

/** How long ago `at` was, in the largest whole unit (for "updated … ago"); null: never. */
export function ageOf(at: Date | null, now: Date): { unit: "seconds" | "minutes" | "hours" | "days"; n: number } | null {
  if (!at) return null;
  const s = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));
  if (s < 60) return { unit: "seconds", n: s };
  if (s < 3600) return { unit: "minutes", n: Math.floor(s / 60) };
  if (s < 86_400) return { unit: "hours", n: Math.floor(s / 3600) };
  return { unit: "days", n: Math.floor(s / 86_400) };
}

type RefreshKind = "none" | "partial" | "full";

export interface RefreshResult {
  kind: RefreshKind;
  /** Members recomputed for every job (-1: everyone). */
  members: number;
  /** Jobs recomputed for every member (their requirements changed; -1: every job). */
  jobs: number;
}

/** One recompute statement: the cells of `jobs` for the members of `memberFilter`, and the members' summaries. */
function recomputeSql(q: { memberFilter: SQL; jobs: RosterJob[]; requirements: Requirement[]; today: string; tz: string }, summary: "insert" | "merge"): SQL {
  // insert: the members' summaries were deleted, every job is recomputed. merge: only some jobs
  // are; their old cells were taken out of the summaries (counts, first expiry), the new ones are
  // added, and the day to look again is the earlier of the kept one and the new jobs' one.
  const later = laterSql(q.today, q.tz, summary === "insert" ? "all" : "service");
  return sql`
    WITH ${recomputeCtes(q)},
    ins AS (
      INSERT INTO eligibility_cells (member_id, job_id, status, expiring_on, first_until)
      SELECT member_id, job_id, status, expiring_on, first_until FROM st WHERE status <> 'missing'
      RETURNING member_id, status, first_until),
    c AS (SELECT member_id, count(*) FILTER (WHERE status = 'eligible') AS ne, count(*) FILTER (WHERE status = 'expiring') AS nx, min(first_until) AS fu
            FROM ins GROUP BY member_id),
    rc AS (SELECT member_id, min(change_on) AS d
             FROM (SELECT member_id, change_on FROM met UNION ALL SELECT member_id, change_on FROM (${later}) l) z
            WHERE change_on IS NOT NULL GROUP BY member_id)
    INSERT INTO eligibility_member_summary AS s (member_id, n_eligible, n_expiring, first_until, recheck_on)
    SELECT coalesce(c.member_id, rc.member_id), coalesce(c.ne, 0), coalesce(c.nx, 0), c.fu, rc.d
      FROM c FULL JOIN rc ON rc.member_id = c.member_id
    ${
      summary === "merge"
        ? sql`ON CONFLICT (member_id) DO UPDATE SET n_eligible = s.n_eligible + excluded.n_eligible, n_expiring = s.n_expiring + excluded.n_expiring,
                 first_until = least(s.first_until, excluded.first_until), recheck_on = least(s.recheck_on, excluded.recheck_on)`
        : sql``
    }`;
}

/**
 * Brings the cache to `today`: nothing to do (one statement); the jobs whose requirements changed
 * (their cells for every member) and the changed and due members (every job); or everything.
 */
export async function refreshCache(db: Db, today: string, tz: string): Promise<RefreshResult> {
  const s = await readState(db);
  if (s && !s.fullDirty && s.asOf === today && s.tz === tz && !s.dirty) return { kind: "none", members: 0, jobs: 0 };
  // The state a page shows is the one read at the start (what it says is "updated … ago").
  const started = clock.now();
  return db.transaction(async (tx): Promise<RefreshResult> => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    let st = await readState(tx);
    if (!st) {
      // The migration makes the row; a database emptied by hand gets it back, stale.
      await tx.execute(sql`INSERT INTO eligibility_cache_state (id, full_dirty) VALUES (1, true) ON CONFLICT (id) DO NOTHING`);
      st = await readState(tx);
    }
    if (!st) throw new Error("eligibility cache state missing");
    if (!st.fullDirty && st.asOf === today && st.tz === tz && !st.dirty) return { kind: "none", members: 0, jobs: 0 };
    // The jobs marked (with their versions): deleted at the end only if no edit marked them again.
    const marked = rowsOf<{ job_id: number; v: string }>(await tx.execute(sql`SELECT job_id, v::text AS v FROM eligibility_dirty_jobs`)).map((r) => ({
      id: Number(r.job_id),
      v: String(r.v),
    }));
    // A new day recomputes only the members whose recheck day has come; a new quarter (quarter
    // windows), another zone or a change to what requirements point to recomputes everyone.
    const full = st.fullDirty || !st.asOf || st.tz !== tz || today < st.asOf || quarterOf(st.asOf) !== quarterOf(today);
    let ids: number[] = [];
    if (!full) {
      ids = rowsOf<{ member_id: number }>(await tx.execute(TAKE_DIRTY)).map((r) => Number(r.member_id));
      if (st.asOf !== today) {
        const due = rowsOf<{ member_id: number }>(await tx.execute(sql`SELECT member_id FROM eligibility_member_summary WHERE recheck_on <= ${today}::date`));
        ids = [...new Set([...ids, ...due.map((r) => Number(r.member_id))])];
      }
    }
    const jobList = rowsOf<RosterJob>(await tx.execute(sql`SELECT id, code, name, specialty FROM jobs WHERE active ORDER BY code`)).map((j) => ({
      ...j,
      id: Number(j.id),
    }));
    // Most jobs marked at once: one whole recompute is cheaper than recomputing them one by one.
    const wholeRun = full || ids.length > PARTIAL_LIMIT || marked.length * 2 > Math.max(1, jobList.length);
    const requirements = await loadRequirements(
      tx,
      jobList.map((j) => j.id),
    );
    if (wholeRun) {
      await tx.execute(TAKE_DIRTY);
      // DELETE, not TRUNCATE: TRUNCATE's exclusive lock would hold every page reading the roster
      // until this commits; with DELETE they read the last complete state meanwhile.
      await tx.execute(sql`DELETE FROM eligibility_cells`);
      await tx.execute(sql`DELETE FROM eligibility_member_summary`);
      await tx.execute(recomputeSql({ memberFilter: sql`true`, jobs: jobList, requirements, today, tz }, "insert"));
    } else {
      if (marked.length) {
        // The marked jobs for every member: their old cells out of the cells and the summaries
        // (a member whose first expiry was one of them gets it again from their other cells) …
        const jobIds = sql.raw(`'{${marked.map((j) => j.id).join(",")}}'::int[]`);
        await tx.execute(sql`
          WITH d AS (DELETE FROM eligibility_cells WHERE job_id = ANY(${jobIds}) RETURNING member_id, status, first_until),
          g AS (SELECT member_id, count(*) FILTER (WHERE status = 'eligible') AS ne, count(*) FILTER (WHERE status = 'expiring') AS nx, min(first_until) AS fu
                  FROM d GROUP BY member_id)
          UPDATE eligibility_member_summary s
             SET n_eligible = s.n_eligible - g.ne, n_expiring = s.n_expiring - g.nx,
                 first_until = CASE WHEN g.fu IS NOT NULL AND g.fu <= s.first_until
                                    THEN (SELECT min(c.first_until) FROM eligibility_cells c WHERE c.member_id = s.member_id AND c.job_id <> ALL(${jobIds}))
                                    ELSE s.first_until END
            FROM g WHERE g.member_id = s.member_id`);
        // … and the new ones in (a job turned off or deleted has none).
        const ids = new Set(marked.map((j) => j.id));
        const jobs = jobList.filter((j) => ids.has(j.id));
        if (jobs.length)
          await tx.execute(recomputeSql({ memberFilter: sql`true`, jobs, requirements: requirements.filter((r) => ids.has(r.jobId)), today, tz }, "merge"));
      }
      if (ids.length) {
        // The changed and due members for every job.
        const idList = sql.raw(`'{${ids.join(",")}}'::int[]`);
        await tx.execute(sql`DELETE FROM eligibility_cells WHERE member_id = ANY(${idList})`);
        await tx.execute(sql`DELETE FROM eligibility_member_summary WHERE member_id = ANY(${idList})`);
        await tx.execute(recomputeSql({ memberFilter: sql`mb.id = ANY(${idList})`, jobs: jobList, requirements, today, tz }, "insert"));
      }
    }
    // An edit that marked the whole cache while this ran (its requirements may not be the ones
    // loaded above) bumped the version: the cache stays marked, and the next run recomputes.
    await tx.execute(
      sql`UPDATE eligibility_cache_state SET as_of = ${today}, time_zone = ${tz}, full_dirty = (dirty_version <> ${st.version}),
                 refreshed_at = ${started.toISOString()}::timestamptz WHERE id = 1`,
    );
    // The marked jobs done, unless an edit marked one again since (a new version) or is still
    // writing it (its row locked): those stay for the next run.
    if (marked.length)
      await tx.execute(sql`
        DELETE FROM eligibility_dirty_jobs WHERE job_id IN (
          SELECT d.job_id FROM eligibility_dirty_jobs d
            JOIN jsonb_to_recordset(${JSON.stringify(marked)}::jsonb) AS x(id int, v text) ON x.id = d.job_id AND x.v::bigint = d.v
           FOR UPDATE OF d SKIP LOCKED)`);
    if (wholeRun) await tx.execute(sql`ANALYZE eligibility_cells`);
    return wholeRun ? { kind: "full", members: -1, jobs: -1 } : { kind: "partial", members: ids.length, jobs: marked.length };
  });
}
