"use server";

import { z } from "zod";
import { saveAudience, saveOverride } from "@/lib/quiz/admin";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

const idList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idField).max(500));

export const saveAudienceAction = formAction({
  permission: "teach.manage",
  input: z.object({ quizId: idField, unit: idList, job: idList }),
  run: ({ db, user, input }) => saveAudience(db, user, input.quizId, { orgUnitIds: input.unit, jobIds: input.job }),
  done: (_, { input }) => ({ message: "quizAdmin.audience.saved", revalidate: [`/teach/quizzes/${input.quizId}`, `/teach/quizzes/${input.quizId}/audience`] }),
});

/** A whole number from 0 to `max` as typed (empty is 0); anything else is refused on its field with the range. */
const count = (max: number) =>
  z.unknown().transform((v, ctx) => {
    const s = v === undefined ? "0" : String(v).trim() || "0";
    const n = /^\d{1,5}$/.test(s) ? Number(s) : NaN;
    if (!(n <= max)) {
      ctx.addIssue({ code: "custom", message: "quizAdmin.form.errors.range", params: { min: 0, max } });
      return z.NEVER;
    }
    return n;
  });

const overrideInput = z.object({
  quizId: idField,
  employeeNo: z.string().trim().min(1, "errors.required").max(32),
  extraMinutes: count(1440),
  extraAttempts: count(20),
});

/** Extra time and attempts for one member (both zero removes them). */
export const saveOverrideAction = formAction({
  permission: "teach.manage",
  input: overrideInput,
  run: ({ db, user, input }) =>
    saveOverride(db, user, input.quizId, { employeeNo: input.employeeNo, extraTimeS: input.extraMinutes * 60, extraAttempts: input.extraAttempts }),
  done: (r, { input }) => ({
    message: input.extraMinutes === 0 && input.extraAttempts === 0 ? "quizAdmin.overrides.removed" : "quizAdmin.overrides.saved",
    params: { name: r.name },
    revalidate: [`/teach/quizzes/${input.quizId}/audience`],
  }),
});

/** The list's remove button: the same as saving zeros. */
export const removeOverrideAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ quizId: idField, employeeNo: z.string().trim().min(1).max(32) }),
  back: (i) => (typeof i.quizId === "number" ? `/teach/quizzes/${i.quizId}/audience` : "/teach/quizzes"),
  run: ({ db, user, input }) => saveOverride(db, user, input.quizId, { employeeNo: input.employeeNo, extraTimeS: 0, extraAttempts: 0 }),
  done: (_, { input }) => ({ revalidate: [`/teach/quizzes/${input.quizId}/audience`] }),
});
