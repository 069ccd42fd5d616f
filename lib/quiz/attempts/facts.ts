import { eq, sql } from "drizzle-orm";
import { clientOf, listenOn, type Db } from "@/db/client";
import { log } from "@/lib/core/log";
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
// attempt's state is not cached: the save statement checks it. Only a regrade changes them (an
// attempt moved to a question's newer version): it tells every process on the database to forget
// those attempts (announceForgetting), and each process's cache listens for that (listenOn:
// PostgreSQL's LISTEN; on PGlite there is no other process and the regrade's own forgetting is all).
// Keyed by the database handle too: tests (and scripts) hold more than one database at once.
// On globalThis: `npm start`'s quick lane (scripts/quick-lane.ts) loads this module apart from
// Next's bundle in the same process; both must share one cache, and its one listener, per handle.
interface Cache {
  facts: Map<number, AttemptFacts>;
  /** Counts every forgetting: a read that saw it change on the way keeps nothing (it may be older). */
  forgets: number;
}
type Global = typeof globalThis & { __jobreadyAttemptFacts?: WeakMap<object, Cache> };
const caches: WeakMap<object, Cache> = (globalThis as Global).__jobreadyAttemptFacts ?? new WeakMap();
(globalThis as Global).__jobreadyAttemptFacts = caches;
const MAX = 20_000;
const CHANNEL = "jobready_attempt_facts";
/** A NOTIFY payload must stay under 8,000 bytes: each is comma-separated attempt ids, at most this long. */
const PAYLOAD_MAX = 7_900;

function cacheOf(db: Db): Cache {
  // A transaction has a client of its own, so a cache of its own, which nobody tells to forget:
  // the callers pass the database handle.
  const key = clientOf(db);
  let c = caches.get(key);
  if (!c) {
    const cache: Cache = { facts: new Map(), forgets: 0 };
    caches.set(key, cache);
    // The first use of a handle's cache starts its listening (PostgreSQL only). The whole cache
    // goes each time listening starts, after a lost connection too: what other processes said
    // before could not be heard.
    listenOn(
      db,
      CHANNEL,
      (payload) => forget(cache, payload.split(",").map(Number)),
      () => forget(cache),
    )?.catch((err) => log().error({ err }, "attempt facts: not listening for other processes' regrades"));
    c = cache;
  }
  return c;
}

function forget(cache: Cache, attemptIds?: number[]): void {
  cache.forgets++;
  if (!attemptIds) cache.facts.clear();
  else for (const id of attemptIds) cache.facts.delete(id);
}

function remember(cache: Cache, facts: AttemptFacts): void {
  if (cache.facts.size >= MAX) cache.facts.delete(cache.facts.keys().next().value as number);
  cache.facts.set(facts.attemptId, facts);
}

export async function attemptFacts(db: Db, attemptId: number): Promise<AttemptFacts | null> {
  const cache = cacheOf(db);
  const hit = cache.facts.get(attemptId);
  if (hit) return hit;
  const forgets = cache.forgets;
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
  // A regrade heard of meanwhile may have committed after these reads began: keep nothing then.
  if (cache.forgets === forgets) remember(cache, facts);
  return facts;
}

/** Keeps the facts of an attempt just started, known to its start without reading them back. */
export function rememberAttemptFacts(db: Db, facts: AttemptFacts): void {
  remember(cacheOf(db), facts);
}

/** Forget cached facts in this process (a regrade switched a question's version; announceForgetting tells the others). */
export function forgetAttemptFacts(db: Db, attemptId?: number): void {
  forget(cacheOf(db), attemptId === undefined ? undefined : [attemptId]);
}

/**
 * Inside the transaction that moves attempts to other question versions: once it commits, every
 * process on the database forgets these attempts' facts (a NOTIFY is delivered on commit only,
 * never after a rollback). The ids go in as many notifications as their payload limit needs.
 */
export async function announceForgetting(tx: Db, attemptIds: Iterable<number>): Promise<void> {
  const payloads: string[] = [];
  let current = "";
  for (const id of attemptIds) {
    const next = current ? `${current},${id}` : String(id);
    if (next.length > PAYLOAD_MAX) {
      payloads.push(current);
      current = String(id);
    } else current = next;
  }
  if (current) payloads.push(current);
  if (payloads.length === 0) return;
  const rows = sql.join(
    payloads.map((p) => sql`(${p}::text)`),
    sql`, `,
  );
  await tx.execute(sql`SELECT pg_notify(${CHANNEL}, p) FROM (VALUES ${rows}) v(p)`);
}
