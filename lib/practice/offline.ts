import { and, eq, inArray, sql } from "drizzle-orm";
import { subtreeLike } from "@/lib/org/scope";
import { rowsOf, type Db } from "@/db/client";
import { practiceAnswers, questionCategories, questionVersions } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { fromStored } from "@/lib/quiz/store";
import type { Question } from "@/lib/quiz/types";
import { openToLearner, learnerOf } from "./open";
import { answeredAtOf } from "./offline-rules";
import { categoryNames, masteryStreak, mayPractise, recordAnswer } from "./practice";
import type { MessageKey, Params } from "@/lib/i18n/keys";

/**
 * 离线练习: a category's practice questions taken onto the phone, answered there without a
 * connection, and the answers sent when it returns. A practice bank's keys are meant to be seen,
 * so the pack carries them (the phone grades with the engine's own `grade`); the server grades
 * again on sync and never trusts the phone's verdict.
 */

/** The most questions one pack carries (a category's subtree larger than this is cut, in id order). */
export const MAX_PACK_QUESTIONS = 300;
/** The most answers one sync request carries (the phone sends the rest in the next one). */
export const MAX_SYNC_ANSWERS = 100;

export interface OfflinePack {
  categoryId: number;
  names: string[];
  /** When the pack was made (ISO), shown on the phone. */
  madeAt: string;
  needed: number;
  questions: { questionId: number; names: string[]; question: Question }[];
}

/**
 * The questions of one category's subtree that are open for practice to the worker (the openings'
 * rules: a quiz's fixed question only where the trainer included them), with keys and
 * explanations. Not found when none is open to them.
 */
export async function offlinePack(db: Db, actor: Principal, categoryId: number, now = clock.now()): Promise<Result<OfflinePack>> {
  if (!can(actor, "self.learn")) return forbidden();
  const l = await learnerOf(db, actor.memberId);
  if (!l) return forbidden();
  const [cat] = await db.select({ path: questionCategories.path }).from(questionCategories).where(eq(questionCategories.id, categoryId));
  if (!cat) return notFound("practice.errors.offlineNothing");
  const rows = rowsOf<{ id: number; category_id: number; version_id: number }>(
    await db.execute(sql`SELECT q.id, q.category_id, q.current_version_id AS version_id
      FROM questions q JOIN question_categories qc ON qc.id = q.category_id
      WHERE ${openToLearner(l)} AND qc.path LIKE ${subtreeLike(sql`${cat.path}`)}
      ORDER BY q.id LIMIT ${MAX_PACK_QUESTIONS}`),
  );
  if (!rows.length) return notFound("practice.errors.offlineNothing");
  const versions = await db
    .select()
    .from(questionVersions)
    .where(
      inArray(
        questionVersions.id,
        rows.map((r) => Number(r.version_id)),
      ),
    );
  const byId = new Map(versions.map((v) => [v.id, v]));
  const names = await categoryNames(db, [categoryId, ...rows.map((r) => Number(r.category_id))]);
  return ok({
    categoryId,
    names: names.get(categoryId) ?? [],
    madeAt: now.toISOString(),
    needed: masteryStreak(),
    questions: rows.map((r) => ({
      questionId: Number(r.id),
      names: names.get(Number(r.category_id)) ?? [],
      question: fromStored(byId.get(Number(r.version_id))!),
    })),
  });
}

export interface OfflineAnswer {
  /** Made on the phone (a UUID) when the answer was given: the same answer sent twice is kept once. */
  clientId: string;
  questionId: number;
  response: unknown;
  /** When it was answered by the phone's clock (epoch ms); kept as the answer's time when plausible (`answeredAtOf`). */
  at?: number;
}

export type SyncOutcome =
  | { clientId: string; outcome: "kept"; right: boolean }
  /** Kept by an earlier send: nothing written again. */
  | { clientId: string; outcome: "already" }
  /** Refused: the question is no longer open to the worker (nor in their book), or the answer is not one it can take. */
  | { clientId: string; outcome: "refused"; code: MessageKey; params?: Params };

/**
 * Keeps answers given offline exactly as answered online (`recordAnswer`: graded again here, the
 * progress, the book by the mastery rule), each on its own: one refused does not stop the others.
 * Each is checked as online: open to the worker now (or in their book), a response its question
 * can take.
 */
export async function syncOfflineAnswers(db: Db, actor: Principal, answers: readonly OfflineAnswer[], now = clock.now()): Promise<Result<SyncOutcome[]>> {
  if (!can(actor, "self.learn")) return forbidden();
  const l = await learnerOf(db, actor.memberId);
  if (!l) return forbidden();
  const ids = [...new Set(answers.map((a) => a.clientId))];
  const kept = new Set(
    ids.length
      ? (
          await db
            .select({ c: practiceAnswers.clientId })
            .from(practiceAnswers)
            .where(and(eq(practiceAnswers.memberId, l.id), inArray(practiceAnswers.clientId, ids)))
        ).map((r) => r.c)
      : [],
  );
  const out: SyncOutcome[] = [];
  for (const a of answers) {
    if (kept.has(a.clientId)) {
      out.push({ clientId: a.clientId, outcome: "already" });
      continue;
    }
    kept.add(a.clientId);
    const r = (await mayPractise(db, l, a.questionId))
      ? await recordAnswer(
          db,
          l.id,
          { questionId: a.questionId, mode: "offline", response: a.response, clientId: a.clientId, answeredAt: answeredAtOf(a.at, now) },
          now,
          async () => ok(undefined),
        )
      : notFound("practice.errors.questionNotFound");
    if (r.ok) out.push({ clientId: a.clientId, outcome: "kept", right: r.value.right });
    else if (r.code === "practice.errors.alreadyKept") out.push({ clientId: a.clientId, outcome: "already" });
    else out.push({ clientId: a.clientId, outcome: "refused", code: r.code, ...(r.params ? { params: r.params } : {}) });
  }
  return ok(out);
}
