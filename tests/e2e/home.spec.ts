import { expect, test } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, type DemoRole } from "./helpers";

/**
 * The home page shows each role what it needs first (lib/learner/home.ts): the worker's to-dos,
 * the trainer's queue, the manager's team gaps; each block only for the role that holds its right.
 */
const BLOCKS = ["home-worker", "home-trainer", "home-manager"] as const;
const EXPECTED: Record<"worker" | "trainer" | "manager", (typeof BLOCKS)[number][]> = {
  worker: ["home-worker"],
  trainer: ["home-worker", "home-trainer"],
  manager: ["home-worker", "home-manager"],
};

test.describe("role home pages on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  for (const role of Object.keys(EXPECTED) as (keyof typeof EXPECTED & DemoRole)[]) {
    test(`${role} sees ${EXPECTED[role].join(" + ")} and no other role's block`, async ({ page }) => {
      await actAs(page, role);
      await page.goto("/");
      for (const id of BLOCKS) await expect(page.getByTestId(id)).toHaveCount(EXPECTED[role].includes(id) ? 1 : 0);
      await expectNoHorizontalScroll(page);
    });
  }

  test("worker: the quick links are app tiles, each with its picture beside its name, three to a row", async ({ page }) => {
    await actAs(page, "worker");
    await page.goto("/");
    const tiles = page.getByTestId("home-tiles").getByRole("link");
    const n = await tiles.count();
    expect(n).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < n; i++) await expect(tiles.nth(i).locator("svg")).toHaveCount(1);
    const [a, b, c, d] = await Promise.all([0, 1, 2, 3].map(async (i) => (await tiles.nth(i).boundingBox())!));
    expect(Math.abs(a!.y - c!.y)).toBeLessThan(2);
    expect(d!.y).toBeGreaterThan(a!.y + a!.height - 1);
    expect(b!.width).toBeGreaterThan(90);
    await expectNoHorizontalScroll(page);
  });

  test("worker: the open demo quiz is due, with its count, and practice and notices a tap away", async ({ page }) => {
    await actAs(page, "worker");
    await page.goto("/");
    const quizzes = page.getByTestId("home-quizzes");
    const n = Number(await page.getByTestId("home-quizzes-count").innerText());
    expect(n).toBeGreaterThan(0);
    await expect(quizzes.getByRole("listitem").filter({ hasText: "截止" })).toHaveCount(Math.min(n, 5));
    await expect(page.getByTestId("home-unread")).toContainText("未读通知");
    await page.getByTestId("home-daily").click();
    await expect(page).toHaveURL(/\/practice\/daily$/);
  });

  test("trainer: the grading queue, drafts and closing quizzes with their counts; the queue a tap away", async ({ page }) => {
    await actAs(page, "trainer");
    await page.goto("/");
    const block = page.getByTestId("home-trainer");
    await expect(block.getByRole("heading", { level: 2 })).toHaveText("教学待办");
    for (const id of ["home-grading", "home-drafts", "home-closing"]) await expect(page.getByTestId(`${id}-count`)).toHaveText(/^\d+$/);
    const n = Number(await page.getByTestId("home-grading-count").innerText());
    if (n === 0) await expect(page.getByTestId("home-grading")).toContainText("都已完成");
    await page.getByTestId("home-grading").getByRole("link", { name: "待阅卷的简答题" }).click();
    await expect(page).toHaveURL(/\/teach\/grading$/);
  });

  test("manager: the team's gaps, in English too", async ({ page }) => {
    await actAs(page, "manager");
    await page.goto("/");
    const block = page.getByTestId("home-manager");
    await expect(block.getByRole("heading", { level: 2 })).toHaveText("班组缺口");
    for (const id of ["home-gaps", "home-expiring", "home-hours"]) await expect(page.getByTestId(`${id}-count`)).toHaveText(/^\d+$/);
    await page.getByRole("button", { name: "EN", exact: true }).click();
    await expect(block.getByRole("heading", { level: 2 })).toHaveText("Team gaps");
    await expect(block.getByTestId("roster-freshness")).toHaveText(/^Roster updated \d+ (seconds?|minutes?|hours?|days?) ago/);
    await expect(page.getByTestId("home-hours")).toContainText("Short of training hours");
    await page.getByRole("button", { name: "中文", exact: true }).click();
    await expect(block.getByRole("heading", { level: 2 })).toHaveText("班组缺口");
    await page.getByTestId("home-gaps").getByRole("link", { name: "岗位持证缺员" }).click();
    await expect(page).toHaveURL(/\/manage\/coverage$/);
  });
});
