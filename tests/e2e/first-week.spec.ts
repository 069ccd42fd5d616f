import { expect, test, type Page } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, formAlert, saveScreenshot } from "./helpers";

/** Errors the browser reports while a page loads and settles (a hydration mismatch is one). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}

test.describe("what a first week would trip over (phone width)", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("an empty question form says each problem once", async ({ page }, testInfo) => {
    await actAs(page, "trainer");
    await page.goto("/teach/bank/new");
    await page.getByRole("button", { name: "创建试题" }).click();
    await expect(formAlert(page).first()).toContainText(/有 \d+ 处问题，已在下方对应位置标出/);
    for (const text of ["题干不能为空。", "选项A为空。", "选项B为空。", "没有指定正确答案。"])
      await expect(page.getByText(text, { exact: true })).toHaveCount(1);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "question-empty-360");
  });

  test("a course's quiz item leads to the quiz", async ({ page }) => {
    await actAs(page, "worker");
    await page.goto("/courses");
    const card = page.getByRole("listitem").filter({ hasText: "采油工岗位必修：设备启停" });
    const hrefs = await card.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    const course = hrefs.find((h) => /^\/courses\/\d+$/.test(h));
    expect(course, "a link to the course").toBeTruthy();
    await page.goto(course ?? "/courses");
    const quizItem = page.getByRole("main").locator("ol > li").filter({ hasText: "考试" });
    const quizLink = quizItem.getByRole("link");
    await expect(quizLink).toHaveAttribute("href", "/quizzes");
    await quizLink.click();
    await expect(page).toHaveURL(/\/quizzes$/);
  });

  test("the worker's check-in page hydrates without a mismatch (React #418)", async ({ page }, testInfo) => {
    await actAs(page, "worker");
    const errors = collectErrors(page);
    for (const url of ["/classes/check-in", "/classes/check-in?s=1&c=123456", "/classes"]) {
      await page.goto(url);
      await page.waitForLoadState("networkidle");
    }
    expect(errors.filter((e) => /418|hydrat/i.test(e))).toEqual([]);
    await page.goto("/classes/check-in");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "check-in-360");
  });
});
