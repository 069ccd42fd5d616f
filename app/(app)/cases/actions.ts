"use server";

import { z } from "zod";
import { acknowledgeCase, answerCaseQuestion } from "@/lib/cases";
import { idField, redirectAction } from "@/app/_lib/action";
import { answerFields } from "../practice/answer-fields";
import { formResponse } from "@/lib/practice/form";

const caseBack = (i: { caseId?: unknown }) =>
  typeof i.caseId === "number" || (typeof i.caseId === "string" && /^\d{1,10}$/.test(i.caseId)) ? `/cases/${i.caseId}` : "/cases";

/** 我已阅读并知晓: the worker acknowledges one of their own cases. */
export const acknowledgeCaseAction = redirectAction({
  permission: "self.learn",
  input: z.object({ caseId: idField }),
  back: caseBack,
  run: ({ db, user, input }) => acknowledgeCase(db, user, input.caseId),
  done: (_r, { input }) => ({ revalidate: ["/cases", "/"], redirect: `/cases/${input.caseId}#questions` }),
});

/**
 * Answers one question of the worker's case, checked on the server; the page then shows the
 * feedback. Read as practice reads its form (`formResponse`: every practised type, a 案例分析
 * group's parts included).
 */
export const answerCaseAction = redirectAction({
  permission: "self.learn",
  input: z.object({ ...answerFields, caseId: idField }),
  back: caseBack,
  run: ({ db, user, input, form }) => answerCaseQuestion(db, user, { caseId: input.caseId, questionId: input.questionId, response: formResponse(form) }),
  done: (_r, { input }) => ({ revalidate: ["/cases", "/", "/practice"], redirect: `/cases/${input.caseId}?answered=${input.questionId}#q${input.questionId}` }),
});
