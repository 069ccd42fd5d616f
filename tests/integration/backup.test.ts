import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDb, rowsOf, type DbHandle } from "@/db/client";
import { migrationsFolder, runMigrations } from "@/db/migrate";
import { members, orgUnits } from "@/db/schema";
import { BackupError, createBackup, databaseChecksums, restoreBackup, type Manifest } from "@/lib/backup";
import { listTables, tableRows } from "@/lib/backup/tables";
import { LocalStorage, S3Storage } from "@/lib/storage";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";

const APP = { name: "jobready", version: "test" };
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** A database of `driver` with no migrations and no rows: the wiped target. */
async function emptyDb(driver: "pglite" | "postgres"): Promise<DbHandle> {
  if (driver === "pglite") return openDb({ dataDir: "memory://" });
  const h = await createTestDb("postgres"); // migrated and empty
  return h;
}

describe.each(drivers())("backup and restore on %s", (driver) => {
  let src: DbHandle;
  let work: string;
  let backup: string;
  let media: string;
  let manifest: Manifest;

  beforeAll(async () => {
    src = await createTestDb(driver);
    await seedDemo(src.db, { members: 40, quiz: true });
    work = mkdtempSync(path.join(tmpdir(), "jr-backup-"));
    media = path.join(work, "media");
    mkdirSync(path.join(media, "lessons", "7"), { recursive: true });
    mkdirSync(path.join(media, "tmp"), { recursive: true });
    writeFileSync(path.join(media, "lessons", "7", "video.mp4"), Buffer.alloc(300_000, 7));
    writeFileSync(path.join(media, "cover.jpg"), "jpeg bytes");
    writeFileSync(path.join(media, "tmp", "upload.part"), "an upload in progress is not kept");
    backup = path.join(work, "backup");
    manifest = await createBackup(src, { out: backup, media: new LocalStorage(media), app: APP });
  });
  afterAll(async () => {
    await src?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("writes a manifest: rows and checksums per table, files with sha256, the migration level, the app's version", async () => {
    expect(manifest.app).toEqual(APP);
    expect(manifest.driver).toBe(driver);
    expect(manifest.migrations.length).toBeGreaterThanOrEqual(6);
    expect(manifest.tables.members?.rows).toBeGreaterThan(40);
    expect(manifest.tables.questions?.rows).toBeGreaterThan(0);
    expect(manifest.media.map((m) => m.path).sort()).toEqual(["cover.jpg", "lessons/7/video.mp4"]);
    expect(manifest.media.find((m) => m.path === "cover.jpg")?.sha256).toBe(sha(path.join(media, "cover.jpg")));
    const now = await databaseChecksums(src.db);
    for (const [t, s] of Object.entries(now)) expect({ t, ...s }).toEqual({ t, rows: manifest.tables[t]?.rows, md5: manifest.tables[t]?.md5 });
  });

  it("reads a table in pages after the last key, composite keys too, every row once", async () => {
    const tables = await listTables(src.db);
    const composite = tables.filter((t) => t.keyed && t.order.length > 1 && (manifest.tables[t.name]?.rows ?? 0) >= 5);
    expect(composite.length).toBeGreaterThan(0);
    for (const t of [...composite, ...tables.filter((t) => t.name === "members")]) {
      const seen: string[] = [];
      for await (const batch of tableRows(src.db, t, 2)) seen.push(...batch);
      expect({ t: t.name, n: seen.length, distinct: new Set(seen).size }).toEqual({
        t: t.name,
        n: manifest.tables[t.name]?.rows,
        distinct: manifest.tables[t.name]?.rows,
      });
    }
  });

  it("restores into a wiped database and media folder: the same rows, sequences and files", async () => {
    const target = await emptyDb(driver);
    const restoredMedia = path.join(work, "restored-media");
    try {
      const r = await restoreBackup(target, backup, { migrationsFolder, media: new LocalStorage(restoredMedia) });
      expect(r.media).toBe(2);
      expect(await databaseChecksums(target.db)).toEqual(await databaseChecksums(src.db));
      for (const m of manifest.media) expect(sha(path.join(restoredMedia, m.path))).toBe(m.sha256);
      // Sequences carry on after the highest id: a new row gets a fresh one.
      const [top] = rowsOf<{ max: number }>(await target.db.execute(sql`SELECT max(id)::int AS max FROM org_units`));
      const [unit] = await target.db.insert(orgUnits).values({ name: "新站", code: "NEW-1", kind: "station", path: "/new/" }).returning({ id: orgUnits.id });
      expect(unit?.id).toBeGreaterThan(top?.max ?? 0);
      // A second restore into the same (now full) database is refused.
      await expect(restoreBackup(target, backup, { migrationsFolder })).rejects.toThrow(/not empty/);
    } finally {
      await target.close();
    }
  });

  it("refuses a damaged backup before writing anything", async () => {
    const bad = path.join(work, "damaged");
    cpSync(backup, bad, { recursive: true });
    const file = path.join(bad, manifest.tables.members!.file);
    const bytes = readFileSync(file);
    const mid = bytes.length >> 1;
    bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    rmSync(path.join(bad, "media", "cover.jpg"));
    const target = await emptyDb(driver);
    try {
      const err = await restoreBackup(target, bad, { migrationsFolder }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as Error).message).toMatch(
        /damaged, nothing was restored: database\/members\.jsonl\.gz does not match its checksum; media\/cover\.jpg is missing/,
      );
      // Nothing written: the embedded target was not even migrated; PostgreSQL's (migrated) holds no member.
      if (driver === "pglite")
        expect(rowsOf<{ n: number }>(await target.db.execute(sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`))[0]?.n).toBe(0);
      if (driver === "postgres") expect(await target.db.select().from(members)).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it("refuses a backup from a newer version, a manifest that is not one, and rows that do not match it", async () => {
    const target = await emptyDb(driver);
    try {
      const newer = path.join(work, "newer");
      cpSync(backup, newer, { recursive: true });
      const m = JSON.parse(readFileSync(path.join(newer, "manifest.json"), "utf8")) as Manifest;
      writeFileSync(path.join(newer, "manifest.json"), JSON.stringify({ ...m, migrations: [...m.migrations, 9_999_999_999_999] }));
      await expect(restoreBackup(target, newer, { migrationsFolder })).rejects.toThrow(/migrations this version of the app does not/);

      writeFileSync(path.join(newer, "manifest.json"), "{ not json");
      await expect(restoreBackup(target, newer, { migrationsFolder })).rejects.toThrow(/no readable manifest\.json/);
      writeFileSync(path.join(newer, "manifest.json"), JSON.stringify({ format: "something-else" }));
      await expect(restoreBackup(target, newer, { migrationsFolder })).rejects.toThrow(/not a jobready-backup\/1 manifest/);

      // The files are intact but the manifest's checksum of a table is not the rows': rolled back.
      const members = m.tables.members!;
      writeFileSync(path.join(newer, "manifest.json"), JSON.stringify({ ...m, tables: { ...m.tables, members: { ...members, md5: "0".repeat(32) } } }));
      await expect(restoreBackup(target, newer, { migrationsFolder })).rejects.toThrow(/tables differ from the backup, nothing was kept: members/);
      expect(rowsOf<{ n: number }>(await target.db.execute(sql`SELECT count(*)::int AS n FROM members`))[0]?.n).toBe(0);
    } finally {
      await target.close();
    }
  });
});

describe("media in an S3 bucket (s3rver on loopback)", () => {
  let s3: S3rver;
  let dir: string;
  let port: number;
  const bucket = (name: string) =>
    new S3Storage({
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      bucket: name,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jr-backup-s3-"));
    s3 = new S3rver({
      address: "127.0.0.1",
      port: 0,
      directory: path.join(dir, "s3"),
      silent: true,
      configureBuckets: [
        { name: "site", configs: [] },
        { name: "restored", configs: [] },
      ],
    });
    port = ((await s3.run()) as unknown as { port: number }).port;
  });
  afterAll(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("backs the bucket's objects up and puts them into an empty bucket, each checked by sha256", async () => {
    const site = bucket("site");
    const file = path.join(dir, "upload");
    writeFileSync(file, Buffer.alloc(100_000, 3));
    await site.putFile("lessons/1/video.mp4", file, "video/mp4");
    writeFileSync(file, "cover");
    await site.putFile("covers/2.jpg", file, "image/jpeg");
    const db = await openDb({ dataDir: "memory://" });
    const target = await openDb({ dataDir: "memory://" });
    try {
      await runMigrations(db);
      const out = path.join(dir, "backup");
      const m = await createBackup(db, { out, media: site, app: APP });
      expect(m.media.map((x) => x.path).sort()).toEqual(["covers/2.jpg", "lessons/1/video.mp4"]);
      const restored = bucket("restored");
      expect((await restoreBackup(target, out, { migrationsFolder, media: restored })).media).toBe(2);
      expect(await restored.stat("lessons/1/video.mp4")).toMatchObject({ size: 100_000 });
      const back: string[] = [];
      for await (const k of restored.list()) back.push(k);
      expect(back.sort()).toEqual(["covers/2.jpg", "lessons/1/video.mp4"]);
    } finally {
      await Promise.all([db.close(), target.close()]);
    }
  });
});
