import { openDb, type Db, type DbHandle } from "./client";
import { runMigrations } from "./migrate";

type Global = typeof globalThis & { __jobreadyDb?: Promise<DbHandle> };

/**
 * The app's one database: opened, migrated and (first run only) seeded once per process.
 * PGlite allows a single process on its folder, so this is also where the embedded database
 * gets its migrations: in the process that serves the app.
 */
export function getDbHandle(): Promise<DbHandle> {
  const g = globalThis as Global;
  g.__jobreadyDb ??= (async () => {
    const handle = await openDb({ url: process.env.DATABASE_URL || undefined });
    await runMigrations(handle);
    if (process.env.SEED_DEMO !== "false") {
      const { seedDemo } = await import("./seed");
      await seedDemo(handle.db, { onlyIfEmpty: true, quiz: true });
    }
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

export type { Db } from "./client";
