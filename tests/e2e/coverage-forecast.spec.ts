import { expect, test, type Page } from "@playwright/test";
import { addDays } from "@/lib/core/time";
import { actAs, expectNoHorizontalScroll, saveScreenshot, sessionAs } from "./helpers";

/**
 * 覆盖预测 (issue 15): an admin raises 韦9中转站's minimum of 集输工 to the number qualified today
 * (read from the coverage table), so the first certificate that runs out within a year makes the
 * station short. On a phone the demo manager opens 岗位覆盖 and sees the line 「韦9中转站
 * <day> 起合格集输工少于 N 人」 with the member whose certificate lapses the day before named beside
 * it and what they must do by then; every line soonest first; the same in English. The minimum is
 * put back afterwards.
 */
const STATION = "韦9中转站";
const JOB = "集输工";

async function setMinimum(page: Page, n: number): Promise<void> {
  await page.goto("/manage/coverage");
  const form = page.locator("form").filter({ has: page.locator('input[name="minQualified"]') });
  await form.getByLabel("站点").selectOption({ label: STATION });
  await form.getByLabel("岗位").selectOption({ label: JOB });
  await form.getByLabel("最低人数").fill(String(n));
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form.getByText("已保存。")).toBeVisible();
}

test("a manager sees the coverage forecast with the member who must renew, on a phone, in both languages", async ({ page, browser }, testInfo) => {
  const admin = await sessionAs(browser, "admin");
  await admin.page.setViewportSize({ width: 1280, height: 800 });
  await admin.page.goto("/manage/coverage");
  const row = admin.page.locator("tbody tr").filter({ hasText: STATION }).filter({ hasText: JOB });
  const qualified = Number(/^\d+/.exec(((await row.locator("td").nth(3).textContent()) ?? "").trim())![0]);
  expect(qualified).toBeGreaterThan(0);
  await setMinimum(admin.page, qualified);
  try {
    await page.setViewportSize({ width: 360, height: 740 });
    await actAs(page, "manager");
    await page.goto("/manage/coverage");
    const section = page.getByTestId("coverage-forecast");
    await expect(section).toBeVisible();
    const today = await page.evaluate(() => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()));
    // The station's line: the day, the named member and what they must do by the day before.
    const item = section
      .locator(":scope > li")
      .filter({ hasText: `${STATION} ` })
      .filter({ hasText: `合格${JOB}少于 ${qualified} 人` });
    const line = (await item.locator("p").first().textContent()) ?? "";
    const m = new RegExp(`^${STATION} (\\d{4}-\\d{2}-\\d{2}) 起合格${JOB}少于 ${qualified} 人$`).exec(line);
    expect(m, line).not.toBeNull();
    const day = m![1]!;
    expect(day > today && day <= addDays(today, 365)).toBe(true);
    await expect(item.locator('a[href^="/members/"]').first()).toBeVisible();
    await expect(item).toContainText(new RegExp(`须于 ${addDays(day, -1)} 前完成(复审|换证)`));

    // Every line: soonest first, each future one with a named member.
    const items = section.locator(":scope > li");
    const days: string[] = [];
    for (let i = 0; i < (await items.count()); i++) {
      const text = (await items.nth(i).locator("p").first().textContent()) ?? "";
      const d = /^\S+ (\d{4}-\d{2}-\d{2}) 起合格\S+少于 \d+ 人$/.exec(text);
      if (!d) {
        // Already short today (the coverage table above shows it too).
        expect(text).toMatch(/^\S+ 现在合格\S+已少于 \d+ 人$/);
        days.push(today);
        continue;
      }
      days.push(d[1]!);
      await expect(items.nth(i)).toContainText(new RegExp(`须于 ${addDays(d[1]!, -1)} 前完成`));
    }
    expect(days).toEqual([...days].sort());
    await expectNoHorizontalScroll(page);
    await item.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, "coverage-forecast-360");

    await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Coverage forecast" })).toBeVisible();
    await expect(section).toContainText(`${STATION} falls below ${qualified} qualified ${JOB} on ${day}`);
    await expect(section).toContainText(`by ${addDays(day, -1)}`);
    await expectNoHorizontalScroll(page);
  } finally {
    await setMinimum(admin.page, 4);
    await admin.context.close();
  }
});
