import { hostname } from "node:os";
import path from "node:path";
import { openDb, type Db, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { config } from "./config";

type Global = typeof globalThis & { __jobreadyDb?: Promise<DbHandle> };

/**
 * The app's one database: opened and migrated once per process. PGlite allows a single process on
 * its folder, so this is also where the embedded database gets its migrations: in the process that
 * serves the app. What an empty database gets on first start is decided by the server's start-up
 * (instrumentation.ts → scripts/demo/first-run.ts), which runs before any request. Only the app's
 * edges (pages, actions, routes, lib/auth's session reader, the start-up) take it from here; the
 * lib functions are handed a database.
 */
export function getDbHandle(): Promise<DbHandle> {
  const g = globalThis as Global;
  g.__jobreadyDb ??= (async () => {
    const c = config();
    const handle = await openDb({
      url: c.DATABASE_URL,
      max: c.DB_POOL_MAX,
      applicationName: `jobready ${hostname().slice(0, 40)} ${process.pid}`,
      dataDir: path.resolve(/*turbopackIgnore: true*/ c.PGLITE_DIR),
    });
    await runMigrations(handle);
    return handle;
  })().catch((err) => {
    (globalThis as Global).__jobreadyDb = undefined;
    throw err;
  });
  return g.__jobreadyDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export type { Db } from "@/db/client";
