"use client";
/**
 * 离线练习 in the browser (rules in lib/practice/offline-rules): the downloaded packs and the queue
 * of answers waiting to be sent, kept in Cache Storage (`jr-practice`) under the user's id; the
 * sending, shared by the practice page, the layout's background sync (any page, when the link
 * returns) and the sign-out (which sends what is queued first).
 */
import { PRACTICE_CACHE } from "@/lib/pwa";
import { batch, enqueue, parseQueue, settle, type Outcome, type Queue, type QueuedAnswer } from "@/lib/practice/offline-rules";

/** The most answers one sync request carries (lib/practice/offline MAX_SYNC_ANSWERS). */
const SYNC_BATCH = 100;

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

/** What a sync did to the queue, told to whoever shows it (the 离线练习 page's count and refusals). */
export type QueueChange = { left: number; refused: number; reason: string | null };
/** The window event fired after the queue changed (an answer queued, a batch settled). */
export const QUEUE_EVENT = "jr-practice-queue";

// One change of the stored queue at a time in this tab: an answer queued while a batch is being
// settled is neither lost nor sent twice.
let lock: Promise<unknown> = Promise.resolve();
function locked<T>(f: () => Promise<T>): Promise<T> {
  const run = lock.then(f, f);
  lock = run.catch(() => undefined);
  return run;
}

async function changeQueue(
  userId: number,
  f: (q: Queue) => { queue: Queue; refused?: number; reason?: string | null },
): Promise<{ before: number; after: number }> {
  return locked(async () => {
    const before = await readQueue(userId);
    const r = f(before);
    await writeJson(queueKey(userId), r.queue);
    const change: QueueChange = { left: r.queue.answers.length, refused: r.refused ?? 0, reason: r.reason ?? null };
    window.dispatchEvent(new CustomEvent<QueueChange>(QUEUE_EVENT, { detail: change }));
    return { before: before.answers.length, after: change.left };
  });
}

/** Adds an answer given on the phone to the stored queue. */
export async function queueAnswer(userId: number, a: QueuedAnswer): Promise<void> {
  await changeQueue(userId, (q) => ({ queue: enqueue(q, a) }));
}

/** Posts one batch; the server's outcome per answer, or a throw when it did not answer (no connection, signed out, a server error). */
async function sendAnswers(answers: Queue["answers"]): Promise<Outcome[]> {
  const res = await fetch("/api/practice/offline/answers", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ answers }),
  });
  const body = (await res.json().catch(() => null)) as { ok?: boolean; outcomes?: Outcome[] } | null;
  if (!res.ok || !body?.ok || !body.outcomes) throw new Error(`sync ${res.status}`);
  return body.outcomes;
}

// The sync under way in this tab (the layout's background sync, the practice page and the
// sign-out share it); `again` when someone asked meanwhile, so an answer queued late still goes.
let running: Promise<number> | null = null;
let again = false;

/**
 * Sends the stored queue batch by batch until it is empty or the server does not answer; returns
 * how many answers are still waiting (0 when everything was settled: kept, or refused for good).
 * One sync at a time: a call while one runs joins it (and makes it look at the queue once more).
 */
export function flushPracticeQueue(userId: number): Promise<number> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      for (;;) {
        again = false;
        const left = await flushOnce(userId);
        if (!again) return left;
      }
    } finally {
      running = null;
    }
  })();
  return running;
}

async function flushOnce(userId: number): Promise<number> {
  for (;;) {
    const out = batch(await readQueue(userId), SYNC_BATCH);
    if (!out.length) return 0;
    if (!navigator.onLine) return (await readQueue(userId)).answers.length;
    const outcomes = await sendAnswers(out).catch(() => null);
    if (!outcomes) return (await readQueue(userId)).answers.length;
    // Settled against the queue as it is now: an answer given meanwhile stays.
    const { before, after } = await changeQueue(userId, (q) => settle(q, outcomes));
    if (after >= before) return after;
  }
}
