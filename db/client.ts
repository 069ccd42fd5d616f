import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver's database, or a transaction on it: data access functions take this first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  driver: Driver;
  /** Applies the drizzle-kit migrations in `folder` with the migrator made for this driver (db/migrate.ts). */
  migrate(folder: string): Promise<void>;
  /** PGlite only: the data folder as one file, what `loadDataDir` opens again (the tests' migrated template). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder (default ./data/pglite); `memory://` for a throwaway database. */
  dataDir?: string;
  /** PGlite: start from this dump of a data folder (`dumpDataDir`) instead of an empty database. */
  loadDataDir?: Blob;
  /** postgres.js pool size (default 10). */
  max?: number;
  /** PostgreSQL's application_name of the pool's connections (the metrics count them by it). */
  applicationName?: string;
  /** Sees every query drizzle sends (benchmarks use it to replay the same SQL). */
  logger?: { logQuery(query: string, params: unknown[]): void };
}

export async function openDb(opts: OpenOptions = {}): Promise<DbHandle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connection: opts.applicationName ? { application_name: opts.applicationName } : {},
      // Dates stay strings: a `date` column is a calendar day, not an instant.
      types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } },
    });
    const native = drizzle(client, { schema, logger: opts.logger });
    const migrate = async (migrationsFolder: string) => {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      // Several processes or machines starting at once on one database: one migrates, the others
      // wait on this session lock and then find nothing left to apply. The lock has a connection
      // of its own, outside the pool (a pool of one would otherwise wait on itself).
      const lock = postgres(opts.url as string, { max: 1, onnotice: () => {} });
      try {
        await lock`select pg_advisory_lock(hashtext('jobready migrations'))`;
        await migrate(native, { migrationsFolder });
      } finally {
        await lock.end({ timeout: 5 });
      }
    };
    return { db: native as unknown as Db, driver: "postgres", migrate, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  // The member search's trigram indexes (migration 0006 creates the extension).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = opts.dataDir ?? path.resolve(/*turbopackIgnore: true*/ "./data/pglite");
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm }, loadDataDir: opts.loadDataDir });
  const native = drizzle(client, { schema, logger: opts.logger });
  const migrate = async (migrationsFolder: string) => {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(native, { migrationsFolder });
  };
  return { db: native as unknown as Db, driver: "pglite", migrate, dump: () => client.dumpDataDir("none"), close: () => client.close() };
}

/**
 * The driver's own client under a database handle: postgres.js's `sql` or the PGlite instance. A
 * transaction on the handle has a client of its own (postgres.js: the transaction's `sql`).
 */
export function clientOf(db: Db): object {
  return ((db as unknown as { session?: { client?: object } }).session?.client ?? db) as object;
}

type PostgresClient = { listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<unknown> };

/**
 * LISTEN on `channel` where several processes share the database (PostgreSQL): `onNotify` gets the
 * payload of each NOTIFY any process sends there, once its transaction commits; `onListen` runs
 * once listening, and again each time the listening connection was lost and made again (what was
 * sent in between is lost). postgres.js listens on one connection of the client's own, outside
 * the pool, and closes it with the client (`DbHandle.close`). Resolves once listening. Null, and
 * nothing done, on PGlite (one process per folder: nobody else sends) and on a transaction.
 */
export function listenOn(db: Db, channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<unknown> | null {
  const client: unknown = clientOf(db);
  // postgres.js's client is a function with `listen` (a transaction's has none); PGlite's an object.
  if (typeof client !== "function" || typeof (client as Partial<PostgresClient>).listen !== "function") return null;
  return (client as unknown as PostgresClient).listen(channel, onNotify, onListen);
}

/** Rows of a `db.execute()` result, which the two drivers shape differently. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
