import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { certificateTypes, memberCertificates, notificationDeliveries, notifications, quizzes } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { getAttemptView, saveAnswers, startAttempt, submitAttempt } from "@/lib/quiz/attempts";
import { gradingQueue, saveManualGrade } from "@/lib/quiz/admin";
import { listNotifications } from "@/lib/notifications";
import { channelsView, saveChannels, type ChannelsInput } from "@/lib/notifications/channels";
import { dingtalkSign } from "@/lib/notifications/channels/dingtalk";
import { MAX_TRIES, sendDue } from "@/lib/notifications/dispatch";
import { emit } from "@/lib/notifications/events";
import { myPrefs, saveMyPrefs } from "@/lib/notifications/preferences";
import { EVENT_TYPES } from "@/lib/notifications/event-types";
import { sweepUpcoming } from "@/lib/notifications/sweep";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { memberIdOf, principalOf, publishedQuiz, sampleOf } from "../helpers/quiz";
import { first } from "../helpers/rows";

/** A real local SMTP server (smtp-server) and a real local HTTP receiver (node:http) for the robots. */
interface Mail {
  to: string[];
  body: string;
  at: number;
}
interface Call {
  url: string;
  body: { msgtype?: string; markdown?: { content?: string; title?: string; text?: string } };
}
const mails: Mail[] = [];
const calls: Call[] = [];
let failNext = 0;
let smtp: SMTPServer;
let receiver: Server;
let smtpPort = 0;
let hookPort = 0;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      s += c;
    });
    req.on("end", () => resolve(s));
  });

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let body = "";
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => {
        body += c;
      });
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body, at: performance.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = createServer(async (req, res) => {
    const text = await readBody(req);
    calls.push({ url: req.url ?? "", body: JSON.parse(text) });
    if (failNext > 0) {
      failNext--;
      res.statusCode = 502;
      res.end("upstream down");
      return;
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  hookPort = (receiver.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** A received mail's subject and text, decoded (nodemailer writes UTF-8 as base64). */
function decoded(m: Mail): { subject: string; text: string } {
  const [folded = "", ...rest] = m.body.split(/\r?\n\r?\n/);
  const head = folded.replace(/\r?\n[ \t]+/g, " ");
  const line = /^Subject: (.*)$/im.exec(head)?.[1] ?? "";
  const subject = line.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b64: string) => Buffer.from(b64, "base64").toString("utf8")).trim();
  const raw = rest.join("\n\n");
  const qp = (t: string) =>
    Buffer.from(
      t.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  const text = /Content-Transfer-Encoding: base64/i.test(head)
    ? Buffer.from(raw.replace(/\s+/g, ""), "base64").toString("utf8")
    : /Content-Transfer-Encoding: quoted-printable/i.test(head)
      ? qp(raw)
      : raw;
  return { subject, text };
}

const DIGEST_S = 60; // NOTIFY_DIGEST_S's default
const later = (s: number) => new Date(clock.nowMs() + s * 1000);

describe.each(drivers())("notifications as events with channels on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let trainer: Principal;
  let workerId: number;
  let worker: Principal;
  const channels = (): ChannelsInput => ({
    emailOn: true,
    wecomOn: true,
    dingtalkOn: true,
    smsOn: false,
    mailFrom: "岗位练兵 <noreply@example.com>",
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    wecomUrl: `http://127.0.0.1:${hookPort}/cgi-bin/webhook/send?key=wecom-key`,
    dingtalkUrl: `http://127.0.0.1:${hookPort}/robot/send?access_token=ding-token`,
    dingtalkSecret: "SEC-integration-secret",
    sms: "",
    clear: [],
  });

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    trainer = await principalOf(h.db, "900003", [{ role: "trainer", scope: null }]);
    workerId = await memberIdOf(h.db, "900004");
    worker = { userId: 0, memberId: workerId, roles: [] };
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    mails.length = 0;
    calls.length = 0;
    failNext = 0;
    // Nothing from an earlier case is left to send.
    await h.db.delete(notificationDeliveries);
  });

  it("keeps channel secrets on the server and lets only a whole-area administrator set them", async () => {
    expect(await saveChannels(h.db, trainer, channels())).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await saveChannels(h.db, admin, { ...channels(), wecomUrl: "ftp://x" })).toMatchObject({ ok: false, code: "notify.errors.webhookUrl" });
    expect(await saveChannels(h.db, admin, { ...channels(), smtpUrl: "mail.example.com" })).toMatchObject({ ok: false, code: "notify.errors.smtpUrl" });
    expect((await channelsView(h.db, admin)).ok && (await channelsView(h.db, admin))).toMatchObject({ value: { enabled: { email: false, wecom: false } } });
    expect(await saveChannels(h.db, admin, channels())).toEqual({ ok: true, value: undefined });
    const view = await channelsView(h.db, admin);
    expect(view).toMatchObject({ ok: true, value: { enabled: { email: true, wecom: true, dingtalk: true, sms: false } } });
    const shown = JSON.stringify(view);
    for (const secret of ["wecom-key", "ding-token", "SEC-integration-secret", String(smtpPort)]) expect(shown).not.toContain(secret);
    expect(view.ok && view.value.secrets).toEqual({ smtpUrl: "site", wecomUrl: "site", dingtalkUrl: "site", dingtalkSecret: "site", sms: "unset" });
    // An empty secret keeps what is set.
    expect(await saveChannels(h.db, admin, { ...channels(), wecomUrl: "", dingtalkSecret: "" })).toMatchObject({ ok: true });
    expect(await channelsView(h.db, admin)).toMatchObject({ value: { secrets: { wecomUrl: "site", dingtalkSecret: "site" } } });
  });

  it("grading an essay makes an event in the bell and a delivery per channel, sent after the request by the job: email, 企业微信, signed 钉钉", async () => {
    expect(
      await saveMyPrefs(h.db, worker, {
        email: "linxiaoyu@example.com",
        on: EVENT_TYPES.flatMap((e) => [`${e}:email`, `${e}:wecom`, `${e}:dingtalk`]),
        quietFrom: "",
        quietTo: "",
      }),
    ).toMatchObject({ ok: true });
    const { quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [sampleOf("essay")] });
    const s = await startAttempt(h.db, { quizId, memberId: workerId });
    if (!s.ok) throw new Error(s.code);
    const view = await getAttemptView(h.db, s.value.attemptId, workerId);
    if (!view.ok) throw new Error(view.code);
    const position = first(view.value.questions, "essay").position;
    await saveAnswers(h.db, {
      attemptId: s.value.attemptId,
      memberId: workerId,
      answers: [{ position, response: { type: "essay", text: "检查气源压力。" }, seq: 1 }],
    });
    expect(await submitAttempt(h.db, { attemptId: s.value.attemptId, memberId: workerId })).toMatchObject({ ok: true });
    const queue = await gradingQueue(h.db, trainer, { quiz: quizId, show: "pending" });
    expect(queue.rows).toHaveLength(1);

    expect(await saveManualGrade(h.db, trainer, { attemptId: s.value.attemptId, position, score: 1, feedback: "" })).toMatchObject({ ok: true });
    // In the bell at once, as an event with its link; nothing has gone out yet (the request sends nothing).
    const bell = await listNotifications(h.db, worker);
    expect(first(bell, "notice")).toMatchObject({ kind: "quizTake.notify.graded", href: `/attempts/${s.value.attemptId}/review` });
    const [event] = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.memberId, workerId), eq(notifications.event, "essay_graded")));
    expect(event).toBeDefined();
    const rows = await h.db
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.notificationId, event?.id ?? 0));
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ["dingtalk", "pending"],
      ["email", "pending"],
      ["wecom", "pending"],
    ]);
    expect(mails).toHaveLength(0);
    expect(calls).toHaveLength(0);
    // Before the digest window closes: still nothing.
    expect(await sendDue(h.db, { now: later(DIGEST_S - 5) })).toEqual({ messages: 0, delivered: 0, retrying: 0, failed: 0 });

    const t0 = performance.now();
    const report = await sendDue(h.db, { now: later(DIGEST_S + 1) });
    const ms = performance.now() - t0;
    expect(report).toEqual({ messages: 3, delivered: 3, retrying: 0, failed: 0 });
    const mail = first(mails, "mail");
    expect(mail.to).toEqual(["linxiaoyu@example.com"]);
    expect(decoded(mail).text).toContain(`/attempts/${s.value.attemptId}/review`);
    expect(decoded(mail).subject).toContain("已阅卷完成");
    const wecom = first(
      calls.filter((c) => c.url.startsWith("/cgi-bin/webhook/send")),
      "wecom call",
    );
    expect(wecom.url).toBe("/cgi-bin/webhook/send?key=wecom-key");
    expect(wecom.body.msgtype).toBe("markdown");
    expect(wecom.body.markdown?.content).toContain("林晓雨");
    expect(wecom.body.markdown?.content).toContain("已阅卷完成");
    const ding = first(
      calls.filter((c) => c.url.startsWith("/robot/send")),
      "dingtalk call",
    );
    const u = new URL(ding.url, "http://x");
    expect(u.searchParams.get("access_token")).toBe("ding-token");
    const ts = Number(u.searchParams.get("timestamp"));
    expect(Math.abs(ts - clock.nowMs())).toBeLessThan(60_000);
    expect(ding.url).toContain(`&sign=${dingtalkSign(ts, "SEC-integration-secret")}`);
    expect(ding.body).toMatchObject({ msgtype: "markdown", markdown: { title: expect.stringContaining("已阅卷完成") } });
    const sent = await h.db
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.notificationId, event?.id ?? 0));
    expect(sent.every((r) => r.status === "sent" && r.attempts === 1 && r.digestSize === 1 && r.lastError === null)).toBe(true);
    console.log(`notify integration (${driver}): one send pass (email + 企业微信 + 钉钉) ${ms.toFixed(0)} ms`);
    // Sent once: the next pass finds nothing.
    expect(await sendDue(h.db, { now: later(DIGEST_S + 120) })).toMatchObject({ messages: 0 });
  });

  it("a member's choice turns a channel off: no delivery is planned for it", async () => {
    const on = EVENT_TYPES.flatMap((e) => [`${e}:email`, `${e}:dingtalk`, ...(e === "course_assigned" ? [] : [`${e}:wecom`])]);
    expect(await saveMyPrefs(h.db, worker, { email: "linxiaoyu@example.com", on, quietFrom: "", quietTo: "" })).toMatchObject({ ok: true });
    expect((await myPrefs(h.db, worker)).off).toContain("course_assigned:wecom");
    await emit(h.db, "course_assigned", [workerId], { title: "抽油机巡检" }, "/courses/1");
    const rows = await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.memberId, workerId));
    expect(rows.map((r) => r.channel).sort()).toEqual(["dingtalk", "email"]);
    // Bad choices change nothing.
    expect(await saveMyPrefs(h.db, worker, { email: "not-an-address", on: [], quietFrom: "", quietTo: "" })).toMatchObject({
      ok: false,
      code: "notify.errors.email",
    });
    expect(await saveMyPrefs(h.db, worker, { email: "", on: ["nonsense:email"], quietFrom: "", quietTo: "" })).toMatchObject({ ok: false });
    expect(await saveMyPrefs(h.db, worker, { email: "", on: [], quietFrom: "22:00", quietTo: "" })).toMatchObject({
      ok: false,
      code: "notify.errors.quietHalf",
    });
    expect((await myPrefs(h.db, worker)).off).toContain("course_assigned:wecom");
    expect((await myPrefs(h.db, worker)).email).toBe("linxiaoyu@example.com");
  });

  it("a failed webhook is recorded with its error and retried with backoff until it goes", async () => {
    expect(await saveMyPrefs(h.db, worker, { email: "", on: ["result_published:wecom"], quietFrom: "", quietTo: "" })).toMatchObject({ ok: true });
    await emit(h.db, "result_published", [workerId], { title: "第四季度小会考" }, "/quizzes");
    failNext = 2;
    expect(await sendDue(h.db, { now: later(DIGEST_S + 1) })).toEqual({ messages: 0, delivered: 0, retrying: 1, failed: 0 });
    let [row] = await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.memberId, workerId));
    expect(row).toMatchObject({ channel: "wecom", status: "pending", attempts: 1, lastError: "HTTP 502: upstream down" });
    // Not before its backoff (30 s after the failed try)…
    expect(await sendDue(h.db, { now: later(DIGEST_S + 20) })).toMatchObject({ messages: 0, retrying: 0 });
    // …then again (fails: 60 s more), then it goes.
    expect(await sendDue(h.db, { now: later(DIGEST_S + 32) })).toMatchObject({ retrying: 1 });
    expect(await sendDue(h.db, { now: later(DIGEST_S + 32 + 61) })).toMatchObject({ messages: 1, delivered: 1 });
    [row] = await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.memberId, workerId));
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(calls).toHaveLength(3);
    // One that never goes is left as failed after MAX_TRIES, its error kept.
    await h.db.delete(notificationDeliveries);
    calls.length = 0;
    await emit(h.db, "result_published", [workerId], { title: "第三季度小会考" }, "/quizzes", "retry-test-2");
    failNext = 100;
    let at = DIGEST_S + 1;
    for (let i = 0; i < MAX_TRIES; i++) {
      await sendDue(h.db, { now: later(at) });
      at += 30 * 2 ** i + 1;
    }
    [row] = await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.memberId, workerId));
    expect(row).toMatchObject({ status: "failed", attempts: MAX_TRIES, lastError: "HTTP 502: upstream down" });
    expect(calls).toHaveLength(MAX_TRIES);
  });

  it("several events within the window go as one message per channel; quiet hours hold them until they end", async () => {
    expect(
      await saveMyPrefs(h.db, worker, { email: "linxiaoyu@example.com", on: EVENT_TYPES.map((e) => `${e}:email`), quietFrom: "", quietTo: "" }),
    ).toMatchObject({ ok: true });
    const now = clock.now();
    for (let i = 1; i <= 4; i++)
      await emit(h.db, "course_assigned", [workerId], { title: `课程${i}` }, `/courses/${i}`, `digest-${i}`, new Date(now.getTime() + i * 5000));
    const rows = await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.memberId, workerId));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.dueAt.toISOString())).size).toBe(1);
    expect(await sendDue(h.db, { now: later(DIGEST_S + 30) })).toEqual({ messages: 1, delivered: 4, retrying: 0, failed: 0 });
    expect(mails).toHaveLength(1);
    const digest = decoded(first(mails, "digest"));
    expect(digest.subject).toBe("岗位练兵：4 条新通知");
    for (let i = 1; i <= 4; i++) expect(digest.text).toContain(`您被安排学习课程“课程${i}”。 /courses/${i}`);
    for (const r of await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.memberId, workerId))) expect(r.digestSize).toBe(4);

    // The member's own language: the same events go out in English (digest title and items).
    await h.db.delete(notificationDeliveries);
    mails.length = 0;
    expect(
      await saveMyPrefs(h.db, worker, { email: "linxiaoyu@example.com", on: EVENT_TYPES.map((e) => `${e}:email`), quietFrom: "", quietTo: "", locale: "en" }),
    ).toMatchObject({ ok: true });
    expect(await myPrefs(h.db, worker)).toMatchObject({ locale: "en" });
    for (let i = 1; i <= 2; i++)
      await emit(h.db, "course_assigned", [workerId], { title: `Course ${i}` }, `/courses/${i}`, `digest-en-${i}`, new Date(now.getTime() + i * 5000));
    expect(await sendDue(h.db, { now: later(DIGEST_S + 30) })).toMatchObject({ messages: 1, delivered: 2 });
    const english = decoded(first(mails, "english digest"));
    expect(english.subject).toBe("JobReady: 2 new notifications");
    expect(english.text).toContain("You have been assigned the course “Course 1”. /courses/1");
    expect(await saveMyPrefs(h.db, worker, { email: "", on: [], quietFrom: "", quietTo: "", locale: "fr" })).toMatchObject({
      ok: false,
      code: "notify.errors.unknownChoice",
    });
    expect(await myPrefs(h.db, worker)).toMatchObject({ locale: "en" });

    // Quiet hours over the whole day but one minute: a delivery waits until they end.
    await h.db.delete(notificationDeliveries);
    expect(
      await saveMyPrefs(h.db, worker, { email: "linxiaoyu@example.com", on: EVENT_TYPES.map((e) => `${e}:email`), quietFrom: "00:00", quietTo: "23:59" }),
    ).toMatchObject({ ok: true });
    const day = new Date("2026-12-05T10:00:00+08:00");
    await emit(h.db, "course_assigned", [workerId], { title: "夜间课程" }, "/courses/9", "quiet-1", day);
    const [held] = await h.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.memberId, workerId));
    expect(held?.dueAt.toISOString()).toBe(new Date("2026-12-05T23:59:00+08:00").toISOString());
  });

  it("the sweep emits a quiz opening to its audience and a certificate expiring to its holder, once each", async () => {
    const { quizId } = await publishedQuiz(h.db, { unitCode: "HJ", questions: [sampleOf("truefalse")] });
    const [type] = await h.db.insert(certificateTypes).values({ code: "NOTIFY-T", name: "司炉工证", validityMonths: 48 }).returning();
    if (!type) throw new Error("no certificate type");
    const today = clock.today();
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await h.db
      .insert(memberCertificates)
      .values({ memberId: workerId, certificateTypeId: type.id, number: "NOTIFY-SWEEP-1", issuedOn: "2020-01-01", expiresOn: soon });
    const r = await sweepUpcoming(h.db);
    expect(r.quizOpening).toBeGreaterThan(0);
    expect(r.certificateExpiring).toBeGreaterThan(0);
    const mine = await h.db.select().from(notifications).where(eq(notifications.memberId, workerId));
    expect(mine.find((n) => n.dedupeKey === `quiz:${quizId}:opening`)).toMatchObject({ event: "quiz_opening", href: "/quizzes" });
    const cert = mine.find((n) => n.event === "certificate_expiring" && n.params.day === soon);
    expect(cert).toMatchObject({ params: { name: type.name, day: soon, days: 10 } });
    // Not closing yet (a week left): no closing reminder.
    expect(mine.find((n) => n.dedupeKey === `quiz:${quizId}:closing`)).toBeUndefined();
    // Again: nothing new.
    expect(await sweepUpcoming(h.db)).toEqual({ quizOpening: 0, quizClosing: 0, certificateExpiring: 0 });
    // Twenty hours before it closes: the worker, who has not submitted, hears it once.
    const closesAt = new Date(clock.nowMs() + 20 * 3600_000);
    await h.db.update(quizzes).set({ closesAt }).where(eq(quizzes.id, quizId));
    const c = await sweepUpcoming(h.db);
    expect(c.quizClosing).toBeGreaterThan(0);
    const closing = (await h.db.select().from(notifications).where(eq(notifications.memberId, workerId))).find((n) => n.dedupeKey === `quiz:${quizId}:closing`);
    expect(closing).toMatchObject({ event: "quiz_closing", href: "/quizzes", params: { title: expect.any(String), closesAt: closesAt.toISOString() } });
    expect(await sweepUpcoming(h.db)).toEqual({ quizOpening: 0, quizClosing: 0, certificateExpiring: 0 });
    // A worker who has submitted is not reminded.
    const done = await publishedQuiz(h.db, { unitCode: "HJ", questions: [sampleOf("truefalse")] });
    await h.db.update(quizzes).set({ closesAt }).where(eq(quizzes.id, done.quizId));
    const s = await startAttempt(h.db, { quizId: done.quizId, memberId: workerId });
    if (!s.ok) throw new Error(s.code);
    expect(await submitAttempt(h.db, { attemptId: s.value.attemptId, memberId: workerId })).toMatchObject({ ok: true });
    await sweepUpcoming(h.db);
    const after = await h.db.select().from(notifications).where(eq(notifications.memberId, workerId));
    expect(after.find((n) => n.dedupeKey === `quiz:${done.quizId}:closing`)).toBeUndefined();
  });
});
