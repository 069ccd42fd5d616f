"use server";

import { z } from "zod";
import { readNumber, saveManualGrade } from "@/lib/quiz/admin";
import { formAction, idField } from "@/app/_lib/action";
import { MAX_PARTS } from "@/lib/quiz/types";

const gradeInput = z.object({
  attemptId: idField,
  position: idField,
  part: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(MAX_PARTS).optional()),
  score: z
    .string()
    .max(20)
    .transform((s, ctx) => {
      const n = readNumber(s);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: s.trim() ? "errors.invalidInput" : "quizAdmin.grading.badScore" });
        return z.NEVER;
      }
      return n;
    }),
  feedback: z.string().max(10_000).default(""),
  next: z.string().max(100).optional(),
});

/** A trainer's score and feedback for one essay answer (or a group's essay part); "save and next" goes on to the next one waiting. */
export const gradeAnswerAction = formAction({
  permission: "teach.manage",
  input: gradeInput,
  run: ({ db, user, input }) =>
    saveManualGrade(db, user, { attemptId: input.attemptId, position: input.position, part: input.part ?? null, score: input.score, feedback: input.feedback }),
  done: (r, { input }) => ({
    message: r.pending ? "quizAdmin.grading.savedPending" : "quizAdmin.grading.saved",
    params: { score: r.score, max: r.max },
    revalidate: ["/teach/grading", "/teach/quizzes"],
    // Its address came with the form: only a grading page of this app.
    redirect: input.next && /^\/teach\/grading\/\d{1,10}\/\d{1,10}(\?part=\d{1,2})?$/.test(input.next) ? input.next : undefined,
  }),
});
