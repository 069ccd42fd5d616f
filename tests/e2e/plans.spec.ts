import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

test.describe("年度培训计划", () => {
  test("a manager makes the team's plan on a phone, adds a line delivered by the demo course, sees its status and downloads the .xlsx", async ({
    page,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 360, height: 740 });
    await actAs(page, "manager");
    await page.goto("/manage/plans");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("年度培训计划");
    // The demo's plan of 采油九队 for this year is listed, its lines with a status each.
    const year = Number(await page.getByLabel("年度", { exact: true }).first().inputValue());
    await page
      .getByRole("link", { name: `采油九队 · ${year}` })
      .filter({ visible: true })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`采油九队 ${year} 年度培训计划`);
    await expect(page.locator("[data-status]:visible")).toHaveCount(3);
    await expectNoHorizontalScroll(page);

    // 郑立新 (900002) manages 采油九队: next year's plan is his to make.
    await page.goto(`/manage/plans?year=${year + 1}`);
    await expect(page.getByText("这一年还没有您范围内的计划。")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.getByLabel("单位", { exact: true }).selectOption({ label: "采油九队" });
    await page.getByRole("button", { name: "新建计划" }).click();
    await expect(page).toHaveURL(/\/manage\/plans\/\d+/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`采油九队 ${year + 1} 年度培训计划`);
    await expect(page.getByText("计划已建立。")).toBeVisible();
    await expect(page.getByText("计划还没有条目。")).toBeVisible();

    // A refused line keeps what was typed, the ticked station too.
    const form = page.getByTestId("plan-line-form");
    await form.getByLabel("培训内容").fill("设备启停必修");
    await form.getByLabel("计划月份").selectOption({ label: "1 月" });
    await form.getByLabel("计划学时（每人）").fill("0");
    await form.getByLabel("预算（元）").fill("3000");
    await form.getByLabel("实施方式").selectOption({ label: "课程：采油工岗位必修：设备启停" });
    await form.getByRole("checkbox", { name: "韦2中转站" }).check();
    await form.getByRole("button", { name: "保存条目" }).click();
    await expect(form.getByText("计划学时须大于 0、不超过 999，最多两位小数。").first()).toBeVisible();
    await expect(form.getByLabel("培训内容")).toHaveValue("设备启停必修");
    await expect(form.getByLabel("预算（元）")).toHaveValue("3000");
    await expect(form.getByRole("checkbox", { name: "韦2中转站" })).toBeChecked();
    await expect(page.getByText("计划还没有条目。")).toBeVisible();

    await form.getByLabel("计划学时（每人）").fill("8");
    await form.getByRole("button", { name: "保存条目" }).click();
    await expect(form.getByText("条目已保存。")).toBeVisible();
    const topic = page.getByTestId("plan-line-topic").filter({ visible: true });
    await expect(topic).toHaveText("设备启停必修");
    // January of next year: nothing credited yet, the month not begun: 未开始.
    const status = page.locator("[data-status]:visible").first();
    await expect(status).toHaveAttribute("data-status", "notStarted");
    await expect(status).toHaveText("未开始");
    await expect(page.locator("[data-completion]:visible").first()).toContainText("%");
    await expect(page.getByRole("heading", { name: "按单位计划与实际" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "plan-360");

    // The line is edited in place: a refused change keeps what was typed, a good one is saved.
    const lineId = await page.locator("[data-edit-line]").first().getAttribute("data-edit-line");
    await page.locator(`[data-edit-line="${lineId}"] summary`).click();
    const edit = page.getByTestId(`plan-line-edit-${lineId}`);
    await expect(edit.getByLabel("培训内容")).toHaveValue("设备启停必修");
    await expect(edit.getByRole("checkbox", { name: "韦2中转站" })).toBeChecked();
    await edit.getByLabel("培训内容").fill("设备启停必修（修订）");
    await edit.getByLabel("计划学时（每人）").fill("1000");
    await edit.getByRole("button", { name: "保存条目" }).click();
    await expect(edit.getByText("计划学时须大于 0、不超过 999，最多两位小数。").first()).toBeVisible();
    await expect(edit.getByLabel("培训内容")).toHaveValue("设备启停必修（修订）");
    await expect(edit.getByLabel("计划学时（每人）")).toHaveValue("1000");
    await expect(edit.getByRole("checkbox", { name: "韦2中转站" })).toBeChecked();
    await expect(topic).toHaveText("设备启停必修");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "plan-line-edit-refused-360");
    await edit.getByLabel("计划学时（每人）").fill("6");
    await edit.getByRole("button", { name: "保存条目" }).click();
    await expect(edit.getByText("条目已保存。")).toBeVisible();
    await expect(topic).toHaveText("设备启停必修（修订）");
    await page.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(page, testInfo, "plan-line-edit-1280");
    await page.setViewportSize({ width: 360, height: 740 });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["计划条目", "按月", "按单位"]);
    const lines = wb.worksheets[0]!;
    expect(String(lines.getRow(6).getCell(2).value)).toBe("设备启停必修（修订）");
    expect(String(lines.getRow(6).getCell(12).value)).toBe("未开始");
    expect(Number(wb.worksheets[1]!.getRow(4).getCell(5).value)).toBe(3000);

    // The new plan is listed for its year.
    await page.goto(`/manage/plans?year=${year + 1}`);
    await expect(page.getByRole("link", { name: `采油九队 · ${year + 1}` }).filter({ visible: true })).toBeVisible();
  });
});
