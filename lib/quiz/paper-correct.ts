/**
 * Putting right a paper score (线下考试) entered wrongly: the trainer who may enter scores on the
 * sitting (`paperExamToManage`: who may change the quiz, teaching at the sitting's station) and
 * over the member corrects the score or deletes it, with a reason. Only a paper attempt of that
 * sitting and quiz is touched, never an online one; the member's result of record is recomputed
 * from what is left (`recomputeResult`), so a deleted paper score also gives the attempt back
 * under the quiz's limit. Audited with the score before and the reason; a refusal writes nothing.
 *
 * Per question: where the attempt holds per-question scores, the correction gives each question's
 * points (0..its points, at most two decimals, as the import takes them; never read as 1/0 marks),
 * keyed by the sitting's question (its draw position) so a change of version keeps each score with
 * its question; the total is their sum, the audit row lists each question's old and new points,
 * and the item statistics read the new ones. Without them, the total alone is corrected.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { attempts } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import { audit } from "@/lib/core/audit";
import { fail, forbidden, notFound, ok, type MessageKey, type Result } from "@/lib/core/result";
import { recomputeResult } from "./attempts/finish";
import { toCenti } from "./score";
import { checkEntry, inVersionOrder, paperExamToManage, paperVersionOf, storedEntry, writePaperAttempt, type PaperEntry, type PaperExam } from "./paper";
import type { PaperVersion } from "./paper-versions";

const reason = z.string().trim().min(1, "paper.fix.reasonRequired").max(500);

export const deletePaperScoreInput = z.object({
  quizId: z.number().int().positive(),
  paperId: z.number().int().positive(),
  attemptId: z.number().int().positive(),
  reason,
});

export const correctPaperScoreInput = deletePaperScoreInput.extend({
  version: z.string().max(4),
  /** The total; ignored when `items` is given (the total is then their sum). */
  score: z.string().max(12).default(""),
  /** Per-question points by the sitting's question (draw position 1..n, whatever the version). */
  items: z.array(z.string().max(12)).max(500).optional(),
});

/** Per-question points in a version's order (Q1..Qn) from points by draw position (1..n). */
export function itemsInVersion(paper: Pick<PaperExam, "questions">, version: PaperVersion, byPosition: readonly string[]): string[] {
  return inVersionOrder(paper, version).map((q) => byPosition[q.position - 1] ?? "");
}

export interface ItemChange {
  /** The sitting's question (draw position) and its number on the version now recorded. */
  position: number;
  number: number;
  before: number | null;
  after: number;
}

/** The questions whose points a correction changes (old entry's items in its version's order, new in the new one's). */
export function itemChanges(
  paper: Pick<PaperExam, "questions">,
  before: { version: PaperVersion; items: number[] | null },
  after: { version: PaperVersion; items: number[] },
): ItemChange[] {
  const old = new Map(before.items ? inVersionOrder(paper, before.version).map((q, i) => [q.position, before.items![i] ?? null] as const) : []);
  return inVersionOrder(paper, after.version).flatMap((q, i) => {
    const was = old.get(q.position) ?? null;
    const now = after.items[i]!;
    return was !== null && toCenti(was) === toCenti(now) ? [] : [{ position: q.position, number: q.number[after.version], before: was, after: now }];
  });
}

interface Held {
  paper: PaperExam;
  attemptId: number;
  attemptNo: number;
  member: { id: number; name: string };
  before: Omit<PaperEntry, "memberId">;
}

/**
 * The paper attempt to put right, locked for the member and quiz (the lock every paper write and
 * attempt start takes): a paper attempt of this sitting of this quiz, or not found; the sitting
 * the actor's to manage; the member in the actor's scope and not the actor.
 */
async function heldPaperAttempt(tx: Db, actor: Principal, input: { quizId: number; paperId: number; attemptId: number }): Promise<Result<Held>> {
  // The sitting first: who may not manage it learns nothing about its scores.
  const found = await paperExamToManage(tx, actor, input.paperId, input.quizId);
  if (!found.ok) return found;
  const read = async () =>
    rowsOf<{ member_id: number; attempt_no: number; name: string; path: string }>(
      await tx.execute(sql`SELECT a.member_id, a.attempt_no, m.name, u.path
        FROM attempts a JOIN members m ON m.id = a.member_id JOIN org_units u ON u.id = m.org_unit_id
        WHERE a.id = ${input.attemptId} AND a.source = 'paper' AND a.paper_exam_id = ${input.paperId} AND a.quiz_id = ${input.quizId}`),
    )[0];
  const seen = await read();
  if (!seen) return notFound("paper.fix.notFound");
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${input.quizId}, ${Number(seen.member_id)})`);
  // Deleted meanwhile by someone else: there is nothing left to put right.
  const row = await read();
  if (!row) return notFound("paper.fix.notFound");
  const memberId = Number(row.member_id);
  if (memberId === actor.memberId) return forbidden("paper.reasons.own");
  if (!can(actor, "teach.manage", String(row.path))) return forbidden("paper.reasons.outOfScope");
  const before = await storedEntry(tx, input.paperId, memberId);
  if (!before) return notFound("paper.fix.notFound");
  return ok({
    paper: found.value,
    attemptId: input.attemptId,
    attemptNo: Number(row.attempt_no),
    member: { id: memberId, name: String(row.name) },
    before,
  });
}

const auditBefore = (h: Held) => ({ paperExamId: h.paper.id, attemptId: h.attemptId, attemptNo: h.attemptNo, ...h.before });

/**
 * Parses the input, then runs `change` in one transaction on the held paper attempt; a refusal at
 * any step writes nothing.
 */
async function onHeldPaperAttempt<S extends typeof deletePaperScoreInput | typeof correctPaperScoreInput, T>(
  db: Db,
  actor: Principal,
  schema: S,
  input: unknown,
  change: (tx: Db, h: Held, v: z.output<S>) => Promise<Result<T>>,
): Promise<Result<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message as MessageKey) ?? "errors.invalidInput", undefined, "badRequest");
  const v = parsed.data as z.output<S>;
  return db.transaction(async (tx) => {
    const held = await heldPaperAttempt(tx, actor, v);
    return held.ok ? change(tx, held.value, v) : held;
  });
}

/**
 * Corrects a member's paper score and recomputes their result: the version and either each
 * question's points (`items`, the total their sum) or the total alone (per-question scores are
 * then dropped).
 */
export async function correctPaperScore(
  db: Db,
  actor: Principal,
  input: z.input<typeof correctPaperScoreInput>,
): Promise<Result<{ name: string; outcome: "updated" | "unchanged" }>> {
  return onHeldPaperAttempt<typeof correctPaperScoreInput, { name: string; outcome: "updated" | "unchanged" }>(
    db,
    actor,
    correctPaperScoreInput,
    input,
    async (tx, h, v) => {
      let items: string[] | null = null;
      if (v.items) {
        const version = paperVersionOf(v.version);
        if (!version) return fail("paper.reasons.badVersion");
        if (v.items.length !== h.paper.questions.length) return fail("paper.reasons.itemsIncomplete", { count: h.paper.questions.length });
        items = itemsInVersion(h.paper, version, v.items);
      }
      const checked = checkEntry(h.paper, { version: v.version, score: items ? "" : v.score, items }, { marks: false });
      if (!checked.ok) return fail(checked.reason, checked.params);
      const e = checked.entry;
      const { outcome } = await writePaperAttempt(tx, h.paper, { memberId: h.member.id, ...checked.entry });
      if (outcome === "unchanged") return ok({ name: h.member.name, outcome });
      await audit(tx, {
        actorUserId: actor.userId,
        action: "quiz.paper.correct",
        entity: "member",
        entityId: h.member.id,
        before: auditBefore(h),
        after: { ...e, reason: v.reason, ...(e.items ? { questions: itemChanges(h.paper, h.before, { version: e.version, items: e.items }) } : {}) },
      });
      return ok({ name: h.member.name, outcome: "updated" as const });
    },
  );
}

/** Deletes a member's paper score: the attempt goes, their result is recomputed from what is left (none: no result). */
export async function deletePaperScore(db: Db, actor: Principal, input: z.input<typeof deletePaperScoreInput>): Promise<Result<{ name: string }>> {
  return onHeldPaperAttempt(db, actor, deletePaperScoreInput, input, async (tx, h, v) => {
    await tx.delete(attempts).where(and(eq(attempts.id, h.attemptId), eq(attempts.source, "paper")));
    await recomputeResult(tx, v.quizId, h.member.id);
    await audit(tx, {
      actorUserId: actor.userId,
      action: "quiz.paper.delete",
      entity: "member",
      entityId: h.member.id,
      before: auditBefore(h),
      after: { reason: v.reason },
    });
    return ok({ name: h.member.name });
  });
}
