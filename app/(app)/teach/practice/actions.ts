"use server";

import { z } from "zod";
import { closePractice, openForPractice } from "@/lib/practice/openings";
import { idField, redirectAction } from "@/app/_lib/action";

const ids = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idField).max(500));

/** Opens a category for practice to units and jobs, or changes who may practise it. */
export const openPracticeAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ categoryId: idField, orgUnitIds: ids, jobIds: ids, includeQuizQuestions: z.literal("on").optional() }),
  back: () => "/teach/practice",
  run: ({ db, user, input }) =>
    openForPractice(db, user, {
      categoryId: input.categoryId,
      orgUnitIds: input.orgUnitIds,
      jobIds: input.jobIds,
      includeQuizQuestions: input.includeQuizQuestions === "on",
    }),
  done: () => ({ redirect: "/teach/practice?done=opened" }),
});

export const closePracticeAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ openingId: idField }),
  back: () => "/teach/practice",
  run: ({ db, user, input }) => closePractice(db, user, input.openingId),
  done: () => ({ redirect: "/teach/practice?done=closed" }),
});
