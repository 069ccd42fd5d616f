// Direct uploads (issue 17): what a lesson video upload costs the app server, through the app
// (every part a PUT to the app, which sends it on to the bucket) against direct (the browser PUTs
// the parts to the bucket with presigned URLs and tells the app each part's ETag).
//
// One `next start` on PostgreSQL with S3_BUCKET pointing at s3rver (in this process, so its CPU is
// the bench's, not the server's); a trainer's session cookie minted as bench/video.ts does. Each
// run uploads a FILE_MB MiB MP4 (the committed test pattern padded with a `free` box) to a new
// lesson, the two ways alternated, RUNS times each. Per run: the server's CPU (its process tree,
// /proc) and wall time while the parts go up (start → last part in), and for the completion (join,
// fetch from the bucket, checks, ffprobe/ffmpeg, store: the same both ways). Printed: each run and
// the medians.
//
// Run:  npx tsx bench/upload-direct.ts [--file-mb 64] [--runs 3] [--dist .next-e2e-1] [--no-build]
// Its own database jr_bench_upload_<pid> (BENCH_DATABASE_URL, default the local PostgreSQL), media
// folder and s3rver folder, all removed at the end.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import postgres from "postgres";
import S3rver from "s3rver";
import { openDb, rowsOf } from "../db/client";
import { runMigrations } from "../db/migrate";
import type { Principal } from "../lib/auth/permissions";
import { openSession } from "../lib/auth/sessions";
import { createLesson } from "../lib/video";
import { seedDemo } from "../scripts/demo";
import { cpuSnap, cpuSplit } from "./lib/cpu";
import { ensureBuild, startNext } from "./lib/server";
import { f1, f2 } from "./lib/stats";

const { values: opt } = parseArgs({
  options: {
    "file-mb": { type: "string", default: "64" },
    runs: { type: "string", default: "3" },
    dist: { type: "string", default: ".next-e2e-1" },
    "no-build": { type: "boolean", default: false },
  },
});
const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "bench", "out");
mkdirSync(OUT, { recursive: true });
const BASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `jr_bench_upload_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(BASE_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const AUTH_SECRET = randomBytes(32).toString("base64url");
const COOKIE = "authjs.session-token";
const PORT_APP = 3404;
const cores = os.cpus().length;
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup() {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e) => console.error("cleanup:", e));
  cleanups.length = 0;
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function json<T>(r: Response): Promise<T> {
  const body = (await r.json()) as T & { ok?: boolean; code?: string };
  if (!r.ok) throw new Error(`${r.url}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

async function main() {
  const fileMb = Number(opt["file-mb"]);
  const runs = Number(opt.runs);
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
  cleanups.push(async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
  });
  const h = await openDb({ url: dbUrl, max: 2 });
  cleanups.push(() => h.close());
  await runMigrations(h);
  await seedDemo(h.db, { members: 40 });
  const [trainer] = rowsOf<{ id: number }>(
    await h.db.execute(sql`SELECT u.id FROM users u JOIN members m ON m.id = u.member_id WHERE m.employee_no = '900003'`),
  );
  if (!trainer) throw new Error("the demo has no trainer 900003");
  const sid = await openSession(h.db, Number(trainer.id));
  const cookie = `${COOKIE}=${await encode({ token: { sub: String(trainer.id), uid: Number(trainer.id), sid }, secret: AUTH_SECRET, salt: COOKIE, maxAge: 24 * 3600 })}`;

  const work = mkdtempSync(path.join(os.tmpdir(), "jr-bench-upload-"));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, directory: path.join(work, "s3"), silent: true, configureBuckets: [{ name: "media", configs: [] }] });
  const { port } = (await s3.run()) as unknown as { port: number };
  cleanups.push(() => s3.close());

  const mp4 = readFileSync(path.join(ROOT, "tests/fixtures/video/test-pattern.mp4"));
  const size = fileMb * 1024 * 1024;
  const free = Buffer.alloc(8);
  free.writeUInt32BE(size - mp4.length, 0);
  free.write("free", 4, "latin1");
  const file = Buffer.concat([mp4, free, randomBytes(size - mp4.length - 8)]);

  const build = ensureBuild(ROOT, opt.dist as string, { never: opt["no-build"], log: path.join(OUT, "upload-direct-build.log") });
  console.log(`build: ${build.note}`);
  const logApp = path.join(OUT, `upload-direct-server-${process.pid}.log`);
  const app = await startNext(
    ROOT,
    PORT_APP,
    {
      DATABASE_URL: dbUrl,
      AUTH_SECRET,
      NEXT_DIST_DIR: opt.dist as string,
      SEED_DEMO: "false",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      MEDIA_DIR: path.join(work, "media"),
      // The transcoding job would run after each completion: not what is measured here.
      JOBS_IN_WEB: "false",
      S3_BUCKET: "media",
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    },
    logApp,
  );
  cleanups.push(() => app.stop());
  console.log(`next start on ${app.url} (pid ${app.pid}), s3rver on ${port}; ${fileMb} MiB file; ${runs} runs each way, alternated`);
  const headers = { cookie, "Content-Type": "application/json" };
  const post = (p: string, body: unknown) => fetch(`${app.url}${p}`, { method: "POST", headers, body: JSON.stringify(body) });

  const author: Principal = { userId: Number(trainer.id), memberId: 0, roles: [{ role: "trainer", scopePath: null }] };
  let lessonNo = 0;
  async function newLesson(): Promise<number> {
    const made = await createLesson(h.db, author, { title: `上传压测 ${++lessonNo}`, description: "", specialty: "oil_production", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    return made.value;
  }

  async function upload(direct: boolean) {
    const lessonId = await newLesson();
    const a = cpuSnap(app.pid, DB_NAME);
    const s = await json<{ uploadId: string; chunkSize: number; direct: boolean }>(
      await post(`/api/lessons/${lessonId}/uploads`, { fileName: "bench.mp4", size, direct }),
    );
    if (s.direct !== direct) throw new Error(`asked direct=${direct}, got ${s.direct}`);
    const base = `/api/lessons/uploads/${s.uploadId}`;
    for (let offset = 0, n = 1; offset < size; offset += s.chunkSize, n++) {
      const body = file.subarray(offset, offset + s.chunkSize);
      if (direct) {
        const { urls } = await json<{ urls: { url: string }[] }>(await post(`${base}/part-urls`, { partNumbers: [n] }));
        const put = await fetch(urls[0]?.url as string, { method: "PUT", body: new Uint8Array(body) });
        if (!put.ok) throw new Error(`part ${n}: ${put.status}`);
        await json(await post(`${base}/parts`, { partNumber: n, etag: put.headers.get("etag") }));
      } else {
        await json(await fetch(`${app.url}${base}?offset=${offset}`, { method: "PUT", headers: { cookie }, body: new Uint8Array(body) }));
      }
    }
    const b = cpuSnap(app.pid, DB_NAME);
    await json(await post(`${base}/complete`, { durationS: 3 }));
    const c = cpuSnap(app.pid, DB_NAME);
    const parts = cpuSplit(a, b, cores);
    const done = cpuSplit(b, c, cores);
    return { partsCpu: parts.server, partsS: parts.seconds, completeCpu: done.server, completeS: done.seconds, other: parts.other + done.other };
  }

  // One of each first, not counted: the server's first requests compile and warm up.
  await upload(false);
  await upload(true);
  const results: Record<"through" | "direct", Awaited<ReturnType<typeof upload>>[]> = { through: [], direct: [] };
  for (let i = 0; i < runs; i++) {
    for (const way of i % 2 ? (["direct", "through"] as const) : (["through", "direct"] as const)) {
      const r = await upload(way === "direct");
      results[way].push(r);
      console.log(
        `run ${i + 1} ${way.padEnd(7)}: parts ${f2(r.partsCpu)} s server CPU in ${f2(r.partsS)} s; complete ${f2(r.completeCpu)} s CPU in ${f2(r.completeS)} s (others' CPU meanwhile ${f1(r.other)} s)`,
      );
    }
  }
  console.log(`\nmedian of ${runs}, ${fileMb} MiB:`);
  for (const way of ["through", "direct"] as const) {
    const rs = results[way];
    const m = (k: keyof (typeof rs)[number]) => median(rs.map((r) => r[k]));
    console.log(
      `  ${way.padEnd(7)}: parts up: server CPU ${f2(m("partsCpu"))} s, wall ${f2(m("partsS"))} s; completion: server CPU ${f2(m("completeCpu"))} s, wall ${f2(m("completeS"))} s; total server CPU ${f2(median(rs.map((r) => r.partsCpu + r.completeCpu)))} s`,
    );
  }
}

main()
  .then(cleanup)
  .catch(async (e) => {
    console.error(e);
    await cleanup();
    process.exit(1);
  });
