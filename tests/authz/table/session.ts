import type { ActionEntry, RouteEntry } from "../types";
import { ALL } from "./common";

/** Signing in and out, one's own password, language, reminders, Auth.js's own routes. */

const SIGNED_IN = ["trainer10", "manager09", "worker09", "worker11"] as const;
const OWN_ONLY = "it acts on the caller's own session, cookie or reminders only";

export const sessionActions: ActionEntry[] = [
  {
    key: "app/login/actions.ts#signInAction",
    probes: [
      {
        who: ALL,
        why: "signing in as someone else with a wrong password",
        call: (fx) => ({ form: { employeeNo: fx.members.m08c.employeeNo, password: "Wrong#2026pass", returnTo: "/" } }),
      },
    ],
    control: {
      as: "instructor09",
      expect: "succeeds",
      call: (fx) => ({ form: { employeeNo: fx.accounts.instructor09.employeeNo, password: fx.accounts.instructor09.password, returnTo: "/" } }),
    },
  },
  {
    key: "app/account/password/actions.ts#changePasswordAction",
    probes: [
      {
        who: ALL,
        why: "a new password without knowing the current one",
        call: () => ({ form: { current: "Wrong#2026pass", next: "Matrix#2026next", confirm: "Matrix#2026next" } }),
      },
    ],
    control: {
      as: "instructor09",
      expect: "changes",
      call: (fx) => ({ form: { current: fx.accounts.instructor09.password, next: "Matrix#2026next", confirm: "Matrix#2026next" } }),
    },
  },
  {
    key: "app/_lib/locale-actions.ts#setLocaleAction",
    probes: [
      {
        who: ALL,
        why: "nothing to aim at: the caller's own language cookie",
        expect: "unchanged",
        because: OWN_ONLY,
        call: () => ({ form: { locale: "en" } }),
      },
    ],
    control: { none: "it sets a cookie in the caller's browser and answers nothing to read" },
  },
  {
    key: "app/(app)/layout.tsx#$$RSC_SERVER_ACTION_0",
    shape: "args",
    probes: [
      {
        who: SIGNED_IN,
        why: "signing out: nothing to aim at but their own session",
        expect: "allowed",
        because: OWN_ONLY,
        writes: [],
        call: () => ({ args: [] }),
      },
      { who: ["anonymous"], why: "signing out without a session", expect: "unchanged", because: OWN_ONLY, call: () => ({ args: [] }) },
    ],
    control: { none: "signing out needs no right and ends only the caller's own session" },
  },
  {
    key: "app/(app)/notifications/actions.ts#markAllReadAction",
    probes: [{ who: ALL, why: "marking read: someone else's reminder stays unread", expect: "unchanged", because: OWN_ONLY, call: () => ({ form: {} }) }],
    control: { as: "worker08", expect: "changes", call: () => ({ form: {} }) },
  },
  {
    key: "app/(app)/notifications/actions.ts#openNotificationAction",
    probes: [
      {
        who: ALL,
        why: "opening someone else's reminder",
        expect: "unchanged",
        because: "it goes on to the link either way; only the caller's own reminder may be marked read",
        call: (fx) => ({ form: { id: String(fx.notifications.other), href: "/classes" } }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { id: String(fx.notifications.own08), href: "/classes" } }) },
  },
  {
    key: "app/(app)/notifications/settings/actions.ts#savePrefsAction",
    probes: [
      {
        who: SIGNED_IN,
        why: "notification choices: there is no one else's to aim at, the form saves the caller's own",
        expect: "allowed",
        because: "it writes the caller's own row of notification_prefs only (the member comes from the session, never the form)",
        writes: ["notification_prefs"],
        call: () => ({ form: { email: "probe@example.com", on: "essay_graded:email", quietFrom: "", quietTo: "" } }),
      },
      { who: ["anonymous"], why: "notification choices without a session", call: () => ({ form: { email: "probe@example.com", quietFrom: "", quietTo: "" } }) },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: () => ({ form: { email: "w08@example.com", on: "essay_graded:email", quietFrom: "22:00", quietTo: "07:00" } }),
    },
  },
  {
    key: "app/(app)/system/notify/actions.ts#saveChannelsAction",
    probes: [
      {
        who: ALL,
        why: "the site's notification channels (a webhook pointed elsewhere would leak every member's notices)",
        call: () => ({ form: { wecomOn: "on", wecomUrl: "http://127.0.0.1:9/probe", mailFrom: "" } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: () => ({ form: { wecomOn: "on", wecomUrl: "http://127.0.0.1:9/control", mailFrom: "" } }) },
  },
];

/** A browser's push subscription as PushSubscription.toJSON() gives it (keys of the right lengths). */
const subscription = (endpoint: string) =>
  JSON.stringify({
    subscription: {
      endpoint,
      keys: { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 5)]).toString("base64url"), auth: Buffer.alloc(16, 3).toString("base64url") },
    },
  });

export const sessionRoutes: RouteEntry[] = [
  {
    key: "app/api/push/subscription/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "ending another member's browser subscription (m08b's)",
        expect: "unchanged",
        because: "only the caller's own subscription with that endpoint is removed; another member's stays",
        call: () => ({ path: "/api/push/subscription", body: JSON.stringify({ remove: "https://fcm.googleapis.com/fcm/send/matrix-m08b" }) }),
      },
      {
        who: ALL,
        why: "a subscription pointing the server at an address that is no push service",
        call: () => ({ path: "/api/push/subscription", body: subscription("http://127.0.0.1:5432/probe") }),
      },
      {
        who: SIGNED_IN,
        why: "this browser's subscription: nobody else's to aim at, the member comes from the session",
        expect: "allowed",
        because: "it writes one row of push_subscriptions for the caller",
        writes: ["push_subscriptions"],
        call: (_fx, who) => ({ path: "/api/push/subscription", body: subscription(`https://fcm.googleapis.com/fcm/send/probe-${who}`) }),
      },
      {
        who: ["anonymous"],
        why: "a subscription without a session",
        call: () => ({ path: "/api/push/subscription", body: subscription("https://fcm.googleapis.com/fcm/send/anon") }),
      },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: () => ({ path: "/api/push/subscription", body: subscription("https://fcm.googleapis.com/fcm/send/control") }),
    },
  },
  {
    key: "app/api/auth/[...nextauth]/route.ts#GET",
    probes: [
      { who: ALL, why: "the session: answers about the caller only", expect: "unchanged", because: OWN_ONLY, call: () => ({ path: "/api/auth/session" }) },
    ],
    control: { as: "admin", expect: "succeeds", call: () => ({ path: "/api/auth/session" }) },
  },
  {
    key: "app/api/auth/[...nextauth]/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "a session from a forged sign-in ticket",
        call: (fx) => ({
          path: "/api/auth/callback/credentials",
          body: new URLSearchParams({ ticket: `${fx.accounts.admin.userId}.1.forged`, callbackUrl: "/" }).toString(),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      },
    ],
    control: { none: "tickets are minted only by the sign-in action after it checked the password: no caller holds a valid one" },
  },
];
