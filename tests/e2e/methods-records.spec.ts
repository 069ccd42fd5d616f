import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { expectForbidden, expectNoHorizontalScroll, formAlert, saveScreenshot, sessionAs, signIn, uniq } from "./helpers";

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("成绩");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// A 1×1 PNG: the sign-off photo.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

test.describe("以工代训 and 以武带训", () => {
  test("a verifier signs off a worker's task; their own and an unqualified one are refused", async ({ page, browser }, testInfo) => {
    const code = uniq("QJ");
    const title = `气动调节阀维护保养 ${code}`;
    await signIn(page, "900003");
    await page.goto("/teach/tasks");
    await page.getByLabel("编码", { exact: true }).fill(code);
    await page.getByLabel("项目名称", { exact: true }).fill(title);
    await page.getByLabel("检查清单", { exact: true }).fill("检查气源压力\n检查膜片有无泄漏");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page).toHaveURL(/\/teach\/tasks\/\d+\?saved=1$/);
    const taskUrl = new URL(page.url()).pathname;

    // Only a technician or trainer may verify: the worker is refused, the trainer accepted.
    await page.getByLabel("签认人", { exact: true }).fill("900004");
    await page.getByRole("button", { name: "保存签认人" }).click();
    await expect(formAlert(page)).toContainText("林晓雨 不是技师、高级技师或培训员，不能担任签认人。");
    await page.getByLabel("签认人", { exact: true }).fill("900003");
    await page.getByRole("button", { name: "保存签认人" }).click();
    await expect(page.getByText("签认人已保存（1 人）。")).toBeVisible();

    const form = page.locator("form", { has: page.getByRole("button", { name: "签认", exact: true }) });
    const tickAll = async () => {
      for (const box of await form.getByRole("checkbox").all()) await box.check();
    };
    // One's own task.
    await form.getByLabel("职工工号").fill("900003");
    await tickAll();
    await form.getByRole("button", { name: "签认", exact: true }).click();
    await expect(formAlert(page)).toHaveText("不能为自己签认。");
    // A checklist not gone through.
    await form.getByLabel("职工工号").fill("900004");
    await form.getByRole("checkbox").first().check();
    await form.getByRole("button", { name: "签认", exact: true }).click();
    await expect(formAlert(page)).toHaveText("检查清单还有 1 项未勾选。");
    await expect(page.getByText("还没有签认记录。")).toBeVisible();
    // The real one, with a note and a photo.
    await form.getByLabel("职工工号").fill("900004");
    await tickAll();
    await form.getByLabel("备注").fill("操作规范，数据记录完整");
    await form.getByLabel("现场照片（可选）").setInputFiles({ name: "site.png", mimeType: "image/png", buffer: PNG });
    await form.getByRole("button", { name: "签认", exact: true }).click();
    await expect(page.getByText("已为 林晓雨 签认。")).toBeVisible();
    const record = page.getByRole("list", { name: "签认记录" }).getByRole("listitem");
    await expect(record).toHaveCount(1);
    await expect(record).toContainText("林晓雨");
    await expect(record).toContainText("陶文博");
    const photo = await page.request.get((await record.getByRole("link", { name: "照片" }).getAttribute("href"))!);
    expect(photo.headers()["content-type"]).toBe("image/png");
    // Twice is refused.
    await form.getByLabel("职工工号").fill("900004");
    await tickAll();
    await form.getByRole("button", { name: "签认", exact: true }).click();
    await expect(formAlert(page)).toHaveText("林晓雨 的该项目已签认过。");

    // The worker sees it on their profile (phone size) and earned the points; they cannot sign off.
    const worker = await sessionAs(browser, "worker");
    await worker.page.setViewportSize({ width: 360, height: 800 });
    await worker.page.goto("/");
    const profile = await worker.page.locator('a[href^="/members/"]').first().getAttribute("href");
    await worker.page.goto(profile!);
    await expect(worker.page.getByRole("list", { name: "实操签认" })).toContainText(title);
    await expectNoHorizontalScroll(worker.page);
    await saveScreenshot(worker.page, testInfo, "methods-profile-360");
    await worker.page.goto("/points");
    await expect(worker.page.getByRole("main")).toContainText("实操签认");
    await expectNoHorizontalScroll(worker.page);
    await expectForbidden(worker.page, taskUrl);
    await worker.context.close();
  });

  test("a contest import is refused whole with every problem located, then shows on the ranking", async ({ page, browser }, testInfo) => {
    const title = `采油工技能竞赛 ${uniq("")}`;
    // The trainer (900003) records results for others only: nobody enters their own prize.
    await signIn(page, "900003");
    await page.goto("/contests");
    await page.getByLabel("竞赛名称").fill(title);
    await page.getByRole("main").locator("select[name=level]").selectOption("plant");
    await page.getByLabel("比赛日期").fill("2026-11-10");
    await page.getByRole("button", { name: "新建", exact: true }).click();
    await expect(page).toHaveURL(/\/contests\/\d+\?created=1$/);
    const contestUrl = new URL(page.url()).pathname;
    await expect(page.getByText("还没有成绩。")).toBeVisible();

    const file = page.getByRole("main").locator('input[type="file"]');
    const submit = page.getByRole("main").getByRole("button", { name: "预览", exact: true });
    await file.setInputFiles({
      name: "bad.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await xlsx([
        ["工号", "姓名", "名次", "成绩", "奖项"],
        ["900004", "林晓雨", 1, 96, "一等奖"],
        ["900002", "郑立新", "二", 90, ""],
        ["999998", "", 3, "很好", ""],
      ]),
    });
    await submit.click();
    const preview = page.getByRole("region", { name: "导入预览（尚未写入任何数据）" });
    await expect(preview.getByTestId("preview-summary")).toHaveText("新增 1 行，更新 0 行，拒绝 2 行，跳过模板示例 0 行。");
    await expect(preview.locator('tr[data-action="refused"]').filter({ hasText: "900002" })).toContainText("“名次”列：名次“二”应为从 1 开始的整数。");
    await expect(preview.locator('tr[data-action="refused"]').filter({ hasText: "999998" })).toContainText("“成绩”列");
    await expect(preview.getByRole("button", { name: "确认导入" })).toHaveCount(0);
    await page.reload();
    await expect(page.getByText("还没有成绩。")).toBeVisible();

    await file.setInputFiles({
      name: "good.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await xlsx([
        ["工号", "姓名", "名次", "成绩", "奖项"],
        ["900002", "郑立新", 2, 90.5, "二等奖"],
        ["900004", "林晓雨", 1, 96, "一等奖"],
      ]),
    });
    await submit.click();
    await expect(preview.getByTestId("preview-summary")).toHaveText("新增 2 行，更新 0 行，拒绝 0 行，跳过模板示例 0 行。");
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect(page.getByText("已导入 2 条成绩。")).toBeVisible();
    await page.reload();
    const rows = page.getByRole("table", { name: "成绩排名" }).locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText("林晓雨");
    await expect(rows.nth(0)).toContainText("一等奖");
    await expect(rows.nth(1)).toContainText("郑立新");
    await saveScreenshot(page, testInfo, "methods-contest-1280");

    // A worker reads the same ranking on a phone.
    const worker = await sessionAs(browser, "worker");
    await worker.page.setViewportSize({ width: 360, height: 800 });
    await worker.page.goto(contestUrl);
    const cards = worker.page.getByRole("list", { name: "成绩排名" }).getByRole("listitem");
    await expect(cards.first()).toContainText("林晓雨");
    await expectNoHorizontalScroll(worker.page);
    await saveScreenshot(worker.page, testInfo, "methods-contest-360");
    await worker.context.close();
  });

  test("a manager's team comparison and station pairing pages draw their charts", async ({ page }, testInfo) => {
    await signIn(page, "900002");
    // The old address still lands on the comparison.
    await page.goto("/manage/comparison");
    await expect(page).toHaveURL(/\/comparison$/);
    await expect(page.getByRole("img", { name: "考试平均得分率" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "methods-comparison-1280");
    await page.goto("/manage/pairings");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("结对帮扶 · 样板复制");
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto("/comparison");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "methods-comparison-360");
  });

  test("比学赶帮超 on a phone: a worker and a team's manager see every team's figures and no one's name (issue 18)", async ({ browser }, testInfo) => {
    const TEAMS = ["采油八队", "采油九队", "采油十队", "采油十一队", "综合队"];
    for (const [role, shot] of [
      ["worker", "comparison-worker-360"],
      ["manager", "comparison-manager-360"],
    ] as const) {
      const s = await sessionAs(browser, role);
      await s.page.setViewportSize({ width: 360, height: 800 });
      await s.page.goto("/comparison");
      await expect(s.page.getByRole("heading", { level: 1 })).toHaveText("比学赶帮超 · 队际对比");
      await expect(s.page).toHaveTitle(/^比学赶帮超 · 队际对比 · /);
      const points = s.page
        .getByRole("main")
        .locator("details")
        .filter({ has: s.page.locator("caption", { hasText: "人均学分" }) });
      await points.locator("summary").click();
      const rows = points.locator("tbody th");
      await expect(rows).toHaveCount(TEAMS.length);
      expect((await rows.allInnerTexts()).sort()).toEqual([...TEAMS].sort());
      await expect(rows.first()).toHaveText("采油九队");
      // Team totals only: no member's name (the demo's captain, trainer and worker) in the page.
      const text = await s.page.getByRole("main").innerText();
      for (const name of ["郑立新", "陶文博", "林晓雨"]) expect(text).not.toContain(name);
      await expectNoHorizontalScroll(s.page);
      await saveScreenshot(s.page, testInfo, shot);
      await s.context.close();
    }
  });
});
