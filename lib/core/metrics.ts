/**
 * What an operator's Prometheus scrapes (prom-client): request latency per route, quiz saves and
 * submits, the database connections, and Node's own process metrics. One registry per process,
 * kept on globalThis so the server script (scripts/serve.ts, which times requests and serves the
 * metrics port) and Next's bundled route code count into the same one.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  quizSaves: Counter<"outcome">;
  quizSubmits: Counter<"outcome">;
  dbConnections: Gauge<"state">;
  dbPoolMax: Gauge;
  jobRuns: Counter<"job" | "outcome">;
  jobFailures: Counter<"job">;
  jobQueueDepth: Gauge<"job">;
}

/** Reads the current database connections by state (set by the server's start-up). */
type PoolProbe = () => Promise<Record<string, number>>;

/** Reads the jobs waiting to run, by job (set by the job runner when it starts). */
type QueueProbe = () => Promise<Record<string, number>>;

type Global = typeof globalThis & { __jobreadyMetrics?: Metrics; __jobreadyPoolProbe?: PoolProbe; __jobreadyQueueProbe?: QueueProbe };

function make(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "jobready_" });
  return {
    registry,
    httpDuration: new Histogram({
      name: "jobready_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its answer, by route (ids in the path folded)",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    quizSaves: new Counter({
      name: "jobready_quiz_saves_total",
      help: "Quiz answer saves, by outcome (ok: taken, even when every answer was older than the stored one; refused: an error answer)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    quizSubmits: new Counter({
      name: "jobready_quiz_submits_total",
      help: "Quiz attempt submits, by outcome (submitted, abandoned, refused)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    dbConnections: new Gauge({
      name: "jobready_db_connections",
      help: "This process's database connections by state (PostgreSQL: from pg_stat_activity; embedded: its one connection)",
      labelNames: ["state"],
      registers: [registry],
      async collect() {
        const probe = (globalThis as Global).__jobreadyPoolProbe;
        this.reset();
        if (!probe) return;
        try {
          for (const [s, n] of Object.entries(await probe())) this.set({ state: s }, n);
        } catch {
          // The database is unreachable: /api/ready says so; the scrape still answers.
        }
      },
    }),
    dbPoolMax: new Gauge({
      name: "jobready_db_pool_max",
      help: "Connections this process may open (DB_POOL_MAX; 1 on the embedded database)",
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "jobready_job_runs_total",
      help: "Background job runs in this process (lib/jobs), by job and outcome (ok, failed)",
      labelNames: ["job", "outcome"],
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: "jobready_job_failures_total",
      help: "Background job runs in this process that failed (each try counts; a retried job may still succeed)",
      labelNames: ["job"],
      registers: [registry],
    }),
    jobQueueDepth: new Gauge({
      name: "jobready_job_queue_depth",
      help: "Background jobs waiting to run, by job (pg-boss: queued in its tables, for every instance; in-process: due here)",
      labelNames: ["job"],
      registers: [registry],
      async collect() {
        const probe = (globalThis as Global).__jobreadyQueueProbe;
        this.reset();
        if (!probe) return;
        try {
          for (const [job, n] of Object.entries(await probe())) this.set({ job }, n);
        } catch {
          // The queue is unreachable: /api/ready says so; the scrape still answers.
        }
      },
    }),
  };
}

export function metrics(): Metrics {
  const g = globalThis as Global;
  g.__jobreadyMetrics ??= make();
  return g.__jobreadyMetrics;
}

/** Tells the metrics how to read the database connections, and the pool's size. */
export function setPoolProbe(max: number, probe: PoolProbe): void {
  (globalThis as Global).__jobreadyPoolProbe = probe;
  metrics().dbPoolMax.set(max);
}

/** Tells the metrics how to read the job queue's depth (the runner that runs in this process). */
export function setQueueProbe(probe: QueueProbe | undefined): void {
  (globalThis as Global).__jobreadyQueueProbe = probe;
}

/**
 * The route label of a path: ids and tokens folded (`/api/attempts/17/answers` →
 * `/api/attempts/:id/answers`), Next's static files as one, so the label set stays small.
 */
export function routeLabel(pathname: string, status: number): string {
  if (status === 404) return "(not found)";
  if (pathname.startsWith("/_next/")) return pathname.startsWith("/_next/static/") ? "/_next/static" : "/_next/other";
  const parts = pathname.split("/").map((seg) => {
    if (/^\d+$/.test(seg)) return ":id";
    if (seg.length >= 16 && /\d/.test(seg) && /^[\w-]+$/.test(seg)) return ":key";
    return seg;
  });
  return parts.join("/").slice(0, 120) || "/";
}
