import { expect, test, type Page } from "@playwright/test";
import { DEMO, actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

/**
 * The main pages on a 360 px phone and a 1280 px desktop: nothing to scroll sideways, and a
 * full-page screenshot of each in test-results/e2e/screenshots/<page>-<width>.png (CI artifacts).
 * Each page is loaded once at 360 px, then the window is widened: the layout is pure CSS.
 */
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

const PAGES: { name: string; path: (ids: { member: number }) => string; ready: (page: Page) => Promise<unknown> }[] = [
  { name: "home", path: () => "/", ready: (p) => expect(p.getByRole("heading", { level: 1 })).toHaveText(`您好，${DEMO.admin.name}`) },
  { name: "members", path: () => "/members", ready: (p) => expect(p.getByRole("navigation", { name: "分页" })).toContainText(/共 \d+ 条/) },
  // The admin's own profile: the richest one, with the account card and its roles form.
  { name: "member-profile", path: ({ member }) => `/members/${member}`, ready: (p) => expect(p.getByRole("button", { name: "保存角色" })).toBeVisible() },
  {
    name: "org",
    path: () => "/system/org",
    // With a team's edit panel open: its forms must fit too.
    ready: async (p) => {
      const team = p.getByRole("listitem").filter({ has: p.getByText("T08", { exact: true }) });
      await team.locator("summary").click();
      await expect(team.getByRole("button", { name: "新建", exact: true })).toBeVisible();
    },
  },
  { name: "member-new", path: () => "/members/new", ready: (p) => expect(p.getByLabel("单位", { exact: true })).toBeVisible() },
];

/** Checks the page at both widths and saves both screenshots; ends at phone width. */
async function checkBothWidths(page: Page, testInfo: import("@playwright/test").TestInfo, name: string) {
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await expect.soft(async () => expectNoHorizontalScroll(page), `${name} at ${size.width}px`).toPass({ timeout: 2_000 });
    await saveScreenshot(page, testInfo, `${name}-${size.width}`);
  }
  await page.setViewportSize(PHONE);
}

test.use({ viewport: PHONE });

test("the main pages fit a 360 px phone (and a 1280 px desktop) without sideways scrolling", async ({ page }, testInfo) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "登录", exact: true })).toBeInViewport();
  await checkBothWidths(page, testInfo, "login");

  await actAs(page, "admin");
  await page.goto("/members");
  // On a phone the members table gives way to a list of cards.
  await expect(page.getByRole("list", { name: "职工档案" }).getByRole("link").first()).toBeVisible();
  await expect(page.getByRole("table")).toBeHidden();
  // The admin's own profile id, from 我的档案 in the phone menu.
  const href = await page.locator("header details").getByRole("link", { name: "我的档案", includeHidden: true }).getAttribute("href");
  const member = Number(/\/members\/(\d+)/.exec(href ?? "")?.[1]);
  expect(member).toBeGreaterThan(0);

  for (const p of PAGES) {
    await test.step(p.name, async () => {
      await page.goto(p.path({ member }));
      await p.ready(page);
      await checkBothWidths(page, testInfo, p.name);
    });
  }
});
