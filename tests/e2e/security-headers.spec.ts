import { expect, test, type Page } from "@playwright/test";
import { actAs, newSession, sidebarNav, signInAs } from "./helpers";

/**
 * The headers every answer carries, a Content-Security-Policy that no page breaks, and the
 * refusals at the edges: JSON from other sites or in other forms, oversized anonymous actions,
 * a sign-in link that would send a signed-in user to another host.
 */
test.use({ viewport: { width: 1280, height: 800 } });

/** Collects what Chromium says about CSP violations (console) and what the page itself reports. */
function watchCsp(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy|violates/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.push(`${page.url()}: ${e.message}`));
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return seen;
}

/** The nonce a Content-Security-Policy gives the page's scripts. */
function nonceOf(csp: string | undefined): string {
  const nonce = /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
  if (!nonce) throw new Error(`no nonce in the Content-Security-Policy ${csp}`);
  return nonce;
}

test("every answer carries the security headers, with a new nonce each time and the camera only on the check-in page", async ({ page }) => {
  const first = await page.request.get("/login");
  const h = first.headers();
  const csp = h["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("same-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  // Served over http here: no HSTS (a browser would ignore it anyway).
  expect(h["strict-transport-security"]).toBeUndefined();
  // The nonce is on Next's own scripts and differs per request.
  const nonce = nonceOf(csp);
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  const again = (await page.request.get("/login")).headers()["content-security-policy"];
  expect(nonceOf(again)).not.toBe(nonce);

  await actAs(page, "worker");
  const checkIn = await page.request.get("/classes/check-in");
  expect(checkIn.headers()["permissions-policy"]).toContain("camera=(self)");
  const api = await page.request.get("/api/auth/session");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("no page of the navigation, the player or the check-in breaks the Content-Security-Policy", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const violations = watchCsp(page);
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "登录", exact: true })).toBeVisible();
  await actAs(page, "admin");
  await page.goto("/");
  const hrefs = [
    ...new Set(
      await sidebarNav(page)
        .getByRole("link")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "")),
    ),
  ].filter((x) => x.startsWith("/"));
  expect(hrefs.length).toBeGreaterThan(25);
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  }
  // Client navigation and a hydrated interaction still work (scripts run under the policy).
  await page.goto("/");
  await sidebarNav(page).getByRole("link").nth(1).click();
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();

  const worker = await newSession(browser);
  violations.push(...watchCsp(worker.page));
  await actAs(worker.page, "worker");
  await worker.page.goto("/courses");
  const course = worker.page.locator('main a[href^="/courses/"]').first();
  await course.click();
  const lesson = worker.page.locator('main a[href*="/lessons/"]').first();
  await lesson.click();
  await expect(worker.page.locator("video")).toBeVisible();
  // The player's progress beacon (a JSON Blob, same origin) still arrives and is taken.
  const lessonUrl = new URL(worker.page.url());
  const lessonId = /\/lessons\/(\d+)/.exec(lessonUrl.pathname)![1];
  const answer = worker.page.waitForResponse((r) => r.url().endsWith(`/api/lessons/${lessonId}/progress`));
  const sent = await worker.page.evaluate(
    (url) => navigator.sendBeacon(url, new Blob([JSON.stringify({ segments: [], positionS: 0, at: Date.now() })], { type: "application/json" })),
    `/api/lessons/${lessonId}/progress`,
  );
  expect(sent).toBe(true);
  expect((await answer).status()).toBe(200);
  await worker.page.goto("/classes/check-in");
  await expect(worker.page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await worker.page.goto("/quizzes");
  await expect(worker.page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await worker.context.close();

  expect(violations).toEqual([]);
});

test("JSON routes refuse text/plain bodies and other sites, and take the app's own requests", async ({ page, baseURL }) => {
  await actAs(page, "worker");
  const url = "/api/quizzes/2147483647/start";
  const plain = await page.request.post(url, { headers: { "content-type": "text/plain" }, data: "{}" });
  expect(plain.status()).toBe(415);
  expect((await plain.json()).message).toBe("请求内容须为 JSON（Content-Type: application/json）。");
  const form = await page.request.post(url, { form: { a: "1" } });
  expect(form.status()).toBe(415);
  const cross = await page.request.post(url, { headers: { "content-type": "application/json", origin: "https://evil.example" }, data: "{}" });
  expect(cross.status()).toBe(403);
  expect((await cross.json()).message).toBe("不接受来自其他网站的请求。");
  const crossSite = await page.request.post(url, { headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, data: "{}" });
  expect(crossSite.status()).toBe(403);
  // The app's own form of request gets past the checks (to the quiz's own answer: no such quiz).
  const own = await page.request.post(url, { headers: { "content-type": "application/json", origin: new URL(baseURL!).origin }, data: "{}" });
  expect([404, 422]).toContain(own.status());
});

test("an action posted without a session may carry a few KB, not megabytes", async ({ page }) => {
  await page.goto("/login");
  const big = await page.request.post("/login", {
    headers: { "next-action": "0".repeat(40), "content-type": "text/plain;charset=UTF-8" },
    data: "x".repeat(200 * 1024),
  });
  expect(big.status()).toBe(413);
  expect(big.headers()["x-content-type-options"]).toBe("nosniff");
  // A made-up session cookie does not lift the limit.
  const forged = await page.request.post("/login", {
    headers: { "next-action": "0".repeat(40), "content-type": "text/plain;charset=UTF-8", cookie: "authjs.session-token=forged" },
    data: "x".repeat(200 * 1024),
  });
  expect(forged.status()).toBe(413);
  // The sign-in form itself (a small anonymous action) still works.
  await signInAs(page, "worker");
});

test("a sign-in link never sends a signed-in user to another host", async ({ page }) => {
  await actAs(page, "worker");
  for (const callback of ["/%09/evil.example", "/%5C/evil.example", "//evil.example", "/%0A/evil.example", "https://evil.example", "/.//evil.example"]) {
    await page.goto(`/login?callbackUrl=${callback}`);
    expect(new URL(page.url()).hostname, callback).toBe("localhost");
    expect(new URL(page.url()).pathname, callback).toBe("/");
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  }
});
