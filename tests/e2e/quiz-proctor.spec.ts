import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalScroll, newSession, saveScreenshot, signIn, uniq } from "./helpers";

/** A wall-clock time in the site's zone (Asia/Shanghai) as a datetime-local value. */
function siteTime(ms: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const v = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${v("year")}-${v("month")}-${v("day")}T${v("hour")}:${v("minute")}`;
}

/** The worker leaves the page (a call, a scan) and comes back `seconds` later. */
async function leaveAndComeBack(page: Page, seconds: number) {
  const flip = (state: "hidden" | "visible") =>
    page.evaluate((s) => {
      Object.defineProperty(document, "visibilityState", { value: s, configurable: true });
      Object.defineProperty(document, "hidden", { value: s === "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);
  await flip("hidden");
  await page.waitForTimeout(seconds * 1000);
  await flip("visible");
}

test.describe("现场监考: a quiz started with the proctor's code", () => {
  test("a worker is refused with a wrong code, starts with the right one, leaves and comes back; the trainer sees both", async ({ browser }, testInfo) => {
    test.setTimeout(180_000);
    const title = `监考测验 ${uniq("P")}`;

    // The trainer (the area's, 陶文博) makes a quiz that needs a proctor code, with a watermark.
    const trainer = await newSession(browser);
    const tp = trainer.page;
    await tp.setViewportSize({ width: 1280, height: 900 });
    await signIn(tp, "900003");
    await tp.goto("/teach/quizzes/new");
    await tp.getByLabel("考试名称").fill(title);
    await tp.getByLabel("开始时间").fill(siteTime(Date.now() - 3600_000));
    await tp.getByLabel("结束时间").fill(siteTime(Date.now() + 7 * 24 * 3600_000));
    await tp.getByLabel("须凭现场监考码开考").check();
    await tp.getByLabel("题目上显示水印（姓名和工号）").check();
    await tp.getByRole("button", { name: "创建考试" }).click();
    await expect(tp).toHaveURL(/\/teach\/quizzes\/\d+/);
    const quizId = Number(/\/teach\/quizzes\/(\d+)/.exec(tp.url())![1]);
    await tp.goto(`/teach/quizzes/${quizId}/questions`);
    await tp.getByRole("searchbox", { name: "在题库中搜索" }).fill("抽油机启机前");
    await tp.getByRole("button", { name: "搜索" }).click();
    await tp.getByRole("button", { name: "添加", exact: true }).first().click();
    await tp.getByRole("button", { name: "保存试题" }).click();
    await expect(tp.getByText("试题已保存。")).toBeVisible();
    await tp.goto(`/teach/quizzes/${quizId}/audience`);
    await tp.getByRole("checkbox", { name: "采油九队" }).check();
    await tp.getByRole("button", { name: "保存参考人员" }).click();
    await expect(tp.getByText("参考人员已保存。")).toBeVisible();
    await tp.goto(`/teach/quizzes/${quizId}`);
    await expect(tp.getByText("需现场监考")).toBeVisible();
    await tp.getByRole("button", { name: "发布" }).click();
    await tp.getByRole("dialog").getByRole("button", { name: "发布" }).click();
    await expect(tp.getByText("考试已发布。")).toBeVisible();

    // The trainer opens proctoring at 韦2中转站 and shows the code.
    await tp.goto("/proctor");
    await tp.getByLabel("考试").selectOption({ label: await optionLabel(tp, "考试", title) });
    await tp.getByLabel("站点").selectOption({ label: "韦2中转站" });
    await tp.getByRole("button", { name: "开启监考" }).click();
    await expect(tp).toHaveURL(/\/proctor\/\d+$/);
    const proctorPath = new URL(tp.url()).pathname;
    await expect(tp.getByTestId("checkin-code")).toHaveText(/^\d{6}$/);
    await expect(tp.getByTestId("checkin-qr")).toBeVisible();
    await expect(tp.getByText("监考人：陶文博 · 韦2中转站")).toBeVisible();
    await saveScreenshot(tp, testInfo, "proctor-code-1280");
    const currentCode = async () => {
      const res = await tp.request.get(`${proctorPath}/code`);
      expect(res.ok()).toBe(true);
      return ((await res.json()) as { code: string }).code;
    };

    // The worker, on a phone.
    const worker = await newSession(browser);
    const wp = worker.page;
    await wp.setViewportSize({ width: 360, height: 780 });
    await signIn(wp, "900004");
    await wp.goto("/quizzes");
    const card = wp.locator("li").filter({ has: wp.getByRole("heading", { name: title }) });
    await expect(card.getByText("需现场监考")).toBeVisible();
    const right = await currentCode();
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    await card.getByLabel("监考码").fill(wrong);
    await card.getByRole("button", { name: "开始答题" }).click();
    await expect(wp.getByText("监考码不正确，未开始答题。")).toBeVisible();
    await expect(wp).toHaveURL(/\/quizzes/);
    // Nothing was started: the quiz still offers a start (not a resume), with no attempt used.
    const again = wp.locator("li").filter({ has: wp.getByRole("heading", { name: title }) });
    await expect(again.getByRole("button", { name: "开始答题" })).toBeVisible();
    await expect(again.getByText("已作答 0/1 次")).toBeVisible();
    await expectNoHorizontalScroll(wp);
    await saveScreenshot(wp, testInfo, "proctor-refused-360");

    await again.getByLabel("监考码").fill(await currentCode());
    await again.getByRole("button", { name: "开始答题" }).click();
    await expect(wp).toHaveURL(/\/attempts\/\d+$/);
    await expect(wp.getByTestId("watermark").first()).toContainText("林晓雨 900004");
    await expectNoHorizontalScroll(wp);
    await saveScreenshot(wp, testInfo, "proctor-attempt-watermark-360");

    // A call: the worker leaves the page for a few seconds and comes back, then answers and submits.
    const sent = wp.waitForResponse((r) => r.url().includes("/events") && r.request().postData()?.includes('"returned"') === true);
    await leaveAndComeBack(wp, 3);
    expect((await sent).ok()).toBe(true);
    await wp.locator("section[id^=question-]").first().locator("input[type=radio]").first().check();
    await expect(wp.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
    await wp.getByRole("button", { name: "交卷" }).click();
    await wp.getByRole("button", { name: "交卷" }).last().click();
    await expect(wp).toHaveURL(/\/review$/);

    // The trainer's results: supervised by whom and where, and the time away, in the log.
    await tp.goto(`/teach/quizzes/${quizId}/results`);
    const row = tp.getByRole("row").filter({ hasText: "林晓雨" });
    await expect(row.getByTestId("integrity-proctor")).toContainText("监考：陶文博 @ 韦2中转站");
    await expect(row.getByTestId("integrity")).toContainText("离开页面 1 次");
    await row.getByText("诚信记录明细").click();
    await expect(row.getByText(/回到页面（离开 [3-9] 秒）/)).toBeVisible();
    await saveScreenshot(tp, testInfo, "proctor-results-1280");
    await tp.setViewportSize({ width: 360, height: 780 });
    await saveScreenshot(tp, testInfo, "proctor-results-360");
    await tp.goto(proctorPath);
    await expect(tp.getByText("已在此开考 1 人")).toBeVisible();
    await expectNoHorizontalScroll(tp);
    await saveScreenshot(tp, testInfo, "proctor-code-360");
    await tp.goto("/proctor");
    await expect(tp.getByRole("link", { name: "出示监考码" }).first()).toBeVisible();
    await expectNoHorizontalScroll(tp);
    await saveScreenshot(tp, testInfo, "proctor-open-360");
    await tp.goto(`/teach/quizzes/${quizId}/edit`);
    await expect(tp.getByLabel("须凭现场监考码开考")).toBeChecked();
    await saveScreenshot(tp, testInfo, "proctor-settings-360");

    await trainer.context.close();
    await worker.context.close();
  });
});

/** The full label of the option of a select that contains `text`. */
async function optionLabel(page: Page, label: string, text: string): Promise<string> {
  const labels = await page.getByLabel(label).locator("option").allTextContents();
  const found = labels.find((l) => l.includes(text));
  if (!found) throw new Error(`no option with ${text} in ${labels.join(" | ")}`);
  return found;
}
