// `npm run backup [-- --out <folder>] [-- --no-media]`: the configured database (DATABASE_URL, else
// the embedded one in PGLITE_DIR — stop the server first: PGlite allows one process per folder)
// and the media (MEDIA_DIR, or the S3 bucket), with a manifest, into a new folder (default ./backups/<UTC time>).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createBackup } from "../lib/backup";
import * as clock from "../lib/core/clock";
import { getDbHandle } from "../lib/core/db";
import { getStorage } from "../lib/storage";

const { values } = parseArgs({ options: { out: { type: "string" }, "no-media": { type: "boolean", default: false } } });
const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "..", "package.json"), "utf8")) as { name: string; version: string };
const out = path.resolve(
  values.out ??
    path.join(
      "backups",
      clock
        .now()
        .toISOString()
        .replaceAll(":", "")
        .replace(/\.\d+Z$/, "Z"),
    ),
);
const started = performance.now();
const handle = await getDbHandle();
try {
  const m = await createBackup(handle, { out, media: values["no-media"] ? undefined : getStorage(), app: { name: pkg.name, version: pkg.version } });
  const rows = Object.values(m.tables).reduce((n, t) => n + t.rows, 0);
  console.log(
    `backup: ${out}\n  ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.sequences.length} sequences, ${m.media.length} media files, ${m.migrations.length} migrations (${handle.driver}), ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await handle.close();
}
