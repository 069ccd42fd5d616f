import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, actAs, sectionHeadings, sidebarNav } from "./helpers";

test.use({ viewport: { width: 1280, height: 800 } });

const languageSwitch = (page: import("@playwright/test").Page) => page.getByRole("banner").getByRole("button", { name: /^(中文|EN)$/ });

test("EN switches the whole interface to English, it sticks, and 中文 switches back", async ({ page }) => {
  await actAs(page, "trainer");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`您好，${DEMO.trainer.name}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const nav = sidebarNav(page);
  // (教学 / Teach is being built; it may or may not be there.)
  expect(await sectionHeadings(nav, ["教学"])).toEqual(["学习", "管理"]);
  await expect(page.getByRole("button", { name: "中文", exact: true })).toHaveAttribute("aria-pressed", "true");

  await page.getByRole("button", { name: "EN", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(nav.getByRole("heading", { name: "Learn", exact: true })).toBeVisible();
  expect(await sectionHeadings(nav, ["Teach"])).toEqual(["Learn", "Manage"]);
  for (const name of ["Home", "My profile", "Members"]) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(nav.getByText(/[\u4e00-\u9fff]/)).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hello, ${DEMO.trainer.name}`);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("button", { name: "EN", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveTitle(/JobReady/);

  // Another page, by the navigation: still English.
  await nav.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");
  await expect(page.getByRole("button", { name: "Filter", exact: true })).toBeVisible();
  await expect(page.getByRole("table").getByRole("columnheader")).toHaveText(["Employee no.", "Name", "Unit", "Specialty", "Job", "Technical grade", "Status"]);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // A reload and a typed address: still English.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");
  await page.goto(`/members/${await ownProfileId(page)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.trainer.name);
  await expect(page.getByRole("heading", { name: "Identity", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Unit and job", exact: true })).toBeVisible();
  await expect(page.getByText("Technical grade", { exact: true })).toBeVisible();
  await expect(page.getByText("Technician", { exact: true })).toBeVisible(); // 陶文博's grade, 技师

  // Back to Chinese.
  await languageSwitch(page).filter({ hasText: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(nav.getByRole("heading", { name: "学习", exact: true })).toBeVisible();
  expect(await sectionHeadings(nav, ["教学"])).toEqual(["学习", "管理"]);
  await expect(page.getByText("技术等级", { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  for (const name of ["首页", "我的档案", "职工档案"]) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
});

async function ownProfileId(page: import("@playwright/test").Page): Promise<number> {
  const href = await sidebarNav(page)
    .getByRole("link", { name: /^(我的档案|My profile)$/ })
    .getAttribute("href");
  return Number(/\/members\/(\d+)/.exec(href ?? "")?.[1]);
}

test("the sign-in page switches language before signing in, and the choice carries into the app", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
  await page.getByRole("button", { name: "EN", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Employee number", { exact: true }).fill(DEMO.worker.employeeNo);
  await page.getByLabel("Password", { exact: true }).fill("Wrong-password-2");
  // (This failure is one of the few the suite spends; see sign-in.spec.ts.)
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong employee number or password.");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hello, ${DEMO.worker.name}`);
  expect(await sectionHeadings(sidebarNav(page))).toEqual(["Learn"]);
});
