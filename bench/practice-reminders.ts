// The 每日一练 evening reminder sweep at scale: `npx tsx bench/practice-reminders.ts [candidates=2000] [runs=5]`
// against PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres; it makes and drops its own database).
//
// The demo (300 members) plus `candidates` worker members spread over the demo area's stations,
// each with yesterday's daily set completed (streaks of 1 to 30 days) and today's not: every one a
// candidate of `sweepDailyReminders`. A category of questions is opened for practice to every
// station but one, so the members of that station are candidates with nothing open (no reminder).
// Each run times one sweep at 19:00 Shanghai time, then deletes the reminders it wrote so the next
// run sees the same candidates. Prints the median (min–max) and the reminders sent.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDb, rowsOf } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../scripts/demo";
import type { Principal } from "../lib/auth/permissions";
import { addDays } from "../lib/core/time";
import { createQuestion } from "../lib/quiz/bank";
import { openForPractice } from "../lib/practice/openings";
import { sweepDailyReminders } from "../lib/practice/reminders";
import { pct } from "./lib/stats";

const CANDIDATES = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 5);
const TZ = "Asia/Shanghai";
const TODAY = "2027-05-11";
const NOW = new Date(`${TODAY}T19:00:00+08:00`);
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `jr_bench_reminders_${process.pid}`;
const url = new URL(base);
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
url.pathname = `/${dbName}`;
const h = await openDb({ url: url.toString(), max: 4 });

try {
  await runMigrations(h);
  await seedDemo(h.db, { members: 300 });
  await h.db.execute(sql`
    WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_units WHERE kind = 'station')
    INSERT INTO members (employee_no, name, org_unit_id, specialty, tech_title, status, hired_on)
    SELECT 'R' || lpad(g::text, 6, '0'), '提醒' || g, st.ids[1 + g % array_length(st.ids, 1)], 'boiler', 'senior', 'active', date '2020-01-01'
    FROM st, generate_series(1, ${CANDIDATES}) g`);
  // Streaks of 1..30 days ending yesterday; today's set drawn but not completed for every third.
  await h.db.execute(sql`
    INSERT INTO practice_daily_sets (member_id, day, question_ids, drawn_at, completed_at)
    SELECT m.id, ${addDays(TODAY, -1)}::date - d, '{}', now(), now()
    FROM members m, generate_series(0, 29) d
    WHERE m.employee_no LIKE 'R%' AND d < 1 + m.id % 30`);
  await h.db.execute(sql`
    INSERT INTO practice_daily_sets (member_id, day, question_ids, drawn_at)
    SELECT id, ${TODAY}::date, '{}', now() FROM members WHERE employee_no LIKE 'R%' AND id % 3 = 0`);
  const [trainerRow] = rowsOf<{ uid: number; mid: number }>(
    await h.db.execute(sql`SELECT u.id AS uid, m.id AS mid FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no = '900003'`),
  );
  const trainer: Principal = { userId: Number(trainerRow!.uid), memberId: Number(trainerRow!.mid), roles: [{ role: "trainer", scopePath: null }] };
  for (let i = 0; i < 20; i++) {
    const r = await createQuestion(h.db, trainer, {
      type: "truefalse",
      stem: `提醒压测判断题 ${i}`,
      key: { correct: i % 2 === 0 },
      difficulty: 3,
      points: 1,
      category: ["提醒压测"],
      tags: [],
      explanation: "见操作规程。",
    });
    if (!r.ok) throw new Error(r.code);
  }
  const [cat] = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM question_categories WHERE name = '提醒压测'`));
  const stations = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE kind = 'station' ORDER BY id`)).map((r) => Number(r.id));
  const opened = await openForPractice(h.db, trainer, {
    categoryId: Number(cat!.id),
    orgUnitIds: stations.slice(0, -1),
    jobIds: [],
    includeQuizQuestions: false,
  });
  if (!opened.ok) throw new Error(opened.code);
  await h.db.execute(sql`ANALYZE`);

  const ms: number[] = [];
  let sent = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    sent = await sweepDailyReminders(h.db, NOW, TZ);
    ms.push(performance.now() - t);
    const key = `daily:${TODAY}:reminder`;
    await h.db.execute(sql`DELETE FROM notification_deliveries WHERE notification_id IN (SELECT id FROM notifications WHERE dedupe_key = ${key})`);
    await h.db.execute(sql`DELETE FROM notifications WHERE dedupe_key = ${key}`);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(0);
  console.log(`| candidates | reminders sent | runs | median ms (min–max) |`);
  console.log(`|---|---|---|---|`);
  console.log(`| ${CANDIDATES} | ${sent} | ${RUNS} | ${f(pct(sorted, 50))} (${f(sorted[0]!)}–${f(sorted.at(-1)!)}) |`);
  console.log(`runs ms: ${ms.map(f).join(", ")}`);
} finally {
  await h.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
