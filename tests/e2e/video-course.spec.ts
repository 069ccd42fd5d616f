import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, saveScreenshot, uniq } from "./helpers";

/**
 * 视频教学 end to end: a trainer uploads a generated test-pattern video and builds a course for
 * 采油九队; a worker of that team, on a phone, plays it, seeks ahead, sees that only what was
 * played counts, finishes it, and the course's progress moves.
 */
test.describe.configure({ mode: "serial" });

const LESSON = `测试图卡视频 ${uniq("L")}`;
const COURSE = `视频课程 ${uniq("C")}`;
const DURATION = 10;

/** An ffmpeg test pattern made now; the committed one (8 s) when the machine has no ffmpeg. */
function testVideo(outDir: string): { file: string; seconds: number } {
  const file = path.join(outDir, "pattern.webm");
  try {
    mkdirSync(outDir, { recursive: true });
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `testsrc=size=320x180:rate=15`,
      "-t",
      String(DURATION),
      "-c:v",
      "libvpx",
      "-b:v",
      "150k",
      "-an",
      file,
    ]);
    return { file, seconds: DURATION };
  } catch {
    return { file: path.resolve("tests/fixtures/video/test-pattern.webm"), seconds: 8 };
  }
}

let seconds = DURATION;

async function watched(page: Page): Promise<number> {
  return Number(await page.getByTestId("watched").getAttribute("data-watched-s"));
}

async function playUntil(page: Page, t: number) {
  await page.evaluate(() => {
    const v = document.querySelector("video")!;
    v.muted = true;
    void v.play();
  });
  await page.waitForFunction((t) => {
    const v = document.querySelector("video")!;
    return v.currentTime >= t || v.ended;
  }, t);
}

async function pause(page: Page) {
  await page.evaluate(() => document.querySelector("video")!.pause());
}

async function seek(page: Page, t: number) {
  await page.evaluate(async (t) => {
    const v = document.querySelector("video")!;
    await new Promise<void>((resolve) => {
      v.addEventListener("seeked", () => resolve(), { once: true });
      v.currentTime = t;
    });
  }, t);
}

test("a trainer uploads a lesson and builds a course for a team", async ({ page }, testInfo) => {
  const video = testVideo(testInfo.outputDir);
  seconds = video.seconds;
  await actAs(page, "trainer");
  await page.goto("/teach/lessons/new");
  await page.getByLabel("标题").fill(LESSON);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("main").getByText("视频课已创建")).toBeVisible();

  await page.getByLabel("选择视频文件").setInputFiles(video.file);
  await page.getByRole("button", { name: "开始上传" }).click();
  await expect(page.getByText(/上传完成：时长 0:(08|10)/)).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(page.getByText(/当前视频：0:(08|10)/)).toBeVisible();
  // Publishing asks first and says whom it reaches.
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("dialog")).toContainText("0 门课程包含此课时，这些课程共有 0 名学员（已分配或在课程对象中）；课程发布后即可观看。");
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
  await expect(page.getByRole("listitem").filter({ hasText: LESSON })).toBeVisible();
  await page.getByRole("checkbox", { name: "采油九队" }).check();
  await page
    .locator("form", { has: page.getByRole("checkbox", { name: "采油九队" }) })
    .getByRole("button", { name: "保存" })
    .click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "采油九队" })).toBeChecked();
  // The dialog's count is the page's as rendered: load it afresh after saving the audience.
  await page.reload();
  // The button opens its confirmation even before the page is interactive (the browser's invoker commands).
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expect(page.getByRole("dialog")).toContainText(/发布后，[1-9]\d* 名职工（已分配或在课程对象中）即可看到并开始学习。/);
  await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("main").getByText("已发布").first()).toBeVisible();
  await saveScreenshot(page, testInfo, "video-course-trainer");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("a worker plays the lesson, a seek ahead does not count, finishing it moves the course", async ({ page }, testInfo) => {
    await actAs(page, "worker");
    await page.goto("/courses");
    const card = page.getByRole("listitem").filter({ hasText: COURSE });
    await expect(card).toBeVisible();
    await expect(card.getByText("已完成 0/1 项")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await card.getByRole("link", { name: "开始学习" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(LESSON);
    await expect(page.getByTestId("lesson-video")).toBeVisible();
    await expectNoHorizontalScroll(page);

    // Play the first 2 s and pause: the pause reports what was played.
    await playUntil(page, 2);
    await pause(page);
    await expect.poll(() => watched(page)).toBeGreaterThanOrEqual(1.5);
    const first = await watched(page);
    expect(first).toBeLessThan(3.5);

    // Seek ahead to 2 s before the end and play to the end: only those 2 s are added.
    await seek(page, seconds - 2);
    await playUntil(page, seconds);
    await expect.poll(() => watched(page)).toBeGreaterThan(first + 1);
    const second = await watched(page);
    expect(second).toBeLessThan(first + 2.6);
    await expect(page.getByTestId("watched")).toHaveAttribute("data-completed", "0");

    // Back to where the first play stopped, at 2×, up to where the seek landed: now it is all watched.
    await seek(page, Math.max(0, first - 0.5));
    await page.getByRole("button", { name: "2×" }).click();
    await playUntil(page, seconds - 1.5);
    await pause(page);
    await expect(page.getByTestId("watched")).toHaveAttribute("data-completed", "1");
    await expect(page.getByText("本视频已完成")).toBeVisible();
    expect(await watched(page)).toBeLessThanOrEqual(seconds + 0.01);
    await saveScreenshot(page, testInfo, "video-player-phone");

    // The media URL is signed for this viewer and short-lived; the player's renewal hands out one that plays.
    const src = await page.getByTestId("lesson-video").getAttribute("src");
    // (Or, once the lesson's HLS ladder is made, hls.js's media source: tests/e2e/video-hls.spec.ts.)
    expect(src).toMatch(/^(\/api\/media\/lessons\/\d+\?t=|blob:)/);
    const lessonId = Number(new URL(page.url()).pathname.split("/").pop());
    const renewed = await page.evaluate(async (id) => {
      const r = await fetch(`/api/lessons/${id}/media-url`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      const j = (await r.json()) as { src: string; validForMs: number };
      const bytes = await fetch(j.src, { headers: { Range: "bytes=0-1" } });
      return { status: bytes.status, src: j.src, validForMs: j.validForMs };
    }, lessonId);
    expect(renewed.status).toBe(206);
    expect(renewed.src).toContain("?t=");
    expect(renewed.validForMs).toBeLessThanOrEqual(20 * 60_000);

    await page.goto("/courses");
    const done = page.getByRole("listitem").filter({ hasText: COURSE });
    await expect(done.getByText("已完成", { exact: true })).toBeVisible();
    await expect(done.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "video-courses-phone");
  });
});

test("the trainer sees the completion per unit", async ({ page }) => {
  await actAs(page, "trainer");
  await page.goto("/teach/courses");
  await page.getByRole("link", { name: COURSE }).click();
  await page.getByRole("link", { name: "完成情况" }).click();
  await expect(page.getByRole("row").filter({ hasText: "韦2中转站" })).toContainText("1");
  await expect(page.getByTestId("not-started")).not.toContainText("林晓雨");
});

test("ids no database column can hold, or no number at all, are 404 on the video pages", async ({ page }) => {
  await actAs(page, "trainer");
  for (const url of [
    "/courses/2147483648",
    "/courses/abc",
    "/courses/1/lessons/99999999999",
    "/teach/lessons/2147483648",
    "/teach/lessons/1.5/report",
    "/teach/courses/abc",
    "/teach/courses/2147483648/report",
  ]) {
    const r = await page.goto(url);
    expect(r?.status(), url).toBe(404);
  }
});
