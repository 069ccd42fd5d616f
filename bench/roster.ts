// The skill roster at scale: `npx tsx bench/roster.ts [sizes=1000,10000,100000]` against
// PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; it makes
// and drops one database per size). For each size: generated data (bench/roster-data.ts, 30
// jobs), then one roster page with the whole unit's status counts, as the page asks for it
// (getRosterView: unit, jobs, requirements, roster statement), RUNS times after 3 warm-ups;
// the number of statements per request; and the roster statement alone through psql in the
// same run, for the ratio.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { refreshCache } from "../lib/eligibility/cache";
import { getRosterView, parseRosterFilter } from "../lib/eligibility/service";
import type { Principal } from "../lib/auth/permissions";
import { generateRosterData } from "./roster-data";
import { pct } from "./lib/stats";

const sizes = (process.argv[2] ?? "1000,10000,100000").split(",").map(Number);
const RUNS = Number(process.env.RUNS ?? 40);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TODAY = "2026-11-24"; // the generated data and every roster read are pinned to this day
const NOW = new Date("2026-11-24T04:00:00Z");
const admin: Principal = { userId: 0, memberId: 0, roles: [{ role: "admin", scopePath: null }] };

function literal(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}
/** The statement with its parameters written in, for psql. */
function inline(query: string, params: unknown[]): string {
  return query.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
}

const shapes: [string, Record<string, string>][] = [
  ["whole area, all 30 jobs, page 1", {}],
  ["whole area, one job, missing, page 2", { job: "J", status: "missing", page: "2" }],
  ["whole area, expiring within 60 days, by expiry", { within: "60", sort: "expiry" }],
  ["one team, all jobs", { unit: "T" }],
];

console.log(`| members | query | app median ms | app p95 ms | statements / request | roster SQL via psql median ms | ratio app/psql |`);
console.log(`|---|---|---|---|---|---|---|`);
for (const n of sizes) {
  const dbName = `jr_bench_roster_${n}_${process.pid}`;
  const adm = postgres(base, { max: 1, onnotice: () => {} });
  await adm.unsafe(`CREATE DATABASE ${dbName}`);
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  let captured: { query: string; params: unknown[] }[] = [];
  const h = await openDb({ url: url.toString(), max: 4, logger: { logQuery: (query, params) => captured.push({ query, params }) } });
  try {
    await runMigrations(h);
    const t0 = performance.now();
    const { teamPaths } = await generateRosterData(h.db, { members: n, jobs: 30, today: TODAY, seed: 1 });
    const [teamPath] = teamPaths;
    if (!teamPath) throw new Error("the generated roster has no team");
    const genS = ((performance.now() - t0) / 1000).toFixed(1);
    const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [{ job }] = (await raw`SELECT id AS job FROM jobs WHERE code = 'GJ07'`) as unknown as [{ job: number }];
    const [{ team }] = (await raw`SELECT id AS team FROM org_units WHERE path = ${teamPath}`) as unknown as [{ team: number }];
    const [{ facts }] = (await raw`SELECT (SELECT count(*) FROM quiz_results) + (SELECT count(*) FROM course_completions) + (SELECT count(*) FROM attendance)
                                      + (SELECT count(*) FROM member_certificates) + (SELECT count(*) FROM signoffs) + (SELECT count(*) FROM contest_results) AS facts`) as unknown as [
      {
        facts: string;
      },
    ];
    await raw.end();
    // The cache's first fill (every member × job), then one change and its partial refresh.
    let t1 = performance.now();
    await refreshCache(h.db, TODAY, "Asia/Shanghai");
    const fullMs = performance.now() - t1;
    const r0 = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await r0`UPDATE member_certificates SET expires_on = expires_on + 30 WHERE id IN (SELECT id FROM member_certificates ORDER BY id LIMIT 20)`;
    await r0.end();
    t1 = performance.now();
    const part = await refreshCache(h.db, TODAY, "Asia/Shanghai");
    const partMs = performance.now() - t1;
    // The next day: only members whose recheck day has come are recomputed; then back to TODAY (a full refresh).
    t1 = performance.now();
    const next = await refreshCache(h.db, "2026-11-25", "Asia/Shanghai");
    const nextMs = performance.now() - t1;
    await refreshCache(h.db, TODAY, "Asia/Shanghai");
    console.error(
      `# ${n} members: generated in ${genS} s, ${facts} records; cache full refresh ${fullMs.toFixed(0)} ms; ${part.members} changed members refreshed in ${partMs.toFixed(0)} ms; next day: ${next.kind} ${next.members} members in ${nextMs.toFixed(0)} ms`,
    );
    for (const [label, p] of shapes) {
      const params = { ...p, ...(p.job ? { job: String(job) } : {}), ...(p.unit ? { unit: String(team) } : {}) };
      const f = parseRosterFilter(params);
      if (!f.ok) throw new Error(f.code);
      const app: number[] = [];
      let statements = 0;
      let rosterStmt: { query: string; params: unknown[] } | null = null;
      for (let i = 0; i < RUNS + 3; i++) {
        captured = [];
        const t = performance.now();
        const r = await getRosterView(h.db, admin, f.value, { now: NOW, tz: "Asia/Shanghai" });
        const ms = performance.now() - t;
        if (!r.ok) throw new Error(r.code);
        if (i >= 3) app.push(ms);
        statements = captured.length;
        rosterStmt = captured.find((c) => c.query.includes("AS counts")) ?? null;
      }
      // The roster statement alone, RUNS + 3 times in one psql session; \timing prints each.
      const dir = mkdtempSync(path.join(tmpdir(), "roster-bench-"));
      const file = path.join(dir, "q.sql");
      const stmt = inline(rosterStmt!.query, rosterStmt!.params);
      writeFileSync(file, `\\timing on\n\\o /dev/null\n${Array.from({ length: RUNS + 3 }, () => `${stmt};\n`).join("")}`);
      const out = execFileSync("psql", ["-X", "-q", "-d", url.toString(), "-f", file], { encoding: "utf8", maxBuffer: 1 << 26 });
      const times = [...out.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1])).slice(3);
      const a = [...app].sort((x, y) => x - y);
      const s = [...times].sort((x, y) => x - y);
      const med = pct(a, 50);
      console.log(
        `| ${n.toLocaleString("en")} | ${label} | ${med.toFixed(1)} | ${pct(a, 95).toFixed(1)} | ${statements} | ${pct(s, 50).toFixed(1)} | ${(med / pct(s, 50)).toFixed(2)} |`,
      );
    }
  } finally {
    await h.close();
    await adm.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await adm.end();
  }
}
