// `npm run db:move -- postgres://user@host/db [--media-to <folder>]`: moves a site from the
// embedded database (PGLITE_DIR; stop the server first) to an empty PostgreSQL database (new, or
// migrated by the app and still empty): every table, every sequence, checked table by table
// (row count and the databases' own md5 of the rows) on both sides. Media stay in MEDIA_DIR,
// checked by sha256, unless --media-to names a new folder to copy them into. Then start the app
// with DATABASE_URL set to the same address.
import { mkdtemp, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";
import { openDb } from "../db/client";
import { migrationsFolder, runMigrations } from "../db/migrate";
import { BackupError, createBackup, databaseChecksums, restoreBackup } from "../lib/backup";
import { config } from "../lib/core/config";
import { mediaDir } from "../lib/storage";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { "media-to": { type: "string" }, from: { type: "string" } } });
const url = positionals[0];
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error("usage: npm run db:move -- postgres://user:password@host:5432/database [--media-to <folder>] [--from <PGlite folder>]");
  process.exit(2);
}
const settings = config();
const from = path.resolve(values.from ?? settings.PGLITE_DIR);
const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "..", "package.json"), "utf8")) as { name: string; version: string };
const work = await promisify(mkdtemp)(path.join(tmpdir(), "jobready-move-"));
const started = performance.now();
const source = await openDb({ dataDir: from });
const target = await openDb({ url, max: 4 });
try {
  await runMigrations(source);
  const dump = path.join(work, "backup");
  // The media are checked (sha256) in place; copied only when they are to live somewhere else.
  const m = await createBackup(source, { out: dump, mediaDir: mediaDir(), app: { name: pkg.name, version: pkg.version } });
  const dumped = performance.now();
  const r = await restoreBackup(target, dump, { migrationsFolder, mediaDir: values["media-to"] ? path.resolve(values["media-to"]) : undefined });
  const [a, b] = await Promise.all([databaseChecksums(source.db), databaseChecksums(target.db)]);
  const differ = Object.keys(a).filter((t) => a[t]?.rows !== b[t]?.rows || a[t]?.md5 !== b[t]?.md5);
  if (differ.length) throw new BackupError(`tables differ after the move: ${differ.join(", ")}`);
  for (const [t, s] of Object.entries(a)) if (s.rows) console.log(`  ${t.padEnd(34)} ${String(s.rows).padStart(8)} rows  md5 ${s.md5}  equal`);
  console.log(
    `db:move: ${r.tables} tables, ${r.rows} rows, ${m.sequences.length} sequences from ${from} to PostgreSQL; ${m.media.length} media files checked${values["media-to"] ? ` and copied to ${values["media-to"]}` : ` in ${mediaDir()}`}; dump ${((dumped - started) / 1000).toFixed(1)} s, load and check ${((performance.now() - dumped) / 1000).toFixed(1)} s`,
  );
  console.log("Start the app with DATABASE_URL set to this address (and the same MEDIA_DIR / --media-to folder).");
} catch (e) {
  if (!(e instanceof BackupError)) throw e;
  console.error(`db:move refused: ${e.message}`);
  process.exitCode = 1;
} finally {
  await Promise.all([source.close(), target.close()]);
  await rm(work, { recursive: true, force: true });
}
