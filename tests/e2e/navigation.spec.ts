import { expect, test } from "@playwright/test";
import { DEMO, actAs, menuNav, menuToggle, sectionHeadings, sidebarNav, signInAs, type DemoRole } from "./helpers";

/**
 * What each demo role should see in the navigation (app/_lib/nav.ts, lib/auth/permissions.ts).
 * 教学 (teaching) is being built: it is allowed, not required, for the roles holding
 * teach.manage (trainer, admin) and must never show for the others.
 */
const EXPECTED: Record<DemoRole, { sections: string[]; optional: string[]; links: string[]; absent: string[] }> = {
  worker: { sections: ["学习"], optional: [], links: ["首页", "我的课程", "已下载的视频", "我的档案"], absent: ["职工档案", "组织机构", "批量导入", "题库"] },
  trainer: { sections: ["学习", "管理"], optional: ["教学"], links: ["首页", "我的档案", "职工档案"], absent: ["组织机构", "批量导入"] },
  manager: { sections: ["学习", "管理"], optional: [], links: ["首页", "我的档案", "职工档案"], absent: ["组织机构", "批量导入", "题库"] },
  admin: { sections: ["学习", "管理", "系统"], optional: ["教学"], links: ["首页", "我的档案", "职工档案", "组织机构"], absent: [] },
};

test.describe("each demo role signs in and sees its own navigation (desktop sidebar)", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  for (const role of Object.keys(EXPECTED) as DemoRole[]) {
    test(`${role} ${DEMO[role].employeeNo}: ${EXPECTED[role].sections.join(" + ")}`, async ({ page }) => {
      const want = EXPECTED[role];
      await signInAs(page, role);
      const nav = sidebarNav(page);
      await expect(nav).toBeVisible();
      // These section headings, in this order, and no others.
      expect(await sectionHeadings(nav, want.optional)).toEqual(want.sections);
      for (const name of want.links) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
      for (const name of want.absent) await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(0);
      // The phone menu is not shown at this width.
      await expect(menuToggle(page)).toBeHidden();
      // Beside the sidebar the home page shows the role's to-dos only: its quick-link tiles (the
      // sidebar's links again) are for the phone.
      const main = page.getByRole("main");
      for (const name of want.absent) await expect(main.getByRole("link", { name, exact: true })).toHaveCount(0);
      await expect(main.getByRole("heading", { level: 2, name: "接下来要做" })).toBeVisible();
      expect(await sectionHeadings(main, [...want.optional, "接下来要做", "教学待办", "班组缺口"])).toEqual([]);
      await expect(page.getByTestId("home-tiles")).toBeHidden();
      // 我的档案 is the user's own profile.
      await nav.getByRole("link", { name: "我的档案", exact: true }).click();
      await expect(page).toHaveURL(/\/members\/\d+$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO[role].name);
    });
  }
});

test.describe("navigation on a 360 px phone, through the 菜单 menu", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("worker: 学习 only", async ({ page }) => {
    await actAs(page, "worker");
    await page.goto("/");
    await expect(sidebarNav(page)).toBeHidden();
    // On a phone the home page's quick links are the tiles, following the same rights.
    const main = page.getByRole("main");
    expect(await sectionHeadings(main, ["接下来要做"])).toEqual(EXPECTED.worker.sections);
    for (const name of EXPECTED.worker.absent) await expect(main.getByRole("link", { name, exact: true })).toHaveCount(0);
    const nav = menuNav(page);
    await expect(nav).toBeHidden();
    await menuToggle(page).click();
    await expect(nav).toBeVisible();
    expect(await sectionHeadings(nav)).toEqual(["学习"]);
    for (const name of EXPECTED.worker.absent) await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(0);
    // The lessons kept on the phone are one tap away, under 我的课程.
    await nav.getByRole("link", { name: "已下载的视频", exact: true }).click();
    await expect(page).toHaveURL(/\/downloads$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("已下载");
    // The menu stays as it was across a client navigation: opened again only when it closed.
    if (!(await nav.isVisible())) await menuToggle(page).click();
    await expect(nav).toBeVisible();
    await nav.getByRole("link", { name: "我的档案", exact: true }).click();
    await expect(page).toHaveURL(/\/members\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.worker.name);
  });

  test("admin: 学习 + 管理 + 系统, and the menu leads to the org tree", async ({ page }) => {
    await actAs(page, "admin");
    await page.goto("/");
    await expect(sidebarNav(page)).toBeHidden();
    expect(await sectionHeadings(page.getByRole("main"), [...EXPECTED.admin.optional, "接下来要做", "教学待办", "班组缺口"])).toEqual(EXPECTED.admin.sections);
    await menuToggle(page).click();
    const nav = menuNav(page);
    expect(await sectionHeadings(nav, EXPECTED.admin.optional)).toEqual(["学习", "管理", "系统"]);
    await nav.getByRole("link", { name: "组织机构", exact: true }).click();
    await expect(page).toHaveURL(/\/system\/org$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("组织机构");
  });
});
