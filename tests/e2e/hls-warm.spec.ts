import { expect, test, type Page } from "@playwright/test";
import { actAs } from "./helpers";

/**
 * The first lesson a phone opens does not wait for hls.js (issue 16; bench/hls-throttle.ts
 * `new-cold` against `new-prewarm`): the pages that lead to a lesson (the course list, a course)
 * fetch the player's hls.js chunk once they are idle (app/_ui/hls-warm.tsx); a page that leads to
 * no video fetches nothing of it; the service worker's precache lists the same chunk.
 *
 * The service worker is blocked here so every fetch is the page's own (installed, it would precache
 * every chunk, the hls.js one included, from whichever page installed it).
 */
test.use({ serviceWorkers: "block", viewport: { width: 360, height: 780 } });

/** hls.js's event names: only its own chunk carries them as strings. */
const HLS_MARK = "hlsManifestParsed";

function watchHlsChunk(page: Page): string[] {
  const seen: string[] = [];
  page.on("response", async (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith("/_next/static/") || !url.pathname.endsWith(".js")) return;
    const body = await r.text().catch(() => "");
    if (body.includes(HLS_MARK)) seen.push(url.pathname);
  });
  return seen;
}

test("the course pages fetch the player's hls.js when idle, other pages never; the service worker precaches it", async ({ page }) => {
  await actAs(page, "worker");
  const hls = watchHlsChunk(page);

  // The home page leads to no video: loaded, and idle well past the warm-up's 5 s limit, nothing.
  await page.goto("/");
  await page.waitForLoadState("load");
  await page.waitForTimeout(7_000);
  expect(hls).toEqual([]);

  // My courses (开始学习 opens a lesson): once loaded and idle, the chunk comes, once.
  await page.goto("/courses");
  await expect.poll(() => hls.length, { timeout: 20_000 }).toBe(1);
  const chunk = hls[0]!;
  expect(chunk).toMatch(/^\/_next\/static\/chunks\/[^/]+\.js$/);

  // A course opened from there: the same chunk is in the page already (a client-side navigation), nothing fetched again.
  await page.getByRole("link", { name: "查看课程" }).first().click();
  await expect(page).toHaveURL(/\/courses\/\d+$/);
  await page.waitForLoadState("load");
  await page.waitForTimeout(3_000);
  expect(hls).toEqual([chunk]);

  // Opened afresh on another phone of the same worker (a new page load, an empty cache): fetched by the page again.
  const other = await page
    .context()
    .browser()!
    .newContext({ storageState: await page.context().storageState(), serviceWorkers: "block" });
  const fresh = await other.newPage();
  const again = watchHlsChunk(fresh);
  await fresh.goto(page.url());
  await expect.poll(() => again, { timeout: 20_000 }).toEqual([chunk]);
  await other.close();

  // The service worker (when installed) precaches that chunk, under the name this build gave it.
  const sw = await page.request.get("/serwist/sw.js");
  expect(sw.ok()).toBe(true);
  expect(await sw.text()).toContain(chunk);
});
