// Member list at scale: `tsx bench/members.ts [members=100000]` against PostgreSQL
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; it makes and drops
// its own database). Prints, per query shape, the median and p95 of the app's searchMembers and
// of the same SQL statements sent straight through postgres.js, and their ratio.
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { addBenchTeams } from "./lib/org";
import { pct as pctSorted } from "./lib/stats";
import { seedDemo } from "../scripts/demo";
import { memberFilter } from "../lib/members/input";
import { searchMembers } from "../lib/members/members";

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 40);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `jr_bench_members_${process.pid}`;
const url = new URL(base);
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
url.pathname = `/${dbName}`;

let captured: { query: string; params: unknown[] }[] = [];
const h = await openDb({ url: url.toString(), max: 4, logger: { logQuery: (query, params) => captured.push({ query, params }) } });
const raw = postgres(url.toString(), { max: 4, onnotice: () => {} });
const pct = (xs: number[], p: number) =>
  pctSorted(
    [...xs].sort((a, b) => a - b),
    p,
  );

try {
  await runMigrations(h);
  await seedDemo(h.db, { members: 300 });
  // 20 more teams of 25 stations, then N members spread over every station.
  await addBenchTeams(h.db);
  await h.db.execute(sql`
    WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_units WHERE kind = 'station'),
         sp AS (SELECT ARRAY['oil_production','gathering','boiler','electrical','instrument','safety','maintenance'] AS s),
         sn AS (SELECT ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','胡','朱','郭'] AS a,
                       ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','涛','明','超','霞','平'] AS b)
    INSERT INTO members (employee_no, name, org_unit_id, specialty, job_id, tech_title, status, hired_on)
    SELECT 'B' || lpad(g::text, 7, '0'),
           sn.a[1 + g % 16] || sn.b[1 + (g / 16) % 18] || sn.b[1 + (g / 288) % 18],
           st.ids[1 + g % array_length(st.ids, 1)],
           sp.s[1 + g % 7], (SELECT id FROM jobs ORDER BY id LIMIT 1 OFFSET g % 10), 'senior',
           (CASE WHEN g % 50 = 0 THEN 'leave' ELSE 'active' END)::member_status, date '2000-01-01' + (g % 9000)
    FROM generate_series(1, ${N}) g, st, sp, sn`);
  await h.db.execute(sql`ANALYZE`);
  const [{ n }] = (await raw`SELECT count(*)::int AS n FROM members`) as unknown as [{ n: number }];
  const [{ team }] = (await raw`SELECT id AS team FROM org_units WHERE code = 'BT7'`) as unknown as [{ team: number }];
  const [{ tpath }] = (await raw`SELECT path AS tpath FROM org_units WHERE code = 'BT7'`) as unknown as [{ tpath: string }];
  console.log(`members: ${n}`);

  // The reader: an admin over the whole organisation, or a manager of one team.
  const reader = (scopePath: string | null) => ({
    userId: 0,
    memberId: 0,
    roles: [{ role: scopePath ? ("manager" as const) : ("admin" as const), scopePath }],
  });
  const shapes: [string, Record<string, string>, ReturnType<typeof reader>][] = [
    ["first page, whole org", {}, reader(null)],
    ["page 1000, whole org", { page: "1000", pageSize: "50" }, reader(null)],
    ["name prefix (2 chars)", { q: "李伟" }, reader(null)],
    ["employee no prefix", { q: "B00123" }, reader(null)],
    ["unit subtree + specialty", { unit: String(team), specialty: "boiler" }, reader(null)],
    ["manager scope (one team), status", { status: "active" }, reader(tpath)],
  ];
  console.log("| query | app median ms | app p95 ms | raw SQL median ms | ratio app/raw |");
  console.log("|---|---|---|---|---|");
  for (const [label, params, actor] of shapes) {
    const f = memberFilter.parse(params);
    const app: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      captured = [];
      const t = performance.now();
      await searchMembers(h.db, actor, f);
      if (i >= 3) app.push(performance.now() - t);
    }
    const stmts = captured.slice();
    const rawT: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const t = performance.now();
      for (const s of stmts) await raw.unsafe(s.query, s.params as never[]);
      if (i >= 3) rawT.push(performance.now() - t);
    }
    const m = pct(app, 50);
    const r = pct(rawT, 50);
    console.log(`| ${label} | ${m.toFixed(1)} | ${pct(app, 95).toFixed(1)} | ${r.toFixed(1)} | ${(m / r).toFixed(2)} |`);
  }
} finally {
  await h.close();
  await raw.end();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
