import { expect, test, type Locator } from "@playwright/test";
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

test.describe("matching and ordering on a phone", () => {
  test.setTimeout(180_000);

  test("a trainer imports them from Moodle XML, a worker answers both at 360 px and the attempt is graded as Moodle grades it", async ({
    page,
    browser,
  }, testInfo) => {
    const category = uniq("配对排序");
    const title = `配对排序小测 ${uniq("")}`;

    // A worker of her own in a station no other spec gives quizzes to.
    const admin = await newSession(browser);
    await signIn(admin.page, "900001");
    const worker = await newSession(browser);
    await createActivatedUser(admin.page, worker.page, { unit: "韦5计量站" });
    await admin.context.close();

    // The trainer imports both questions and builds a quiz that is open now.
    await signIn(page, "900003");
    await page.goto("/teach/bank/import");
    await page.getByLabel("选择文件").setInputFiles({ name: "bank.xml", mimeType: "text/xml", buffer: moodleFile(category) });
    await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
    await expect(page.getByText(/已导入 2 道试题/)).toBeVisible();

    await publishCategoryQuiz(page, { title, category, count: 2, station: "韦5计量站" });

    // The worker, on a phone.
    const w = worker.page;
    await w.setViewportSize({ width: 360, height: 780 });
    await w.goto("/quizzes");
    await expect(w.getByRole("heading", { name: title })).toBeVisible();
    await w.getByRole("button", { name: "开始答题" }).first().click();
    await expect(w).toHaveURL(/\/attempts\/\d+$/);
    await expect(w.getByText("第 1 题 / 共 2 题")).toBeVisible();

    for (let n = 0; n < 2; n++) {
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
      } else {
        await expect(section.getByText("把离心泵启泵的步骤排好顺序")).toBeVisible();
        await putInOrder(section, STEPS);
        await expectNoHorizontalScroll(w);
        await saveScreenshot(w, testInfo, "quiz-ordering-360");
      }
      await expect(w.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
      const next = w.getByRole("button", { name: "下一题" });
      if (n === 0 && (await next.isVisible())) await next.click();
    }

    await w.getByRole("button", { name: "交卷" }).click();
    await w.getByRole("button", { name: "交卷" }).last().click();
    await expect(w).toHaveURL(/\/review$/);
    // Ordering right (1) + matching 2 of 3 (0.67).
    await expect(w.getByTestId("score")).toHaveText("1.67 / 2");
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-qtypes-review-360");
    await worker.context.close();
  });
});
