import { expect, test } from "@playwright/test";
import { emptyBook, expectNoHorizontalScroll, saveScreenshot, signIn } from "./helpers";

/**
 * 练习 and 错题本 on a phone: the area trainer opens the 锅炉 category for 采油九队; the demo worker
 * practises it, answers a fill-in wrong, finds it in the book, answers it right twice from the book
 * and sees the book empty again.
 */
test.describe("a worker practises and empties the wrong-answer book", () => {
  test("a trainer on a phone opens a specialty (专业) for practice; the worker sees its categories until it is closed", async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const trainer = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await signIn(trainer, "900003");
    await trainer.goto("/teach/practice");
    const form = trainer.locator("form", { has: trainer.getByRole("button", { name: "开放 / 更新" }) });
    await form.getByLabel(/按专业/).check();
    await form.locator("select[name=specialty]").selectOption({ label: "锅炉" });
    await form.getByLabel("采油九队", { exact: true }).check();
    await form.getByLabel(/包含考试中固定使用的题目/).check();
    await form.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(trainer.getByText("已开放练习。")).toBeVisible();
    const opening = trainer.getByTestId("openings").locator("li", { hasText: "专业：锅炉" });
    await expect(opening).toBeVisible();
    await expectNoHorizontalScroll(trainer);
    await saveScreenshot(trainer, testInfo, "practice-specialty-teach-360");

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await signIn(page, "900004");
    await page.goto("/practice");
    // The 锅炉 tree carries the specialty 锅炉 (the demo bank), so it is open through the specialty.
    const boiler = page.getByRole("listitem").filter({ hasText: /^锅炉/ });
    await expect(boiler.first()).toBeVisible();
    await boiler.first().getByRole("link", { name: "开始" }).click();
    await expect(page.getByTestId("practice-form")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-specialty-worker-360");

    // Closing it takes the tree out again (the next test opens 锅炉 by category).
    await opening.getByRole("button", { name: "关闭" }).click();
    await expect(trainer.getByText("已关闭练习。")).toBeVisible();
    await expect(trainer.getByTestId("openings").locator("li", { hasText: "专业：锅炉" })).toHaveCount(0);
    await page.goto("/practice");
    await expect(page.getByText("安全 / 日常检查")).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: /^锅炉/ })).toHaveCount(0);
    await trainer.close();
    await page.close();
  });

  test("practice, a wrong answer in the book, two right answers take it out", async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const trainer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(trainer, "900003");
    await trainer.goto("/teach/practice");
    await expect(trainer.getByRole("heading", { level: 1, name: "练习开放" })).toBeVisible();
    // The opening form's category list (the mock-exam form below has one of its own).
    const select = trainer.locator("form", { has: trainer.getByRole("button", { name: "开放 / 更新" }) }).locator("select[name=categoryId]");
    const option = select.locator("option", { hasText: /^\s*锅炉 \(\d+\)$/ });
    await select.selectOption((await option.getAttribute("value"))!);
    await trainer.getByLabel("采油九队", { exact: true }).check();
    // The demo quiz uses these questions as fixed ones: the trainer opens them on purpose.
    await trainer.getByLabel(/包含考试中固定使用的题目/).check();
    await trainer.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(trainer.getByText("已开放练习。")).toBeVisible();
    await expect(trainer.getByTestId("openings")).toContainText("锅炉");
    await saveScreenshot(trainer, testInfo, "practice-teach-1280");
    await trainer.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(trainer);
    await saveScreenshot(trainer, testInfo, "practice-teach-360");
    await trainer.close();

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await signIn(page, "900004");
    // The daily-five and mock-exam specs before this one may have booked this worker's wrong
    // answers: empty the book by hand first (移出), one item at a time.
    await emptyBook(page);
    await expect(page.getByText("错题本是空的。")).toBeVisible();
    await page.goto("/practice");
    await expect(page.getByText("锅炉")).toBeVisible();
    const safety = page
      .getByRole("listitem")
      .filter({ hasText: "安全 / 日常检查" })
      .getByText(/已练 \d+\/3 题/);
    const safetyBefore = (await safety.textContent()) ?? "";
    await expect(page.getByTestId("book-link")).toHaveText("错题本（0 题）");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-home-360");
    // The demo opens 安全 / 日常检查 to everyone; this walk is through 锅炉.
    await expect(page.getByText("安全 / 日常检查")).toBeVisible();
    await page.getByRole("listitem").filter({ hasText: "锅炉" }).getByRole("link", { name: "开始" }).click();
    await expect(page).toHaveURL(/mode=category/);

    // In order through the category until the fill-in question, answered wrong on purpose.
    let key = "";
    for (let i = 0; i < 6 && !key; i++) {
      const form = page.getByTestId("practice-form");
      await expect(form).toBeVisible();
      const blank = form.locator("input[name=blanks]");
      const wrongOnPurpose = (await blank.count()) > 0;
      if (wrongOnPurpose) await blank.first().fill("不知道");
      else if (await form.locator("input[type=radio]").count()) await form.locator("input[type=radio]").first().check();
      else if (await form.locator("input[type=checkbox]").count()) await form.locator("input[type=checkbox]").first().check();
      else await form.locator("input[name=value]").fill("1");
      if (i === 0) await saveScreenshot(page, testInfo, "practice-question-360");
      await page.getByRole("button", { name: "提交答案" }).click();
      await expect(page).toHaveURL(/\/practice\/answers\/\d+/);
      await expect(page.getByTestId("key")).not.toBeEmpty();
      if (wrongOnPurpose) {
        await expect(page.getByTestId("verdict")).toHaveText("回答错误");
        await expect(page.getByTestId("book-state")).toHaveText("已在错题本中：再连续答对 2 次即移出。");
        await expectNoHorizontalScroll(page);
        await saveScreenshot(page, testInfo, "practice-feedback-360");
        key = ((await page.getByTestId("key").innerText()).split(/[/；]/)[0] ?? "").trim();
      } else {
        await page.getByRole("link", { name: "下一题" }).click();
      }
    }
    expect(key).not.toBe("");

    await page.goto("/practice/book");
    await expect(page.getByTestId("book-items").locator("li")).toHaveCount(1);
    await expect(page.getByText("锅炉 · 1 题")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-book-360");

    await page.getByRole("link", { name: "练习错题" }).click();
    for (const left of ["已在错题本中：再连续答对 1 次即移出。", "不在错题本中。"]) {
      await page.getByTestId("practice-form").locator("input[name=blanks]").first().fill(key);
      await page.getByRole("button", { name: "提交答案" }).click();
      await expect(page.getByTestId("verdict")).toHaveText("回答正确");
      await expect(page.getByTestId("book-state")).toHaveText(left);
      await page.getByRole("link", { name: "下一题" }).click();
    }
    await expect(page.getByText("错题本是空的，继续保持！")).toBeVisible();
    await page.goto("/practice/book");
    await expect(page.getByText("错题本是空的。")).toBeVisible();
    await page.goto("/practice");
    await expect(page.getByTestId("book-link")).toHaveText("错题本（0 题）");
    await expect(
      page
        .getByRole("listitem")
        .filter({ hasText: "锅炉" })
        .getByText(/已练 [1-9]\d*\/\d+ 题/),
    ).toBeVisible();
    // 锅炉 shows its weeks: this week's bar holds the answers just given (the last of eight).
    const weeks = page.getByRole("listitem").filter({ hasText: "锅炉" }).getByTestId("practice-trend").locator("li");
    await expect(weeks).toHaveCount(8);
    expect(Number(await weeks.last().getAttribute("data-answers"))).toBeGreaterThan(0);
    await expect(weeks.last()).toHaveAttribute("title", /这周：\d+ 题，正确率 \d+%/);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-home-360");
    // The walk through 锅炉 left the other category as it was.
    await expect(safety).toHaveText(safetyBefore);
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "practice-home-1280");
  });
});
