// `npm run db:move -- postgres://user@host/db [--media-to <folder>] [--from <PGlite folder>]`:
// moves a site from the embedded database (PGLITE_DIR; stop the server first) to an empty
// PostgreSQL database (new, or migrated by the app and still empty): every table and sequence,
// compared table by table (row count and the databases' own md5 of the rows) on both sides, and
// the media files copied with --media-to and checked by sha256 (else left in MEDIA_DIR or the
// bucket, read through once). Then start
// the app with DATABASE_URL set to the same address. A non-empty target is refused.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "../db/client";
import { migrationsFolder, runMigrations } from "../db/migrate";
import { BackupError, moveDatabase } from "../lib/backup";
import { config } from "../lib/core/config";
import { getStorage, LocalStorage, mediaDir } from "../lib/storage";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { "media-to": { type: "string" }, from: { type: "string" } } });
const url = positionals[0];
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error("usage: npm run db:move -- postgres://user:password@host:5432/database [--media-to <folder>] [--from <PGlite folder>]");
  process.exit(2);
}
const settings = config();
const from = path.resolve(values.from ?? settings.PGLITE_DIR);
if (!existsSync(path.join(from, "PG_VERSION"))) {
  console.error(`db:move refused: ${from} holds no embedded database (PGLITE_DIR or --from)`);
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "..", "package.json"), "utf8")) as { name: string; version: string };
const work = mkdtempSync(path.join(tmpdir(), "jobready-move-"));
const source = await openDb({ dataDir: from });
const target = await openDb({ url, max: 4 });
try {
  await runMigrations(source);
  const mediaTo = values["media-to"] ? path.resolve(values["media-to"]) : undefined;
  const r = await moveDatabase(source, target, {
    work,
    migrationsFolder,
    media: getStorage(),
    mediaTo: mediaTo ? new LocalStorage(mediaTo) : undefined,
    app: pkg,
  });
  for (const [t, s] of Object.entries(r.checksums)) if (s.rows) console.log(`  ${t.padEnd(34)} ${String(s.rows).padStart(8)} rows  md5 ${s.md5}  equal`);
  console.log(
    `db:move: ${r.tables} tables, ${r.rows} rows, ${r.sequences} sequences from ${from} to PostgreSQL, every table equal on both sides; ${r.media} media files ${mediaTo ? `copied to ${mediaTo} and checked by sha256` : `read through where they stay (${settings.S3_BUCKET ? `bucket ${settings.S3_BUCKET}` : mediaDir()})`}; dump ${(r.dumpMs / 1000).toFixed(1)} s, load and check ${(r.loadMs / 1000).toFixed(1)} s`,
  );
  console.log("Next: start the app with DATABASE_URL set to this address (and MEDIA_DIR the folder the media are in).");
} catch (e) {
  if (!(e instanceof BackupError)) throw e;
  console.error(`db:move refused: ${e.message}`);
  process.exitCode = 1;
} finally {
  await Promise.all([source.close(), target.close()]);
  await rm(work, { recursive: true, force: true });
}
