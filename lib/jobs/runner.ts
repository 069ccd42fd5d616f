/**
 * Two runners of the background jobs (lib/jobs/definitions.ts) with one interface:
 *
 * - on PostgreSQL, pg-boss: each job is a queue, its schedule a pg-boss cron, so whatever the
 *   number of instances one of them sends the job once per period and one worker takes it;
 *   a failed run is retried with backoff. pg-boss keeps its own tables in its own schema
 *   (`pgboss`), outside the drizzle migrations, and has its own small `pg` pool on DATABASE_URL.
 * - on the embedded database (one process), timers in this process: the same names and periods,
 *   the same retries, a run never overlapping the one before it.
 *
 * Both record every run in `job_runs` (lib/jobs/runs.ts).
 */
import { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { log } from "@/lib/core/log";
import type { JobDefinition, JobName } from "./definitions";
import { RUNNER_ID, runRecorded } from "./runs";

export interface RetryPolicy {
  /** Tries after the first. */
  retryLimit: number;
  /** Seconds before the first retry; doubled for each next one. */
  retryDelayS: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 2, retryDelayS: 5 };

export interface JobRunner {
  readonly kind: "pg-boss" | "in-process";
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Whether it has started and not stopped (what /api/ready reports). */
  running(): boolean;
  /**
   * Asks for one run of `name` now. Runs asked for within the same period (the job's `everyS`)
   * are one run, whichever instance asks.
   */
  trigger(name: JobName): Promise<void>;
  /** Jobs waiting to run, by name. */
  depth(): Promise<Record<string, number>>;
}

export interface PgBossRunnerOptions {
  connectionString: string;
  /** pg-boss's schema (default `pgboss`; tests use their own). */
  schema?: string;
  /** Run the cron schedules (send jobs when due). */
  schedule?: boolean;
  /** Take jobs and run them here. */
  work?: boolean;
  retry?: RetryPolicy;
  /** How often a worker looks for jobs, seconds (pg-boss default 2). */
  pollingIntervalS?: number;
  /** How often the cron pass looks for due schedules, seconds (pg-boss default 30; 1–45). */
  cronMonitorIntervalS?: number;
  tz?: string;
  /** Connections of pg-boss's own pool. */
  max?: number;
  applicationName?: string;
  /** How its runs name the process that ran them (default host and pid). */
  runnerId?: string;
}

/** The slot a job's runs are deduplicated in: its period (whole minutes, as its cron), at least 1 s. */
function slotSeconds(j: JobDefinition): number {
  return Math.max(1, j.everyS >= 60 ? Math.round(j.everyS / 60) * 60 : j.everyS);
}

/** The pg-boss runner: a queue per job, its cron schedule, a worker that records runs in `db`. */
export function pgBossRunner(db: Db, jobs: JobDefinition[], o: PgBossRunnerOptions): JobRunner {
  const retry = o.retry ?? DEFAULT_RETRY;
  let boss: PgBoss | null = null;
  const byName = new Map(jobs.map((j) => [j.name, j]));
  return {
    kind: "pg-boss",
    async start() {
      const b = new PgBoss({
        connectionString: o.connectionString,
        schema: o.schema ?? "pgboss",
        max: o.max ?? 3,
        application_name: o.applicationName ?? "jobready jobs",
        schedule: o.schedule ?? true,
        // pg-boss refuses the key present but undefined.
        ...(o.cronMonitorIntervalS ? { cronMonitorIntervalSeconds: o.cronMonitorIntervalS, cronWorkerIntervalSeconds: o.cronMonitorIntervalS } : {}),
        // The jobs' own metrics are prom-client's (lib/core/metrics.ts).
        openTelemetry: { enabled: false },
      });
      b.on("error", (err) => log().error({ err }, "job queue error"));
      await b.start();
      boss = b;
      for (const j of jobs) {
        await b.createQueue(j.name, {
          retryLimit: retry.retryLimit,
          retryDelay: retry.retryDelayS,
          retryBackoff: true,
          // A sweep that has not finished within two periods (at least 5 minutes), or the job's own
          // limit, is tried again.
          expireInSeconds: j.expireS ?? Math.max(300, j.everyS * 2),
          deleteAfterSeconds: 7 * 24 * 3600,
        });
        // One job per period whoever sends it: a second send in the same slot (two instances'
        // cron passes on the same due minute, or a trigger) is dropped by pg-boss's singleton index.
        if (o.schedule ?? true) await b.schedule(j.name, j.cron, null, { tz: o.tz ?? "UTC", singletonKey: j.name, singletonSeconds: slotSeconds(j) });
        // A job that must not wait a period on a new process (atStart): asked for now, in the same
        // slot as any other instance's ask.
        if (j.atStart && (o.schedule ?? true)) await b.send(j.name, {}, { singletonKey: j.name, singletonSeconds: slotSeconds(j) });
        if (o.work ?? true) {
          await b.work(j.name, { pollingIntervalSeconds: o.pollingIntervalS ?? 2 }, async (batch) => {
            for (const job of batch) await runRecorded(db, j.name, job.retryCount, () => j.run(db), o.runnerId ?? RUNNER_ID);
          });
        }
      }
    },
    async stop() {
      const b = boss;
      boss = null;
      await b?.stop({ graceful: true, timeout: 10_000 });
    },
    running: () => boss !== null,
    async trigger(name) {
      const j = byName.get(name);
      if (!boss || !j) throw new Error(`job ${name}: no such job, or the runner is not started`);
      await boss.send(name, {}, { singletonKey: name, singletonSeconds: slotSeconds(j) });
    },
    async depth() {
      if (!boss) return {};
      const queues = await boss.getQueues(jobs.map((j) => j.name));
      return Object.fromEntries(queues.map((q) => [q.name, q.queuedCount]));
    },
  };
}

export interface InProcessRunnerOptions {
  retry?: RetryPolicy;
  /** Start each job's timer; false: only `trigger` runs them (tests, the web process that leaves jobs to a worker). */
  schedule?: boolean;
  /** Wait for this many ms instead of `ms` between tries (tests). */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });

/** The runner of the embedded database: a timer per job in this process. */
export function inProcessRunner(db: Db, jobs: JobDefinition[], o: InProcessRunnerOptions = {}): JobRunner {
  const retry = o.retry ?? DEFAULT_RETRY;
  const sleep = o.sleep ?? realSleep;
  const timers: NodeJS.Timeout[] = [];
  const busy = new Map<JobName, Promise<void>>();
  const waiting = new Set<JobName>();
  let started = false;
  const byName = new Map(jobs.map((j) => [j.name, j]));

  async function runWithRetries(j: JobDefinition): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await runRecorded(db, j.name, attempt, () => j.run(db));
        return;
      } catch {
        if (attempt >= retry.retryLimit || !started) return;
        waiting.add(j.name);
        await sleep(retry.retryDelayS * 1000 * 2 ** attempt);
        waiting.delete(j.name);
      }
    }
  }

  /** One run of `j`, unless one is under way (then that one). */
  function run(j: JobDefinition): Promise<void> {
    const current = busy.get(j.name);
    if (current) return current;
    const p = runWithRetries(j).finally(() => busy.delete(j.name));
    busy.set(j.name, p);
    return p;
  }

  return {
    kind: "in-process",
    async start() {
      started = true;
      if (o.schedule === false) return;
      for (const j of jobs) {
        const t = setInterval(() => void run(j), j.everyS * 1000);
        t.unref();
        timers.push(t);
        if (j.atStart) void run(j);
      }
    },
    async stop() {
      started = false;
      for (const t of timers.splice(0)) clearInterval(t);
      await Promise.allSettled([...busy.values()]);
    },
    running: () => started,
    async trigger(name) {
      const j = byName.get(name);
      if (!started || !j) throw new Error(`job ${name}: no such job, or the runner is not started`);
      await run(j);
    },
    async depth() {
      return Object.fromEntries(jobs.map((j) => [j.name, waiting.has(j.name) ? 1 : 0]));
    },
  };
}
