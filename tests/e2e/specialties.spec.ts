import { expect, test, type Page } from "@playwright/test";
import { actAs, expectNoHorizontalScroll, optionTexts, saveScreenshot } from "./helpers";

/** The specialty choices of the new-quiz form. */
async function quizFormSpecialties(page: Page): Promise<string[]> {
  await page.goto("/teach/quizzes/new");
  return optionTexts(page.getByLabel("专业", { exact: true }));
}

async function addSpecialty(page: Page, code: string, nameZh: string, nameEn: string) {
  const form = page.locator("form").filter({ has: page.getByLabel("代码") });
  await form.getByLabel("代码").fill(code);
  await form.getByLabel("中文名称").fill(nameZh);
  await form.getByLabel("英文名称").fill(nameEn);
  await form.getByRole("button", { name: "添加专业" }).click();
  await expect(form.getByText("专业已添加。")).toBeVisible();
}

test.describe("专业: one list kept by the admin", () => {
  test("the admin merges two specialties, and the quiz form then offers only the one they became (1280 px)", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const stamp = Date.now().toString(36);
    const a = { code: `e2e_a_${stamp}`, zh: `注水甲${stamp}`, en: `Water A ${stamp}` };
    const b = { code: `e2e_b_${stamp}`, zh: `注水乙${stamp}`, en: `Water B ${stamp}` };
    await actAs(page, "admin");
    await page.goto("/system/specialties");
    await expect(page.getByRole("heading", { name: "专业列表", level: 1 })).toBeVisible();
    // The seeded list with its labels.
    for (const name of ["采油", "集输", "锅炉", "电工", "仪表", "安全", "维修"])
      await expect(page.getByRole("row").filter({ hasText: name }).first()).toBeVisible();
    await addSpecialty(page, a.code, a.zh, a.en);
    await page.reload();
    await addSpecialty(page, b.code, b.zh, b.en);

    // A bad code is refused with a message, and the form keeps what was typed.
    const form = page.locator("form").filter({ has: page.getByLabel("代码") });
    await form.getByLabel("代码").fill("Bad Code");
    await form.getByLabel("中文名称").fill("坏代码");
    await form.getByLabel("英文名称").fill("Bad");
    await form.getByRole("button", { name: "添加专业" }).click();
    await expect(form.getByText("代码须以小写字母开头")).toBeVisible();
    await expect(form.getByLabel("中文名称")).toHaveValue("坏代码");

    const before = await quizFormSpecialties(page);
    expect(before).toEqual(expect.arrayContaining([a.zh, b.zh, "采油"]));

    await page.goto("/system/specialties");
    const rowA = page.getByRole("row").filter({ hasText: a.code });
    await rowA.getByRole("button", { name: "合并" }).click();
    const dialog = page.getByRole("dialog", { name: `合并“${a.zh}”` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`“${a.zh}”的 0 条记录将改为所选专业`);
    await dialog.getByLabel("并入").selectOption(b.code);
    await saveScreenshot(page, testInfo, "specialties-merge-confirm-1280");
    await dialog.getByRole("button", { name: "合并" }).click();
    await expect(page.getByText("已合并，0 条记录已改为新专业。")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: a.code })).toHaveCount(0);
    await expect(page.getByRole("row").filter({ hasText: b.code })).toBeVisible();
    await saveScreenshot(page, testInfo, "specialties-1280");

    const after = await quizFormSpecialties(page);
    expect(after).toContain(b.zh);
    expect(after).not.toContain(a.zh);
    expect(after).toEqual(expect.arrayContaining(["采油", "集输"]));
  });

  test("the list at phone width: rename in a dialog, deactivate with what it affects (360 px)", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 780 });
    const stamp = Date.now().toString(36);
    await actAs(page, "admin");
    await page.goto("/system/specialties");
    await addSpecialty(page, `e2e_c_${stamp}`, `试采${stamp}`, `Test ${stamp}`);
    await page.reload();
    // The innermost list item: the phone card of that row.
    const card = page
      .getByRole("listitem")
      .filter({ hasText: `e2e_c_${stamp}` })
      .last();
    await card.getByRole("button", { name: "修改" }).click();
    const rename = page.getByRole("dialog");
    await rename.getByLabel("中文名称").fill(`试采改${stamp}`);
    await saveScreenshot(page, testInfo, "specialties-rename-360");
    await rename.getByRole("button", { name: "保存名称" }).click();
    await expect(page.getByText("名称已保存。")).toBeVisible();
    const renamed = page
      .getByRole("listitem")
      .filter({ hasText: `试采改${stamp}` })
      .last();
    await renamed.getByRole("button", { name: "停用" }).click();
    await expect(page.getByRole("dialog")).toContainText("0 条记录仍使用此专业");
    await page.getByRole("dialog").getByRole("button", { name: "停用" }).click();
    await expect(page.getByText("专业已停用。")).toBeVisible();
    await expect(
      page
        .getByRole("listitem")
        .filter({ hasText: `试采改${stamp}` })
        .last(),
    ).toContainText("已停用");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "specialties-360");
    expect(await quizFormSpecialties(page)).not.toContain(`试采改${stamp}`);
  });
});
