/**
 * What `/api/ready` answers: the database answers, and every migration this code was built with
 * is applied (the journal in db/migrations against drizzle's own table of applied ones), and, in a
 * process that runs the background jobs, their queue is running. A load
 * balancer sends requests to an instance only while it is ready. The answer names the reason in
 * a few words and nothing else (no address, no error text): anyone may ask.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { migrationsFolder } from "@/db/migrate";
import { getDb } from "./db";
import { log } from "./log";

/** The job queue of this process: `off` when it runs no jobs (a web process beside `npm run worker`). */
export type QueueStatus = "off" | "running" | "stopped";

export type Readiness =
  | { ready: true; migrations: { applied: number; expected: number }; queue: QueueStatus }
  | {
      ready: false;
      reason: "database unreachable" | "migrations behind" | "queue stopped";
      migrations?: { applied: number; expected: number };
      queue: QueueStatus;
    };

type Global = typeof globalThis & { __jobreadyQueueStatus?: () => QueueStatus };

/** Tells readiness how to read this process's job queue (lib/jobs, when it starts one). */
export function setQueueStatus(status: (() => QueueStatus) | undefined): void {
  (globalThis as Global).__jobreadyQueueStatus = status;
}

function queueStatus(): QueueStatus {
  return (globalThis as Global).__jobreadyQueueStatus?.() ?? "off";
}

/** The `when` of every migration in the folder's drizzle-kit journal. */
export function journalMigrations(folder: string): number[] {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return journal.entries.map((e) => e.when);
}

/** The migrations the database has had (drizzle's own table): their `created_at`, the journal's `when`. */
export async function appliedMigrations(db: Db): Promise<number[]> {
  const [exists] = rowsOf<{ t: string | null }>(await db.execute(sql`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`));
  if (!exists?.t) return [];
  const rows = rowsOf<{ created_at: string | number }>(await db.execute(sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at`));
  return rows.map((r) => Number(r.created_at));
}

/** Resolves within `ms`, else fails: an unreachable database must not hold the probe. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Readiness of `db` (a promise: opening it may be what fails; the app's by default) for the
 * migrations in `folder` (the build's).
 * Unreachable: the database cannot be opened or does not answer within `timeoutMs`.
 */
export async function readiness(db: Promise<Db> = getDb(), folder = migrationsFolder, timeoutMs = 3000): Promise<Readiness> {
  const expected = journalMigrations(folder);
  let applied: Set<number>;
  try {
    applied = await within(timeoutMs, (async () => new Set(await appliedMigrations(await db)))());
  } catch (err) {
    log().warn({ err }, "readiness: database unreachable");
    return { ready: false, reason: "database unreachable", queue: queueStatus() };
  }
  const migrations = { applied: expected.filter((w) => applied.has(w)).length, expected: expected.length };
  const queue = queueStatus();
  if (migrations.applied < migrations.expected) return { ready: false, reason: "migrations behind", migrations, queue };
  // A process that runs the jobs and lost its queue is taken out of rotation until it restarts.
  if (queue === "stopped") return { ready: false, reason: "queue stopped", migrations, queue };
  return { ready: true, migrations, queue };
}

/** This process's database connections by state: PostgreSQL's view of its application_name, or the embedded database's one. */
export async function connectionsByState(db: Db, driver: "pglite" | "postgres"): Promise<Record<string, number>> {
  if (driver === "pglite") return { active: 1 };
  const rows = rowsOf<{ state: string | null; n: number }>(
    await db.execute(sql`SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
      WHERE application_name = current_setting('application_name') AND pid IS NOT NULL GROUP BY 1`),
  );
  return Object.fromEntries(rows.map((r) => [r.state ?? "unknown", Number(r.n)]));
}
