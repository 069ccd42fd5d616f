import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import JSZip from "jszip";
import { DEMO, UNITS, expectNoHorizontalScroll, membersInUnit, saveScreenshot, sessionAs } from "./helpers";

/**
 * 一人一档 of a whole unit: the manager of 采油九队 asks for the unit's files from the members
 * page, watches the progress (n of N members) and downloads one zip with one PDF per member,
 * named 工号_姓名; at 1280 px and on a phone.
 */
test("a manager exports the unit's files as one zip, sees the progress and downloads it", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  // Members of another team (read as the admin): none of theirs may be in the zip.
  const adminSession = await sessionAs(browser, "admin");
  const team10 = await membersInUnit(adminSession.page, UNITS.team10);
  expect(team10.length).toBeGreaterThan(0);
  const { page } = await sessionAs(browser, "manager");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/members");
  await page.getByRole("link", { name: "导出本单位一人一档（ZIP）" }).click();
  await expect(page).toHaveURL(/\/members\/exports/);
  const unit = page.getByLabel("单位", { exact: true });
  await expect(unit.locator("option:checked")).toHaveText(UNITS.team09);
  await page.getByRole("button", { name: "导出本单位一人一档（ZIP）" }).click();
  // The job starts at once in the same process (PDFs are CPU-heavy): the next page may take a while.
  await expect(page).toHaveURL(/\/members\/exports\/\d+$/, { timeout: 60_000 });
  const exportUrl = page.url();
  await expect(page.getByTestId("export-progress")).toHaveText(/^已生成 \d+ \/ \d+ 人$/);
  await saveScreenshot(page, testInfo, "unit-files-progress-1280");
  // The page refreshes itself until the zip is made.
  await expect(page.getByTestId("export-state")).toHaveText("已完成", { timeout: 200_000 });
  const [, done, total] = /^已生成 (\d+) \/ (\d+) 人$/.exec((await page.getByTestId("export-progress").innerText()).trim()) ?? [];
  expect(Number(total)).toBeGreaterThan(2);
  expect(done).toBe(total);
  await saveScreenshot(page, testInfo, "unit-files-done-1280");

  const link = page.getByRole("link", { name: /下载 ZIP/ });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^一人一档-采油九队-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = await JSZip.loadAsync(await readFile(await download.path()));
  const names = Object.keys(zip.files);
  expect(names).toHaveLength(Number(total));
  for (const n of names) expect(n).toMatch(/^[0-9A-Z]+_.+\.pdf$/);
  expect(names).toContain(`${DEMO.worker.employeeNo}_${DEMO.worker.name}.pdf`);
  expect(names).toContain(`${DEMO.manager.employeeNo}_${DEMO.manager.name}.pdf`);
  for (const m of team10) expect(names).not.toContain(`${m.employeeNo}_${m.name}.pdf`);
  const pdf = await zip.file(`${DEMO.worker.employeeNo}_${DEMO.worker.name}.pdf`)!.async("uint8array");
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
  // The Chinese text reads back from the embedded font subset (written by lib/core/pdf-cff in the server).
  const { extractText, getDocumentProxy } = await import("unpdf");
  const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
  for (const s of ["职工培训档案（一人一档）", DEMO.worker.name, DEMO.worker.employeeNo]) expect(text).toContain(s);

  // On a phone: the export page and the list of exports fit the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(exportUrl);
  await expect(page.getByRole("link", { name: /下载 ZIP/ })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "unit-files-done-360");
  await page.goto("/members/exports");
  await expect(page.getByRole("link", { name: UNITS.team09 }).first()).toBeVisible();
  await expectNoHorizontalScroll(page);
  await saveScreenshot(page, testInfo, "unit-files-list-360");

  // Someone else (the worker) cannot fetch it.
  const worker = await sessionAs(browser, "worker");
  const res = await worker.page.request.get(`${exportUrl}/zip`);
  expect(res.status()).toBe(404);
});
