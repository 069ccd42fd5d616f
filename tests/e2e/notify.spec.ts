import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { expectNoHorizontalScroll, saveScreenshot, sessionAs } from "./helpers";

/**
 * Issue 16: a graded essay reaches the member in the bell, by email (a real local SMTP server,
 * smtp-server) and through a 企业微信-format group robot (a real local HTTP receiver). The
 * administrator points the site's channels at them on 系统 → 通知渠道; the member gives a mail
 * address on 通知设置. The quiz taker is the demo manager 郑立新 (900002, a member of 采油九队 in
 * the demo quiz's audience), so the demo worker's attempts stay as the quiz specs expect them.
 */

interface Mail {
  to: string[];
  body: string;
  at: number;
}
interface Hook {
  path: string;
  body: { msgtype?: string; markdown?: { content?: string } };
  at: number;
}

const mails: Mail[] = [];
const hooks: Hook[] = [];
let smtp: SMTPServer;
let receiver: Server;
let smtpPort = 0;
let hookPort = 0;

/** A mail's text: nodemailer sends UTF-8 bodies as base64. */
function mailText(raw: string): string {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  return /Content-Transfer-Encoding: base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : body;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      s += c;
    });
    req.on("end", () => resolve(s));
  });

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      let body = "";
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => {
        body += c;
      });
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body, at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = createServer(async (req, res) => {
    const text = await readBody(req);
    hooks.push({ path: req.url ?? "", body: JSON.parse(text), at: Date.now() });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  hookPort = (receiver.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

test("a graded essay reaches the member in the bell, by email and through the 企业微信 robot", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  // The administrator sets the channels; secrets are never sent back to the browser.
  const admin = await sessionAs(browser, "admin");
  await admin.page.goto("/system/notify");
  await expect(admin.page.getByRole("heading", { level: 1 })).toHaveText("通知渠道");
  const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  const hookUrl = `http://127.0.0.1:${hookPort}/cgi-bin/webhook/send?key=e2e-secret-key`;
  await admin.page.getByLabel("SMTP 服务器地址").fill(smtpUrl);
  await admin.page.getByLabel("发件人").fill("岗位练兵 <noreply@example.com>");
  await admin.page.locator("#wecomUrl").fill(hookUrl);
  await admin.page.getByRole("button", { name: "保存" }).click();
  await expect(admin.page.getByText("通知渠道已保存。")).toBeVisible();
  await expect(admin.page.locator('[data-secret="smtpUrl"]')).toHaveText("已设置");
  await expect(admin.page.locator('[data-secret="wecomUrl"]')).toHaveText("已设置");
  const html = await admin.page.content();
  expect(html).not.toContain("e2e-secret-key");
  expect(html).not.toContain(`127.0.0.1:${smtpPort}`);
  await admin.page.setViewportSize({ width: 360, height: 800 });
  await expectNoHorizontalScroll(admin.page);
  await saveScreenshot(admin.page, testInfo, "notify-channels-360");

  // The member gives a mail address.
  const member = await sessionAs(browser, "manager");
  await member.page.goto("/notifications/settings");
  await member.page.getByLabel("接收通知的邮箱").fill("zhenglixin@example.com");
  await member.page.getByRole("button", { name: "保存" }).click();
  await expect(member.page.getByText("通知设置已保存。")).toBeVisible();
  // Web Push for this device: the site's keys exist (made at start), so the browser is offered it.
  await expect(member.page.getByText("本设备的推送")).toBeVisible();
  await expect(member.page.getByTestId("push-device")).toHaveAttribute("data-state", /^(off|unsupported)$/);
  await member.page.setViewportSize({ width: 360, height: 800 });
  await saveScreenshot(member.page, testInfo, "notify-settings-360");

  // The member takes the demo quiz and answers its essay (the one position an essay answer fits).
  await member.page.goto("/quizzes");
  await member.page
    .getByRole("button", { name: /开始答题|继续答题/ })
    .first()
    .click();
  await expect(member.page).toHaveURL(/\/attempts\/\d+$/);
  const attemptId = member.page.url().split("/").pop();
  const answer = { type: "essay", text: "先停机，再断电，挂牌上锁后报告班长。" };
  const tries = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      member.page.request.post(`/api/attempts/${attemptId}/answers`, { data: { answers: [{ position: i + 1, response: answer, seq: 1 }] } }),
    ),
  );
  const essayAt = tries.findIndex((r) => r.ok()) + 1;
  expect(essayAt).toBeGreaterThan(0);
  expect((await member.page.request.post(`/api/attempts/${attemptId}/submit`, { data: { answers: [] } })).ok()).toBe(true);

  // The trainer grades it.
  const trainer = await sessionAs(browser, "trainer");
  await trainer.page.goto(`/teach/grading/${attemptId}/${essayAt}`);
  await trainer.page.getByLabel(/得分/).fill("8");
  const gradedAt = Date.now();
  await trainer.page.getByRole("button", { name: /^保存/ }).first().click();
  await expect(trainer.page.getByText(/已保存|评分已保存/).first()).toBeVisible();

  // In the bell at once, with its link.
  await member.page.goto("/");
  await expect(member.page.getByRole("link", { name: /通知|提醒/ }).first()).toBeVisible();
  await member.page.goto("/notifications");
  const notice = member.page.getByTestId("notification").filter({ hasText: "已阅卷完成" }).first();
  await expect(notice).toBeVisible();
  // By email, to the address given, and through the robot, in the 企业微信 markdown format.
  await expect.poll(() => mails.filter((m) => m.to.includes("zhenglixin@example.com")).length, { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => hooks.length, { timeout: 60_000 }).toBeGreaterThan(0);
  const mail = mails.find((m) => m.to.includes("zhenglixin@example.com"));
  expect(mailText(mail?.body ?? "")).toContain(`已阅卷完成，点击查看成绩。 /attempts/${attemptId}/review`);
  const hook = hooks[0];
  expect(hook?.path).toBe("/cgi-bin/webhook/send?key=e2e-secret-key");
  expect(hook?.body.msgtype).toBe("markdown");
  expect(hook?.body.markdown?.content).toContain("郑立新");
  expect(hook?.body.markdown?.content).toContain("已阅卷完成");
  testInfo.annotations.push({ type: "grade→email ms", description: String((mail?.at ?? 0) - gradedAt) });
  testInfo.annotations.push({ type: "grade→webhook ms", description: String((hook?.at ?? 0) - gradedAt) });
  console.log(`notify e2e: grade→email ${(mail?.at ?? 0) - gradedAt} ms, grade→webhook ${(hook?.at ?? 0) - gradedAt} ms`);
  // The notice opens the review.
  await notice.getByRole("button", { name: "查看" }).click();
  await expect(member.page).toHaveURL(new RegExp(`/attempts/${attemptId}/review$`));
  // The administrator sees the deliveries as sent.
  await admin.page.setViewportSize({ width: 1280, height: 900 });
  await admin.page.goto("/system/notify");
  const recent = admin.page.getByRole("table", { name: "最近的发送" });
  await expect(recent.getByRole("row").filter({ hasText: "邮件" }).filter({ hasText: "已发送" })).toHaveCount(1);
  await expect(recent.getByRole("row").filter({ hasText: "企业微信" }).filter({ hasText: "已发送" })).toHaveCount(1);
  await saveScreenshot(admin.page, testInfo, "notify-channels-1280");
  for (const s of [admin, member, trainer]) await s.context.close();
});
