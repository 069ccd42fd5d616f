"use server";

import { z } from "zod";
import { fail } from "@/lib/core/result";
import { MAX_FILE_BYTES } from "@/lib/members/import/types";
import { createPaperExam, recordPaperScore } from "@/lib/quiz/paper";
import { correctPaperScore, deletePaperScore } from "@/lib/quiz/paper-correct";
import { importPaperScores, previewPaperImport } from "@/lib/quiz/paper-import";
import { formAction, idField, redirectAction } from "@/app/_lib/action";
import { confirmField, previewOrWrite } from "@/app/_lib/import-preview";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
/** A sitting's page, from the parsed input (or the raw fields when they did not parse). */
const sitting = (i: Record<string, unknown>) => {
  const quiz = idField.safeParse(i.quizId);
  const paper = idField.safeParse(i.paperId);
  return quiz.success && paper.success ? `/teach/quizzes/${quiz.data}/paper/${paper.data}` : "/teach/quizzes";
};

/** A paper sitting of the quiz at a station; the lib checks that the quiz is the actor's to change and the station in scope. */
export const createPaperExamAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ quizId: idField, orgUnitId: idField }),
  back: (i) => (typeof i.quizId === "number" ? `/teach/quizzes/${i.quizId}/paper` : "/teach/quizzes"),
  run: ({ db, user, input }) => createPaperExam(db, user, input),
  done: (r, { input }) => ({ redirect: `/teach/quizzes/${input.quizId}/paper/${r.id}`, revalidate: [`/teach/quizzes/${input.quizId}/paper`] }),
});

/** One member's total score from the paper. */
export const recordPaperScoreAction = redirectAction({
  permission: "teach.manage",
  input: z.object({
    quizId: idField,
    paperId: idField,
    employeeNo: z.string().trim().min(1, "errors.required").max(32),
    version: z.enum(["A", "B"]),
    score: z.string().trim().min(1, "errors.required").max(12),
  }),
  back: sitting,
  run: ({ db, user, input }) => recordPaperScore(db, user, input),
  done: (r, { input }) => ({
    redirect: `${sitting(input)}?${new URLSearchParams({ [r.outcome === "unchanged" ? "unchanged" : "saved"]: r.name })}`,
    revalidate: [`/teach/quizzes/${input.quizId}/results`],
  }),
});

const fixFields = { quizId: idField, paperId: idField, attemptId: idField, reason: z.string().trim().min(1, "paper.fix.reasonRequired").max(500) };

/** Most questions a paper sitting's correction takes per question. */
const MAX_ITEMS = 500;

/** The 更正 dialog's per-question fields `item.<draw position>` as the list by position; none: the total alone is corrected. */
function itemsOf(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const fields = raw as Record<string, unknown>;
  const positions = Object.keys(fields).flatMap((k) => (/^item\.\d{1,3}$/.test(k) ? [Number(k.slice(5))] : []));
  if (!positions.length) return fields;
  const n = Math.min(Math.max(...positions), MAX_ITEMS);
  return { ...fields, items: Array.from({ length: n }, (_, i) => fields[`item.${i + 1}`] ?? "") };
}

/**
 * Corrects a member's paper score with a reason — the total, or each question's points where the
 * attempt has them; the lib checks the sitting, the member's scope and that it is a paper attempt of this quiz.
 */
export const correctPaperScoreAction = redirectAction({
  permission: "teach.manage",
  input: z.preprocess(
    itemsOf,
    z.object({
      ...fixFields,
      version: z.enum(["A", "B"]),
      score: z.string().trim().max(12).optional(),
      items: z.array(z.string().trim().max(12)).max(MAX_ITEMS).optional(),
    }),
  ),
  back: sitting,
  run: ({ db, user, input }) => correctPaperScore(db, user, input),
  done: (r, { input }) => ({
    redirect: `${sitting(input)}?${new URLSearchParams({ [r.outcome === "unchanged" ? "unchanged" : "corrected"]: r.name })}`,
    revalidate: [`/teach/quizzes/${input.quizId}/results`],
  }),
});

/** Deletes a member's paper score with a reason; their result is recomputed from what is left. */
export const deletePaperScoreAction = redirectAction({
  permission: "teach.manage",
  input: z.object(fixFields),
  back: sitting,
  run: ({ db, user, input }) => deletePaperScore(db, user, input),
  done: (r, { input }) => ({
    redirect: `${sitting(input)}?${new URLSearchParams({ deleted: r.name })}`,
    revalidate: [`/teach/quizzes/${input.quizId}/results`],
  }),
});

/** The scores of a sitting from a spreadsheet, through the shared import preview (all rows or none). */
export const importPaperScoresAction = formAction({
  permission: "teach.manage",
  input: z.object({
    paperId: idField,
    file: z.instanceof(File, { message: "import.errors.empty" }).refine((f) => f.size > 0, "import.errors.empty"),
    confirm: confirmField,
  }),
  run: async ({ db, user, input, t }) => {
    if (input.file.size > MAX_FILE_BYTES) return fail("import.errors.tooLarge", { size: mb(input.file.size), limit: mb(MAX_FILE_BYTES) }, "tooLarge");
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    return previewOrWrite(
      t,
      input.confirm,
      () => previewPaperImport(db, user, input.paperId, bytes),
      (digest) => importPaperScores(db, user, input.paperId, bytes, { digest }),
    );
  },
  done: (r) => ("preview" in r ? { data: r.preview } : { message: "paper.page.imported", params: r.written }),
});
