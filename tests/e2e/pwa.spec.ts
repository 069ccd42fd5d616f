import { expect, test, type Page } from "@playwright/test";
import { DEMO, newSession, signInAs, signOut, sidebarNav, traceServiceWorker, waitForServiceWorker } from "./helpers";

/**
 * The installable web app (issue 16): the manifest and its icons, and the service worker
 * (app/sw.ts, rules in lib/pwa) that keeps the app shell and the pages a worker opened, so a reload
 * without a connection still opens them; a page never opened shows the offline page; signing out
 * forgets the pages.
 */
test.use({ viewport: { width: 1280, height: 800 } });

const OFFLINE_ZH = "当前没有网络";
const OFFLINE_EN = "You are offline";

test("the manifest names the app in Chinese, opens on the home page and its icons resolve, before signing in", async ({ page }) => {
  const res = await page.request.get("/manifest.webmanifest");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/manifest+json");
  const m = (await res.json()) as {
    name: string;
    lang: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(m.name).toBe("岗位练兵 JobReady");
  expect(m.lang).toBe("zh-CN");
  expect(m.start_url).toBe("/");
  expect(m.display).toBe("standalone");
  expect(m.theme_color).toBe("#0f766e");
  expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(m.icons.some((i) => i.purpose === "maskable")).toBe(true);
  for (const icon of m.icons) {
    const r = await page.request.get(icon.src, { maxRedirects: 0 });
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()["content-type"], icon.src).toBe(icon.type);
    if (icon.type === "image/png") {
      // The PNG's own header says its size: the manifest does not lie about it.
      const b = await r.body();
      const [w, h] = [b.readUInt32BE(16), b.readUInt32BE(20)];
      expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
    }
  }
  // The sign-in page links the manifest and the worker script is public (fetched before anyone signs in).
  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const sw = await page.request.get("/serwist/sw.js", { maxRedirects: 0 });
  expect(sw.status()).toBe(200);
  expect(sw.headers()["content-type"]).toContain("javascript");
  expect(sw.headers()["service-worker-allowed"]).toBe("/");
});

/** Waits until the service worker controls the page and the page `path` is in the pages' cache. */
async function kept(page: Page, path: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async (p) => {
          const c = await caches.open("jr-pages");
          return (await c.keys()).some((r) => new URL(r.url).pathname === p);
        }, path),
      { message: `${path} kept for offline use`, timeout: 20_000 },
    )
    .toBe(true);
}

test("a worker's pages open again without a connection after a reload; a page never opened shows the offline page; sign-out forgets them", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { context, page } = await newSession(browser);
  await traceServiceWorker(context);
  try {
    await signInAs(page, "worker");
    // The worker is installed and takes the page over (skipWaiting + clientsClaim).
    const shell = await waitForServiceWorker(page);
    expect(shell.entries).toBeGreaterThan(10);
    // The app shell: every script and stylesheet this page loaded is in the precache (so are the quiz's: all of the build's).
    const missing = await page.evaluate(async () => {
      const name = (await caches.keys()).find((k) => k.includes("precache"));
      const kept = new Set((await (await caches.open(name ?? "none")).keys()).map((r) => new URL(r.url).pathname));
      const used = [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[rel=stylesheet]")]
        .map((e) => new URL(e instanceof HTMLScriptElement ? e.src : e.href).pathname)
        .filter((p) => p.startsWith("/_next/static/"));
      return { used: used.length, missing: used.filter((p) => !kept.has(p)) };
    });
    expect(missing.used).toBeGreaterThan(3);
    expect(missing.missing).toEqual([]);
    // The offline page and the attempt's shell (a reload of an open attempt without a connection) are precached.
    const precached = await page.evaluate(async () => {
      const name = (await caches.keys()).find((k) => k.includes("precache"));
      return (await (await caches.open(name ?? "none")).keys()).map((r) => new URL(r.url).pathname);
    });
    expect(precached).toEqual(expect.arrayContaining(["/offline", "/offline/attempt"]));

    // Pages opened: by a full load (/courses), and by a client-side navigation (the profile).
    await page.reload();
    await kept(page, "/");
    await page.goto("/courses");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的课程");
    await kept(page, "/courses");
    await sidebarNav(page).getByRole("link", { name: "我的档案" }).click();
    await expect(page).toHaveURL(/\/members\/\d+$/);
    const profile = new URL(page.url()).pathname;
    const profileHeading = await page.getByRole("heading", { level: 1 }).first().textContent();
    await kept(page, profile);

    // Nothing of the API (answers, progress, media links) is in any cache.
    const apiKept = await page.evaluate(async () => {
      const found: string[] = [];
      for (const name of await caches.keys())
        for (const r of await (await caches.open(name)).keys()) if (new URL(r.url).pathname.startsWith("/api/")) found.push(r.url);
      return found;
    });
    expect(apiKept).toEqual([]);

    await context.setOffline(true);
    const t0 = Date.now();
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`您好，${DEMO.worker.name}`);
    const offlineReloadMs = Date.now() - t0;
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`您好，${DEMO.worker.name}`);
    // The app shell works: a client-side link to a kept page opens it (the router falls back to a full load).
    await sidebarNav(page).getByRole("link", { name: "我的课程" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的课程");
    await page.goto(profile);
    await expect(page.getByRole("heading", { level: 1 }).first()).toHaveText(profileHeading ?? "");

    // A page never opened on this device: the offline page, in both languages, saying what still works.
    await page.goto("/contests");
    await expect(page.getByRole("heading", { name: OFFLINE_ZH })).toBeVisible();
    await expect(page.getByRole("heading", { name: OFFLINE_EN })).toBeVisible();
    await expect(page.getByText("已打开的考试")).toBeVisible();
    test.info().annotations.push({
      type: "figures",
      description: `precache ${shell.entries} entries, ${(shell.bytes / 1024).toFixed(0)} kB; offline load of the home page ${offlineReloadMs} ms`,
    });
    console.log(`[pwa] precache ${shell.entries} entries, ${(shell.bytes / 1024).toFixed(1)} kB; offline load of / ${offlineReloadMs} ms`);

    // Back online, the worker signs out: the pages kept are forgotten, the next person offline sees none of them.
    await context.setOffline(false);
    await page.goto("/");
    await signOut(page);
    await expect.poll(() => page.evaluate(async () => (await (await caches.open("jr-pages")).keys()).length)).toBe(0);
    await context.setOffline(true);
    await page.goto("/courses");
    await expect(page.getByRole("heading", { name: OFFLINE_ZH })).toBeVisible();
    await expect(page.getByText(DEMO.worker.name)).toHaveCount(0);
  } finally {
    await context.close();
  }
});
