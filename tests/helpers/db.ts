import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDb, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * PostgreSQL database (made from a migrated template) when TEST_DATABASE_URL is set.
 * `drivers()` lists both when PostgreSQL is available so a suite can run on each.
 */
export function drivers(): ("pglite" | "postgres")[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

let templateReady: Promise<string> | undefined;

function adminUrl(): string {
  return process.env.TEST_DATABASE_URL!;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}

async function template(): Promise<string> {
  templateReady ??= (async () => {
    // One template per test process keeps parallel workers from racing on it.
    const name = `jr_tpl_${process.pid}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const h = await openDb({ url: withDatabase(adminUrl(), name), max: 1 });
    await runMigrations(h);
    await h.close();
    return name;
  })();
  return templateReady;
}

export async function createTestDb(driver: "pglite" | "postgres" = process.env.TEST_DATABASE_URL ? "postgres" : "pglite", opts: { max?: number } = {}): Promise<DbHandle> {
  if (driver === "pglite") {
    const h = await openDb({ dataDir: "memory://" });
    await runMigrations(h);
    return h;
  }
  const tpl = await template();
  const name = `jr_t_${randomBytes(6).toString("hex")}`;
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
