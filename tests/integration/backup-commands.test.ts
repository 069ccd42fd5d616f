import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { databaseChecksums } from "@/lib/backup";
import { seedDemo } from "@/scripts/demo";
import { drivers } from "../helpers/db";

const run = promisify(execFile);
const admin = process.env.TEST_DATABASE_URL;

/** `npm run backup` then `npm run restore` as an operator runs them, on each driver. */
describe.each(drivers())("npm run backup and npm run restore on %s", (driver) => {
  let work: string;
  const databases: string[] = [];

  /** A new place for a database: a PGlite folder, or a new PostgreSQL database. */
  async function place(label: string): Promise<Record<string, string>> {
    if (driver === "pglite") return { PGLITE_DIR: path.join(work, label), DATABASE_URL: "" };
    const name = `jr_cmd_${randomBytes(5).toString("hex")}`;
    const a = postgres(admin!, { max: 1, onnotice: () => {} });
    await a.unsafe(`CREATE DATABASE ${name}`);
    await a.end();
    databases.push(name);
    const u = new URL(admin!);
    u.pathname = `/${name}`;
    return { DATABASE_URL: u.toString() };
  }
  const cmd = (script: string, env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], { env: { ...process.env, S3_BUCKET: "", ...env }, timeout: 240_000 });

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "jr-backup-cmd-"));
  });
  afterAll(async () => {
    if (databases.length) {
      const a = postgres(admin!, { max: 1, onnotice: () => {} });
      for (const n of databases) await a.unsafe(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      await a.end();
    }
    rmSync(work, { recursive: true, force: true });
  });

  it("round-trips the demo and its media: the same rows and checksums, a second restore refused", async () => {
    const from = await place("from");
    const fromMedia = path.join(work, "media-from");
    mkdirSync(path.join(fromMedia, "signoffs"), { recursive: true });
    writeFileSync(path.join(fromMedia, "signoffs", "p.jpg"), randomBytes(5000));
    const src = await openDb({ url: from.DATABASE_URL || undefined, dataDir: from.PGLITE_DIR });
    await runMigrations(src);
    await seedDemo(src.db, { quiz: true });
    const before = await databaseChecksums(src.db);
    await src.close();

    const out = path.join(work, "backup");
    const b = await cmd("backup", { ...from, MEDIA_DIR: fromMedia }, "--out", out);
    expect(b.stdout).toMatch(new RegExp(`\\d+ tables, \\d+ rows, \\d+ sequences, 1 media files, \\d+ migrations \\(${driver}\\)`));

    const to = await place("to");
    const r = await cmd("restore", { ...to, MEDIA_DIR: path.join(work, "media-to") }, out);
    expect(r.stdout).toMatch(/restore: \d+ tables, \d+ rows, 1 media files .* every table matches the manifest/);
    const dst = await openDb({ url: to.DATABASE_URL || undefined, dataDir: to.PGLITE_DIR });
    try {
      expect(await databaseChecksums(dst.db)).toEqual(before);
    } finally {
      await dst.close();
    }
    const again = (await cmd("restore", { ...to, MEDIA_DIR: path.join(work, "media-to") }, out).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/restore refused: the target database is not empty/);
  });
});
