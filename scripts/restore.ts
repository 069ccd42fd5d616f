// `npm run restore -- <backup folder>`: checks the backup against its manifest (every file's
// checksum, its migrations against this version's), then loads it into the configured database,
// which must be empty (DATABASE_URL: a new database; else a new PGLITE_DIR — stop the server
// first), and puts the media into MEDIA_DIR (or the S3 bucket). A damaged or mismatched backup is refused before
// anything is written; a load whose tables differ from the manifest is rolled back.
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "../db/client";
import { migrationsFolder } from "../db/migrate";
import { BackupError, restoreBackup, verifyBackup } from "../lib/backup";
import { config } from "../lib/core/config";
import { getStorage } from "../lib/storage";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { "no-media": { type: "boolean", default: false }, check: { type: "boolean", default: false } },
});
const dir = positionals[0];
if (!dir) {
  console.error("usage: npm run restore -- <backup folder> [--check] [--no-media]");
  process.exit(2);
}
const settings = config();
const started = performance.now();
try {
  if (values.check) {
    const { manifest } = await verifyBackup(path.resolve(dir), migrationsFolder);
    console.log(`restore --check: the backup is intact (app ${manifest.app.version}, ${manifest.driver}, made ${manifest.createdAt})`);
    process.exit(0);
  }
  // Opened without the app's start-up: no migrations yet, no demo data.
  const handle = await openDb({ url: settings.DATABASE_URL, dataDir: path.resolve(settings.PGLITE_DIR) });
  try {
    const r = await restoreBackup(handle, path.resolve(dir), { migrationsFolder, media: values["no-media"] ? undefined : getStorage() });
    console.log(
      `restore: ${r.tables} tables, ${r.rows} rows, ${r.media} media files into ${handle.driver}, ${((performance.now() - started) / 1000).toFixed(1)} s; every table matches the manifest`,
    );
  } finally {
    await handle.close();
  }
} catch (e) {
  if (!(e instanceof BackupError)) throw e;
  console.error(`restore refused: ${e.message}`);
  process.exit(1);
}
