import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * One clock: "now" and "today" come from lib/core/clock.ts. Anywhere else in the server's code
 * (lib/, app/ but client components, db/, scripts/), reading the system clock — `new Date()`,
 * `Date.now()`, SQL's now() / CURRENT_DATE / CURRENT_TIMESTAMP / LOCALTIMESTAMP — is refused here,
 * so a rule cannot quietly depend on the day the code runs. Migrations may keep column defaults.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["lib", "app", "db", "scripts", "instrumentation.ts", "proxy.ts"];
const ALLOWED = new Set(["lib/core/clock.ts"]);
const FORBIDDEN: { name: string; re: RegExp }[] = [
  { name: "new Date()", re: /new Date\(\s*\)/ },
  { name: "Date.now()", re: /\bDate\.now\(\)/ },
  { name: "SQL now()", re: /(?<![.\w])now\(\)/ },
  { name: "CURRENT_DATE / CURRENT_TIMESTAMP / LOCALTIMESTAMP", re: /\b(current_date|current_timestamp|localtimestamp)\b/i },
];

function files(p: string): string[] {
  const abs = path.join(ROOT, p);
  if (statSync(abs).isFile()) return [p];
  return readdirSync(abs).flatMap((n) => (n === "migrations" || n === "node_modules" ? [] : files(path.join(p, n))));
}

/** Code without comments, so a comment may name what it does not do. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

describe("the one clock", () => {
  it("nothing outside lib/core/clock.ts reads the system clock on the server", () => {
    const found: string[] = [];
    for (const f of SCANNED.flatMap(files)) {
      if (!/\.(ts|tsx)$/.test(f) || ALLOWED.has(f)) continue;
      const text = readFileSync(path.join(ROOT, f), "utf8");
      // Client components run in the browser: their clock is the phone's, reconciled with the server's.
      if (/^\s*["']use client["']/.test(text)) continue;
      const lines = code(text).split("\n");
      lines.forEach((line, i) => {
        for (const { name, re } of FORBIDDEN) if (re.test(line)) found.push(`${f}:${i + 1}: ${name}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    const hit = (s: string) => FORBIDDEN.some(({ re }) => re.test(code(s)));
    expect(hit("const t = new Date();")).toBe(true);
    expect(hit("x = Date.now() + 1")).toBe(true);
    expect(hit("sql`UPDATE t SET at = now()`")).toBe(true);
    expect(hit("WHERE d <= CURRENT_DATE")).toBe(true);
    expect(hit("new Date(row.at)")).toBe(false);
    expect(hit("clock.now()")).toBe(false);
    expect(hit("// not new Date()")).toBe(false);
  });
});
