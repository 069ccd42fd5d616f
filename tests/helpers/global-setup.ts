import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";

/**
 * With TEST_DATABASE_URL: one migrated template database for the whole run, which every test
 * file copies (CREATE DATABASE … TEMPLATE), dropped again at the end together with any test
 * database a crashed file left behind.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const name = `jr_tpl_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const h = await openDb({ url: u.toString(), max: 1 });
  await runMigrations(h);
  await h.close();
  process.env.JR_TEMPLATE_DB = name;
  return async () => {
    const left = (await admin`SELECT datname FROM pg_database WHERE datname = ${name} OR datname LIKE ${`jr_t_${name.slice(7)}%`}`) as unknown as {
      datname: string;
    }[];
    for (const { datname } of left) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  };
}
