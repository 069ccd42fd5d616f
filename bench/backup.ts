// Backup, restore and the move at two sizes: `npx tsx bench/backup.ts [members=20000]` against
// PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; it makes
// and drops its own databases and temp folders). Prints one row per step with rows, size and
// seconds (wall clock, one run each, PGlite's start-up included where a step opens one).
//   demo:      the embedded demo (scripts/demo) in a PGlite folder + a 20 MB media file →
//              backup → restore into a new PGlite folder → db:move into a new PostgreSQL database
//   generated: bench/roster-data.ts with `members` members on PostgreSQL → backup → restore
//              into a new PostgreSQL database → restore into a new PGlite folder → move back
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, statSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb, type DbHandle } from "../db/client";
import { migrationsFolder, runMigrations } from "../db/migrate";
import { createBackup, moveDatabase, restoreBackup } from "../lib/backup";
import { LocalStorage } from "../lib/storage";
import { seedDemo } from "../scripts/demo";
import { generateRosterData } from "./roster-data";

const members = Number(process.argv[2] ?? 20000);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const APP = { name: "jobready", version: "bench" };
const work = mkdtempSync(path.join(tmpdir(), "jr-bench-backup-"));
const made: string[] = [];

async function newPg(): Promise<DbHandle> {
  const name = `jr_bench_bk_${randomBytes(4).toString("hex")}`;
  const a = postgres(base, { max: 1, onnotice: () => {} });
  await a.unsafe(`CREATE DATABASE ${name}`);
  await a.end();
  made.push(name);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return openDb({ url: u.toString(), max: 4 });
}

function du(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const s = statSync(path.join(dir, f));
    if (s.isFile()) n += s.size;
  }
  return n;
}

const rows: string[] = [];
async function step<T>(label: string, fn: () => Promise<T>, size?: () => number): Promise<T> {
  const t = performance.now();
  const r = await fn();
  const s = (performance.now() - t) / 1000;
  rows.push(`| ${label} | ${size ? `${(size() / 1024 / 1024).toFixed(1)} MB` : ""} | ${s.toFixed(1)} |`);
  console.log(rows.at(-1));
  return r;
}

try {
  // Demo.
  const demoDir = path.join(work, "demo-pglite");
  const media = path.join(work, "media");
  mkdirSync(path.join(media, "lessons"), { recursive: true });
  writeFileSync(path.join(media, "lessons", "video.mp4"), randomBytes(20 * 1024 * 1024));
  let src = await openDb({ dataDir: demoDir });
  await runMigrations(src);
  await seedDemo(src.db, { quiz: true });
  await src.close();
  src = await step("demo: open the PGlite folder", () => openDb({ dataDir: demoDir }));
  const demoBackup = path.join(work, "demo-backup");
  const m = await step(
    "demo: backup (PGlite + 20 MB media)",
    () => createBackup(src, { out: demoBackup, media: new LocalStorage(media), app: APP }),
    () => du(demoBackup),
  );
  console.log(`   ${Object.values(m.tables).reduce((n, t) => n + t.rows, 0)} rows in ${Object.keys(m.tables).length} tables`);
  const restored = await openDb({ dataDir: path.join(work, "demo-restored") });
  await step("demo: restore into a new PGlite folder (migrations included)", () =>
    restoreBackup(restored, demoBackup, { migrationsFolder, media: new LocalStorage(path.join(work, "media-restored")) }),
  );
  await restored.close();
  const pg1 = await newPg();
  await step("demo: db:move PGlite → new PostgreSQL database (with media copy)", () =>
    moveDatabase(src, pg1, {
      work: mkdtempSync(path.join(work, "mv-")),
      migrationsFolder,
      media: new LocalStorage(media),
      mediaTo: new LocalStorage(path.join(work, "media-moved")),
      app: APP,
    }),
  );
  await Promise.all([src.close(), pg1.close()]);

  // Generated, larger.
  const gen = await newPg();
  await runMigrations(gen);
  await step(`generated: ${members} members on PostgreSQL (generator)`, () => generateRosterData(gen.db, { members, today: "2026-11-24" }));
  const genBackup = path.join(work, "gen-backup");
  const g = await step(
    "generated: backup (PostgreSQL)",
    () => createBackup(gen, { out: genBackup, app: APP }),
    () => du(genBackup),
  );
  console.log(`   ${Object.values(g.tables).reduce((n, t) => n + t.rows, 0)} rows in ${Object.keys(g.tables).length} tables`);
  const pg2 = await newPg();
  await step("generated: restore into a new PostgreSQL database", () => restoreBackup(pg2, genBackup, { migrationsFolder }));
  await pg2.close();
  const lite = await openDb({ dataDir: path.join(work, "gen-pglite") });
  await step("generated: restore into a new PGlite folder", () => restoreBackup(lite, genBackup, { migrationsFolder }));
  const pg3 = await newPg();
  await step("generated: db:move PGlite → new PostgreSQL database", () =>
    moveDatabase(lite, pg3, { work: mkdtempSync(path.join(work, "mv-")), migrationsFolder, app: APP }),
  );
  await Promise.all([lite.close(), pg3.close(), gen.close()]);
  console.log(`\n| step | backup size | seconds |\n|---|---|---|\n${rows.join("\n")}`);
} finally {
  const a = postgres(base, { max: 1, onnotice: () => {} });
  for (const n of made) await a.unsafe(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  await a.end();
  rmSync(work, { recursive: true, force: true });
}
