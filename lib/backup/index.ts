/**
 * Backups, restores and the move from the embedded database to PostgreSQL: one format for all.
 *
 * A backup is a folder:
 *   manifest.json            what is in it: app and version, the migrations the database had, per
 *                            table its row count, the database's own md5 over its rows and the
 *                            sha256 of its file, every sequence's value, every media file's sha256
 *   database/<table>.jsonl.gz the table's rows as JSON lines (lib/backup/tables.ts)
 *   media/<key>              the media files (local folder or S3 bucket, through lib/storage)
 *
 * The dump is read in one repeatable-read transaction, so a backup of a running PostgreSQL site is
 * one consistent moment. A restore first checks every file against the manifest and the manifest
 * against this code's migrations, then migrates the (empty) target to the backup's level, loads
 * every table and sequence and compares each table's checksum with the manifest's in the same
 * transaction (any difference: nothing is kept), then applies the newer migrations and copies the
 * media. The format is the driver's neither: a PGlite backup restores into PostgreSQL, which is
 * the move (`npm run db:move`).
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { openDb, type Db, type DbHandle } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { appliedMigrations, journalMigrations } from "@/lib/core/health";
import type { MediaStorage } from "@/lib/storage";
import { insertRows, listTables, rowCounts, sequenceValues, setSequences, stableText, tableChecksum, tableRows } from "./tables";

const FORMAT = "jobready-backup/1";

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  app: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  driver: z.enum(["pglite", "postgres"]),
  migrations: z.array(z.number().int()),
  tables: z.record(
    z.string(),
    z.object({ rows: z.number().int().min(0), md5: z.string(), file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), columns: z.array(z.string()) }),
  ),
  sequences: z.array(z.object({ name: z.string(), value: z.number().nullable() })),
  media: z.array(z.object({ path: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** A backup that cannot be restored, or a target it must not go into: the message says why. */
export class BackupError extends Error {}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(file), h);
  return h.digest("hex");
}

const SAFE_PATH = /^(?!.*(?:^|\/)\.\.(?:\/|$))[\w./-]+$/;

export interface BackupOptions {
  /** The folder to write (must not exist yet). */
  out: string;
  /** The media storage to include, local folder or S3 bucket (none: no media). */
  media?: MediaStorage;
  app: { name: string; version: string };
}

/** Writes a backup of `handle`'s database (and the media folder) to `opts.out`. */
export async function createBackup(handle: DbHandle, opts: BackupOptions): Promise<Manifest> {
  await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
  await mkdir(opts.out); // fails when it exists: a backup never overwrites another
  await mkdir(path.join(opts.out, "database"));
  const tables: Manifest["tables"] = {};
  let sequences: Manifest["sequences"] = [];
  const migrations = await appliedMigrations(handle.db);
  await handle.db.transaction(
    async (tx) => {
      await stableText(tx);
      for (const t of await listTables(tx)) {
        const file = `database/${t.name}.jsonl.gz`;
        const target = path.join(opts.out, file);
        let rows = 0;
        async function* lines() {
          for await (const batch of tableRows(tx, t)) {
            rows += batch.length;
            yield `${batch.join("\n")}\n`;
          }
        }
        await pipeline(Readable.from(lines()), createGzip(), createWriteStream(target));
        const sum = await tableChecksum(tx, t.name);
        if (sum.rows !== rows) throw new BackupError(`table ${t.name}: ${rows} rows written, ${sum.rows} counted`);
        tables[t.name] = { rows, md5: sum.md5, file, sha256: await sha256File(target), columns: t.columns };
      }
      sequences = await sequenceValues(tx);
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const media: Manifest["media"] = [];
  if (opts.media) {
    for await (const key of opts.media.list()) {
      if (!SAFE_PATH.test(key)) continue;
      const dest = path.join(opts.out, "media", key);
      await mkdir(path.dirname(dest), { recursive: true });
      await pipeline(await opts.media.read(key), createWriteStream(dest));
      media.push({ path: key, size: (await stat(dest)).size, sha256: await sha256File(dest) });
    }
  }
  const manifest: Manifest = {
    format: FORMAT,
    app: opts.app,
    createdAt: clock.now().toISOString(),
    driver: handle.driver,
    migrations,
    tables,
    sequences,
    media,
  };
  await writeFile(path.join(opts.out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Reads and checks a backup: the manifest's shape, every file's sha256, and its migrations
 * against this code's (`folder`): a backup from a newer version, or from another line of
 * migrations, is refused. Returns the manifest and how many of the journal's migrations it has.
 */
export async function verifyBackup(dir: string, folder: string): Promise<{ manifest: Manifest; level: number }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"));
  } catch (e) {
    throw new BackupError(`${dir}: no readable manifest.json (${(e as Error).message}): not a backup, or a damaged one`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new BackupError(
      `${dir}/manifest.json is not a ${FORMAT} manifest: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const manifest = parsed.data;
  const files = [
    ...Object.values(manifest.tables).map((t) => ({ rel: t.file, sha256: t.sha256 })),
    ...manifest.media.map((m) => ({ rel: `media/${m.path}`, sha256: m.sha256 })),
  ];
  const bad: string[] = [];
  for (const f of files) {
    if (!SAFE_PATH.test(f.rel)) throw new BackupError(`the manifest names a file outside the backup: ${f.rel}`);
    let sum: string;
    try {
      sum = await sha256File(path.join(dir, f.rel));
    } catch {
      bad.push(`${f.rel} is missing`);
      continue;
    }
    if (sum !== f.sha256) bad.push(`${f.rel} does not match its checksum`);
  }
  if (bad.length)
    throw new BackupError(
      `the backup is damaged, nothing was restored: ${bad.slice(0, 10).join("; ")}${bad.length > 10 ? ` (and ${bad.length - 10} more)` : ""}`,
    );
  const journal = journalMigrations(folder);
  const level = manifest.migrations.length;
  if (level > journal.length || manifest.migrations.some((w, i) => journal[i] !== w)) {
    throw new BackupError(
      `the backup's database has migrations this version of the app does not (backup: app ${manifest.app.version}, ${level} migrations; this app: ${journal.length}): restore it with the version that made it, or a newer one`,
    );
  }
  return { manifest, level };
}

const TYPES: Record<string, string> = { mp4: "video/mp4", webm: "video/webm", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };

async function sha256Stream(stream: Readable): Promise<string> {
  const h = createHash("sha256");
  await pipeline(stream, h);
  return h.digest("hex");
}

/** Puts one media file of the backup into storage (unless it is there already), then reads it back to check it. */
async function restoreMedia(storage: MediaStorage, dir: string, staging: string, m: Manifest["media"][number]): Promise<boolean> {
  const there = await storage.stat(m.path);
  if (there) {
    if (there.size === m.size && (await sha256Stream(await storage.read(m.path))) === m.sha256) return false;
    throw new BackupError(`media file ${m.path} exists with other content: restore into an empty media folder or bucket`);
  }
  // putFile moves its file into place: hand it a copy, never the backup's own.
  const copy = path.join(staging, "file");
  await copyFile(path.join(dir, "media", m.path), copy);
  await storage.putFile(m.path, copy, TYPES[path.extname(m.path).slice(1).toLowerCase()] ?? "application/octet-stream");
  if ((await sha256Stream(await storage.read(m.path))) !== m.sha256) throw new BackupError(`media file ${m.path} was not stored intact`);
  return true;
}

/** A copy of the migrations folder whose journal stops after its first `level` migrations. */
async function migrationsUpTo(folder: string, level: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "jobready-migrations-"));
  await cp(folder, dir, { recursive: true });
  const file = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(file, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, level);
  await writeFile(file, JSON.stringify(journal));
  return dir;
}

/** Rows per table of a new database migrated with `folder`'s migrations. */
async function rowsMadeByMigrations(folder: string): Promise<Record<string, number>> {
  const scratch = await openDb({ dataDir: "memory://" });
  try {
    await scratch.migrate(folder);
    return await rowCounts(scratch.db);
  } finally {
    await scratch.close();
  }
}

async function loadTable(
  tx: Db,
  dir: string,
  name: string,
  entry: Manifest["tables"][string],
  columns: Map<string, import("./tables").TableInfo>,
): Promise<void> {
  const t = columns.get(name);
  if (!t) throw new BackupError(`the backup has a table this database does not: ${name}`);
  const lines = createInterface({ input: createReadStream(path.join(dir, entry.file)).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  let batch: string[] = [];
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    if (batch.length >= 2000) {
      await insertRows(tx, t, entry.columns, batch);
      batch = [];
    }
  }
  await insertRows(tx, t, entry.columns, batch);
}

export interface RestoreOptions {
  /** This code's migrations folder. */
  migrationsFolder: string;
  /** Where media files go (local folder or S3 bucket); none: the media are only checked. */
  media?: MediaStorage;
}

export interface RestoreReport {
  tables: number;
  rows: number;
  media: number;
}

/**
 * Restores the backup in `dir` into `handle`'s database, which must hold no rows. Checks first,
 * then loads; a difference after loading rolls the load back.
 */
export async function restoreBackup(handle: DbHandle, dir: string, opts: RestoreOptions): Promise<RestoreReport> {
  const { manifest, level } = await verifyBackup(dir, opts.migrationsFolder);
  const had = await appliedMigrations(handle.db);
  if (had.some((w) => !manifest.migrations.includes(w))) {
    throw new BackupError(`the target database is migrated past the backup (${had.length} migrations, the backup ${level}): restore into an empty database`);
  }
  const partial = await migrationsUpTo(opts.migrationsFolder, level);
  try {
    // Empty: no row but those the migrations themselves make (counted on a scratch database
    // when the target has had migrations).
    const has = Object.entries(await rowCounts(handle.db)).filter(([, n]) => n > 0);
    const made = had.length && has.length ? await rowsMadeByMigrations(partial) : {};
    const extra = has.filter(([t, n]) => n > (made[t] ?? 0));
    if (extra.length) {
      throw new BackupError(
        `the target database is not empty (${extra
          .map(([t, n]) => `${t}: ${n} rows`)
          .slice(0, 5)
          .join(", ")}${extra.length > 5 ? ", …" : ""}): restore only into an empty database`,
      );
    }
    await handle.migrate(partial);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  let rows = 0;
  await handle.db.transaction(async (tx) => {
    // Rows go in as they were: no trigger fires (they made their effects in the source already)
    // and foreign keys are not checked row by row (the whole is checked below by checksum).
    try {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    } catch {
      throw new BackupError(
        "the database user may not set session_replication_role (needed to load rows with triggers off): restore as the database's owner with superuser rights (on a managed server: its admin role)",
      );
    }
    const tables = new Map((await listTables(tx)).map((t) => [t.name, t]));
    // The rows the migrations made (a singleton's first state) give way to the backup's.
    for (const name of Object.keys(manifest.tables)) if (tables.has(name)) await tx.execute(sql.raw(`DELETE FROM "${name.replaceAll('"', '""')}"`));
    for (const [name, entry] of Object.entries(manifest.tables)) {
      await loadTable(tx, dir, name, entry, tables);
      rows += entry.rows;
    }
    await setSequences(tx, manifest.sequences);
    await stableText(tx);
    const wrong: string[] = [];
    for (const [name, entry] of Object.entries(manifest.tables)) {
      const sum = await tableChecksum(tx, name);
      if (sum.rows !== entry.rows || sum.md5 !== entry.md5)
        wrong.push(`${name} (${sum.rows} rows, ${entry.rows} expected${sum.md5 !== entry.md5 ? ", content differs" : ""})`);
    }
    if (wrong.length) throw new BackupError(`after loading, tables differ from the backup, nothing was kept: ${wrong.join("; ")}`);
  });
  await handle.migrate(opts.migrationsFolder);

  let media = 0;
  if (opts.media) {
    const staging = await mkdtemp(path.join(tmpdir(), "jobready-restore-"));
    try {
      for (const m of manifest.media) if (await restoreMedia(opts.media, dir, staging, m)) media++;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return { tables: Object.keys(manifest.tables).length, rows, media };
}

/** Per table: rows and the database's md5 of them (the same function the manifest's come from). */
export async function databaseChecksums(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  await db.transaction(async (tx) => {
    await stableText(tx);
    for (const t of await listTables(tx)) out[t.name] = await tableChecksum(tx, t.name);
  });
  return out;
}

export interface MoveReport extends RestoreReport {
  sequences: number;
  /** Rows and md5 per table, equal on both sides. */
  checksums: Record<string, { rows: number; md5: string }>;
  dumpMs: number;
  loadMs: number;
}

/**
 * Moves every table, sequence and (with `mediaTo`) media file of `source` (the embedded
 * database) into `target` (an empty PostgreSQL database): a backup into `work` restored there,
 * then both databases compared table by table. Media left in place are read through once.
 */
export async function moveDatabase(
  source: DbHandle,
  target: DbHandle,
  opts: { work: string; migrationsFolder: string; media?: MediaStorage; mediaTo?: MediaStorage; app: { name: string; version: string } },
): Promise<MoveReport> {
  const t0 = performance.now();
  const dump = path.join(opts.work, "backup");
  // Media that stay where they are are only read through (every object readable to its end);
  // media that move go through the backup and are checked by sha256 on arrival.
  const m = await createBackup(source, { out: dump, media: opts.mediaTo ? opts.media : undefined, app: opts.app });
  let mediaRead = m.media.length;
  if (!opts.mediaTo && opts.media) {
    for await (const key of opts.media.list()) {
      await sha256Stream(await opts.media.read(key));
      mediaRead++;
    }
  }
  const t1 = performance.now();
  const r = await restoreBackup(target, dump, { migrationsFolder: opts.migrationsFolder, media: opts.mediaTo });
  const [a, b] = await Promise.all([databaseChecksums(source.db), databaseChecksums(target.db)]);
  const differ = Object.keys(a).filter((t) => a[t]?.rows !== b[t]?.rows || a[t]?.md5 !== b[t]?.md5);
  if (differ.length) throw new BackupError(`tables differ after the move: ${differ.join(", ")}`);
  return { ...r, media: mediaRead, sequences: m.sequences.length, checksums: a, dumpMs: t1 - t0, loadMs: performance.now() - t1 };
}
