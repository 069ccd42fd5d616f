import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, saveScreenshot, signIn } from "./helpers";

/**
 * 模拟考试 and the trainer's per-unit view: the area trainer opens 集输 for 采油九队 and sets a mock
 * exam of three questions; the demo worker takes it on a phone (a countdown from the server's
 * deadline), submits, gets a score and the review; the trainer then sees 采油九队's practice.
 */
test.describe("a worker takes a mock exam; the trainer sees it per unit", () => {
  test("mock exam scored and reviewed; per-unit practice", async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const trainer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(trainer, "900003");
    await trainer.goto("/teach/practice");
    const select = trainer.locator("select[name=categoryId]").first();
    const option = select.locator("option", { hasText: /^\s*集输 \(\d+\)$/ });
    await select.selectOption((await option.getAttribute("value"))!);
    await trainer.getByLabel("采油九队", { exact: true }).check();
    await trainer.getByLabel(/包含考试中固定使用的题目/).check();
    await trainer.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(trainer.getByText("已开放练习。")).toBeVisible();
    const mockForm = trainer.locator("form", { has: trainer.getByRole("button", { name: "布置模拟考试" }) });
    await mockForm.locator("select[name=categoryId]").selectOption({ label: "集输" });
    await trainer.getByLabel("名称").fill("集输模拟");
    await trainer.getByLabel("题数").fill("3");
    await trainer.getByLabel("时长（分钟）").fill("10");
    await trainer.getByRole("button", { name: "布置模拟考试" }).click();
    await expect(trainer.getByText("已布置模拟考试。")).toBeVisible();
    await expect(trainer.getByTestId("mock-exams")).toContainText("集输模拟");

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await signIn(page, "900004");
    await page.goto("/practice/mock");
    await expect(page.getByTestId("mock-exams")).toContainText("集输 · 3 题 · 10 分钟");
    await page.getByTestId("mock-exams").getByRole("button", { name: "开始考试" }).click();
    await expect(page).toHaveURL(/\/practice\/mock\/\d+$/);
    await expect(page.getByTestId("countdown")).toContainText(/剩余时间 (10:00|9:\d\d)/);
    const form = page.getByTestId("mock-form");
    // Answer the first choice of every choice question; leave the others blank.
    const radios = form.locator("fieldset");
    for (let i = 0; i < (await radios.count()); i++) await radios.nth(i).locator("input").first().check();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "mock-take-360");
    await page.getByRole("button", { name: "交卷" }).click();
    await expect(page.getByTestId("mock-result")).toContainText(/得分：答对 \d\/3 题/);
    await expect(page.getByTestId("mock-review").locator("li")).toHaveCount(3);
    await expect(page.getByTestId("mock-form")).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "mock-review-360");
    await page.goto("/practice/mock");
    await expect(page.getByTestId("my-mocks")).toContainText("集输模拟");
    await saveScreenshot(page, testInfo, "mock-list-360");

    await trainer.goto("/teach/practice");
    await trainer.getByTestId("openings").locator("li", { hasText: "集输" }).getByRole("link", { name: "单位练习情况" }).click();
    await expect(trainer.getByRole("heading", { level: 1, name: "单位练习情况" })).toBeVisible();
    const team = trainer.getByTestId("practice-units").locator("li", { hasText: "采油九队" }).first();
    await expect(team).toContainText("练习人数");
    await expect(team.locator("dd").first()).toHaveText("1");
    await saveScreenshot(trainer, testInfo, "practice-units-1280");
    await trainer.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(trainer);
    await saveScreenshot(trainer, testInfo, "practice-units-360");
  });
});
