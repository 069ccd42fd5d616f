// A unit's 一人一档 as one zip: `npx tsx bench/unit-files.ts [members=400]` against PostgreSQL
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a database made for
// the run and dropped at the end). Data: bench/roster-data.ts (two teams of ≈ members/2 each, with
// quiz results, course completions, attendance, certificates, sign-offs, contest results). The
// first team is exported. Reported:
// - queries per member reading the files one member at a time (`personFile` per member) and
//   batched (`personFiles`, 50 at a time), counted by drizzle's logger;
// - the whole export (`requestUnitFiles` + the `unit-files` job: read, PDF, zip, store): total
//   time, per-member median (batch read share + that member's PDF), peak RSS sampled every 50 ms;
//   and the process's CPU time per member (user + system; less at the mercy of other load than
//   wall time);
// - the load average before and after (the machine is shared).
// BATCHED=0 skips the separate batched read + PDF loop (at 2,000 members it doubles the run).
// Run on an older checkout (no `personFiles`), it reports the one-at-a-time figure only.
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDb, rowsOf } from "../db/client";
import { runMigrations } from "../db/migrate";
import type { Principal } from "../lib/auth/permissions";
import { makeTranslator } from "../lib/i18n";
import * as personFileLib from "../lib/person-file";
import { personFilePdf } from "../lib/person-file/pdf";
import { generateRosterData } from "./roster-data";
import { pct } from "./lib/stats";

const N = Number(process.argv[2] ?? 400);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TODAY = "2026-11-24";
const NOW = new Date("2026-11-24T04:00:00Z");
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

process.env.APP_TIME_ZONE ??= "Asia/Shanghai";
const media = await mkdtemp(path.join(tmpdir(), "jr-bench-unit-files-"));
process.env.MEDIA_DIR = media;

const dbName = `jr_bench_unit_files_${process.pid}`;
const adm = postgres(base, { max: 1, onnotice: () => {} });
await adm.unsafe(`CREATE DATABASE ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
let queries = 0;
const h = await openDb({ url: url.toString(), max: 4, logger: { logQuery: () => void queries++ } });
console.log(`load average at start: ${load()}`);
try {
  await runMigrations(h);
  const { teamPaths } = await generateRosterData(h.db, { members: N, jobs: 30, today: TODAY, seed: 1 });
  const team = teamPaths[0]!;
  const ids = rowsOf<{ id: number }>(
    await h.db.execute(sql`SELECT m.id FROM members m JOIN org_units u ON u.id = m.org_unit_id
      WHERE u.path LIKE ${`${team}%`} AND m.status = 'active' ORDER BY m.employee_no`),
  ).map((r) => Number(r.id));
  const [{ unit_id: unitId } = { unit_id: 0 }] = rowsOf<{ unit_id: number }>(await h.db.execute(sql`SELECT id AS unit_id FROM org_units WHERE path = ${team}`));
  // The requester: an admin account on the first member (the job reads its rights from the database).
  const [{ id: userId } = { id: 0 }] = rowsOf<{ id: number }>(
    await h.db.execute(sql`INSERT INTO users (member_id, password_hash) VALUES (${ids[0]}, '-') RETURNING id`),
  );
  await h.db.execute(sql`INSERT INTO user_roles (user_id, role) VALUES (${userId}, 'admin')`);
  const admin: Principal = { userId: Number(userId), memberId: ids[0]!, roles: [{ role: "admin", scopePath: null }] };
  console.log(`team ${team}: ${ids.length} active members`);

  // One member at a time, on 20 of them (warm-up first).
  const sample = ids.slice(0, 20);
  await personFileLib.personFile(h.db, admin, ids[ids.length - 1]!, NOW);
  queries = 0;
  const t1 = performance.now();
  for (const id of sample) await personFileLib.personFile(h.db, admin, id, NOW);
  const oneMs = (performance.now() - t1) / sample.length;
  console.log(`one at a time: ${(queries / sample.length).toFixed(1)} queries per member, ${oneMs.toFixed(0)} ms read per member`);

  const batched = (personFileLib as Record<string, unknown>).personFiles as
    | ((db: typeof h.db, v: Principal, ids: number[], now: Date) => Promise<Map<number, personFileLib.PersonFile>>)
    | undefined;
  if (batched) await wholeUnit(batched, admin, ids, unitId);
} finally {
  await h.close();
  await adm.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await adm.end();
  await rm(media, { recursive: true, force: true });
  console.log(`load average at end: ${load()}`);
}

async function wholeUnit(
  batched: (db: typeof h.db, v: Principal, ids: number[], now: Date) => Promise<Map<number, personFileLib.PersonFile>>,
  admin: Principal,
  ids: number[],
  unitId: number,
) {
  // Batched: read 50 at a time and print each PDF (no zip): the per-member figure.
  if (process.env.BATCHED !== "0") await batchedLoop(batched, admin, ids);

  // The whole export as the job runs it, with peak memory.
  const { requestUnitFiles, runUnitExports, getUnitExport } = await import("../lib/person-file/exports");
  const req = await requestUnitFiles(h.db, admin, { unitId }, "zh-CN", NOW);
  if (!req.ok) throw new Error(req.code);
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const startRss = peak;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  queries = 0;
  const cpu0 = process.cpuUsage();
  const t3 = performance.now();
  const result = await runUnitExports(h.db, NOW);
  const total = performance.now() - t3;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const done = await getUnitExport(h.db, admin, req.value.id, NOW);
  if (!done.ok || done.value.state !== "done") throw new Error(`export not done: ${JSON.stringify(result)}`);
  console.log(
    `export job: ${done.value.done} PDFs, zip ${(Number(done.value.sizeBytes) / 2 ** 20).toFixed(1)} MB in ${(total / 1000).toFixed(1)} s (${Math.round(total / ids.length)} ms per member); ${queries} queries (${(queries / ids.length).toFixed(2)} per member, progress writes included); RSS ${Math.round(startRss / 2 ** 20)} MB at start, peak ${Math.round(peak / 2 ** 20)} MB; CPU ${Math.round((cpu.user + cpu.system) / 1000 / ids.length)} ms per member`,
  );
}

async function batchedLoop(
  batched: (db: typeof h.db, v: Principal, ids: number[], now: Date) => Promise<Map<number, personFileLib.PersonFile>>,
  admin: Principal,
  ids: number[],
) {
  const t = makeTranslator("zh-CN");
  queries = 0;
  const perMember: number[] = [];
  const t2 = performance.now();
  for (let i = 0; i < ids.length; i += 50) {
    const batch = ids.slice(i, i + 50);
    const r0 = performance.now();
    const files = await batched(h.db, admin, batch, NOW);
    const readShare = (performance.now() - r0) / batch.length;
    for (const id of batch) {
      const p0 = performance.now();
      await personFilePdf(t, files.get(id)!);
      perMember.push(readShare + performance.now() - p0);
    }
  }
  const batchQueries = queries;
  perMember.sort((a, b) => a - b);
  console.log(
    `batched (50): ${(batchQueries / ids.length).toFixed(2)} queries per member (${batchQueries} for ${ids.length}); read + PDF ${Math.round(performance.now() - t2)} ms, per member median ${Math.round(pct(perMember, 50))} ms, p95 ${Math.round(pct(perMember, 95))} ms`,
  );
}
