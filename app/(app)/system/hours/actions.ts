"use server";

import { redirectAction } from "@/app/_lib/action";
import { minimumsInput, setMinimums } from "@/lib/hours/settings";

/** A whole-area admin sets the 学时 minimums and the categories that count; the lib checks it. */
export const saveMinimumsAction = redirectAction({
  permission: "hours.rules",
  input: minimumsInput,
  back: () => "/system/hours",
  run: ({ db, user, input }) => setMinimums(db, user, input),
  done: () => ({ revalidate: ["/system/hours", "/manage/hours"], redirect: "/system/hours?saved=1" }),
});
