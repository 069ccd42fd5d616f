import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

test.describe("学时 ledger", () => {
  test("a manager sees the shortfalls of their team in red on a phone, opens a member's hours and exports the report", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await actAs(page, "manager");
    await page.goto("/manage/hours");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("学时达标情况");
    // The demo credits no safety hours yet: every member of the team is short.
    const shortfall = page.locator("[data-shortfall]").first();
    await expect(shortfall).toBeVisible();
    await expect(shortfall).toContainText(/差 [\d.]+ 学时/);
    expect(await shortfall.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(185, 28, 28)");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "hours-report-360");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel" }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(5).getCell(1).value)).toBe("工号");
    expect(String(ws.getRow(6).getCell(1).value)).toMatch(/^\d+$/);

    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "hours-report-1280");

    await page.setViewportSize({ width: 360, height: 740 });
    await page.locator('main a[href^="/members/"]').first().click();
    const mine = page.getByTestId("profile-hours");
    await expect(mine).toBeVisible();
    await expect(mine.locator("[data-shortfall]")).toHaveCSS("color", "rgb(185, 28, 28)");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "hours-profile-360");
  });
});
