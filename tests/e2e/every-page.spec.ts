import { expect, test } from "@playwright/test";
import { messagesFor } from "../../lib/i18n";
import { actAs, expectNoHorizontalScroll, sidebarNav } from "./helpers";

/**
 * Every page of the admin's navigation (the widest set of pages), in Chinese and in English, on
 * a 360 px phone: it opens, nothing scrolls sideways, and no message key shows instead of its
 * text (a string missing from a catalogue, or a code never translated).
 */
const NAMESPACES = Object.keys(messagesFor("zh-CN"));
const FILE_EXT = "(?:mp4|webm|mov|xlsx|xls|csv|png|jpe?g|webp|xml|txt|gift|pdf)\\b";
const RAW_KEY = new RegExp(`(?<![\\w/-])(?:${NAMESPACES.join("|")})\\.(?!${FILE_EXT})[a-zA-Z][a-zA-Z0-9]*(?:\\.[a-zA-Z0-9]+)*`);

test("every page in the navigation opens in both languages at 360 px, fits, and shows no raw message key", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await actAs(page, "admin");
  await page.goto("/");
  const hrefs = [
    ...new Set(
      await sidebarNav(page)
        .getByRole("link")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "")),
    ),
  ].filter((h) => h.startsWith("/"));
  expect(hrefs.length).toBeGreaterThan(25);

  for (const lang of ["中文", "EN"] as const) {
    if (lang === "EN") {
      await page.getByRole("button", { name: "EN", exact: true }).click();
      await expect(page.getByRole("button", { name: "EN", exact: true })).toHaveAttribute("aria-pressed", "true");
    }
    await page.setViewportSize({ width: 360, height: 740 });
    for (const href of hrefs) {
      await test.step(`${lang} ${href}`, async () => {
        const res = await page.goto(href);
        expect(res?.status(), `${href} (${lang})`).toBeLessThan(400);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        // The text a reader sees (innerText): textContent would add hidden elements and inline scripts.
        const text = (await page.locator("body").allInnerTexts()).join("\n");
        expect(text.match(RAW_KEY)?.[0], `${href} (${lang}) shows a message key`).toBeUndefined();
        await expectNoHorizontalScroll(page);
      });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});
