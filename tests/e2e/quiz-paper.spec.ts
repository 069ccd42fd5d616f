import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { extractText, getDocumentProxy } from "unpdf";
import { expectNoHorizontalScroll, saveScreenshot, signIn, uniq } from "./helpers";

async function downloaded(page: Page, name: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact: true }).click()]);
  return readFile(await download.path());
}

test.describe("线下考试: paper exams", () => {
  test("a trainer prints papers A and B, imports the scores, and the results page shows them", async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const title = `线下考试 ${uniq("PP")}`;
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, "900003");
    await page.goto("/teach/quizzes/new");
    await page.getByLabel("考试名称").fill(title);
    await page.getByLabel("开始时间").fill("2026-01-01T08:00");
    await page.getByLabel("结束时间").fill("2030-12-31T18:00");
    await page.getByRole("button", { name: "创建考试" }).click();
    await expect(page).toHaveURL(/\/teach\/quizzes\/\d+/);
    const quizId = Number(/\/teach\/quizzes\/(\d+)/.exec(page.url())![1]);
    await page.goto(`/teach/quizzes/${quizId}/questions`);
    await page.getByRole("searchbox", { name: "在题库中搜索" }).fill("抽油机");
    await page.getByRole("button", { name: "搜索" }).click();
    const add = page.getByRole("button", { name: "添加", exact: true });
    await add.nth(0).click();
    await add.nth(0).click();
    await page.getByRole("button", { name: "保存试题" }).click();
    await expect(page.getByText("试题已保存。")).toBeVisible();
    await page.goto(`/teach/quizzes/${quizId}/audience`);
    await page.getByRole("checkbox", { name: "采油九队" }).check();
    await page.getByRole("button", { name: "保存参考人员" }).click();
    await expect(page.getByText("参考人员已保存。")).toBeVisible();
    await page.goto(`/teach/quizzes/${quizId}`);
    await page.getByRole("button", { name: "发布" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
    await expect(page.getByText("考试已发布。")).toBeVisible();

    // A paper sitting at 韦2中转站, from the quiz's tab.
    await page.getByRole("link", { name: "线下考试" }).click();
    await page.getByLabel("站点").selectOption({ label: "韦2中转站" });
    await page.getByRole("button", { name: "生成线下考试" }).click();
    await expect(page).toHaveURL(/\/paper\/\d+$/);
    await expect(page.getByText("2 题", { exact: false }).first()).toBeVisible();
    await saveScreenshot(page, testInfo, "paper-sitting-1280");

    // The papers: both versions, each with the questions, read back with a PDF reader.
    const text = async (bytes: Buffer) => (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;
    const papers = await text(await downloaded(page, "试卷 A/B"));
    expect(papers).toContain("试卷 A");
    expect(papers).toContain("试卷 B");
    expect(papers).toContain(title);
    expect(papers).toContain("抽油机");
    expect(papers).toContain("姓名");
    const signin = await text(await downloaded(page, "签到表"));
    expect(signin).toContain("林晓雨");
    expect(await text(await downloaded(page, "答题卡"))).toContain("答题卡 B");

    // The score template lists the station; 林晓雨's row is filled in, another with a bad version.
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load((await downloaded(page, "下载成绩模板")) as unknown as ArrayBuffer);
    const ws = tpl.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1, 7)).toEqual(["工号", "姓名", "版本", "得分", "Q1", "Q2"]);
    let found = false;
    ws.eachRow((row) => {
      if (row.getCell(1).value === "900004") {
        row.getCell(3).value = "A";
        row.getCell(5).value = 1;
        row.getCell(6).value = 1;
        found = true;
      }
    });
    expect(found).toBe(true);
    ws.addRow(["999997", "无此人", "A", 1]);
    const upload = async (bytes: Buffer) => {
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: "成绩.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bytes });
      await page.getByRole("button", { name: "预览" }).click();
    };
    await upload(Buffer.from(await tpl.xlsx.writeBuffer()));
    await expect(page.getByTestId("preview-summary")).toHaveText("新增 1 行，更新 0 行，拒绝 1 行，跳过模板示例 0 行。");
    await expect(page.locator('tr[data-action="refused"]')).toContainText("工号不存在");
    await expect(page.getByRole("button", { name: /确认导入/ })).toHaveCount(0);

    // Without the bad row: confirmed, written, shown.
    ws.spliceRows(ws.rowCount, 1);
    const good = Buffer.from(await tpl.xlsx.writeBuffer());
    await upload(good);
    await expect(page.getByTestId("preview-summary")).toHaveText("新增 1 行，更新 0 行，拒绝 0 行，跳过模板示例 0 行。");
    await saveScreenshot(page, testInfo, "paper-import-preview-1280");
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect(page.getByText("已导入：新增 1 人，更正 0 人。")).toBeVisible();
    await page.reload();
    const scores = page.getByRole("table", { name: "已录入的成绩" });
    await expect(scores).toContainText("林晓雨");
    await expect(scores).toContainText("A");

    // The same file again records nothing.
    await upload(good);
    await expect(page.getByTestId("preview-unchanged")).toHaveText("已录入且无变化，跳过 1 行。");

    // A changed sheet corrects the score: one update, still one record.
    ws.eachRow((row) => {
      if (row.getCell(1).value === "900004") row.getCell(6).value = 0;
    });
    await upload(Buffer.from(await tpl.xlsx.writeBuffer()));
    await expect(page.getByTestId("preview-summary")).toHaveText("新增 0 行，更新 1 行，拒绝 0 行，跳过模板示例 0 行。");
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect(page.getByText("已导入：新增 0 人，更正 1 人。")).toBeVisible();
    const sittingUrl = page.url().replace(/\?.*$/, "");

    // The result of record, on a phone.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`/teach/quizzes/${quizId}/results`);
    const main = page.getByRole("main");
    await expect(main).toContainText("林晓雨");
    await expect(main).toContainText("（含线下 1 次）");
    await expect(main).toContainText(/（50(\.00)?%）/);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "paper-results-360");

    // A wrong score corrected on the desktop, with a reason: the row and the result follow.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(sittingUrl);
    const fixes = page.locator('[data-testid="paper-fix-900004"]:visible');
    await fixes.getByRole("button", { name: "更正" }).click();
    const correct = page.getByRole("dialog", { name: "更正 林晓雨 的线下成绩" });
    await expect(correct).toContainText("现为 A 卷");
    // The attempt has per-question scores (imported): corrected question by question, the total their sum.
    await expect(correct).toContainText("按题更正");
    await expect(correct.getByLabel(/第 1 题/)).toHaveValue(/^\d+(\.\d+)?$/);
    await expect(correct.getByLabel(/第 2 题/)).toHaveValue("0");
    await correct.getByLabel(/第 1 题/).fill("0");
    await correct.getByLabel("原因（必填）").fill("阅卷时第 1 题判错");
    await saveScreenshot(page, testInfo, "paper-correct-1280");
    await correct.getByRole("button", { name: "保存更正" }).click();
    await expect(page.getByText("已更正 林晓雨 的成绩。")).toBeVisible();
    await expect(page.getByRole("table", { name: "已录入的成绩" })).toContainText(/0 \/ \d/);
    await page.goto(`/teach/quizzes/${quizId}/results`);
    await expect(main).toContainText(/（0(\.00)?%）/);

    // Deleted on a phone: no paper score, no result of record left.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(sittingUrl);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "paper-sitting-360");
    await fixes.getByRole("button", { name: "删除" }).click();
    const remove = page.getByRole("dialog", { name: "删除 林晓雨 的线下成绩" });
    await expect(remove).toContainText("退还一次考试机会");
    await remove.getByLabel("原因（必填）").fill("未参加本场考试，误录");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "paper-delete-360");
    await remove.getByRole("button", { name: "删除成绩" }).click();
    await expect(page.getByText("已删除 林晓雨 的线下成绩。")).toBeVisible();
    await expect(page.getByText("还没有录入成绩。")).toBeVisible();
    await page.goto(`/teach/quizzes/${quizId}/results`);
    await expect(main).not.toContainText("（含线下");

    // The deleted score gave 林晓雨 her attempt back: the quiz ends, so the specs after this one
    // still find the demo quiz the only one she can start.
    await page.goto(`/teach/quizzes/${quizId}`);
    await page.getByRole("button", { name: "结束考试" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "结束考试" }).click();
    await expect(page.getByText("考试已结束。")).toBeVisible();
  });
});
