import { expect, test, type Page } from "@playwright/test";
import { UNITS, createMember, actAs, optionTexts, uniq } from "./helpers";

test.use({ viewport: { width: 1280, height: 800 } });

/** The row of the org tree for the unit with this code (codes are unique). */
const unitRow = (page: Page, code: string) => page.getByRole("listitem").filter({ has: page.getByText(code, { exact: true }) });

/** Opens a unit's 编辑 panel. */
async function openActions(page: Page, code: string) {
  const row = unitRow(page, code);
  await row.locator("summary", { hasText: "编辑" }).click();
  return row;
}

async function addStation(page: Page, teamCode: string, name: string, code: string) {
  await page.goto("/system/org");
  const team = await openActions(page, teamCode);
  await team.getByRole("textbox", { name: "名称" }).fill(name);
  await team.getByRole("textbox", { name: "编码" }).fill(code);
  await team.getByRole("button", { name: "新建", exact: true }).click();
  await expect(page).toHaveURL(/\/system\/org\?ok=created$/);
  await expect(page.getByRole("status")).toHaveText("已创建。");
  const row = unitRow(page, code);
  await expect(row).toHaveCount(1);
  return row;
}

test.beforeEach(async ({ page }) => {
  await actAs(page, "admin");
});

test("admin adds a station under a team, renames it and deactivates it", async ({ page }) => {
  const code = uniq("ST");
  const name = `测试站${code.slice(-4)}`;
  const renamed = `${name}（新）`;

  const row = await addStation(page, "T08", name, code);
  await expect(row).toContainText(name);
  await expect(row).toContainText("站/班组");
  await expect(row).toContainText("人数: 0");
  // It sits in the tree below its team: after 采油八队, before the next team.
  const order = await page.getByRole("listitem").locator("span.font-mono").allTextContents();
  const at = order.indexOf(code);
  expect(at).toBeGreaterThan(order.indexOf("T08"));
  expect(at).toBeLessThan(order.indexOf("T09"));

  // Rename.
  const opened = await openActions(page, code);
  await opened.getByLabel("重命名").fill(renamed);
  await opened.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page).toHaveURL(/\/system\/org\?ok=updated$/);
  await expect(page.getByRole("status")).toHaveText("已更新。");
  await expect(unitRow(page, code)).toContainText(renamed);
  // The member form offers it under its new name.
  await page.goto("/members/new");
  expect(await optionTexts(page.getByLabel("单位", { exact: true }))).toContain(renamed);

  // Deactivate (it is empty).
  await page.goto("/system/org");
  const again = await openActions(page, code);
  await again.getByRole("button", { name: "停用", exact: true }).click();
  await expect(page).toHaveURL(/\/system\/org\?ok=updated$/);
  await expect(page.getByRole("status")).toHaveText("已更新。");
  const inactive = unitRow(page, code);
  await expect(inactive).toContainText("已停用");
  await inactive.locator("summary", { hasText: "编辑" }).click();
  await expect(inactive.getByRole("button", { name: "启用", exact: true })).toBeVisible();
  // An inactive unit takes no new members.
  await page.goto("/members/new");
  expect(await optionTexts(page.getByLabel("单位", { exact: true }))).not.toContain(renamed);
});

test("a unit with active members cannot be deactivated", async ({ page }) => {
  const code = uniq("ST");
  const name = `有人站${code.slice(-4)}`;
  await addStation(page, "T11", name, code);
  const employeeNo = uniq("E2E");
  await createMember(page, { employeeNo, name: `站员${employeeNo.slice(-5)}`, unit: name });

  await page.goto("/system/org");
  await expect(unitRow(page, code)).toContainText("人数: 1");
  const row = await openActions(page, code);
  await row.getByRole("button", { name: "停用", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("该单位（含下级）还有在岗职工，不能停用。");
  await expect(unitRow(page, code)).not.toContainText("已停用");

  // The same for a team whose members sit in its stations.
  const team = await openActions(page, "T10");
  await team.getByRole("button", { name: "停用", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("该单位（含下级）还有在岗职工，不能停用。");
  await expect(unitRow(page, "T10")).not.toContainText("已停用");
  await page.goto("/members/new");
  expect(await optionTexts(page.getByLabel("单位", { exact: true }))).toEqual(expect.arrayContaining([name, UNITS.team10, ...UNITS.team10Stations]));
});

test("a unit code can be used only once", async ({ page }) => {
  const code = uniq("ST");
  await addStation(page, "T08", `一号${code.slice(-4)}`, code);
  const team = await openActions(page, "T09");
  await team.getByRole("textbox", { name: "名称" }).fill(`二号${code.slice(-4)}`);
  await team.getByRole("textbox", { name: "编码" }).fill(code);
  await team.getByRole("button", { name: "新建", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("编码已被使用。");
  await expect(unitRow(page, code)).toHaveCount(1);
  await expect(page.getByText(`二号${code.slice(-4)}`)).toHaveCount(0);
});
