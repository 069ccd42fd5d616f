"use server";

import { z } from "zod";
import { redirectAction } from "@/app/_lib/action";
import { saveMyPrefs } from "@/lib/notifications/preferences";

const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(100));

/** One's own notification choices: channels per event, the mail address, quiet hours, the messages' language. */
export const savePrefsAction = redirectAction({
  permission: "signedIn",
  input: z.object({
    email: z.string().max(254).default(""),
    on: list,
    quietFrom: z.string().max(5).default(""),
    quietTo: z.string().max(5).default(""),
    locale: z.string().max(10).default(""),
  }),
  back: () => "/notifications/settings",
  run: ({ db, user, input }) => saveMyPrefs(db, user, { ...input, email: input.email.trim() }),
  done: () => ({ redirect: "/notifications/settings?saved=1" }),
});
