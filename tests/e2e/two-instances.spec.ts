import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./helpers";

// Two instances of `npm start` (scripts/start.ts, one web process each) on one PostgreSQL database
// behind nginx configured by deploy/nginx.conf: a worker signs in, starts the quarterly quiz and
// saves answers with requests answered by both instances, one instance is killed (kill -9 of its
// whole process group) mid-quiz, the worker goes on through the other and submits, and the attempt
// is graded once. Reuses the build the e2e web server made (NEXT_DIST_DIR); runs on PostgreSQL only.

const PG = process.env.TEST_DATABASE_URL;
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
// Apart from any other run's E2E_PORT (runs side by side use neighbouring ports).
const PORTS = { a: BASE_PORT + 100, b: BASE_PORT + 200, nginx: BASE_PORT + 300 };
const root = path.resolve(import.meta.dirname, "../..");
const work = path.join(os.tmpdir(), `jobready-two-instances-${BASE_PORT}`);
const dbName = `e2e_two_instances_${BASE_PORT}`;

test.skip(!PG, "Two instances share one PostgreSQL: set TEST_DATABASE_URL (CI sets it).");
test.skip(!NGINX, "nginx is not installed (.ci/run installs nginx-light).");

const children: ChildProcess[] = [];
let dbUrl = "";

async function waitReady(url: string, child: ChildProcess, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process ended (${child.exitCode})`);
    const r = await fetch(url).catch(() => null);
    if (r?.status === 200) return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${url} not ready within ${seconds} s`);
}

function startInstance(port: number, log: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    cwd: root,
    detached: true, // its own process group: the test kills the primary and its web process together
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      SEED_DEMO: "true",
      PORT: String(port),
      WEB_CONCURRENCY: "1",
      JOBS_IN_WEB: "false", // no job worker: not what this test is about, and the machine is small
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      TRUSTED_PROXIES: "127.0.0.1",
      MEDIA_DIR: path.join(work, "media"),
      APP_TIME_ZONE: "Asia/Shanghai",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  const out: Buffer[] = [];
  child.stdout?.on("data", (d: Buffer) => out.push(d));
  child.stderr?.on("data", (d: Buffer) => out.push(d));
  child.on("exit", () => writeFileSync(path.join(work, log), Buffer.concat(out)));
  children.push(child);
  return child;
}

/** deploy/nginx.conf with this test's ports, files and a header naming the upstream that answered. */
function nginxConfig(): string {
  const site = readFileSync(path.join(root, "deploy/nginx.conf"), "utf8")
    .replace(/^\s*server 10\.0\.0\.11:3000 (.*)$/m, `    server 127.0.0.1:${PORTS.a} $1`)
    .replace(/^\s*server 10\.0\.0\.12:3000 (.*)$/m, `    server 127.0.0.1:${PORTS.b} $1`)
    .replace(/listen 80;/, `listen 127.0.0.1:${PORTS.nginx};`)
    .replace(/location \/ \{/, "location / {\n        add_header X-Upstream $upstream_addr always;");
  expect(site).toContain(`127.0.0.1:${PORTS.a}`);
  expect(site).toContain(`127.0.0.1:${PORTS.b}`);
  expect(site).toContain(`listen 127.0.0.1:${PORTS.nginx};`);
  writeFileSync(path.join(work, "jobready.conf"), site);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${work}/${t};`).join("\n  ");
  return `daemon off;
master_process off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log ${work}/nginx-access.log;
  ${temp}
  include ${work}/jobready.conf;
}
`;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const admin = postgres(PG as string, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const u = new URL(PG as string);
  u.pathname = `/${dbName}`;
  dbUrl = u.toString();
  // The first migrates and seeds the demo; the second finds that done.
  const a = startInstance(PORTS.a, "a.log");
  await waitReady(`http://127.0.0.1:${PORTS.a}/api/ready`, a, 150);
  const b = startInstance(PORTS.b, "b.log");
  await waitReady(`http://127.0.0.1:${PORTS.b}/api/ready`, b, 60);
  writeFileSync(path.join(work, "nginx.conf"), nginxConfig());
  const nginx = spawn(NGINX as string, ["-p", work, "-e", `${work}/nginx-error.log`, "-c", `${work}/nginx.conf`], { stdio: "ignore" });
  children.push(nginx);
  await waitReady(`http://127.0.0.1:${PORTS.nginx}/api/health`, nginx, 15);
});

test.afterAll(async () => {
  for (const c of children.reverse()) {
    if (c.exitCode !== null || !c.pid) continue;
    try {
      if (c.spawnargs.some((a) => a.endsWith("start.ts"))) process.kill(-c.pid, "SIGKILL");
      else c.kill("SIGTERM");
    } catch {}
  }
  await new Promise((r) => setTimeout(r, 500));
  const admin = postgres(PG as string, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.end();
});

/** Answers whatever question is on screen (the order is shuffled). */
async function answerCurrent(page: Page) {
  const section = page.locator("section[id^=question-]").first();
  const radio = section.locator("input[type=radio]");
  if (await radio.count()) return radio.first().check();
  const box = section.locator("input[type=checkbox]");
  if (await box.count()) return box.first().check();
  const area = section.locator("textarea");
  if (await area.count()) return area.fill("先报告，再切断来源并设警戒。");
  return section.locator("input[type=text]").first().fill("1.55");
}

test.use({ baseURL: `http://127.0.0.1:${PORTS.nginx}` });

test("a quiz through nginx on two instances: saves on both, one killed mid-quiz, the submit graded once", async ({ page }) => {
  test.setTimeout(150_000);
  const upstreams: { path: string; upstream: string }[] = [];
  page.on("response", (r) => {
    const upstream = r.headers()["x-upstream"];
    if (upstream) upstreams.push({ path: new URL(r.url()).pathname, upstream });
  });
  const saveBodies: unknown[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/answers")) saveBodies.push(r.postDataJSON());
  });
  const instanceOf = (upstream: string) => (upstream.endsWith(`:${PORTS.a}`) ? "a" : upstream.endsWith(`:${PORTS.b}`) ? "b" : upstream);

  await signIn(page, "900004");
  await page.goto("/quizzes");
  await page.getByRole("button", { name: "开始答题" }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  const attemptId = Number(page.url().split("/").pop());
  const status = page.getByTestId("save-status");

  // Six answers, each confirmed by the server before the next.
  for (let i = 0; i < 6; i++) {
    if (i > 0) await page.getByRole("button", { name: "下一题" }).click();
    await answerCurrent(page);
    await expect(status).toHaveAttribute("data-status", "saved");
  }
  // The last save again, straight from the page's session with a higher sequence number: six
  // requests in a row, which nginx spreads over both instances.
  const last = saveBodies.at(-1) as { answers: { seq: number }[] } | undefined;
  if (!last) throw new Error("no answer save was seen");
  for (let i = 1; i <= 6; i++) {
    const answers = last.answers.map((x) => ({ ...x, seq: x.seq + i }));
    const r = await page.request.post(`/api/attempts/${attemptId}/answers`, { data: { answers } });
    expect(r.status()).toBe(200);
    // page.request's answers are not page events: counted here.
    upstreams.push({ path: `/api/attempts/${attemptId}/answers`, upstream: r.headers()["x-upstream"] ?? "" });
  }
  const saves = upstreams.filter((u) => u.path.endsWith("/answers"));
  const byInstance = (list: { upstream: string }[]) =>
    list.reduce<Record<string, number>>((m, u) => {
      const k = instanceOf(u.upstream);
      m[k] = (m[k] ?? 0) + 1;
      return m;
    }, {});
  const split = byInstance(saves);
  console.log(`before the kill: requests per instance ${JSON.stringify(byInstance(upstreams))}, answer saves ${JSON.stringify(split)}`);
  expect(split.a, "instance a took some of the answer saves").toBeGreaterThan(0);
  expect(split.b, "instance b took some of the answer saves").toBeGreaterThan(0);

  // kill -9 of instance a (its primary and web process) mid-quiz; b serves the rest.
  const a = children[0];
  if (!a?.pid) throw new Error("instance a is not running");
  process.kill(-a.pid, "SIGKILL");
  const afterKill = upstreams.length;
  for (let i = 6; i < 9; i++) {
    await page.getByRole("button", { name: "下一题" }).click();
    await answerCurrent(page);
    await expect(status).toHaveAttribute("data-status", "saved", { timeout: 20_000 });
  }
  await page.reload();
  await expect(page.getByRole("navigation", { name: "答题卡" }).getByRole("link", { name: /已答/ })).toHaveCount(9);
  await page.getByRole("button", { name: "交卷" }).click();
  await page.getByRole("button", { name: "交卷" }).last().click();
  await expect(page).toHaveURL(/\/review$/);
  await expect(page.getByTestId("receipt").getByRole("heading", { name: "交卷成功" })).toBeVisible();
  await expect(page.getByTestId("receipt")).toContainText("9 / 12 题");
  // Every page and request after the kill was answered by b (static files may come from the
  // browser's cache with a's header; a request nginx first tried on a reads "a, b").
  const late = upstreams.slice(afterKill).filter((u) => !u.path.startsWith("/_next/static/"));
  console.log(`after the kill: requests per instance ${JSON.stringify(byInstance(late))}`);
  expect(late.length).toBeGreaterThan(0);
  for (const u of late) expect(instanceOf(u.upstream), u.path).toBe("b");
  // Graded once: one finished attempt with its score, one result row, nothing still open.
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select state, score, submitted_at from attempts where id = ${attemptId}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).not.toBe("in_progress");
    expect(rows[0]?.submitted_at).not.toBeNull();
    const answers = await sql`select count(*)::int as n from attempt_answers where attempt_id = ${attemptId} and response is not null`;
    expect(answers[0]?.n).toBe(9);
    const results =
      await sql`select count(*)::int as n from quiz_results r join attempts t on t.quiz_id = r.quiz_id and t.member_id = r.member_id where t.id = ${attemptId}`;
    expect(results[0]?.n).toBe(1);
    // A second submit (a retry that went to the other instance) changes nothing.
    const again = await page.request.post(`/api/attempts/${attemptId}/submit`, { data: { answers: [] } });
    expect(again.status()).toBeLessThan(500);
    const after = await sql`select state, score, submitted_at from attempts where id = ${attemptId}`;
    expect(after).toEqual(rows);
  } finally {
    await sql.end();
  }
});
