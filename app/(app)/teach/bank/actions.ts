"use server";

import { z } from "zod";
import { fail, ok } from "@/lib/core/result";
import { createQuestion, editQuestion } from "@/lib/quiz/bank";
import { toStored } from "@/lib/quiz/store";
import type { Question } from "@/lib/quiz/types";
import { getQuestion, payloadToQuestion, questionPayload, renameCategory, setArchived } from "@/lib/quiz/admin";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

/**
 * The editor's form: `payload` is the whole question as JSON. Every problem the engine finds
 * (checkQuestion) is an issue on its field, or on `option.<i>` for one option, so the form shows
 * it where it is.
 */
const editorInput = z.object({ id: idField.optional(), payload: z.string().max(400_000) }).transform((o, ctx) => {
  let json: unknown;
  try {
    json = JSON.parse(o.payload);
  } catch {
    ctx.addIssue({ code: "custom", path: ["payload"], message: "errors.invalidInput" });
    return z.NEVER;
  }
  const parsed = questionPayload.safeParse(json);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", path: ["payload"], message: "errors.invalidInput" });
    return z.NEVER;
  }
  const { question, problems } = payloadToQuestion(parsed.data);
  if (!question) {
    for (const p of problems)
      ctx.addIssue({ code: "custom", path: [p.option !== undefined ? `option.${p.option}` : p.field], message: p.code, params: p.params });
    return z.NEVER;
  }
  return { id: o.id, question };
});

const same = (q: Question) => JSON.stringify([toStored(q), q.category, [...q.tags].sort()]);

export const saveQuestionAction = formAction({
  permission: "teach.manage",
  input: editorInput,
  run: async ({ db, user, input }) => {
    if (!input.id) return createQuestion(db, user, input.question);
    const current = await getQuestion(db, user, input.id);
    if (!current) return fail("quizAdmin.question.notFound", undefined, "notFound");
    if (current.shown.question.type !== input.question.type) return fail("quizAdmin.editor.typeLocked");
    // Saving what is already there makes no version: the history shows real changes only.
    if (same(input.question) === same(current.shown.question)) return ok({ questionId: input.id, versionId: 0, version: 0 });
    return editQuestion(db, user, input.id, input.question);
  },
  done: (r) => ({
    revalidate: ["/teach/bank"],
    redirect: r.version === 0 ? `/teach/bank/${r.questionId}?unchanged=1` : `/teach/bank/${r.questionId}?saved=${r.version}`,
  }),
});

export const setArchivedAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, archived: z.enum(["true", "false"]) }),
  back: (i) => (typeof i.id === "number" ? `/teach/bank/${i.id}` : "/teach/bank"),
  run: ({ db, user, input }) => setArchived(db, user, input.id, input.archived === "true"),
  done: (_, { input }) => ({
    revalidate: ["/teach/bank"],
    redirect: `/teach/bank/${input.id}?${input.archived === "true" ? "archivedDone" : "unarchivedDone"}=1`,
  }),
});

/** Renames a category; the outcome comes back in the query string (works without JavaScript). */
export const renameCategoryAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, name: z.string().max(200) }),
  back: (i) => (typeof i.id === "number" ? `/teach/bank?cat=${i.id}` : "/teach/bank"),
  run: ({ db, user, input }) => renameCategory(db, user, input.id, input.name),
  done: (_, { input }) => ({ revalidate: ["/teach/bank"], redirect: `/teach/bank?cat=${input.id}&renamed=1` }),
});
