import { expect, test, type Page } from "@playwright/test";
import { DEMO, UNITS, actAs, expectForbidden, membersInUnit, membersInUnits, optionTexts, sessionAs, sidebarNav, type MemberRow } from "./helpers";
import { first, firstN } from "../helpers/rows";

test.use({ viewport: { width: 1280, height: 800 } });

/** Member ids, looked up once through the admin's members list (read only, so shared by the tests). */
const seen: Record<"team10" | "station" | "team09", MemberRow[]> = { team10: [], station: [], team09: [] };

test.beforeAll(async ({ browser }) => {
  const { context, page } = await sessionAs(browser, "admin");
  // The unit filter itself is exercised here once; the other look-ups go straight to the filtered URL.
  seen.team10 = await membersInUnit(page, UNITS.team10);
  const found = await membersInUnits(page, [UNITS.team09Stations[0], UNITS.team09Stations[1]]);
  seen.station = found[UNITS.team09Stations[0]];
  seen.team09 = found[UNITS.team09Stations[1]];
  await context.close();
  for (const rows of Object.values(seen)) expect(rows.length).toBeGreaterThan(0);
  expect(seen.team10.every((m) => (UNITS.team10Stations as readonly string[]).includes(m.unit))).toBe(true);
  expect(seen.station.every((m) => m.unit === UNITS.team09Stations[0])).toBe(true);
});

async function openProfile(page: Page, id: number, name: string) {
  const response = await page.goto(`/members/${id}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
}

test("a worker is refused admin pages and other people's profiles, but opens their own", async ({ page }) => {
  const other = first(seen.team10);
  // A colleague on the worker's own station is just as off limits.
  const colleague = seen.station.find((m) => m.employeeNo !== DEMO.worker.employeeNo)!;
  expect(colleague).toBeTruthy();

  await actAs(page, "worker");
  await expectForbidden(page, "/system/org");
  await expectForbidden(page, "/system/tasks");
  await expectForbidden(page, "/system/notify");
  await expectForbidden(page, "/members/new");
  await expectForbidden(page, "/members");
  await expectForbidden(page, `/members/${other.id}`);
  await expect(page.getByText(other.name)).toHaveCount(0); // nothing of the profile leaks
  await expectForbidden(page, `/members/${colleague.id}`);
  await expect(page.getByText(colleague.name)).toHaveCount(0);

  // Their own profile, through 我的档案.
  await page.goto("/");
  await sidebarNav(page).getByRole("link", { name: "我的档案", exact: true }).click();
  await expect(page).toHaveURL(/\/members\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.worker.name);
  await expect(page.getByRole("main")).toContainText(DEMO.worker.employeeNo);
  await expect(page.getByRole("main")).toContainText("韦2中转站");
  // Only an admin edits profiles or manages accounts.
  await expect(page.getByRole("link", { name: "编辑", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /开通账号|重置密码/ })).toHaveCount(0);
});

test("the manager of 采油九队 reads 采油九队 and nothing else", async ({ page }) => {
  const inTeam = first(seen.team09);
  const outside = first(seen.team10);

  await actAs(page, "manager");
  await openProfile(page, inTeam.id, inTeam.name);
  await expectForbidden(page, `/members/${outside.id}`);
  // Reading is not writing.
  await expectForbidden(page, `/members/${inTeam.id}/edit`);
  await expectForbidden(page, "/system/org");

  // The list holds 采油九队's people only, and its unit filter offers 采油九队's units only.
  await page.goto("/members");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("职工档案");
  const allowed: string[] = [UNITS.team09, ...UNITS.team09Stations];
  const units = await page.getByRole("table").locator("tbody tr td:nth-child(3)").allTextContents();
  expect(units.length).toBeGreaterThan(10);
  expect(units.filter((u) => !allowed.includes(u.trim()))).toEqual([]);
  expect(await page.getByRole("table").locator("tbody a").allTextContents()).not.toContain(outside.name);
  const options = await optionTexts(page.getByLabel("单位", { exact: true }));
  expect(options.slice(1).sort()).toEqual([...allowed].sort());

  // Searching for someone outside the scope finds no one.
  await page.getByLabel("搜索", { exact: true }).fill(outside.employeeNo);
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${outside.employeeNo}`));
  await expect(page.getByText("没有符合条件的职工。")).toBeVisible();
});

test("a trainer reads members across the whole organisation but cannot edit them", async ({ page }) => {
  const [, outside] = firstN(seen.team10, 2, "member of 采油十队");
  await actAs(page, "trainer");
  await openProfile(page, outside.id, outside.name);
  await expect(page.getByRole("link", { name: "编辑", exact: true })).toHaveCount(0);
  await expectForbidden(page, `/members/${outside.id}/edit`);
  await expectForbidden(page, "/members/new");
});
