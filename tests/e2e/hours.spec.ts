import { expect, test, type Locator } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

/** The element's text colour as sRGB (Tailwind 4 writes colours in lab(), which a canvas converts). */
async function rgbOf(el: Locator): Promise<[number, number, number]> {
  return el.evaluate((e) => {
    const c = document.createElement("canvas").getContext("2d")!;
    c.fillStyle = getComputedStyle(e).color;
    c.fillRect(0, 0, 1, 1);
    const [r, g, b] = c.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!] as [number, number, number];
  });
}
const isRed = ([r, g, b]: [number, number, number]) => r > 150 && g < 80 && b < 80;

test.describe("学时 ledger", () => {
  test("a manager sees the shortfalls of their team in red on a phone, opens a member's hours and exports the report", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await actAs(page, "manager");
    await page.goto("/manage/hours");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("学时达标情况");
    // The demo's history credits at most 15 safety hours in the current year (classrooms, quizzes), below the minimum: every member of the team is short.
    const shortfall = page.locator("[data-shortfall]:visible").first();
    await expect(shortfall).toBeVisible();
    await expect(shortfall).toContainText(/差 [\d.]+ 学时/);
    expect(isRed(await rgbOf(shortfall)), "the shortfall is red").toBe(true);
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
    await page.locator('main a[href^="/members/"]:visible').first().click();
    const mine = page.getByTestId("profile-hours");
    await expect(mine).toBeVisible();
    await expect(mine.locator("[data-shortfall]")).toBeVisible();
    expect(isRed(await rgbOf(mine.locator("[data-shortfall]"))), "the profile's shortfall is red").toBe(true);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "hours-profile-360");
  });
});
