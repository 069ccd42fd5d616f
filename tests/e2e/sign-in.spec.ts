import { expect, test } from "@playwright/test";
import {
  DEMO,
  DEMO_PASSWORD,
  UNITS,
  ZH,
  createMember,
  newSession,
  sessionAs,
  setTemporaryPassword,
  signIn,
  signInAs,
  signInError,
  signOut,
  uniq,
} from "./helpers";
import { firstN } from "../helpers/rows";

// Every failed sign-in here also counts against the client address (30 in 15 minutes locks
// it for everyone): this file spends 8, the whole suite stays far below 30.

test("a wrong password and an unknown employee number get the same answer", async ({ page }) => {
  // One failure for a demo account is harmless (5 lock it) and the later good sign-in clears it.
  const wrong = await signInError(page, DEMO.worker.employeeNo, "Wrong-password-1");
  await expect(wrong).toHaveText(ZH.invalidSignIn);
  // The employee number typed stays in the field, the password does not.
  await expect(page.getByLabel("工号", { exact: true })).toHaveValue(DEMO.worker.employeeNo);
  await expect(page.getByLabel("密码", { exact: true })).toHaveValue("");

  const unknown = await signInError(page, uniq("NOBODY"), "Wrong-password-1");
  await expect(unknown).toHaveText(ZH.invalidSignIn);

  // The right password still works (and nothing was locked).
  await signInAs(page, "worker");
  await signOut(page);
  await expect(page.getByRole("heading", { name: "登录", exact: true })).toBeVisible();
});

test("a member without an account cannot sign in: same message as a wrong password", async ({ page, browser }) => {
  const admin = await sessionAs(browser, "admin");
  const employeeNo = uniq("E2E");
  await createMember(admin.page, { employeeNo, name: `无账号${employeeNo.slice(-5)}`, unit: UNITS.team09Stations[2] });
  await expect(admin.page.getByText("未开通", { exact: true })).toBeVisible();
  await admin.context.close();

  await expect(await signInError(page, employeeNo, DEMO_PASSWORD)).toHaveText(ZH.invalidSignIn);
});

test("five wrong passwords lock the account, even for the right password, with the time it opens again", async ({ page, browser }) => {
  // A throwaway account, so no demo account is ever locked.
  const admin = await sessionAs(browser, "admin");
  const employeeNo = uniq("LOCK");
  const memberId = await createMember(admin.page, { employeeNo, name: `锁定${employeeNo.slice(-5)}`, unit: UNITS.team09Stations[0] });
  await setTemporaryPassword(admin.page, memberId, "Temp1234x");

  for (let i = 1; i <= 4; i++) {
    await expect(await signInError(page, employeeNo, `Wrong${i}pass`), `attempt ${i}`).toHaveText(ZH.invalidSignIn);
  }
  const lockedAt = Date.now();
  // The fifth failure locks the account; from then on even the right password is refused.
  await signInError(page, employeeNo, "Wrong5pass");
  const alert = await signInError(page, employeeNo, "Temp1234x");
  const text = (await alert.textContent()) ?? "";
  const m = /^登录失败次数过多，请于 (\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}) 后再试。$/.exec(text);
  expect(m, `lock message with a date and time, got "${text}"`).not.toBeNull();
  // The time is shown in China time (UTC+8) and is about 15 minutes from now.
  const [, y, mo, d, h, mi] = firstN(m!.map(Number), 6, "part of the lock message");
  const until = Date.UTC(y, mo - 1, d, h - 8, mi);
  const minutes = (until - lockedAt) / 60_000;
  expect(minutes).toBeGreaterThan(13);
  expect(minutes).toBeLessThanOrEqual(16);
  await expect(page).toHaveURL(/\/login/);

  // An admin's password reset lifts the lock.
  await setTemporaryPassword(admin.page, memberId, "Temp5678y");
  await admin.context.close();
  await signIn(page, employeeNo, "Temp5678y");
  await expect(page).toHaveURL(/\/account\/password$/);
});

test("signing in returns to the page first asked for", async ({ page }) => {
  await page.goto("/members?q=900004");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("工号", { exact: true }).fill(DEMO.trainer.employeeNo);
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/members\?q=900004$/);
  await expect(page.getByRole("table").getByRole("link", { name: DEMO.worker.name, exact: true })).toBeVisible();
});

test("signing out ends the session on the server: a copy of its cookie neither works nor renews", async ({ page, browser }) => {
  // A session of its own (not the shared one of actAs), since it is ended here.
  await signInAs(page, "worker");
  const cookies = (await page.context().cookies()).filter((c) => c.name.includes("authjs.session-token"));
  expect(cookies.length).toBeGreaterThan(0);
  const copy = await newSession(browser);
  await copy.context.addCookies(cookies);
  await copy.page.goto("/");
  await expect(copy.page.getByRole("heading", { level: 1 })).toHaveText(`您好，${DEMO.worker.name}`);

  await signOut(page);
  await copy.page.goto("/");
  await expect(copy.page).toHaveURL(/\/login/);
  // Auth.js's session endpoint re-issued any readable token before: not one the server ended.
  const session = await copy.page.request.get("/api/auth/session");
  expect(await session.json()).toBeNull();
  expect(session.headers()["set-cookie"] ?? "").not.toMatch(/authjs\.session-token=[^;]{20,}/);
  await copy.context.close();
});
