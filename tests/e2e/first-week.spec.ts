import { type Browser, expect, test, type Page } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, formAlert, saveScreenshot, sessionAs, type DemoRole } from "./helpers";

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

  test("every page names itself in the tab, and the site has an icon", async ({ page }) => {
    await actAs(page, "trainer");
    const titles = new Set<string>();
    for (const url of ["/", "/quizzes", "/practice", "/courses", "/classes", "/teach/grading", "/teach/bank", "/manage/roster"]) {
      await page.goto(url);
      // Next streams a dynamic page's metadata: the title may come a moment after the load.
      await expect(page, url).toHaveTitle(/^.+ · 岗位练兵$/);
      titles.add(await page.title());
    }
    expect(titles.size).toBe(8);
    const icon = await page.locator('head link[rel~="icon"]').first().getAttribute("href");
    expect(icon).toBeTruthy();
    expect((await page.request.get(icon!)).ok()).toBe(true);
  });
});

/** Has `role` answer the demo quiz's essay and submit, if the role has an attempt left; true when it did. */
async function submitEssay(browser: Browser, role: DemoRole): Promise<boolean> {
  const { context, page } = await sessionAs(browser, role);
  try {
    await page.goto("/quizzes");
    const start = page.getByRole("button", { name: /开始答题|继续答题/ }).first();
    if ((await start.count()) === 0) return false;
    await start.click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    const attemptId = page.url().split("/").pop();
    const answer = { type: "essay", text: "发现泄漏先报告，切断来源，设置警戒。" };
    // The one position an essay answer fits is the essay's.
    const tries = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        page.request.post(`/api/attempts/${attemptId}/answers`, { data: { answers: [{ position: i + 1, response: answer, seq: 1 }] } }),
      ),
    );
    if (!tries.some((r) => r.ok())) return false;
    return (await page.request.post(`/api/attempts/${attemptId}/submit`, { data: { answers: [] } })).ok();
  } finally {
    await context.close();
  }
}

test("grading at phone width: 保存并评下一题 saves the score and opens the next essay waiting", async ({ browser }, testInfo) => {
  // Two essays waiting (the demo may have some already).
  let submitted = 0;
  for (const role of ["admin", "manager", "trainer"] as const) if (submitted < 2 && (await submitEssay(browser, role))) submitted++;
  const { context, page } = await sessionAs(browser, "trainer");
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/teach/grading");
  const first = page.getByRole("main").locator('a[href^="/teach/grading/"]').first();
  const firstHref = await first.getAttribute("href");
  await first.click();
  await expect(page).toHaveURL(new RegExp(`${firstHref}$`));
  await page.getByLabel(/得分/).fill("6");
  await page.getByRole("button", { name: "保存并评下一题" }).click();
  await expect(page).not.toHaveURL(new RegExp(`${firstHref}$`));
  await expect(page).toHaveURL(/\/teach\/grading\/\d+\/\d+$/);
  await expect(page.getByRole("button", { name: /^保存/ }).first()).toBeVisible();
  // The first one kept its score.
  await page.goto(firstHref!);
  await expect(page.getByLabel(/得分/)).toHaveValue("6");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "grading-next-360");
  await context.close();
});
