"use server";

import { idField, redirectAction, formAction } from "@/app/_lib/action";
import { createPlan, lineInput, planInput, removeLine, removeLineInput, saveLine } from "@/lib/plans/plans";

/** A manager makes the plan of a unit in their scope for a year; the lib checks the scope. */
export const createPlanAction = redirectAction({
  permission: "roster.read",
  input: planInput,
  back: (i) => `/manage/plans?year=${encodeURIComponent(String(i.year ?? ""))}`,
  run: ({ db, user, input }) => createPlan(db, user, input),
  done: (v) => ({ revalidate: ["/manage/plans"], redirect: `/manage/plans/${v.id}?created=1` }),
});

const planPage = (id: unknown) => {
  const ok = idField.safeParse(id);
  return ok.success ? `/manage/plans/${ok.data}` : "/manage/plans";
};

/** Adds or changes a line of a plan; a refused post keeps what was typed. */
export const saveLineAction = formAction({
  permission: "roster.read",
  input: lineInput,
  run: ({ db, user, input }) => saveLine(db, user, input),
  done: (_, { input }) => ({ message: "plans.saved", revalidate: [planPage(input.planId)] }),
});

/** Removes a line of a plan. */
export const removeLineAction = redirectAction({
  permission: "roster.read",
  input: removeLineInput,
  back: (i) => planPage(i.planId),
  run: ({ db, user, input }) => removeLine(db, user, input),
  done: (_, { input }) => ({ revalidate: [planPage(input.planId)], redirect: `${planPage(input.planId)}?removed=1` }),
});
