import { z } from "zod";
import { ok, type Result } from "@/lib/core/result";
import { messagesFor, type Messages } from "@/lib/i18n";
import { getAttemptView, startAttempt } from "@/lib/quiz/attempts";
import type { AttemptView } from "@/lib/quiz/attempts/view";
import { getLocale } from "@/app/_lib/i18n";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

interface Started {
  attemptId: number;
  resumed: boolean;
  view?: AttemptView;
  m?: Messages["quizTake"];
}

/**
 * Starts (or resumes) the signed-in worker's attempt at a quiz; with the proctor code when the quiz
 * needs one. With `view: true` the answer also carries the attempt's questions and the attempt
 * page's messages, so the quiz list shows the attempt at once instead of loading its page (a
 * quiz storm's thousands of starts then cost no page render each; app/(app)/quizzes/start-form.tsx).
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "quizTake.errors.notFound",
  body: z.object({ proctorCode: z.string().max(20).optional(), proctoring: idParam.optional(), view: z.boolean().optional() }).strict(),
  maxBytes: 1024,
  run: async ({ db, user, params, body }): Promise<Result<Started>> => {
    const started = await startAttempt(db, { quizId: params.id, memberId: user.memberId, proctorCode: body.proctorCode, proctoringId: body.proctoring });
    if (!started.ok || !body.view) return started;
    const view = await getAttemptView(db, started.value.attemptId, user.memberId);
    if (!view.ok) return view;
    return ok({ ...started.value, view: view.value, m: messagesFor(await getLocale()).quizTake });
  },
  respond: (out) => ({ attemptId: out.attemptId, resumed: out.resumed, ...(out.view ? { view: out.view, m: out.m } : {}) }),
});
