import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Page } from "@playwright/test";
import S3rver from "s3rver";
import { signInAs } from "./helpers";

// Direct uploads (issue 17) in Chromium: a trainer uploads a lesson video through the real
// uploader, and its parts go from the browser straight to the bucket (s3rver on loopback, with the
// README's CORS rule) with presigned URLs, past the page's Content-Security-Policy; no video byte
// goes to the app. A dropped connection mid-way pauses the upload, and resuming sends only the
// parts that are not in. Its own `next start` (the suite's build, a fresh embedded database with
// the demo data) with S3_BUCKET set, next to the suite's server.

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
const APP_PORT = BASE_PORT + 400;
const APP = `http://localhost:${APP_PORT}`;
const root = path.resolve(import.meta.dirname, "../..");
const work = path.join(os.tmpdir(), `jobready-direct-upload-${BASE_PORT}`);
const MiB = 1024 * 1024;

let s3: S3rver;
let s3Url = "";
let app: ChildProcess | null = null;
const appLog: Buffer[] = [];

test.describe.configure({ mode: "serial" });
test.use({ baseURL: APP });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const cors = `<CORSConfiguration><CORSRule>
    <AllowedOrigin>${APP}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>
    <ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule></CORSConfiguration>`;
  s3 = new S3rver({ address: "127.0.0.1", port: 0, directory: path.join(work, "s3"), silent: true, configureBuckets: [{ name: "media", configs: [cors] }] });
  const { port } = (await s3.run()) as unknown as { port: number };
  s3Url = `http://127.0.0.1:${port}`;
  app = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(APP_PORT)], {
    cwd: root,
    detached: true, // its own process group, stopped whole
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PGLITE_DIR: path.join(work, "db"),
      DATABASE_URL: "",
      MEDIA_DIR: path.join(work, "media"),
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      APP_TIME_ZONE: "Asia/Shanghai",
      NEXT_TELEMETRY_DISABLED: "1",
      S3_BUCKET: "media",
      S3_ENDPOINT: s3Url,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    },
  });
  app.stdout?.on("data", (d: Buffer) => appLog.push(d));
  app.stderr?.on("data", (d: Buffer) => appLog.push(d));
  const until = Date.now() + 150_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`next start ended (${app.exitCode}):\n${Buffer.concat(appLog).toString().slice(-3000)}`);
    if ((await fetch(`${APP}/login`).catch(() => null))?.status === 200) break;
    if (Date.now() > until) throw new Error(`${APP} not ready within 150 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (app?.pid && app.exitCode === null) {
    try {
      process.kill(-app.pid, "SIGTERM");
    } catch {}
  }
  writeFileSync(path.join(work, "app.log"), Buffer.concat(appLog));
  await s3?.close();
});

/** A real MP4 (the committed test pattern) padded with a `free` box to `size` bytes: several parts. */
function paddedVideo(dir: string, size: number): string {
  const mp4 = readFileSync(path.join(root, "tests/fixtures/video/test-pattern.mp4"));
  const free = Buffer.alloc(8);
  free.writeUInt32BE(size - mp4.length, 0);
  free.write("free", 4, "latin1");
  const file = path.join(dir, "泵房巡检.mp4");
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, Buffer.concat([mp4, free, randomBytes(size - mp4.length - 8)]));
  return file;
}

/** What went where: the bucket's part PUTs (by part number), the app's upload routes, CSP complaints. */
function watch(page: Page) {
  const seen = { partPuts: [] as number[], chunkPuts: 0, urls: 0, reports: 0, csp: [] as string[] };
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.origin === s3Url && r.method() === "PUT") seen.partPuts.push(Number(u.searchParams.get("partNumber")));
    if (u.origin === APP && r.method() === "PUT" && u.pathname.startsWith("/api/lessons/uploads/")) seen.chunkPuts++;
    if (u.origin === APP && u.pathname.endsWith("/part-urls")) seen.urls++;
    if (u.origin === APP && u.pathname.endsWith("/parts")) seen.reports++;
  });
  page.on("console", (m) => {
    if (/Content Security Policy|violates/i.test(m.text())) seen.csp.push(m.text());
  });
  return seen;
}

async function newLesson(page: Page, title: string): Promise<void> {
  await page.goto("/teach/lessons/new");
  await page.getByLabel("标题").fill(title);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("main").getByText("视频课已创建")).toBeVisible();
}

/** The bucket's stored lesson videos (not the uploads being assembled under tmp/). */
async function storedVideos(): Promise<{ key: string; size: number }[]> {
  const c = new S3Client({ endpoint: s3Url, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  const r = await c.send(new ListObjectsV2Command({ Bucket: "media", Prefix: "lessons/" }));
  return (r.Contents ?? []).filter((o) => o.Key?.endsWith(".mp4")).map((o) => ({ key: o.Key as string, size: Number(o.Size) }));
}

test("a trainer's video goes from the browser straight to the bucket, part by part, and becomes the lesson's", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const size = 17 * MiB;
  const file = paddedVideo(testInfo.outputDir, size);
  const seen = watch(page);
  await signInAs(page, "trainer");
  await newLesson(page, "直传视频");
  const before = (await storedVideos()).length;

  await page.getByLabel("选择视频文件").setInputFiles(file);
  await page.getByRole("button", { name: "开始上传" }).click();
  await expect(page.getByText(/上传完成：时长 0:0\d/)).toBeVisible({ timeout: 60_000 });
  // Three parts (8, 8 and 1 MiB), each once, to the bucket; each with its URL and report; no chunk through the app.
  expect(seen.partPuts).toEqual([1, 2, 3]);
  expect([seen.urls, seen.reports, seen.chunkPuts]).toEqual([3, 3, 0]);
  expect(seen.csp).toEqual([]);
  await page.reload();
  await expect(page.getByText(/当前视频：0:0\d/)).toBeVisible();
  const stored = await storedVideos();
  expect(stored).toHaveLength(before + 1);
  expect(stored.map((o) => o.size)).toContain(size);
});

test("a dropped connection mid-way pauses the upload; resuming sends only the parts not in", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const size = 20 * MiB;
  const file = paddedVideo(testInfo.outputDir, size);
  const seen = watch(page);
  await signInAs(page, "trainer");
  await newLesson(page, "断点续传视频");

  // Part 2 never reaches the bucket: the uploader retries it, then pauses.
  const cut = (u: URL) => u.origin === s3Url && u.searchParams.get("partNumber") === "2";
  await page.route(cut, (r) => r.abort("connectionreset"));
  await page.getByLabel("选择视频文件").setInputFiles(file);
  await page.getByRole("button", { name: "开始上传" }).click();
  await expect(page.getByText(/上传中断，已上传 \d+%/)).toBeVisible({ timeout: 60_000 });
  expect(seen.partPuts[0]).toBe(1);
  expect(new Set(seen.partPuts)).toEqual(new Set([1, 2]));

  // The connection is back; a reload (the upload id is remembered for this file) and resume.
  await page.unroute(cut);
  await page.reload();
  seen.partPuts.length = 0;
  await page.getByLabel("选择视频文件").setInputFiles(file);
  await page.getByRole("button", { name: "开始上传" }).click();
  await expect(page.getByText(/上传完成：时长 0:0\d/)).toBeVisible({ timeout: 60_000 });
  expect(seen.partPuts).toEqual([2, 3]);
  expect(seen.chunkPuts).toBe(0);
  expect(seen.csp).toEqual([]);
  expect((await storedVideos()).map((o) => o.size)).toContain(size);
});
