import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { DEMO, expectNoHorizontalScroll, newSession, saveScreenshot, sessionAs, uniq } from "./helpers";

/**
 * A certificate JobReady issues: a trainer records a contest prize, the worker downloads the PDF
 * on a phone (name and number in its text, the verification address under the QR code), an
 * anonymous visitor opens that address at 360 px and sees it valid; once a trainer revokes it,
 * the same address says revoked. An unknown number says only "not found".
 */
test("a prize's certificate is downloaded, verified by anyone, and shows revoked once revoked", async ({ browser }, testInfo) => {
  const title = `采油工技能竞赛 ${uniq("")}`;
  const trainer = await sessionAs(browser, "trainer");
  await trainer.page.goto("/contests");
  await trainer.page.getByLabel("竞赛名称").fill(title);
  await trainer.page.getByRole("main").locator("select[name=level]").selectOption("plant");
  await trainer.page.getByLabel("比赛日期").fill("2026-11-10");
  await trainer.page.getByRole("button", { name: "新建", exact: true }).click();
  await expect(trainer.page).toHaveURL(/\/contests\/\d+\?created=1$/);
  await trainer.page.locator("input[name=employeeNo]").fill(DEMO.worker.employeeNo);
  await trainer.page.getByLabel("名次").fill("1");
  await trainer.page.getByLabel("奖项").fill("一等奖");
  await trainer.page.getByRole("button", { name: "保存成绩" }).click();
  await expect(trainer.page.getByRole("table", { name: "成绩排名" })).toContainText("一等奖");

  // The worker, on a phone: 我的档案 → the certificate → 下载 PDF.
  const worker = await sessionAs(browser, "worker");
  await worker.page.setViewportSize({ width: 360, height: 740 });
  await worker.page.goto("/");
  await worker.page.goto((await worker.page.getByRole("link", { name: "我的档案" }).first().getAttribute("href"))!);
  const profileUrl = new URL(worker.page.url()).pathname;
  const row = worker.page.getByTestId("issued-certificate").filter({ hasText: title });
  await expect(row).toContainText("竞赛获奖");
  await expect(row).toContainText("有效");
  const number = (await row.getByTestId("issued-number").innerText()).trim();
  expect(number).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
  await row.scrollIntoViewIfNeeded();
  await expectNoHorizontalScroll(worker.page);
  await saveScreenshot(worker.page, testInfo, "issued-profile-360");
  const [download] = await Promise.all([worker.page.waitForEvent("download"), row.getByRole("link", { name: "下载 PDF" }).click()]);
  const bytes = new Uint8Array(await readFile(await download.path()));
  await testInfo.attach("certificate.pdf", { body: Buffer.from(bytes), contentType: "application/pdf" });
  const pdf = await getDocumentProxy(bytes);
  expect(pdf.numPages).toBe(1);
  const page = await pdf.getPage(1);
  expect(page.view.map(Math.round), "A4 portrait").toEqual([0, 0, 595, 842]);
  const { text } = await extractText(pdf, { mergePages: true });
  expect(text).toContain(DEMO.worker.name);
  expect(text).toContain(number);
  expect(text).toContain(title);
  // The address printed under the QR code (the same text the code holds).
  const url = /https?:\/\/\S+\/verify\/[0-9A-Z-]+/.exec(text)?.[0];
  expect(url).toBe(`${new URL(worker.page.url()).origin}/verify/${number}`);

  // Anyone, signed in or not, on a phone.
  const visitor = await newSession(browser);
  await visitor.page.setViewportSize({ width: 360, height: 740 });
  await visitor.page.goto(url!);
  await expect(visitor.page).toHaveURL(url!);
  const result = visitor.page.getByTestId("verify-result");
  await expect(result.getByTestId("verify-status")).toContainText("有效");
  await expect(result.getByTestId("verify-holder")).toHaveText(DEMO.worker.name);
  await expect(result).toContainText(title);
  await expect(result).toContainText("一等奖");
  await expect(result).not.toContainText(DEMO.worker.employeeNo);
  await expect(visitor.page.getByRole("navigation")).toHaveCount(0);
  await expectNoHorizontalScroll(visitor.page);
  await saveScreenshot(visitor.page, testInfo, "verify-valid-360");
  await visitor.page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(visitor.page, testInfo, "verify-valid-1280");

  // The trainer revokes it from the worker's profile, with a reason and a confirmation.
  await trainer.page.goto(profileUrl);
  const trow = trainer.page.getByTestId("issued-certificate").filter({ hasText: number });
  await trow.getByRole("button", { name: "撤销", exact: true }).click();
  const dialog = trainer.page.getByRole("dialog");
  await expect(dialog).toContainText(`撤销证书 ${number}？`);
  await dialog.getByLabel("撤销原因").fill("成绩复核有误");
  await dialog.getByRole("button", { name: "确认撤销" }).click();
  await expect(trainer.page.getByText("证书已撤销。")).toBeVisible();
  await expect(trainer.page.getByTestId("issued-certificate").filter({ hasText: number })).toContainText("撤销原因：成绩复核有误");
  await saveScreenshot(trainer.page, testInfo, "issued-revoked-1280");

  // 一人一档: the same profile prints the member's whole file, the revoked certificate in it.
  const [file] = await Promise.all([trainer.page.waitForEvent("download"), trainer.page.getByRole("link", { name: "打印一人一档（PDF）" }).click()]);
  const fileBytes = new Uint8Array(await readFile(await file.path()));
  await testInfo.attach("person-file.pdf", { body: Buffer.from(fileBytes), contentType: "application/pdf" });
  // Table cells wrap: compare without white space.
  const flat = (s: string) => s.replace(/\s/g, "");
  const fileText = flat((await extractText(await getDocumentProxy(fileBytes), { mergePages: true })).text);
  for (const s of ["职工培训档案（一人一档）", DEMO.worker.name, DEMO.worker.employeeNo, title, number, "已撤销"]) expect(fileText).toContain(flat(s));

  await visitor.page.setViewportSize({ width: 360, height: 740 });
  await visitor.page.reload();
  await expect(result.getByTestId("verify-status")).toContainText("已撤销");
  await expect(result.getByTestId("verify-status")).toContainText(/已于 \d{4}-\d{2}-\d{2} 撤销/);
  await saveScreenshot(visitor.page, testInfo, "verify-revoked-360");

  // A number that was never issued: the plain answer, nothing else.
  await visitor.page.goto("/verify/0000-0000-0000-0000-0000-0000-0000");
  await expect(visitor.page.getByTestId("verify-result")).toHaveText("未找到此证书。");
  await saveScreenshot(visitor.page, testInfo, "verify-unknown-360");
  await Promise.all([trainer.context.close(), worker.context.close(), visitor.context.close()]);
});
