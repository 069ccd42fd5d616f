import { expect, test } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

/**
 * Issue 18: the demo comes with four past quarters of history (scripts/demo/history.ts), so on a
 * first start 比学赶帮超 shows the current quarter and the four before it with a line for every
 * team in each chart, at phone and desktop width; the quarter under way shows its figures so far,
 * drawn apart (dashed), and nothing where there is nothing yet rather than 0.
 */
const TEAMS = ["采油八队", "采油九队", "采油十队", "采油十一队", "综合队"];
const CHARTS = ["考试平均得分率", "参考率", "课程完成率", "人均学分"];

for (const width of [360, 1280] as const) {
  test(`比学赶帮超 at ${width} px: four past quarters with a line for every team`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 800 });
    await actAs(page, "worker");
    await page.goto("/comparison");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("比学赶帮超 · 队际对比");
    for (const name of CHARTS) {
      const chart = page.getByRole("img", { name });
      await expect(chart).toBeVisible();
      // Five quarters on the axis (four past and this one).
      await expect(chart.locator("text").filter({ hasText: /^\d{4} Q[1-4]$/ })).toHaveCount(5);
      for (const team of TEAMS) {
        const series = chart.locator(`g[data-series="${team}"]`);
        // One unbroken line through the four past quarters at least: a path of ≥ 4 points.
        const longest = await series
          .locator("path")
          .evaluateAll((ps) => Math.max(0, ...ps.map((p) => (p.getAttribute("d") ?? "").split(/[ML]/).filter(Boolean).length)));
        expect(longest, `${name}: ${team}`).toBeGreaterThanOrEqual(4);
      }
      // The table beside the chart: every team has a number in each of the four past quarters.
      const card = page
        .getByRole("main")
        .locator("details")
        .filter({ has: page.locator("caption", { hasText: name }) });
      await card.locator("summary").click();
      const rows = card.locator("tbody tr");
      await expect(rows).toHaveCount(TEAMS.length);
      for (let i = 0; i < TEAMS.length; i++) {
        const cells = await rows.nth(i).locator("td").allInnerTexts();
        expect(cells).toHaveLength(5);
        for (const cell of cells.slice(0, 4)) expect(cell, `${name} row ${i}`).toMatch(/^\d+(\.\d+)?%?$/);
      }
      // Short quarter heads (26Q3, the full name as their title), so at desktop width the table fits its card.
      const heads = await card.locator("thead abbr").allInnerTexts();
      expect(heads).toHaveLength(5);
      for (const h of heads) expect(h).toMatch(/^\d{2}Q[1-4]$/);
      if (width === 1280) {
        const box = card.locator(".overflow-x-auto");
        expect(await box.evaluate((d) => d.scrollWidth - d.clientWidth), `${name}: the table scrolls inside its card`).toBeLessThanOrEqual(1);
      }
    }
    // The quarter under way is drawn apart: each team's course completion so far is reached by a
    // dashed line, and the chart says so.
    const completion = page.getByRole("img", { name: "课程完成率" });
    for (const team of TEAMS) await expect(completion.locator(`g[data-series="${team}"] path[stroke-dasharray]`)).toHaveCount(1);
    await expect(page.getByRole("figure").filter({ has: completion })).toContainText("进行中，为至今的数字");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, `demo-history-comparison-${width}`);
  });
}

test("the past station pairing draws both stations before and after it", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await actAs(page, "admin");
  await page.goto("/manage/pairings");
  const row = page.getByRole("main").locator(":is(tr, li):visible").filter({ hasText: "马8站" }).first();
  await row.getByRole("link", { name: "对比" }).click();
  await expect(page).toHaveURL(/\/manage\/pairings\/\d+$/);
  const chart = page.getByRole("img", { name: "考试平均得分率" });
  await expect(chart).toBeVisible();
  await expect(chart.locator("g[data-series] path")).toHaveCount(2);
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "demo-history-pairing-360");
});

test("a past quiz of the history has its attempts: the item statistics show every question's facility", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await actAs(page, "trainer");
  await page.goto("/teach/quizzes?status=closed");
  const link = page
    .getByRole("main")
    .getByRole("link", { name: /季度 季度小会考/ })
    .first();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/teach\/quizzes\/\d+/);
  await page.goto(`${href!.match(/^\/teach\/quizzes\/\d+/)![0]}/stats`);
  const items = page.getByRole("main").locator("article[id^='q-']");
  await expect(items).toHaveCount(12);
  // Each automatic question has a facility from the attempts (no "—"), and they are not all alike.
  const facilities = await items.evaluateAll((as) =>
    as.map((a) => {
      const dts = [...a.querySelectorAll("dt")];
      const dd = dts.find((d) => d.textContent?.startsWith("得分率"))?.nextElementSibling;
      return dd?.textContent ?? "";
    }),
  );
  const numbers = facilities.map((f) => Number(/([\d.]+)\s*%/.exec(f)?.[1] ?? Number.NaN)).filter((n) => !Number.isNaN(n));
  expect(numbers.length, facilities.join(" | ")).toBeGreaterThanOrEqual(11);
  expect(Math.max(...numbers) - Math.min(...numbers)).toBeGreaterThan(10);
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "demo-history-item-stats-360");
});
