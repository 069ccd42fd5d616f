import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { load, wrongQuestions } from "./view";
import { bookQuizWrongs } from "./wrong-book";

/** Attempts booked per run at most; the next run takes the rest. */
const BATCH = 200;

/**
 * The 错题本 for quizzes whose review shows the answers only later (e.g. after close): a worker's
 * wrong answers go into their book once the policy that applies shows the correct answer, whether
 * or not they open the review again. Finds the submitted, real attempts not yet booked
 * (wrong_book_attempts) whose quiz shows answers after submitting, or after closing once the
 * review after closing applies (closed or past closing time, and no one's attempt can still be
 * saved or submitted — the rule of getAttemptReview), and books each as the review does.
 * Idempotent: an attempt is booked once (bookQuizWrongs); run by the points job.
 */
export async function bookReviewedWrongs(db: Db, now = clock.now()): Promise<{ booked: number }> {
  const ts = now.toISOString();
  let booked = 0;
  for (;;) {
    const due = rowsOf<{ id: number; member_id: number }>(
      await db.execute(sql`SELECT a.id, a.member_id FROM attempts a JOIN quizzes q ON q.id = a.quiz_id
        WHERE a.state = 'submitted' AND NOT a.preview
          AND NOT EXISTS (SELECT 1 FROM wrong_book_attempts w WHERE w.attempt_id = a.id)
          AND (
            (q.review_after_submit->>'answer')::boolean
            OR ((q.review_after_close->>'answer')::boolean
              AND (q.status = 'closed' OR q.closes_at <= ${ts}::timestamptz)
              AND NOT EXISTS (SELECT 1 FROM attempts o WHERE o.quiz_id = q.id AND o.state = 'in_progress' AND NOT o.preview
                AND o.deadline_at + make_interval(secs => q.grace_s) >= ${ts}::timestamptz))
          )
        ORDER BY a.id LIMIT ${BATCH}`),
    );
    let done = 0;
    for (const r of due) {
      const data = await load(db, Number(r.id));
      if (!data) continue;
      await bookQuizWrongs(db, { id: Number(r.id), memberId: Number(r.member_id) }, wrongQuestions(data), now);
      done += 1;
    }
    booked += done;
    if (due.length < BATCH || done === 0) return { booked };
  }
}
