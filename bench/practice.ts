// Practice at scale (issue 14): `npx tsx bench/practice.ts [workers=1000] [answers=10] [concurrency=16]`
// against PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres; it makes and drops its own database).
//
// The demo (300 members) plus `workers` worker members spread over the demo area's stations; 200
// questions (true/false and single choice, the engine's sample types) in a category opened for
// practice to the whole area. Every worker then practises `answers` questions: the next one
// (alternating in order, random, and the wrong-answer book once it has something in it) and an
// answer to it, right or wrong at random, through the lib functions the pages call (nextQuestion,
// answerQuestion: audience check, the engine's grading, progress, book, cursor in one transaction)
// with `concurrency` workers in flight on a pool of the same size. Then every worker does their
// 每日一练: the day's set drawn (startDaily, as 开始今日练习 does: the pools over every open question, the seeded draw,
// kept) and its five questions answered (answerDaily: graded like practice, the day completed and
// its points on the last). In-process: no HTTP, no session lookup. Prints p50/p95/p99 per call,
// the answers per second and how long the daily phase took.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../scripts/demo";
import type { Principal } from "../lib/auth/permissions";
import { createQuestion } from "../lib/quiz/bank";
import type { Question } from "../lib/quiz/types";
import { openForPractice } from "../lib/practice/openings";
import { answerDaily, startDaily, todaysSet } from "../lib/practice/daily";
import { answerQuestion, nextQuestion, type PracticeMode } from "../lib/practice/practice";
import { pct } from "./lib/stats";

const WORKERS = Number(process.argv[2] ?? 1000);
const ANSWERS = Number(process.argv[3] ?? 10);
const CONCURRENCY = Number(process.argv[4] ?? 16);
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `jr_bench_practice_${process.pid}`;
const url = new URL(base);
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${dbName}`);
url.pathname = `/${dbName}`;
const h = await openDb({ url: url.toString(), max: CONCURRENCY });

try {
  await runMigrations(h);
  await seedDemo(h.db, { members: 300 });
  await h.db.execute(sql`
    WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_units WHERE kind = 'station')
    INSERT INTO members (employee_no, name, org_unit_id, specialty, tech_title, status, hired_on)
    SELECT 'P' || lpad(g::text, 6, '0'), '练习' || g, st.ids[1 + g % array_length(st.ids, 1)], 'boiler', 'senior', 'active', date '2020-01-01'
    FROM st, generate_series(1, ${WORKERS}) g`);
  const [trainerRow] = (await h.db.execute(
    sql`SELECT u.id AS uid, m.id AS mid FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no = '900003'`,
  )) as unknown as {
    uid: number;
    mid: number;
  }[];
  const trainer: Principal = { userId: Number(trainerRow!.uid), memberId: Number(trainerRow!.mid), roles: [{ role: "trainer", scopePath: null }] };
  const meta = { difficulty: 3 as const, points: 1, category: ["练习压测", "抽油机"], tags: [], explanation: "见操作规程。" };
  /** The single-choice questions' right and a wrong option (the daily phase answers by id). */
  const singleOption = new Map<number, { right: string; wrong: string }>();
  for (let i = 0; i < 200; i++) {
    const q: Question =
      i % 2
        ? { ...meta, type: "truefalse", stem: `压测判断题 ${i}`, key: { correct: i % 4 === 1 } }
        : {
            ...meta,
            type: "single",
            stem: `压测单选题 ${i}`,
            options: [
              { id: `a${i}`, text: "甲" },
              { id: `b${i}`, text: "乙" },
              { id: `c${i}`, text: "丙" },
            ],
            key: { correct: `a${i}` },
          };
    const r = await createQuestion(h.db, trainer, q);
    if (!r.ok) throw new Error(r.code);
    if (q.type === "single") singleOption.set(r.value.questionId, { right: `a${i}`, wrong: `b${i}` });
  }
  const [cat] = (await h.db.execute(sql`SELECT id FROM question_categories WHERE name = '练习压测'`)) as unknown as { id: number }[];
  const [area] = (await h.db.execute(sql`SELECT id FROM org_units WHERE code = 'HJ'`)) as unknown as { id: number }[];
  const opened = await openForPractice(h.db, trainer, { categoryId: Number(cat!.id), orgUnitIds: [Number(area!.id)], jobIds: [], includeQuizQuestions: false });
  if (!opened.ok) throw new Error(opened.code);
  // Statistics as autovacuum keeps them on a live database (fresh tables have none, and the
  // planner's guesses then price the practice queries high enough to JIT-compile them).
  await h.db.execute(sql`ANALYZE`);
  const ids = ((await h.db.execute(sql`SELECT id FROM members WHERE employee_no LIKE 'P%' ORDER BY id`)) as unknown as { id: number }[]).map((r) =>
    Number(r.id),
  );

  const nextMs: number[] = [];
  const answerMs: number[] = [];
  let rightCount = 0;
  let failures = 0;
  const modes: PracticeMode[] = ["order", "random", "book"];
  async function worker(memberId: number) {
    const me: Principal = { userId: 0, memberId, roles: [{ role: "worker", scopePath: null }] };
    for (let i = 0; i < ANSWERS; i++) {
      let t = performance.now();
      let n = await nextQuestion(h.db, me, { mode: modes[i % 3]! });
      if (n.ok && !n.value) n = await nextQuestion(h.db, me, { mode: "order" });
      nextMs.push(performance.now() - t);
      if (!n.ok || !n.value) {
        failures++;
        continue;
      }
      const q = n.value.question;
      const right = Math.random() < 0.7;
      const response =
        q.type === "truefalse"
          ? { type: "truefalse", value: Math.random() < 0.5 }
          : { type: "single", optionId: q.type === "single" ? (right ? q.options[0]!.id : q.options[1]!.id) : "" };
      t = performance.now();
      const a = await answerQuestion(h.db, me, { questionId: n.value.questionId, mode: modes[i % 3]!, response });
      answerMs.push(performance.now() - t);
      if (!a.ok) failures++;
      else if (a.value.right) rightCount++;
    }
  }
  const queue = [...ids];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let m = queue.shift(); m !== undefined; m = queue.shift()) await worker(m);
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const drawMs: number[] = [];
  const dailyMs: number[] = [];
  let completed = 0;
  async function daily(memberId: number) {
    const me: Principal = { userId: 0, memberId, roles: [{ role: "worker", scopePath: null }] };
    // 开始今日练习 draws the day's set (startDaily); the page then reads it (todaysSet).
    let t = performance.now();
    const drawn = await startDaily(h.db, me);
    drawMs.push(performance.now() - t);
    const set = drawn.ok ? await todaysSet(h.db, me) : drawn;
    if (!set.ok || !set.value) {
      failures++;
      return;
    }
    for (const item of set.value.items) {
      const single = singleOption.get(item.questionId);
      const right = Math.random() < 0.7;
      const response = single ? { type: "single", optionId: right ? single.right : single.wrong } : { type: "truefalse", value: Math.random() < 0.5 };
      t = performance.now();
      const a = await answerDaily(h.db, me, { day: set.value.day, questionId: item.questionId, response });
      dailyMs.push(performance.now() - t);
      if (!a.ok) failures++;
      else if (a.value.completed) completed++;
    }
  }
  const dailyQueue = [...ids];
  const dailyStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let m = dailyQueue.shift(); m !== undefined; m = dailyQueue.shift()) await daily(m);
    }),
  );
  const dailySeconds = (performance.now() - dailyStarted) / 1000;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const row = (name: string, xs: number[]) => {
    const s = sorted(xs);
    return `| ${name} | ${s.length} | ${pct(s, 50).toFixed(1)} | ${pct(s, 95).toFixed(1)} | ${pct(s, 99).toFixed(1)} | ${s.at(-1)?.toFixed(1)} |`;
  };
  const [book] = (await h.db.execute(sql`SELECT count(*)::int AS n FROM wrong_book`)) as unknown as { n: number }[];
  console.log(`\n${WORKERS} workers × ${ANSWERS} answers, ${CONCURRENCY} in flight, pool ${CONCURRENCY}, PostgreSQL, in-process (no HTTP)\n`);
  console.log("| call | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|");
  console.log(row("answerQuestion", answerMs));
  console.log(row("nextQuestion", nextMs));
  console.log(row("startDaily (draw)", drawMs));
  console.log(row("answerDaily", dailyMs));
  console.log(
    `\n${(answerMs.length / seconds).toFixed(0)} answers/s over ${seconds.toFixed(1)} s; ${rightCount} right; ${failures} failures; ${book?.n} questions in books`,
  );
  console.log(`daily five: ${completed} of ${ids.length} workers completed their day in ${dailySeconds.toFixed(1)} s`);
  console.log(`reproduce: npx tsx bench/practice.ts ${WORKERS} ${ANSWERS} ${CONCURRENCY}`);
} finally {
  await h.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
