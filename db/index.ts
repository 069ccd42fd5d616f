import { openDb, type Db, type DbHandle, type Driver } from "./client";
import { runMigrations } from "./migrate";

type Global = typeof globalThis & { __jobreadyDb?: Promise<DbHandle> };

/**
 * Whether an empty database gets the demo data (with its README password and no forced change):
 * the embedded database of a demo or a single-site trial does, a PostgreSQL database (production)
 * does not unless SEED_DEMO=true says so. SEED_DEMO=false keeps it out of either.
 */
export function seedsDemo(driver: Driver, env: Record<string, string | undefined> = process.env): boolean {
  const v = (env.SEED_DEMO ?? "").trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  return driver === "pglite";
}

/** Migrates, then loads the demo data into an empty database when `seedsDemo` says so. */
export async function prepareDb(handle: DbHandle, env: Record<string, string | undefined> = process.env): Promise<void> {
  await runMigrations(handle);
  if (seedsDemo(handle.driver, env)) {
    const { seedDemo } = await import("./seed");
    await seedDemo(handle.db, { onlyIfEmpty: true, quiz: true });
  } else {
    const { hasAdmin } = await import("@/lib/auth/first-admin");
    if (!(await hasAdmin(handle.db))) console.warn("No administrator yet: make the first one with `npm run admin:create` (see the README).");
  }
}

/**
 * The app's one database: opened, migrated and (first run only) seeded once per process.
 * PGlite allows a single process on its folder, so this is also where the embedded database
 * gets its migrations: in the process that serves the app.
 */
export function getDbHandle(): Promise<DbHandle> {
  const g = globalThis as Global;
  g.__jobreadyDb ??= (async () => {
    const handle = await openDb({ url: process.env.DATABASE_URL || undefined });
    await prepareDb(handle);
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
