import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalScroll, saveScreenshot, signIn } from "./helpers";

// Strings only the server may know before the review policy allows: explanations and a key.
// (The word "explanation" itself is no secret: the page's own labels use it.)
const SECRETS = ["启机前必须确认刹车灵活可靠", "十字作业：清洁、润滑、调整、紧固、防腐", "报告、切断来源、警戒、防火、回收、记录", "answerKey", '"reference"'];

/** Answers whatever question is on screen, so the test does not depend on the shuffled order. */
async function answerCurrent(page: Page) {
  const section = page.locator("section[id^=question-]").first();
  const radio = section.locator("input[type=radio]");
  if (await radio.count()) return radio.first().check();
  const box = section.locator("input[type=checkbox]");
  if (await box.count()) return box.first().check();
  const area = section.locator("textarea");
  if (await area.count()) return area.fill("先报告，再切断来源并设警戒。");
  return section.locator("input[type=text]").first().fill("1.55");
}

test.describe("a worker takes the quarterly quiz on a phone", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("answers, loses the connection, keeps answering, comes back, submits and sees the score", async ({ page, context }, testInfo) => {
    // Offline twice (the shell's reload in between) and a 5 s watch for page loads after the start.
    test.setTimeout(150_000);
    const bodies: string[] = [];
    page.on("response", async (r) => {
      const type = r.headers()["content-type"] ?? "";
      if (/json|text|x-component/.test(type)) bodies.push(await r.text().catch(() => ""));
    });

    await signIn(page, "900004");
    await page.goto("/quizzes");
    await expect(page.getByRole("heading", { name: /岗位练兵小会考/ })).toBeVisible();
    // The service worker is installed (with the attempt's shell precached) and controls the page.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    // The start's answer carries the questions: the attempt shows without the page being asked
    // for (neither its HTML nor its RSC payload), which a quiz's opening minute could not afford —
    // not at the start, nor later to keep it for offline (the phone keeps the questions instead).
    const attemptPageLoads: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (/^\/attempts\/\d+$/.test(new URL(r.url()).pathname)) attemptPageLoads.push(r.url());
    };
    page.on("request", onRequest);
    await page.getByRole("button", { name: "开始答题" }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    const status = page.getByTestId("save-status");
    await expect(page.getByText("第 1 题 / 共 12 题")).toBeVisible();
    await expect(page.getByTestId("timer")).toHaveText(/^(29|30):\d\d$/);
    const attemptId = Number(new URL(page.url()).pathname.split("/").pop());
    await page.waitForTimeout(5000);
    expect(attemptPageLoads).toEqual([]);
    page.off("request", onRequest);
    // The questions are on the phone for a reload without a connection.
    const keptViews = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(".view")));
    expect(await keptViews()).toContain(`jr.attempt.${attemptId}.view`);
    await expect(page.getByTestId("timer")).toHaveText(/^(29|30):\d\d$/);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-attempt-360");

    await answerCurrent(page);
    await expect(status).toHaveAttribute("data-status", "saved");

    // The connection drops: answers stay on the phone and the page says so.
    await context.setOffline(true);
    for (let i = 0; i < 3; i++) {
      await page.getByRole("button", { name: "下一题" }).click();
      await answerCurrent(page);
    }
    await expect(status).toHaveAttribute("data-status", "offline");
    await expect(status).toContainText("3 题答案暂存在本机");
    // Flag one for later, still offline.
    await page.getByRole("button", { name: /标记此题/ }).click();
    await saveScreenshot(page, testInfo, "quiz-offline-360");

    // A reload while offline: the service worker answers with the attempt's shell, which shows the
    // questions the phone kept, the answers given offline and the question the worker was on.
    await page.reload();
    await expect(page.getByText("第 4 题 / 共 12 题")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "答题卡" }).getByRole("link", { name: /已答/ })).toHaveCount(4);
    await expect(page.getByRole("navigation", { name: "答题卡" }).getByRole("link", { name: /已标记/ })).toHaveCount(1);
    await expect(page.getByTestId("timer")).toHaveText(/^(2\d|30):\d\d$/);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-shell-offline-360");
    await page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(page, testInfo, "quiz-shell-offline-1280");
    await page.setViewportSize({ width: 360, height: 780 });
    // One more answer, given in the shell.
    await page.getByRole("button", { name: "下一题" }).click();
    await expect(page.getByText("第 5 题 / 共 12 题")).toBeVisible();
    await answerCurrent(page);
    await expect(status).toHaveAttribute("data-status", "offline");
    await expect(status).toContainText("4 题答案暂存在本机");

    // Back online: the shell sends them.
    await context.setOffline(false);
    await expect(status).toHaveAttribute("data-status", "saved", { timeout: 20_000 });

    // The server has them: with the phone's copy of the answers gone, a reload (the page rendered
    // by the server) shows 5 answered in the question card.
    await page.evaluate((id) => localStorage.removeItem(`jr.attempt.${id}`), attemptId);
    await page.reload();
    // …and comes back to the question the worker was on, not question 1.
    await expect(page.getByText("第 5 题 / 共 12 题")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "答题卡" }).getByRole("link", { name: /已答/ })).toHaveCount(5);
    await expect(page.getByRole("navigation", { name: "答题卡" }).getByRole("link", { name: /已标记/ })).toHaveCount(1);

    await page.getByRole("button", { name: "交卷" }).click();
    await expect(page.getByText("还有 7 题未作答。")).toBeVisible();
    await page.getByRole("button", { name: "交卷" }).last().click();
    await expect(page).toHaveURL(/\/review$/);
    // 11 questions of 5 points and an essay of 10; an answered essay waits for a trainer.
    const score = page.getByTestId("score");
    await expect(score.or(page.getByText("待阅卷")).first()).toBeVisible();
    if (await score.isVisible()) await expect(score).toHaveText(/^\d+(\.\d+)? \/ 65$/);
    // The receipt: when (site zone), which attempt, how many answers were saved.
    const receipt = page.getByTestId("receipt");
    await expect(receipt.getByRole("heading", { name: "交卷成功" })).toBeVisible();
    await expect(receipt).toContainText(/交卷时间\s*\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    await expect(receipt).toContainText("第 1 次");
    await expect(receipt).toContainText("5 / 12 题");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-review-360");
    const reviewUrl = page.url();
    // Submitted: the questions kept for offline are gone, and offline the attempt's address shows the offline page.
    expect(await keptViews()).not.toContain(`jr.attempt.${attemptId}.view`);
    await context.setOffline(true);
    await page.goto(`/attempts/${attemptId}`);
    await expect(page.getByRole("heading", { name: "当前没有网络" })).toBeVisible();
    await saveScreenshot(page, testInfo, "quiz-shell-nothing-kept-360");
    await context.setOffline(false);
    // It stays reachable from the quiz list.
    await page.goto("/quizzes");
    // This attempt's link (other specs may have given the worker other finished quizzes, a paper exam's say).
    await page.locator(`a[href="${new URL(reviewUrl).pathname}"]`, { hasText: "查看答卷" }).click();
    await expect(page).toHaveURL(reviewUrl);
    await expect(page.getByTestId("receipt")).toContainText("交卷成功");

    // Nothing the worker's browser received before or after submitting held a key or an explanation
    // (the policy after submitting shows the score and right/wrong only).
    bodies.push(await page.content());
    for (const body of bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  });

  test("a save for a question that is not in the attempt, or of the wrong type, is refused and changes nothing", async ({ page }) => {
    await signIn(page, "900003"); // the trainer takes quizzes too
    await page.goto("/quizzes");
    // The demo quiz's card (other specs may have opened quizzes to this trainer's station).
    await page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: /岗位练兵小会考/ }) })
      .getByRole("button", { name: /开始答题|继续答题/ })
      .click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    const id = page.url().split("/").pop();
    // The attempt opened in place on the quiz list: back shows the list (offering to resume), forward the attempt's page.
    await expect(page.getByRole("navigation", { name: "答题卡" })).toBeVisible();
    // Each move loads its page afresh (the list reloads on back; forward loads the attempt's page).
    await Promise.all([page.waitForEvent("load"), page.goBack()]);
    await expect(page).toHaveURL(/\/quizzes$/);
    await expect(
      page
        .getByRole("listitem")
        .filter({ has: page.getByRole("heading", { name: /岗位练兵小会考/ }) })
        .getByRole("button", { name: "继续答题" }),
    ).toBeVisible();
    await Promise.all([page.waitForEvent("load"), page.goForward()]);
    await expect(page).toHaveURL(new RegExp(`/attempts/${id}$`));
    await expect(page.getByRole("navigation", { name: "答题卡" })).toBeVisible();
    const post = (data: unknown) => page.request.post(`/api/attempts/${id}/answers`, { data });
    const unknown = await post({ answers: [{ position: 99, response: { type: "truefalse", value: true }, seq: 1 }] });
    expect(unknown.status()).toBe(422);
    expect((await unknown.json()).message).toBe("答卷中没有第 99 题。");
    const wrong = await post({ answers: [{ position: 1, response: { type: "nonsense" }, seq: 1 }] });
    expect(wrong.status()).toBe(422);
    const big = await page.request.post(`/api/attempts/${id}/answers`, {
      data: { answers: [{ position: 1, response: { type: "essay", text: "x".repeat(300_000) }, seq: 1 }] },
    });
    expect(big.status()).toBe(413);
    await page.reload();
    await expect(page.getByRole("navigation", { name: "答题卡" }).getByRole("link", { name: /已答/ })).toHaveCount(0);
    // Someone else's attempt is not found.
    const other = await page.request.post(`/api/attempts/${Number(id) + 1000}/answers`, { data: { answers: [] } });
    expect(other.status()).toBe(404);
    // A broken character (half a surrogate pair) in an essay: a message, never a 500, nothing saved.
    const broken = { type: "essay", text: "先报告\uD800" };
    const tries = await Promise.all(Array.from({ length: 12 }, (_, i) => post({ answers: [{ position: i + 1, response: broken, seq: 5 }] })));
    expect(tries.map((r) => r.status())).toEqual(Array(12).fill(422));
    const messages = await Promise.all(tries.map(async (r) => (await r.json()).message));
    expect(messages.filter((m) => m === "答案中含有无法保存的字符。")).toHaveLength(1);
    const essayAt = messages.indexOf("答案中含有无法保存的字符。") + 1;
    const submit = await page.request.post(`/api/attempts/${id}/submit`, { data: { answers: [{ position: essayAt, response: broken, seq: 6 }] } });
    expect(submit.status()).toBe(422);
    await page.reload();
    await expect(page).toHaveURL(/\/attempts\/\d+$/); // still open: the submit was refused whole
    await expect(page.getByRole("navigation", { name: "答题卡" }).getByRole("link", { name: /已答/ })).toHaveCount(0);
    // Ids past a 32-bit integer are simply not there.
    for (const path of [`/attempts/2147483648`, `/attempts/99999999999/review`]) expect((await page.request.get(path)).status(), path).toBe(404);
    for (const path of ["/api/attempts/2147483648/answers", "/api/attempts/99999999999/submit", "/api/quizzes/2147483648/start"]) {
      expect((await page.request.post(path, { data: { answers: [] } })).status(), path).toBe(404);
    }
  });
});
