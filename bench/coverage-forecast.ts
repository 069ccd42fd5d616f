// The station coverage forecast at a realistic size (issue 15): `npx tsx bench/coverage-forecast.ts [members=5000] [stations=100]`
// against PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
// It makes the database `BENCH_DB` (default jr_bench_coverage_forecast), migrates it and fills it
// with bench/roster-data.ts (30 jobs, certificates expiring from 200 days ago to 900 days ahead),
// spreads the members over `stations` stations (10 teams) and gives each station 5 minimums (the
// jobs most of its members hold, each at its qualified count today, so any lapse within a year is a
// shortfall), half the certificate types a 3-year 复审 cycle, and a planned class per specialty
// with a tenth of the members enrolled (`KEEP_DB=1` keeps it for the next run). Then the forecast of
// the whole area as an admin opens /manage/coverage (`coverageForecast`), RUNS times (default 5):
// median, min, max; and one notify sweep (`sweepCoverageForecast`, first run emits, the second finds
// everything sent). Prints one markdown table; `uptime` before and after (the machine is shared).
import { execFileSync } from "node:child_process";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDb, rowsOf } from "../db/client";
import { runMigrations } from "../db/migrate";
import type { Principal } from "../lib/auth/permissions";
import { refreshCache } from "../lib/eligibility/cache";
import { coverageForecast } from "../lib/eligibility/coverage-forecast";
import { sweepCoverageForecast } from "../lib/notifications/sweep";
import { generateRosterData } from "./roster-data";
import { pct } from "./lib/stats";

const N = Number(process.argv[2] ?? 5_000);
const STATIONS = Number(process.argv[3] ?? 100);
const RUNS = Number(process.env.RUNS ?? 5);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = process.env.BENCH_DB ?? "jr_bench_coverage_forecast";
const TODAY = "2026-11-24";
const NOW = new Date("2026-11-24T04:00:00Z");
const TZ = "Asia/Shanghai";
const admin: Principal = { userId: 0, memberId: 0, roles: [{ role: "admin", scopePath: null }] };

const uptime = () => execFileSync("uptime", { encoding: "utf8" }).trim();
const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${pct(s, 50).toFixed(0)} (min ${s[0]?.toFixed(0)}, max ${s[s.length - 1]?.toFixed(0)})`;
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
    const x = (q: ReturnType<typeof sql>) => h.db.execute(q);
    // 10 teams of STATIONS / 10 stations, the members spread over them.
    await x(sql`INSERT INTO org_units (parent_id, kind, name, code, path)
      SELECT a.id, 'team', '预测' || g || '队', 'FT' || g, '' FROM org_units a, generate_series(1, 10) g WHERE a.code = 'GA'`);
    await x(sql`UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.code LIKE 'FT%'`);
    await x(sql`INSERT INTO org_units (parent_id, kind, name, code, path)
      SELECT t.id, 'station', t.name || s || '站', t.code || '-S' || s, '' FROM org_units t, generate_series(1, ${Math.ceil(STATIONS / 10)}) s WHERE t.code LIKE 'FT%'`);
    await x(sql`UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.code LIKE 'FT%-S%'`);
    await x(sql`WITH st AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM org_units WHERE code LIKE 'FT%-S%')
      UPDATE members m SET org_unit_id = st.id FROM st WHERE st.k = m.id % ${STATIONS}`);
    await x(sql`UPDATE certificate_types SET review_every_years = 3 WHERE id % 2 = 0`);
    // A planned class per specialty in two months, a tenth of the members enrolled.
    await x(sql`INSERT INTO classes (title, series, specialty, instructor_member_id, capacity, status)
      SELECT '复审培训 ' || s, 'classroom', s, (SELECT min(id) FROM members), 1000, 'published' FROM (SELECT DISTINCT specialty AS s FROM certificate_types WHERE specialty IS NOT NULL UNION SELECT DISTINCT specialty FROM members) q`);
    await x(
      sql`UPDATE certificate_types SET specialty = (SELECT specialty FROM jobs ORDER BY id OFFSET (certificate_types.id % 6) LIMIT 1) WHERE specialty IS NULL`,
    );
    await x(sql`INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
      SELECT id, ${TODAY}::date + 60 + time '09:00', ${TODAY}::date + 60 + time '12:00', 's' FROM classes WHERE title LIKE '复审培训%'`);
    await x(sql`INSERT INTO class_enrolments (class_id, member_id, status)
      SELECT c.id, m.id, 'enrolled' FROM members m JOIN classes c ON c.specialty = m.specialty AND c.title LIKE '复审培训%' WHERE m.id % 10 = 0`);
    await refreshCache(h.db, TODAY, TZ);
    // Five minimums per station: the jobs most of its members qualify for, at today's count.
    await x(sql`INSERT INTO station_job_minimums (org_unit_id, job_id, min_qualified)
      SELECT station, job, n FROM (
        SELECT m.org_unit_id AS station, c.job_id AS job, count(*) AS n, row_number() OVER (PARTITION BY m.org_unit_id ORDER BY count(*) DESC, c.job_id) AS k
          FROM eligibility_cells c JOIN members m ON m.id = c.member_id AND m.status = 'active' GROUP BY m.org_unit_id, c.job_id) q
       WHERE k <= 5`);
    await x(sql`ANALYZE`);
    console.error(`# generated ${N} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // A manager per team (the sweep tells the nearest one).
  await h.db.execute(sql`
    WITH t AS (SELECT u.id AS team, (SELECT min(m.id) FROM members m JOIN org_units su ON su.id = m.org_unit_id WHERE su.parent_id = u.id) AS member
                 FROM org_units u WHERE u.code LIKE 'FT%' AND u.code NOT LIKE '%-S%'
                  AND NOT EXISTS (SELECT 1 FROM user_roles WHERE role = 'manager')),
         nu AS (INSERT INTO users (member_id, password_hash) SELECT member, 'x' FROM t RETURNING id, member_id)
    INSERT INTO user_roles (user_id, role, scope_org_unit_id) SELECT nu.id, 'manager', t.team FROM nu JOIN t ON t.member = nu.member_id`);
  await refreshCache(h.db, TODAY, TZ);
  const [facts] = rowsOf<Record<string, number>>(
    await h.db.execute(sql`SELECT (SELECT count(*) FROM station_job_minimums) AS minimums, (SELECT count(DISTINCT org_unit_id) FROM station_job_minimums) AS stations,
      (SELECT count(*) FROM member_certificates) AS certificates, (SELECT count(*) FROM eligibility_cells) AS cells,
      (SELECT count(*) FROM class_enrolments) AS enrolments`),
  );
  const area = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE code = 'GA'`))[0]!.id;
  const before = uptime();
  const run = async () => {
    const r = await coverageForecast(h.db, admin, { unitId: Number(area) }, NOW);
    if (!r.ok) throw new Error(r.code);
    return r.value.rows;
  };
  const rows = await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  await h.db.execute(sql`DELETE FROM notifications WHERE event = 'coverage_forecast'`);
  let t = performance.now();
  const sent = await sweepCoverageForecast(h.db, NOW, TODAY);
  const sweepFirst = performance.now() - t;
  t = performance.now();
  const again = await sweepCoverageForecast(h.db, NOW, TODAY);
  const sweepAgain = performance.now() - t;
  const after = uptime();
  console.log(`## coverage forecast — ${git}`);
  console.log(
    `\n${N} members, ${facts?.stations} stations, ${facts?.minimums} minimums, ${facts?.certificates} certificates, ${facts?.cells} cells, ${facts?.enrolments} enrolments; PostgreSQL\n`,
  );
  console.log("| what | ms |\n|---|---|");
  console.log(`| coverageForecast, whole area (${rows.length} rows with a shortfall within a year), median of ${RUNS} | ${fmt(times)} |`);
  console.log(`| notify sweep, first run (${sent} notifications) | ${sweepFirst.toFixed(0)} |`);
  console.log(`| notify sweep, again (${again} sent) | ${sweepAgain.toFixed(0)} |`);
  console.log(`\nuptime before: ${before}\nuptime after:  ${after}`);
} finally {
  await h.close();
  if (process.env.KEEP_DB !== "1") await adm.unsafe(`DROP DATABASE IF EXISTS ${dbName}`);
  await adm.end();
}
