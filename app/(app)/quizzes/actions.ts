"use server";

import { z } from "zod";
import { startAttempt } from "@/lib/quiz/attempts";
import { idField, redirectAction } from "@/app/_lib/action";

/** Starts or resumes an attempt; works without JavaScript (a plain form post). */
export const startQuizAction = redirectAction({
  permission: "self.learn",
  input: z.object({ quizId: idField }),
  back: () => "/quizzes",
  run: ({ db, user, input }) => startAttempt(db, { quizId: input.quizId, memberId: user.memberId }),
  done: (r) => ({ redirect: `/attempts/${r.attemptId}` }),
});
