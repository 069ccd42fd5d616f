"use server";

import { redirectAction } from "@/app/_lib/action";
import { defaultsInput, setInductionDefaults } from "@/lib/induction/settings";

/** A whole-area admin sets each induction level's default hours and content; the lib checks it. */
export const saveInductionDefaultsAction = redirectAction({
  permission: "hours.rules",
  input: defaultsInput,
  back: () => "/system/induction",
  run: ({ db, user, input }) => setInductionDefaults(db, user, input),
  done: () => ({ revalidate: ["/system/induction"], redirect: "/system/induction?saved=1" }),
});
