import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { wrongBook, wrongBookAttempts } from "@/db/schema";

/**
 * Puts the questions a worker got wrong (or partly wrong) in a quiz attempt into their 错题本
 * (wrong-answer book, lib/practice), once per attempt: called when the attempt's review shows the
 * correct answers, so the book never tells more than the review does. A question already in the
 * book starts its run of right answers again. Essays are left out (practice grades at once).
 */
export async function bookQuizWrongs(db: Db, attempt: { id: number; memberId: number }, wrongQuestionIds: readonly number[], now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const first = await tx
      .insert(wrongBookAttempts)
      .values({ attemptId: attempt.id, bookedAt: now })
      .onConflictDoNothing()
      .returning({ id: wrongBookAttempts.attemptId });
    if (!first.length || !wrongQuestionIds.length) return;
    await tx
      .insert(wrongBook)
      .values(
        [...new Set(wrongQuestionIds)].map((questionId) => ({ memberId: attempt.memberId, questionId, source: "quiz" as const, streak: 0, addedAt: now })),
      )
      .onConflictDoUpdate({ target: [wrongBook.memberId, wrongBook.questionId], set: { streak: sql`0` } });
  });
}
