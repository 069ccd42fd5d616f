import { expect, test } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, saveScreenshot, uniq } from "./helpers";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

test.describe("import preview (phone width)", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("the member template unchanged is recognised as its example and imports nothing; a real row is previewed, written only on confirm", async ({
    page,
  }, testInfo) => {
    await actAs(page, "admin");
    await page.goto("/system/import");
    const template = await (await page.request.get("/system/import/template")).body();
    await page.locator('input[type="file"]').setInputFiles({ name: "职工导入模板.xlsx", mimeType: XLSX, buffer: template });
    await page.getByRole("button", { name: "预览", exact: true }).click();
    const preview = page.getByRole("region", { name: "导入预览（尚未写入任何数据）" });
    await expect(preview.getByTestId("preview-summary")).toHaveText("新增 0 行，更新 0 行，拒绝 0 行，跳过模板示例 1 行。");
    await expect(preview.locator('tr[data-action="example"]')).toContainText("王小明");
    await expect(preview.getByRole("button", { name: "确认导入" })).toHaveCount(0);
    await expect(preview.getByRole("alert")).toHaveText("除模板示例外，文件中没有可导入的行。");
    await expectNoHorizontalScroll(page);

    const no = `77${String(Date.now()).slice(-4)}`;
    const name = uniq("预览");
    const csv = `工号,姓名,单位,专业\n800001,王小明,韦2中转站,集输\n${no},${name},韦4站,采油\n900004,林晓雨,韦2中转站,集输\n`;
    await page.locator('input[type="file"]').setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "预览", exact: true }).click();
    await expect(preview.getByTestId("preview-summary")).toHaveText("新增 1 行，更新 1 行，拒绝 0 行，跳过模板示例 1 行。");
    await expect(preview.locator('tr[data-action="create"]')).toContainText(name);
    await expect(preview.locator('tr[data-action="update"]')).toContainText("林晓雨");
    await saveScreenshot(page, testInfo, "import-preview-360");

    // Nothing is written by the preview.
    const other = await page.context().newPage();
    await other.goto(`/members?q=${no}`);
    await expect(other.getByRole("link", { name })).toHaveCount(0);
    await other.close();

    await preview.getByRole("button", { name: "确认导入" }).click();
    await expect(page.getByRole("status").filter({ hasText: "导入完成" })).toHaveText("导入完成：新增 1 人，更新 1 人，开通账号 0 个。");
    await page.goto(`/members?q=${no}`);
    await expect(page.getByRole("link", { name }).first()).toBeVisible();
    await page.goto("/members?q=800001");
    await expect(page.getByRole("link", { name: "王小明" })).toHaveCount(0);
  });

  test("the preview at 1280", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await actAs(page, "admin");
    await page.goto("/system/import");
    const csv = "工号,姓名,单位,专业\n800001,王小明,韦2中转站,集输\n900004,林晓雨,不存在的站,采油\n";
    await page.locator('input[type="file"]').setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "预览", exact: true }).click();
    await expect(page.locator('tr[data-action="refused"]')).toContainText("找不到单位“不存在的站”。");
    // Only the file's own columns are shown.
    await expect(page.getByRole("columnheader")).toHaveText(["行", "结果", "工号", "姓名", "单位", "专业"]);
    await saveScreenshot(page, testInfo, "import-preview-1280");
  });
});

test.describe("专业: one list wherever it is chosen (phone width)", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("lessons, courses, classes and quizzes offer the same specialties", async ({ page }) => {
    await actAs(page, "trainer");
    const lists: string[][] = [];
    for (const path of ["/teach/lessons/new", "/teach/courses/new"]) {
      await page.goto(path);
      const select = page.getByRole("main").getByLabel("专业", { exact: true });
      await expect(select).toHaveJSProperty("tagName", "SELECT");
      lists.push((await select.locator("option").allTextContents()).slice(1));
    }
    expect(lists[0]).toContain("集输");
    expect(lists[1]).toEqual(lists[0]);
  });
});
