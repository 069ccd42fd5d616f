import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { qrPicture } from "@/lib/core/qr";
import { actAs, DEMO, DEMO_PASSWORD, expectNoHorizontalScroll, saveScreenshot, uniq } from "./helpers";

/**
 * 一机一码 end to end: a trainer uploads a one-minute clip, registers a pump at 韦2中转站 with it,
 * the job 集输工 and the demo's practice category, and prints its label (the QR code drawn is the
 * one for the scan address). A worker of that station opens the address on a phone without a
 * session, signs in and comes back to it, sees their own eligibility, plays the clip for a while,
 * answers the three questions and sees the micro-学时 on the page and in their profile's hours.
 */
test.describe.configure({ mode: "serial" });

const LESSON = `输油泵操作片段 ${uniq("L")}`;
const PUMP = `1号输油泵 ${uniq("P")}`;
const SECONDS = 60;
let scanPath = "";

/** The uploaded lesson in the form's list (its label ends with the length ffprobe measured). */
async function pickLesson(page: Page) {
  const select = page.getByLabel("教学视频");
  const value = await select.locator("option", { hasText: LESSON }).getAttribute("value");
  await select.selectOption(value!);
}

test("a trainer registers a pump and prints its QR label", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const dir = testInfo.outputDir;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "clip.webm");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=320x180:rate=10",
    "-t",
    String(SECONDS),
    "-c:v",
    "libvpx",
    "-b:v",
    "100k",
    "-an",
    file,
  ]);
  await actAs(page, "trainer");
  await page.goto("/teach/lessons/new");
  await page.getByLabel("标题").fill(LESSON);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("main").getByText("视频课已创建")).toBeVisible();
  await page.getByLabel("选择视频文件").setInputFiles(file);
  await page.getByRole("button", { name: "开始上传" }).click();
  await expect(page.getByText(/上传完成：时长 1:00/)).toBeVisible({ timeout: 60_000 });
  await page.reload();
  await expect(async () => {
    await page.getByRole("button", { name: "发布" }).click();
    await expect(page.getByRole("dialog")).toBeVisible({ timeout: 2000 });
  }).toPass();
  await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("main").getByText("已发布").first()).toBeVisible();

  await page.goto("/teach/equipment");
  await expect(page.getByRole("heading", { name: "设备二维码（一机一码）" })).toBeVisible();
  await page.getByRole("link", { name: "登记设备" }).click();
  // Refused input comes back as a message and saves nothing: no job, no questions.
  await page.getByLabel("设备名称").fill(PUMP);
  await page.getByLabel("所在站点").selectOption({ label: "采油九队 · 韦2中转站" });
  await pickLesson(page);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "请至少选择一个岗位。" })).toBeVisible();
  // The refused form keeps everything that was entered (issue 16): nothing to type again.
  const form = page.getByTestId("equipment-form");
  const chosen = (label: string) => form.getByLabel(label).locator("option:checked");
  await expect(form.getByLabel("设备名称")).toHaveValue(PUMP);
  await expect(chosen("所在站点")).toHaveText("采油九队 · 韦2中转站");
  await expect(chosen("教学视频")).toContainText(LESSON);
  // Refused again (a category and a picked question: one of the two), ticked jobs and repeated fields survive too.
  await form.getByRole("checkbox", { name: "集输工" }).check();
  await form.getByLabel("练习分类").selectOption({ label: "日常检查" });
  const firstQuestion = form.locator("#question-0");
  const picked = await firstQuestion.locator("option").nth(1).getAttribute("value");
  await firstQuestion.selectOption(picked!);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "请挑选 3 道不同的题目。" })).toBeVisible();
  await expect(form.getByRole("checkbox", { name: "集输工" })).toBeChecked();
  await expect(chosen("练习分类")).toHaveText("日常检查");
  await expect(firstQuestion).toHaveValue(picked!);
  await expect(form.getByLabel("设备名称")).toHaveValue(PUMP);
  await expect(chosen("教学视频")).toContainText(LESSON);
  await firstQuestion.selectOption("");
  await saveScreenshot(page, testInfo, "equipment-form-1280");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("设备已登记。")).toBeVisible();

  await page.getByRole("link", { name: "打印标签" }).click();
  const label = page.getByTestId("label");
  await expect(label).toHaveCount(1);
  await expect(label).toContainText(PUMP);
  await expect(label).toContainText("韦2中转站");
  const url = await label.locator("svg").getAttribute("data-url");
  expect(url).toMatch(/^https?:\/\/[^/]+\/e\/[A-Za-z0-9_-]{22}$/);
  // The QR code drawn is the one of that address.
  expect(await label.locator("svg path").getAttribute("d")).toBe(qrPicture(url!).path);
  scanPath = new URL(url!).pathname;
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "equipment-labels-1280");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await saveScreenshot(page, testInfo, "equipment-labels-print");
  await page.emulateMedia({ media: "screen" });

  // The list shows it with its station and job.
  await page.goto("/teach/equipment");
  await expect(page.getByRole("row").filter({ hasText: PUMP })).toContainText("集输工");
});

test("a worker scans it on a phone, watches, answers and earns micro-学时", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  expect(scanPath).toMatch(/^\/e\//);
  await page.setViewportSize({ width: 360, height: 740 });
  // No session: the sign-in page, which comes back to the scan.
  await page.goto(scanPath);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel(/^(工号|Employee number)$/).fill(DEMO.worker.employeeNo);
  await page.getByLabel(/^(密码|Password)$/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await expect(page).toHaveURL(new RegExp(`${scanPath}$`));
  await expect(page.getByRole("heading", { name: PUMP })).toBeVisible();
  await expect(page.getByText("采油九队").or(page.getByText("韦2中转站")).first()).toBeVisible();
  // Their own standing for 集输工 (the job they hold), with its status in words.
  const job = page.getByTestId("scan-jobs").locator("li[data-job='J-GATH']");
  await expect(job).toBeVisible();
  expect(["eligible", "expiring", "missing"]).toContain(await job.getAttribute("data-status"));
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "equipment-scan-360");

  // Plays the clip at 2× for about 30 media seconds, then pauses (the pause reports).
  const progress = page.waitForResponse((r) => r.url().includes("/api/equipment/") && r.request().method() === "POST" && r.ok());
  await page.evaluate(() => {
    const v = document.querySelector("video")!;
    v.muted = true;
    v.playbackRate = 2;
    void v.play();
  });
  await page.waitForFunction(() => document.querySelector("video")!.currentTime >= 30, undefined, { timeout: 60_000 });
  await page.evaluate(() => document.querySelector("video")!.pause());
  await progress;
  // 0.01 h is 36 s, half of it rounds up: what was played (≈ 30 s, less the first tick) counts.
  await expect.poll(async () => Number(await page.getByTestId("watched").getAttribute("data-watched-s"))).toBeGreaterThanOrEqual(20);

  // Three questions, each answered through a plain form, each answered at once.
  for (let n = 0; n < 3; n++) {
    const form = page.getByTestId("practice-form").first();
    await expect(form).toBeVisible();
    const radio = form.locator("input[type=radio]");
    const box = form.locator("input[type=checkbox]");
    const text = form.locator("input[type=text], input:not([type])");
    if (await radio.count()) await radio.first().check();
    else if (await box.count()) await box.first().check();
    else await text.first().fill("1");
    await form.getByRole("button", { name: "提交答案" }).click();
    await expect(page.getByTestId("scan-feedback")).toHaveCount(n + 1);
  }
  await expect(page.getByTestId("practice-form")).toHaveCount(0);
  const feedback = page.getByTestId("scan-feedback").first();
  await expect(feedback.getByText(/回答正确|回答错误/)).toBeVisible();
  await expect(feedback.getByText(/正确答案：/)).toBeVisible();
  const hours = Number(await page.getByTestId("scan-hours").getAttribute("data-hours"));
  expect(hours).toBeGreaterThanOrEqual(0.01);
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "equipment-scan-answered-360");

  // The micro-学时 in their own hours.
  await page.getByRole("link", { name: "查看我的学时" }).click();
  const entry = page.getByRole("listitem").filter({ hasText: PUMP });
  await expect(entry).toContainText("一机一码");
  await expect(entry).toContainText(String(hours));
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "equipment-hours-360");
  // The entry links back to the equipment's scan page.
  await entry.getByRole("link", { name: PUMP }).click();
  await expect(page).toHaveURL(/\/e\/[\w-]{22}$/);
  await expect(page.getByRole("heading", { name: PUMP })).toBeVisible();

  // An unknown code is a message, not an error page.
  await page.goto("/e/AAAAAAAAAAAAAAAAAAAAAA");
  await expect(page.getByRole("heading", { name: "无法识别的二维码" })).toBeVisible();
  await page.goto("/e/not-a-code");
  await expect(page.getByRole("heading", { name: "无法识别的二维码" })).toBeVisible();
});
