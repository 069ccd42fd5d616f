/**
 * 离线练习 on the phone, pure (runs in the browser; unit-tested): grading an answer there with the
 * engine's own `parseResponse` and `grade` (the server's rules: only a fully right answer is
 * right), the queue of answers waiting to be sent, and what a sync's reply does to it. The server
 * grades every answer again on sync; the phone's verdict is only the feedback shown at once.
 */
import { marksOf, type Correctness } from "@/lib/quiz/grading";
import type { QuizMessageCode } from "@/lib/quiz/codes";
import { parseResponse } from "@/lib/quiz/response";
import type { Question } from "@/lib/quiz/types";

/**
 * The phone's verdict: right only when fully right, `partial` for 部分正确, and a 案例分析 group's
 * mark per part (in the parts' order), as online practice feedback shows them.
 */
export type PhoneGrade = { ok: true; right: boolean; partial: boolean; parts?: Correctness[] } | { ok: false; code: QuizMessageCode };

/** Grades one answer on the phone as the server would (the engine's `marksOf`); an answer the question cannot take is refused (not queued). */
export function gradeOnPhone(q: Question, response: unknown): PhoneGrade {
  const parsed = parseResponse(q, response);
  if (!parsed.ok) return { ok: false, code: parsed.code };
  const { mark, parts } = marksOf(q, parsed.response);
  return { ok: true, right: mark === "right", partial: mark === "partial", ...(parts ? { parts } : {}) };
}

/** One answer given on the phone, waiting to be sent. */
export interface QueuedAnswer {
  clientId: string;
  questionId: number;
  response: unknown;
  /** When it was answered, by the phone's clock (epoch ms); the server clamps it (`answeredAtOf`). */
  at?: number;
}

/** An offline answer stamped earlier than this many days before the sync is stamped with the sync's time. */
export const OFFLINE_ANSWER_MAX_AGE_DAYS = 30;

/**
 * When an answer synced from the phone counts as answered (progress over time reads it): the
 * phone's time when it is plausible — not after the server's `now`, not more than
 * OFFLINE_ANSWER_MAX_AGE_DAYS before it — otherwise (missing, in the future by the server's clock,
 * too old) the sync's time. A phone's clock cannot move an answer into the future or far back.
 */
export function answeredAtOf(phoneMs: number | undefined, now: Date): Date {
  const n = now.getTime();
  if (phoneMs === undefined || !Number.isFinite(phoneMs)) return now;
  if (phoneMs > n || phoneMs < n - OFFLINE_ANSWER_MAX_AGE_DAYS * 24 * 3600_000) return now;
  return new Date(phoneMs);
}

export interface Queue {
  v: 1;
  answers: QueuedAnswer[];
}

export const emptyQueue = (): Queue => ({ v: 1, answers: [] });

/** Reads a stored queue, or an empty one when it is missing or not ours. */
export function parseQueue(raw: unknown): Queue {
  const q = raw as Queue | null;
  if (q?.v !== 1 || !Array.isArray(q.answers)) return emptyQueue();
  return { v: 1, answers: q.answers.filter((a) => typeof a?.clientId === "string" && Number.isInteger(a.questionId)) };
}

export function enqueue(q: Queue, a: QueuedAnswer): Queue {
  return { ...q, answers: [...q.answers.filter((x) => x.clientId !== a.clientId), a] };
}

/** The next batch to send (the server takes at most `max` at a time), oldest first. */
export function batch(q: Queue, max: number): QueuedAnswer[] {
  return q.answers.slice(0, max);
}

export type Outcome =
  | { clientId: string; outcome: "kept"; right: boolean }
  | { clientId: string; outcome: "already" }
  | { clientId: string; outcome: "refused"; code: string };

/**
 * A sync's reply applied to the queue: every answer the server settled (kept, already kept, or
 * refused for good) leaves it; an answer given while the request was under way stays. Counts what
 * was refused, with the first reason.
 */
export function settle(q: Queue, outcomes: readonly Outcome[]): { queue: Queue; kept: number; refused: number; reason: string | null } {
  const settled = new Set(outcomes.map((o) => o.clientId));
  const refused = outcomes.filter((o) => o.outcome === "refused");
  return {
    queue: { ...q, answers: q.answers.filter((a) => !settled.has(a.clientId)) },
    kept: outcomes.filter((o) => o.outcome === "kept").length,
    refused: refused.length,
    reason: refused[0]?.code ?? null,
  };
}

/** The question after `index` in the pack, from the start again after the last. */
export function nextIndex(index: number, count: number): number {
  return count === 0 ? 0 : (index + 1) % count;
}
