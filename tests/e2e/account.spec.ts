import { expect, test } from "@playwright/test";
import {
  UNITS,
  ZH,
  createActivatedUser,
  createMember,
  formAlert,
  newSession,
  sectionHeadings,
  sessionAs,
  setTemporaryPassword,
  sidebarNav,
  signIn,
  signInError,
  signOut,
  submitPasswordChange,
  uniq,
} from "./helpers";

test.use({ viewport: { width: 1280, height: 800 } });

test("a new account must replace its temporary password before anything else", async ({ page, browser }) => {
  const admin = await sessionAs(browser, "admin");
  const employeeNo = uniq("E2E");
  const name = `新人${employeeNo.slice(-5)}`;
  const memberId = await createMember(admin.page, { employeeNo, name, unit: UNITS.team09Stations[1] });
  await expect(admin.page.getByText("未开通", { exact: true })).toBeVisible();
  await setTemporaryPassword(admin.page, memberId, "Temp1234x");
  await expect(admin.page.getByText("已开通", { exact: true })).toBeVisible();
  await admin.context.close();

  await signIn(page, employeeNo, "Temp1234x");
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("修改密码");
  await expect(page.getByText("首次登录请先设置新密码。")).toBeVisible();
  // No way around it: any other page sends the user back here.
  await page.goto("/");
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.goto(`/members/${memberId}`);
  await expect(page).toHaveURL(/\/account\/password$/);

  await submitPasswordChange(page, "Temp1234x", "Newpass2026", "Newpass2027");
  await expect(formAlert(page)).toHaveText("两次输入的新密码不一致。");
  await submitPasswordChange(page, "Temp1234x", "onlyletters");
  await expect(formAlert(page)).toHaveText("密码须同时包含字母和数字。");
  await submitPasswordChange(page, "Wrong1234x", "Newpass2026");
  await expect(formAlert(page)).toHaveText("当前密码不正确。");
  await expect(page).toHaveURL(/\/account\/password$/);

  await submitPasswordChange(page, "Temp1234x", "Newpass2026");
  await expect(page).toHaveURL(/\/\?passwordChanged=1$/);
  await expect(page.getByRole("status")).toHaveText(ZH.passwordChanged);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`您好，${name}`);
  expect(await sectionHeadings(sidebarNav(page))).toEqual(["学习"]);

  // The temporary password is gone; the new one works and no longer forces a change.
  await signOut(page);
  await expect(await signInError(page, employeeNo, "Temp1234x")).toHaveText(ZH.invalidSignIn);
  await signIn(page, employeeNo, "Newpass2026");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`您好，${name}`);
});

test("changing the password ends the user's other sessions", async ({ page, browser }) => {
  const admin = await sessionAs(browser, "admin");
  const user = await createActivatedUser(admin.page, page);
  await admin.context.close();

  // The same person on a second device.
  const other = await newSession(browser);
  await signIn(other.page, user.employeeNo, user.password);
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(`您好，${user.name}`);
  await other.page.goto(`/members/${user.memberId}`);
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(user.name);

  // The first device changes the password (the ordinary, not forced, way) and stays signed in.
  await page.goto("/account/password");
  await expect(page.getByRole("link", { name: "返回" })).toBeVisible();
  await submitPasswordChange(page, user.password, "Changed2026x");
  await expect(page).toHaveURL(/\/\?passwordChanged=1$/);
  await page.goto(`/members/${user.memberId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);

  // The second device is signed out at its next step.
  await other.page.goto(`/members/${user.memberId}`);
  await expect(other.page).toHaveURL(/\/login/);
  await expect(other.page.getByRole("button", { name: "登录", exact: true })).toBeVisible();
  await other.context.close();
});

test("an admin changing a user's roles sends that user's open session to sign-in", async ({ page, browser }) => {
  const admin = await sessionAs(browser, "admin");
  const user = await createActivatedUser(admin.page, page);
  expect(await sectionHeadings(sidebarNav(page))).toEqual(["学习"]);

  // The admin makes the worker a trainer as well.
  await admin.page.goto(`/members/${user.memberId}`);
  await expect(admin.page.getByRole("checkbox", { name: "职工" })).toBeChecked();
  const trainer = admin.page.getByRole("checkbox", { name: "培训员" });
  await expect(trainer).not.toBeChecked();
  await trainer.check();
  await admin.page.getByRole("button", { name: "保存角色" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: ZH.rolesSaved })).toBeVisible();
  await admin.page.reload();
  await expect(admin.page.getByRole("checkbox", { name: "培训员" })).toBeChecked();
  await admin.context.close();

  // The user's open session is over...
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  // ...and a new one carries the new role.
  await signIn(page, user.employeeNo, user.password);
  // (教学, being built, comes with the trainer role too.)
  expect(await sectionHeadings(sidebarNav(page), ["教学"])).toEqual(["学习", "管理"]);
  await sidebarNav(page).getByRole("link", { name: "职工档案" }).click();
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("职工档案");
});

test("a new password that is common, or holds one's employee number or name, is refused with a message", async ({ page, browser }) => {
  const admin = await sessionAs(browser, "admin");
  const user = await createActivatedUser(admin.page, page);
  await admin.context.close();
  await page.goto("/account/password");
  await submitPasswordChange(page, user.password, "Password123");
  await expect(formAlert(page)).toHaveText("这个密码太常见或已在泄露的密码中出现，请换一个。");
  await submitPasswordChange(page, user.password, `Ab${user.employeeNo.toLowerCase()}1`);
  await expect(formAlert(page)).toHaveText("密码不能包含自己的工号或姓名（含拼音）。");
  // The name in pinyin (测试 = ceshi) counts too.
  await submitPasswordChange(page, user.password, "Ceshi2026ok");
  await expect(formAlert(page)).toHaveText("密码不能包含自己的工号或姓名（含拼音）。");
  await expect(page).toHaveURL(/\/account\/password$/);
  // Nothing changed: the old password still signs in.
  await page.goto("/");
  await signOut(page);
  await signIn(page, user.employeeNo, user.password);
  await expect(page).toHaveURL(/\/$/);
});
