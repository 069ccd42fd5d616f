"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { startAttempt } from "@/lib/quiz/attempts";
import { closeQuiz, createQuiz, publishQuiz, updateQuiz } from "@/lib/quiz/quizzes";
import { formValuesFrom, parseQuizForm, type QuizFormValues } from "@/lib/quiz/admin";
import { idField, redirectAction } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { requireQuizChange } from "./guard";
import { timeZone } from "@/lib/core/clock";

export interface QuizFormState {
  error?: string;
  fields?: Record<string, string>;
  /** What was posted, so a refused form shows it again rather than the stored values. */
  values?: QuizFormValues;
  /** Grows with every refused post: the form remounts with `values`. */
  seq?: number;
}

export async function saveQuizAction(prev: QuizFormState, form: FormData): Promise<QuizFormState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const id = Number(form.get("id") || 0);
  if (id) await requireQuizChange(id);
  const values = formValuesFrom((name) => {
    const v = form.get(name);
    return typeof v === "string" ? v : null;
  });
  const parsed = parseQuizForm(values, timeZone());
  const seq = (prev.seq ?? 0) + 1;
  if (!parsed.ok) {
    const fields = Object.fromEntries(Object.entries(parsed.fields).map(([k, e]) => [k, t(e.key, e.params)]));
    return { error: t("errors.invalidInput"), fields, values, seq };
  }
  const db = await getDb();
  if (id) {
    const r = await updateQuiz(db, user.userId, id, parsed.input);
    if (!r.ok) return { error: translateCode(t, r.code, r.params), values, seq };
    revalidatePath("/teach/quizzes");
    redirect(`/teach/quizzes/${id}?saved=1`);
  }
  const { id: made } = await createQuiz(db, user.userId, parsed.input);
  revalidatePath("/teach/quizzes");
  redirect(`/teach/quizzes/${made}/questions?created=1`);
}

const idInput = z.object({ quizId: z.coerce.number().int().positive() });

/** Publish or close; the outcome comes back in the query string (works without JavaScript). */
export async function publishQuizAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const parsed = idInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) redirect("/teach/quizzes");
  await requireQuizChange(parsed.data.quizId);
  const r = await publishQuiz(await getDb(), user.userId, parsed.data.quizId);
  revalidatePath("/teach/quizzes");
  if (!r.ok) redirect(`/teach/quizzes/${parsed.data.quizId}?error=${encodeURIComponent(r.code)}&${new URLSearchParams(Object.entries(r.params ?? {}).map(([k, v]) => [`p.${k}`, String(v)]))}`);
  redirect(`/teach/quizzes/${parsed.data.quizId}?published=1`);
}

/** Closes the quiz now; attempts still open are finished by its overdue rule first (lib closeQuiz). */
export const closeQuizAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ quizId: idField }),
  back: (i) => (typeof i.quizId === "number" ? `/teach/quizzes/${i.quizId}` : "/teach/quizzes"),
  run: ({ db, user, input }) => closeQuiz(db, user, input.quizId),
  done: (_, { input }) => ({ revalidate: ["/teach/quizzes"], redirect: `/teach/quizzes/${input.quizId}?closed=1` }),
});

/** The trainer takes the quiz as a worker would: a preview attempt of their own, never counted. */
export async function previewQuizAction(form: FormData): Promise<void> {
  const user = await requirePermission("teach.manage");
  const parsed = idInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) redirect("/teach/quizzes");
  const r = await startAttempt(await getDb(), { quizId: parsed.data.quizId, memberId: user.memberId, preview: true });
  if (!r.ok) redirect(`/teach/quizzes/${parsed.data.quizId}?error=${encodeURIComponent(r.code)}&${new URLSearchParams(Object.entries(r.params ?? {}).map(([k, v]) => [`p.${k}`, String(v)]))}`);
  redirect(`/attempts/${r.value.attemptId}`);
}
