import { expect, test } from "@playwright/test";
import { DEMO, UNITS, actAs, createMember, expectNoHorizontalScroll, formAlert, saveScreenshot, selectByText, uniq } from "./helpers";

test.use({ viewport: { width: 1280, height: 800 } });

/** A fact on the profile page: the value next to its label. */
const fact = (page: import("@playwright/test").Page, label: string) =>
  page
    .getByRole("main")
    .locator("dt", { hasText: new RegExp(`^${label}$`) })
    .locator("xpath=following-sibling::dd[1]");

test.beforeEach(async ({ page }) => {
  await actAs(page, "admin");
});

test("admin edits a member's phone, grade and unit and sees them on the profile", async ({ page }) => {
  const employeeNo = uniq("E2E");
  const name = `编辑${employeeNo.slice(-5)}`;
  const id = await createMember(page, { employeeNo, name, unit: UNITS.team09Stations[0] });
  await expect(page.getByRole("status")).toHaveText("职工档案已更新。");
  await expect(fact(page, "电话")).toHaveText("—");
  await expect(fact(page, "技术等级")).toHaveText("无");
  await expect(fact(page, "单位")).toHaveText(UNITS.team09Stations[0]);

  await page.getByRole("link", { name: "编辑", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/members/${id}/edit$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`编辑职工 · ${name}`);
  await expect(page.getByLabel("工号", { exact: true })).toHaveValue(employeeNo);
  const phone = `139${String(Date.now()).slice(-8)}`;
  await page.getByLabel("电话", { exact: true }).fill(phone);
  await page.getByLabel("技术等级", { exact: true }).selectOption({ label: "技师" });
  await selectByText(page.getByLabel("单位", { exact: true }), UNITS.team10Stations[0]);
  await page.getByRole("button", { name: "保存", exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/members/${id}\\?saved=1$`));
  await expect(page.getByRole("status")).toHaveText("职工档案已更新。");
  await expect(fact(page, "电话")).toHaveText(phone);
  await expect(fact(page, "技术等级")).toHaveText("技师");
  await expect(fact(page, "单位")).toHaveText(UNITS.team10Stations[0]);
  // Saved for real: a fresh load of the profile and of the list agree.
  await page.goto(`/members/${id}`);
  await expect(fact(page, "电话")).toHaveText(phone);
  await page.goto(`/members?q=${employeeNo}`);
  const row = page.getByRole("table").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.locator("td")).toHaveText([employeeNo, name, UNITS.team10Stations[0], "采油", "—", "技师", "在岗"]);
});

test("creating a member with an employee number that exists is refused and creates nothing", async ({ page }) => {
  const employeeNo = uniq("E2E");
  await createMember(page, { employeeNo, name: `原有${employeeNo.slice(-5)}`, unit: UNITS.team09Stations[1] });

  const newcomer = `重号${employeeNo.slice(-5)}`;
  await page.goto("/members/new");
  // Lower case on purpose: employee numbers are compared in upper case.
  await page.getByLabel("工号", { exact: true }).fill(employeeNo.toLowerCase());
  await page.getByLabel("姓名", { exact: true }).fill(newcomer);
  await selectByText(page.getByLabel("单位", { exact: true }), UNITS.team09Stations[2]);
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(formAlert(page)).toHaveText(`工号 ${employeeNo} 已存在。`);
  await expect(page).toHaveURL(/\/members\/new$/);

  // Nothing was created: one member with that number, and none with the new name.
  await page.goto(`/members?q=${employeeNo}`);
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  await page.goto(`/members?q=${encodeURIComponent(newcomer)}`);
  await expect(page.getByText("没有符合条件的职工。")).toBeVisible();
});

test("a new member needs a name and a valid employee number", async ({ page }) => {
  await page.goto("/members/new");
  await page.getByLabel("工号", { exact: true }).fill("bad no!");
  await page.getByLabel("姓名", { exact: true }).fill("   ");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(formAlert(page).first()).toHaveText("输入有误，请检查后重试。");
  await expect(page.getByText("工号“bad no!”只能包含字母、数字和短横线。")).toBeVisible();
  await expect(page.getByText("此项必填。")).toBeVisible();
  await expect(page).toHaveURL(/\/members\/new$/);
});

test("a refused form keeps what was typed, so it can be corrected", async ({ page }) => {
  const employeeNo = DEMO.worker.employeeNo; // exists already; nothing is created here
  await page.goto("/members/new");
  await page.getByLabel("工号", { exact: true }).fill(employeeNo);
  await page.getByLabel("姓名", { exact: true }).fill("保留的名字");
  await page.getByLabel("电话", { exact: true }).fill("13900000000");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(formAlert(page)).toHaveText(`工号 ${employeeNo} 已存在。`);
  await expect(page.getByLabel("姓名", { exact: true })).toHaveValue("保留的名字", { timeout: 2_000 });
  await expect(page.getByLabel("电话", { exact: true })).toHaveValue("13900000000", { timeout: 2_000 });
});

test("ids no database column can hold, or no number at all, are 404; bad filters and NUL bytes are no 500", async ({ page }) => {
  for (const url of ["/members/2147483648", "/members/abc", "/members/1.5", "/members/99999999999/edit"]) {
    expect((await page.request.get(url)).status(), url).toBe(404);
  }
  for (const url of [
    "/members?q=%00",
    "/members?unit=99999999999&job=2147483648",
    "/manage/certificates?type=99999999999&unit=2147483648",
    "/manage/roster?unit=99999999999",
    "/system/audit?actor=%00&from=2026-02-30&page=-1",
  ]) {
    expect((await page.request.get(url)).status(), url).toBe(200);
  }
});

test.describe("member search on a phone (issue 18)", () => {
  test.use({ viewport: { width: 360, height: 800 } });

  test("finds 林晓雨 by given name, number end, pinyin, initials and station; says what to try when nothing matches", async ({ page }, testInfo) => {
    await page.goto("/members");
    const box = page.getByLabel("搜索", { exact: true });
    const results = page.getByRole("list", { name: "职工" });
    for (const q of ["晓雨", "0004", "linxiaoyu", "lxy"]) {
      await box.fill(q);
      await page.getByRole("button", { name: "筛选", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(q)}`));
      await expect(results.getByRole("link", { name: "林晓雨" }), q).toBeVisible();
    }
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "members-search-lxy-360");
    // A station's name lists its members, 林晓雨 among them.
    await page.goto(`/members?q=${encodeURIComponent("韦2中转站")}&pageSize=200`);
    await expect(results.getByRole("link", { name: "林晓雨" })).toBeVisible();
    await expect(results.getByRole("listitem").first()).toContainText("韦2中转站");
    // Nothing found: a hint, not just an empty box.
    await box.fill("zzzz");
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    await expect(page.getByText("没有找到“zzzz”。可以输入姓名中的任意字")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "members-search-empty-360");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/members?q=lxy");
    await expect(page.getByRole("table").getByRole("link", { name: "林晓雨" })).toBeVisible();
    await saveScreenshot(page, testInfo, "members-search-lxy-1280");
  });

  test("a member picker suggests by pinyin and fills in the number", async ({ page }, testInfo) => {
    await page.goto("/mentors");
    const field = page.getByLabel("师傅（工号）", { exact: true });
    await field.fill("lxy");
    const suggestions = page.getByRole("list", { name: "符合的职工" }).first();
    await suggestions.getByRole("button", { name: /林晓雨 · 韦2中转站 · 900004/ }).click();
    await expect(field).toHaveValue("900004");
    await expect(suggestions.getByRole("button")).toHaveCount(0);
    await field.fill("晓雨");
    await expect(suggestions.getByRole("button", { name: /林晓雨/ })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "member-picker-360");
  });
});
