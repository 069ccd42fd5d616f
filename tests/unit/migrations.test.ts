import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The whole database is in db/migrations, and a migration that has landed never changes:
 * - every migration listed in db/migrations/landed.json has the same SQL, snapshot and journal
 *   entry as when it landed (and landed.json itself only ever grows, where git history is there);
 * - drizzle-kit, asked to generate from the schema, finds nothing to add (schema == migrations).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const MIGRATIONS = path.join(ROOT, "db/migrations");

interface Landed {
  idx: number;
  tag: string;
  when: number;
  sql: string;
  snapshot: string;
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const landed = (JSON.parse(readFileSync(path.join(MIGRATIONS, "landed.json"), "utf8")) as { landed: Landed[] }).landed;
const journal = (JSON.parse(readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] })
  .entries;

describe("migrations", () => {
  it("landed migrations are unchanged: SQL, snapshot and journal entry", () => {
    expect(landed.length).toBeGreaterThanOrEqual(4);
    for (const m of landed) {
      expect(sha256(path.join(MIGRATIONS, `${m.tag}.sql`)), `${m.tag}.sql was edited after it landed`).toBe(m.sql);
      expect(sha256(path.join(MIGRATIONS, `meta/${String(m.idx).padStart(4, "0")}_snapshot.json`)), `snapshot ${m.idx} was edited after it landed`).toBe(
        m.snapshot,
      );
      expect(
        journal.find((e) => e.idx === m.idx),
        `journal entry ${m.idx}`,
      ).toMatchObject({ tag: m.tag, when: m.when });
    }
    // Landed ones come first and in order; nothing is squeezed in between.
    expect(journal.slice(0, landed.length).map((e) => e.tag)).toEqual(landed.map((m) => m.tag));
  });

  it("the list of landed migrations only grows (git history)", () => {
    let log: string;
    try {
      log = execFileSync("git", ["log", "-p", "--format=", "--", "db/migrations/landed.json"], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      return; // no git or no history here: the hashes above still hold
    }
    const removed = log.split("\n").filter((l) => l.startsWith("-") && !l.startsWith("---") && /"(sql|snapshot|tag|when)":/.test(l));
    expect(removed, "an entry of landed.json was changed or removed").toEqual([]);
  });

  it("the schema and the migrations agree (drizzle-kit generates nothing)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "jr-migrations-"));
    try {
      cpSync(MIGRATIONS, path.join(dir, "migrations"), { recursive: true });
      const before = readdirSync(path.join(dir, "migrations")).sort();
      const cfg = path.join(dir, "drizzle.config.json");
      // drizzle-kit reads `out` relative to where it runs: run it in the copy.
      writeFileSync(cfg, JSON.stringify({ dialect: "postgresql", schema: path.join(ROOT, "db/schema/index.ts"), out: "./migrations" }));
      const out = execFileSync(path.join(ROOT, "node_modules/.bin/drizzle-kit"), ["generate", "--config", cfg], { cwd: dir, encoding: "utf8" });
      expect(out).toContain("No schema changes");
      expect(readdirSync(path.join(dir, "migrations")).sort(), out).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
