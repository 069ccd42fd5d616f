"use client";
/**
 * 离线练习 in the browser (rules in lib/practice/offline-rules): the downloaded packs and the queue
 * of answers waiting to be sent, kept in Cache Storage (`jr-practice`) under the user's id; the
 * sending, shared by the practice page and the sign-out (which sends what is queued first).
 */
import { PRACTICE_CACHE } from "@/lib/pwa";
import { batch, parseQueue, settle, type Outcome, type Queue } from "@/lib/practice/offline-rules";

/** The most answers one sync request carries (lib/practice/offline MAX_SYNC_ANSWERS). */
export const SYNC_BATCH = 100;

/** Cache keys, per user: the downloaded pack of a category and the queue of answers to send. */
export const packKey = (userId: number, categoryId: number) => `/__jr-practice/${userId}/pack/${categoryId}`;
const queueKey = (userId: number) => `/__jr-practice/${userId}/queue`;

export async function readJson(key: string): Promise<unknown> {
  if (typeof caches === "undefined") return null;
  const r = await (await caches.open(PRACTICE_CACHE)).match(key);
  return r ? r.json() : null;
}

export async function writeJson(key: string, value: unknown): Promise<void> {
  if (typeof caches === "undefined") return;
  await (await caches.open(PRACTICE_CACHE)).put(key, new Response(JSON.stringify(value), { headers: { "Content-Type": "application/json" } }));
}

export async function readQueue(userId: number): Promise<Queue> {
  return parseQueue(await readJson(queueKey(userId)));
}

export function writeQueue(userId: number, q: Queue): Promise<void> {
  return writeJson(queueKey(userId), q);
}

/** Posts one batch; the server's outcome per answer, or a throw when it did not answer (no connection, signed out, a server error). */
export async function sendAnswers(answers: Queue["answers"]): Promise<Outcome[]> {
  const res = await fetch("/api/practice/offline/answers", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ answers }),
  });
  const body = (await res.json().catch(() => null)) as { ok?: boolean; outcomes?: Outcome[] } | null;
  if (!res.ok || !body?.ok || !body.outcomes) throw new Error(`sync ${res.status}`);
  return body.outcomes;
}

/**
 * Sends the stored queue batch by batch until it is empty or the server does not answer; returns
 * how many answers are still waiting (0 when everything was settled: kept, or refused for good).
 */
export async function flushPracticeQueue(userId: number): Promise<number> {
  for (;;) {
    const out = batch(await readQueue(userId), SYNC_BATCH);
    if (!out.length) return 0;
    if (!navigator.onLine) return (await readQueue(userId)).answers.length;
    const outcomes = await sendAnswers(out).catch(() => null);
    if (!outcomes) return (await readQueue(userId)).answers.length;
    // Settled against the queue as it is now: an answer given meanwhile stays.
    const before = await readQueue(userId);
    const after = settle(before, outcomes).queue;
    await writeQueue(userId, after);
    if (after.answers.length >= before.answers.length) return after.answers.length;
  }
}
