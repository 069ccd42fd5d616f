import { expect, test, type Page } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, saveScreenshot } from "./helpers";

/** The card of one row at phone width (the table's list form). */
const card = (page: Page, text: string) => page.getByRole("listitem").filter({ hasText: text });

/** The first link on the page whose path matches (a record's page from a list). */
async function firstHref(page: Page, path: RegExp): Promise<string> {
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => path.test(h));
  expect(href, `a link to ${path}`).toBeTruthy();
  return href ?? "";
}

test.describe("confirmations that say what they affect (phone width)", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("turning off a certificate type names the jobs and members it affects, and can be undone", async ({ page }, testInfo) => {
    await actAs(page, "admin");
    await page.goto("/system/certificates");
    const h2s = card(page, "硫化氢防护培训合格证");
    await expect(h2s).toContainText("启用");
    await h2s.getByRole("button", { name: "停用" }).click();
    const dialog = page.getByRole("dialog", { name: "停用证书类型“硫化氢防护培训合格证”？" });
    await expect(dialog).toBeVisible();
    // Three demo jobs require H2S; the members eligible for them now would lose it.
    await expect(dialog).toContainText(/3 个在用岗位要求此证书；[1-9]\d* 名职工目前具备其中岗位的上岗资格/);
    await expect(dialog.getByRole("button", { name: "取消" })).toBeFocused();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "certificate-deactivate-confirm-360");
    // Escape (or 取消) changes nothing.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.reload();
    await expect(card(page, "硫化氢防护培训合格证").getByRole("button", { name: "停用" })).toBeVisible();

    await card(page, "硫化氢防护培训合格证").getByRole("button", { name: "停用" }).click();
    await dialog.getByRole("button", { name: "停用" }).click();
    await expect(page.getByText("已停用“硫化氢防护培训合格证”。")).toBeVisible();
    await expect(card(page, "硫化氢防护培训合格证")).toContainText("已停用");
    await saveScreenshot(page, testInfo, "certificate-deactivated-undo-360");
    const undoPage = page.url();
    // The jobs that require it say plainly what is wrong and what to do (not "已删除或停用").
    await page.goto("/system/jobs");
    await expect(page.getByText("所要求的证书类型已停用，任何人都无法满足此要求", { exact: false }).first()).toBeVisible();
    await saveScreenshot(page, testInfo, "jobs-requirement-gone-360");
    await page.goto(undoPage);
    // 撤销 turns it back on.
    await page.getByRole("button", { name: "撤销" }).click();
    await expect(page.getByRole("button", { name: "撤销" })).toBeHidden();
    await expect(card(page, "硫化氢防护培训合格证").getByRole("button", { name: "停用" })).toBeVisible();

    // A type no job requires says so.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("row").filter({ hasText: "电工特种作业操作证" }).getByRole("button", { name: "停用" }).click();
    await expect(page.getByRole("dialog")).toContainText(/1 个在用岗位要求此证书/);
    await saveScreenshot(page, testInfo, "certificate-deactivate-confirm-1280");
    await page.getByRole("dialog").getByRole("button", { name: "取消" }).click();
    await expect(page.getByRole("dialog")).toBeHidden();
  });

  test("closing a quiz says how many attempts are in progress; archiving a lesson names its courses and learners", async ({ page }, testInfo) => {
    await actAs(page, "trainer");
    await page.goto("/teach/quizzes?status=published");
    await page.goto(await firstHref(page, /^\/teach\/quizzes\/\d+$/));
    await page.getByRole("button", { name: "结束考试" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText(/\d+ 名职工有进行中的答卷，结束后按超时规则交卷/);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-close-confirm-360");
    await dialog.getByRole("button", { name: "取消" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "结束考试" })).toBeVisible();

    await page.goto("/teach/lessons");
    await page.goto(await firstHref(page, /^\/teach\/lessons\/\d+$/));
    await page.getByRole("button", { name: "归档" }).click();
    await expect(page.getByRole("dialog")).toContainText(/\d+ 门课程包含此课时；\d+ 名职工已开始学习但尚未学完/);
    await saveScreenshot(page, testInfo, "lesson-archive-confirm-360");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("button", { name: "归档" })).toBeVisible();
  });
});
