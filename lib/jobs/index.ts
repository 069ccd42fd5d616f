/**
 * The background jobs of this process: which runner (pg-boss on PostgreSQL, timers in this process
 * on the embedded database), started once, and its state for /api/ready and the metrics. Web
 * processes start it when JOBS_IN_WEB is on (the default); `npm run worker` starts it alone.
 */
import type { DbHandle } from "@/db/client";
import type { Config } from "@/lib/core/config";
import { setQueueStatus } from "@/lib/core/health";
import { setQueueProbe } from "@/lib/core/metrics";
import { log } from "@/lib/core/log";
import { jobDefinitions, type JobName } from "./definitions";
import { inProcessRunner, pgBossRunner, type JobRunner } from "./runner";
import { RUNNER_ID } from "./runs";

type Global = typeof globalThis & { __jobreadyJobs?: JobRunner };

/** The runner for this configuration and database. */
export function makeRunner(handle: DbHandle, settings: Config): JobRunner {
  const jobs = jobDefinitions(settings);
  if (handle.driver === "postgres" && settings.DATABASE_URL) {
    return pgBossRunner(handle.db, jobs, {
      connectionString: settings.DATABASE_URL,
      tz: settings.APP_TIME_ZONE,
      applicationName: `jobready jobs ${RUNNER_ID}`,
      // pg-boss's default cron pass (every 30 s) starts a minute's sweep ≈ 25 s late; every 10 s,
      // ≈ 3 s (bench/jobs.ts), for one small query per instance every 10 s.
      cronMonitorIntervalS: 10,
    });
  }
  return inProcessRunner(handle.db, jobs);
}

/** Starts this process's job runner (once) and hands the metrics its queue depth. */
export async function startJobs(handle: DbHandle, settings: Config): Promise<JobRunner> {
  const g = globalThis as Global;
  if (g.__jobreadyJobs) return g.__jobreadyJobs;
  const runner = makeRunner(handle, settings);
  g.__jobreadyJobs = runner;
  // Registered before it starts: a queue that cannot start reads "stopped" on /api/ready.
  setQueueStatus(() => (runner.running() ? "running" : "stopped"));
  setQueueProbe(() => runner.depth());
  await runner.start();
  return runner;
}

/** Stops this process's job runner, letting a run under way finish. */
export async function stopJobs(): Promise<void> {
  const g = globalThis as Global;
  const runner = g.__jobreadyJobs;
  if (!runner) return;
  await runner.stop();
  g.__jobreadyJobs = undefined;
  setQueueProbe(undefined);
  setQueueStatus(undefined);
}

/**
 * Asks this process's runner for a run of `name` now, without waiting for it (a request never
 * waits for a job); without a runner here (a worker process runs the jobs) its schedule does.
 */
export function kickJob(name: JobName): void {
  const runner = (globalThis as Global).__jobreadyJobs;
  if (!runner?.running()) return;
  runner.trigger(name).catch((err) => log().warn({ err, job: name }, "job not triggered"));
}

export { listJobRuns, type JobRun, type JobSummary } from "./runs";
