import { expect, test } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, formAlert, saveScreenshot } from "./helpers";

/**
 * 三级教育设置 (issue 15) on a phone: the admin sets each level's default hours and content at
 * /system/induction; a value out of range (past the browser's own check) is refused with the
 * reason and nothing is saved; a good one is saved and shown again. Put back afterwards.
 */
test("the admin sets the induction defaults per level; out-of-range hours are refused", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await actAs(page, "admin");
  await page.goto("/system/induction");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("三级安全教育默认学时与内容");
  const level = (n: number) => page.getByTestId(`induction-default-${n}`);
  await expect(level(1).getByLabel("学时")).toHaveValue("24");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "induction-settings-360");

  // 250 h: the browser's max is taken off to reach the server's check.
  await level(2)
    .getByLabel("学时")
    .evaluate((el) => el.removeAttribute("max"));
  await level(2).getByLabel("学时").fill("250");
  await page.getByRole("button", { name: "保存三级教育设置" }).click();
  await expect(formAlert(page)).toContainText("每一级的学时应大于 0、不超过 200");
  await expect(level(2).getByLabel("学时")).toHaveValue("24");

  await level(1).getByLabel("学时").fill("32");
  await level(1).getByLabel("教育内容").fill("厂级：安全生产法规与本单位规章制度（设置测试）。");
  await page.getByRole("button", { name: "保存三级教育设置" }).click();
  await expect(page).toHaveURL(/\/system\/induction\?saved=1$/);
  await expect(page.getByText("三级教育设置已保存。")).toBeVisible();
  await expect(level(1).getByLabel("学时")).toHaveValue("32");
  await expect(level(1).getByLabel("教育内容")).toHaveValue("厂级：安全生产法规与本单位规章制度（设置测试）。");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "induction-settings-saved-360");
  await page.setViewportSize({ width: 1280, height: 900 });
  await saveScreenshot(page, testInfo, "induction-settings-saved-1280");

  // Put the defaults back for the other specs.
  await level(1).getByLabel("学时").fill("24");
  await level(1).getByLabel("教育内容").fill("");
  await page.getByRole("button", { name: "保存三级教育设置" }).click();
  await expect(page).toHaveURL(/\/system\/induction\?saved=1$/);
});
