// Scheduled background jobs on PostgreSQL: `npx tsx bench/jobs.ts [minutes=3] [cronMonitorS…]`
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; makes and drops its
// own databases). For each cron-pass interval given (default: pg-boss's own, 30 s, and 5 s), two
// pg-boss runners (lib/jobs/runner.ts, as two instances would start them) schedule the real jobs
// every minute on one fresh database for `minutes` minutes. Prints, from `job_runs`, how many
// times each job ran per minute (1 = once across both instances) and how long after its due
// minute each run started (min / median / max).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDb, type DbHandle } from "../db/client";
import { runMigrations } from "../db/migrate";
import { jobRuns } from "../db/schema";
import { jobDefinitions } from "../lib/jobs/definitions";
import { pgBossRunner, type JobRunner } from "../lib/jobs/runner";

const minutes = Number(process.argv[2] ?? 3);
const intervals = process.argv.slice(3).map(Number);
const configs: (number | undefined)[] = intervals.length ? intervals : [undefined, 5];
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

interface Setup {
  label: string;
  name: string;
  url: string;
  handle: DbHandle;
  runners: JobRunner[];
}

async function setUp(cronMonitorS: number | undefined): Promise<Setup> {
  const name = `jr_bench_jobs_${randomBytes(4).toString("hex")}`;
  const a = postgres(base, { max: 1, onnotice: () => {} });
  await a.unsafe(`CREATE DATABASE ${name}`);
  await a.end();
  const url = withDatabase(base, name);
  const handle = await openDb({ url, max: 4 });
  await runMigrations(handle);
  const jobs = jobDefinitions({ SWEEP_INTERVAL_S: 60, POINTS_SWEEP_S: 60, NOTIFY_SEND_S: 60 });
  const runners = [0, 1].map((i) =>
    pgBossRunner(handle.db, jobs, {
      connectionString: url,
      cronMonitorIntervalS: cronMonitorS,
      applicationName: `bench instance ${i}`,
      runnerId: `instance ${i}`,
      max: 2,
    }),
  );
  for (const r of runners) await r.start();
  return { label: cronMonitorS === undefined ? "pg-boss default cron pass (30 s)" : `cron pass every ${cronMonitorS} s`, name, url, handle, runners };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN;
};

const setups = await Promise.all(configs.map(setUp));
const startedAt = Date.now();
console.log(`${setups.length} set(s) of 2 instances started; waiting ${minutes} min…`);
await new Promise((r) => setTimeout(r, minutes * 60_000 + 5_000));
for (const s of setups) {
  await Promise.all(s.runners.map((r) => r.stop()));
  const rows = await s.handle.db.select().from(jobRuns);
  const perMinute = new Map<string, number>();
  const lags: number[] = [];
  for (const r of rows) {
    // pg-boss may send a second or so before the minute (its clock against the database's): a
    // run up to 5 s before a minute counts for that minute, its lag negative.
    const due = Math.floor((r.startedAt.getTime() + 5000) / 60_000) * 60_000;
    const k = `${r.job} ${due}`;
    perMinute.set(k, (perMinute.get(k) ?? 0) + 1);
    lags.push(r.startedAt.getTime() - due);
  }
  const counts = [...perMinute.values()];
  const byRunner = new Map<string, number>();
  for (const r of rows) byRunner.set(r.runner, (byRunner.get(r.runner) ?? 0) + 1);
  console.log(
    `\n${s.label}: ${rows.length} runs of 4 jobs over ${((Date.now() - startedAt) / 60_000).toFixed(1)} min, ${rows.filter((r) => !r.ok).length} failed`,
  );
  console.log(`  runs per job and minute: ${counts.length} job-minutes, max ${Math.max(...counts)} (1 = once across both instances)`);
  const twice = [...perMinute.entries()]
    .filter(([, n]) => n > 1)
    .map(([k, n]) => `${k.split(" ")[0]} ${new Date(Number(k.split(" ")[1])).toISOString().slice(11, 16)}×${n}`);
  if (twice.length) console.log(`  more than once: ${twice.join(", ")}`);
  console.log(`  start after due minute: min ${Math.min(...lags) / 1000} s, median ${median(lags) / 1000} s, max ${Math.max(...lags) / 1000} s`);
  console.log(`  runs by process: ${JSON.stringify(Object.fromEntries(byRunner))}`);
  await s.handle.close();
  const a = postgres(base, { max: 1, onnotice: () => {} });
  await a.unsafe(`DROP DATABASE IF EXISTS ${s.name} WITH (FORCE)`);
  await a.end();
}
