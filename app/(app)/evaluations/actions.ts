"use server";

import { dismissEvaluation, evaluationForm, QUESTIONS, submitEvaluation, targetInput } from "@/lib/evaluations";
import { redirectAction } from "@/app/_lib/action";

/** Back to where the card was: the class's card on /classes, or the course page. */
const backTo = (i: { kind?: unknown; id?: unknown }) =>
  typeof i.id === "number" || (typeof i.id === "string" && /^\d{1,10}$/.test(i.id))
    ? i.kind === "course"
      ? `/courses/${i.id}`
      : `/classes#c${i.id}`
    : i.kind === "course"
      ? "/courses"
      : "/classes";
const withDone = (path: string, code: string) => {
  const [base, hash] = path.split("#");
  return `${base}?done=${code}${hash ? `#${hash}` : ""}`;
};

/** The worker rates a class they attended or a course they completed (once). */
export const submitEvaluationAction = redirectAction({
  permission: "self.learn",
  input: evaluationForm,
  back: backTo,
  run: ({ db, user, input }) =>
    submitEvaluation(db, user, { kind: input.kind, id: input.id, scores: Object.fromEntries(QUESTIONS.map((q) => [q, input[q]])), comment: input.comment }),
  done: (_r, { input }) => ({ revalidate: ["/", "/classes", `/courses/${input.id}`], redirect: withDone(backTo(input), "evaluations.thanks") }),
});

/** The worker closes the card without rating: it is not asked again. */
export const dismissEvaluationAction = redirectAction({
  permission: "self.learn",
  input: targetInput,
  back: backTo,
  run: ({ db, user, input }) => dismissEvaluation(db, user, input),
  done: (_r, { input }) => ({ revalidate: ["/", "/classes", `/courses/${input.id}`], redirect: withDone(backTo(input), "evaluations.dismissed") }),
});
