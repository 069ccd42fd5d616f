/**
 * Keeps the roster's cache (eligibility_cells, eligibility_member_summary) up to date as records
 * change, so a roster page reads statuses instead of computing every member × job cell:
 * - row triggers on the record tables (statement-level, with transition tables) put the members
 *   whose records changed into eligibility_dirty;
 * - statement triggers on jobs, requirements and what requirements point to (their columns that
 *   matter) mark the whole cache stale, as does a new day in the site's zone (expiries, windows);
 * - `refreshCache` (the roster-refresh job: every SWEEP_INTERVAL_S, at start, and asked for when
 *   an admin changes jobs or requirements) recomputes the dirty members, or everyone, with the
 *   same set-wise SQL as the live roster, under an advisory lock so two instances never refresh
 *   at once. Pages never refresh: they read the last complete state and `cacheFreshness` (how old
 *   it is, whether a recompute is pending).
 * The triggers are part of the schema (db/migrations/0005_eligibility_triggers.sql): record
 * tables (quiz_results, course_completions, attendance, member_certificates, signoffs,
 * contest_results, members) mark members dirty; jobs, job_requirements and the columns of what
 * requirements point to mark the whole cache stale. A new record table that eligibility reads
 * needs its trigger there too.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { loadRequirements } from "./data";
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
    await db.execute(sql`SELECT as_of::text AS as_of, time_zone, full_dirty, dirty_version::text AS version, EXISTS (SELECT 1 FROM eligibility_dirty) AS dirty
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
    await db.execute(sql`SELECT (extract(epoch FROM refreshed_at) * 1000)::float8 AS at_ms, as_of::text AS as_of, time_zone, full_dirty, EXISTS (SELECT 1 FROM eligibility_dirty) AS dirty
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

/** Brings the cache to `today`: nothing to do (one statement), the changed members, or everyone. */
export async function refreshCache(db: Db, today: string, tz: string): Promise<{ kind: RefreshKind; members: number }> {
  const s = await readState(db);
  if (s && !s.fullDirty && s.asOf === today && s.tz === tz && !s.dirty) return { kind: "none", members: 0 };
  // The state a page shows is the one read at the start (what it says is "updated … ago").
  const started = clock.now();
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    let st = await readState(tx);
    if (!st) {
      // The migration makes the row; a database emptied by hand gets it back, stale.
      await tx.execute(sql`INSERT INTO eligibility_cache_state (id, full_dirty) VALUES (1, true) ON CONFLICT (id) DO NOTHING`);
      st = await readState(tx);
    }
    if (!st) throw new Error("eligibility cache state missing");
    if (!st.fullDirty && st.asOf === today && st.tz === tz && !st.dirty) return { kind: "none" as const, members: 0 };
    // A new day recomputes only the members whose recheck day has come; a new quarter (quarter
    // windows), another zone or a change to jobs and requirements recomputes everyone.
    const full = st.fullDirty || !st.asOf || st.tz !== tz || today < st.asOf || quarterOf(st.asOf) !== quarterOf(today);
    let ids: number[] = [];
    if (!full) {
      ids = rowsOf<{ member_id: number }>(await tx.execute(TAKE_DIRTY)).map((r) => Number(r.member_id));
      if (st.asOf !== today) {
        const due = rowsOf<{ member_id: number }>(await tx.execute(sql`SELECT member_id FROM eligibility_member_summary WHERE recheck_on <= ${today}::date`));
        ids = [...new Set([...ids, ...due.map((r) => Number(r.member_id))])];
      }
    }
    const wholeRun = full || ids.length > PARTIAL_LIMIT;
    const jobList = rowsOf<RosterJob>(await tx.execute(sql`SELECT id, code, name, specialty FROM jobs WHERE active ORDER BY code`)).map((j) => ({
      ...j,
      id: Number(j.id),
    }));
    const requirements = await loadRequirements(
      tx,
      jobList.map((j) => j.id),
    );
    const idList = sql.raw(`'{${ids.join(",")}}'::int[]`);
    const memberFilter = wholeRun ? sql`true` : sql`mb.id = ANY(${idList})`;
    if (wholeRun) {
      await tx.execute(TAKE_DIRTY);
      await tx.execute(sql`TRUNCATE eligibility_cells, eligibility_member_summary`);
    } else if (ids.length) {
      await tx.execute(sql`DELETE FROM eligibility_cells WHERE member_id = ANY(${idList})`);
      await tx.execute(sql`DELETE FROM eligibility_member_summary WHERE member_id = ANY(${idList})`);
    }
    if (wholeRun || ids.length) {
      // One statement: the cells (recomputeCtes: conditions shared by jobs once, a bit set per
      // member), and per member the counts and the day to look again.
      await tx.execute(sql`
        WITH ${recomputeCtes({ memberFilter, jobs: jobList, requirements, today, tz })},
        ins AS (
          INSERT INTO eligibility_cells (member_id, job_id, status, expiring_on, first_until)
          SELECT member_id, job_id, status, expiring_on, first_until FROM st WHERE status <> 'missing'
          RETURNING member_id, status, first_until),
        c AS (SELECT member_id, count(*) FILTER (WHERE status = 'eligible') AS ne, count(*) FILTER (WHERE status = 'expiring') AS nx, min(first_until) AS fu
                FROM ins GROUP BY member_id),
        rc AS (SELECT member_id, min(change_on) AS d
                 FROM (SELECT member_id, change_on FROM met UNION ALL SELECT member_id, change_on FROM (${laterSql(today, tz)}) l) z
                WHERE change_on IS NOT NULL GROUP BY member_id)
        INSERT INTO eligibility_member_summary (member_id, n_eligible, n_expiring, first_until, recheck_on)
        SELECT coalesce(c.member_id, rc.member_id), coalesce(c.ne, 0), coalesce(c.nx, 0), c.fu, rc.d
          FROM c FULL JOIN rc ON rc.member_id = c.member_id`);
    }
    // An edit that marked the whole cache while this ran (its requirements may not be the ones
    // loaded above) bumped the version: the cache stays marked, and the next run recomputes.
    await tx.execute(
      sql`UPDATE eligibility_cache_state SET as_of = ${today}, time_zone = ${tz}, full_dirty = (dirty_version <> ${st.version}),
                 refreshed_at = ${started.toISOString()}::timestamptz WHERE id = 1`,
    );
    if (wholeRun) await tx.execute(sql`ANALYZE eligibility_cells`);
    return { kind: wholeRun ? ("full" as const) : ("partial" as const), members: wholeRun ? -1 : ids.length };
  });
}
