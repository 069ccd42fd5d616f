import { expect, test } from "@playwright/test";
import { DEMO, expectNoHorizontalScroll, formAlert, saveScreenshot, selectByText, sessionAs, uniq } from "./helpers";

/** A 1×1 PNG: the case's photo. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
/** A demo bank question (scripts/demo/quiz.ts): true/false, the right answer is 错误. */
const STEM = "抽油机运行中可以进入曲柄旋转范围内检查。";

test("a trainer publishes a case for 集输工; the demo worker at 360 px reads, acknowledges, answers wrong and finds it in the wrong-answer book", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const title = `集输泵房硫化氢未遂 ${uniq("")}`;
  const trainer = await sessionAs(browser, "trainer");
  const t = trainer.page;
  await t.goto(`/teach/cases?q=${encodeURIComponent("曲柄旋转范围")}`);
  const form = t.getByTestId("case-form");
  await form.getByLabel("标题（最多 100 字）").fill(title);
  await form.getByLabel("案例经过（文字）").fill("巡检时未佩戴检测仪进入泵房，险些中毒。");
  await selectByText(form.getByLabel("涉及岗位"), "集输工");
  await form.getByLabel("限期（天，1–90）").fill("7");
  await form.locator('input[type="file"]').setInputFiles({ name: "scene.png", mimeType: "image/png", buffer: PNG });
  // No question ticked: refused with a clear message, and what was typed stays.
  await form.getByRole("button", { name: "发布并分配" }).click();
  await expect(formAlert(t).first()).toContainText("请从题库选择 1 到 5 道");
  await expect(t.getByTestId("case-form").getByLabel("标题（最多 100 字）")).toHaveValue(title);
  const again = t.getByTestId("case-form");
  await again.locator("label", { hasText: STEM }).first().getByRole("checkbox").check();
  await again.locator('input[type="file"]').setInputFiles({ name: "scene.png", mimeType: "image/png", buffer: PNG });
  await again.getByRole("button", { name: "发布并分配" }).click();
  await expect(t).toHaveURL(/\/teach\/cases\/\d+\?published=\d+/);
  const caseUrl = new URL(t.url()).pathname;
  await expect(t.getByText(/案例已发布，已分配给 \d+ 人。/)).toBeVisible();
  await expect(t.getByRole("row").filter({ hasText: DEMO.worker.name })).toContainText("未读");

  // The worker on a phone: the case is listed, with its badge; the text and photo are shown.
  const w = await sessionAs(browser, "worker");
  const p = w.page;
  await p.setViewportSize({ width: 360, height: 740 });
  await p.goto("/");
  await expect(p.getByTestId("home-cases")).toBeVisible();
  await p.goto("/cases");
  const item = p.getByTestId("case-list").getByRole("link").filter({ hasText: title });
  await expect(item).toContainText("未读");
  await expectNoHorizontalScroll(p);
  await item.click();
  await expect(p.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(p.getByTestId("case-body")).toContainText("险些中毒");
  await expect(p.getByRole("img", { name: "案例照片 1" })).toBeVisible();
  await expect(p.getByText("请先阅读案例并点击")).toBeVisible();
  await p.getByTestId("acknowledge").click();
  await expect(p.getByText("已确认知晓。")).toBeVisible();

  // One question: answered wrong (正确), the feedback shows the key and the explanation.
  const q = p.getByTestId("case-question");
  await expect(q.getByTestId("stem")).toContainText(STEM);
  await expectNoHorizontalScroll(p);
  await q.getByText("正确", { exact: true }).click();
  await q.getByRole("button", { name: "提交答案" }).click();
  const fb = p.getByTestId("case-feedback");
  await expect(fb).toHaveAttribute("data-right", "0");
  await expect(fb).toContainText("回答错误，已加入错题本");
  await expect(fb).toContainText("正确答案：错");
  await expect(fb).toContainText("运行中严禁进入曲柄旋转范围");
  await expect(p.getByText(/已完成本案例，得分 0/)).toBeVisible();
  await saveScreenshot(p, testInfo, "case-worker-360");
  await expectNoHorizontalScroll(p);

  // The question is in the wrong-answer book.
  await p.getByRole("link", { name: "去错题本" }).click();
  await expect(p).toHaveURL(/\/practice\/book/);
  await expect(p.getByRole("main")).toContainText(STEM);

  // The trainer sees the worker completed, and the share right of the question.
  await t.goto(caseUrl);
  await expect(t.getByRole("row").filter({ hasText: DEMO.worker.name })).toContainText("已完成");
  await expect(t.getByTestId("case-counts")).toContainText("已完成");

  // The trainer on a phone withdraws it: the confirmation says what it affects; the case shows
  // 已撤回 on the list and leaves the worker's list; the answer stays on the progress page.
  await t.setViewportSize({ width: 360, height: 740 });
  await t.getByRole("button", { name: "撤回", exact: true }).click();
  const dialog = t.getByRole("dialog");
  await expect(dialog).toContainText(`撤回案例“${title}”？`);
  await expect(dialog.getByTestId("confirm-impact")).toContainText(/已分配给 \d+ 人，其中 \d+ 人尚未完成。/);
  await expectNoHorizontalScroll(t);
  await saveScreenshot(t, testInfo, "case-withdraw-confirm-360");
  await dialog.getByRole("button", { name: "确认撤回" }).click();
  await expect(t.getByText("案例已撤回。")).toBeVisible();
  await expect(t.getByTestId("case-withdrawn")).toContainText("已撤回");
  await expect(t.getByRole("button", { name: "撤回", exact: true })).toHaveCount(0);
  await expect(t.getByRole("row").filter({ hasText: DEMO.worker.name })).toContainText("已完成");
  await t.goto("/teach/cases");
  await expect(t.getByTestId("teach-case-list").locator("li", { hasText: title })).toContainText("已撤回");
  await expectNoHorizontalScroll(t);
  await p.goto("/cases");
  await expect(p.getByRole("main")).not.toContainText(title);
  await trainer.context.close();
  await w.context.close();
});
