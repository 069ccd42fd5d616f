"use server";

import { z } from "zod";
import { redirectAction } from "@/app/_lib/action";
import { recountPoints, rulesInput, setRules } from "@/lib/points";

export const saveRulesAction = redirectAction({
  permission: "points.rules",
  input: rulesInput,
  back: () => "/system/points",
  run: ({ db, user, input }) => setRules(db, user, input),
  done: () => ({ revalidate: ["/system/points"], redirect: "/system/points?saved=1" }),
});

export const refreshPointsAction = redirectAction({
  permission: "points.rules",
  input: z.object({}),
  back: () => "/system/points",
  run: ({ db, user }) => recountPoints(db, user),
  done: ({ added, removed }) => ({ revalidate: ["/points"], redirect: `/system/points?added=${added}&removed=${removed}` }),
});
