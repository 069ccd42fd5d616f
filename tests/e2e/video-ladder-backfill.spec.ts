import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createActivatedUser, expectNoHorizontalScroll, saveScreenshot, sessionAs, signIn, uniq, UNITS } from "./helpers";

/**
 * 为旧课程生成自适应码流 (issue 16): a lesson whose video has no adaptive ladder gets one from the
 * trainer's lessons page. The trainer is made here, scoped to 采油九队, so the button queues only
 * the lessons they made — this spec's own, never the shared demo lesson other specs play.
 *
 * A lesson without a ladder, made for real: a recording ffprobe cannot time (a streamed WebM, as
 * phone recorders write, without a Duration element), sent with the length the recording app knew.
 * The server keeps it with that length and queues no ladder — as for a lesson uploaded before the
 * ladder existed.
 */
test.describe.configure({ mode: "serial" });

const LESSON = `补转码 ${uniq("BF")}`;
// Long enough that the job is seen at work (≈ 10 s of transcoding here), short enough to make quickly.
const SECONDS = 40;

/** A 640×360 test pattern with sound, written as a stream (no Duration, no Cues: ffprobe finds no length). */
function streamedClip(outDir: string): Buffer {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "streamed.webm");
  const webm = execFileSync(
    "ffmpeg",
    [
      ...[
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        `testsrc=size=640x360:rate=25:duration=${SECONDS}`,
        "-f",
        "lavfi",
        "-i",
        `sine=frequency=330:duration=${SECONDS}`,
      ],
      ...["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k", "-c:a", "libopus", "-shortest", "-f", "webm", "pipe:1"],
    ],
    { maxBuffer: 64 << 20 },
  );
  writeFileSync(file, webm);
  const probe = execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "json", file]);
  // The premise of the test: ffprobe cannot tell its length.
  expect(JSON.parse(String(probe)).format?.duration).toBeUndefined();
  return webm;
}

/** The upload routes as the page's uploader calls them, from the page (same origin, the trainer's session). */
async function uploadFromPage(page: Page, lessonId: number, bytes: Buffer, durationS: number) {
  return page.evaluate(
    async ({ lessonId, b64, durationS }) => {
      const body = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const json = { "Content-Type": "application/json" };
      const start = await fetch(`/api/lessons/${lessonId}/uploads`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ fileName: "streamed.webm", size: body.length }),
      });
      const { uploadId, chunkSize } = (await start.json()) as { uploadId: string; chunkSize: number };
      for (let offset = 0; offset < body.length; ) {
        const r = await fetch(`/api/lessons/uploads/${uploadId}?offset=${offset}`, { method: "PUT", body: body.slice(offset, offset + chunkSize) });
        offset = ((await r.json()) as { received: number }).received;
      }
      const done = await fetch(`/api/lessons/uploads/${uploadId}/complete`, { method: "POST", headers: json, body: JSON.stringify({ durationS }) });
      return { status: done.status, body: (await done.json()) as { durationS: number; probedBy: string; transcoding: boolean } };
    },
    { lessonId, b64: bytes.toString("base64"), durationS },
  );
}

test("a trainer's 为旧课程生成自适应码流 queues their lesson without a ladder; the progress shows and the ladder becomes ready", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  // A trainer of 采油九队 only (their own lessons are theirs to change; the demo lesson is not).
  const admin = await sessionAs(browser, "admin");
  const trainer = await createActivatedUser(admin.page, page, { unit: UNITS.team09Stations[0] });
  await admin.page.goto(`/members/${trainer.memberId}`);
  await admin.page.getByRole("checkbox", { name: "培训员" }).check();
  const scope = admin.page.getByRole("combobox", { name: /^培训员 · / });
  const team = await scope
    .locator("option")
    .evaluateAll((opts, want) => (opts as HTMLOptionElement[]).find((o) => o.textContent?.trim() === want)?.value ?? null, UNITS.team09);
  expect(team).not.toBeNull();
  await scope.selectOption(team!);
  await admin.page.getByRole("button", { name: "保存角色" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: "角色已保存" })).toBeVisible();
  await admin.context.close();
  await signIn(page, trainer.employeeNo, trainer.password);

  await page.goto("/teach/lessons/new");
  await page.getByLabel("标题").fill(LESSON);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("main").getByText("视频课已创建")).toBeVisible();
  const lessonId = Number(/\/teach\/lessons\/(\d+)/.exec(page.url())?.[1]);
  expect(lessonId).toBeGreaterThan(0);
  const up = await uploadFromPage(page, lessonId, streamedClip(testInfo.outputDir), SECONDS);
  expect(up).toEqual({ status: 200, body: expect.objectContaining({ durationS: SECONDS, probedBy: "browser", transcoding: false }) });
  await page.reload();
  const ladder = page.getByTestId("ladder");
  await expect(ladder).toHaveAttribute("data-state", "none");
  await expect(ladder).toContainText("还没有自适应视频。");

  // The lessons page: the button queues this trainer's one lesson without a ladder, nothing else.
  await page.goto("/teach/lessons");
  await expect(page.getByRole("link", { name: LESSON })).toBeVisible();
  const backfill = page.getByTestId("ladder-backfill");
  await expect(backfill).toContainText("为没有完整自适应视频");
  await backfill.getByRole("button", { name: "为旧课程生成自适应码流" }).click();
  await expect(page).toHaveURL(/\/teach\/lessons\?ladders=1$/);
  await expect(page.getByText("已为 1 节视频课排队转码。")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "ladder-backfill-desktop");
  await page.setViewportSize({ width: 360, height: 780 });
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "ladder-backfill-phone");

  // The lesson's page follows the job (it refreshes itself): queued or running n %, then ready.
  await page.getByRole("link", { name: LESSON }).click();
  await expect(page).toHaveURL(new RegExp(`/teach/lessons/${lessonId}$`));
  await expect(ladder).toHaveAttribute("data-state", /^(queued|running|done)$/);
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const state = (await ladder.getAttribute("data-state")) ?? "";
        seen.add(`${state}:${await ladder.getAttribute("data-percent")}`);
        if (state === "running" && !seen.has("shot")) {
          seen.add("shot");
          await saveScreenshot(page, testInfo, "ladder-backfill-running-phone");
        }
        return state;
      },
      { timeout: 120_000, intervals: [250] },
    )
    .toBe("done");
  // It was seen before it was ready (queued, or running with its percentage).
  expect([...seen].some((s) => /^(queued|running):/.test(s))).toBe(true);
  await expect(ladder).toHaveAttribute("data-percent", "100");
  await expect(ladder).toContainText("已就绪");
  await expect(ladder.getByText(/240p .*· 360p /)).toBeVisible();
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "ladder-backfill-ready-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
  await saveScreenshot(page, testInfo, "ladder-backfill-ready-desktop");

  // Pressed again: nothing left to queue (the demo lesson, not this trainer's, was never counted).
  await page.goto("/teach/lessons");
  await page.getByTestId("ladder-backfill").getByRole("button", { name: "为旧课程生成自适应码流" }).click();
  await expect(page.getByText("已为 0 节视频课排队转码。")).toBeVisible();
});
