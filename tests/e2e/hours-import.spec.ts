import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

/** Today in the site's zone (the server's clock is the real one in e2e runs). */
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

test.describe("学时 import", () => {
  test("a manager previews an .xlsx with a bad and a good row, confirms, and the member's ledger shows the entry", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await actAs(page, "manager");
    await page.goto("/manage/hours");
    await page.getByRole("link", { name: "导入学时" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("导入外部培训学时");

    // The template: Chinese headers, then the example row.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载导入模板" }).click()]);
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const ws = tpl.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 6)).toEqual(["工号", "姓名", "培训日期", "学时", "类别"]);

    // Filled in: the example row left in, a row with an unknown 工号, a good row for the demo worker (采油九队).
    ws.addRow(["999998", "无此人", today(), 4, "安全", "e2e 无效行"]);
    ws.addRow(["900004", "", today(), 3.5, "安全", "e2e 消防演练", "消防支队", "XF-E2E"]);
    const bytes = Buffer.from(await tpl.xlsx.writeBuffer());
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "学时.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bytes });
    await page.getByRole("button", { name: "预览" }).click();
    await expect(page.getByTestId("preview-summary")).toHaveText("新增 1 行，更新 0 行，拒绝 1 行，跳过模板示例 1 行。");
    await expect(page.locator('tr[data-action="refused"]')).toContainText("工号不存在");
    await expect(page.locator('tr[data-action="example"]')).toContainText("示例：100001");
    await expect(page.locator('tr[data-action="create"]')).toContainText("e2e 消防演练");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "hours-import-preview-360");
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "hours-import-preview-1280");
    await page.setViewportSize({ width: 360, height: 740 });

    // The refused row is skipped, the rest written (each entry stands alone).
    await page.getByRole("button", { name: "跳过拒绝的 1 行，导入其余 1 行" }).click();
    await expect(page.getByText("已导入 1 条外部培训学时（1 名职工），跳过拒绝的 1 行。")).toBeVisible();

    await page.goto("/members?q=900004");
    await page.getByRole("link", { name: "林晓雨" }).first().click();
    const ledger = page.getByRole("list", { name: "培训学时" });
    await expect(ledger).toContainText("e2e 消防演练");
    await expect(ledger).toContainText("外部培训");
    await expect(ledger).toContainText("3.5 学时");
    await expect(ledger).not.toContainText("e2e 无效行");
  });
});

test.describe("学时 on the roster and the minimums form", () => {
  test("the roster shows each member's hours against the minimum, a shortfall in red; an admin changes the minimums", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await actAs(page, "manager");
    await page.goto("/manage/roster");
    const badge = page.locator("[data-hours-shortfall]").first();
    await expect(badge).toBeVisible();
    await expect(badge).toContainText(/学时 [\d.]+\/[\d.]+/);
    await saveScreenshot(page, testInfo, "roster-hours-360");
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "roster-hours-1280");

    await page.context().clearCookies();
    await actAs(page, "admin");
    await page.goto("/system/hours");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("最低学时设置");
    await page.getByLabel("年度再培训", { exact: true }).fill("5");
    await page.getByRole("button", { name: "保存学时设置" }).click();
    await expect(page.getByText("学时设置已保存。")).toBeVisible();
    await expect(page.getByLabel("年度再培训", { exact: true })).toHaveValue("5");
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "hours-minimums-360");
  });
});
