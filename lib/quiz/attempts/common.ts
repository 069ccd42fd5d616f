import type { SQL } from "drizzle-orm";
import { inAudienceSql } from "@/lib/org/scope";

interface QuizClock {
  id: number;
  status: "draft" | "published" | "closed";
  opensAt: Date;
  closesAt: Date;
  timeLimitS: number | null;
  attemptsAllowed: number;
  overduePolicy: "autosubmit" | "grace" | "discard";
  graceS: number;
  gradingMethod: "highest" | "last" | "first" | "average";
  passPercent: number;
}

/**
 * Until when answers are taken, and until when a submit is: with `autosubmit` the grace covers
 * answers still in flight on a slow connection; with `grace` the attempt may only be submitted
 * during it; with `discard` the grace is only leeway for the submit request itself.
 */
export function limits(deadline: Date, quiz: Pick<QuizClock, "overduePolicy" | "graceS">): { saveUntil: Date; submitUntil: Date } {
  const grace = new Date(deadline.getTime() + quiz.graceS * 1000);
  return { saveUntil: quiz.overduePolicy === "autosubmit" ? grace : deadline, submitUntil: grace };
}

/**
 * SQL that is true when the member with this unit path and job is in the audience of quiz `q`.
 * lib/quiz/stats.ts states the same rule set-wise for all members at once: change both together.
 */
export function audienceCondition(quizIdColumn: SQL, member: { orgPath: string | SQL; jobId: number | null | SQL }) {
  return inAudienceSql("quiz_audience", quizIdColumn, member);
}
