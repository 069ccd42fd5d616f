import ExcelJS from "exceljs";
import JSZip from "jszip";
import sharp from "sharp";
import { expect, test } from "@playwright/test";
import { createActivatedUser, expectNoHorizontalScroll, newSession, publishCategoryQuiz, saveScreenshot, signIn, uniq } from "./helpers";

/** A phone photo of a gauge: 2400 × 1600, stripes so it is no blank picture. */
async function photo(): Promise<Buffer> {
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="1600"><rect width="2400" height="1600" fill="#e2e8f0"/><circle cx="1200" cy="800" r="600" fill="#fff" stroke="#0f172a" stroke-width="40"/><line x1="1200" y1="800" x2="1600" y2="450" stroke="#dc2626" stroke-width="40"/><text x="1200" y="1200" font-size="160" text-anchor="middle">MPa</text></svg>`,
  );
  return sharp(svg).jpeg().toBuffer();
}

test.describe("pictures in questions", () => {
  test.setTimeout(240_000);

  test("a trainer adds a picture to a question at 1280 px; a worker sees it in the attempt at 360 px, and one without an attempt cannot fetch it", async ({
    page,
    browser,
  }, testInfo) => {
    const category = uniq("看图");
    const title = `看图小测 ${uniq("")}`;

    const admin = await newSession(browser);
    await signIn(admin.page, "900001");
    const worker = await newSession(browser);
    await createActivatedUser(admin.page, worker.page, { unit: "马18站" });
    const outsider = await newSession(browser);
    await createActivatedUser(admin.page, outsider.page, { unit: "马8站" });
    await admin.context.close();

    // The trainer writes a single-choice question with a picture in the stem.
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, "900003");
    await page.goto("/teach/bank/new");
    await page.getByLabel("题干").fill("压力表读数是多少？");
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles({ name: "gauge.jpg", mimeType: "image/jpeg", buffer: await photo() });
    await expect(page.getByRole("button", { name: "移除图片 1" })).toBeVisible();
    await expect(page.getByLabel("题干")).toHaveValue(/压力表读数是多少？\n\[\[img:[a-z0-9]{16}:1280x853\]\]/);
    await page.getByLabel("选项A", { exact: true }).fill("1.6 MPa");
    await page.getByLabel("选项B", { exact: true }).fill("2.5 MPa");
    await page.getByLabel("正确 A").check();
    await page.getByRole("button", { name: "删除选项D" }).click();
    await page.getByRole("button", { name: "删除选项C" }).click();
    await page.getByLabel("分类", { exact: true }).fill(category);
    await saveScreenshot(page, testInfo, "quiz-media-editor-1280");
    await page.getByRole("button", { name: "创建试题" }).click();
    await expect(page).toHaveURL(/\/teach\/bank\/\d+/);
    const picture = page.getByRole("main").getByRole("img", { name: "试题图片" });
    await expect(picture).toBeVisible();
    const src = (await picture.getAttribute("src"))!;
    expect(src).toMatch(/^\/api\/media\/questions\/[a-z0-9]{16}$/);
    // Loaded (lazily, so it may still be on its way when it becomes visible).
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // A quiz of that question for 马18站.
    await publishCategoryQuiz(page, { title, category, count: 1, station: "马18站" });

    // Before any attempt, the worker cannot fetch the picture; the outsider never can.
    expect((await worker.page.request.get(src)).status()).toBe(404);

    // The worker, on a phone.
    const w = worker.page;
    await w.setViewportSize({ width: 360, height: 780 });
    await w.goto("/quizzes");
    await w.getByRole("button", { name: "开始答题" }).first().click();
    await expect(w).toHaveURL(/\/attempts\/\d+$/);
    const shown = w.getByRole("img", { name: "试题图片" });
    await expect(shown).toBeVisible();
    await expect(shown).toHaveAttribute("loading", "lazy");
    await expect(shown).toHaveAttribute("width", "1280");
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const box = (await shown.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(360);
    expect(box.width).toBeGreaterThan(200);
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-media-attempt-360");
    const res = await w.request.get(src);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("image/jpeg");
    expect(res.headers()["cache-control"]).toContain("private");
    expect((await outsider.page.request.get(src)).status()).toBe(404);
    expect((await outsider.page.request.get(`${src}?size=thumb`)).status()).toBe(404);

    await w.getByRole("radio", { name: /1\.6 MPa/ }).check();
    await expect(w.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
    await w.getByRole("button", { name: "交卷" }).click();
    await w.getByRole("button", { name: "交卷" }).last().click();
    await expect(w).toHaveURL(/\/review$/);
    // The default review after submitting shows the score only, not the questions.
    await expectNoHorizontalScroll(w);
    await saveScreenshot(w, testInfo, "quiz-media-review-360");
    await worker.context.close();
    await outsider.context.close();
  });

  test("a trainer imports the template with a pictures zip at 360 px: the preview shows each row's picture, the question shows it", async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 780 });
    await signIn(page, "900003");
    const stem = `${uniq("看图导入")} 压力表读数是多少？`;
    // The template as downloaded, one row filled in as a trainer would.
    const template = await (await page.request.get("/teach/bank/import/template")).body();
    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(template as unknown as ArrayBuffer);
    const header = (loaded.getWorksheet("题库")!.getRow(1).values as unknown[]).slice(1).map(String);
    // The template's header (its example rows left out) and one row of ours.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("题库");
    ws.addRow(header);
    const values: Record<string, string> = { 题型: "单选", 题干: stem, 选项A: "1.6 MPa", 选项B: "2.5 MPa", 答案: "A", 分类: uniq("看图"), 图片: "压力表.jpg" };
    ws.addRow(header.map((h) => values[h] ?? null));
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const zip = new JSZip();
    zip.file("照片/压力表.jpg", await photo());
    const pictures = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });

    await page.goto("/teach/bank/import");
    await page
      .getByLabel("选择文件")
      .setInputFiles({ name: "题库.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: xlsx });
    await page.getByLabel("选择 .zip").setInputFiles({ name: "图片.zip", mimeType: "application/zip", buffer: pictures });
    await page.getByRole("button", { name: "预览", exact: true }).click();
    const preview = page.getByRole("region", { name: "导入预览（尚未写入任何试题）" });
    await expect(preview.getByTestId("preview-summary")).toHaveText("Excel 题库模板：可以导入 1 道试题。");
    const thumb = preview.getByRole("img", { name: "压力表.jpg" });
    await expect(thumb).toBeVisible();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(preview.locator("li[data-row='2']")).toContainText("第 2 行");
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-xlsx-pictures-preview-360");
    // The same preview as a trainer at a desk sees it.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(thumb).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "quiz-xlsx-pictures-preview-1280");
    await page.setViewportSize({ width: 360, height: 780 });

    // The files chosen stay chosen: importing now imports them.
    await page.getByRole("main").getByRole("button", { name: "导入", exact: true }).click();
    await expect(page.getByText("已导入 1 道试题（Excel 题库模板）。")).toBeVisible();
    await page.goto(`/teach/bank?q=${encodeURIComponent(stem.slice(0, 20))}`);
    await page
      .getByRole("link", { name: new RegExp(stem.slice(0, 10)) })
      .first()
      .click();
    await expect(page).toHaveURL(/\/teach\/bank\/\d+/);
    const picture = page.getByRole("main").getByRole("img", { name: "试题图片" });
    await expect(picture).toBeVisible();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expectNoHorizontalScroll(page);

    // Before a GIFT download the bank says which questions have files GIFT cannot carry: this one among them.
    await page.goto("/teach/bank");
    const categoryHref = await page.locator("a[href*='cat=']", { hasText: values.分类! }).first().getAttribute("href");
    await page.goto(categoryHref!);
    const notice = page.getByTestId("gift-media-notice");
    await expect(notice).toContainText("本范围内有 1 道题带这些文件");
    await expect(notice).toContainText(stem.slice(0, 10));
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "bank-gift-notice-360");
  });
});
