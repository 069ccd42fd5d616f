import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDb, rowsOf, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { loadCurrentUser, verifySignIn } from "@/lib/auth/accounts";
import { databaseChecksums } from "@/lib/backup";
import { memberFilter } from "@/lib/members/input";
import { searchMembers } from "@/lib/members/members";
import { seedDemo } from "@/scripts/demo";

const run = promisify(execFile);
const admin = process.env.TEST_DATABASE_URL;

/**
 * `npm run db:move`, as a site runs it: a demo-seeded embedded database in a folder, moved into a
 * PostgreSQL database made for this test (and dropped after), then read with the app's own
 * functions. Needs TEST_DATABASE_URL.
 */
describe.skipIf(!admin)("npm run db:move from the embedded database to PostgreSQL", () => {
  const name = `jr_move_${randomBytes(5).toString("hex")}`;
  let work: string;
  let url: string;
  let pgliteDir: string;
  let mediaDir: string;
  let moved: string;
  let before: Record<string, { rows: number; md5: string }>;
  let memberCount: number;

  const move = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "scripts/db-move.ts", ...args], {
      env: { ...process.env, PGLITE_DIR: pgliteDir, MEDIA_DIR: mediaDir, DATABASE_URL: "", S3_BUCKET: "" },
      timeout: 240_000,
    });

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "jr-move-"));
    pgliteDir = path.join(work, "pglite");
    mediaDir = path.join(work, "media");
    moved = path.join(work, "moved-media");
    mkdirSync(path.join(mediaDir, "lessons"), { recursive: true });
    writeFileSync(path.join(mediaDir, "lessons", "a.webm"), randomBytes(200_000));
    const src = await openDb({ dataDir: pgliteDir });
    await runMigrations(src);
    await seedDemo(src.db, { quiz: true });
    before = await databaseChecksums(src.db);
    memberCount = Number(rowsOf<{ n: number }>(await src.db.execute(sql`SELECT count(*)::int AS n FROM members`))[0]?.n);
    await src.close();
    const a = postgres(admin!, { max: 1, onnotice: () => {} });
    await a.unsafe(`CREATE DATABASE ${name}`);
    await a.end();
    const u = new URL(admin!);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    const a = postgres(admin!, { max: 1, onnotice: () => {} });
    await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
    rmSync(work, { recursive: true, force: true });
  });

  it("copies every table, sequence and media file, equal table by table, and the app reads it", async () => {
    const out = await move(url, "--media-to", moved);
    expect(out.stdout).toMatch(
      /db:move: \d+ tables, \d+ rows, \d+ sequences .* every table equal on both sides; 1 media files copied to .* and checked by sha256/,
    );
    expect(
      createHash("sha256")
        .update(readFileSync(path.join(moved, "lessons", "a.webm")))
        .digest("hex"),
    ).toBe(
      createHash("sha256")
        .update(readFileSync(path.join(mediaDir, "lessons", "a.webm")))
        .digest("hex"),
    );
    let pg: DbHandle | undefined;
    try {
      pg = await openDb({ url, max: 2 });
      expect(await databaseChecksums(pg.db)).toEqual(before);
      expect(before.members?.rows).toBe(memberCount);
      expect(memberCount).toBeGreaterThan(250);
      // The app's own functions on the moved data: a demo account signs in, its principal searches.
      const signIn = await verifySignIn(pg.db, { employeeNo: "900001", password: "Demo@2026", address: "127.0.0.1" });
      if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.reason}`);
      const user = await loadCurrentUser(pg.db, signIn.userId);
      if (!user) throw new Error("no user");
      expect((await searchMembers(pg.db, user, memberFilter.parse({}))).total).toBe(memberCount);
      // Sequences went along: a new session row, a new member id after the highest.
      const [s] = rowsOf<{ next: number; max: number }>(
        await pg.db.execute(sql`SELECT nextval(pg_get_serial_sequence('members', 'id'))::int AS next, (SELECT max(id)::int FROM members) AS max`),
      );
      expect(s!.next).toBeGreaterThan(s!.max);
    } finally {
      await pg?.close();
    }
  });

  it("refuses a target that is not empty", async () => {
    const err = (await move(url).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/db:move refused: the target database is not empty \(/);
  });
});
