import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attempts } from "@/db/schema";
import { fail, notFound, ok, type Result } from "@/lib/core/result";
import { attemptFacts } from "./facts";
import { finishIfOverdue, gradeAttempt, recomputeResult } from "./finish";
import { writeAnswers, type AnswerInput } from "./save";
import { metrics } from "@/lib/core/metrics";
import * as clock from "@/lib/core/clock";

export interface SubmitOutcome {
  state: "submitted" | "abandoned";
  score: number | null;
  max: number | null;
  pendingGrading: boolean;
}

/**
 * Submits an attempt, with any answers the browser had not yet had confirmed. Idempotent: a
 * repeated or concurrent submit finds the attempt finished and answers with the same result;
 * it is graded exactly once (the state change is the guard).
 */
export async function submitAttempt(db: Db, input: SubmitInput): Promise<Result<SubmitOutcome>> {
  const r = await submitOnce(db, input);
  metrics().quizSubmits.inc({ outcome: r.ok ? r.value.state : "refused" });
  return r;
}

type SubmitInput = { attemptId: number; memberId: number; answers?: AnswerInput[]; now?: Date };

async function submitOnce(db: Db, input: SubmitInput): Promise<Result<SubmitOutcome>> {
  const now = input.now ?? clock.now();
  const facts = await attemptFacts(db, input.attemptId);
  if (!facts || facts.memberId !== input.memberId) return notFound("quizTake.errors.attemptNotFound");
  if (input.answers?.length) {
    const saved = await writeAnswers(db, { attemptId: input.attemptId, memberId: input.memberId, answers: input.answers, now });
    // Answers after the deadline are refused but the submit still counts what was saved in time.
    // New answers for an attempt already finished (the quiz was closed meanwhile) are refused with
    // the submit: the worker must learn they were not taken. A retried submit brings nothing new.
    if (!saved.ok && saved.code !== "quizTake.errors.timeUp") return saved;
  }
  await db.transaction(async (tx) => {
    const won =
      now <= facts.submitUntil
        ? await tx
            .update(attempts)
            .set({ state: "submitted", submittedAt: now })
            .where(and(eq(attempts.id, facts.attemptId), eq(attempts.state, "in_progress")))
            .returning({ id: attempts.id })
        : [];
    if (won.length) {
      await gradeAttempt(tx, facts.attemptId);
      if (!facts.preview) await recomputeResult(tx, facts.quizId, facts.memberId);
    } else {
      await finishIfOverdue(tx, facts.attemptId, now);
    }
  });
  const [a] = await db.select().from(attempts).where(eq(attempts.id, facts.attemptId));
  if (!a) return notFound("quizTake.errors.attemptNotFound");
  if (a.state === "in_progress") return fail("quizTake.errors.badRequest");
  return ok({ state: a.state, score: a.score, max: a.maxScore, pendingGrading: a.needsGrading });
}
