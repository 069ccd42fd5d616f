import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { parseResponse } from "../response";
import { conflict, fail, notFound, ok, type Result } from "@/lib/core/result";
import { attemptFacts } from "./facts";
import * as clock from "@/lib/core/clock";
import { metrics } from "@/lib/core/metrics";

export interface AnswerInput {
  position: number;
  /** null clears the answer. */
  response: unknown;
  flagged?: boolean;
  /** From the browser, growing with every change it makes to this attempt. */
  seq: number;
}

export const MAX_ANSWERS_PER_SAVE = 200;

/** Answers as a save or submit request carries them; each response is checked against its question by `saveAnswers`. */
export const answerInputs = z
  .array(z.object({ position: z.number().int(), response: z.unknown(), flagged: z.boolean().optional(), seq: z.number().int() }))
  .max(MAX_ANSWERS_PER_SAVE);

export interface SaveOutcome {
  deadline: Date;
  serverNow: Date;
  /** Answers written; the others were older than what the server already holds. */
  written: number;
}

/**
 * Saves answers of an attempt in one statement. A save whose sequence number is not above the
 * stored one arrived late (or twice) and changes nothing, so any retry is harmless. Nothing is
 * written when the attempt is no longer open (submitted, swept or finished by the quiz's close),
 * its time (and, under auto-submit, its grace) is up, or any answer is malformed or points at a
 * question the attempt does not have.
 */
export async function saveAnswers(db: Db, input: SaveInput): Promise<Result<SaveOutcome>> {
  const r = await writeAnswers(db, input);
  metrics().quizSaves.inc({ outcome: r.ok ? "ok" : "refused" });
  return r;
}

type SaveInput = { attemptId: number; memberId: number; answers: AnswerInput[]; now?: Date };

/** saveAnswers without the count (a submit's own answers are part of the submit). */
export async function writeAnswers(db: Db, input: SaveInput): Promise<Result<SaveOutcome>> {
  const now = input.now ?? clock.now();
  if (!Array.isArray(input.answers)) return fail("quizTake.errors.badRequest");
  if (input.answers.length > MAX_ANSWERS_PER_SAVE) return fail("quizTake.errors.tooManyAnswers");
  const facts = await attemptFacts(db, input.attemptId);
  if (!facts || facts.memberId !== input.memberId) return notFound("quizTake.errors.attemptNotFound");

  const latest = new Map<number, { position: number; response: unknown; flagged: boolean; seq: number }>();
  for (const a of input.answers) {
    if (!a || !Number.isInteger(a.position) || !Number.isInteger(a.seq) || a.seq < 1 || a.seq > 2_147_483_647) return fail("quizTake.errors.badRequest");
    const q = facts.questions.get(a.position);
    if (!q) return fail("quizTake.errors.unknownQuestion", { position: a.position });
    let response: unknown = null;
    if (a.response !== null && a.response !== undefined) {
      const parsed = parseResponse(q, a.response);
      if (!parsed.ok) return fail(parsed.code, parsed.params);
      response = parsed.response;
    }
    const prev = latest.get(a.position);
    if (!prev || prev.seq < a.seq) latest.set(a.position, { position: a.position, response, flagged: Boolean(a.flagged), seq: a.seq });
  }
  if (now > facts.saveUntil) return conflict("quizTake.errors.timeUp");
  const items = [...latest.values()];
  if (items.length === 0) return ok({ deadline: facts.deadline, serverNow: now, written: 0 });

  const written = rowsOf<{ position: number }>(
    await db.execute(sql`
      INSERT INTO attempt_answers (attempt_id, position, response, flagged, seq, saved_at)
      SELECT ${facts.attemptId}, x.position, x.response, x.flagged, x.seq, ${now.toISOString()}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(position int, response jsonb, flagged boolean, seq int)
      -- FOR SHARE: a save waits for a submit or a quiz's close that holds the attempt, then
      -- sees it finished and writes nothing (never an answer after the grading).
      WHERE EXISTS (SELECT 1 FROM attempts WHERE id = ${facts.attemptId} AND state = 'in_progress' FOR SHARE)
      ON CONFLICT (attempt_id, position) DO UPDATE
        SET response = EXCLUDED.response, flagged = EXCLUDED.flagged, seq = EXCLUDED.seq, saved_at = EXCLUDED.saved_at
        WHERE attempt_answers.seq < EXCLUDED.seq
      RETURNING position`),
  );
  if (written.length === 0) {
    // Either every answer was stale (a retry: fine), or the attempt is finished and something new
    // came too late (say so: it was not saved).
    const [row] = rowsOf<{ open: boolean; newer: number }>(
      await db.execute(sql`SELECT a.state = 'in_progress' AS open,
          (SELECT count(*)::int FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(position int, seq int)
            LEFT JOIN attempt_answers aa ON aa.attempt_id = a.id AND aa.position = x.position
            WHERE coalesce(aa.seq, 0) < x.seq) AS newer
        FROM attempts a WHERE a.id = ${facts.attemptId}`),
    );
    if (row && !row.open && Number(row.newer) > 0) return conflict("quizTake.errors.attemptFinished");
  }
  return ok({ deadline: facts.deadline, serverNow: now, written: written.length });
}
