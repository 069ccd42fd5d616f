import { expect, test } from "@playwright/test";
import { bankSheet, createActivatedUser, expectNoHorizontalScroll, importAndPublishMarked, newSession, saveScreenshot, signIn, uniq } from "./helpers";

// Words no other spec searches for; a station (综合维修班) no other spec gives quizzes to.
const MATERIAL = "某注水井近三天油压由 12 MPa 升至 15 MPa，注水量下降三成，井口无刺漏。请根据材料回答。";
const ESSAY = "先查地面管线和过滤器，再反洗井，仍不见效时酸化解堵。";
const ESSAY2 = "关井泄压，挂牌后再拆检。";

/**
 * The template with one 案例分析: a true/false part (1 point) and two short-answer parts (4 and 2
 * points, each with a model answer in 答案), graded one by one.
 */
function essayGroupSheet(category: string): Promise<Buffer> {
  return bankSheet([
    ["判断", "应先检查地面管线是否堵塞。", "", "", "", "对", `注水/${category}`, 1, "", MATERIAL],
    ["问答", "简述处理步骤。", "", "", "", "查管线、洗井、酸化。", `注水/${category}`, 4, "", MATERIAL],
    ["问答", "如何保证作业安全？", "", "", "", "关井、泄压、挂牌。", `注水/${category}`, 2, "", MATERIAL],
  ]);
}

test.describe("案例分析 with two short-answer parts", () => {
  test.setTimeout(300_000);

  test("a worker answers the group at 360 px, the attempt waits for grading, a trainer grades each part on its own at 1280 and the review shows each part's score", async ({
    page,
    browser,
  }, testInfo) => {
    const category = uniq("案例简答");
    const title = `案例简答小测 ${uniq("")}`;

    const admin = await newSession(browser);
    await signIn(admin.page, "900001");
    const worker = await newSession(browser);
    await createActivatedUser(admin.page, worker.page, { unit: "综合维修班" });
    await admin.context.close();

    await signIn(page, "900003");
    const quizId = await importAndPublishMarked(page, { sheet: await essayGroupSheet(category), title, category, station: "综合维修班" });

    // The worker, on a phone: the material, a true/false part and the short-answer part.
    const w = worker.page;
    await w.setViewportSize({ width: 360, height: 780 });
    await w.goto("/quizzes");
    await w.getByRole("listitem").filter({ hasText: title }).getByRole("button", { name: "开始答题" }).click();
    await expect(w).toHaveURL(/\/attempts\/\d+$/);
    const attemptId = Number(w.url().split("/").pop());
    const section = w.locator("section[id^=question-]").first();
    await expect(section.getByText(MATERIAL)).toBeVisible();
    const parts = section.locator("ol > li");
    await expect(parts).toHaveCount(3);
    await parts.nth(0).getByRole("radio", { name: "对" }).check();
    await parts.nth(1).getByRole("textbox").fill(ESSAY);
    await parts.nth(2).getByRole("textbox").fill(ESSAY2);
    await expect(w.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-essay-attempt-360");
    // Autosaved: a reload shows the text.
    await w.reload();
    await expect(w.locator("section[id^=question-]").first().locator("ol > li").nth(1).getByRole("textbox")).toHaveValue(ESSAY);

    await w.getByRole("button", { name: "交卷" }).click();
    await w.getByRole("button", { name: "交卷" }).last().click();
    await expect(w).toHaveURL(/\/review$/);
    await expect(w.getByText("待阅卷").first()).toBeVisible();
    // The receipt's score so far counts the group's automatic part.
    await expect(w.getByText("1 / 1", { exact: true })).toBeVisible();
    await expect(w.getByTestId("score")).toHaveCount(0);
    const pendingMarks = w.getByTestId("review-parts").locator("li");
    expect(await pendingMarks.evaluateAll((els) => els.map((e) => e.getAttribute("data-part-correct")))).toEqual(["right", "pending", "pending"]);
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-essay-pending-360");

    // The trainer, on a desktop: the queue lists the group, the page shows the material, the first part waiting and its model answer.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/teach/grading?quiz=${quizId}`);
    await page.getByRole("main").locator(`a[href="/teach/grading/${attemptId}/1"]`).first().click();
    await expect(page).toHaveURL(new RegExp(`/teach/grading/${attemptId}/1$`));
    await expect(page.getByTestId("grading-material")).toContainText(MATERIAL);
    await expect(page.getByText("第 (2) 小题（简答）")).toBeVisible();
    await expect(page.getByText("简述处理步骤。")).toBeVisible();
    await expect(page.getByText(ESSAY)).toBeVisible();
    await expect(page.getByText("查管线、洗井、酸化。")).toBeVisible();
    await expect(page.getByTestId("grading-essay-parts").getByRole("link")).toHaveText(["(2) 待评分", "(3) 待评分"]);
    // More than the part's 4 points is refused with the part's maximum.
    await page.getByLabel(/得分/).fill("5");
    await page.getByRole("button", { name: "保存评分" }).click();
    await expect(page.getByText("评分须在 0 到 4 分之间，最多两位小数。")).toBeVisible();
    await page.getByLabel(/得分/).fill("3");
    await page.getByLabel(/评语/).fill("步骤齐全，缺酸化条件。");
    // Save and next: the group's other essay part, on its own 2 points.
    await page.getByRole("button", { name: "保存并评下一题" }).click();
    await expect(page).toHaveURL(new RegExp(`/teach/grading/${attemptId}/1\\?part=3$`));
    await expect(page.getByText("第 (3) 小题（简答）")).toBeVisible();
    await expect(page.getByText(ESSAY2)).toBeVisible();
    await expect(page.getByText("关井、泄压、挂牌。")).toBeVisible();
    await expect(page.getByTestId("grading-essay-parts").getByRole("link")).toHaveText(["(2) 3/4 分", "(3) 待评分"]);
    // The worker's attempt still waits for the second part.
    await w.reload();
    await expect(w.getByText("待阅卷").first()).toBeVisible();
    await expect(w.getByTestId("score")).toHaveCount(0);
    await page.getByLabel(/得分/).fill("2.5");
    await page.getByRole("button", { name: /^保存/ }).first().click();
    await expect(page.getByText("评分须在 0 到 2 分之间，最多两位小数。")).toBeVisible();
    await page.getByLabel(/得分/).fill("1.5");
    await page.getByLabel(/评语/).fill("未提挂牌。");
    await page.getByRole("button", { name: /^保存/ }).first().click();
    await expect(page.getByText(/已保存|评分已保存/).first()).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("grading-essay-parts").getByRole("link")).toHaveText(["(2) 3/4 分", "(3) 1.5/2 分"]);
    await saveScreenshot(page, testInfo, "quiz-group-essay-grading-1280");
    await page.setViewportSize({ width: 360, height: 780 });
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-group-essay-grading-360");

    // The bank's editor: the essay parts with their model answers; another may be added (up to MAX_ESSAY_PARTS).
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/teach/bank?q=${encodeURIComponent("注水井近三天油压")}`);
    await page.getByRole("main").locator('a[href^="/teach/bank/"]').filter({ hasText: "注水井近三天油压" }).first().click();
    await page.getByRole("main").locator('a[href$="/edit"]').first().click();
    await expect(page.getByLabel("第 (2) 小题参考答案")).toHaveValue("查管线、洗井、酸化。");
    await expect(page.getByRole("button", { name: "添加判断小题" })).toBeVisible();
    await expect(page.getByLabel("第 (3) 小题参考答案")).toHaveValue("关井、泄压、挂牌。");
    await expect(page.getByRole("button", { name: "添加问答小题" })).toBeVisible();
    await page.getByLabel("第 (2) 小题参考答案").scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, "quiz-group-essay-editor-1280");

    // The worker's review: the group's score complete, each part's mark and score.
    await w.reload();
    await expect(w.getByTestId("score")).toHaveText("5.5 / 7");
    const marks = w.getByTestId("review-parts").locator("li");
    expect(await marks.evaluateAll((els) => els.map((e) => e.getAttribute("data-part-correct")))).toEqual(["right", "partial", "partial"]);
    await expect(marks.nth(1).getByTestId("part-score")).toHaveText("3/4 分");
    await expect(marks.nth(2).getByTestId("part-score")).toHaveText("1.5/2 分");
    await expect(w.getByText("(2) 步骤齐全，缺酸化条件。")).toBeVisible();
    await expect(w.getByText("(3) 未提挂牌。")).toBeVisible();
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-essay-review-360");
    await w.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(w, testInfo, "quiz-group-essay-review-1280");

    // Practice (no trainer grades there): the trainer opens the category, the quiz's question included.
    await page.goto("/teach/practice");
    const opening = page.locator("form", { has: page.getByRole("button", { name: "开放 / 更新" }) });
    const option = opening.locator("select[name=categoryId] option", { hasText: new RegExp(`${category} \\(1\\)$`) });
    const categoryId = (await option.getAttribute("value"))!;
    await opening.locator("select[name=categoryId]").selectOption(categoryId);
    await opening.getByLabel("综合维修班", { exact: true }).check();
    await opening.getByLabel(/包含考试中固定使用的题目/).check();
    await opening.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(page.getByText("已开放练习。")).toBeVisible();

    // The worker practises it: the true/false part right, both essay parts written. The essay parts
    // count neither way (the answer is right), and each model answer is shown to check against.
    await w.setViewportSize({ width: 360, height: 780 });
    await w.goto(`/practice/go?mode=category&category=${categoryId}`);
    const practice = w.getByTestId("practice-form");
    await expect(practice.getByTestId("stem")).toContainText(MATERIAL);
    const practiceParts = practice.locator("ol > li");
    await expect(practiceParts).toHaveCount(3);
    await practiceParts.nth(0).getByRole("radio", { name: "对" }).check();
    await practiceParts.nth(1).getByRole("textbox").fill("随便写写。");
    await practiceParts.nth(2).getByRole("textbox").fill("不知道。");
    await w.getByRole("button", { name: "提交答案" }).click();
    await expect(w).toHaveURL(/\/practice\/answers\/\d+/);
    await expect(w.getByTestId("verdict")).toHaveText("回答正确");
    const selfMarks = w.getByTestId("review-parts").locator("li");
    expect(await selfMarks.evaluateAll((els) => els.map((e) => e.getAttribute("data-part-correct")))).toEqual(["right", "pending", "pending"]);
    await expect(w.getByTestId("key")).toContainText("查管线、洗井、酸化。");
    await expect(w.getByTestId("key")).toContainText("关井、泄压、挂牌。");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-group-essay-practice-feedback-360");
  });
});
