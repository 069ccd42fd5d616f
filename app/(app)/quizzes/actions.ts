"use server";

import { z } from "zod";
import { startAttempt } from "@/lib/quiz/attempts";
import { idField, redirectAction } from "@/app/_lib/action";

/**
 * Starts or resumes an attempt; works without JavaScript (a plain form post). A quiz that needs
 * an on-site proctor code gets it from the form (typed, or filled in from the proctor's QR code).
 */
export const startQuizAction = redirectAction({
  permission: "self.learn",
  input: z.object({
    quizId: idField,
    proctorCode: z.string().max(20).optional(),
    proctoring: z.preprocess((v) => (v === "" ? undefined : v), idField.optional()),
  }),
  back: () => "/quizzes",
  run: ({ db, user, input }) =>
    startAttempt(db, { quizId: input.quizId, memberId: user.memberId, proctorCode: input.proctorCode, proctoringId: input.proctoring }),
  done: (r) => ({ redirect: `/attempts/${r.attemptId}` }),
});
