import { expect, test } from "@playwright/test";
import { addMonths } from "@/lib/core/time";
import { actAs, DEMO, expectNoHorizontalScroll, saveScreenshot, sessionAs } from "./helpers";

/**
 * 复审 (issue 15): an admin gives a certificate type a review cycle (every 3 years, 8 学时, a
 * test) and records the demo worker's certificate issued 2 years and 11 months ago; on a phone
 * the area trainer sees its 下次复审 on the worker's profile, records the review (8 学时 entered
 * with their evidence, test passed) and the 下次复审 moves to 3 years after the review day.
 */
test("a trainer records a certificate review on a phone and the member's next review moves", async ({ page: trainerPage, browser }, testInfo) => {
  const code = `REVC${Date.now() % 1_000_000}`;
  const name = `复审测试证c${code.slice(4)}`;
  const admin = await sessionAs(browser, "admin");
  let page = admin.page;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/system/certificates");
  const typeForm = page.locator("form").filter({ has: page.locator('input[name="reviewEveryYears"]#reviewEveryYears') });
  await typeForm.getByLabel("编码").fill(code);
  await typeForm.getByLabel("名称").fill(name);
  await typeForm.getByLabel("有效期（月）").fill("72");
  await typeForm.getByLabel("复审周期（年）").fill("3");
  await typeForm.getByLabel("复审学时").fill("8");
  await typeForm.getByLabel("复审需考试").check();
  await typeForm.getByRole("button", { name: "创建" }).click();
  await expect(typeForm.getByText("证书类型已创建。")).toBeVisible();
  await page.reload();
  await expect(page.locator(`[data-review-cycle="${code}"]:visible`).first()).toHaveText("每 3 年复审 · 8 学时 · 需考试");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "review-types-360");
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, testInfo, "review-types-1280");
  await page.setViewportSize({ width: 360, height: 740 });

  // The worker's certificate, issued 35 months before the server's today: the review is due within the 60-day window.
  const today = await page.evaluate(() => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()));
  const issued = addMonths(today, -35);
  const certForm = page.locator("form").filter({ has: page.locator('input[name="employeeNo"]') });
  await certForm.getByLabel("工号").fill(DEMO.worker.employeeNo);
  await certForm.getByLabel("证书类型").selectOption({ label: name });
  await certForm.getByLabel("证书编号").fill(`${code}-001`);
  await certForm.getByLabel("发证日期").fill(issued);
  await certForm.getByRole("button", { name: "登记" }).click();
  await expect(certForm.getByText("证书已登记。")).toBeVisible();
  // The expiring-certificates list shows the review due within 90 days.
  await page.goto("/manage/certificates");
  await expect(page.locator(`[data-review-due="${code}-001"]:visible`).first()).toHaveText(`下次复审 ${addMonths(issued, 36)}`);
  await expectNoHorizontalScroll(page);

  await admin.context.close();
  page = trainerPage;
  await page.setViewportSize({ width: 360, height: 740 });
  await actAs(page, "trainer");
  await page.goto(`/members?q=${DEMO.worker.employeeNo}`);
  await page.locator(`main a[href^="/members/"]:visible`).filter({ hasText: DEMO.worker.name }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.worker.name);
  const row = page.locator(`[data-certificate="${code}-001"]`);
  const due = addMonths(issued, 36);
  await expect(row.locator("[data-next-review]")).toHaveText(`下次复审 ${due}`);
  await expect(row).toContainText("即将复审");

  await row.locator("summary", { hasText: "记录复审" }).click();
  // Too few hours is refused with the reason, and nothing moves.
  await row.getByLabel("培训学时").fill("4");
  await row.getByLabel("依据").fill("复审培训证明 FS-2026-c");
  await row.getByLabel("考试合格").check();
  await row.getByRole("button", { name: "记录复审" }).click();
  await expect(row.getByRole("alert")).toContainText("学时不足");
  await expect(row.locator("[data-next-review]")).toHaveText(`下次复审 ${due}`);
  // The refused form keeps what was typed.
  await expect(row.getByLabel("依据")).toHaveValue("复审培训证明 FS-2026-c");
  await expect(row.getByLabel("考试合格")).toBeChecked();
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "review-refused-360");

  await row.getByLabel("培训学时").fill("8");
  await row.getByRole("button", { name: "记录复审" }).click();
  const next = addMonths(today, 36);
  await expect(row.getByText(`复审已记录（8 学时），下次复审 ${next}。`)).toBeVisible();
  await page.reload();
  await expect(page.locator(`[data-certificate="${code}-001"] [data-next-review]`)).toHaveText(`下次复审 ${next}`);
  await expect(page.locator(`[data-certificate="${code}-001"]`)).not.toContainText("即将复审");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "review-profile-360");
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, testInfo, "review-profile-1280");
});
