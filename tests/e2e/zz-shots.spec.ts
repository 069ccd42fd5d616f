import { test } from "@playwright/test";
import { actAs } from "./helpers";
for (const role of ["worker", "trainer", "manager", "admin"] as const)
  for (const width of [360, 1280])
    test(`shot ${role} ${width}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await actAs(page, role);
      await page.goto("/");
      await page.screenshot({ path: `/tmp/shots/home-${role}-${width}.png`, fullPage: true });
    });
test("shot stats 1280", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await actAs(page, "trainer");
  await page.goto("/teach/quizzes?status=closed");
  const href = await page
    .getByRole("main")
    .getByRole("link", { name: /季度 季度小会考/ })
    .first()
    .getAttribute("href");
  await page.goto(`${href!.match(/^\/teach\/quizzes\/\d+/)![0]}/stats`);
  await page.screenshot({ path: "/tmp/shots/stats-1280.png", fullPage: false });
});
