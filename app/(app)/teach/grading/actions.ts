"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { translateCode } from "@/lib/i18n";
import { readNumber, saveManualGrade } from "@/lib/quiz/admin";
import { getT } from "@/app/_lib/i18n";

export interface GradeState {
  ok?: string;
  error?: string;
  fields?: Record<string, string>;
}

const gradeInput = z.object({
  attemptId: z.coerce.number().int().positive(),
  position: z.coerce.number().int().positive(),
  score: z.string().max(20),
  feedback: z.string().default(""),
  next: z.string().optional(),
});

export async function gradeAnswerAction(_prev: GradeState, form: FormData): Promise<GradeState> {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const parsed = gradeInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: t("errors.invalidInput") };
  const { attemptId, position, feedback, next } = parsed.data;
  const score = readNumber(parsed.data.score);
  if (score === null) return { error: t("errors.invalidInput"), fields: { score: parsed.data.score.trim() ? t("errors.invalidInput") : t("quizAdmin.grading.badScore") } };
  const r = await saveManualGrade(await getDb(), user, { attemptId, position, score, feedback });
  if (!r.ok) {
    const message = translateCode(t, r.code, r.params);
    return r.code === "quiz.grade.badManualScore" ? { error: message, fields: { score: message } } : { error: message };
  }
  revalidatePath("/teach/grading");
  revalidatePath("/teach/quizzes", "layout");
  // "Save and next" goes on to the next answer in the queue; its address came with the form.
  if (next && /^\/teach\/grading\/\d+\/\d+$/.test(next)) redirect(next);
  return { ok: r.value.pending ? t("quizAdmin.grading.savedPending") : t("quizAdmin.grading.saved", { score: r.value.score, max: r.value.max }) };
}
