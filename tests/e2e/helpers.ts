import path from "node:path";
import ExcelJS from "exceljs";
import { expect, type Browser, type BrowserContext, type Cookie, type Locator, type Page, type TestInfo } from "@playwright/test";

/**
 * The demo accounts the server seeds on start (scripts/demo/index.ts, DEMO_ACCOUNTS / DEMO_PASSWORD).
 * Copied rather than imported: importing the seed would pull the database and argon2 into the
 * test runner. Never send wrong passwords for these: a lock would break other tests.
 */
export const DEMO_PASSWORD = "Demo@2026";
export const DEMO = {
  admin: { employeeNo: "900001", name: "系统管理员" },
  manager: { employeeNo: "900002", name: "郑立新" },
  trainer: { employeeNo: "900003", name: "陶文博" },
  worker: { employeeNo: "900004", name: "林晓雨" },
} as const;
export type DemoRole = keyof typeof DEMO;

/** Seeded units (scripts/demo/index.ts). */
export const UNITS = {
  team09: "采油九队",
  team10: "采油十队",
  team08: "采油八队",
  team09Stations: ["韦2中转站", "韦9中转站", "韦2锅炉房"],
  team10Stations: ["韦8-11站", "韦5-25站", "韦5计量站"],
} as const;

/** Exact interface strings (lib/i18n/messages/zh-CN.ts). */
export const ZH = {
  invalidSignIn: "工号或密码不正确。",
  forbidden: "无权访问",
  accountReset: "账号已重置，首次登录须修改密码。",
  rolesSaved: "角色已保存，该用户需重新登录。",
  passwordChanged: "密码已修改。",
} as const;

let counter = 0;
/** A value unique to this run and call, usable as an employee number or unit code ([A-Z0-9-]). */
export function uniq(prefix = "E2E"): string {
  counter += 1;
  const rand = Math.floor(Math.random() * 36 ** 3).toString(36);
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}${rand}`.toUpperCase();
}

/** A browser context of its own (a second person, or the same person on a second device). */
export async function newSession(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

const employeeNoField = (page: Page) => page.getByLabel(/^(工号|Employee number)$/);
const passwordField = (page: Page) => page.getByLabel(/^(密码|Password)$/);
/** The sign-in button by role and name: the language buttons are submit buttons too. */
const signInButton = (page: Page) => page.getByRole("button", { name: /^(登录|Sign in)$/ });

/** Fills and sends the sign-in form on a freshly loaded /login (so no earlier message lingers). */
export async function submitSignIn(page: Page, employeeNo: string, password: string): Promise<void> {
  await page.goto("/login");
  await expect(page, "the sign-in page redirects away when a session is already open").toHaveURL(/\/login/);
  await employeeNoField(page).fill(employeeNo);
  await passwordField(page).fill(password);
  await signInButton(page).click();
}

/** Empties the signed-in worker's 错题本 by hand (移出, one item at a time): other practice specs may have booked answers. */
export async function emptyBook(page: Page): Promise<void> {
  await page.goto("/practice/book");
  const booked = page.locator("[data-testid=book-items] li");
  for (let n = await booked.count(); n > 0; n--) {
    await booked.first().getByRole("button", { name: "移出", exact: true }).click();
    await expect(booked).toHaveCount(n - 1);
  }
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signIn(page: Page, employeeNo: string, password: string = DEMO_PASSWORD): Promise<void> {
  await submitSignIn(page, employeeNo, password);
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

export async function signInAs(page: Page, role: DemoRole): Promise<void> {
  await signIn(page, DEMO[role].employeeNo, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`您好，${DEMO[role].name}`);
}

/**
 * Session cookies of each demo role, signed in once per test worker and reused: a sign-in costs
 * seconds (argon2), and tests that are not about signing in need not repeat it. Demo accounts are
 * never locked, re-passworded or re-roled by the suite, so their sessions stay valid.
 */
const roleCookies = new Map<DemoRole, Promise<Cookie[]>>();

/** Puts `page` (its context, which must not be signed in yet) in a session of the demo `role`; navigate afterwards. */
export async function actAs(page: Page, role: DemoRole): Promise<void> {
  const cached = roleCookies.get(role);
  if (cached) {
    await page.context().addCookies(await cached);
    return;
  }
  // The first time in this worker: sign in right here and keep the session cookie.
  const fresh = (async () => {
    await signInAs(page, role);
    return (await page.context().cookies()).filter((c) => c.name.includes("authjs.session-token"));
  })();
  roleCookies.set(role, fresh);
  fresh.catch(() => roleCookies.delete(role));
  await fresh;
}

/** A new browser context already signed in as a demo role. */
export async function sessionAs(browser: Browser, role: DemoRole): Promise<{ context: BrowserContext; page: Page }> {
  const s = await newSession(browser);
  await actAs(s.page, role);
  return s;
}

/** A failed sign-in: stays on /login and returns the error shown. */
export async function signInError(page: Page, employeeNo: string, password: string): Promise<Locator> {
  await submitSignIn(page, employeeNo, password);
  const alert = formAlert(page);
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  return alert;
}

/** The error/success box of a form in the page's main content (Next's route announcer is also role=alert). */
export function formAlert(page: Page | Locator): Locator {
  return page.getByRole("main").getByRole("alert");
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^(退出登录|Sign out)$/ }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Chooses the option whose visible text (tree indentation trimmed) is exactly `text`. */
export async function selectByText(select: Locator, text: string): Promise<void> {
  const value = await select.locator("option").evaluateAll((opts, wanted) => {
    const hit = (opts as HTMLOptionElement[]).find((o) => (o.textContent ?? "").replace(/\u00a0/g, " ").trim() === wanted);
    return hit ? hit.value : null;
  }, text);
  if (value === null) throw new Error(`No option "${text}" in the select`);
  await select.selectOption(value);
}

/** The visible option texts of a select, indentation trimmed. */
export async function optionTexts(select: Locator): Promise<string[]> {
  return select.locator("option").evaluateAll((opts) => opts.map((o) => (o.textContent ?? "").replace(/\u00a0/g, " ").trim()));
}

export function idFromUrl(url: string): number {
  const m = /\/members\/(\d+)/.exec(url);
  if (!m) throw new Error(`No member id in ${url}`);
  return Number(m[1]);
}

/** As admin: creates a member through /members/new and returns its id. */
export async function createMember(page: Page, m: { employeeNo: string; name: string; unit: string; phone?: string }): Promise<number> {
  await page.goto("/members/new");
  await page.getByLabel("工号", { exact: true }).fill(m.employeeNo);
  await page.getByLabel("姓名", { exact: true }).fill(m.name);
  await selectByText(page.getByLabel("单位", { exact: true }), m.unit);
  if (m.phone) await page.getByLabel("电话", { exact: true }).fill(m.phone);
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page).toHaveURL(/\/members\/\d+\?saved=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(m.name);
  return idFromUrl(page.url());
}

/** As admin: opens the member's profile and creates (or resets) the account with a temporary password. */
export async function setTemporaryPassword(page: Page, memberId: number, temporaryPassword: string): Promise<void> {
  // createMember leaves the browser on this profile already.
  if (new URL(page.url()).pathname !== `/members/${memberId}`) await page.goto(`/members/${memberId}`);
  await page.getByRole("button", { name: /^(开通账号|重置密码)$/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("临时密码").fill(temporaryPassword);
  await dialog.getByRole("button", { name: /^(开通账号|重置密码)$/ }).click();
  await expect(dialog.getByRole("status")).toHaveText(ZH.accountReset);
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(dialog).toBeHidden();
}

/** Fills the change-password form (/account/password) and submits it. */
export async function submitPasswordChange(page: Page, current: string, next: string, confirm = next): Promise<void> {
  await page.getByLabel("当前密码", { exact: true }).fill(current);
  await page.getByLabel("新密码", { exact: true }).fill(next);
  await page.getByLabel("确认新密码", { exact: true }).fill(confirm);
  await page.getByRole("button", { name: "保存", exact: true }).click();
}

/**
 * A fresh member with a working account: created by the admin (in `adminPage`), then signed in
 * once in `page` to replace the temporary password. Leaves `page` signed in on the home page.
 */
export async function createActivatedUser(
  adminPage: Page,
  page: Page,
  opts: { unit?: string; password?: string } = {},
): Promise<{ memberId: number; employeeNo: string; name: string; password: string }> {
  const employeeNo = uniq("E2E");
  const name = `测试${employeeNo.slice(-6)}`;
  const memberId = await createMember(adminPage, { employeeNo, name, unit: opts.unit ?? UNITS.team09Stations[0] });
  const temporary = "Temp1234x";
  await setTemporaryPassword(adminPage, memberId, temporary);
  await signIn(page, employeeNo, temporary);
  await expect(page).toHaveURL(/\/account\/password$/);
  const password = opts.password ?? "Ready2026ok";
  await submitPasswordChange(page, temporary, password);
  await expect(page).toHaveURL(/\/\?passwordChanged=1$/);
  return { memberId, employeeNo, name, password };
}

export type MemberRow = { id: number; employeeNo: string; name: string; unit: string };

/**
 * As someone with member.read: the members of each unit (and its subtree), first page of the
 * list filtered by unit; the unit ids come from the list's own unit filter.
 */
export async function membersInUnits<U extends string>(page: Page, units: readonly U[]): Promise<Record<U, MemberRow[]>> {
  await page.goto("/members");
  const ids = await page
    .getByLabel("单位", { exact: true })
    .locator("option")
    .evaluateAll((opts) => Object.fromEntries((opts as HTMLOptionElement[]).map((o) => [(o.textContent ?? "").replace(/\u00a0/g, " ").trim(), o.value])));
  const out = {} as Record<U, MemberRow[]>;
  for (const unit of units) {
    if (!ids[unit]) throw new Error(`No unit "${unit}" in the members filter`);
    await page.goto(`/members?unit=${ids[unit]}`);
    await expect(page.getByLabel("单位", { exact: true })).toHaveValue(ids[unit]);
    out[unit] = await tableRows(page);
  }
  return out;
}

/** As someone with member.read: the members of a unit (and its subtree), first page, using the list's unit filter. */
export async function membersInUnit(page: Page, unit: string): Promise<MemberRow[]> {
  await page.goto("/members");
  await selectByText(page.getByLabel("单位", { exact: true }), unit);
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(/[?&]unit=\d+/);
  return tableRows(page);
}

/** The rows of the members table (desktop layout). */
async function tableRows(page: Page): Promise<MemberRow[]> {
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = Array.from(tr.querySelectorAll("td")).map((td) => (td.textContent ?? "").trim());
      const href = tr.querySelector("a")?.getAttribute("href") ?? "";
      return { id: Number(/\/members\/(\d+)/.exec(href)?.[1]), employeeNo: cells[0] ?? "", name: cells[1] ?? "", unit: cells[2] ?? "" };
    }),
  );
}

/**
 * The section headings of a navigation, for comparing with what a role should see. Sections
 * in `optional` (still being built, e.g. 教学) are left out of the answer.
 */
export async function sectionHeadings(nav: Locator, optional: string[] = []): Promise<string[]> {
  const headings = nav.getByRole("heading", { level: 2 });
  await expect(headings.first()).toBeVisible();
  return (await headings.allTextContents()).map((t) => t.trim()).filter((t) => !optional.includes(t));
}

/** The navigation in the desktop sidebar. */
export function sidebarNav(page: Page): Locator {
  return page.getByRole("complementary").getByRole("navigation");
}

/** The navigation inside the 菜单 disclosure of the phone layout. */
export function menuToggle(page: Page): Locator {
  return page.locator("header details > summary");
}
export function menuNav(page: Page): Locator {
  return page.locator("header details").getByRole("navigation");
}

/** Opens `path`, expects the 403 page. */
export async function expectForbidden(page: Page, urlPath: string): Promise<void> {
  const response = await page.goto(urlPath);
  expect(response?.status(), `${urlPath} should answer 403`).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ZH.forbidden);
  await expect(page.getByText("您没有访问此页面的权限。")).toBeVisible();
}

/** The page is no wider than the viewport: nothing to scroll sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `page ${page.url()} is ${scrollWidth}px wide in a ${width}px viewport`).toBeLessThanOrEqual(width + 1);
}

/** A full-page screenshot kept under test-results/e2e/screenshots/<name>.png (a CI artifact). */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(testInfo.project.outputDir, "screenshots", `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/**
 * As a trainer (signed in on `page`): imports a 题库 sheet holding one question, publishes a quiz
 * drawing it for `station`, and shows right and wrong after submitting (a review's marks per part).
 */
export async function importAndPublishMarked(page: Page, q: { sheet: Buffer; title: string; category: string; station: string }): Promise<number> {
  await importOneQuestion(page, q.sheet);
  const quizId = await publishCategoryQuiz(page, { title: q.title, category: q.category, count: 1, station: q.station });
  await page.goto(`/teach/quizzes/${quizId}/edit`);
  await page.getByRole("group", { name: "交卷后", exact: true }).getByLabel("对错").check();
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.getByText("设置已保存。")).toBeVisible();
  return quizId;
}

/** As a trainer (signed in on `page`): imports a 题库 sheet holding one question (a 案例分析's rows are one). */
export async function importOneQuestion(page: Page, sheet: Buffer): Promise<void> {
  await page.goto("/teach/bank/import");
  await page.getByLabel("选择文件").setInputFiles({
    name: "bank.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: sheet,
  });
  await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByText(/已导入 1 道试题/)).toBeVisible();
}

/**
 * A quiz drawing `count` questions at random from `category`, open to `station` from 2026 to
 * 2030, published: the trainer's steps as the pages take them. Returns the quiz's id.
 */
export async function publishCategoryQuiz(page: Page, q: { title: string; category: string; count: number; station: string }): Promise<number> {
  await page.goto("/teach/quizzes/new");
  await page.getByLabel("考试名称").fill(q.title);
  await page.getByLabel("开始时间").fill("2026-01-01T08:00");
  await page.getByLabel("结束时间").fill("2030-12-31T18:00");
  await page.getByRole("button", { name: "创建考试" }).click();
  await expect(page).toHaveURL(/\/teach\/quizzes\/\d+\/questions\?created=1/);
  const quizId = Number(/\/teach\/quizzes\/(\d+)/.exec(page.url())![1]);
  await page.getByRole("button", { name: "添加随机抽题" }).click();
  await page.getByLabel("分类").selectOption({ label: `\u00A0\u00A0${q.category} (${q.count})` });
  await page.getByLabel("抽题数量").fill(String(q.count));
  await page.getByRole("button", { name: "保存试题" }).click();
  await expect(page.getByText("试题已保存。")).toBeVisible();
  await page.goto(`/teach/quizzes/${quizId}/audience`);
  await page.getByRole("checkbox", { name: q.station }).check();
  await page.getByRole("button", { name: "保存参考人员" }).click();
  await expect(page.getByText("参考人员已保存。")).toBeVisible();
  await page.goto(`/teach/quizzes/${quizId}`);
  await page.getByRole("button", { name: "发布" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
  await expect(page.getByText("考试已发布。")).toBeVisible();
  return quizId;
}

/** The bank's xlsx template header, as /teach/bank/import reads it (a 案例分析's rows share the 材料). */
const BANK_HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "答案", "分类", "分值", "单位", "材料"];

/** A bank sheet of `rows` under the template's header (题型, 题干, 选项A–C, 答案, 分类, 分值, 单位, 材料). */
export async function bankSheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("题库");
  ws.addRow(BANK_HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Bytes the service worker's precache holds (the app shell): its entries and the sum of their bodies. */
async function precacheBytes(page: Page): Promise<{ entries: number; bytes: number }> {
  return page.evaluate(async () => {
    const name = (await caches.keys()).find((k) => k.includes("precache"));
    if (!name) return { entries: 0, bytes: 0 };
    const c = await caches.open(name);
    let bytes = 0;
    const keys = await c.keys();
    for (const k of keys) bytes += (await (await c.match(k))!.blob()).size;
    return { entries: keys.length, bytes };
  });
}

const SW_LOG = "e2e-sw-log";

/**
 * Before a context's first page: notes in the page's local storage (a list of [epoch ms, event])
 * when the app registers its service worker, the states the new worker goes through and each
 * controllerchange, for waitForServiceWorker's figures. The app itself is unchanged.
 */
export async function traceServiceWorker(context: BrowserContext): Promise<void> {
  await context.addInitScript((key) => {
    const sw = navigator.serviceWorker;
    if (!sw) return;
    const log = (what: string) => {
      const list = JSON.parse(localStorage.getItem(key) ?? "[]") as [number, string][];
      list.push([Date.now(), what]);
      localStorage.setItem(key, JSON.stringify(list));
    };
    const register = sw.register.bind(sw);
    sw.register = async (...args: Parameters<ServiceWorkerContainer["register"]>) => {
      log(`register${sw.controller ? " (controlled)" : ""}`);
      const reg = await register(...args);
      const w = reg.installing;
      if (w) w.addEventListener("statechange", () => log(w.state));
      return reg;
    };
    sw.addEventListener("controllerchange", () => log("controllerchange"));
  }, SW_LOG);
}

/** How the service worker came to control a page (waitForServiceWorker). */
export interface SwFigures {
  /** From the context's first register() to the worker controlling the page (or to the wait's end), ms; null without traceServiceWorker. */
  ms: number | null;
  /** Full loads the wait made: a page loaded before the worker was active is not controlled until claimed or loaded again. */
  reloads: number;
  entries: number;
  bytes: number;
  /** The events traceServiceWorker noted, "+ms event" from the first register(). */
  log: string[];
}

/**
 * Waits until the app's service worker (skipWaiting + clientsClaim) controls `page`: as a phone
 * does, the worker is installed (its precache filled), activated and claims the open page. A page
 * loaded in between, or a worker that became active without the claim reaching this document, is
 * taken over by its next full load: after `reloadAfterMs` without control the page is loaded
 * again (once the worker is active, a load is controlled; with no worker at all — an install
 * that failed — the load registers it again). Fails after `timeoutMs`.
 */
export async function waitForServiceWorker(page: Page, { timeoutMs = 90_000, reloadAfterMs = 20_000 } = {}): Promise<SwFigures> {
  const end = Date.now() + timeoutMs;
  let reloads = 0;
  let state = "";
  for (;;) {
    state = await page.evaluate(
      async ({ ms, key, claimMs }) => {
        const sw = navigator.serviceWorker;
        const until = Date.now() + ms;
        let activeSince: number | null = null;
        let state = "no worker";
        while (Date.now() < until) {
          if (sw.controller) {
            const list = JSON.parse(localStorage.getItem(key) ?? "[]") as [number, string][];
            if (!list.some(([, e]) => e === "controlled")) localStorage.setItem(key, JSON.stringify([...list, [Date.now(), "controlled"]]));
            return "controlled";
          }
          const reg = await sw.getRegistration();
          state = reg?.installing ? "installing" : reg?.waiting ? "waiting" : reg?.active ? `active (${reg.active.state})` : "no worker";
          // Active but not claiming this document: its next full load is controlled.
          activeSince = reg?.active && !reg.installing ? (activeSince ?? Date.now()) : null;
          if (activeSince !== null && Date.now() - activeSince > claimMs) return state;
          await new Promise((r) => setTimeout(r, 100));
        }
        return state;
      },
      { ms: Math.min(reloadAfterMs, Math.max(0, end - Date.now())), key: SW_LOG, claimMs: 3_000 },
    );
    if (state === "controlled" || Date.now() >= end) break;
    // Still installing: the precache is being filled; keep waiting.
    if (state === "installing") continue;
    await page.reload();
    reloads++;
  }
  const list = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "[]") as [number, string][], SW_LOG);
  const t0 = list.find(([, e]) => e.startsWith("register"))?.[0];
  const done = list.find(([, e]) => e === "controllerchange" || e === "controlled")?.[0] ?? Date.now();
  const shell = await precacheBytes(page);
  const figures: SwFigures = { ms: t0 === undefined ? null : done - t0, reloads, ...shell, log: list.map(([t, e]) => `+${t - (t0 ?? t)}ms ${e}`) };
  console.log(`service worker: ${JSON.stringify(figures)}`);
  expect(state, `the service worker controls the page within ${timeoutMs} ms: ${figures.log.join(", ")}`).toBe("controlled");
  return figures;
}
