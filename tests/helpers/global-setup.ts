import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";

/**
 * Migrated templates made once for the whole run, which every test file's database copies:
 * - the embedded database: a dump of a migrated in-memory PGlite (`JR_PGLITE_TEMPLATE`, a file the
 *   test files load with `loadDataDir`), removed at the end;
 * - with TEST_DATABASE_URL: a migrated PostgreSQL database (CREATE DATABASE … TEMPLATE), dropped again
 *   at the end together with any test database a crashed file left behind.
 */
export default async function setup() {
  const id = randomBytes(4).toString("hex");
  const dumpFile = path.join(tmpdir(), `jr-pglite-template-${id}.tar`);
  const lite = await openDb({ dataDir: "memory://" });
  await runMigrations(lite);
  writeFileSync(dumpFile, Buffer.from(await (await lite.dump!()).arrayBuffer()));
  await lite.close();
  process.env.JR_PGLITE_TEMPLATE = dumpFile;
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return () => rmSync(dumpFile, { force: true });
  const name = `jr_tpl_${id}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const h = await openDb({ url: u.toString(), max: 1 });
  await runMigrations(h);
  await h.close();
  process.env.JR_TEMPLATE_DB = name;
  return async () => {
    rmSync(dumpFile, { force: true });
    const left = (await admin`SELECT datname FROM pg_database WHERE datname = ${name} OR datname LIKE ${`jr_t_${name.slice(7)}%`}`) as unknown as {
      datname: string;
    }[];
    for (const { datname } of left) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  };
}
