// The roster cache's whole recompute at scale (issue 17, "Roster"): `npx tsx bench/roster-recompute.ts [members=100000]`
// against PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
// It makes the database `BENCH_DB` (default jr_bench_roster_recompute), migrates it and fills it
// with bench/roster-data.ts (30 jobs) unless it already holds that many members (`KEEP_DB=1` keeps
// it for the next run, so a run on another commit measures the same data). Then:
// 1. the whole recompute (the cache marked stale as a change to a requirement marks it, then
//    `refreshCache`), RUNS times (default 5): median, min, max;
// 2. one requirement edited (a statement on job_requirements, which marks its job stale like the
//    admin's form), then the roster page as a manager opens it (`getRosterView`, whole area, all
//    jobs, page 1), and how old and pending the page says its statuses are; then the background
//    job's run (`warmRosterCache`: that one job's cells for every member), and the page again.
//    RUNS times; medians, and the ratio of the one-job run to the whole recompute.
// Prints one markdown table; `uptime` before and after (the machine is shared).
import { execFileSync } from "node:child_process";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDb, rowsOf } from "../db/client";
import { runMigrations } from "../db/migrate";
import type { Principal } from "../lib/auth/permissions";
import { refreshCache } from "../lib/eligibility/cache";
import { getRosterView, parseRosterFilter, warmRosterCache } from "../lib/eligibility/service";
import { generateRosterData } from "./roster-data";
import { pct } from "./lib/stats";

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = process.env.BENCH_DB ?? "jr_bench_roster_recompute";
const keep = process.env.KEEP_DB === "1";
const TODAY = "2026-11-24";
const NOW = new Date("2026-11-24T04:00:00Z");
const TZ = "Asia/Shanghai";
const admin: Principal = { userId: 0, memberId: 0, roles: [{ role: "admin", scopePath: null }] };

const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();
const med = (xs: number[]) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  );
const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${med(s).toFixed(0)} (min ${s[0]?.toFixed(0)}, max ${s[s.length - 1]?.toFixed(0)})`;
};

const adm = postgres(base, { max: 1, onnotice: () => {} });
const exists = (await adm`SELECT 1 FROM pg_database WHERE datname = ${dbName}`).length > 0;
if (!exists) await adm.unsafe(`CREATE DATABASE ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const h = await openDb({ url: url.toString(), max: 4 });
const git = execFileSync("git", ["log", "-1", "--format=%h %s"], { encoding: "utf8" }).trim().slice(0, 90);
try {
  await runMigrations(h);
  const n = rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM members`))[0]?.n ?? 0;
  if (Number(n) !== N) {
    if (Number(n) > 0) throw new Error(`${dbName} holds ${n} members, not ${N}: drop it first`);
    const t0 = performance.now();
    await generateRosterData(h.db, { members: N, jobs: 30, today: TODAY, seed: 1 });
    await h.db.execute(sql`ANALYZE`);
    console.error(`# generated ${N} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const [facts] = rowsOf<Record<string, number>>(
    await h.db.execute(sql`SELECT (SELECT count(*) FROM quiz_results) + (SELECT count(*) FROM course_completions) + (SELECT count(*) FROM attendance)
      + (SELECT count(*) FROM member_certificates) + (SELECT count(*) FROM signoffs) + (SELECT count(*) FROM contest_results) AS records,
      (SELECT count(*) FROM job_requirements) AS requirements`),
  );
  const before = uptime();
  // Warm-up: one whole recompute (fills the cache, warms PostgreSQL's buffers).
  await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1`);
  await refreshCache(h.db, TODAY, TZ);

  const whole: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await h.db.execute(sql`UPDATE eligibility_cache_state SET full_dirty = true WHERE id = 1`);
    const t = performance.now();
    const r = await refreshCache(h.db, TODAY, TZ);
    whole.push(performance.now() - t);
    if (r.kind !== "full") throw new Error(`expected a whole recompute, got ${r.kind}`);
  }
  const cells = rowsOf<{ cells: number }>(await h.db.execute(sql`SELECT count(*)::int AS cells FROM eligibility_cells`))[0]?.cells ?? 0;

  const filter = parseRosterFilter({});
  if (!filter.ok) throw new Error(filter.code);
  const page = async () => {
    const t = performance.now();
    const r = await getRosterView(h.db, admin, filter.value, { now: NOW, tz: TZ });
    if (!r.ok) throw new Error(r.code);
    return { ms: performance.now() - t, view: r.value as unknown as Record<string, unknown> };
  };
  const afterEdit: number[] = [];
  const job: number[] = [];
  const fresh: number[] = [];
  let said = "";
  for (let i = 0; i < RUNS; i++) {
    // An edit of one requirement, as the admin's form writes it (the statement trigger marks its job stale).
    await h.db.execute(sql`UPDATE job_requirements SET min_score = min_score WHERE id = (SELECT min(id) FROM job_requirements)`);
    const p = await page();
    afterEdit.push(p.ms);
    said = JSON.stringify(p.view.freshness ?? "(none)");
    const t = performance.now();
    await warmRosterCache(h.db, NOW);
    job.push(performance.now() - t);
    const left = rowsOf<{ n: number }>(await h.db.execute(sql`SELECT count(*)::int AS n FROM eligibility_dirty_jobs`))[0]?.n;
    if (Number(left) !== 0) throw new Error("the job's run left marked jobs");
    fresh.push((await page()).ms);
  }
  const after = uptime();
  console.log(
    `\n${N.toLocaleString("en")} members, ${Number(facts?.records).toLocaleString("en")} records, ${facts?.requirements} requirements of 30 jobs, ${Number(cells).toLocaleString("en")} cached cells; commit ${git}`,
  );
  console.log(`uptime before: ${before}\nuptime after:  ${after}\n`);
  console.log(`| measured (${RUNS} runs) | median ms (min, max) |`);
  console.log(`|---|---|`);
  console.log(`| whole recompute (refreshCache, cache marked stale) | ${fmt(whole)} |`);
  console.log(`| roster page right after a requirement edit | ${fmt(afterEdit)} |`);
  console.log(`| the job's run after that edit (warmRosterCache: one job recomputed) | ${fmt(job)} |`);
  console.log(`| roster page once the job has run | ${fmt(fresh)} |`);
  console.log(`\none job's run / whole recompute (medians): ${(med(job) / med(whole)).toFixed(3)}`);
  console.log(`the page right after the edit says: ${said}`);
} finally {
  await h.close();
  if (!keep) await adm.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await adm.end();
}
