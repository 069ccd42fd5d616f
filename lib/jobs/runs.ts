/**
 * Each run of a background job, recorded (`job_runs`) by whichever runner ran it, and read back
 * for the administrator's 后台任务 page: per job its last run, how long it took, and the failures.
 */
import { hostname } from "node:os";
import { desc, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { holdsEverywhere } from "@/lib/auth/ownership";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { log } from "@/lib/core/log";
import { metrics } from "@/lib/core/metrics";
import { forbidden, ok, type Result } from "@/lib/core/result";
import { JOB_NAMES, type JobName } from "./definitions";

/** This process, as a run names it. */
export const RUNNER_ID = `${hostname().slice(0, 40)} ${process.pid}`;

/** An error as the page shows it: its message, short. */
function messageOf(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.slice(0, 500);
}

/**
 * Runs `fn` as one run of `job` (try number `attempt`), records it, counts it in the metrics and
 * answers what `fn` answered; a failure is recorded and thrown again (the runner retries).
 */
export async function runRecorded<T>(db: Db, job: JobName, attempt: number, fn: () => Promise<T>, runner = RUNNER_ID): Promise<T> {
  const started = clock.nowMs();
  let error: string | null = null;
  try {
    return await fn();
  } catch (err) {
    error = messageOf(err);
    log().error({ err, job, attempt }, `job ${job} failed`);
    throw err;
  } finally {
    const durationMs = Math.max(0, Math.round(clock.nowMs() - started));
    metrics().jobRuns.inc({ job, outcome: error === null ? "ok" : "failed" });
    if (error !== null) metrics().jobFailures.inc({ job });
    try {
      await db.insert(jobRuns).values({ job, startedAt: new Date(started), durationMs, ok: error === null, error, attempt, runner });
    } catch (err) {
      log().error({ err, job }, "job run not recorded");
    }
  }
}

export interface JobRun {
  id: number;
  job: string;
  startedAt: Date;
  durationMs: number;
  ok: boolean;
  error: string | null;
  attempt: number;
  runner: string;
}

export interface JobSummary {
  job: JobName;
  last: JobRun | null;
  /** Runs and failed runs in the last 24 hours before `now`. */
  runs24h: number;
  failures24h: number;
  lastFailure: JobRun | null;
}

export interface JobRunsView {
  jobs: JobSummary[];
  /** The most recent runs of every job, newest first. */
  recent: JobRun[];
}

const DAY_MS = 24 * 3600 * 1000;

function asRun(r: Record<string, unknown>): JobRun {
  return {
    id: Number(r.id),
    job: String(r.job),
    startedAt: r.started_at instanceof Date ? r.started_at : new Date(String(r.started_at)),
    durationMs: Number(r.duration_ms),
    ok: r.ok === true || r.ok === "t",
    error: (r.error as string | null) ?? null,
    attempt: Number(r.attempt),
    runner: String(r.runner),
  };
}

/** The jobs' runs for an administrator (`system.operate` over the whole organisation). */
export async function listJobRuns(db: Db, p: Principal, opts: { now?: Date; recent?: number } = {}): Promise<Result<JobRunsView>> {
  if (!holdsEverywhere(p, "system.operate")) return forbidden();
  const now = opts.now ?? clock.now();
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const last = rowsOf<Record<string, unknown>>(await db.execute(sql`SELECT DISTINCT ON (job) * FROM job_runs ORDER BY job, started_at DESC, id DESC`));
  const lastFailed = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT DISTINCT ON (job) * FROM job_runs WHERE NOT ok ORDER BY job, started_at DESC, id DESC`),
  );
  const counts = rowsOf<{ job: string; runs: number; failures: number }>(
    await db.execute(sql`SELECT job, count(*)::int AS runs, count(*) FILTER (WHERE NOT ok)::int AS failures
      FROM job_runs WHERE started_at >= ${since}::timestamptz AND started_at <= ${now.toISOString()}::timestamptz GROUP BY job`),
  );
  const recent = await db
    .select()
    .from(jobRuns)
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(opts.recent ?? 50);
  const byJob = <T extends { job: string }>(rows: T[]) => new Map(rows.map((r) => [r.job, r]));
  const lastBy = byJob(last.map(asRun));
  const failBy = byJob(lastFailed.map(asRun));
  const countBy = byJob(counts);
  return ok({
    jobs: JOB_NAMES.map((job) => ({
      job,
      last: lastBy.get(job) ?? null,
      runs24h: Number(countBy.get(job)?.runs ?? 0),
      failures24h: Number(countBy.get(job)?.failures ?? 0),
      lastFailure: failBy.get(job) ?? null,
    })),
    recent: recent.map((r) => ({ ...r })),
  });
}
