import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, formAlert, saveScreenshot, signIn, uniq } from "./helpers";

/** A GIFT file in the trade's words, filed under a category of this run only. */
function giftBank(category: string): Buffer {
  return Buffer.from(
    [
      `$CATEGORY: $course$/top/电工/${category}`,
      "",
      "::低压验电:: 低压验电器的测量范围一般是（　）V。 {=60～500 ~0～60 ~500～1000}",
      "",
      "::停电检修:: 停电检修必须先验电、后挂接地线。 {T}",
      "",
      "::相位差:: 三相交流电各相之间的相位差是多少度？ {#120:0}",
      "",
      "::接地电阻:: 配电变压器工作接地电阻一般不大于多少欧姆？ {#4:0.5}",
      "",
    ].join("\n"),
  );
}

test.describe("a trainer builds a quarterly quiz", () => {
  test("imports a bank, is told exactly what is wrong, builds, publishes and previews a quiz", async ({ page }, testInfo) => {
    const category = uniq("低压");
    const title = `2027年第1季度 电工小会考 ${uniq("")}`;
    await signIn(page, "900003");

    // Import: a file with a bad question is refused whole, with its line; the good one goes in.
    await page.goto("/teach/bank/import");
    await page
      .getByLabel("选择文件")
      .setInputFiles({ name: "bad.txt", mimeType: "text/plain", buffer: Buffer.from("::甲:: 可以带电检修电机。 {T}\n\n::乙:: 缺少答案的右括号 {=对 ~错\n") });
    await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
    await expect(formAlert(page).first()).toContainText("GIFT：文件有 1 处问题，未导入任何试题");
    await expect(page.getByRole("list", { name: "问题" })).toContainText("第 3 行");
    await page.getByLabel("选择文件").setInputFiles({ name: "bank.gift", mimeType: "text/plain", buffer: giftBank(category) });
    await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
    await expect(page.getByText("已导入 4 道试题（GIFT）。")).toBeVisible();

    // The bank shows them under their category.
    await page.goto("/teach/bank");
    await page
      .getByRole("navigation", { name: "分类" })
      .getByRole("link", { name: new RegExp(category) })
      .click();
    await expect(page.getByText("4 题")).toBeVisible();

    // A quiz: a window that ends before it opens is refused on its field.
    await page.goto("/teach/quizzes/new");
    await page.getByLabel("考试名称").fill(title);
    // Far ahead, and (below) for a team the other specs' people are not in: nobody else's list changes.
    await page.getByLabel("开始时间").fill("2027-01-10T08:00");
    await page.getByLabel("结束时间").fill("2027-01-10T08:00");
    await page.getByRole("button", { name: "创建考试" }).click();
    await expect(page.getByText("结束时间须晚于开始时间。")).toBeVisible();
    await page.getByLabel("结束时间").fill("2027-01-15T18:00");
    await page.getByLabel("季度").selectOption("2027-Q1");
    await page.getByRole("button", { name: "创建考试" }).click();
    await expect(page).toHaveURL(/\/teach\/quizzes\/\d+\/questions\?created=1/);
    const quizId = Number(/\/teach\/quizzes\/(\d+)/.exec(page.url())![1]);

    // A random draw asking for more than the category holds: said before saving, and refused.
    await page.getByRole("button", { name: "添加随机抽题" }).click();
    await page.getByLabel("分类").selectOption({ label: `\u00A0\u00A0${category} (4)` });
    await page.getByLabel("抽题数量").fill("9");
    await expect(page.getByText("该分类符合条件的试题只有 4 道，不足 9 道。")).toBeVisible();
    await page.getByRole("button", { name: "保存试题" }).click();
    await expect(formAlert(page).filter({ hasText: "不足 9 道" }).last()).toBeVisible();
    await page.getByLabel("抽题数量").fill("2");
    // And one fixed question from the bank.
    await page.getByRole("searchbox", { name: "在题库中搜索" }).fill("接地电阻");
    await page.getByRole("button", { name: "搜索" }).click();
    await page.getByRole("button", { name: "添加", exact: true }).first().click();
    await page.getByRole("button", { name: "保存试题" }).click();
    await expect(page.getByText("试题已保存。")).toBeVisible();
    await expect(page.getByText("共 3 题")).toBeVisible();

    // Publishing without an audience says what is missing; with one it publishes.
    await page.goto(`/teach/quizzes/${quizId}`);
    await page.getByRole("button", { name: "发布" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
    await expect(formAlert(page)).toContainText("请先指定参考人员");
    await page.goto(`/teach/quizzes/${quizId}/audience`);
    await page.getByRole("checkbox", { name: "采油十队" }).check();
    await page.getByRole("button", { name: "保存参考人员" }).click();
    await expect(page.getByText("参考人员已保存。")).toBeVisible();
    await page.goto(`/teach/quizzes/${quizId}`);
    // The confirmation says whom it reaches: the members of the audience (采油十队).
    await page.getByRole("button", { name: "发布" }).click();
    await expect(page.getByRole("dialog")).toContainText(/考试对象中的 [1-9]\d* 名职工即可看到并开始作答/);
    await page.getByRole("dialog").getByRole("button", { name: "发布" }).click();
    await expect(page.getByText("考试已发布。")).toBeVisible();

    // Preview as a worker, at phone size: the worker's own attempt page, marked as a preview.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.getByRole("button", { name: "以职工身份预览" }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    await expect(page.getByText("预览（不计成绩）")).toBeVisible();
    await expect(page.getByText("第 1 题 / 共 3 题")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "trainer-preview-360");

    // The quiz list shows it published; a preview is not participation.
    await page.goto("/teach/quizzes?status=published");
    const row = page.getByRole("listitem").filter({ hasText: title });
    await expect(row).toContainText("已发布");
    await expect(row).toContainText("参考人数0");
    await expectNoHorizontalScroll(page);
    // Ids past a 32-bit integer on the trainer's pages: not found, never a 500.
    for (const path of [
      "/teach/quizzes/2147483648",
      "/teach/quizzes/2147483648/edit",
      "/teach/quizzes/2147483648/questions",
      "/teach/quizzes/2147483648/audience",
      "/teach/quizzes/2147483648/results",
      "/teach/quizzes/99999999999/stats",
      "/teach/bank/2147483648",
      "/teach/bank/2147483648/edit",
      "/teach/grading/2147483648/1",
    ]) {
      expect((await page.request.get(path)).status(), path).toBe(404);
    }
    expect((await page.request.get("/teach/bank/new?cat=99999999999")).status()).toBe(200);
    expect((await page.request.get("/teach/bank/export?category=99999999999")).status()).toBe(200);
  });

  test("imports the rest of a file when asked, and sets a grade per option as in Moodle", async ({ page }) => {
    const category = uniq("权重");
    await signIn(page, "900003");

    // A file with one question JobReady cannot take (grades Moodle refuses): listed, nothing written, then the rest on request.
    await page.goto("/teach/bank/import");
    const file = {
      name: "mixed.gift",
      mimeType: "text/plain",
      buffer: Buffer.from(
        `$CATEGORY: ${category}\n\n::禁止色:: 表示禁止的颜色 {~%100%红色 ~%-50%黄色 ~%-50%蓝色}\n\n::分数不对:: 注水水质指标包括 {~%45%悬浮物 ~%55%含油量 ~溶解氧}\n`,
      ),
    };
    await page.getByLabel("选择文件").setInputFiles(file);
    await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
    await expect(formAlert(page).first()).toContainText("其余 1 道试题可以导入");
    await expect(page.getByRole("list", { name: "问题" })).toContainText("第 5 行");
    await expect(page.getByRole("list", { name: "问题" })).toContainText("不是 Moodle 可用的得分比例");
    await page.getByLabel("跳过有问题的试题，导入其余试题").check();
    await page.getByLabel("选择文件").setInputFiles(file);
    await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
    await expect(page.getByText("已导入 1 道试题（GIFT），跳过的试题有 1 处问题：")).toBeVisible();
    await expect(page.getByRole("list", { name: "问题" })).toContainText("第 5 行");

    // The editor: a grade per option, checked as Moodle checks it.
    await page.goto("/teach/bank/new");
    await page.getByLabel("题型").selectOption("multiple");
    await page.getByLabel("题干").fill("巡检时应检查的有：");
    for (const [i, text] of ["减速箱油位", "皮带松紧", "顺手调整刹车", "光杆发热"].entries()) {
      await page.getByLabel(`选项${"ABCD"[i]}`, { exact: true }).fill(text);
    }
    await page.getByLabel("分类", { exact: true }).fill(category);
    await page.getByLabel("按选项设置得分比例（与 Moodle 相同）").check();
    for (const [i, grade] of ["50", "30", "-100", "0"].entries()) await page.getByLabel(`选项${"ABCD"[i]}的得分比例`).selectOption(grade);
    await page.getByRole("button", { name: "创建试题" }).click();
    // Said once, next to the options; the box at the top only counts the problems.
    await expect(page.getByText(/正分答案的得分比例之和应为 100%，现在为 80%/)).toHaveCount(1);
    await expect(formAlert(page).first()).toContainText("有 1 处问题，已在下方对应位置标出");
    await page.getByLabel("选项B的得分比例").selectOption("50");
    await page.getByRole("button", { name: "创建试题" }).click();
    await expect(page).toHaveURL(/\/teach\/bank\/\d+/);
    await expect(page.getByText("按答案的得分比例计分（与 Moodle 相同）")).toBeVisible();
    await expect(page.getByRole("list", { name: "选项" })).toContainText("-100%");
  });
});
