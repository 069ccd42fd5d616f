import { expect, test, type Page } from "@playwright/test";
import { DEMO, createActivatedUser, expectNoHorizontalScroll, saveScreenshot, selectByText, sessionAs, uniq, ZH } from "./helpers";

/** The message box in the page's main content: role=alert for errors, role=status otherwise. */
const formAlert = (page: Page) => page.getByRole("main").locator('[role="alert"], [role="status"]');

/** Wall-clock time in Asia/Shanghai (the site's zone) as a datetime-local value, `minutes` from now. */
function shanghai(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

async function phone(browser: import("@playwright/test").Browser) {
  const s = await sessionAs(browser, "worker");
  await s.page.setViewportSize({ width: 360, height: 740 });
  return s;
}

const card = (page: Page, title: string) => page.getByTestId("class-card").filter({ hasText: title });

test.describe("technician class check-in", () => {
  test("an instructor opens check-in; a worker on a phone enrols and checks in with the code", async ({ browser }, testInfo) => {
    const title = `气动调节阀维护 ${uniq("")}`;
    const trainer = await sessionAs(browser, "trainer");
    const t = trainer.page;

    // The instructor makes a class with one session that has just begun, and opens enrolment.
    await t.goto("/teach/classes/new");
    await t.getByLabel("课程名称").fill(title);
    await t.getByLabel("名额").fill("2");
    await t.getByRole("button", { name: "保存", exact: true }).click();
    await expect(t).toHaveURL(/\/teach\/classes\/\d+\?done=created/);
    const classUrl = new URL(t.url()).pathname;
    await t.getByLabel("开始时间").fill(shanghai(-5));
    await t.getByLabel("结束时间").fill(shanghai(55));
    await t.getByRole("button", { name: "添加课次" }).click();
    await expect(t.getByTestId("session")).toHaveCount(1);
    await t.getByRole("button", { name: "发布报名" }).click();
    await expect(t.getByRole("dialog")).toContainText(/发布后，课堂对象中的 \d+ 名职工即可看到并报名/);
    await t.getByRole("dialog").getByRole("button", { name: "发布报名" }).click();
    await expect(t.getByText("报名中", { exact: true })).toBeVisible();

    // The worker, on a 360 px phone, finds the class and enrols.
    const w = await phone(browser);
    await w.page.goto("/classes");
    await card(w.page, title).getByRole("button", { name: "报名", exact: true }).click();
    await expect(formAlert(w.page)).toHaveText("报名成功。");
    await expect(card(w.page, title)).toContainText("已报名");
    await expectNoHorizontalScroll(w.page);

    // Before the instructor opens check-in, a code is refused.
    await w.page.goto("/classes/check-in");
    await w.page.getByLabel("签到码").fill("123456");
    await w.page.getByRole("button", { name: "签到", exact: true }).click();
    await expect(formAlert(w.page)).toHaveText("您报名的课堂目前没有正在签到的课次。");

    // The instructor opens check-in: a six-digit code and its QR code show.
    await t.goto(classUrl);
    await t.getByRole("link", { name: "签到码" }).click();
    await expect(t).toHaveURL(/\/sessions\/\d+$/);
    await t.getByRole("button", { name: "开始签到" }).click();
    const codeBox = t.getByTestId("checkin-code");
    await expect(codeBox).toHaveText(/^\d{6}$/);
    await expect(t.getByTestId("checkin-qr").locator("svg")).toBeVisible();
    await expect(t.getByTestId("checkin-count")).toHaveText("已签到 0/1");
    await saveScreenshot(t, testInfo, "classes-checkin-instructor-1280");
    const sessionId = /\/sessions\/(\d+)/.exec(t.url())![1];
    // The instructor's screen whose clock is 40 s off the server's hydrates without a mismatch
    // (React error #418 came from the seconds left, rendered from each clock).
    const pageErrors: string[] = [];
    t.on("pageerror", (e) => pageErrors.push(e.message));
    t.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
    await t.clock.install({ time: new Date(Date.now() + 40_000) });
    await t.reload();
    await expect(codeBox).toHaveText(/^\d{6}$/);
    await expect(t.getByTestId("checkin-changes-in")).toHaveText(/\d+/);
    await t.clock.resume();
    expect(pageErrors.filter((e) => /418|hydrat/i.test(e))).toEqual([]);

    // A wrong code is refused and nothing is recorded.
    const code = (await codeBox.textContent())!.trim();
    const wrong = code === "000000" ? "000001" : "000000";
    await w.page.getByLabel("签到码").fill(wrong);
    await w.page.getByRole("button", { name: "签到", exact: true }).click();
    await expect(formAlert(w.page)).toHaveText("签到码不正确。");

    // The right code (read again: it may have turned over) checks the worker in.
    await w.page.getByLabel("签到码").fill((await codeBox.textContent())!.trim());
    await w.page.getByRole("button", { name: "签到", exact: true }).click();
    await expect(formAlert(w.page)).toContainText(`签到成功：${title}`);
    await expectNoHorizontalScroll(w.page);
    await saveScreenshot(w.page, testInfo, "classes-checkin-worker-360");

    // The QR code's link opens the page with the code filled in; a second check-in changes nothing.
    await w.page.goto(`/classes/check-in?s=${sessionId}&c=${(await codeBox.textContent())!.trim()}`);
    await expect(w.page.getByLabel("签到码")).toHaveValue(/^\d{6}$/);
    await w.page.getByRole("button", { name: "签到", exact: true }).click();
    await expect(formAlert(w.page)).toContainText("无需重复签到");

    // The instructor's screen counts the check-in; the enrolment list shows how.
    await expect(t.getByTestId("checkin-count")).toHaveText("已签到 1/1");
    await t.goto(classUrl);
    await expect(t.getByTestId("enrolment").filter({ hasText: DEMO.worker.name })).toContainText("#1 出勤 · 签到码");

    // The attendance shows on the worker's profile.
    await w.page.goto(`/members/${await memberIdOf(w.page)}`);
    await expect(w.page.getByTestId("profile-classes")).toContainText(title);
    await expect(w.page.getByTestId("profile-classes").locator("li", { hasText: title })).toContainText("出勤 1/1 次");
    await expectNoHorizontalScroll(w.page);

    await trainer.context.close();
    await w.context.close();
  });

  test("a full class puts the next worker on the wait-list, who moves up when a place frees and is told", async ({ browser }) => {
    const title = `抽油机平衡 ${uniq("")}`;
    const trainer = await sessionAs(browser, "trainer");
    const t = trainer.page;
    await t.goto("/teach/classes/new");
    await t.getByLabel("课程名称").fill(title);
    await t.getByLabel("名额").fill("1");
    await t.getByRole("button", { name: "保存", exact: true }).click();
    await expect(t).toHaveURL(/\?done=created/);
    const classUrl = new URL(t.url()).pathname;
    await t.getByLabel("开始时间").fill(shanghai(60 * 24 * 3));
    await t.getByLabel("结束时间").fill(shanghai(60 * 24 * 3 + 60));
    await t.getByRole("button", { name: "添加课次" }).click();
    await expect(t.getByTestId("session")).toHaveCount(1);
    await t.getByRole("button", { name: "发布报名" }).click();
    await expect(t.getByRole("dialog")).toContainText(/发布后，课堂对象中的 \d+ 名职工即可看到并报名/);
    await t.getByRole("dialog").getByRole("button", { name: "发布报名" }).click();
    // Each action re-renders the page: typing before it has would be wiped.
    await expect(t.getByText("报名中", { exact: true })).toBeVisible();
    // The manager takes the one place by the trainer's hand.
    await t.getByLabel("工号", { exact: true }).fill(DEMO.manager.employeeNo);
    await t.getByRole("button", { name: "代为报名" }).click();
    await expect(formAlert(t)).toContainText(`已为 ${DEMO.manager.name} 报名（已报名）`);

    const w = await phone(browser);
    await w.page.goto("/classes");
    await card(w.page, title).getByRole("button", { name: "加入候补" }).click();
    await expect(formAlert(w.page)).toContainText("您已加入候补（第 1 位）");
    await expect(card(w.page, title)).toContainText("名额 1/1");

    // The place frees: the worker moves up and the bell says so.
    await t.goto(classUrl);
    await t.getByTestId("enrolment").filter({ hasText: DEMO.manager.name }).getByRole("button", { name: "取消" }).click();
    await expect(formAlert(t)).toHaveText("1 人已从候补递补。");
    await w.page.goto("/notifications");
    await expect(w.page.getByTestId("notification").first()).toContainText(`您已从候补递补为“${title}”的正式学员。`);
    await expect(w.page.getByTestId("bell")).toHaveAttribute("aria-label", /未读/);
    await expectNoHorizontalScroll(w.page);
    await w.page.goto("/classes");
    await expect(card(w.page, title)).toContainText("已报名");

    await trainer.context.close();
    await w.context.close();
  });

  test("a technician who is only a worker runs check-in for their own class; others may not", async ({ browser }) => {
    const admin = await sessionAs(browser, "admin");
    const tech = await browser.newContext().then(async (context) => ({ context, page: await context.newPage() }));
    const who = await createActivatedUser(admin.page, tech.page);
    await admin.page.goto(`/members/${who.memberId}/edit`);
    await selectByText(admin.page.getByLabel("技术等级", { exact: true }), "技师");
    await admin.page.getByRole("button", { name: "保存", exact: true }).click();
    await expect(admin.page).toHaveURL(/\?saved=1$/);

    const p = tech.page;
    await p.goto("/classes");
    await p.getByRole("link", { name: "我授的课" }).click();
    await p.getByRole("link", { name: "新建课堂" }).click();
    await expect(p.getByLabel("授课人工号")).toHaveValue(who.employeeNo);
    // Naming someone else as instructor is refused: a technician runs only their own classes.
    await p.getByLabel("课程名称").fill(`站内小课堂 ${who.employeeNo}`);
    await p.getByLabel("授课人工号").fill(DEMO.trainer.employeeNo);
    await p.getByRole("button", { name: "保存", exact: true }).click();
    await expect(formAlert(p)).toContainText("您只能创建和管理本人授课的课堂。");
    await p.getByLabel("授课人工号").fill("");
    await p.getByRole("button", { name: "保存", exact: true }).click();
    await expect(p).toHaveURL(/\/teach\/classes\/\d+\?done=created/);
    const classUrl = new URL(p.url()).pathname;
    await p.getByLabel("开始时间").fill(shanghai(-1));
    await p.getByLabel("结束时间").fill(shanghai(30));
    await p.getByRole("button", { name: "添加课次" }).click();
    // The page shows the session before enrolment opens (a dialog opened on the old page would go with it).
    await expect(p.getByTestId("session")).toHaveCount(1);
    await p.getByRole("button", { name: "发布报名" }).click();
    await expect(p.getByRole("dialog")).toContainText(/发布后，课堂对象中的 \d+ 名职工即可看到并报名/);
    await p.getByRole("dialog").getByRole("button", { name: "发布报名" }).click();
    await p.getByRole("link", { name: "签到码" }).click();
    await expect(p).toHaveURL(/\/sessions\/\d+$/);
    const checkinUrl = new URL(p.url()).pathname;
    await p.getByRole("button", { name: "开始签到" }).click();
    await expect(p.getByTestId("checkin-code")).toHaveText(/^\d{6}$/);

    // The demo worker can neither see this class's page nor its code.
    const w = await sessionAs(browser, "worker");
    for (const path of [classUrl, checkinUrl]) {
      await w.page.goto(path);
      await expect(w.page.getByRole("heading", { level: 1 })).toHaveText(ZH.forbidden);
    }
    const res = await w.page.request.get(`${checkinUrl}/code`);
    expect(res.status(), await res.text()).toBe(403);

    await admin.context.close();
    await tech.context.close();
    await w.context.close();
  });
});

async function memberIdOf(page: Page): Promise<string> {
  const href = await page.getByRole("link", { name: "我的档案", includeHidden: true }).first().getAttribute("href");
  const id = /\/members\/(\d+)/.exec(href ?? "")?.[1];
  if (!id) throw new Error(`no member id in the 我的档案 link ${href}`);
  return id;
}
