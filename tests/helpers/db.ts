import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDb, rowsOf, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * PostgreSQL database (made from a migrated template) when TEST_DATABASE_URL is set.
 * `drivers()` lists both when PostgreSQL is available so a suite can run on each.
 */
export function drivers(): ("pglite" | "postgres")[] {
  const all: ("pglite" | "postgres")[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  // JR_TEST_DRIVERS=pglite|postgres narrows a run to one driver (scripts/test-moved-clock.sh runs
  // each moved clock on one of them); a driver that is not available is never asked for.
  const only = process.env.JR_TEST_DRIVERS?.split(",").map((d) => d.trim());
  const chosen = only ? all.filter((d) => only.includes(d)) : all;
  return chosen.length > 0 ? chosen : all;
}

function adminUrl(): string {
  return process.env.TEST_DATABASE_URL!;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let pgliteDump: Blob | undefined;
/**
 * The migrated embedded database dumped once per run by tests/helpers/global-setup.ts: loading it
 * takes ≈ 0.5 s where a new PGlite's initdb and the migrations take ≈ 4 s, for every test database.
 */
function pgliteTemplate(): Blob | undefined {
  const file = process.env.JR_PGLITE_TEMPLATE;
  if (!file) return undefined;
  pgliteDump ??= new Blob([readFileSync(file)]);
  return pgliteDump;
}

/** The migrated template made once per run by tests/helpers/global-setup.ts. */
function template(): string {
  const name = process.env.JR_TEMPLATE_DB;
  if (!name) throw new Error("no template database: run the tests through vitest (globalSetup)");
  return name;
}

export async function createTestDb(
  driver: "pglite" | "postgres" = process.env.TEST_DATABASE_URL ? "postgres" : "pglite",
  opts: { max?: number } = {},
): Promise<DbHandle> {
  if (driver === "pglite") {
    const h = await openDb({ dataDir: "memory://", loadDataDir: pgliteTemplate() });
    // A no-op on the migrated template (drizzle finds every migration applied); the whole run
    // without the template (a file run outside vitest's globalSetup) migrates from empty.
    await runMigrations(h);
    return h;
  }
  const tpl = template();
  // Named after the template so the run's teardown finds whatever a crashed file left.
  const name = `jr_t_${tpl.slice(7)}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
  await admin.end();
  const h = await openDb({ url: withDatabase(adminUrl(), name), max: opts.max ?? 5 });
  return {
    ...h,
    async close() {
      await h.close();
      const a = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * A second handle on the PostgreSQL database `h` is on, with a pool of its own: to the database
 * another process (several web processes, the job worker, other machines). Closing it leaves the
 * database to `h`.
 */
export async function anotherProcess(h: DbHandle, opts: { applicationName?: string } = {}): Promise<DbHandle> {
  if (h.driver !== "postgres") throw new Error("PGlite allows one process per database");
  const [row] = rowsOf<{ name: string }>(await h.db.execute(sql`SELECT current_database() AS name`));
  return openDb({ url: withDatabase(adminUrl(), row!.name), max: 2, applicationName: opts.applicationName });
}
