// Video figures (issue 4):
//
//  A. Ranged GETs on a 200 MB file from 50 concurrent clients, each asking for a random 1 MB
//     range again and again (a player seeking about), for --range-seconds each against:
//       1. the app's media route (`next start`, session cookie, permission check, then the
//          bytes streamed from disk by lib/video/serve.ts),
//       2. nginx serving the same file with sendfile (same machine, same run, 1 worker process),
//       3. the app handing the file to nginx with X-Accel-Redirect (nginx in front of a second
//          `next start` with MEDIA_ACCEL_PREFIX): the app checks, nginx sends.
//     Printed: MB/s, requests, p50/p95 ms, and the ratios to nginx (goal ≥ 0.5).
//  B. 1,000 viewers each sending a progress report every 15 s (the player's interval) for
//     --minutes against `next start` on PostgreSQL: each report carries the segment played since
//     the viewer's last seek (media time at 1×, some viewers seek ahead now and then). Printed:
//     p50/p95/p99 ms, errors; then "nothing lost": every viewer's stored segments equal the union
//     of everything it sent.
//
// Run:  npx tsx bench/video.ts [--viewers 1000] [--minutes 1] [--range-seconds 10] [--clients 50]
//       [--file-mb 200] [--dist .next-e2e-1] [--no-build] [--pool 10]
// It makes its own database jr_bench_video_<pid> (BENCH_DATABASE_URL, default the local
// PostgreSQL) and media folder, and drops both at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { openDb, rowsOf, type Db } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seedDemo } from "../scripts/demo";
import { createCourse, createLesson, setCourseAudience, setCourseItems, setCourseStatus, setLessonStatus } from "../lib/video";
import { signMediaToken } from "../lib/video/media-token";
import type { Principal } from "../lib/auth/permissions";
import { openSession, sessionKeyOf } from "../lib/auth/sessions";
import type { Result } from "../lib/core/result";
import { coveredSeconds, mergeSegments, type Segment } from "../lib/video/segments";
import { httpClient } from "./lib/http";
import { ensureBuild, startNext, type NextServer } from "./lib/server";
import { f0, f1, f2, rng, summarise, triple, type Sample } from "./lib/stats";

const { values: opt } = parseArgs({
  options: {
    viewers: { type: "string", default: "1000" },
    minutes: { type: "string", default: "1" },
    "range-seconds": { type: "string", default: "10" },
    clients: { type: "string", default: "50" },
    "file-mb": { type: "string", default: "200" },
    "range-kb": { type: "string", default: "1024,8192" },
    dist: { type: "string", default: ".next-e2e-1" },
    "no-build": { type: "boolean", default: false },
    pool: { type: "string", default: "10" },
    "skip-range": { type: "boolean", default: false },
    "skip-progress": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
  },
});
const num = (k: keyof typeof opt) => Number(opt[k]);
const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "bench", "out");
mkdirSync(OUT, { recursive: true });
const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `jr_bench_video_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(BASE_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const AUTH_SECRET = randomBytes(32).toString("base64url");
// The bench signs media URLs as the player page does, with the server's secret.
process.env.AUTH_SECRET = AUTH_SECRET;
const COOKIE = "authjs.session-token";
const PORT_APP = 3401;
const PORT_ACCEL_APP = 3402;
const PORT_NGINX = 3403;
const rand = rng(num("seed"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const cleanups: (() => Promise<void> | void)[] = [];

async function cleanup() {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e) => console.error("cleanup:", e));
  cleanups.length = 0;
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

interface Viewer {
  memberId: number;
  userId: number;
  sessionKey: string;
  cookie: string;
}

async function addViewers(db: Db, n: number): Promise<Viewer[]> {
  await db.execute(sql`
    WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_units WHERE kind = 'station'),
    m AS (
      INSERT INTO members (employee_no, name, org_unit_id, specialty, tech_title, status)
      SELECT 'V' || lpad(g::text, 6, '0'), '观看员' || g, st.ids[1 + g % array_length(st.ids, 1)], '采油', 'intermediate', 'active'
      FROM generate_series(1, ${n}) g, st RETURNING id),
    u AS (INSERT INTO users (member_id, password_hash, must_change_password) SELECT id, 'x', false FROM m RETURNING id)
    INSERT INTO user_roles (user_id, role, scope_org_unit_id) SELECT id, 'worker', NULL FROM u`);
  const rows = rowsOf<{ member_id: number; user_id: number; sv: number }>(
    await db.execute(
      sql`SELECT m.id AS member_id, u.id AS user_id, u.session_version AS sv FROM members m JOIN users u ON u.member_id = m.id WHERE m.employee_no LIKE 'V%' ORDER BY m.id`,
    ),
  );
  const out: Viewer[] = [];
  for (const r of rows) {
    // The session cookie next-auth makes after the app's jwt callback (lib/auth/session.ts).
    // A server-side session per viewer, as signing in opens one (lib/auth/sessions.ts).
    const sid = await openSession(db, Number(r.user_id));
    const jwt = await encode({ token: { sub: String(r.user_id), uid: Number(r.user_id), sid }, secret: AUTH_SECRET, salt: COOKIE, maxAge: 24 * 3600 });
    out.push({ memberId: Number(r.member_id), userId: Number(r.user_id), sessionKey: sessionKeyOf(sid), cookie: `${COOKIE}=${jwt}` });
  }
  return out;
}

function makeBigFile(file: string, mb: number) {
  const fd = openSync(file, "w");
  // An MP4-looking header, then noise; the route does not parse it.
  const chunk = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) writeSync(fd, chunk);
  closeSync(fd);
}

function startNginx(conf: string, prefix: string): Promise<ChildProcess> {
  const child = spawn("nginx", ["-p", prefix, "-c", conf, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${PORT_NGINX}/health`);
        await r.arrayBuffer();
        return resolve(child);
      } catch {
        if (child.exitCode !== null || Date.now() > deadline) return reject(new Error(`nginx did not start: ${err}`));
        setTimeout(poll, 100);
      }
    };
    void poll();
  });
}

/** `clients` loops asking for random `rangeBytes` ranges of a `size`-byte file for `seconds`. */
async function rangeLoad(url: string, cookie: string | null, size: number, rangeBytes: number, clients: number, seconds: number) {
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const samples: Sample[] = [];
  let bytes = 0;
  let bad = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const start = Math.floor(rand() * (size - rangeBytes));
      const headers: http.OutgoingHttpHeaders = { Range: `bytes=${start}-${start + rangeBytes - 1}` };
      if (cookie) headers.cookie = cookie;
      const s = performance.now();
      const req = http.request({ agent, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
        let n = 0;
        res.on("data", (c: Buffer) => (n += c.length));
        res.on("end", () => {
          bytes += n;
          if (res.statusCode !== 206 || n !== rangeBytes) bad++;
          samples.push({ t: s - t0, ms: performance.now() - s, status: res.statusCode === 206 && n === rangeBytes ? 206 : 0 });
          resolve();
        });
      });
      req.on("error", () => {
        bad++;
        samples.push({ t: s - t0, ms: performance.now() - s, status: 0 });
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  const s = summarise(samples);
  return { mbPerS: bytes / 1024 / 1024 / secs, requests: samples.length, bad, p50: s.p50, p95: s.p95 };
}

async function main() {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
  cleanups.push(async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
    console.log(`dropped database ${DB_NAME}`);
  });
  const h = await openDb({ url: dbUrl, max: 4 });
  cleanups.push(() => h.close());
  await runMigrations(h);
  await seedDemo(h.db, { members: 40 });
  const media = mkdtempSync(path.join(os.tmpdir(), "jr-bench-media-"));
  // nginx workers run as an unprivileged user: the folder must be readable by others.
  chmodSync(media, 0o755);
  cleanups.push(() => rmSync(media, { recursive: true, force: true }));
  const fileMb = num("file-mb");
  mkdirSync(path.join(media, "bench"), { recursive: true });
  const key = "bench/big.mp4";
  const big = path.join(media, key);
  let t = Date.now();
  makeBigFile(big, fileMb);
  console.log(`${fileMb} MB file written in ${((Date.now() - t) / 1000).toFixed(1)} s: ${big}`);

  // A published lesson (1 h long, so progress reports have room) in a course for the whole area,
  // made as a trainer of the whole area.
  const trainer: Principal = { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] };
  const must = <T>(r: Result<T>): T => {
    if (!r.ok) throw new Error(r.code);
    return r.value;
  };
  const lessonId = must(await createLesson(h.db, trainer, { title: "压测视频", description: "", specialty: "oil_production", requiredPercent: 90 }));
  await h.db.execute(
    sql`UPDATE lessons SET storage_key = ${key}, mime = 'video/mp4', size_bytes = ${fileMb * 1024 * 1024}, duration_s = 3600 WHERE id = ${lessonId}`,
  );
  must(await setLessonStatus(h.db, trainer, lessonId, "published"));
  const courseId = must(await createCourse(h.db, trainer, { title: "压测课程", specialty: "", description: "" }));
  must(await setCourseItems(h.db, trainer, courseId, [{ kind: "lesson", refId: lessonId, required: true }]));
  const [area] = rowsOf<{ id: number }>(await h.db.execute(sql`SELECT id FROM org_units WHERE code = 'HJ'`));
  if (!area) throw new Error("the demo organisation has no unit HJ");
  must(await setCourseAudience(h.db, trainer, courseId, { orgUnitIds: [Number(area.id)], jobIds: [] }));
  must(await setCourseStatus(h.db, trainer, courseId, "published"));
  t = Date.now();
  const viewers = await addViewers(h.db, num("viewers"));
  const [viewer0, viewer1, viewer2] = viewers;
  if (!viewer0 || !viewer1 || !viewer2) throw new Error("--viewers must be at least 3");
  // The player page opens the progress row; an hour ago, so the 2× rule lets the first report in.
  await h.db.execute(sql`INSERT INTO lesson_progress (member_id, lesson_id, started_at, updated_at)
    SELECT m.id, ${lessonId}, now() - interval '1 hour', now() - interval '1 hour' FROM members m WHERE m.employee_no LIKE 'V%'`);
  await h.db.execute(sql`ANALYZE`);
  console.log(`database ${DB_NAME}: ${viewers.length} viewers (${((Date.now() - t) / 1000).toFixed(1)} s)`);

  const build = ensureBuild(ROOT, opt.dist!, { never: opt["no-build"], log: path.join(OUT, "video-build.log") });
  console.log(`build: ${build.note}`);
  const baseEnv = {
    DATABASE_URL: dbUrl,
    AUTH_SECRET,
    NEXT_DIST_DIR: opt.dist!,
    SEED_DEMO: "false",
    DB_POOL_MAX: opt.pool!,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    MEDIA_DIR: media,
  };
  const logApp = path.join(OUT, `video-server-${process.pid}.log`);
  const app: NextServer = await startNext(ROOT, PORT_APP, baseEnv, logApp);
  cleanups.push(() => app.stop());
  console.log(`next start on ${app.url} (pid ${app.pid}); log: ${logApp}`);
  const mediaUrl = (base: string) => `${base}/api/media/lessons/${lessonId}`;
  const probe = await fetch(mediaUrl(app.url), { headers: { cookie: viewer0.cookie, Range: "bytes=0-1" } });
  await probe.arrayBuffer();
  if (probe.status !== 206) throw new Error(`media route answered ${probe.status} to the probe`);
  const noCookie = await fetch(mediaUrl(app.url), { headers: { Range: "bytes=0-1" } });
  await noCookie.arrayBuffer();
  console.log(`checked: the media route answers 206 to a viewer's bytes=0-1, ${noCookie.status} without a session`);

  const results: string[] = [];
  if (!opt["skip-range"]) {
    // nginx: sendfile for /media/, and in front of the accel app: /app/ proxied, /_protected/ internal.
    const prefix = mkdtempSync(path.join(os.tmpdir(), "jr-bench-nginx-"));
    cleanups.push(() => rmSync(prefix, { recursive: true, force: true }));
    const conf = path.join(prefix, "nginx.conf");
    writeFileSync(
      conf,
      `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  types { video/mp4 mp4; }
  server {
    listen 127.0.0.1:${PORT_NGINX};
    location = /health { return 200 "ok"; }
    location /media/ { alias ${media}/; }
    location /_protected/ { internal; alias ${media}/; }
    location /app/ { proxy_pass http://127.0.0.1:${PORT_ACCEL_APP}/; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
    );
    const nginx = await startNginx(conf, prefix);
    cleanups.push(() => void nginx.kill("SIGQUIT"));
    const accelApp = await startNext(
      ROOT,
      PORT_ACCEL_APP,
      { ...baseEnv, MEDIA_ACCEL_PREFIX: "/_protected" },
      path.join(OUT, `video-server-accel-${process.pid}.log`),
    );
    cleanups.push(() => accelApp.stop());
    const size = fileMb * 1024 * 1024;
    const clients = num("clients");
    const secs = num("range-seconds");
    // Signed for one viewer and their session, long enough for the whole run.
    const grant = { kind: "lesson" as const, id: lessonId, key, mime: "video/mp4", userId: viewer2.userId, sessionKey: viewer2.sessionKey };
    const signed = `?t=${signMediaToken(grant, Date.now(), 3 * 3600_000).token}`;
    // Warm the page cache and the servers.
    await rangeLoad(`http://127.0.0.1:${PORT_NGINX}/media/${key}`, null, size, 1024 * 1024, 4, 2);
    await rangeLoad(mediaUrl(app.url) + signed, null, size, 1024 * 1024, 4, 1);
    for (const kb of opt["range-kb"]!.split(",").map(Number)) {
      const rb = kb * 1024;
      const ng = await rangeLoad(`http://127.0.0.1:${PORT_NGINX}/media/${key}`, null, size, rb, clients, secs);
      const ap = await rangeLoad(mediaUrl(app.url), viewer1.cookie, size, rb, clients, secs);
      const at = await rangeLoad(mediaUrl(app.url) + signed, null, size, rb, clients, secs);
      const ac = await rangeLoad(mediaUrl(`http://127.0.0.1:${PORT_NGINX}/app`) + signed, null, size, rb, clients, secs);
      const row = (name: string, r: typeof ng) =>
        `| ${name} | ${f0(r.mbPerS)} | ${r.requests} | ${r.bad} | ${f1(r.p50)} | ${f1(r.p95)} | ${f2(r.mbPerS / ng.mbPerS)} |`;
      results.push(
        "",
        `Ranged GETs: ${clients} clients, random ${kb} KB ranges of a ${fileMb} MB file, ${secs} s each`,
        "| server | MB/s | requests | failed | p50 ms | p95 ms | ratio to nginx |",
        "|---|---|---|---|---|---|---|",
        row("nginx sendfile", ng),
        row("app route, session checked per request", ap),
        row("app route, signed media URL (what the player uses)", at),
        row("signed media URL + X-Accel-Redirect to nginx", ac),
      );
      console.log(results.slice(-8).join("\n"));
    }
  }

  if (!opt["skip-progress"]) {
    const minutes = num("minutes");
    const httpc = httpClient(app.url, viewers.length + 8);
    cleanups.push(() => httpc.close());
    const samples: Sample[] = [];
    const sent = new Map<number, Segment[]>();
    const t0 = performance.now();
    const endAt = t0 + minutes * 60_000;
    await Promise.all(
      viewers.map(async (v, i) => {
        // Each viewer starts somewhere in the first half hour, 15 s apart reports, a seek ahead now and then.
        let from = Math.floor(rand() * 1800);
        let pos = from;
        const mine: Segment[] = [];
        sent.set(v.memberId, mine);
        await sleep((i / viewers.length) * 15_000);
        let seq = 0;
        while (performance.now() < endAt) {
          pos = Math.min(3600, pos + 15);
          const seg: Segment = [from, pos];
          const body = { segments: [seg], positionS: pos, at: Date.now() * 1000 + seq++ };
          const r = await httpc.request("POST", `/api/lessons/${lessonId}/progress`, { body, cookie: v.cookie });
          samples.push({ t: performance.now() - t0, ms: r.ms, status: r.status });
          if (r.status === 200) mine.push(seg);
          else if (samples.filter((s) => s.status !== 200).length < 5) console.warn(`report failed: ${r.status} ${r.body.slice(0, 200)}`);
          if (rand() < 0.1) {
            from = Math.min(3590, pos + 60);
            pos = from;
          }
          await sleep(15_000);
        }
      }),
    );
    const s = summarise(samples);
    // Nothing lost: the stored union is exactly the union of what the server accepted.
    const stored = rowsOf<{ member_id: number; segments: Segment[] | string; watched_s: number }>(
      await h.db.execute(sql`SELECT member_id, segments, watched_s FROM lesson_progress WHERE lesson_id = ${lessonId}`),
    );
    const byMember = new Map(stored.map((r) => [Number(r.member_id), r]));
    let lost = 0;
    let checked = 0;
    for (const [memberId, segs] of sent) {
      const want = mergeSegments([], segs);
      const r = byMember.get(memberId);
      const got = r ? (typeof r.segments === "string" ? (JSON.parse(r.segments) as Segment[]) : r.segments) : [];
      checked++;
      if (JSON.stringify(got) !== JSON.stringify(want) || Math.abs(coveredSeconds(want) - Number(r?.watched_s ?? 0)) > 0.01) lost++;
    }
    results.push(
      "",
      `Progress: ${viewers.length} viewers, a report every 15 s for ${minutes} min against PostgreSQL (DB_POOL_MAX=${opt.pool})`,
      `| reports | failed | p50 / p95 / p99 ms | max ms | viewers whose stored segments differ from what they sent |`,
      `|---|---|---|---|---|`,
      `| ${s.n} | ${s.errors} | ${triple(s)} | ${f0(s.max)} | ${lost} of ${checked} |`,
    );
  }
  console.log(`\n${results.join("\n")}`);
  writeFileSync(path.join(OUT, `video-${new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19)}.md`), `${results.join("\n")}\n`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
