import { forbidden } from "next/navigation";
import { getDb } from "@/db";
import type { CurrentUser } from "@/lib/auth/accounts";
import { requirePermission } from "@/lib/auth/session";
import { mayChangeQuiz } from "@/lib/quiz/admin";

/** The signed-in trainer, when they may change this quiz (lib/quiz/admin mayChangeQuiz); else a 403. */
export async function requireQuizChange(quizId: number): Promise<CurrentUser> {
  const user = await requirePermission("teach.manage");
  if (!(await mayChangeQuiz(await getDb(), user, quizId))) forbidden();
  return user;
}
