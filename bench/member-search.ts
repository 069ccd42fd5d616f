// Member search at scale (issue 18): `tsx bench/member-search.ts [members=100000]` against PostgreSQL
// (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; it
// makes and drops its own database). The app's searchMembers (anywhere in the name and number, by
// pinyin and unit name, on trigram indexes) against the prefix search it replaced, in the same run
// on the same rows: median and p95 of each query shape, and the ratio of the medians.
import postgres from "postgres";
import { and, asc, eq, like, or, sql, type SQL } from "drizzle-orm";
import { openDb, type Db } from "../db/client";
import { runMigrations } from "../db/migrate";
import { addBenchTeams } from "./lib/org";
import { pct as pctSorted } from "./lib/stats";
import { jobs, members, orgUnits, users } from "../db/schema";
import { seedDemo } from "../scripts/demo";
import { scopeOf, type Principal } from "../lib/auth/permissions";
import { memberFilter, type MemberFilter } from "../lib/members/input";
import { searchMembers } from "../lib/members/members";
import { fillMissingSearchWords } from "../lib/members/search-words";
import { escapeLike, inScope } from "../lib/org/scope";

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 60);
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `jr_bench_msearch_${process.pid}`;
const url = new URL(base);
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
url.pathname = `/${dbName}`;
const h = await openDb({ url: url.toString(), max: 4 });
const pct = (xs: number[], p: number) =>
  pctSorted(
    [...xs].sort((a, b) => a - b),
    p,
  );

/** The search before issue 18 (lib/members/members.ts at e4ecd47): name or number prefix only. */
async function prefixSearch(db: Db, actor: Principal, f: MemberFilter) {
  const scope = scopeOf(actor, "member.read");
  const conds: SQL[] = [inScope(orgUnits.path, scope)];
  if (f.q) {
    const q = escapeLike(f.q);
    conds.push(or(like(members.name, `${q}%`), like(members.employeeNo, `${q.toUpperCase()}%`))!);
  }
  const where = and(...conds);
  const countQuery = db.select({ n: sql<number>`count(*)::int` }).from(members);
  const [counted] = !scope.all ? await countQuery.innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId)).where(where) : await countQuery.where(where);
  const rows = await db
    .select({
      id: members.id,
      employeeNo: members.employeeNo,
      name: members.name,
      unitName: orgUnits.name,
      jobName: jobs.name,
      hasAccount: sql`${users.id} IS NOT NULL`,
    })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .leftJoin(jobs, eq(jobs.id, members.jobId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(where)
    .orderBy(asc(members.employeeNo))
    .limit(f.pageSize);
  return { rows, total: Number(counted?.n ?? 0) };
}

try {
  await runMigrations(h);
  await seedDemo(h.db, { members: 300 });
  // 20 more teams of 25 stations, then N members spread over every station (as bench/members.ts).
  await addBenchTeams(h.db);
  // Names from 24 surnames and 40 given-name characters: 38,400 distinct names, so a given name
  // or a pinyin matches a few dozen to a few thousand members, as in a real register.
  await h.db.execute(sql`
    WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_units WHERE kind = 'station'),
         sn AS (SELECT ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','胡','朱','郭','何','林','罗','高','郑','梁','谢','宋'] AS a,
                       ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','涛','明','超','霞','平','刚','桂','英','华','建','国',
                             '晓','雨','文','博','立','新','春','秋','海','波','红','燕','玉','兰','志','斌'] AS b)
    INSERT INTO members (employee_no, name, org_unit_id, specialty, tech_title, status, hired_on)
    SELECT 'B' || lpad(g::text, 7, '0'),
           sn.a[1 + g % 24] || sn.b[1 + (g / 24) % 40] || sn.b[1 + (g / 960) % 40],
           st.ids[1 + g % array_length(st.ids, 1)],
           'boiler', 'senior', (CASE WHEN g % 50 = 0 THEN 'leave' ELSE 'active' END)::member_status, date '2000-01-01' + (g % 9000)
    FROM generate_series(1, ${N}) g, st, sn`);
  const t0 = performance.now();
  const filled = await fillMissingSearchWords(h.db);
  console.log(`search words filled for ${filled} members in ${((performance.now() - t0) / 1000).toFixed(1)} s (start-up backfill)`);
  await h.db.execute(sql`ANALYZE`);
  const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const [{ n }] = (await raw`SELECT count(*)::int AS n FROM members`) as unknown as [{ n: number }];
  const [{ tpath }] = (await raw`SELECT path AS tpath FROM org_units WHERE code = 'BT7'`) as unknown as [{ tpath: string }];
  const [{ v }] = (await raw`SELECT version() AS v`) as unknown as [{ v: string }];
  await raw.end();
  console.log(`members: ${n}; ${v.split(" on ")[0]}; ${RUNS} runs per shape after 3 warm-up runs`);

  const reader = (scopePath: string | null): Principal => ({
    userId: 0,
    memberId: 0,
    roles: [{ role: scopePath ? "manager" : "admin", scopePath }],
  });
  const shapes: [string, string, Principal][] = [
    ["given name, 2 chars (晓雨)", "晓雨", reader(null)],
    ["full name (林晓雨)", "林晓雨", reader(null)],
    ["surname + 1 char, prefix (李伟)", "李伟", reader(null)],
    ["one character (林)", "林", reader(null)],
    ["number tail (12345)", "12345", reader(null)],
    ["number prefix (B00123)", "B00123", reader(null)],
    ["pinyin initials (lxy)", "lxy", reader(null)],
    ["full pinyin (linxiaoyu)", "linxiaoyu", reader(null)],
    ["station name (B队7站3)", "B队7站3", reader(null)],
    ["team scope + given name (manager)", "晓雨", reader(tpath)],
    ["nothing found (zzzz)", "zzzz", reader(null)],
  ];
  console.log("| query | found (new) | new median ms | new p95 ms | found (prefix) | prefix median ms | prefix p95 ms | median new/prefix |");
  console.log("|---|---|---|---|---|---|---|---|");
  const all: number[] = [];
  for (const [label, q, actor] of shapes) {
    const f = memberFilter.parse({ q });
    const time = async (run: () => Promise<{ total: number }>) => {
      const ts: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        const t = performance.now();
        total = (await run()).total;
        if (i >= 3) ts.push(performance.now() - t);
      }
      return { ts, total };
    };
    const now = await time(() => searchMembers(h.db, actor, f));
    const old = await time(() => prefixSearch(h.db, actor, f));
    all.push(...now.ts);
    const m = pct(now.ts, 50);
    const o = pct(old.ts, 50);
    console.log(
      `| ${label} | ${now.total} | ${m.toFixed(1)} | ${pct(now.ts, 95).toFixed(1)} | ${old.total} | ${o.toFixed(1)} | ${pct(old.ts, 95).toFixed(1)} | ${(m / o).toFixed(2)} |`,
    );
  }
  console.log(`all shapes together: median ${pct(all, 50).toFixed(1)} ms, p95 ${pct(all, 95).toFixed(1)} ms (target p95 < 50 ms)`);
} finally {
  await h.close();
  if (process.env.KEEP_DB) console.log(`kept database ${dbName}`);
  else await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
