import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, saveScreenshot, signIn } from "./helpers";

/**
 * 模拟考试 of a quiz: the area trainer allows mock exams of the demo quiz (允许模拟考试, off by
 * default); the demo worker takes one on a phone — drawn by the quiz's rules, timed by its limit,
 * scored as the quiz scores, then reviewed — and the quiz's results page is as it was.
 */
test.describe("a worker takes a mock exam of the demo quiz", () => {
  test("allowed by the trainer, taken at 360 px, scored and reviewed, never in the quiz's results", async ({ browser }, testInfo) => {
    test.setTimeout(150_000);
    const trainer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(trainer, "900003");
    await trainer.goto("/teach/quizzes?status=published");
    await trainer
      .getByRole("link", { name: /岗位练兵小会考/ })
      .first()
      .click();
    await expect(trainer).toHaveURL(/\/teach\/quizzes\/\d+$/);
    const quizId = Number(new URL(trainer.url()).pathname.split("/").pop());
    const mockCard = trainer.getByTestId("quiz-mock");
    if (await mockCard.getByRole("button", { name: "允许模拟考试" }).isVisible()) {
      await expect(mockCard).toContainText("本测验的题目不会出现在模拟考试中");
      await mockCard.getByRole("button", { name: "允许模拟考试" }).click();
      await expect(trainer.getByText("已保存模拟考试设置。")).toBeVisible();
    }
    await expect(trainer.getByTestId("quiz-mock")).toContainText("已允许");
    await expect(trainer.getByTestId("quiz-mock").getByRole("button", { name: "关闭模拟考试" })).toBeVisible();
    await saveScreenshot(trainer, testInfo, "quiz-mock-switch-1280");
    await trainer.goto(`/teach/quizzes/${quizId}/results`);
    const resultsBefore = await trainer.getByRole("main").innerText();

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await signIn(page, "900004");
    await page.goto("/practice/mock");
    const card = page.getByTestId("quiz-mocks").locator("li", { hasText: /岗位练兵小会考/ });
    await expect(card).toContainText("30 分钟");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-mock-list-360");
    await card.getByRole("button", { name: "开始考试" }).click();
    await expect(page).toHaveURL(/\/practice\/mock\/\d+$/);
    await expect(page.getByText("模拟考试，不计入测验成绩。")).toBeVisible();
    await expect(page.getByTestId("countdown")).toContainText(/剩余时间 (30:00|29:\d\d)/);
    const form = page.getByTestId("mock-form");
    const questions = await form.locator('input[type=hidden][name$=".type"]').count();
    expect(questions).toBeGreaterThan(0);
    // The first choice of every choice question; the others left blank.
    const sets = form.locator("fieldset");
    for (let i = 0; i < (await sets.count()); i++) await sets.nth(i).locator("input").first().check();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-mock-take-360");
    await page.getByRole("button", { name: "交卷" }).click();
    await expect(page.getByTestId("mock-result")).toContainText(/得分 [\d.]+\/[\d.]+（[\d.]+%）· (达到及格线|未达及格线)/);
    await expect(page.getByTestId("mock-review").locator("li")).toHaveCount(questions);
    await expect(page.getByTestId("mock-review")).toContainText("正确答案");
    await expect(page.getByTestId("mock-form")).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-mock-review-360");
    await page.goto("/practice/mock");
    await expect(page.getByTestId("my-mocks")).toContainText(/岗位练兵小会考/);

    // The quiz's results: the same page as before the mock exam.
    await trainer.goto(`/teach/quizzes/${quizId}/results`);
    expect(await trainer.getByRole("main").innerText()).toBe(resultsBefore);
  });
});
