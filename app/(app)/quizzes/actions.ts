"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { startAttempt } from "@/lib/quiz/attempts";

/** Starts or resumes an attempt; works without JavaScript (a plain form post). */
export async function startQuizAction(form: FormData) {
  const user = await requirePermission("self.learn");
  const quizId = Number(form.get("quizId"));
  if (!Number.isInteger(quizId) || quizId <= 0) redirect("/quizzes");
  const r = await startAttempt(await getDb(), { quizId, memberId: user.memberId });
  if (!r.ok) redirect(`/quizzes?error=${encodeURIComponent(r.code)}&allowed=${encodeURIComponent(String(r.params?.allowed ?? ""))}`);
  redirect(`/attempts/${r.value.attemptId}`);
}
