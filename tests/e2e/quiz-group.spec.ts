import { expect, type Locator, test } from "@playwright/test";
import { bankSheet, createActivatedUser, expectNoHorizontalScroll, importAndPublishMarked, newSession, saveScreenshot, signIn, uniq } from "./helpers";

// No 「抽油机」 in it: quiz-paper.spec builds its quiz from the bank's first results for that word.
const MATERIAL = "某游梁机井冲程 3 m，冲次 6 次/分。近一周日产液量由 18 t 降到 11 t，动液面下降，示功图呈“刀把”形，井口回压正常。请根据以上材料回答下列问题。";

/** The template with one 案例分析: three rows (single 2 points, true/false 1, numeric 1) sharing the 材料. */
async function groupSheet(category: string): Promise<Buffer> {
  return bankSheet([
    ["单选", "最可能的原因是（　）", "供液不足", "泵漏失", "结蜡", "A", `采油/${category}`, 2, "", MATERIAL],
    ["判断", "应立即停井检泵。", "", "", "", "错", `采油/${category}`, 1, "", MATERIAL],
    ["数值", "冲次应调到多少？", "", "", "", "4±0.5", `采油/${category}`, 1, "次/分", MATERIAL],
  ]);
}

/** Answers the group's three parts in a plain form (mock or practice, which say 对/错 as everywhere): (1) 供液不足, (2) as told, (3) the number. */
async function answerParts(parts: Locator, truefalse: "对" | "错", value: string) {
  await parts
    .nth(0)
    .getByText(/供液不足/)
    .click();
  await parts.nth(1).getByText(truefalse, { exact: true }).click();
  await parts.nth(2).getByRole("textbox").fill(value);
}

test.describe("案例分析 on a phone", () => {
  test.setTimeout(300_000);

  test("a trainer imports a case analysis from the template, a worker answers its parts at 360 px, gets the partial score and practises it", async ({
    page,
    browser,
  }, testInfo) => {
    const category = uniq("案例分析");
    const title = `案例分析小测 ${uniq("")}`;

    const admin = await newSession(browser);
    await signIn(admin.page, "900001");
    const worker = await newSession(browser);
    await createActivatedUser(admin.page, worker.page, { unit: "韦13-7站" }); // a station no other spec gives quizzes to
    await admin.context.close();

    await signIn(page, "900003");
    const quizId = await importAndPublishMarked(page, { sheet: await groupSheet(category), title, category, station: "韦13-7站" });

    const w = worker.page;
    await w.setViewportSize({ width: 360, height: 780 });
    await w.goto("/quizzes");
    await w.getByRole("button", { name: "开始答题" }).first().click();
    await expect(w).toHaveURL(/\/attempts\/\d+$/);
    const section = w.locator("section[id^=question-]").first();
    await expect(section.getByText(MATERIAL)).toBeVisible();
    const parts = section.locator("ol > li");
    await expect(parts).toHaveCount(3);
    // (1) right: 2 points; (2) wrong: 0; (3) right: 1 point — 3 of 4.
    await expect(parts.nth(0)).toContainText("(1)");
    await parts
      .nth(0)
      .getByRole("radio", { name: /供液不足/ })
      .check();
    await parts.nth(1).getByRole("radio", { name: "对" }).check();
    await parts.nth(2).getByRole("textbox").fill("4");
    await expect(parts.nth(0).getByRole("radio", { name: /供液不足/ })).toBeChecked();
    await expect(w.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-attempt-360");
    await w.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(w, testInfo, "quiz-group-attempt-1280");
    await w.setViewportSize({ width: 360, height: 780 });

    // A reload shows the parts' saved answers.
    await w.reload();
    await expect(w.locator("section[id^=question-]").first().locator("ol > li").nth(1).getByRole("radio", { name: "对" })).toBeChecked();

    await w.getByRole("button", { name: "交卷" }).click();
    await w.getByRole("button", { name: "交卷" }).last().click();
    await expect(w).toHaveURL(/\/review$/);
    await expect(w.getByTestId("score")).toHaveText("3 / 4");
    const marks = w.getByTestId("review-parts").locator("li");
    await expect(marks).toHaveCount(3);
    expect(await marks.evaluateAll((els) => els.map((e) => e.getAttribute("data-part-correct")))).toEqual(["right", "wrong", "right"]);
    await expect(marks.nth(1)).toContainText("(2) 对");
    await expect(marks.nth(1)).toContainText("错误");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-review-360");

    // A mock exam of the quiz draws the group again: its parts answered in the plain form.
    await page.goto("/teach/quizzes?status=published");
    await page.getByRole("link", { name: title }).first().click();
    await page.getByTestId("quiz-mock").getByRole("button", { name: "允许模拟考试" }).click();
    await expect(page.getByText("已保存模拟考试设置。")).toBeVisible();
    await w.goto("/practice/mock");
    await w.getByTestId("quiz-mocks").locator("li", { hasText: title }).getByRole("button", { name: "开始考试" }).click();
    await expect(w).toHaveURL(/\/practice\/mock\/\d+$/);
    const mock = w.getByTestId("mock-form");
    await expect(mock.getByText(MATERIAL)).toBeVisible();
    const mockParts = mock.locator("ol > li");
    await expect(mockParts).toHaveCount(3);
    await answerParts(mockParts, "对", "4");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-mock-360");
    await w.getByRole("button", { name: "交卷" }).click();
    await expect(w.getByTestId("mock-result")).toContainText("得分 3/4");
    await expect(w.getByTestId("mock-review")).toContainText("(1)");
    await expect(w.getByTestId("mock-review").getByText("部分正确")).toBeVisible();
    await saveScreenshot(w, testInfo, "quiz-group-mock-review-360");

    // Practice: the trainer opens the group's category to the station; the mock's partial answer put it in the book.
    await page.goto("/teach/practice");
    const opening = page.locator("form", { has: page.getByRole("button", { name: "开放 / 更新" }) });
    const option = opening.locator("select[name=categoryId] option", { hasText: new RegExp(`^\\s*${category} \\(1\\)$`) });
    await opening.locator("select[name=categoryId]").selectOption((await option.getAttribute("value"))!);
    await opening.getByLabel("韦13-7站", { exact: true }).check();
    await opening.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(page.getByText("已开放练习。")).toBeVisible();

    await w.goto("/practice");
    await expect(w.getByTestId("book-link")).toHaveText("错题本（1 题）");
    await w.getByRole("listitem").filter({ hasText: category }).getByRole("link", { name: "开始" }).click();
    await expect(w).toHaveURL(/mode=category/);
    const practice = w.getByTestId("practice-form");
    await expect(practice.getByTestId("stem")).toContainText(MATERIAL);
    const practiceParts = practice.locator("ol > li");
    await expect(practiceParts).toHaveCount(3);
    await answerParts(practiceParts, "对", "4"); // (2) wrong on purpose: the key is 错
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-practice-360");
    await w.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(w, testInfo, "quiz-group-practice-1280");
    await w.setViewportSize({ width: 360, height: 780 });
    await w.getByRole("button", { name: "提交答案" }).click();
    await expect(w).toHaveURL(/\/practice\/answers\/\d+/);
    await expect(w.getByTestId("verdict")).toHaveText("部分正确");
    const feedback = w.getByTestId("review-parts").locator("li");
    expect(await feedback.evaluateAll((els) => els.map((e) => e.getAttribute("data-part-correct")))).toEqual(["right", "wrong", "right"]);
    await expect(w.getByTestId("key")).toContainText("(2) 错");
    await expect(w.getByTestId("book-state")).toHaveText("已在错题本中：再连续答对 2 次即移出。");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-practice-feedback-360");
    await w.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(w, testInfo, "quiz-group-practice-feedback-1280");
    await w.setViewportSize({ width: 360, height: 780 });

    // Right twice from the book: it leaves.
    await w.goto("/practice/book");
    await w.getByRole("link", { name: "练习错题" }).click();
    for (const left of ["已在错题本中：再连续答对 1 次即移出。", "不在错题本中。"]) {
      await answerParts(w.getByTestId("practice-form").locator("ol > li"), "错", "4.2");
      await w.getByRole("button", { name: "提交答案" }).click();
      await expect(w.getByTestId("verdict")).toHaveText("回答正确");
      await expect(w.getByTestId("book-state")).toHaveText(left);
      await w.getByRole("link", { name: "下一题" }).click();
    }
    await expect(w.getByText("错题本是空的，继续保持！")).toBeVisible();
    await worker.context.close();

    // The statistics: one row per part under the group (the one quiz attempt: right, wrong, right).
    await page.goto(`/teach/quizzes/${quizId}/stats`);
    const partRows = page.getByTestId("stats-parts").locator("li");
    await expect(partRows).toHaveCount(3);
    await expect(page.locator("article", { has: partRows.first() }).getByText("案例分析", { exact: true })).toBeVisible();
    await expect(partRows.nth(0)).toContainText("(1) 最可能的原因是");
    await expect(partRows.nth(0)).toContainText("1/1 人全对（100%）平均 2/2 分");
    await expect(partRows.nth(1)).toContainText("0/1 人全对（0%）平均 0/1 分");
    await saveScreenshot(page, testInfo, "quiz-group-stats-1280");
    await page.setViewportSize({ width: 360, height: 780 });
    await partRows.nth(0).scrollIntoViewIfNeeded();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-group-stats-360");
    await page.setViewportSize({ width: 1280, height: 900 });

    // The trainer's view and editor of the group.
    await page.goto("/teach/bank");
    await page
      .getByRole("link", { name: /某游梁机井冲程/ })
      .first()
      .click();
    await expect(page.getByText("最可能的原因是")).toBeVisible();
    await page.setViewportSize({ width: 360, height: 780 });
    await saveScreenshot(page, testInfo, "quiz-group-view-360");
    await page.goto(`${page.url()}/edit`);
    await expect(page.getByLabel("第 (3) 小题题干")).toHaveValue("冲次应调到多少？");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-group-editor-360");
    await page.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(page, testInfo, "quiz-group-editor-1280");
  });
});
