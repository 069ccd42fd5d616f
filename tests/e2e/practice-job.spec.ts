import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, saveScreenshot, signIn } from "./helpers";

/**
 * Practice opened for a job's requirements (岗位) on a phone: the area trainer opens 中转站站长's
 * requirements for 作业班 (a unit no other spec uses), sees it listed and its per-unit report,
 * then closes it again so no other spec's workers see it.
 */
test.describe("practice opened for a job's requirements", () => {
  test("a trainer opens a job's requirements for practice at 360 px, reads its report and closes it", async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, "900003");
    await page.goto("/teach/practice");
    // Without an audience: refused with a clear message, nothing opened.
    await page.getByLabel(/按岗位/).check();
    await page.getByLabel("要求所属岗位").selectOption({ label: "中转站站长" });
    await page.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(page.getByText("请至少选择一个单位或岗位。")).toBeVisible();
    await page.getByLabel(/按岗位/).check();
    await page.getByLabel("要求所属岗位").selectOption({ label: "中转站站长" });
    await page.getByLabel("作业班", { exact: true }).check();
    await page.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(page.getByText("已开放练习。")).toBeVisible();
    const row = page.getByTestId("openings").locator("li", { hasText: "岗位要求：中转站站长" });
    await expect(row).toContainText("作业班");
    await expectNoHorizontalScroll(page);
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, "practice-job-opened-360");
    await row.getByRole("link", { name: "单位练习情况" }).click();
    await expect(page).toHaveURL(/\/teach\/practice\/units\?opening=\d+/);
    await expect(page.getByRole("main")).toContainText("岗位要求：中转站站长");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-job-units-360");
    await page.goto("/teach/practice");
    await page.getByTestId("openings").locator("li", { hasText: "岗位要求：中转站站长" }).getByRole("button", { name: "关闭" }).click();
    await expect(page.getByText("已关闭练习。")).toBeVisible();
    await expect(page.getByTestId("openings").locator("li", { hasText: "岗位要求：中转站站长" })).toHaveCount(0);
  });
});
