import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, saveScreenshot, signInAs, signOut, traceServiceWorker, uniq, waitForServiceWorker } from "./helpers";

/**
 * 离线观看 end to end (issue 16): a trainer publishes a lesson with its HLS ladder in a course for
 * 采油九队; a worker on a phone sees the download's size, downloads the lesson (its lowest rung,
 * kept in the browser), loses the connection, reloads the lesson and watches it from the stored
 * copy; the progress waits on the phone and, once back online, is merged by the server: the lesson
 * page shows it. Signing out while the progress waits names it in a warning (取消 keeps it); once
 * synced, signing out forgets the download.
 */
test.describe.configure({ mode: "serial" });

const LESSON = `离线视频 ${uniq("O")}`;
const COURSE = `离线课程 ${uniq("OC")}`;

function clip(outDir: string): string {
  const file = path.join(outDir, "clip.mp4");
  mkdirSync(outDir, { recursive: true });
  execFileSync("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=8", "-f", "lavfi", "-i", "sine=frequency=440:duration=8"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file],
  ]);
  return file;
}

async function playTo(page: Page, t: number) {
  await page.evaluate(() => {
    const v = document.querySelector("video")!;
    v.muted = true;
    void v.play();
  });
  await page.waitForFunction((t) => document.querySelector("video")!.currentTime >= t, t, { timeout: 30_000 });
}

/** Waits until the service worker keeps page `p` for a reload without a connection. */
async function kept(page: Page, p: string) {
  await expect
    .poll(
      () =>
        page.evaluate(async (p) => {
          const c = await caches.open("jr-pages");
          return (await c.keys()).some((r) => new URL(r.url).pathname === p);
        }, p),
      { timeout: 20_000 },
    )
    .toBe(true);
}

test("a trainer publishes a lesson with its ladder in a course for 采油九队", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await actAs(page, "trainer");
  await page.goto("/teach/lessons/new");
  await page.getByLabel("标题").fill(LESSON);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("main").getByText("视频课已创建")).toBeVisible();
  await page.getByLabel("选择视频文件").setInputFiles(clip(testInfo.outputDir));
  await page.getByRole("button", { name: "开始上传" }).click();
  await expect(page.getByText(/上传完成：时长 0:08/)).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId("ladder")).toHaveAttribute("data-state", "done", { timeout: 90_000 });
  await page.getByRole("button", { name: "发布" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("main").getByText("已发布").first()).toBeVisible();

  await page.goto("/teach/courses/new");
  await page.getByLabel("课程名称").fill(COURSE);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByText("课程已创建。")).toBeVisible();
  await page.getByRole("combobox", { name: "内容", exact: true }).selectOption({ label: LESSON });
  await page.getByRole("button", { name: "添加" }).click();
  await page
    .locator("form", { has: page.getByRole("button", { name: "添加" }) })
    .getByRole("button", { name: "保存" })
    .click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await page.getByRole("checkbox", { name: "采油九队" }).check();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/teach/courses/")),
    page
      .locator("form", { has: page.getByRole("checkbox", { name: "采油九队" }) })
      .getByRole("button", { name: "保存" })
      .click(),
  ]);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("checkbox", { name: "采油九队" })).toBeChecked();
  await page.getByRole("button", { name: "发布" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("main").getByText("已发布").first()).toBeVisible();
});

test("a worker downloads the lesson, watches it without a connection; the progress is synced when back online", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  await traceServiceWorker(context);
  const page = await context.newPage();
  try {
    await signInAs(page, "worker");
    await waitForServiceWorker(page);
    await page.goto("/courses");
    await page.getByRole("listitem").filter({ hasText: COURSE }).getByRole("link", { name: "开始学习" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(LESSON);
    const lessonPath = new URL(page.url()).pathname;
    const coursePath = lessonPath.replace(/\/lessons\/\d+$/, "");
    await kept(page, lessonPath);

    // The size before downloading: the lowest rung's.
    const box = page.getByTestId("offline-download");
    await expect(box).toContainText(/约 [0-9.]+ MB（240p），保存 30 天/);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "offline-lesson-before-360");
    // As if the lesson were downloaded with its whole course, its page never opened: the download keeps the page.
    await page.evaluate(() => caches.delete("jr-pages"));
    await box.getByRole("button", { name: "下载离线观看" }).click();
    await expect(box.getByText("已下载，可离线观看")).toBeVisible({ timeout: 30_000 });
    const pageKept = await page.evaluate(async (p) => (await (await caches.open("jr-pages")).match(p)) !== undefined, lessonPath);
    expect(pageKept).toBe(true);
    const stored = await page.evaluate(async () => {
      const name = (await caches.keys()).find((k) => k.startsWith("jr-dl-"));
      const keys = name ? await (await caches.open(name)).keys() : [];
      return { name, files: keys.map((k) => new URL(k.url).pathname) };
    });
    expect(stored.name).toMatch(/^jr-dl-\d+$/);
    expect(stored.files.some((f) => f.endsWith("/index.m3u8"))).toBe(true);
    expect(stored.files.filter((f) => f.endsWith(".ts")).length).toBeGreaterThanOrEqual(2);
    await saveScreenshot(page, testInfo, "offline-lesson-downloaded-360");

    // 已下载: the list with its size and expiry.
    await page.goto("/downloads");
    const row = page.getByTestId("downloads").getByRole("listitem").filter({ hasText: LESSON });
    await expect(row).toContainText(/[0-9.]+ MB · 240p/);
    // The site's date style (not a raw YYYY-MM-DD), with the days left.
    await expect(row).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 过期（还剩 30 天）/);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "offline-downloads-360");
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "offline-downloads-1280");
    await page.setViewportSize({ width: 360, height: 780 });

    // The course page offers the whole course (already downloaded here).
    await page.goto(coursePath);
    await expect(page.getByTestId("offline-course")).toContainText("已下载");
    await saveScreenshot(page, testInfo, "offline-course-360");

    // No connection: the lesson page opens from the pages' cache (kept by the download) and plays the stored copy.
    await context.setOffline(true);
    await page.goto(lessonPath);
    const mediaWhileOffline: string[] = [];
    page.on("request", (r) => {
      // The video (its playlists and segments, or the original file); the poster image may come from the browser's cache.
      if (/\/api\/media\/lessons\/\d+(\/hls\/|\?|$)/.test(r.url())) mediaWhileOffline.push(r.url());
    });
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(LESSON);
    await expect(page.getByTestId("lesson-video")).toHaveAttribute("data-mode", "offline");
    await expect(page.getByTestId("playing-offline")).toBeVisible();
    await page.evaluate(() => {
      document.querySelector("video")!.currentTime = 0;
    });
    await playTo(page, 5);
    await page.evaluate(() => document.querySelector("video")!.pause());
    await expect(page.getByText("观看进度已保存在本设备，联网后自动同步。")).toBeVisible();
    const queued = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith("jr-dl:queue:")));
    expect(queued.length).toBe(1);
    expect(Number(await page.getByTestId("watched").getAttribute("data-watched-s"))).toBeGreaterThanOrEqual(4);
    expect(mediaWhileOffline).toEqual([]);
    await saveScreenshot(page, testInfo, "offline-lesson-playing-360");

    // Signing out now would lose that progress: the warning names it with its count; 取消 keeps it.
    await page.getByRole("button", { name: "退出登录" }).click();
    const warning = page.getByTestId("sign-out-warning");
    await expect(warning).toBeVisible();
    await expect(warning).toContainText("1 节课的观看进度尚未同步，现在退出登录将会丢失。");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "offline-sign-out-warning-360");
    await warning.getByRole("button", { name: "取消" }).click();
    await expect(warning).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(LESSON);
    expect(await page.evaluate(() => Object.entries(localStorage).filter(([k, v]) => k.startsWith("jr-dl:queue:") && v !== "[]").length)).toBe(1);

    // Back online: the queue is sent on the next page, the server merges it.
    await context.setOffline(false);
    await page.goto("/downloads");
    await expect
      .poll(() => page.evaluate(() => Object.entries(localStorage).filter(([k, v]) => k.startsWith("jr-dl:queue:") && v !== "[]").length), { timeout: 20_000 })
      .toBe(0);
    await page.goto(lessonPath);
    await expect.poll(async () => Number(await page.getByTestId("watched").getAttribute("data-watched-s"))).toBeGreaterThanOrEqual(4);
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "offline-lesson-1280");

    // Sign-out forgets the downloads.
    await signOut(page);
    const left = await page.evaluate(async () => ({
      caches: (await caches.keys()).filter((k) => k.startsWith("jr-dl-")),
      keys: Object.keys(localStorage).filter((k) => k.startsWith("jr-dl:")),
    }));
    expect(left).toEqual({ caches: [], keys: [] });
  } finally {
    await context.close();
  }
});
