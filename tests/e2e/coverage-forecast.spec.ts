import { expect, test } from "@playwright/test";
import { addDays } from "@/lib/core/time";
import { actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

/**
 * 覆盖预测 (issue 15): on a phone the demo manager opens 岗位覆盖 and sees, for the stations of
 * their team that fall below a minimum within a year if nobody renews (the demo's certificates
 * run out on days spread over the coming year), one line per station and job — 「韦9中转站
 * 2027-03-14 起合格集输工少于 4 人」 — soonest first, with the member whose certificate lapses the
 * day before named beside it and what they must do by that day; the same in English.
 */
test("a manager sees the coverage forecast with the member who must renew, on a phone, in both languages", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await actAs(page, "manager");
  await page.goto("/manage/coverage");
  const section = page.getByTestId("coverage-forecast");
  await expect(section).toBeVisible();
  const today = await page.evaluate(() => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()));
  const items = section.locator(":scope > li");
  const n = await items.count();
  expect(n).toBeGreaterThan(0);
  const days: string[] = [];
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    const line = (await item.locator("p").first().textContent()) ?? "";
    const m = /^(\S+) (\d{4}-\d{2}-\d{2}) 起合格(\S+)少于 (\d+) 人$/.exec(line);
    if (!m) {
      // Already short today (the coverage table above shows it too).
      expect(line).toMatch(/^\S+ 现在合格\S+已少于 \d+ 人$/);
      days.push(today);
      continue;
    }
    const day = m[2]!;
    expect(day > today && day <= addDays(today, 365)).toBe(true);
    days.push(day);
    // The member whose lapse causes it, with a link to their profile, and what they must do by the day before.
    const named = item.locator('a[href^="/members/"]').first();
    await expect(named).toBeVisible();
    await expect(item).toContainText(new RegExp(`须于 ${addDays(day, -1)} 前完成(复审|换证|复训)`));
  }
  expect(days).toEqual([...days].sort());
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "coverage-forecast-360");

  await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Coverage forecast" })).toBeVisible();
  await expect(section.locator(":scope > li").first().locator("p").first()).toHaveText(
    /^(\S+ falls below \d+ qualified .+ on \d{4}-\d{2}-\d{2}|\S+ already has fewer than \d+ qualified .+)$/,
  );
  await expectNoHorizontalScroll(page);
});
