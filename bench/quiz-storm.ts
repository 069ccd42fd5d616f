// Quiz storm: the quarterly quiz taken by the whole workforce at once (issue 3, "Figures").
//
//   npx tsx bench/quiz-storm.ts [--workers 1000] [--minutes 5] [--pool 8] ...     the storm
//   npx tsx bench/quiz-storm.ts --find-limit [--limit-steps 1000,1500,2000,...]   workers until p95 save > 250 ms
//   npx tsx bench/quiz-storm.ts --pool-sweep 4,8,16                               DB_POOL_MAX candidates, closed loop
//   (--help lists every option)
//
// What it does, all on this machine:
//  1. Makes its own PostgreSQL database `jr_bench_storm_<pid>` next to BENCH_DATABASE_URL (default
//     postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads the demo, adds the simulated
//     workers set-wise in SQL (members in every station of the demo area, an account each sharing
//     one argon2 hash, the worker role) and a published quiz of 20 questions of every sample type
//     (shuffled questions and options) for the whole area, with a time limit and a closing time
//     beyond the end of the run. The database is dropped at the end, also after a failure or ^C.
//  2. Builds the app into .next-bench when that build is missing or older than the sources
//     (--no-build / --rebuild), then runs `next start` on 127.0.0.1:<port> against that database
//     with a fresh AUTH_SECRET, NEXT_DIST_DIR=.next-bench, SEED_DEMO=false, DB_POOL_MAX=<pool> and
//     --keepAliveTimeout 65000 (phones keep their connection between saves; Node's default 5 s
//     would make the client reuse sockets the server is closing). The server is stopped at the end.
//  3. Signs workers in WITHOUT the password form: 1,000 argon2 verifications would measure argon2
//     and trip the per-address sign-in throttle. Instead it mints each worker's session cookie the
//     way next-auth v5 does after a sign-in: a JWE made with `encode` from "next-auth/jwt", salt =
//     the cookie name "authjs.session-token", secret = the server's AUTH_SECRET, holding the fields
//     the app's jwt callback puts there (lib/auth/session.ts): `sub` and `uid` = the user id,
//     `sv` = the account's session version. The app checks it exactly as any other session (JWT
//     decrypted by lib/auth/session-token.ts, user and session version read from the database on every request).
//     Before the run one cookie is tried on the home page (200 with the worker's name; the same
//     request without it is redirected to /login) and the save API answers 401 without a cookie.
//  4. The storm (load generator in this process, keep-alive node:http agent, one socket per worker
//     at most): every worker starts the quiz at a random moment of the first --start-window s
//     (POST /api/quizzes/:id/start; with --page inline, the default, the answer carries the
//     attempt's questions, which the phone keeps for a reload offline: no page is fetched;
//     --page html loads the page right after the start; otherwise the questions
//     are read straight from the database with getAttemptView), then saves one answer every
//     --think-min..--think-max s (POST /api/attempts/:id/answers, growing seq, a valid response of
//     the question's type, plus anything not yet confirmed) for --minutes, then submits at a
//     random moment of the last --submit-window s (POST /api/attempts/:id/submit carrying its
//     unconfirmed answers and one last changed answer, as a browser whose debounced save had not
//     gone out). Every request's latency and status is kept. Requests time out after 30 s; the
//     storm ends by itself after start window + minutes + submit window.
//  5. Verifies: no request failed (non-2xx or network error); no answer lost (for every worker
//     and every position it answered, attempt_answers holds the last response it sent, with its
//     seq; no answer it never sent); every attempt submitted exactly once (one attempt per
//     worker, state submitted, score set, a result of record counting one attempt).
//  6. Measures what the same machine can do at full speed, with the same concurrency C (default:
//     the DB pool size): the app's save route in a closed loop (C requests always in flight, no
//     think time), the app's save code called in-process without HTTP (loadCurrentUser +
//     saveAnswers: the database work of a save), and pgbench running the very upsert save.ts
//     sends (captured from drizzle at run time; random attempt and position, growing seq) with
//     C clients. Reports saves/s against pgbench tps as ratios.
//  7. --find-limit: one server and database, a new quiz per step, more workers each step (shorter
//     storms, --limit-minutes), until p95 save passes --limit-p95 ms, or --limit-budget minutes
//     of storm time, or the last step.
//
// Prints a markdown table and the command that reproduces it; writes everything (all samples'
// summaries, timelines, CPU split) to bench/out/quiz-storm-<time>.json.
import { randomBytes } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { openDb, rowsOf, type Db, type DbHandle } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../scripts/demo";
import { hashPassword } from "../lib/auth/password";
import { loadCurrentUser } from "../lib/auth/accounts";
import { openSession } from "../lib/auth/sessions";
import { createQuestion } from "../lib/quiz/bank";
import type { Principal } from "../lib/auth/permissions";
import { saveAudience } from "../lib/quiz/admin/audience";
import { createQuiz, publishQuiz, setSlots } from "../lib/quiz/quizzes";
import { getAttemptView, saveAnswers, startAttempt as startAttempt_, submitAttempt } from "../lib/quiz/attempts";
import type { Question } from "../lib/quiz/types";
import type { AttemptView } from "../lib/quiz/attempts/view";
import { quizSettings, sampleQuestions } from "../tests/helpers/quiz";
import { CpuMeter, describeSplit, type CpuSplit } from "./lib/cpu";
import { httpClient, type HttpClient, type HttpResult } from "./lib/http";
import { ensureBuild, startNext, webProcesses, type BuildInfo, type NextServer } from "./lib/server";
import { f0, f1, f2, rng, summarise, timeline, triple, type Sample, type Summary } from "./lib/stats";
import { nowMs } from "../lib/core/clock";

// ---------------------------------------------------------------------------------------------
// Options

const { values: opt } = parseArgs({
  options: {
    workers: { type: "string", default: "1000" },
    minutes: { type: "string", default: "5" },
    "start-window": { type: "string", default: "60" },
    "submit-window": { type: "string", default: "60" },
    "think-min": { type: "string", default: "10" },
    "think-max": { type: "string", default: "20" },
    questions: { type: "string", default: "20" },
    pool: { type: "string", default: "8" },
    concurrency: { type: "string" },
    "closed-seconds": { type: "string", default: "30" },
    "lib-seconds": { type: "string", default: "15" },
    "pgbench-seconds": { type: "string", default: "30" },
    "calibration-workers": { type: "string", default: "200" },
    port: { type: "string", default: "3400" },
    "dist-dir": { type: "string", default: ".next-bench" },
    "no-build": { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    "find-limit": { type: "boolean", default: false },
    "limit-steps": { type: "string", default: "1000,1500,2000,3000,4000,5000,6000" },
    "limit-minutes": { type: "string", default: "2" },
    "limit-budget": { type: "string", default: "30" },
    "limit-p95": { type: "string", default: "250" },
    "pool-sweep": { type: "string" },
    "cpu-prof": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    "keep-db": { type: "boolean", default: false },
    "experiment-no-fk-locks": { type: "boolean", default: false },
    "experiment-plan-cache": { type: "string" },
    page: { type: "string", default: "inline" },
    web: { type: "string", default: "0" },
    "kill-web-at": { type: "string" },
    help: { type: "boolean", default: false },
  },
  allowPositionals: false,
});

if (opt.help) {
  console.log(
    [
      "npx tsx bench/quiz-storm.ts [options]",
      "  --workers N (1000) --minutes M (5) --start-window S (60) --submit-window S (60) --think-min S (10) --think-max S (20)",
      "  --questions N (20) --pool DB_POOL_MAX (8) --concurrency C (= pool) --closed-seconds (30) --lib-seconds (15) --pgbench-seconds (30)",
      "  --calibration-workers N (200) --port (3400) --dist-dir (.next-bench) --no-build --rebuild --cpu-prof --seed N --keep-db --experiment-no-fk-locks --experiment-plan-cache auto|force_generic_plan|force_custom_plan",
      "  --web N (0): 0 = one `next start`; N = `npm start` with WEB_CONCURRENCY=N (cluster) and its job worker",
      "  --page inline|html|none (inline): the attempt page around each start, as the app's browser asks for it (see PAGE)",
      "  --kill-web-at S: kill -9 one web process of `npm start` (needs --web) S s into the storm; starts and submits cut by it are sent again (1, 2, 4, 8 s), as the page does",
      "  --find-limit [--limit-steps 1000,1500,...] [--limit-minutes 2] [--limit-budget 30] [--limit-p95 250]",
      "  --pool-sweep 4,8,16     closed-loop start/save/submit throughput per DB_POOL_MAX",
      "  env BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres)",
    ].join("\n"),
  );
  process.exit(0);
}

const num = (k: keyof typeof opt) => {
  const v = Number(opt[k]);
  if (!Number.isFinite(v)) throw new Error(`--${k} must be a number`);
  return v;
};
const WORKERS = num("workers");
const MINUTES = num("minutes");
const START_WINDOW = num("start-window");
const SUBMIT_WINDOW = num("submit-window");
const THINK_MIN = num("think-min");
const THINK_MAX = num("think-max");
const QUESTIONS = num("questions");
const POOL = num("pool");
const CONCURRENCY = opt.concurrency ? num("concurrency") : POOL;
const CLOSED_S = num("closed-seconds");
const LIB_S = num("lib-seconds");
const PGBENCH_S = num("pgbench-seconds");
const CALIBRATION = Math.max(num("calibration-workers"), CONCURRENCY);
const PORT = num("port");
const DIST_DIR = String(opt["dist-dir"]);
const LIMIT_STEPS = String(opt["limit-steps"])
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const LIMIT_MINUTES = num("limit-minutes");
const LIMIT_BUDGET_S = num("limit-budget") * 60;
const LIMIT_P95 = num("limit-p95");
const POOL_SWEEP = opt["pool-sweep"]
  ? String(opt["pool-sweep"])
      .split(",")
      .map(Number)
      .filter((n) => n > 0)
  : null;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * What a browser asks for around a start (--page):
 * - inline (the app since stop 29): the start asks for the attempt's questions in its answer
 *   (`view: true`) and the quiz list shows them; the phone keeps them for a reload without a
 *   connection (lib/quiz/offline-view, the service worker's attempt shell): no page render;
 * - html: the start, then the attempt page's HTML at once (the app before: the start's redirect);
 * - none: the start alone (the figures before stop 29).
 */
const PAGE = String(opt.page);
const WEB = num("web");
const KILL_AT = opt["kill-web-at"] ? num("kill-web-at") : null;
if (KILL_AT !== null && WEB < 1) throw new Error("--kill-web-at needs --web N (npm start's web processes)");
if (!["inline", "html", "none"].includes(PAGE)) throw new Error("--page must be inline, html or none");
const MODE = POOL_SWEEP ? "pool-sweep" : opt["find-limit"] ? "find-limit" : "storm";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "bench", "out");
mkdirSync(OUT, { recursive: true });
const STAMP = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `jr_bench_storm_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(BASE_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const AUTH_SECRET = randomBytes(32).toString("base64url");
const COOKIE = "authjs.session-token";
const CORES = cpus().length;
const rand = rng(num("seed"));
const between = (a: number, b: number) => a + (b - a) * rand();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Phase boundaries on the monotonic clock (µs), the clock V8's CPU profiles use: a server profile can be cut by phase. */
const marks: { name: string; fromUs: number; toUs: number }[] = [];
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
function markStart(name: string): () => void {
  const fromUs = nowUs();
  return () => void marks.push({ name, fromUs, toUs: nowUs() });
}

// ---------------------------------------------------------------------------------------------
// Database set-up

interface Member {
  memberId: number;
  userId: number;
  employeeNo: string;
  name: string;
  cookie: string;
}

async function addMembers(db: Db, prefix: string, n: number, passwordHash: string): Promise<Member[]> {
  // Stations of the demo area, round robin; one account per member with the worker role.
  await db.execute(sql`
    WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_units WHERE kind = 'station'),
    m AS (
      INSERT INTO members (employee_no, name, org_unit_id, specialty, job_id, tech_title, status, hired_on)
      SELECT ${prefix} || lpad(g::text, 6, '0'), '压测员' || ${prefix} || lpad(g::text, 6, '0'), st.ids[1 + g % array_length(st.ids, 1)],
             'oil_production', (SELECT id FROM jobs WHERE code = 'J-OIL'), 'intermediate', 'active', date '2015-03-01'
      FROM generate_series(1, ${n}) g, st
      RETURNING id),
    u AS (INSERT INTO users (member_id, password_hash, must_change_password) SELECT id, ${passwordHash}, false FROM m RETURNING id)
    INSERT INTO user_roles (user_id, role, scope_org_unit_id) SELECT id, 'worker', NULL FROM u`);
  const rows = rowsOf<{ member_id: number; user_id: number; employee_no: string; name: string; sv: number }>(
    await db.execute(sql`SELECT m.id AS member_id, u.id AS user_id, m.employee_no, m.name, u.session_version AS sv
      FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no LIKE ${`${prefix}%`} ORDER BY m.employee_no`),
  );
  const out: Member[] = [];
  for (const r of rows) {
    // What next-auth's session cookie holds after the app's jwt callback ran (lib/auth/session.ts).
    // A server-side session per worker, as signing in opens one (lib/auth/sessions.ts).
    const sid = await openSession(db, Number(r.user_id));
    const jwt = await encode({ token: { sub: String(r.user_id), uid: Number(r.user_id), sid }, secret: AUTH_SECRET, salt: COOKIE, maxAge: 24 * 3600 });
    out.push({ memberId: Number(r.member_id), userId: Number(r.user_id), employeeNo: r.employee_no, name: r.name, cookie: `${COOKIE}=${jwt}` });
  }
  return out;
}

/** The admin as the actor lib/quiz checks (the whole organisation). */
const admin = (userId: number): Principal => ({ userId, memberId: 0, roles: [{ role: "admin", scopePath: null }] });

/** N questions cycling through the sample types (single, multiple, true/false, fill, numeric, essay). */
async function makeQuestions(db: Db, adminUserId: number, n: number): Promise<number[]> {
  const samples = sampleQuestions();
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = samples[i % samples.length]!;
    const q = { ...s, stem: `${s.stem}（压测第${i + 1}题）` } as Question;
    const r = await createQuestion(db, admin(adminUserId), q);
    if (!r.ok) throw new Error(`question rejected: ${JSON.stringify(r.problems ?? r.code)}`);
    ids.push(r.value.questionId);
  }
  return ids;
}

/** A published quiz for the whole demo area; time limit and closing time beyond `runSeconds`. */
async function makeQuiz(db: Db, adminUserId: number, questionIds: number[], runSeconds: number, title: string): Promise<number> {
  const now = nowMs();
  const made = await createQuiz(
    db,
    admin(adminUserId),
    quizSettings({
      title,
      opensAt: new Date(now - 3600_000),
      closesAt: new Date(now + (runSeconds + 7200) * 1000),
      timeLimitS: Math.min(24 * 3600, Math.max(3600, Math.ceil(runSeconds) + 1800)),
      attemptsAllowed: 1,
      shuffleQuestions: true,
      shuffleOptions: true,
    }),
  );
  if (!made.ok) throw new Error(made.code);
  const id = made.value.id;
  const slots = await setSlots(
    db,
    admin(adminUserId),
    id,
    questionIds.map((questionId) => ({ kind: "fixed" as const, questionId, points: null })),
  );
  if (!slots.ok) throw new Error(slots.code);
  const [area] = rowsOf<{ id: number }>(await db.execute(sql`SELECT id FROM org_units WHERE code = 'HJ'`));
  if (!area) throw new Error("the demo organisation has no unit HJ");
  await saveAudience(db, admin(adminUserId), id, { orgUnitIds: [Number(area.id)], jobIds: [] });
  const pub = await publishQuiz(db, admin(adminUserId), id);
  if (!pub.ok) throw new Error(pub.code);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Simulated workers

interface Q {
  position: number;
  type: string;
  optionIds: string[];
  blanks: number;
}
interface Answer {
  position: number;
  response: unknown;
  seq: number;
}
interface Worker extends Member {
  attemptId: number;
  questions: Q[];
  seq: number;
  /** The last response sent for each position (any request, confirmed or not). */
  sent: Map<number, Answer>;
  unconfirmed: Map<number, Answer>;
  submitted: boolean;
  /** Bytes of the attempt page's HTML (0 with --no-page). */
  pageBytes: number;
}

const worker = (m: Member): Worker => ({ ...m, attemptId: 0, questions: [], seq: 0, sent: new Map(), unconfirmed: new Map(), submitted: false, pageBytes: 0 });

const FILL = ["百分比", "%", "含水率", "百分数", "％"];
const ESSAY = "检查气源压力是否稳定、密封件有无泄漏、定位器反馈是否准确，并做好记录。";

function response(q: Q, seq: number): unknown {
  switch (q.type) {
    case "single":
      return { type: "single", optionId: q.optionIds[Math.floor(rand() * q.optionIds.length)] };
    case "multiple": {
      const ids = q.optionIds.filter(() => rand() < 0.5);
      return { type: "multiple", optionIds: ids.length ? ids : [q.optionIds[0]] };
    }
    case "truefalse":
      return { type: "truefalse", value: rand() < 0.5 };
    case "fill":
      return { type: "fill", blanks: Array.from({ length: q.blanks }, () => FILL[Math.floor(rand() * FILL.length)]) };
    case "numeric":
      return { type: "numeric", value: between(1, 2).toFixed(2) };
    case "essay":
      return { type: "essay", text: `${ESSAY.repeat(1 + Math.floor(rand() * 4))}（第${seq}稿）` };
    default:
      throw new Error(`unknown type ${q.type}`);
  }
}

/** A worker changes one answer: a new seq, remembered as sent and not yet confirmed. */
function change(w: Worker): Answer {
  const q = w.questions[Math.floor(rand() * w.questions.length)]!;
  const seq = ++w.seq;
  const a = { position: q.position, response: response(q, seq), seq };
  w.sent.set(a.position, a);
  w.unconfirmed.set(a.position, a);
  return a;
}

function confirm(w: Worker, answers: Answer[]): void {
  for (const a of answers) if (w.unconfirmed.get(a.position)?.seq === a.seq) w.unconfirmed.delete(a.position);
}

interface Recorder {
  t0: number;
  start: Sample[];
  /** The attempt page (HTML) a browser loads right after its start. */
  page: Sample[];
  startToPage: Sample[];
  save: Sample[];
  submit: Sample[];
  failures: { kind: string; status: number; error?: string; body: string }[];
  /** --kill-web-at: requests the kill cut (no answer: the connection reset or refused), sent again by the phone. */
  cut: { kind: string; t: number; error?: string }[];
}
const recorder = (): Recorder => ({ t0: performance.now(), start: [], page: [], startToPage: [], save: [], submit: [], failures: [], cut: [] });

/**
 * A request as the attempt page sends it when a web process may be killed (--kill-web-at): no
 * answer at all (reset, refused) is not a failure yet; it is counted as cut and sent again after
 * 1, 2, 4, 8 s. Without --kill-web-at every request is sent once.
 */
async function resend(r: Recorder, kind: "start" | "save" | "submit", send: () => Promise<HttpResult>): Promise<HttpResult> {
  for (let i = 0; ; i++) {
    const res = await send();
    if (KILL_AT === null || res.status !== 0 || i >= 4) return res;
    r.cut.push({ kind, t: performance.now() - r.t0, error: res.error });
    if (kind === "save") return { ...res, status: -1 }; // the next save carries it, as the page does
    await sleep(1000 * 2 ** i);
  }
}

function record(r: Recorder, kind: "start" | "page" | "save" | "submit", res: HttpResult): boolean {
  if (res.status === -1) return false; // cut by --kill-web-at and counted there
  const ok = res.status >= 200 && res.status <= 299;
  r[kind].push({ t: performance.now() - r.t0 - res.ms, ms: res.ms, status: res.status });
  if (!ok && r.failures.length < 50) r.failures.push({ kind, status: res.status, error: res.error, body: res.body.slice(0, 300) });
  return ok;
}

let benchDb: DbHandle;

async function loadPage(http: HttpClient, r: Recorder, w: Worker): Promise<HttpResult> {
  const page = await http.request("GET", `/attempts/${w.attemptId}`, { cookie: w.cookie, timeoutMs: REQUEST_TIMEOUT_MS, accept: "text/html" });
  if (record(r, "page", page)) w.pageBytes = page.body.length;
  return page;
}

/**
 * A worker's start, and the attempt page as its browser asks for it (--page).
 */
async function startAttempt(http: HttpClient, r: Recorder, w: Worker, quizId: number): Promise<boolean> {
  const inline = PAGE === "inline";
  const res = await resend(r, "start", () =>
    http.request("POST", `/api/quizzes/${quizId}/start`, {
      body: inline ? { view: true } : {},
      cookie: w.cookie,
      timeoutMs: REQUEST_TIMEOUT_MS,
    }),
  );
  if (!record(r, "start", res)) return false;
  const body = JSON.parse(res.body) as { attemptId: number; resumed: boolean; view?: AttemptView };
  w.attemptId = body.attemptId;
  if (PAGE === "html") {
    const page = await loadPage(http, r, w);
    const ok = page.status >= 200 && page.status <= 299;
    r.startToPage.push({ t: performance.now() - r.t0 - res.ms - page.ms, ms: res.ms + page.ms, status: ok ? page.status : 0 });
    if (!ok) return false;
  }
  // The questions: from the start's answer (inline), else straight from the database (the page is HTML).
  let view = body.view;
  if (!view) {
    const read = await getAttemptView(benchDb.db, w.attemptId, w.memberId);
    if (!read.ok) throw new Error(`getAttemptView(${w.attemptId}): ${read.code}`);
    view = read.value;
  }
  if (inline && !body.view) throw new Error("the start did not answer with the attempt's questions (view: true)");
  w.questions = view.questions.map(({ position, question: q }) => ({
    position,
    type: q.type,
    optionIds: "options" in q ? q.options.map((o) => o.id) : [],
    blanks: q.type === "fill" ? q.blanks : 0,
  }));
  return true;
}

async function saveOne(http: HttpClient, r: Recorder, w: Worker): Promise<boolean> {
  change(w);
  const answers = [...w.unconfirmed.values()];
  const res = await resend(r, "save", () =>
    http.request("POST", `/api/attempts/${w.attemptId}/answers`, { body: { answers }, cookie: w.cookie, timeoutMs: REQUEST_TIMEOUT_MS }),
  );
  const ok = record(r, "save", res);
  if (ok) confirm(w, answers);
  return ok;
}

async function submitOne(http: HttpClient, r: Recorder, w: Worker): Promise<boolean> {
  change(w); // the last answer, whose debounced save had not gone out yet
  const answers = [...w.unconfirmed.values()];
  const res = await resend(r, "submit", () =>
    http.request("POST", `/api/attempts/${w.attemptId}/submit`, { body: { answers }, cookie: w.cookie, timeoutMs: REQUEST_TIMEOUT_MS }),
  );
  const ok = record(r, "submit", res);
  if (ok) {
    confirm(w, answers);
    const state = (JSON.parse(res.body) as { state?: string }).state;
    w.submitted = state === "submitted";
    if (!w.submitted && r.failures.length < 50) r.failures.push({ kind: "submit", status: res.status, body: `state ${state}` });
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------
// The storm

interface StormResult {
  workers: number;
  minutes: number;
  start: Summary;
  page: Summary;
  /** From pressing start to the attempt page's last byte (start + page), per worker. */
  startToPage: Summary;
  save: Summary;
  submit: Summary;
  saveSteady: Summary;
  saveDuringStarts: Summary;
  savesPerSecond: number;
  peakSavesPerSecond: number;
  durationS: number;
  timeline: {
    start: ReturnType<typeof timeline>;
    save: ReturnType<typeof timeline>;
    submit: ReturnType<typeof timeline>;
    saveMinutes: ReturnType<typeof timeline>;
  };
  failures: Recorder["failures"];
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpu: CpuSplit;
  /** A request that needs no database (the save route refusing a call without a session), once a second. */
  probe: Summary;
  /** The server's connections to the bench database, sampled once a second. */
  pgActivity: { active: number; idleInTransaction: number; idle: number; waitingOnLock: number; samples: number };
  /** --kill-web-at: which process, when, and when `npm start` had all its web processes again. */
  kill: { atS: number; pid: number; webBefore: number; backAfterMs: number | null } | null;
  cut: Recorder["cut"];
}

async function storm(http: HttpClient, server: NextServer, ws: Worker[], quizId: number, minutes: number): Promise<StormResult> {
  const r = recorder();
  const saveEnd = (START_WINDOW + minutes * 60) * 1000;
  const end = saveEnd + SUBMIT_WINDOW * 1000;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const meter = new CpuMeter(server.pid, DB_NAME, CORES);
  const mark = markStart(`storm ${ws.length}`);
  console.log(
    `storm: ${ws.length} workers, starts over ${START_WINDOW} s, a save every ${THINK_MIN}–${THINK_MAX} s for ${minutes} min, submits over ${SUBMIT_WINDOW} s (≈ ${(end / 1000 / 60).toFixed(1)} min)`,
  );
  const progress = setInterval(() => {
    const t = (performance.now() - r.t0) / 1000;
    const last = r.save.filter((s) => s.t > (t - 30) * 1000);
    console.log(
      `  t=${t.toFixed(0)}s starts ${r.start.length} saves ${r.save.length} (last 30 s: ${last.length}, p95 ${f1(summarise(last).p95)} ms) submits ${r.submit.length} failures ${r.failures.length}`,
    );
  }, 30_000);
  // The server's own queueing, without the database: one unauthenticated request a second.
  const probe: Sample[] = [];
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      const res = await http.request("POST", "/api/attempts/1/answers", { body: { answers: [] }, timeoutMs: REQUEST_TIMEOUT_MS });
      probe.push({ t: performance.now() - r.t0, ms: res.ms, status: res.status === 401 ? 200 : res.status });
      await sleep(1000);
    }
  })();
  // What the server's connections are doing: running a statement, or holding a transaction open
  // while the server (its event loop) has not yet sent the next statement.
  const act = { active: 0, idleInTransaction: 0, idle: 0, waitingOnLock: 0, samples: 0 };
  const watcher = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const actTimer = setInterval(() => {
    watcher<{ state: string | null; lock: boolean }[]>`
      SELECT state, wait_event_type = 'Lock' AS lock FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name NOT LIKE 'pgbench%' AND backend_type = 'client backend'`
      .then((rows) => {
        act.samples++;
        for (const x of rows) {
          if (x.state === "active") act.active++;
          else if (x.state?.startsWith("idle in transaction")) act.idleInTransaction++;
          else if (x.state === "idle") act.idle++;
          if (x.lock) act.waitingOnLock++;
        }
      })
      .catch(() => {});
  }, 1000);
  let kill: StormResult["kill"] = null;
  const killTimer =
    KILL_AT === null
      ? null
      : setTimeout(async () => {
          const web = webProcesses(server.pid);
          const pid = web[0];
          if (pid === undefined) return console.log("  kill: no web process found");
          process.kill(pid, "SIGKILL");
          const at = performance.now();
          kill = { atS: (at - r.t0) / 1000, pid, webBefore: web.length, backAfterMs: null };
          console.log(`  t=${kill.atS.toFixed(0)}s kill -9 web process ${pid} (of ${web.length})`);
          for (let i = 0; i < 600; i++) {
            await sleep(100);
            const now = webProcesses(server.pid);
            if (now.length >= web.length && !now.includes(pid)) {
              kill.backAfterMs = performance.now() - at;
              console.log(`  ${web.length} web processes again ${f0(kill.backAfterMs)} ms after the kill`);
              break;
            }
          }
        }, KILL_AT * 1000);
  const one = async (w: Worker) => {
    await sleep(between(0, START_WINDOW * 1000));
    if (!(await startAttempt(http, r, w, quizId))) return;
    for (;;) {
      const next = performance.now() - r.t0 + between(THINK_MIN, THINK_MAX) * 1000;
      if (next >= saveEnd) break;
      await sleep(next - (performance.now() - r.t0));
      await saveOne(http, r, w);
    }
    await sleep(saveEnd + between(0, SUBMIT_WINDOW * 1000) - (performance.now() - r.t0));
    await submitOne(http, r, w);
  };
  await Promise.all(ws.map(one));
  if (killTimer) clearTimeout(killTimer);
  probing = false;
  clearInterval(actTimer);
  await probeLoop;
  await watcher.end();
  clearInterval(progress);
  loop.disable();
  const cpu = meter.stop();
  mark();
  const durationS = (performance.now() - r.t0) / 1000;
  const okSaves = r.save.filter((s) => s.status >= 200 && s.status <= 299);
  const per10 = timeline(okSaves, 10_000);
  return {
    workers: ws.length,
    minutes,
    start: summarise(r.start),
    page: summarise(r.page),
    startToPage: summarise(r.startToPage),
    save: summarise(r.save),
    submit: summarise(r.submit),
    saveDuringStarts: summarise(r.save.filter((s) => s.t < START_WINDOW * 1000)),
    saveSteady: summarise(r.save.filter((s) => s.t >= START_WINDOW * 1000)),
    // Saves happen between the first start and the end of the save period.
    savesPerSecond: okSaves.length / (saveEnd / 1000),
    peakSavesPerSecond: Math.max(0, ...per10.map((b) => b.n / 10)),
    durationS,
    timeline: { start: timeline(r.start, 10_000), save: timeline(r.save, 10_000), submit: timeline(r.submit, 10_000), saveMinutes: timeline(r.save, 60_000) },
    failures: r.failures,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    cpu,
    probe: summarise(probe),
    pgActivity: act,
    kill,
    cut: r.cut,
  };
}

// ---------------------------------------------------------------------------------------------
// Closed loops: C requests always in flight, no think time

/** Lane i owns workers i, i+C, i+2C…: a worker never has two requests in flight, so its seqs stay ordered. */
async function lanes<T>(items: T[], c: number, fn: (item: T, lane: number) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: Math.min(c, items.length) }, async (_, lane) => {
      for (let i = lane; i < items.length; i += c) await fn(items[i]!, lane);
    }),
  );
}

interface Closed {
  summary: Summary;
  perSecond: number;
  seconds: number;
  cpu: CpuSplit;
}

/** MultiXact SLRU pages zeroed since the server started: shared row locks taken by several transactions at once. */
async function multixactPages(): Promise<number> {
  const a = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [r] = await a`SELECT coalesce(sum(blks_zeroed), 0)::int AS n FROM pg_stat_slru WHERE name LIKE 'Multi%'`;
    return Number(r?.n ?? 0);
  } finally {
    await a.end();
  }
}

/** next-server CPU (all its threads) per request: a figure other engineers' load on the machine hardly moves. */
const cpuPerRequestMs = (c: Closed) => (1000 * c.cpu.server) / Math.max(1, c.summary.n);

async function closedStarts(http: HttpClient, server: NextServer, ws: Worker[], quizId: number, c: number): Promise<Closed> {
  const r = recorder();
  const meter = new CpuMeter(server.pid, DB_NAME, CORES);
  const mark = markStart("closed starts");
  await lanes(ws, c, async (w) => void (await startAttempt(http, r, w, quizId)));
  mark();
  const seconds = (performance.now() - r.t0) / 1000;
  return { summary: summarise(r.start), perSecond: r.start.length / seconds, seconds, cpu: meter.stop() };
}

/** The attempt page alone (a reload of a started attempt), each worker once. */
async function closedPages(http: HttpClient, server: NextServer, ws: Worker[], c: number): Promise<Closed> {
  const r = recorder();
  const meter = new CpuMeter(server.pid, DB_NAME, CORES);
  const mark = markStart("closed pages");
  await lanes(ws, c, async (w) => {
    const res = await http.request("GET", `/attempts/${w.attemptId}`, { cookie: w.cookie, timeoutMs: REQUEST_TIMEOUT_MS, accept: "text/html" });
    record(r, "page", res);
  });
  mark();
  const seconds = (performance.now() - r.t0) / 1000;
  return { summary: summarise(r.page), perSecond: r.page.length / seconds, seconds, cpu: meter.stop() };
}

async function closedSaves(
  http: HttpClient,
  server: NextServer,
  ws: Worker[],
  c: number,
  seconds: number,
): Promise<Closed & { failures: Recorder["failures"] }> {
  const r = recorder();
  const until = r.t0 + seconds * 1000;
  const meter = new CpuMeter(server.pid, DB_NAME, CORES);
  const mark = markStart("closed saves");
  await Promise.all(
    Array.from({ length: c }, async (_, lane) => {
      const mine = ws.filter((_, i) => i % c === lane);
      for (let k = 0; performance.now() < until; k++) await saveOne(http, r, mine[k % mine.length]!);
    }),
  );
  mark();
  const s = (performance.now() - r.t0) / 1000;
  const ok = r.save.filter((x) => x.status >= 200 && x.status <= 299).length;
  return { summary: summarise(r.save), perSecond: ok / s, seconds: s, cpu: meter.stop(), failures: r.failures };
}

async function closedSubmits(http: HttpClient, server: NextServer, ws: Worker[], c: number): Promise<Closed> {
  const r = recorder();
  const meter = new CpuMeter(server.pid, DB_NAME, CORES);
  const mark = markStart("closed submits");
  await lanes(ws, c, async (w) => void (await submitOne(http, r, w)));
  mark();
  const seconds = (performance.now() - r.t0) / 1000;
  return { summary: summarise(r.submit), perSecond: r.submit.length / seconds, seconds, cpu: meter.stop() };
}

/** Next's floor: the save route refusing a request without a session (routing, no session cookie, a JSON 401). */
async function closedBaseline(http: HttpClient, server: NextServer, c: number, seconds: number): Promise<Closed> {
  const r = recorder();
  const until = r.t0 + seconds * 1000;
  const meter = new CpuMeter(server.pid, DB_NAME, CORES);
  const mark = markStart("closed 401 baseline");
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (performance.now() < until) {
        const res = await http.request("POST", "/api/attempts/1/answers", { body: { answers: [] }, timeoutMs: REQUEST_TIMEOUT_MS });
        r.save.push({ t: 0, ms: res.ms, status: res.status === 401 ? 200 : res.status });
      }
    }),
  );
  mark();
  const s = (performance.now() - r.t0) / 1000;
  return { summary: summarise(r.save), perSecond: r.save.length / s, seconds: s, cpu: meter.stop() };
}

/** The database work of a save route without Next, HTTP or the JWT: loadCurrentUser + saveAnswers, in-process. */
async function libSaves(ws: Worker[], c: number, seconds: number): Promise<{ summary: Summary; perSecond: number }> {
  const h = await openDb({ url: dbUrl, max: POOL });
  const mark = markStart("in-process saves");
  const samples: Sample[] = [];
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: c }, async (_, lane) => {
        const mine = ws.filter((_, i) => i % c === lane);
        for (let k = 0; performance.now() < until; k++) {
          const w = mine[k % mine.length]!;
          change(w);
          const answers = [...w.unconfirmed.values()];
          const t = performance.now();
          const user = await loadCurrentUser(h.db, w.userId);
          const out = user ? await saveAnswers(h.db, { attemptId: w.attemptId, memberId: user.memberId, answers }) : null;
          samples.push({ t: t - t0, ms: performance.now() - t, status: out?.ok ? 200 : 500 });
          if (out?.ok) confirm(w, answers);
        }
      }),
    );
  } finally {
    mark();
    await h.close();
  }
  const s = (performance.now() - t0) / 1000;
  return { summary: summarise(samples), perSecond: samples.filter((x) => x.status === 200).length / s };
}

// ---------------------------------------------------------------------------------------------
// pgbench with the upsert save.ts sends

/** The upsert exactly as drizzle sends it for a save, with its parameters (captured, not copied). */
async function captureSaveStatement(w: Worker): Promise<{ text: string; params: unknown[] }> {
  const seen: { query: string; params: unknown[] }[] = [];
  const h = await openDb({ url: dbUrl, max: 1, logger: { logQuery: (query, params) => seen.push({ query, params }) } });
  try {
    change(w);
    const answers = [...w.unconfirmed.values()];
    const out = await saveAnswers(h.db, { attemptId: w.attemptId, memberId: w.memberId, answers });
    if (!out.ok) throw new Error(`capture save failed: ${out.code}`);
    confirm(w, answers);
  } finally {
    await h.close();
  }
  const upsert = seen.find((s) => /INSERT INTO attempt_answers/i.test(s.query));
  if (!upsert) throw new Error("the save's upsert was not seen");
  return { text: upsert.query, params: upsert.params };
}

function pgbenchScript(stmt: { text: string; params: unknown[] }, attemptId: number): string {
  // Each parameter becomes what pgbench varies: the attempt, the moment, the answer (random position, growing seq).
  const answer = `jsonb_build_array(jsonb_build_object('position', :p::int, 'response', jsonb_build_object('type', 'truefalse', 'value', true), 'flagged', false, 'seq', :seq::int))::text`;
  const text = stmt.text
    .replace(/--[^\n]*/g, "") // the statement's SQL comments, which would swallow the rest once it is one line
    .replace(/\$(\d+)/g, (_, i: string) => {
      const v = stmt.params[Number(i) - 1];
      if (v === attemptId || v === String(attemptId)) return ":a";
      if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) return "now()";
      if (typeof v === "string" && v.startsWith("[")) return answer;
      throw new Error(`unexpected parameter $${i} = ${JSON.stringify(v)}`);
    })
    .replace(/\s+/g, " ")
    .trim();
  return ["\\set a random(:amin, :amax)", "\\set p random(1, :npos)", "\\set s :s + 1", "\\set seq 1000000 + :s * 1000 + :client_id", `${text};`, ""].join(
    "\n",
  );
}

interface PgbenchResult {
  tps: number;
  latencyMs: number;
  failed: number;
  clients: number;
  seconds: number;
  script: string;
  cpu: CpuSplit;
}

async function pgbench(script: string, attemptIds: number[], clients: number, seconds: number, serverPid: number): Promise<PgbenchResult> {
  const file = path.join(OUT, `quiz-storm-pgbench-${process.pid}.sql`);
  writeFileSync(file, script);
  const u = new URL(dbUrl);
  const args = [
    "-h",
    u.hostname,
    "-p",
    u.port || "5432",
    "-U",
    decodeURIComponent(u.username || "postgres"),
    "-n",
    "-M",
    "prepared",
    "-c",
    String(clients),
    "-j",
    String(Math.min(clients, CORES)),
    "-T",
    String(seconds),
    "-D",
    "s=0",
    "-D",
    `amin=${Math.min(...attemptIds)}`,
    "-D",
    `amax=${Math.max(...attemptIds)}`,
    "-D",
    `npos=${QUESTIONS}`,
    "-f",
    file,
    DB_NAME,
  ];
  const meter = new CpuMeter(serverPid, DB_NAME, CORES);
  const mark = markStart("pgbench");
  const child = spawn("/usr/bin/pgbench", args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password || "") || process.env.PGPASSWORD || "" } });
  meter.extraPid = child.pid ?? null;
  let outText = "";
  child.stdout.on("data", (d) => (outText += d));
  child.stderr.on("data", (d) => (outText += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  mark();
  rmSync(file, { force: true });
  const cpu = meter.stop();
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(outText)?.[1]);
  if (code !== 0 || !Number.isFinite(tps)) throw new Error(`pgbench failed:\n${outText}\nscript:\n${script}`);
  return {
    tps,
    latencyMs: Number(/latency average = ([\d.]+) ms/.exec(outText)?.[1]),
    failed: Number(/number of failed transactions: (\d+)/.exec(outText)?.[1] ?? 0),
    clients,
    seconds,
    script,
    cpu,
  };
}

// ---------------------------------------------------------------------------------------------
// What each operation sends to PostgreSQL, and how long PostgreSQL takes for it

interface OpStatements {
  op: string;
  statements: number;
  planningMs: number;
  executionMs: number;
  slowest: { ms: number; sql: string; plan: string }[];
}

class Rollback extends Error {}

/**
 * Runs an operation inside a transaction that is rolled back, capturing the SQL drizzle sends;
 * then replays those statements in order with EXPLAIN (ANALYZE) inside another rolled-back
 * transaction: the same state, so the same path. Nothing is left changed.
 */
async function explainOp(op: string, run: (db: Db) => Promise<unknown>): Promise<OpStatements> {
  const seen: { query: string; params: unknown[] }[] = [];
  const h = await openDb({ url: dbUrl, max: 1, logger: { logQuery: (query, params) => seen.push({ query, params }) } });
  try {
    await h.db.transaction(async (tx) => {
      await run(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  } finally {
    await h.close();
  }
  // json/jsonb parameters go as drizzle sends them: already serialised.
  const same = (x: unknown) => x;
  const raw = postgres(dbUrl, {
    max: 1,
    onnotice: () => {},
    types: { json: { to: 114, from: [114], serialize: same, parse: same }, jsonb: { to: 3802, from: [3802], serialize: same, parse: same } } as never,
  });
  const out: OpStatements = { op, statements: seen.length, planningMs: 0, executionMs: 0, slowest: [] };
  try {
    // Twice: the first pass warms the new connection's catalog caches; the second is kept.
    for (let pass = 0; pass < 2; pass++) {
      if (pass === 1) Object.assign(out, { planningMs: 0, executionMs: 0, slowest: [] });
      await raw
        .begin(async (tx) => {
          // Sequences do not roll back: put the attempts sequence where the captured run found it, so
          // the replayed INSERT gets the id the following captured statements refer to.
          const aq = seen.find((s) => /insert into "attempt_questions"/i.test(s.query));
          if (aq) await tx.unsafe(`SELECT setval('attempts_id_seq', $1::int - 1)`, [aq.params[0] as number]);
          for (const s of seen) {
            const [row] = await tx.unsafe(`EXPLAIN (ANALYZE, FORMAT JSON) ${s.query}`, s.params as never[]);
            const cell = (row as Record<string, unknown>)["QUERY PLAN"];
            const plan = (typeof cell === "string" ? JSON.parse(cell) : cell) as {
              Plan: Record<string, unknown>;
              "Planning Time": number;
              "Execution Time": number;
            }[];
            const p = plan[0];
            if (!p) continue;
            out.planningMs += p["Planning Time"];
            out.executionMs += p["Execution Time"];
            const node = (n: Record<string, unknown>): string =>
              `${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : n["Relation Name"] ? ` on ${n["Relation Name"]}` : ""}`;
            const kids = ((p.Plan.Plans as Record<string, unknown>[] | undefined) ?? []).map(node);
            out.slowest.push({
              ms: p["Planning Time"] + p["Execution Time"],
              sql: s.query.replace(/\s+/g, " ").slice(0, 140),
              plan: [node(p.Plan), ...kids].join(" ← "),
            });
          }
          throw new Rollback();
        })
        .catch((e) => {
          if (!(e instanceof Rollback)) throw e;
        });
    }
  } finally {
    await raw.end();
  }
  out.slowest.sort((a, b) => b.ms - a.ms);
  out.slowest = out.slowest.slice(0, 4);
  return out;
}

async function explainAll(quizId: number, fresh: Worker, started: Worker): Promise<OpStatements[]> {
  const auth = (db: Db, w: Worker) => loadCurrentUser(db, w.userId);
  const q = started.questions.find((x) => x.type === "truefalse") ?? started.questions[0];
  if (!q) throw new Error("the attempt has no questions");
  const answer = () => [{ position: q.position, response: response(q, 2_000_000_001), seq: 2_000_000_001 }];
  return [
    await explainOp("start (session user + startAttempt)", async (db) => {
      await auth(db, fresh);
      return startAttempt_(db, { quizId, memberId: fresh.memberId });
    }),
    await explainOp("save (session user + saveAnswers; incl. the 2 fact reads a warm server caches)", async (db) => {
      await auth(db, started);
      return saveAnswers(db, { attemptId: started.attemptId, memberId: started.memberId, answers: answer() });
    }),
    await explainOp("submit (session user + submitAttempt with 1 answer)", async (db) => {
      await auth(db, started);
      return submitAttempt(db, { attemptId: started.attemptId, memberId: started.memberId, answers: answer() });
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Verification against the database

interface Verdict {
  workers: number;
  positionsChecked: number;
  lost: number;
  phantom: number;
  lostExamples: string[];
  attemptsOk: number;
  attemptsBad: string[];
}

const canon = (v: unknown): string =>
  JSON.stringify(v, (_, x) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

async function verify(ws: Worker[], quizId: number | null): Promise<Verdict> {
  const raw = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const started = ws.filter((w) => w.attemptId > 0);
    const rows = await raw<{ attempt_id: number; position: number; response: unknown; seq: number }[]>`
      SELECT attempt_id, position, response, seq FROM attempt_answers WHERE attempt_id = ANY(${started.map((w) => w.attemptId)}::int[]) AND seq > 0`;
    const byAttempt = new Map<number, Map<number, { response: unknown; seq: number }>>();
    for (const r of rows) {
      let m = byAttempt.get(r.attempt_id);
      if (!m) {
        m = new Map();
        byAttempt.set(r.attempt_id, m);
      }
      m.set(r.position, { response: r.response, seq: r.seq });
    }
    let checked = 0;
    let lost = 0;
    let phantom = 0;
    const lostExamples: string[] = [];
    for (const w of started) {
      const held = byAttempt.get(w.attemptId) ?? new Map();
      for (const [pos, a] of w.sent) {
        checked++;
        const h = held.get(pos);
        if (!h || h.seq !== a.seq || canon(h.response) !== canon(a.response)) {
          lost++;
          if (lostExamples.length < 10)
            lostExamples.push(
              `attempt ${w.attemptId} position ${pos}: sent seq ${a.seq} ${canon(a.response).slice(0, 80)}, db ${h ? `seq ${h.seq} ${canon(h.response).slice(0, 80)}` : "nothing"}`,
            );
        }
      }
      for (const pos of held.keys()) if (!w.sent.has(pos)) phantom++;
    }
    let attemptsOk = 0;
    const attemptsBad: string[] = [];
    if (quizId !== null) {
      const atts = await raw<{ member_id: number; n: number; submitted: number; scored: number; counted: number | null }[]>`
        SELECT a.member_id, count(*)::int AS n, count(*) FILTER (WHERE a.state = 'submitted' AND a.submitted_at IS NOT NULL)::int AS submitted,
               count(*) FILTER (WHERE a.score IS NOT NULL)::int AS scored, max(r.attempts_counted) AS counted
        FROM attempts a LEFT JOIN quiz_results r ON r.quiz_id = a.quiz_id AND r.member_id = a.member_id
        WHERE a.quiz_id = ${quizId} AND NOT a.preview GROUP BY a.member_id`;
      const byMember = new Map(atts.map((a) => [a.member_id, a]));
      for (const w of ws) {
        const a = byMember.get(w.memberId);
        if (a && a.n === 1 && a.submitted === 1 && a.scored === 1 && a.counted === 1 && w.submitted) attemptsOk++;
        else if (attemptsBad.length < 10)
          attemptsBad.push(`member ${w.memberId}: ${a ? JSON.stringify(a) : "no attempt"}, client saw submitted=${w.submitted}`);
        else attemptsBad.push("…");
      }
    }
    return { workers: ws.length, positionsChecked: checked, lost, phantom, lostExamples, attemptsOk, attemptsBad };
  } finally {
    await raw.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Session check

async function checkSession(http: HttpClient, w: Worker): Promise<void> {
  const page = await http.request("GET", "/", { cookie: w.cookie });
  if (page.status !== 200 || !page.body.includes(w.name)) throw new Error(`minted session refused: GET / → ${page.status} ${page.body.slice(0, 200)}`);
  const anon = await http.request("GET", "/");
  if (anon.status === 200) throw new Error("GET / without a session answered 200: the check proves nothing");
  const api = await http.request("POST", "/api/attempts/1/answers", { body: { answers: [] } });
  if (api.status !== 401) throw new Error(`the save API without a session answered ${api.status}, not 401`);
  console.log(`session cookie accepted: GET / → 200 with "${w.name}"; without it → ${anon.status} ${anon.headers?.location ?? ""}; save API without it → 401`);
}

// ---------------------------------------------------------------------------------------------
// Main

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        console.error("cleanup:", e);
      }
    }
  })();
  return cleaning;
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}

function gitInfo(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "app", "lib", "db"], { cwd: ROOT, encoding: "utf8" })
    .stdout.trim()
    .split("\n")
    .filter(Boolean).length;
  return `${head}${dirty ? ` + ${dirty} uncommitted paths in app/ lib/ db/` : ""}`;
}

function uptime(): string {
  return spawnSync("uptime", { encoding: "utf8" }).stdout.trim();
}

function effectiveCommand(): string {
  const parts = ["npx tsx bench/quiz-storm.ts"];
  if (MODE === "pool-sweep")
    parts.push(`--pool-sweep ${POOL_SWEEP!.join(",")} --concurrency ${CONCURRENCY} --calibration-workers ${CALIBRATION} --closed-seconds ${CLOSED_S}`);
  else if (MODE === "find-limit")
    parts.push(
      `--find-limit --limit-steps ${LIMIT_STEPS.join(",")} --limit-minutes ${LIMIT_MINUTES} --limit-budget ${LIMIT_BUDGET_S / 60} --limit-p95 ${LIMIT_P95} --pool ${POOL} --start-window ${START_WINDOW} --submit-window ${SUBMIT_WINDOW} --think-min ${THINK_MIN} --think-max ${THINK_MAX}`,
    );
  else
    parts.push(
      `--workers ${WORKERS} --minutes ${MINUTES} --pool ${POOL} --concurrency ${CONCURRENCY} --start-window ${START_WINDOW} --submit-window ${SUBMIT_WINDOW} --think-min ${THINK_MIN} --think-max ${THINK_MAX} --questions ${QUESTIONS} --closed-seconds ${CLOSED_S} --pgbench-seconds ${PGBENCH_S}`,
    );
  if (WEB) parts.push(`--web ${WEB}`);
  if (PAGE !== "inline") parts.push(`--page ${PAGE}`);
  if (KILL_AT !== null) parts.push(`--kill-web-at ${KILL_AT}`);
  parts.push(`--seed ${opt.seed}`);
  const env = process.env.BENCH_DATABASE_URL ? `BENCH_DATABASE_URL=${process.env.BENCH_DATABASE_URL.replace(/:[^:@/]+@/, ":***@")} ` : "";
  return env + parts.join(" ");
}

const check = (ok: boolean) => (ok ? "✅" : "❌");

async function main() {
  const began = Date.now();
  const report: Record<string, unknown> = {
    mode: MODE,
    command: effectiveCommand(),
    argv: process.argv.slice(2),
    git: gitInfo(),
    uptimeBefore: uptime(),
    cores: CORES,
    pool: POOL,
    concurrency: CONCURRENCY,
  };
  console.log(`quiz storm (${MODE}); ${report.uptimeBefore}`);

  // 1. Database
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
  cleanups.push(async () => {
    if (opt["keep-db"]) return void console.log(`kept database ${DB_NAME}`);
    await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
    console.log(`dropped database ${DB_NAME}`);
  });
  benchDb = await openDb({ url: dbUrl, max: 4 });
  cleanups.push(() => benchDb.close());
  await runMigrations(benchDb);
  await seedDemo(benchDb.db);
  const [adm] = rowsOf<{ id: number }>(
    await benchDb.db.execute(sql`SELECT u.id FROM users u JOIN members m ON m.id = u.member_id WHERE m.employee_no = '900001'`),
  );
  if (!adm) throw new Error("the demo has no admin 900001");
  const adminUserId = Number(adm.id);
  const hash = await hashPassword("Bench@2026x");
  const stormN = MODE === "find-limit" ? Math.max(...LIMIT_STEPS) : MODE === "storm" ? WORKERS : 0;
  const t = Date.now();
  const members = stormN ? await addMembers(benchDb.db, "W", stormN, hash) : [];
  const calibration = await addMembers(benchDb.db, "C", CALIBRATION, hash);
  const [firstCalibration] = calibration;
  const spare = calibration.at(-1); // never starts: the EXPLAIN of a start uses it
  if (!firstCalibration || !spare || calibration.length < 3) throw new Error("calibration needs at least 3 workers");
  const questionIds = await makeQuestions(benchDb.db, adminUserId, QUESTIONS);
  // VACUUM too: the inserts above would otherwise wake autovacuum inside a measured phase, and its
  // CPU counts as the database's (its process title names the database).
  if (opt["experiment-no-fk-locks"]) {
    // An experiment, never a configuration: without the foreign keys from an attempt to its quiz and
    // from its questions to their versions, a start takes no shared lock on rows every start shares.
    await benchDb.db.execute(sql`ALTER TABLE attempt_questions DROP CONSTRAINT attempt_questions_question_version_id_question_versions_id_fk`);
    await benchDb.db.execute(sql`ALTER TABLE attempts DROP CONSTRAINT attempts_quiz_id_quizzes_id_fk`);
    console.log("experiment: the foreign keys attempt → quiz and attempt question → question version are dropped");
  }
  if (opt["experiment-plan-cache"]) {
    // An experiment: how PostgreSQL plans the app's prepared statements (postgres.js prepares each
    // query once per connection; "auto" may still plan it again on every execution).
    const mode = String(opt["experiment-plan-cache"]);
    if (!["auto", "force_generic_plan", "force_custom_plan"].includes(mode)) throw new Error(`--experiment-plan-cache ${mode}?`);
    await benchDb.db.execute(sql.raw(`ALTER DATABASE ${DB_NAME} SET plan_cache_mode = ${mode}`));
    console.log(`experiment: plan_cache_mode = ${mode} for every new connection to ${DB_NAME}`);
  }
  await benchDb.db.execute(sql`VACUUM ANALYZE`);
  console.log(
    `database ${DB_NAME}: ${members.length} storm + ${calibration.length} calibration workers, ${QUESTIONS} questions (${((Date.now() - t) / 1000).toFixed(1)} s)`,
  );

  // 2. Server
  const build: BuildInfo = ensureBuild(ROOT, DIST_DIR, { force: opt.rebuild, never: opt["no-build"], log: path.join(OUT, "quiz-storm-build.log") });
  report.build = build;
  const serverLog = path.join(OUT, `quiz-storm-server-${process.pid}.log`);
  let server: NextServer | null = null;
  const start = async (pool: number) => {
    if (server) await server.stop();
    const env: Record<string, string> = {
      DATABASE_URL: dbUrl,
      AUTH_SECRET,
      NEXT_DIST_DIR: DIST_DIR,
      SEED_DEMO: "false",
      DB_POOL_MAX: String(pool),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const nodeArgs = opt["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.join(OUT, `prof-${process.pid}`)}`] : [];
    server = await startNext(ROOT, PORT, env, serverLog, nodeArgs, WEB);
    console.log(`${WEB ? `npm start, WEB_CONCURRENCY=${WEB},` : "next start"} on ${server.url} (pid ${server.pid}, DB_POOL_MAX=${pool}); log: ${serverLog}`);
    return server;
  };
  cleanups.push(async () => {
    if (server) await server.stop();
  });
  let srv = await start(POOL);
  const http = httpClient(srv.url, Math.max(stormN, CALIBRATION, CONCURRENCY) + 16);
  cleanups.push(async () => http.close());

  // 3. Sessions
  await checkSession(http, worker(firstCalibration));

  if (MODE === "pool-sweep") {
    const rows: Record<string, unknown>[] = [];
    for (const pool of POOL_SWEEP!) {
      srv = await start(pool);
      const ws = calibration.map(worker);
      const quizId = await makeQuiz(benchDb.db, adminUserId, questionIds, 3600, `压测 pool ${pool}`);
      // Warm the server (first requests compile and load route code).
      await closedStarts(http, srv, ws.slice(0, CONCURRENCY), quizId, CONCURRENCY);
      const slru0 = await multixactPages();
      const starts = await closedStarts(http, srv, ws.slice(CONCURRENCY), quizId, CONCURRENCY);
      const slru1 = await multixactPages();
      console.log(
        `   starts cpu: ${describeSplit(starts.cpu)}; per start: next-server ${f1((1000 * starts.cpu.server) / starts.summary.n)} ms, postgres ${f1((1000 * starts.cpu.postgres) / starts.summary.n)} ms; multixact pages zeroed ${slru1 - slru0}`,
      );
      const saves = await closedSaves(http, srv, ws, CONCURRENCY, CLOSED_S);
      const submits = await closedSubmits(http, srv, ws, CONCURRENCY);
      const v = await verify(ws, quizId);
      rows.push({ pool, starts, saves, submits, verdict: v });
      console.log(
        `pool ${pool}: starts ${f0(starts.perSecond)}/s p95 ${f1(starts.summary.p95)} ms | saves ${f0(saves.perSecond)}/s p95 ${f1(saves.summary.p95)} ms | submits ${f0(submits.perSecond)}/s p95 ${f1(submits.summary.p95)} ms | errors ${starts.summary.errors + saves.summary.errors + submits.summary.errors} lost ${v.lost}`,
      );
      console.log(`   saves cpu: ${describeSplit(saves.cpu)}`);
    }
    report.poolSweep = rows;
    console.log(`\n### DB_POOL_MAX sweep (closed loop, ${CONCURRENCY} requests in flight, ${CALIBRATION} workers)\n`);
    console.log("| DB_POOL_MAX | starts/s | p95 start ms | saves/s | p50 / p95 save ms | submits/s | p95 submit ms | errors | lost |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const r of rows as { pool: number; starts: Closed; saves: Closed; submits: Closed; verdict: Verdict }[]) {
      console.log(
        `| ${r.pool} | ${f0(r.starts.perSecond)} | ${f1(r.starts.summary.p95)} | ${f0(r.saves.perSecond)} | ${f1(r.saves.summary.p50)} / ${f1(r.saves.summary.p95)} | ${f0(r.submits.perSecond)} | ${f1(r.submits.summary.p95)} | ${r.starts.summary.errors + r.saves.summary.errors + r.submits.summary.errors} | ${r.verdict.lost} |`,
      );
    }
  } else if (MODE === "find-limit") {
    const steps: Record<string, unknown>[] = [];
    let spent = 0;
    let limit: number | null = null;
    let lastOk: number | null = null;
    for (const n of LIMIT_STEPS) {
      const stepS = START_WINDOW + LIMIT_MINUTES * 60 + SUBMIT_WINDOW;
      if (spent + stepS > LIMIT_BUDGET_S) {
        console.log(`stopping: the next step (${n}) would pass the ${LIMIT_BUDGET_S / 60}-minute budget`);
        break;
      }
      const ws = members.slice(0, n).map(worker);
      const quizId = await makeQuiz(benchDb.db, adminUserId, questionIds, stepS + 600, `压测 ${n} 人`);
      const res = await storm(http, srv, ws, quizId, LIMIT_MINUTES);
      spent += res.durationS;
      const v = await verify(ws, quizId);
      steps.push({ ...res, verdict: v, uptime: uptime() });
      console.log(
        `${n} workers: p95 start ${f1(res.start.p95)}${PAGE === "html" ? ` start+page ${f1(res.startToPage.p95)}` : PAGE === "inline" ? ` page ${f1(res.page.p95)}` : ""} save ${f1(res.save.p95)} (steady ${f1(res.saveSteady.p95)}) submit ${f1(res.submit.p95)} ms; ${f1(res.savesPerSecond)} saves/s; errors ${res.start.errors + res.page.errors + res.save.errors + res.submit.errors}; lost ${v.lost}; submitted ${v.attemptsOk}/${n}`,
      );
      console.log(`   cpu: ${describeSplit(res.cpu)}`);
      console.log(`   no-DB probe p50/p95 ${f1(res.probe.p50)}/${f1(res.probe.p95)} ms; server DB connections active / idle in tx / idle: ${pgAct(res)}`);
      if (res.save.p95 > LIMIT_P95) {
        limit = n;
        break;
      }
      lastOk = n;
    }
    report.findLimit = { steps, limit, lastOk, p95Limit: LIMIT_P95 };
    console.log(`\n### Limit search (p95 save > ${LIMIT_P95} ms), ${LIMIT_MINUTES}-minute storms, DB_POOL_MAX=${POOL}\n`);
    console.log(
      "| workers | p50 / p95 / p99 start (+ page) ms | p50 / p95 / p99 save ms | p95 save, steady | p50 / p95 / p99 submit ms | saves/s | errors | lost | submitted | no-DB probe p95 ms | CPU server / pg / bench / others | load (1 min) |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const s of steps as unknown as (StormResult & { verdict: Verdict })[]) {
      const pc = (x: number) => `${((100 * x) / (s.cpu.seconds * s.cpu.cores)).toFixed(0)}%`;
      console.log(
        `| ${s.workers} | ${triple(PAGE === "html" ? s.startToPage : s.start)} | ${triple(s.save)} | ${f1(s.saveSteady.p95)} | ${triple(s.submit)} | ${f1(s.savesPerSecond)} | ${s.start.errors + s.page.errors + s.save.errors + s.submit.errors} | ${s.verdict.lost} | ${s.verdict.attemptsOk}/${s.workers} | ${f1(s.probe.p95)} | ${pc(s.cpu.server)} / ${pc(s.cpu.postgres)} / ${pc(s.cpu.bench)} / ${pc(s.cpu.other)} | ${s.cpu.loadBefore[0]?.toFixed(1)} → ${s.cpu.loadAfter[0]?.toFixed(1)} |`,
      );
    }
    console.log(
      limit
        ? `\n**Limit: p95 save passed ${LIMIT_P95} ms at ${limit} workers** (last step under it: ${lastOk ?? "none"}).`
        : `\n**p95 save stayed under ${LIMIT_P95} ms up to ${lastOk} workers** (search ended by the step list or the time budget).`,
    );
  } else {
    // 4. The storm
    const ws = members.map(worker);
    const stormS = START_WINDOW + MINUTES * 60 + SUBMIT_WINDOW;
    const quizId = await makeQuiz(benchDb.db, adminUserId, questionIds, stormS + 600, "2026年第4季度采油小会考（压测）");
    const res = await storm(http, srv, ws, quizId, MINUTES);
    const verdict = await verify(ws, quizId);
    report.storm = res;
    report.stormVerdict = verdict;
    report.uptimeAfterStorm = uptime();
    console.log(`storm done in ${res.durationS.toFixed(0)} s; cpu: ${describeSplit(res.cpu)}`);

    // 6. Full speed, same concurrency
    const cal = calibration.slice(0, -1).map(worker);
    const [cal0, cal1] = cal;
    if (!cal0 || !cal1) throw new Error("calibration needs at least 3 workers");
    const fresh = worker(spare);
    const calQuiz = await makeQuiz(benchDb.db, adminUserId, questionIds, 3600, "压测 校准");
    const calStarts = await closedStarts(http, srv, cal, calQuiz, CONCURRENCY);
    const calPages = PAGE === "none" ? null : await closedPages(http, srv, cal, CONCURRENCY);
    const closed = await closedSaves(http, srv, cal, CONCURRENCY, CLOSED_S);
    console.log(
      `closed loop: ${f0(closed.perSecond)} saves/s, p50/p95 ${f1(closed.summary.p50)}/${f1(closed.summary.p95)} ms; cpu: ${describeSplit(closed.cpu)}`,
    );
    const baseline = await closedBaseline(http, srv, CONCURRENCY, 10);
    console.log(`401 baseline: ${f0(baseline.perSecond)} req/s, ${f2(cpuPerRequestMs(baseline))} ms server CPU per request`);
    const lib = await libSaves(cal, CONCURRENCY, LIB_S);
    console.log(`in-process (no HTTP): ${f0(lib.perSecond)} saves/s, p50/p95 ${f1(lib.summary.p50)}/${f1(lib.summary.p95)} ms`);
    const explained = await explainAll(calQuiz, fresh, cal1);
    for (const e of explained) {
      console.log(`${e.op}: ${e.statements} statements, PostgreSQL planning ${f2(e.planningMs)} + execution ${f2(e.executionMs)} ms; slowest:`);
      for (const x of e.slowest) console.log(`   ${f2(x.ms)} ms  ${x.plan}  ← ${x.sql}`);
    }
    const stmt = await captureSaveStatement(cal0);
    const calVerdict = await verify(cal, null); // before pgbench overwrites some of these answers
    const pgb = await pgbench(
      pgbenchScript(stmt, cal0.attemptId),
      cal.map((w) => w.attemptId),
      CONCURRENCY,
      PGBENCH_S,
      srv.pid,
    );
    console.log(`pgbench: ${f0(pgb.tps)} tps, ${f2(pgb.latencyMs)} ms average; cpu: ${describeSplit(pgb.cpu)}`);
    for (const w of cal) {
      // pgbench wrote seqs from 1,000,000 up: the workers' next answers must be newer.
      w.seq = 2_000_000_000;
      w.sent.clear();
      w.unconfirmed.clear();
    }
    const calSubmits = await closedSubmits(http, srv, cal, CONCURRENCY);
    const calVerdict2 = await verify(cal, calQuiz);
    report.calibration = {
      starts: calStarts,
      pages: calPages,
      saves: closed,
      baseline,
      lib,
      pgbench: pgb,
      submits: calSubmits,
      verdict: calVerdict,
      submitVerdict: calVerdict2,
      explained,
    };
    report.uptimeAfter = uptime();

    // 5 + 6. Figures
    const errors = res.start.errors + res.page.errors + res.save.errors + res.submit.errors;
    const requests = res.start.n + res.page.n + res.save.n + res.submit.n;
    const submittedOnce = verdict.attemptsOk === ws.length;
    // With the page counted, the start target applies from pressing start to the page's last byte.
    const startFigure = PAGE === "html" ? res.startToPage : res.start;
    const pass =
      errors === 0 && verdict.lost === 0 && verdict.phantom === 0 && submittedOnce && startFigure.p95 < 300 && res.save.p95 < 100 && res.submit.p95 < 500;
    const L: string[] = [];
    L.push(
      `### Quiz storm: ${ws.length} workers, ${MINUTES} min of saves every ${THINK_MIN}–${THINK_MAX} s, ${QUESTIONS} questions, DB_POOL_MAX=${POOL}, ${WEB ? `npm start with ${WEB} web processes` : "one next start"}, --page ${PAGE}`,
    );
    L.push("");
    L.push("| figure | measured | required |");
    L.push("|---|---|---|");
    const kb = () => {
      const bytes = ws.map((w) => w.pageBytes).filter((b) => b > 0);
      return f1(bytes.reduce((a, b) => a + b, 0) / Math.max(1, bytes.length) / 1024);
    };
    if (PAGE === "html") {
      L.push(`| start request alone p50 / p95 / p99 ms (${res.start.n}) | ${triple(res.start)} | |`);
      L.push(`| attempt page after it p50 / p95 / p99 ms (${res.page.n}, ${kb()} KB of HTML) | ${triple(res.page)} | |`);
      L.push(`| start + page p50 / p95 / p99 ms (${res.startToPage.n}) | ${triple(res.startToPage)} | p95 < 300 ${check(res.startToPage.p95 < 300)} |`);
    } else if (PAGE === "inline") {
      L.push(`| start with the questions in its answer p50 / p95 / p99 ms (${res.start.n}) | ${triple(res.start)} | p95 < 300 ${check(res.start.p95 < 300)} |`);
    } else L.push(`| start p50 / p95 / p99 ms (${res.start.n}) | ${triple(res.start)} | p95 < 300 ${check(res.start.p95 < 300)} |`);
    L.push(`| save p50 / p95 / p99 ms (${res.save.n}) | ${triple(res.save)} | p95 < 100 ${check(res.save.p95 < 100)} |`);
    L.push(`| — saves during the start minute / after it, p95 ms | ${f1(res.saveDuringStarts.p95)} / ${f1(res.saveSteady.p95)} | |`);
    L.push(`| submit p50 / p95 / p99 ms (${res.submit.n}) | ${triple(res.submit)} | p95 < 500 ${check(res.submit.p95 < 500)} |`);
    L.push(`| failed requests (non-2xx or network) | ${errors} of ${requests} | 0 ${check(errors === 0)} |`);
    if (res.kill) {
      const k = res.kill;
      const by = (kind: string) => res.cut.filter((c) => c.kind === kind).length;
      L.push(
        `| kill -9 of web process ${k.pid} (1 of ${k.webBefore}) at t=${f0(k.atS)} s | all ${k.webBefore} again after ${k.backAfterMs === null ? "—" : `${f0(k.backAfterMs)} ms`}; cut (no answer) and sent again: ${by("start")} starts, ${by("submit")} submits, ${by("save")} saves (carried by the next save) | |`,
      );
    }
    L.push(
      `| lost answers (last response + seq sent vs attempt_answers) | ${verdict.lost} of ${verdict.positionsChecked} positions${verdict.phantom ? `, ${verdict.phantom} never sent` : ""} | 0 ${check(verdict.lost === 0 && verdict.phantom === 0)} |`,
    );
    L.push(`| attempts submitted exactly once, scored, result of record | ${verdict.attemptsOk} / ${ws.length} | all ${check(submittedOnce)} |`);
    L.push(`| storm save throughput (think time 10–20 s) | ${f1(res.savesPerSecond)} saves/s (peak 10 s: ${f1(res.peakSavesPerSecond)}) | |`);
    L.push(
      `| app max save throughput, closed loop, ${CONCURRENCY} in flight, ${CLOSED_S} s | ${f0(closed.perSecond)} saves/s (p50 / p95 ${f1(closed.summary.p50)} / ${f1(closed.summary.p95)} ms, errors ${closed.summary.errors}) | |`,
    );
    L.push(
      `| save code in-process, no HTTP (loadCurrentUser + saveAnswers), ${CONCURRENCY} lanes | ${f0(lib.perSecond)} saves/s (p50 ${f2(lib.summary.p50)} ms) | |`,
    );
    L.push(`| pgbench, the save upsert, ${CONCURRENCY} clients, ${PGBENCH_S} s | ${f0(pgb.tps)} tps (${f2(pgb.latencyMs)} ms average) | |`);
    L.push(`| ratio storm saves/s : pgbench tps | 1 : ${f0(pgb.tps / res.savesPerSecond)} (${f2((100 * res.savesPerSecond) / pgb.tps)} %) | |`);
    L.push(`| ratio app max saves/s : pgbench tps | 1 : ${f1(pgb.tps / closed.perSecond)} (${f1((100 * closed.perSecond) / pgb.tps)} %) | |`);
    L.push(
      `| next-server CPU per request, closed loop: start${PAGE === "html" ? " + page" : ""}${calPages ? " / page alone" : ""} / save / submit / 401 without session | ${f1(cpuPerRequestMs(calStarts))}${calPages ? ` / ${f1(cpuPerRequestMs(calPages))}` : ""} / ${f1(cpuPerRequestMs(closed))} / ${f1(cpuPerRequestMs(calSubmits))} / ${f1(cpuPerRequestMs(baseline))} ms | |`,
    );
    for (const e of explained)
      L.push(`| SQL of one ${e.op} | ${e.statements} statements; PostgreSQL planning ${f2(e.planningMs)} + execution ${f2(e.executionMs)} ms | |`);
    L.push(`| CPU during the storm (server / postgres / bench / others) | ${describeSplit(res.cpu)} | |`);
    L.push(`| server without the database (401 probe, 1/s) p50 / p95 / p99 ms | ${triple(res.probe)} | |`);
    L.push(`| server's DB connections, mean per 1-s sample: active / idle in transaction / idle (lock waits) | ${pgAct(res)} | |`);
    L.push(`| load generator event-loop delay p99 / max | ${f1(res.loopDelayP99Ms)} / ${f1(res.loopDelayMaxMs)} ms | |`);
    L.push(`| machine | ${CORES} cores; before: ${report.uptimeBefore}; after: ${report.uptimeAfter} | |`);
    L.push(`| code | ${report.git}; build ${build.buildId} (${build.note}) | |`);
    L.push("");
    L.push(pass ? "**All requirements met.**" : "**Requirements NOT met** (see ❌).");
    if (res.failures.length) {
      L.push("");
      L.push("First failures:");
      for (const f of res.failures.slice(0, 10)) L.push(`- ${f.kind} ${f.status} ${f.error ?? ""} ${f.body.replace(/\s+/g, " ").slice(0, 160)}`);
    }
    if (verdict.lostExamples.length) {
      L.push("");
      L.push("Lost answers, first ones:");
      for (const x of verdict.lostExamples) L.push(`- ${x}`);
    }
    if (verdict.attemptsBad.length) {
      L.push("");
      L.push("Attempts not submitted exactly once, first ones:");
      for (const x of verdict.attemptsBad.slice(0, 10)) L.push(`- ${x}`);
    }
    if (calVerdict.lost || calVerdict2.attemptsOk !== cal.length || calStarts.summary.errors || calSubmits.summary.errors || closed.summary.errors) {
      L.push("");
      L.push(
        `Calibration phase problems: lost ${calVerdict.lost}, submitted ${calVerdict2.attemptsOk}/${cal.length}, errors start ${calStarts.summary.errors} save ${closed.summary.errors} submit ${calSubmits.summary.errors}`,
      );
    }
    L.push("");
    L.push(`Save p95 per minute (ms): ${minuteP95(res).join(", ")}`);
    L.push("");
    L.push(`Reproduce: \`${effectiveCommand()}\``);
    console.log(`\n${L.join("\n")}`);
    report.markdown = L.join("\n");
    report.pass = pass;
  }

  report.marks = marks;
  report.totalSeconds = (Date.now() - began) / 1000;
  const file = path.join(OUT, `quiz-storm-${MODE}-${STAMP}.json`);
  writeFileSync(
    file,
    JSON.stringify(report, (_, v) => (v instanceof Map ? undefined : v), 2),
  );
  console.log(`\nReproduce: ${effectiveCommand()}\nDetails: ${path.relative(ROOT, file)}`);
}

function pgAct(res: StormResult): string {
  const a = res.pgActivity;
  const m = (x: number) => f1(x / Math.max(1, a.samples));
  return `${m(a.active)} / ${m(a.idleInTransaction)} / ${m(a.idle)} (${m(a.waitingOnLock)}) of DB_POOL_MAX ${POOL}`;
}

function minuteP95(res: StormResult): string[] {
  return res.timeline.saveMinutes.map((b) => `${f0(b.from / 60)}′ ${f0(b.p95)} (${b.n})`);
}

try {
  await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await cleanup();
}
// postgres.js or a stray timer must not keep a finished bench alive.
process.exit(process.exitCode ?? 0);
