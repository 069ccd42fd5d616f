import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createActivatedUser, expectNoHorizontalScroll, newSession, publishCategoryQuiz, saveScreenshot, signIn, uniq } from "./helpers";

/** A short clip made with ffmpeg at test time (`args` before the output file). */
function clip(dir: string, name: string, args: string[]): Buffer {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  execFileSync("ffmpeg", ["-v", "error", "-y", ...args, file]);
  return readFileSync(file);
}

test.describe("clips in questions", () => {
  test.setTimeout(240_000);

  test("a trainer adds sounds (MP3, M4A) and videos (WebM, MP4 H.264) to a question; a worker plays them in the attempt at 360 px; one without an attempt cannot fetch them", async ({
    page,
    browser,
  }, testInfo) => {
    const dir = testInfo.outputDir;
    const mp3 = clip(dir, "pump.mp3", ["-f", "lavfi", "-i", "sine=frequency=330:duration=3", "-ac", "1", "-b:a", "32k"]);
    const lavfi = ["-f", "lavfi", "-i", "testsrc=size=320x180:rate=10:duration=3", "-f", "lavfi", "-i", "sine=frequency=500:duration=3"];
    const webm = clip(dir, "valve.webm", [...lavfi, ...["-c:v", "libvpx", "-b:v", "100k", "-c:a", "libopus", "-shortest"]]);
    // What phones record and share: H.264/AAC in MP4 (the moov first, as a phone's camera or a
    // converter writes it for streaming), and a voice memo's AAC in M4A. The suite's Chromium
    // (Debian's, /usr/bin/chromium) plays H.264 and AAC; Playwright's own Chromium build does not.
    const mp4 = clip(dir, "gauge.mp4", [
      ...lavfi,
      ...["-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-b:v", "100k"],
      ...["-c:a", "aac", "-b:a", "32k", "-shortest", "-movflags", "+faststart"],
    ]);
    const m4a = clip(dir, "memo.m4a", ["-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ac", "1", "-c:a", "aac", "-b:a", "32k"]);
    expect(mp3.length + webm.length + mp4.length + m4a.length).toBeLessThan(300_000);
    const category = uniq("听声辨障");
    const title = `听声小测 ${uniq("")}`;

    const admin = await newSession(browser);
    await signIn(admin.page, "900001");
    const worker = await newSession(browser);
    await createActivatedUser(admin.page, worker.page, { unit: "韦6站" });
    const outsider = await newSession(browser);
    await createActivatedUser(admin.page, outsider.page, { unit: "马五中转站" });
    await admin.context.close();

    // The trainer: a question with a sound and a video in the stem.
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, "900003");
    await page.goto("/teach/bank/new");
    await page.getByLabel("题干").fill("听泵声，判断故障：");
    const input = page.locator('input[type="file"]').first();
    await expect(input).toHaveAttribute("accept", "image/*,audio/*,video/*");
    await input.setInputFiles({ name: "pump.mp3", mimeType: "audio/mpeg", buffer: mp3 });
    // Each upload is probed by ffprobe on the server: seconds on a busy machine.
    await expect(page.getByLabel("题干")).toHaveValue(/听泵声，判断故障：\n\[\[audio:[a-z0-9]{16}\]\]$/, { timeout: 30_000 });
    await input.setInputFiles({ name: "valve.webm", mimeType: "video/webm", buffer: webm });
    await expect(page.getByLabel("题干")).toHaveValue(/\[\[audio:[a-z0-9]{16}\]\]\n\[\[video:[a-z0-9]{16}\]\]$/, { timeout: 30_000 });
    // A renamed program is refused, named in the page.
    await input.setInputFiles({ name: "setup.mp3", mimeType: "audio/mpeg", buffer: Buffer.from("MZ\x90\0\x03\0\0\0 not a clip") });
    await expect(page.getByRole("alert").filter({ hasText: "只能上传图片" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("button", { name: "移除视频 2" })).toBeVisible();
    await input.setInputFiles({ name: "gauge.mp4", mimeType: "video/mp4", buffer: mp4 });
    await expect(page.getByLabel("题干")).toHaveValue(/\[\[video:[a-z0-9]{16}\]\]\n\[\[video:[a-z0-9]{16}\]\]$/, { timeout: 30_000 });
    await input.setInputFiles({ name: "memo.m4a", mimeType: "audio/mp4", buffer: m4a });
    await expect(page.getByLabel("题干")).toHaveValue(/\[\[video:[a-z0-9]{16}\]\]\n\[\[audio:[a-z0-9]{16}\]\]$/, { timeout: 30_000 });
    await page.getByLabel("选项A", { exact: true }).fill("盘根漏失");
    await page.getByLabel("选项B", { exact: true }).fill("轴承磨损");
    await page.getByLabel("正确 B").check();
    await page.getByRole("button", { name: "删除选项D" }).click();
    await page.getByRole("button", { name: "删除选项C" }).click();
    await page.getByLabel("分类", { exact: true }).fill(category);
    await saveScreenshot(page, testInfo, "quiz-clips-editor-1280");
    await page.getByRole("button", { name: "创建试题" }).click();
    await expect(page).toHaveURL(/\/teach\/bank\/\d+/);
    // In the stem's order: mp3, webm, mp4, m4a.
    const trainerAudio = page.getByRole("main").locator("audio[data-media]");
    await expect(trainerAudio).toHaveCount(2);
    await expect(trainerAudio.first()).toHaveAttribute("preload", "none");
    const [audioSrc, m4aSrc] = (await trainerAudio.evaluateAll((els) => els.map((e) => e.getAttribute("src")))) as [string, string];
    const [videoSrc, mp4Src] = (await page
      .getByRole("main")
      .locator("video[data-media]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("src")))) as [string, string];
    for (const src of [audioSrc, m4aSrc, videoSrc, mp4Src]) expect(src).toMatch(/^\/api\/media\/questions\/[a-z0-9]{16}$/);
    await saveScreenshot(page, testInfo, "quiz-clips-question-1280");

    await publishCategoryQuiz(page, { title, category, count: 1, station: "韦6站" });
    expect((await worker.page.request.get(audioSrc)).status()).toBe(404);

    // The worker, on a phone: players that load nothing until played, then play.
    const w = worker.page;
    await w.setViewportSize({ width: 360, height: 780 });
    await w.goto("/quizzes");
    await w.getByRole("button", { name: "开始答题" }).first().click();
    await expect(w).toHaveURL(/\/attempts\/\d+$/);
    const audio = w.locator("audio[data-media]");
    const video = w.locator("video[data-media]");
    await expect(audio).toHaveCount(2);
    await expect(video).toHaveCount(2);
    const players = { mp3: audio.nth(0), webm: video.nth(0), mp4: video.nth(1), m4a: audio.nth(1) };
    for (const player of Object.values(players)) {
      await expect(player).toBeVisible();
      expect(await player.evaluate((m: HTMLMediaElement) => m.readyState)).toBe(0);
    }
    for (const v of [players.webm, players.mp4]) {
      await expect(v).toHaveAttribute("playsinline", "");
      const vbox = (await v.boundingBox())!;
      expect(vbox.width).toBeLessThanOrEqual(360);
      expect(vbox.width).toBeGreaterThan(250);
    }
    await expectNoHorizontalScroll(w);
    for (const [name, player] of Object.entries(players)) {
      await player.evaluate(async (m: HTMLMediaElement) => {
        m.muted = true;
        await m.play();
      });
      await expect
        .poll(() => player.evaluate((m: HTMLMediaElement) => ({ playing: m.readyState >= 2 && m.currentTime > 0, error: m.error?.code ?? null })), {
          message: `${name} plays`,
          timeout: 20_000,
        })
        .toEqual({ playing: true, error: null });
      await player.evaluate((m: HTMLMediaElement) => m.pause());
    }
    // The MP4's picture was decoded (its size known): H.264 played, not its sound alone.
    expect(await players.mp4.evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight])).toEqual([320, 180]);
    await players.mp4.scrollIntoViewIfNeeded();
    await saveScreenshot(w, testInfo, "quiz-clips-attempt-360");
    // Served with ranges and its type; never to one without an attempt.
    const ranged = await w.request.get(audioSrc, { headers: { Range: "bytes=0-99" } });
    expect(ranged.status()).toBe(206);
    expect(ranged.headers()["content-type"]).toBe("audio/mpeg");
    expect((await w.request.get(videoSrc)).headers()["content-type"]).toBe("video/webm");
    for (const [src, type, bytes] of [
      [mp4Src, "video/mp4", mp4],
      [m4aSrc, "audio/mp4", m4a],
    ] as const) {
      const part = await w.request.get(src, { headers: { Range: "bytes=100-199" } });
      expect(part.status()).toBe(206);
      expect(part.headers()["content-type"]).toBe(type);
      expect(part.headers()["content-range"]).toBe(`bytes 100-199/${bytes.length}`);
      expect(Buffer.compare(await part.body(), bytes.subarray(100, 200))).toBe(0);
    }
    expect((await outsider.page.request.get(audioSrc)).status()).toBe(404);
    expect((await outsider.page.request.get(videoSrc)).status()).toBe(404);
    expect((await outsider.page.request.get(mp4Src)).status()).toBe(404);

    // At a desk the same attempt.
    await w.setViewportSize({ width: 1280, height: 900 });
    await expect(players.mp4).toBeVisible();
    await saveScreenshot(w, testInfo, "quiz-clips-attempt-1280");
    await worker.context.close();
    await outsider.context.close();
  });
});
