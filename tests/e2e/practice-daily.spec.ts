import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalScroll, saveScreenshot, signIn } from "./helpers";

/** Answers whatever question the practice form shows (right or wrong does not matter for the day). */
async function answerShown(page: Page) {
  const form = page.getByTestId("practice-form");
  await expect(form).toBeVisible();
  if (await form.locator("input[name=blanks]").count()) await form.locator("input[name=blanks]").first().fill("百分比");
  else if (await form.locator("input[type=radio]").count()) await form.locator("input[type=radio]").first().check();
  else if (await form.locator("input[type=checkbox]").count()) await form.locator("input[type=checkbox]").first().check();
  else await form.locator("input[name=value]").fill("1.5");
  await page.getByRole("button", { name: "提交答案" }).click();
  await expect(page).toHaveURL(/\/practice\/answers\/\d+/);
  await expect(page.getByTestId("key")).not.toBeEmpty();
}

/**
 * 每日一练 on a phone: the area trainer opens 采油 (five questions) for 采油九队; the demo worker
 * starts the day's set from the practice home, answers all five, and sees the day done with a
 * streak of 1, on the daily page and on the home's calendar.
 */
test.describe("a worker does the daily five", () => {
  test("five answers complete the day; the streak shows 1", async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const trainer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(trainer, "900003");
    await trainer.goto("/teach/practice");
    // The opening form's category list (the mock-exam form below has one of its own).
    const select = trainer.locator("form", { has: trainer.getByRole("button", { name: "开放 / 更新" }) }).locator("select[name=categoryId]");
    const option = select.locator("option", { hasText: /^\s*采油 \(\d+\)$/ });
    await select.selectOption((await option.getAttribute("value"))!);
    await trainer.getByLabel("采油九队", { exact: true }).check();
    await trainer.getByLabel(/包含考试中固定使用的题目/).check();
    await trainer.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(trainer.getByText("已开放练习。")).toBeVisible();
    await trainer.close();

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await signIn(page, "900004");
    await page.goto("/practice");
    // Nothing is drawn until the worker starts the day: the card shows the day's size and 0 answered.
    await expect(page.getByTestId("daily-today")).toHaveText(/^今日 0\/5 题$/);
    await expect(page.getByTestId("daily-streak")).toHaveText("连续 0 天");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "daily-home-360");
    await page.getByRole("button", { name: "开始今日练习" }).click();
    await expect(page).toHaveURL(/\/practice\/daily$/);
    // Drawn now from what is open: five questions, or fewer when little is open.
    await expect(page.getByTestId("daily-position")).toHaveText(/^第 1\/[1-5] 题$/);
    const size = Number((await page.getByTestId("daily-position").textContent())!.match(/\/(\d)/)![1]);

    for (let n = 1; n <= size; n++) {
      await expect(page.getByTestId("daily-position")).toHaveText(`第 ${n}/${size} 题`);
      if (n === 1) {
        await expectNoHorizontalScroll(page);
        await saveScreenshot(page, testInfo, "daily-question-360");
      }
      await answerShown(page);
      await page.getByRole("link", { name: "下一题" }).click();
      await expect(page).toHaveURL(/\/practice\/daily$/);
    }
    await expect(page.getByTestId("daily-done")).toContainText(`今天的 ${size} 道题都答完了！`);
    await expect(page.getByTestId("daily-streak")).toHaveText("连续 1 天");
    await expect(page.getByTestId("daily-items").locator("li")).toHaveCount(size);
    await expect(page.getByTestId("practice-form")).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "daily-done-360");

    await page.goto("/practice");
    await expect(page.getByTestId("daily-today")).toHaveText("今日已完成");
    await expect(page.getByTestId("daily-streak")).toHaveText("连续 1 天");
    await expect(page.getByTestId("daily-calendar").locator("li[data-done=true]")).toHaveCount(1);
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "daily-home-1280");
  });
});
