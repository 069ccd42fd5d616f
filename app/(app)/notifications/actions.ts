"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ok } from "@/lib/core/result";
import { markAllRead, openNotification } from "@/lib/notifications";
import { idField, redirectAction } from "@/app/_lib/action";
import { safeReturnPath } from "@/app/_lib/request";

// The bell in the layout counts unread ones: the whole layout, not just this page, is stale.
const refreshBell = () => revalidatePath("/", "layout");

export const markAllReadAction = redirectAction({
  permission: "signedIn",
  input: z.object({}),
  back: () => "/notifications",
  run: async ({ db, user }) => {
    await markAllRead(db, user);
    refreshBell();
    return ok();
  },
});

/** Opens one of one's own reminders: marks it read, then goes where it points (a path in this app only). */
export const openNotificationAction = redirectAction({
  permission: "signedIn",
  input: z.object({ id: idField }),
  back: () => "/notifications",
  run: async ({ db, user, input }) => {
    const r = await openNotification(db, user, input.id);
    if (r.ok) refreshBell();
    return r;
  },
  done: (n) => ({ redirect: safeReturnPath(n.href) }),
});
