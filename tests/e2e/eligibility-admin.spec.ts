import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { actAs, expectNoHorizontalScroll, selectByText, uniq } from "./helpers";

async function xlsx(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("证书");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test.describe("jobs and certificates (admin)", () => {
  test("a requirement that contradicts the job's own is refused with a clear message", async ({ page }) => {
    await actAs(page, "admin");
    await page.goto("/system/jobs");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("岗位与上岗要求");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "添加", exact: true }) });
    await selectByText(form.getByLabel("岗位", { exact: true }), "安全员（J-SAFE）");
    await form.getByLabel("类型", { exact: true }).selectOption("service");
    await form.getByLabel("次数 / 月数", { exact: true }).fill("24");
    await form.getByRole("button", { name: "添加", exact: true }).click();
    await expect(form.getByRole("status")).toHaveText("要求已添加。");
    await expect(page.getByRole("list", { name: "上岗要求 安全员" })).toContainText("工作满 24 个月");
    // The same kind again with another threshold contradicts it: refused, nothing added.
    await form.getByLabel("次数 / 月数", { exact: true }).fill("36");
    await form.getByRole("button", { name: "添加", exact: true }).click();
    await expect(form.getByRole("alert")).toHaveText("与本岗位已有的同类要求矛盾（同一对象，门槛不同）。");
    await expect(page.getByRole("list", { name: "上岗要求 安全员" })).not.toContainText("工作满 36 个月");
    // A quiz requirement that names no quiz, series or specialty is explained too (the typed score stays).
    await form.getByLabel("类型", { exact: true }).selectOption("quiz");
    await form.getByLabel("最低分数（%）", { exact: true }).fill("60");
    await form.getByRole("button", { name: "添加", exact: true }).click();
    await expect(form.getByRole("alert")).toHaveText("请指定要求的对象（考试、系列或专业、课程、证书等）。");
    await expect(form.getByLabel("最低分数（%）", { exact: true })).toHaveValue("60");
  });

  test("a certificate import with mistakes names each row and column and changes nothing; a good one lands on the profile", async ({ page }) => {
    await actAs(page, "admin");
    await page.goto("/system/certificates");
    const importCard = page.locator("section").filter({ hasText: "从 Excel 导入" });
    const number = uniq("C");
    await importCard.locator('input[type="file"]').setInputFiles({
      name: "bad.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await xlsx([
        ["工号", "证书类型", "证书编号", "发证日期", "有效期至"],
        ["900004", "SAFE", number, "2026-01-10", ""],
        ["000000", "SAFE", `${number}-2`, "2026-01-10", ""],
        ["900004", "没有的证", `${number}-3`, "2026-02-30", ""],
      ]),
    });
    await importCard.getByRole("button", { name: "预览", exact: true }).click();
    // The preview: each refused row with its reasons, no confirmation offered.
    const preview = importCard.getByRole("region", { name: "导入预览（尚未写入任何数据）" });
    await expect(preview.getByTestId("preview-summary")).toHaveText("新增 1 行，更新 0 行，拒绝 2 行，跳过模板示例 0 行。");
    await expect(preview.locator('tr[data-action="refused"]').filter({ hasText: "000000" })).toContainText("“工号”列：没有工号为 000000 的职工。");
    const row4 = preview.locator('tr[data-action="refused"]').filter({ hasText: "没有的证" });
    await expect(row4).toContainText("“证书类型”列");
    await expect(row4).toContainText("“发证日期”列");
    await expect(preview.getByRole("button", { name: "确认导入" })).toHaveCount(0);
    await expect(importCard.getByRole("alert").last()).toContainText("有被拒绝的行，无法导入");

    await importCard.locator('input[type="file"]').setInputFiles({
      name: "good.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await xlsx([
        ["工号", "证书类型", "证书编号", "发证日期", "有效期至"],
        ["900004", "安全生产知识合格证", number, "2026-01-10", ""],
      ]),
    });
    await importCard.getByRole("button", { name: "预览", exact: true }).click();
    await expect(importCard.getByTestId("preview-summary")).toHaveText("新增 1 行，更新 0 行，拒绝 0 行，跳过模板示例 0 行。");
    await importCard.getByRole("button", { name: "确认导入" }).click();
    await expect(importCard.getByRole("status")).toHaveText("已导入：新增 1 条，更新 0 条。");
    await page.goto("/members?q=900004");
    await page.getByRole("link", { name: "林晓雨" }).first().click();
    await expect(page.getByText(`编号 ${number}`)).toBeVisible();
    await expect(page.getByText("有效期至 2029-01-09").first()).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});
