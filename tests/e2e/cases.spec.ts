import { expect, type Locator, test } from "@playwright/test";
import {
  bankSheet,
  createActivatedUser,
  DEMO,
  expectNoHorizontalScroll,
  formAlert,
  newSession,
  saveScreenshot,
  selectByText,
  sessionAs,
  signIn,
  uniq,
} from "./helpers";

/** A 1×1 PNG: the case's photo. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
/** A demo bank question (scripts/demo/quiz.ts): true/false, the right answer is 错. */
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

  // One question: answered wrong (对), the feedback shows the key and the explanation.
  const q = p.getByTestId("case-question");
  await expect(q.getByTestId("stem")).toContainText(STEM);
  await expectNoHorizontalScroll(p);
  await q.getByText("对", { exact: true }).click();
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

/** 电工班 (TZH-DG): a unit no other spec uses; its new member holds 维修电工, a job no other spec's case concerns. */
const UNIT = "电工班";
const JOB = "维修电工";

/**
 * The template with a true/false and a 案例分析 (single 2 points, true/false 1, numeric 1, sharing the 材料), all carrying `token`.
 * The form lists the newest first and a case asks in the order ticked: the group, then the true/false.
 */
async function caseSheet(token: string, category: string): Promise<Buffer> {
  const material = `${token} 配电室巡检发现电缆沟积水，一台变压器温度 95 ℃，风扇停转。请根据以上材料回答下列问题。`;
  return bankSheet([
    ["判断", `${token} 验电前应先检查验电器是否完好。`, "", "", "", "对", `电气/${category}`, 1, "", ""],
    ["单选", "首先应当（　）", "停电检查风扇", "继续运行", "打开柜门散热", "A", `电气/${category}`, 2, "", material],
    ["判断", "可以带电清理电缆沟积水。", "", "", "", "错", `电气/${category}`, 1, "", material],
    ["数值", "油浸变压器上层油温一般不宜超过多少 ℃？", "", "", "", "85±1", `电气/${category}`, 1, "℃", material],
  ]);
}

/** The group's three parts in the case's plain form: (1) 停电检查风扇 (right), (2) 对 (wrong), (3) 85 (right). */
async function answerParts(parts: Locator) {
  await parts.nth(0).getByText("停电检查风扇").click();
  await parts.nth(1).getByText("对", { exact: true }).click();
  await parts.nth(2).getByRole("textbox").fill("85");
}

test("a case with a 案例分析: the worker of 电工班 at 360 px answers its parts, sees 部分正确 and each part's mark, and finds it in the wrong-answer book", async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const token = uniq("电缆沟");
  const category = uniq("案例复训");
  const title = `变压器超温未遂 ${uniq("")}`;

  const admin = await newSession(browser);
  await signIn(admin.page, "900001");
  const w = await newSession(browser);
  const member = await createActivatedUser(admin.page, w.page, { unit: UNIT });
  await admin.page.goto(`/members/${member.memberId}/edit`);
  await selectByText(admin.page.getByLabel("岗位", { exact: true }), JOB);
  await admin.page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(admin.page).toHaveURL(new RegExp(`/members/${member.memberId}\\?saved=1$`));
  await admin.context.close();

  // The trainer imports the questions, then publishes the case for 电工班 and 维修电工: the form shows each question's type.
  const trainer = await sessionAs(browser, "trainer");
  const t = trainer.page;
  await t.goto("/teach/bank/import");
  await t.getByLabel("选择文件").setInputFiles({
    name: "case.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await caseSheet(token, category),
  });
  await t.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
  await expect(t.getByText(/已导入 2 道试题/)).toBeVisible();
  await t.goto(`/teach/cases?q=${encodeURIComponent(token)}`);
  const form = t.getByTestId("case-form");
  await form.getByLabel("标题（最多 100 字）").fill(title);
  await form.getByLabel("案例经过（文字）").fill("夜班巡检时发现变压器超温，值班员未停电即进入电缆沟排水。");
  await selectByText(form.getByLabel("涉及岗位"), JOB);
  await selectByText(form.getByLabel("分配范围（单位）"), UNIT);
  await form.getByLabel("限期（天，1–90）").fill("7");
  const group = form.locator("label", { hasText: "配电室巡检" });
  await expect(group.getByTestId("case-question-type")).toHaveText("案例分析");
  await group.getByRole("checkbox").check();
  const tf = form.locator("label", { hasText: "验电前" });
  await expect(tf.getByTestId("case-question-type")).toHaveText("判断");
  await tf.getByRole("checkbox").check();
  await form.getByRole("button", { name: "发布并分配" }).click();
  await expect(t).toHaveURL(/\/teach\/cases\/\d+\?published=\d+/);
  await expect(t.getByRole("row").filter({ hasText: member.name })).toContainText("未读");

  // The worker on a phone.
  const p = w.page;
  await p.setViewportSize({ width: 360, height: 740 });
  await p.goto("/cases");
  await p.getByTestId("case-list").getByRole("link").filter({ hasText: title }).click();
  await p.getByTestId("acknowledge").click();
  await expect(p.getByText("已确认知晓。")).toBeVisible();
  const q = p.getByTestId("case-question");
  await expect(q.getByTestId("stem")).toContainText("配电室巡检");
  const parts = q.locator("ol > li");
  await expect(parts).toHaveCount(3);
  await answerParts(parts);
  await expectNoHorizontalScroll(p);
  await saveScreenshot(p, testInfo, "case-group-answering-360");
  await q.getByRole("button", { name: "提交答案" }).click();

  // 部分正确, each part with its mark; the next question follows.
  const fb = p.getByTestId("case-feedback").first();
  await expect(fb).toHaveAttribute("data-right", "0");
  await expect(fb).toHaveAttribute("data-partial", "1");
  await expect(fb).toContainText("部分正确，已加入错题本");
  const marks = fb.getByTestId("review-parts").locator("li");
  await expect(marks).toHaveCount(3);
  await expect(marks.nth(0)).toHaveAttribute("data-part-correct", "right");
  await expect(marks.nth(1)).toHaveAttribute("data-part-correct", "wrong");
  await expect(marks.nth(2)).toHaveAttribute("data-part-correct", "right");
  await expect(marks.nth(1)).toContainText("错误");
  await expect(fb).toContainText("停电检查风扇");
  await expect(p.getByTestId("case-question").getByTestId("stem")).toContainText("验电前");
  await expectNoHorizontalScroll(p);
  await saveScreenshot(p, testInfo, "case-group-feedback-360");

  // The same page on a desktop.
  await p.setViewportSize({ width: 1280, height: 900 });
  await saveScreenshot(p, testInfo, "case-group-feedback-answering-1280");
  await p.getByTestId("case-question").getByText("对", { exact: true }).click();
  await p.getByTestId("case-question").getByRole("button", { name: "提交答案" }).click();
  await expect(p.getByTestId("case-feedback")).toHaveCount(2);
  await expect(p.getByTestId("case-feedback").nth(1)).toHaveAttribute("data-right", "1");
  await expect(p.getByText(/已完成本案例，得分 50/)).toBeVisible();
  await saveScreenshot(p, testInfo, "case-group-done-1280");

  // The group is in the wrong-answer book; the right one is not.
  await p.getByRole("link", { name: "去错题本" }).click();
  await expect(p).toHaveURL(/\/practice\/book/);
  await expect(p.getByRole("main")).toContainText("配电室巡检");
  await expect(p.getByRole("main")).not.toContainText("验电前");
  await trainer.context.close();
  await w.context.close();
});
