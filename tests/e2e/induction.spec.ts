import { expect, test } from "@playwright/test";
import { addDays } from "@/lib/core/time";
import { actAs, expectNoHorizontalScroll, saveScreenshot, selectByText, sessionAs, UNITS } from "./helpers";

/**
 * 三级安全教育 (issue 15) on a phone: the admin creates a member hired today at a station of
 * 采油九队; their profile shows three open levels and that they are not eligible for any job, with
 * the reason, and the manager of 采油九队 sees the reason on the roster and the team and station
 * levels on /manage/induction. The area trainer signs off the company level (a day before it was
 * opened is refused and the form keeps what was typed); the manager then signs off the team and
 * station levels, and the reason is gone. The manager then undoes a sign-off of theirs: the team
 * level is refused (the station level was signed after it), the station level is undone after a
 * confirmation that says what it affects, and the level is open again with the reason back.
 */
test("a new hire's three-level induction is opened, blocks every job, and is signed off level by level", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const no = `IND${Date.now() % 1_000_000}`;
  const name = `三级教育新员工${no.slice(3)}`;
  const station = UNITS.team09Stations[2];

  // The admin creates the member with a hire date (today in the site's zone).
  const admin = await sessionAs(browser, "admin");
  const a = admin.page;
  await a.setViewportSize({ width: 360, height: 740 });
  const today = await a.evaluate(() => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()));
  await a.goto("/members/new");
  await a.getByLabel("工号", { exact: true }).fill(no);
  await a.getByLabel("姓名", { exact: true }).fill(name);
  await selectByText(a.getByLabel("单位", { exact: true }), station);
  const stationId = await a.getByLabel("单位", { exact: true }).inputValue();
  await a.getByLabel("入职日期", { exact: true }).fill(today);
  await a.getByRole("button", { name: "保存", exact: true }).click();
  await expect(a).toHaveURL(/\/members\/\d+\?saved=1$/);
  const memberPath = new URL(a.url()).pathname;
  await expect(a.locator("[data-induction-level][data-state=open]")).toHaveCount(3);
  await expect(a.locator("[data-induction-blocked]")).toHaveText("三级安全教育未完成（厂级、车间级、班组级）");
  await expectNoHorizontalScroll(a);
  await saveScreenshot(a, testInfo, "induction-profile-open-360");
  await admin.context.close();

  // The manager of 采油九队 sees the reason on the roster and the levels of their team on the list.
  await page.setViewportSize({ width: 360, height: 740 });
  await actAs(page, "manager");
  await page.goto(`/manage/roster?unit=${stationId}`);
  await expect(page.locator(`tr[data-employee-no="${no}"] [data-induction-reason]`)).toHaveText("三级安全教育未完成（厂级、车间级、班组级）");
  await page.goto("/manage/induction");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("三级安全教育待签认");
  // The company level is the area's: not in a team manager's scope.
  await expect(page.locator(`[data-open-induction="${no}"]:visible`)).toHaveCount(2);
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "induction-list-360");
  await page.locator(`[data-open-induction="${no}"]:visible`).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  // Nothing to sign yet: the company level is not theirs, and it comes first.
  await expect(page.locator("[data-induction-form]")).toHaveCount(0);

  // The area trainer signs off the company level.
  const trainer = await sessionAs(browser, "trainer");
  const tp = trainer.page;
  await tp.setViewportSize({ width: 360, height: 740 });
  await tp.goto(memberPath);
  const level1 = tp.locator('[data-induction-level="1"]');
  await level1.getByLabel("教育内容").fill("安全生产法规与本单位安全制度（入厂教育）");
  await level1.getByLabel("签认日期").fill(addDays(today, -1));
  await level1.getByRole("button", { name: "签认本级" }).click();
  await expect(level1.getByRole("alert")).toHaveText(`签认日期不能早于本级开始日期 ${today}。`);
  await expect(level1.getByLabel("教育内容")).toHaveValue("安全生产法规与本单位安全制度（入厂教育）");
  await expect(level1).toHaveAttribute("data-state", "open");
  await expectNoHorizontalScroll(tp);
  await saveScreenshot(tp, testInfo, "induction-refused-360");
  await level1.getByLabel("签认日期").fill(today);
  await level1.getByRole("button", { name: "签认本级" }).click();
  // Signed: the card shows the level done (its form is gone).
  await expect(level1).toHaveAttribute("data-state", "done");
  await tp.reload();
  await expect(tp.locator('[data-induction-level="1"]')).toHaveAttribute("data-state", "done");
  await expect(tp.locator('[data-induction-level="1"]')).toContainText(`${today} 由 陶文博 签认`);
  await expect(tp.locator('[data-induction-level="1"]')).toContainText("安全生产法规与本单位安全制度（入厂教育）");
  await trainer.context.close();

  // The manager signs off the team level, then the station level.
  for (const level of ["2", "3"]) {
    await page.reload();
    const li = page.locator(`[data-induction-level="${level}"]`);
    await li.getByRole("button", { name: "签认本级" }).click();
    await expect(li).toHaveAttribute("data-state", "done");
  }
  await page.reload();
  await expect(page.locator("[data-induction-level][data-state=done]")).toHaveCount(3);
  await expect(page.locator("[data-induction-blocked]")).toHaveCount(0);
  await expect(page.locator('[data-induction-level="3"]')).toContainText(`${today} 由 郑立新 签认`);
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "induction-done-360");
  await page.goto(`/manage/roster?unit=${stationId}`);
  await expect(page.locator(`tr[data-employee-no="${no}"]`)).toBeVisible();
  await expect(page.locator(`tr[data-employee-no="${no}"] [data-induction-reason]`)).toHaveCount(0);
  await page.goto("/manage/induction");
  await expect(page.locator(`[data-open-induction="${no}"]`)).toHaveCount(0);

  // A mistaken sign-off is undone by whoever signed it: the manager may undo their two levels, not
  // the trainer's; the team level is refused while the station level signed after it stands.
  await page.goto(memberPath);
  await expect(page.getByRole("button", { name: "撤销签认", exact: true })).toHaveCount(2);
  await expect(page.locator('[data-induction-level="1"]').getByRole("button", { name: "撤销签认", exact: true })).toHaveCount(0);
  const team = page.locator('[data-induction-level="2"]');
  await team.getByRole("button", { name: "撤销签认", exact: true }).click();
  const teamDialog = team.getByRole("dialog");
  await expect(teamDialog.getByTestId("confirm-impact")).toContainText("24 学时从学时台账中撤回");
  await teamDialog.getByLabel("撤销原因").fill("签错了级别");
  await teamDialog.getByRole("button", { name: "确认撤销" }).click();
  await expect(page.locator("#induction").getByRole("alert")).toHaveText(`第 3 级已于 ${today} 签认，不能撤销本级；请先撤销第 3 级的签认。`);
  await expect(team).toHaveAttribute("data-state", "done");
  // The station level: the confirmation says what it affects; undone, it is open again and blocks every job.
  const crew = page.locator('[data-induction-level="3"]');
  await crew.getByRole("button", { name: "撤销签认", exact: true }).click();
  const dialog = crew.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText("撤销班组级（站）签认");
  await expect(dialog.getByTestId("confirm-impact")).toContainText("24 学时从学时台账中撤回");
  await expect(dialog.getByTestId("confirm-impact")).toContainText(`${name} 在本级重新签认前不具备任何岗位资格`);
  await dialog.getByLabel("撤销原因").fill("签认人填错");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "induction-undo-confirm-360");
  const phone = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(dialog.getByLabel("撤销原因")).toHaveValue("签认人填错");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "induction-undo-confirm-1280");
  if (phone) await page.setViewportSize(phone);
  await dialog.getByRole("button", { name: "确认撤销" }).click();
  await expect(page.locator("#induction").getByRole("status")).toHaveText("已撤销签认，本级重新开放。");
  await expect(crew).toHaveAttribute("data-state", "open");
  await expect(crew.getByRole("button", { name: "签认本级" })).toBeVisible();
  await expect(page.locator("[data-induction-blocked]")).toHaveText("三级安全教育未完成（班组级）");
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "induction-undone-360");
});
