import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { createActivatedUser, expectNoHorizontalScroll, newSession, publishCategoryQuiz, saveScreenshot, signIn, uniq } from "./helpers";

const PAIRS: [string, string][] = [
  ["驴头", "带动光杆"],
  ["减速箱", "减速增扭"],
  ["刹车", "停机制动"],
];
const STEPS = ["检查流程", "盘泵", "启动电机", "调节排量"];

/** A Moodle XML file with a matching question (and a distractor) and an ordering question graded relative to the right position. */
function moodleFile(category: string): Buffer {
  const sub = (item: string, answer: string) => `<subquestion format="plain_text"><text>${item}</text><answer><text>${answer}</text></answer></subquestion>`;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/采油/${category}</text></category></question>
  <question type="matching">
    <name><text>抽油机部件</text></name>
    <questiontext format="plain_text"><text>把抽油机部件和它的作用连起来</text></questiontext>
    ${PAIRS.map(([a, b]) => sub(a, b)).join("\n    ")}
    ${sub("", "计量产量")}
  </question>
  <question type="ordering">
    <name><text>启泵顺序</text></name>
    <questiontext format="plain_text"><text>把离心泵启泵的步骤排好顺序</text></questiontext>
    <gradingtype>RELATIVE_TO_CORRECT</gradingtype>
    ${STEPS.map((s, i) => `<answer fraction="${i + 1}" format="plain_text"><text>${s}</text></answer>`).join("\n    ")}
  </question>
</quiz>
`);
}

/** The Moodle file above with a cloze question (a choice gap, a numeric gap and a multiple-response gap) added. */
function moodleFileWithCloze(category: string): Buffer {
  const cloze = `  <question type="cloze">
    <name><text>抽油机填空</text></name>
    <questiontext format="plain_text"><text>抽油机由{1:MULTICHOICE:=驴头~刹车~减速箱}带动光杆，冲次一般为{1:NUMERICAL:=6:0.5}次/分；巡检须穿戴{1:MULTIRESPONSE:=安全帽~=防护手套~拖鞋}。</text></questiontext>
  </question>
</quiz>`;
  return Buffer.from(moodleFile(category).toString("utf8").replace("</quiz>", cloze));
}

/** Moves the items with 上移 until they read `want`, top to bottom. */
async function putInOrder(section: Locator, want: string[]) {
  const texts = async () => (await section.locator("ol > li").allInnerTexts()).map((t) => want.find((w) => t.includes(w)) ?? t);
  for (let i = 0; i < want.length; i++) {
    const now = await texts();
    const at = now.indexOf(want[i]!);
    for (let k = at; k > i; k--) await section.getByRole("button", { name: `上移 ${k + 1}`, exact: true }).click();
  }
  expect(await texts()).toEqual(want);
}

/** A Moodle drag and drop into text (ddwtos): 开 may fill several gaps (<infinite/>), 关 one. */
function ddwtosFile(category: string): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/采油/${category}</text></category></question>
  <question type="ddwtos">
    <name><text>阀门状态</text></name>
    <questiontext format="html"><text><![CDATA[<p>巡检时进水阀 [[1]]，出水阀 [[2]]，排污阀 [[1]]。</p>]]></text></questiontext>
    <defaultgrade>3</defaultgrade>
    <dragbox><text>开</text><group>1</group><infinite/></dragbox>
    <dragbox><text>关</text><group>1</group></dragbox>
  </question>
</quiz>
`);
}

/**
 * A worker of her own in 韦5计量站 (a station no other spec gives quizzes to), and the questions of
 * `file` imported by the trainer, who stays signed in on `page`.
 */
async function workerAndImportedBank(page: Page, browser: Browser, file: Buffer, count: number) {
  const admin = await newSession(browser);
  await signIn(admin.page, "900001");
  const worker = await newSession(browser);
  await createActivatedUser(admin.page, worker.page, { unit: "韦5计量站" });
  await admin.context.close();

  await signIn(page, "900003");
  await page.goto("/teach/bank/import");
  await page.getByLabel("选择文件").setInputFiles({ name: "bank.xml", mimeType: "text/xml", buffer: file });
  await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByText(new RegExp(`已导入 ${count} 道试题`))).toBeVisible();
  return worker;
}

/** As above, with the questions in a quiz published to that station, which the worker starts at 360 px. */
async function workerStartsImportedQuiz(page: Page, browser: Browser, file: Buffer, q: { title: string; category: string; count: number }) {
  const worker = await workerAndImportedBank(page, browser, file, q.count);
  await publishCategoryQuiz(page, { title: q.title, category: q.category, count: q.count, station: "韦5计量站" });
  const w = worker.page;
  await w.setViewportSize({ width: 360, height: 780 });
  await w.goto("/quizzes");
  await w.getByRole("listitem").filter({ hasText: q.title }).getByRole("button", { name: "开始答题" }).click();
  await expect(w).toHaveURL(/\/attempts\/\d+$/);
  return worker;
}

test.describe("matching and ordering on a phone", () => {
  test.setTimeout(180_000);

  test("a trainer imports them from Moodle XML, a worker answers both at 360 px and the attempt is graded as Moodle grades it", async ({
    page,
    browser,
  }, testInfo) => {
    const category = uniq("配对排序");
    const title = `配对排序小测 ${uniq("")}`;
    const worker = await workerStartsImportedQuiz(page, browser, moodleFileWithCloze(category), { title, category, count: 3 });
    const w = worker.page;
    await expect(w.getByText("第 1 题 / 共 3 题")).toBeVisible();

    for (let n = 0; n < 3; n++) {
      const sections = w.locator("section[id^=question-]");
      const section = (await sections.count()) > 1 ? sections.nth(n) : sections.first();
      if (await section.getByText("把抽油机部件").count()) {
        // Two pairs right, the third matched with the distractor: 2/3 of the point.
        await expect(section.getByRole("combobox")).toHaveCount(3);
        await section.getByRole("combobox", { name: "驴头" }).selectOption({ label: "带动光杆" });
        await section.getByRole("combobox", { name: "减速箱" }).selectOption({ label: "减速增扭" });
        await section.getByRole("combobox", { name: "刹车" }).selectOption({ label: "计量产量" });
        await expectNoHorizontalScroll(w);
        await saveScreenshot(w, testInfo, "quiz-matching-360");
      } else if (await section.getByText("巡检须穿戴").count()) {
        // Choice and numeric gaps right, one of the two right ticks of the multiple-response gap: (1 + 1 + 0.5) / 3.
        await section.getByRole("combobox", { name: "第 1 空" }).selectOption({ label: "驴头" });
        await section.getByRole("textbox", { name: "第 2 空" }).fill("6");
        const ticks = section.getByRole("group", { name: "第 3 空" });
        await ticks.getByRole("checkbox", { name: "安全帽" }).check();
        await ticks.getByRole("checkbox", { name: "拖鞋" }).check();
        await ticks.getByRole("checkbox", { name: "拖鞋" }).uncheck();
        await expect(ticks.getByRole("checkbox", { name: "安全帽" })).toBeChecked();
        await expectNoHorizontalScroll(w);
        await saveScreenshot(w, testInfo, "quiz-cloze-multi-360");
      } else {
        await expect(section.getByText("把离心泵启泵的步骤排好顺序")).toBeVisible();
        await putInOrder(section, STEPS);
        await expectNoHorizontalScroll(w);
        await saveScreenshot(w, testInfo, "quiz-ordering-360");
      }
      await expect(w.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
      const next = w.getByRole("button", { name: "下一题" });
      if (n < 2 && (await next.isVisible())) await next.click();
    }

    await w.getByRole("button", { name: "交卷" }).click();
    await w.getByRole("button", { name: "交卷" }).last().click();
    await expect(w).toHaveURL(/\/review$/);
    // Ordering right (1) + matching 2 of 3 (0.67) + cloze 2.5 of 3 (0.83).
    await expect(w.getByTestId("score")).toHaveText("2.5 / 3");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-qtypes-review-360");
    await worker.context.close();
  });

  test("matching, ordering and cloze questions are practised from plain forms at 360 px; a wrong one goes in the 错题本", async ({
    page,
    browser,
  }, testInfo) => {
    test.setTimeout(180_000);
    const category = uniq("练习题型");
    // The trainer imports the three questions and opens their category for practice to one station.
    const worker = await workerAndImportedBank(page, browser, moodleFileWithCloze(category), 3);
    await page.goto("/teach/practice");
    const select = page.locator("form", { has: page.getByRole("button", { name: "开放 / 更新" }) }).locator("select[name=categoryId]");
    const option = select.locator("option", { hasText: new RegExp(`^\\s*${category} \\(3\\)$`) });
    await select.selectOption((await option.getAttribute("value"))!);
    await page.getByLabel("韦5计量站", { exact: true }).check();
    await page.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(page.getByText("已开放练习。")).toBeVisible();

    const w = worker.page;
    await w.setViewportSize({ width: 360, height: 780 });
    await w.goto("/practice");
    await w.getByRole("listitem").filter({ hasText: category }).getByRole("link", { name: "开始" }).click();
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const form = w.getByTestId("practice-form");
      await expect(form).toBeVisible();
      const stem = await form.getByTestId("stem").innerText();
      if (stem.includes("把抽油机部件")) {
        seen.add("matching");
        // Wrong on purpose: 刹车 matched with the distractor.
        const boxes = form.getByRole("combobox");
        await expect(boxes).toHaveCount(3);
        for (const [item, answer] of [
          ["驴头", "带动光杆"],
          ["减速箱", "减速增扭"],
          ["刹车", "计量产量"],
        ])
          await form.getByRole("combobox", { name: item }).selectOption({ label: answer });
      } else if (stem.includes("启泵的步骤")) {
        seen.add("ordering");
        for (const [n, step] of STEPS.entries()) await form.getByRole("combobox", { name: `第 ${n + 1} 位` }).selectOption({ label: step });
      } else {
        seen.add("cloze");
        await form.getByRole("combobox", { name: "第 1 空" }).selectOption({ label: "驴头" });
        await form.getByRole("textbox", { name: "第 2 空" }).fill("6.2");
        const ticks = form.getByRole("group", { name: "第 3 空（可多选）" });
        await ticks.getByRole("checkbox", { name: "安全帽" }).check();
        await ticks.getByRole("checkbox", { name: "防护手套" }).check();
      }
      await expectNoHorizontalScroll(w);
      await saveScreenshot(w, testInfo, `practice-${[...seen].at(-1)}-360`);
      await w.getByRole("button", { name: "提交答案" }).click();
      await expect(w).toHaveURL(/\/practice\/answers\/\d+/);
      await expect(w.getByTestId("verdict")).toHaveText(stem.includes("把抽油机部件") ? "部分正确" : "回答正确");
      await expect(w.getByTestId("key")).not.toBeEmpty();
      if (i < 2) await w.getByRole("link", { name: "下一题" }).click();
    }
    expect([...seen].sort()).toEqual(["cloze", "matching", "ordering"]);
    await w.goto("/practice/book");
    await expect(w.getByTestId("book-items").locator("li")).toHaveCount(1);
    await expect(w.getByTestId("book-items")).toContainText("把抽油机部件");
    await worker.context.close();
  });

  test("a Moodle drag and drop question on a phone: the reusable box fills two gaps, a one-use box moves, graded as Moodle grades it", async ({
    page,
    browser,
  }, testInfo) => {
    const category = uniq("拖放");
    const title = `拖放小测 ${uniq("")}`;
    const worker = await workerStartsImportedQuiz(page, browser, ddwtosFile(category), { title, category, count: 1 });
    const w = worker.page;
    await expect(w.getByText("每个词块只能放进一个空，标“可多次使用”的除外。")).toBeVisible();
    const gap = (n: number) => w.getByRole("combobox", { name: `第 ${n} 空` });
    // 关 in gap 1, then in gap 2: a one-use box moves, leaving gap 1 empty.
    await gap(1).selectOption({ label: "关" });
    await expect(gap(2).locator("option", { hasText: "关（已放在第 1 空，选它会移到这里）" })).toHaveCount(1);
    await gap(2).selectOption({ label: "关（已放在第 1 空，选它会移到这里）" });
    await expect(gap(1)).toHaveValue("");
    // 开 is reusable: gaps 1 and 3 both take it.
    await gap(1).selectOption({ label: "开（可多次使用）" });
    await gap(3).selectOption({ label: "开（可多次使用）" });
    await expect(gap(1).locator("option:checked")).toHaveText("开（可多次使用）");
    await expect(gap(3).locator("option:checked")).toHaveText("开（可多次使用）");
    await expect(w.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-ddwtos-360");

    await w.getByRole("button", { name: "交卷" }).click();
    await w.getByRole("button", { name: "交卷" }).last().click();
    await expect(w).toHaveURL(/\/review$/);
    await expect(w.getByTestId("score")).toHaveText("3 / 3");
    await worker.context.close();
  });
});
