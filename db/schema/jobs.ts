import { bigserial, boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per run of a background job (lib/jobs): which job, when it started, how long it took,
 * whether it succeeded and, if not, the error's message. Written by whichever runner ran it (the
 * pg-boss worker on PostgreSQL, the in-process one on the embedded database); read by the admin's
 * 后台任务 page. pg-boss's own tables live in its schema `pgboss`, outside these migrations.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    job: text("job").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    ok: boolean("ok").notNull(),
    error: text("error"),
    /** Which try this was (0: the first; pg-boss retries count up). */
    attempt: integer("attempt").notNull().default(0),
    /** The process that ran it (host and pid). */
    runner: text("runner").notNull(),
  },
  (t) => [index("job_runs_job_started_idx").on(t.job, t.startedAt)],
);
