// The 学时 ledger at scale: `npx tsx bench/hours.ts [sizes=100000]` against PostgreSQL
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; one database per size,
// dropped at the end). Data: bench/roster-data.ts (members, course completions, attendance,
// sign-offs, quiz results) with 学时 set on its content, plus a watched lesson for every member
// and an external entry for one in ten. Then, RUNS times after 3 warm-ups: the manager's shortfall
// report (a page of 50, the whole area and one team) and one member's ledger, as the pages ask.
// The unit report reads the totals (lib/hours/totals.ts); "before" is the same report summing the
// evidence, timed in the same run. The member's ledger stays computed.
import { loadavg } from "node:os";
import postgres from "postgres";
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import type { Principal } from "../lib/auth/permissions";
import { sql } from "drizzle-orm";
import { memberHours, shortfallReport } from "../lib/hours/ledger";
import { refreshTotals } from "../lib/hours/totals";
import { generateRosterData } from "./roster-data";
import { pct } from "./lib/stats";

const sizes = (process.argv[2] ?? "100000").split(",").map(Number);
const RUNS = Number(process.env.RUNS ?? 20);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TODAY = "2026-11-24";
const TZ = "Asia/Shanghai";
const admin: Principal = { userId: 0, memberId: 0, roles: [{ role: "admin", scopePath: null }] };

async function time(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await run();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await run();
    // A run that times itself (a write first, then the read) returns its own figure.
    out.push(typeof r === "number" ? r : performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

console.log("| members | evidence rows | read | median ms | p95 ms |");
console.log("|---|---|---|---|---|");
for (const n of sizes) {
  const dbName = `jr_bench_hours_${n}_${process.pid}`;
  const adm = postgres(base, { max: 1, onnotice: () => {} });
  await adm.unsafe(`CREATE DATABASE ${dbName}`);
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const h = await openDb({ url: url.toString(), max: 4 });
  try {
    await runMigrations(h);
    const { teamPaths } = await generateRosterData(h.db, { members: n, jobs: 30, today: TODAY, seed: 1 });
    const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await raw`UPDATE courses SET hours_category = 'safety', credit_hours = 4`;
    await raw`UPDATE practical_tasks SET hours_category = 'safety', credit_hours = 2`;
    await raw`UPDATE quizzes SET hours_category = 'safety', credit_hours = 1`;
    await raw`UPDATE classes SET hours_category = 'safety'`;
    await raw`INSERT INTO lessons (title, duration_s, status, hours_category) SELECT '生成视频' || g, 3600, 'published', 'safety' FROM generate_series(1, 5) g`;
    await raw`INSERT INTO lesson_progress (member_id, lesson_id, watched_s, updated_at)
              SELECT m.id, l.id, 600 + (m.id * 37) % 3000, ${`${TODAY}T02:00:00Z`}::timestamptz - ((m.id % 300) || ' days')::interval
                FROM members m JOIN lessons l ON l.id = (SELECT min(id) FROM lessons) + m.id % 5`;
    await raw`INSERT INTO external_hours (member_id, day, hours, category, title)
              SELECT id, ${TODAY}::date - (id % 300), 8, 'safety', '外部培训' FROM members WHERE id % 10 = 0`;
    await raw`ANALYZE`;
    const [{ rows }] = (await raw`SELECT (SELECT count(*) FROM lesson_progress) + (SELECT count(*) FROM attendance) + (SELECT count(*) FROM course_completions)
      + (SELECT count(*) FROM signoffs) + (SELECT count(*) FROM quiz_results) + (SELECT count(*) FROM external_hours) AS rows`) as unknown as [
      { rows: string },
    ];
    const [{ area }] = (await raw`SELECT id AS area FROM org_units WHERE code = 'GA'`) as unknown as [{ area: number }];
    const [{ team }] = (await raw`SELECT id AS team FROM org_units WHERE path = ${teamPaths[0] ?? ""}`) as unknown as [{ team: number }];
    const [{ member }] = (await raw`SELECT min(id) AS member FROM members`) as unknown as [{ member: number }];
    await raw.end();
    // The totals start dirty (every member, written by the generator's inserts): the first read
    // recomputes them all; timed once here, then the reads as a page asks them.
    const t0 = performance.now();
    const refreshed = await refreshTotals(h.db, TZ);
    await h.db.execute(sql`ANALYZE hours_totals`);
    console.log(
      `| ${n.toLocaleString("en")} | ${Number(rows).toLocaleString("en")} | totals: first fill (${refreshed.toLocaleString("en")} members) | ${(performance.now() - t0).toFixed(0)} | – |`,
    );
    const page = (unitId: number, p: number, source: "totals" | "evidence" | "totals-as-is") => () =>
      shortfallReport(h.db, admin, { unitId, year: 2026, page: p, limit: 50 }, TZ, source);
    const medians = new Map<string, number>();
    const reads: [string, () => Promise<unknown>][] = [
      ["shortfall report, whole area, page 1 of 50 — before (from the evidence)", page(area, 1, "evidence")],
      ["shortfall report, whole area, page 1 of 50 — after (from the totals)", page(area, 1, "totals")],
      ["shortfall report, whole area, page 20 — before", page(area, 20, "evidence")],
      ["shortfall report, whole area, page 20 — after", page(area, 20, "totals")],
      ["shortfall report, one team, page 1 — before", page(team, 1, "evidence")],
      ["shortfall report, one team, page 1 — after", page(team, 1, "totals")],
      ["one member's ledger", () => memberHours(h.db, admin, member, 2026, TZ)],
      // A write between reads: 100 members' evidence changes, the next report recomputes them.
      [
        "whole area, page 1, after 100 members' evidence changed",
        async () => {
          await h.db.execute(sql`UPDATE lesson_progress SET watched_s = watched_s + 1 WHERE member_id IN (SELECT id FROM members ORDER BY random() LIMIT 100)`);
          const t = performance.now();
          await page(area, 1, "totals")();
          return performance.now() - t;
        },
      ],
      // Past REQUEST_REFRESH_MAX waiting members (an import of a whole area's hours) or a change
      // of the site's zone: before, the request recomputed them first; now it reads the last
      // totals (and says how old they are) and the hours-refresh job recomputes.
      [
        "whole area, page 1, after 5,000 members' evidence changed — before (recomputed in the request)",
        async () => {
          await h.db.execute(
            sql`UPDATE lesson_progress SET watched_s = watched_s + 1 WHERE member_id IN (SELECT id FROM members ORDER BY random() LIMIT 5000)`,
          );
          const t = performance.now();
          await refreshTotals(h.db, TZ);
          await page(area, 1, "totals-as-is")();
          return performance.now() - t;
        },
      ],
      [
        "whole area, page 1, after 5,000 members' evidence changed — after (left to the job)",
        async () => {
          await h.db.execute(
            sql`UPDATE lesson_progress SET watched_s = watched_s + 1 WHERE member_id IN (SELECT id FROM members ORDER BY random() LIMIT 5000)`,
          );
          const t = performance.now();
          const r = await page(area, 1, "totals")();
          const ms = performance.now() - t;
          if (!r.ok || !r.value.freshness.pending) throw new Error("expected the report to leave 5,000 members to the job");
          await refreshTotals(h.db, TZ);
          return ms;
        },
      ],
    ];
    for (const [name, run] of reads) {
      const ms = await time(run);
      medians.set(name, pct(ms, 50));
      console.log(`| ${n.toLocaleString("en")} | ${Number(rows).toLocaleString("en")} | ${name} | ${pct(ms, 50).toFixed(0)} | ${pct(ms, 95).toFixed(0)} |`);
    }
    console.log(`\nload average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on this machine's cores`);
    const ratio = (a: string, b: string) => ((medians.get(a) ?? 0) / (medians.get(b) ?? 1)).toFixed(1);
    console.log(
      `\nmedian before / after: whole area page 1 ${ratio(reads[0]?.[0] ?? "", reads[1]?.[0] ?? "")}×, page 20 ${ratio(reads[2]?.[0] ?? "", reads[3]?.[0] ?? "")}×, one team ${ratio(reads[4]?.[0] ?? "", reads[5]?.[0] ?? "")}×, after 5,000 changed ${ratio(reads[8]?.[0] ?? "", reads[9]?.[0] ?? "")}×\n`,
    );
  } finally {
    await h.close();
    await adm.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await adm.end();
  }
}
