"use server";

import { z } from "zod";
import { redirectAction } from "@/app/_lib/action";
import { saveChannels } from "@/lib/notifications/channels";

const box = z.preprocess((v) => v === "on" || v === "true", z.boolean());
const field = (max: number) => z.string().max(max).default("");
const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(10));

/** The site's notification channels (whole-area administrators): Web Push, SMTP, 企业微信, 钉钉, SMS. */
export const saveChannelsAction = redirectAction({
  permission: "system.operate",
  input: z.object({
    pushOn: box,
    emailOn: box,
    wecomOn: box,
    dingtalkOn: box,
    smsOn: box,
    mailFrom: field(200),
    smtpUrl: field(500),
    wecomUrl: field(500),
    dingtalkUrl: field(500),
    dingtalkSecret: field(200),
    sms: field(500),
    clear: list,
  }),
  back: () => "/system/notify",
  run: ({ db, user, input }) => saveChannels(db, user, input),
  done: () => ({ redirect: "/system/notify?saved=1" }),
});
