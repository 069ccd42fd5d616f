import { expect, test, type Page } from "@playwright/test";
import {
  bankSheet,
  createActivatedUser,
  emptyBook,
  expectNoHorizontalScroll,
  importOneQuestion,
  newSession,
  saveScreenshot,
  signIn,
  traceServiceWorker,
  uniq,
  waitForServiceWorker,
} from "./helpers";

/**
 * 离线练习 on a phone (issue 14): the demo worker downloads 安全 / 日常检查 (open to everyone in
 * the demo), answers one question wrong online (it goes into the book), loses the connection,
 * keeps practising from the phone (feedback at once, answers queued), and when the connection
 * returns the answers sync: two right answers in a row take the question out of the book and the
 * category's progress counts all three questions.
 */
test.use({ viewport: { width: 360, height: 740 } });

const RIGHT: Record<string, (p: Page) => Promise<void>> = {
  法兰: (p) => p.getByTestId("offline-question").getByText("立即报告并按规程处置、做好记录").click(),
  空气呼吸器: (p) => p.getByTestId("offline-question").getByText("对", { exact: true }).click(),
  动火: (p) => p.getByTestId("offline-question").getByRole("textbox").fill("动火证"),
};

async function answerRight(page: Page): Promise<string> {
  const stem = (await page.getByTestId("stem").textContent()) ?? "";
  const which = Object.keys(RIGHT).find((k) => stem.includes(k));
  expect(which, stem).toBeDefined();
  await RIGHT[which!]!(page);
  await page.getByRole("button", { name: "提交答案" }).click();
  await expect(page.getByTestId("offline-feedback")).toContainText("回答正确");
  await page.getByRole("button", { name: "下一题" }).click();
  return which!;
}

test("a worker practises offline; the answers sync when the link returns and the book shrinks after two right answers", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  try {
    await signIn(page, "900004");
    // Other practice specs may have booked this worker's answers: empty the book first.
    await emptyBook(page);
    await page.goto("/practice");
    await page.getByRole("listitem").filter({ hasText: "安全 / 日常检查" }).getByTestId("offline-link").click();
    await expect(page).toHaveURL(/\/practice\/offline\?category=\d+/);
    await expect(page.getByText("这台手机上还没有本分类的题目")).toBeVisible();
    await page.getByRole("button", { name: "离线练习" }).click();
    await expect(page.getByText(/已下载 3 题/)).toBeVisible();

    // Online: the flange question answered wrong on purpose (it goes into the book).
    for (let i = 0; i < 3 && !((await page.getByTestId("stem").textContent()) ?? "").includes("法兰"); i++) await answerRight(page);
    await page.getByTestId("offline-question").getByText("继续巡检，下次再处理").click();
    await page.getByRole("button", { name: "提交答案" }).click();
    await expect(page.getByTestId("offline-feedback")).toContainText("回答错误");
    await expect(page.getByTestId("offline-feedback")).toContainText("立即报告并按规程处置、做好记录");
    await expect(page.getByTestId("sync-state")).toHaveText("全部答案已同步");
    await page.goto("/practice");
    await expect(page.getByTestId("book-link")).toHaveText("错题本（1 题）");
    await page.getByRole("listitem").filter({ hasText: "安全 / 日常检查" }).getByTestId("offline-link").click();
    await expect(page.getByText(/已下载 3 题/)).toBeVisible();

    // The connection drops mid-practice: the questions come from the phone, graded there at once.
    await context.setOffline(true);
    let flange = 0;
    for (let i = 0; flange < 2 && i < 6; i++) if ((await answerRight(page)) === "法兰") flange++;
    expect(flange).toBe(2);
    await expect(page.getByText("当前离线")).toBeVisible();
    await expect(page.getByTestId("sync-state")).toHaveText(/待同步 \d+ 条答案/);
    const waiting = Number(/待同步 (\d+)/.exec((await page.getByTestId("sync-state").textContent()) ?? "")?.[1]);
    expect(waiting).toBeGreaterThanOrEqual(2);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-offline-360");

    // The link returns: everything syncs, graded again by the server.
    await context.setOffline(false);
    await expect(page.getByTestId("sync-state")).toHaveText("全部答案已同步", { timeout: 20_000 });
    await page.goto("/practice");
    await expect(page.getByTestId("book-link")).toHaveText("错题本（0 题）");
    await expect(page.getByRole("listitem").filter({ hasText: "安全 / 日常检查" })).toContainText("已练 3/3 题");

    // At 1280 px.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("listitem").filter({ hasText: "安全 / 日常检查" }).getByTestId("offline-link").click();
    await expect(page.getByText(/已下载 3 题/)).toBeVisible();
    await saveScreenshot(page, testInfo, "practice-offline-1280");
  } finally {
    await context.close();
  }
});

test("signing out with answers still queued warns with the count; 取消 keeps them; back online, sign-out sends them first and leaves nothing", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  try {
    await signIn(page, "900004");
    await page.goto("/practice");
    await page.getByRole("listitem").filter({ hasText: "安全 / 日常检查" }).getByTestId("offline-link").click();
    await page.getByRole("button", { name: "离线练习", exact: true }).click();
    await expect(page.getByText(/已下载 3 题/)).toBeVisible();

    await context.setOffline(true);
    await answerRight(page);
    await answerRight(page);
    await expect(page.getByTestId("sync-state")).toHaveText("待同步 2 条答案");

    // Offline: the sign-out names what would be lost and waits for a choice.
    await page.getByRole("button", { name: "退出登录" }).click();
    const warning = page.getByTestId("sign-out-warning");
    await expect(warning).toBeVisible();
    await expect(warning).toContainText("2 道练习答案尚未同步，现在退出登录将会丢失。");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "sign-out-warning-360");
    await warning.getByRole("button", { name: "取消" }).click();
    await expect(warning).toBeHidden();
    await expect(page).toHaveURL(/\/practice\/offline/);
    await expect(page.getByTestId("sync-state")).toHaveText("待同步 2 条答案");

    // Back online: the answers go to the server, the sign-out asks nothing and nothing stays on the phone.
    const sent = page.waitForResponse((r) => r.url().endsWith("/api/practice/offline/answers") && r.status() === 200);
    await context.setOffline(false);
    await page.getByRole("button", { name: "退出登录" }).click();
    await sent;
    await expect(page).toHaveURL(/\/login/);
    await expect(warning).toHaveCount(0);
    const left = await page.evaluate(async () => ({
      caches: (await caches.keys()).filter((k) => k.startsWith("jr-")),
      storage: Object.keys(localStorage).filter((k) => k.startsWith("jr-dl:")),
    }));
    expect(left).toEqual({ caches: [], storage: [] });
  } finally {
    await context.close();
  }
});

test("answers given offline are sent from any page when the link returns, without going back to 离线练习", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await traceServiceWorker(context);
  const page = await context.newPage();
  try {
    await signIn(page, "900004");
    await emptyBook(page);
    // The home page is kept for offline use (the worker controls the page, then a full load).
    await waitForServiceWorker(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("您好，林晓雨");
    await page.goto("/practice");
    await page.getByRole("listitem").filter({ hasText: "安全 / 日常检查" }).getByTestId("offline-link").click();
    await page.getByRole("button", { name: "离线练习", exact: true }).click();
    await expect(page.getByText(/已下载 3 题/)).toBeVisible();

    // Offline: one right answer or more, then the flange question wrong (it goes into the book once the server has it).
    await context.setOffline(true);
    for (let i = 0; i < 3 && !((await page.getByTestId("stem").textContent()) ?? "").includes("法兰"); i++) await answerRight(page);
    await page.getByTestId("offline-question").getByText("继续巡检，下次再处理").click();
    await page.getByRole("button", { name: "提交答案" }).click();
    await expect(page.getByTestId("offline-feedback")).toContainText("回答错误");
    await expect(page.getByTestId("sync-state")).toHaveText(/待同步 \d+ 条答案/);

    // Still offline, the worker opens the home page (kept on the phone); the link returns there.
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("您好，林晓雨");
    const sent = page.waitForResponse((r) => r.url().endsWith("/api/practice/offline/answers") && r.status() === 200);
    await context.setOffline(false);
    await sent;
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const cache = await caches.open("jr-practice");
          for (const r of await cache.keys())
            if (r.url.endsWith("/queue")) return ((await (await cache.match(r))?.json()) as { answers: unknown[] } | undefined)?.answers.length ?? -1;
          return -1;
        }),
      )
      .toBe(0);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-synced-home-360");

    // The server has them: the wrong answer is in the book; 离线练习 has nothing waiting.
    await page.goto("/practice");
    await expect(page.getByTestId("book-link")).toHaveText("错题本（1 题）");
    await page.getByRole("listitem").filter({ hasText: "安全 / 日常检查" }).getByTestId("offline-link").click();
    await expect(page.getByTestId("sync-state")).toHaveText("全部答案已同步");
  } finally {
    await context.close();
  }
});

test("a 案例分析 answered offline partly right shows 部分正确 and each part's mark on the phone; the answer is sent when the link returns", async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const category = uniq("离线案例");
  const material = "巡检发现计量间一台阀门阀杆处渗油，压力表读数正常。请根据以上材料回答下列问题。";
  const admin = await newSession(browser);
  await signIn(admin.page, "900001");
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  try {
    // A fresh worker at a station: its book and progress are this test's alone.
    await createActivatedUser(admin.page, page, { unit: "韦5-25站" });
    await admin.context.close();

    // The trainer imports one 案例分析 (a choice part worth 2, a true/false part worth 1) and opens its category to the station.
    const trainer = await newSession(browser);
    await signIn(trainer.page, "900003");
    await importOneQuestion(
      trainer.page,
      await bankSheet([
        ["单选", "渗油最可能来自（　）", "盘根", "法兰垫片", "压力表", "A", `采油/${category}`, 2, "", material],
        ["判断", "可以带压紧固阀门盘根。", "", "", "", "错", `采油/${category}`, 1, "", material],
      ]),
    );
    await trainer.page.goto("/teach/practice");
    const opening = trainer.page.locator("form", { has: trainer.page.getByRole("button", { name: "开放 / 更新" }) });
    const option = opening.locator("select[name=categoryId] option", { hasText: new RegExp(`^\\s*${category} \\(1\\)$`) });
    await opening.locator("select[name=categoryId]").selectOption((await option.getAttribute("value"))!);
    await opening.getByLabel("韦5-25站", { exact: true }).check();
    await opening.getByRole("button", { name: "开放 / 更新" }).click();
    await expect(trainer.page.getByText("已开放练习。")).toBeVisible();
    await trainer.context.close();

    // The worker downloads the category, then loses the connection.
    await page.goto("/practice");
    await page.getByRole("listitem").filter({ hasText: category }).getByTestId("offline-link").click();
    await page.getByRole("button", { name: "离线练习", exact: true }).click();
    await expect(page.getByText(/已下载 1 题/)).toBeVisible();
    await context.setOffline(true);
    const question = page.getByTestId("offline-question");
    await expect(question.getByTestId("stem")).toContainText(material);
    const parts = question.locator("ol > li");
    await expect(parts).toHaveCount(2);
    // (1) right (盘根), (2) wrong (对: the key is 错).
    await parts.nth(0).getByRole("radio", { name: /盘根/ }).check();
    await parts.nth(1).getByRole("radio", { name: "对", exact: true }).check();
    await question.getByRole("button", { name: "提交答案" }).click();

    // Graded on the phone: 部分正确, each part's answer with its mark; the answer waits to be sent.
    await expect(page.getByTestId("offline-verdict")).toHaveText("部分正确");
    const marks = page.getByTestId("offline-feedback").getByTestId("review-parts").locator("li");
    await expect(marks).toHaveCount(2);
    expect(await marks.evaluateAll((els) => els.map((e) => e.getAttribute("data-part-correct")))).toEqual(["right", "wrong"]);
    await expect(marks.nth(0)).toContainText(/\(1\) [A-C]\. 盘根/);
    await expect(marks.nth(0)).toContainText("正确");
    await expect(marks.nth(1)).toContainText("(2) 对");
    await expect(marks.nth(1)).toContainText("错误");
    await expect(page.getByTestId("offline-feedback")).toContainText("(2) 错");
    await expect(page.getByText("当前离线")).toBeVisible();
    await expect(page.getByTestId("sync-state")).toHaveText("待同步 1 条答案");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "practice-offline-group-360");
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "practice-offline-group-1280");
    await page.setViewportSize({ width: 360, height: 740 });

    // Back online: the answer goes to the server, which grades it again (partly right: into the book) and counts it.
    const sent = page.waitForResponse((r) => r.url().endsWith("/api/practice/offline/answers") && r.status() === 200);
    await context.setOffline(false);
    await sent;
    await expect(page.getByTestId("sync-state")).toHaveText("全部答案已同步", { timeout: 20_000 });
    await page.goto("/practice");
    await expect(page.getByTestId("book-link")).toHaveText("错题本（1 题）");
    await expect(page.getByRole("listitem").filter({ hasText: category })).toContainText("已练 1/1 题");
  } finally {
    await context.close();
  }
});
