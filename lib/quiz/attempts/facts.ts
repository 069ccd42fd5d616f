import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attemptQuestions, attempts, questionVersions, quizzes } from "@/db/schema";
import { fromStored } from "../store";
import type { Question } from "../types";
import { limits } from "./common";

/** What never changes about a started attempt: whose it is, its clock, its questions. */
export interface AttemptFacts {
  attemptId: number;
  quizId: number;
  memberId: number;
  preview: boolean;
  deadline: Date;
  saveUntil: Date;
  submitUntil: Date;
  questions: Map<number, Question>;
}

// Saves arrive every few seconds from every worker; these facts are fixed when the attempt
// starts, so each instance keeps the recent ones instead of reading them on every save. The
// attempt's state is not cached: the save statement checks it.
// Keyed by the database handle too: tests (and scripts) hold more than one database at once.
// On globalThis: `npm start`'s quick lane (scripts/quick-lane.ts) loads this module apart from
// Next's bundle in the same process, and a regrade's forgetting must reach both.
type Global = typeof globalThis & { __jobreadyAttemptFacts?: WeakMap<object, Map<number, AttemptFacts>> };
const caches: WeakMap<object, Map<number, AttemptFacts>> = (globalThis as Global).__jobreadyAttemptFacts ?? new WeakMap();
(globalThis as Global).__jobreadyAttemptFacts = caches;
const MAX = 20_000;

function cacheOf(db: Db): Map<number, AttemptFacts> {
  // A transaction handle is not the database handle: both reach the same cache through the session.
  const key = ((db as unknown as { session?: { client?: object } }).session?.client ?? db) as object;
  let c = caches.get(key);
  if (!c) {
    c = new Map();
    caches.set(key, c);
  }
  return c;
}

export async function attemptFacts(db: Db, attemptId: number): Promise<AttemptFacts | null> {
  const cache = cacheOf(db);
  const hit = cache.get(attemptId);
  if (hit) return hit;
  const [row] = await db
    .select({ a: attempts, policy: quizzes.overduePolicy, graceS: quizzes.graceS })
    .from(attempts)
    .innerJoin(quizzes, eq(quizzes.id, attempts.quizId))
    .where(eq(attempts.id, attemptId));
  if (!row) return null;
  const qs = await db
    .select({ position: attemptQuestions.position, points: attemptQuestions.points, v: questionVersions })
    .from(attemptQuestions)
    .innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
    .where(eq(attemptQuestions.attemptId, attemptId));
  const facts: AttemptFacts = {
    attemptId,
    quizId: row.a.quizId,
    memberId: row.a.memberId,
    preview: row.a.preview,
    deadline: row.a.deadlineAt,
    ...limits(row.a.deadlineAt, { overduePolicy: row.policy, graceS: row.graceS }),
    questions: new Map(qs.map((q) => [q.position, { ...fromStored(q.v), points: Number(q.points) } as Question])),
  };
  rememberAttemptFacts(db, facts);
  return facts;
}

/** Keeps the facts of an attempt just started, known to its start without reading them back. */
export function rememberAttemptFacts(db: Db, facts: AttemptFacts): void {
  const cache = cacheOf(db);
  if (cache.size >= MAX) cache.delete(cache.keys().next().value as number);
  cache.set(facts.attemptId, facts);
}

/** Forget cached facts (a regrade switched a question's version). */
export function forgetAttemptFacts(db: Db, attemptId?: number): void {
  if (attemptId === undefined) cacheOf(db).clear();
  else cacheOf(db).delete(attemptId);
}
