import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, expectNoHorizontalScroll, saveScreenshot, sessionAs, uniq } from "./helpers";

/** The message box in the page's main content: role=alert for errors, role=status otherwise. */
const formAlert = (page: Page) => page.getByRole("main").locator('[role="alert"], [role="status"]');

/** Wall-clock time in Asia/Shanghai (the site's zone) as a datetime-local value, `minutes` from now. */
function shanghai(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

/** Taps the star worth `n` of one question, as a thumb does: on the big star, not the hidden radio. */
async function tapStar(card: Locator, question: string, n: number) {
  const group = card.getByRole("group", { name: question });
  await group
    .locator("label")
    .filter({ has: card.page().getByLabel(`${n} 星`, { exact: true }) })
    .click();
  await expect(group.getByLabel(`${n} 星`, { exact: true })).toBeChecked();
}

const classCard = (page: Page, title: string) => page.getByTestId("class-card").filter({ hasText: title });

test("a worker who attended rates the class in a few taps on a 360 px phone; the trainer sees the averages, the comment without a name", async ({
  browser,
}, testInfo) => {
  const title = `井口安全操作 ${uniq("")}`;
  const trainer = await sessionAs(browser, "trainer");
  const t = trainer.page;

  // The trainer makes a class with a session under way, enrols the worker and marks them present.
  await t.goto("/teach/classes/new");
  await t.getByLabel("课程名称").fill(title);
  await t.getByLabel("名额").fill("5");
  await t.getByRole("button", { name: "保存", exact: true }).click();
  await expect(t).toHaveURL(/\/teach\/classes\/\d+\?done=created/);
  const classUrl = new URL(t.url()).pathname;
  await t.getByLabel("开始时间").fill(shanghai(-30));
  await t.getByLabel("结束时间").fill(shanghai(30));
  await t.getByRole("button", { name: "添加课次" }).click();
  await expect(t.getByTestId("session")).toHaveCount(1);
  await t.getByRole("button", { name: "发布报名" }).click();
  await t.getByRole("dialog").getByRole("button", { name: "发布报名" }).click();
  await expect(t.getByText("报名中", { exact: true })).toBeVisible();
  await t.getByLabel("工号", { exact: true }).fill(DEMO.worker.employeeNo);
  await t.getByRole("button", { name: "代为报名" }).click();
  await expect(formAlert(t)).toContainText(`已为 ${DEMO.worker.name} 报名`);

  // Enrolled but not yet present: no card.
  const w = await sessionAs(browser, "worker");
  const p = w.page;
  await p.setViewportSize({ width: 360, height: 740 });
  await p.goto("/classes");
  await expect(classCard(p, title)).toBeVisible();
  await expect(classCard(p, title).getByTestId("evaluation-card")).toHaveCount(0);

  await t.goto(classUrl);
  await t.getByTestId("enrolment").filter({ hasText: DEMO.worker.name }).getByRole("button", { name: "#1 未到" }).click();
  await expect(t.getByTestId("enrolment").filter({ hasText: DEMO.worker.name })).toContainText("#1 出勤");

  // The home page's next steps point at it; the class card asks 请为本次培训打分.
  await p.goto("/");
  await expect(p.getByTestId("home-evaluations")).toContainText(title);
  await expectNoHorizontalScroll(p);
  await saveScreenshot(p, testInfo, "evaluations-home-360");
  await p.getByTestId("home-evaluations").getByRole("link", { name: "请为本次培训打分" }).first().click();
  await expect(p).toHaveURL(/\/classes/);
  const card = classCard(p, title).getByTestId("evaluation-card");
  await expect(card).toContainText("请为本次培训打分");
  await card.scrollIntoViewIfNeeded();
  await expectNoHorizontalScroll(p);
  // Every star is a large target for a thumb.
  const box = await card.getByRole("group", { name: "内容实用" }).locator("label").first().boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(44);
  expect(box!.height).toBeGreaterThanOrEqual(44);

  // One tap per question, a short comment, submit.
  await tapStar(card, "内容实用", 5);
  await tapStar(card, "讲师讲解", 4);
  // The stars fill up to the one picked, in the order they read (1 → 5 in the page as on screen).
  const colours = await card
    .getByRole("group", { name: "讲师讲解" })
    .locator("label")
    .evaluateAll((ls) => ls.map((l) => getComputedStyle(l).color));
  expect(colours.slice(0, 4)).toEqual(Array(4).fill(colours[0]));
  expect(colours[4]).not.toBe(colours[0]);
  // The arrow key moves the way the stars look: → from 2 picks 3.
  await tapStar(card, "时间安排", 2);
  await card.getByRole("group", { name: "时间安排" }).getByLabel("2 星", { exact: true }).press("ArrowRight");
  await expect(card.getByRole("group", { name: "时间安排" }).getByLabel("3 星", { exact: true })).toBeChecked();
  await tapStar(card, "愿意推荐", 5);
  await card.getByLabel(/意见或建议/).fill("现场演示很直观");
  await saveScreenshot(p, testInfo, "evaluations-class-card-360");
  await p.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(p, testInfo, "evaluations-class-card-1280");
  await p.setViewportSize({ width: 360, height: 740 });
  await card.getByRole("button", { name: "提交评价" }).click();
  await expect(formAlert(p)).toHaveText("感谢评价！");
  await expect(classCard(p, title).getByTestId("evaluation-card")).toHaveCount(0);
  await p.goto("/");
  // (Another spec's worker may have a class of their own still to rate: only this one must be gone.)
  await expect(p.getByTestId("home-worker")).toBeVisible();
  await expect(p.getByTestId("home-evaluations").filter({ hasText: title })).toHaveCount(0);

  // The trainer's results: the class, its instructor, the means, the comment — and no learner's name.
  await t.goto("/teach/evaluations");
  const result = t.getByTestId("evaluation-target").filter({ hasText: title });
  await expect(result).toContainText("1 份评价");
  await expect(result.getByTestId("avg-content")).toHaveText("5.0");
  await expect(result.getByTestId("avg-delivery")).toHaveText("4.0");
  await expect(result.getByTestId("avg-timing")).toHaveText("3.0");
  await expect(result.getByTestId("avg-recommend")).toHaveText("5.0");
  await expect(result.getByTestId("avg-overall")).toHaveText("★ 4.3");
  await expect(result).toContainText("现场演示很直观");
  await expect(result).not.toContainText(DEMO.worker.name);
  await expect(t.getByTestId("evaluation-instructor").filter({ hasText: DEMO.trainer.name })).toBeVisible();
  await saveScreenshot(t, testInfo, "evaluations-results-1280");
  await t.setViewportSize({ width: 360, height: 740 });
  await t.reload();
  await expectNoHorizontalScroll(t);
  await saveScreenshot(t, testInfo, "evaluations-results-360");

  // The class's own page shows its results too.
  await t.setViewportSize({ width: 1280, height: 800 });
  await t.goto(classUrl);
  const onClass = t.locator("#evaluations");
  await expect(onClass).toContainText("1 份评价");
  await expect(onClass.getByTestId("avg-overall")).toHaveText("★ 4.3");
  await expect(onClass).not.toContainText(DEMO.worker.name);
  await onClass.scrollIntoViewIfNeeded();
  await saveScreenshot(t, testInfo, "evaluations-teach-class-1280");
  await t.setViewportSize({ width: 360, height: 740 });
  await expectNoHorizontalScroll(t);

  // The worker's class list at desktop width, card gone.
  await p.setViewportSize({ width: 1280, height: 800 });
  await p.goto("/classes");
  await saveScreenshot(p, testInfo, "evaluations-classes-1280");

  await trainer.context.close();
  await w.context.close();
});
