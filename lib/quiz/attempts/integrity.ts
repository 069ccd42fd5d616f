/**
 * The integrity log of an attempt: the page left and come back to (with the time away), pastes
 * into answers, another device on the attempt. The attempt page sends it best-effort in small
 * batches; it never blocks answering and never changes a score. The trainer reads it, with the
 * proctoring the attempt was started under, on the results and grading pages.
 */

import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { notFound, ok, type Result } from "@/lib/core/result";
import { inScope } from "@/lib/org/scope";
import * as clock from "@/lib/core/clock";

/** Events kept per attempt: past it a client (broken or hostile) only bumps a counter. */
export const MAX_EVENTS_PER_ATTEMPT = 200;
export const MAX_EVENTS_PER_BATCH = 50;

const seq = z.number().int().min(1).max(1_000_000);
const at = z.number().int().min(0).max(8.64e15);
/** One event as the browser sends it; `at` is the browser's clock in ms (clamped to the attempt's time). */
const eventInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("left"), seq, at }).strict(),
  z
    .object({
      kind: z.literal("returned"),
      seq,
      at,
      awayS: z
        .number()
        .int()
        .min(0)
        .max(7 * 86_400),
    })
    .strict(),
  z.object({ kind: z.literal("paste"), seq, at, position: z.number().int().min(1).max(10_000), chars: z.number().int().min(0).max(1_000_000) }).strict(),
]);

/** The body of a batch: the browser's device id (random, kept in its storage) and the events. */
export const integrityInput = z
  .object({
    device: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/)
      .optional(),
    events: z.array(eventInput).max(MAX_EVENTS_PER_BATCH).default([]),
  })
  .strict();
export type IntegrityInput = z.infer<typeof integrityInput>;

/**
 * Stores a batch for the attempt's own member. The first device that reports owns the attempt;
 * another one is logged once per device. A resent event (same `seq`) is stored once; past
 * MAX_EVENTS_PER_ATTEMPT nothing more is stored and only `events_dropped` counts.
 */
export async function recordIntegrity(
  db: Db,
  input: { attemptId: number; memberId: number; batch: IntegrityInput; now?: Date },
): Promise<Result<{ stored: number; dropped: number }>> {
  const now = input.now ?? clock.now();
  return db.transaction(async (tx) => {
    // The row lock orders batches of one attempt, so the cap holds under concurrent sends.
    const [a] = rowsOf<{ member_id: number; started_at: string | Date; submitted_at: string | Date | null; device_id: string | null; n: number }>(
      await tx.execute(sql`SELECT a.member_id, a.started_at, a.submitted_at, a.device_id,
          (SELECT count(*)::int FROM attempt_events e WHERE e.attempt_id = a.id) AS n
        FROM attempts a WHERE a.id = ${input.attemptId} FOR UPDATE`),
    );
    if (!a || Number(a.member_id) !== input.memberId) return notFound("quizTake.errors.attemptNotFound");
    const from = new Date(a.started_at).getTime();
    const until = Math.max(from, a.submitted_at ? new Date(a.submitted_at).getTime() : now.getTime());
    const clamp = (ms: number) => new Date(Math.min(until, Math.max(from, ms))).toISOString();
    let room = MAX_EVENTS_PER_ATTEMPT - Number(a.n);
    let dropped = 0;
    let stored = 0;
    const { device, events } = input.batch;
    if (device) {
      if (a.device_id === null) {
        await tx.execute(sql`UPDATE attempts SET device_id = ${device} WHERE id = ${input.attemptId}`);
      } else if (a.device_id !== device) {
        if (room > 0) {
          const made = rowsOf(
            await tx.execute(sql`INSERT INTO attempt_events (attempt_id, kind, at, device)
              SELECT ${input.attemptId}, 'device', ${now.toISOString()}::timestamptz, ${device}
              WHERE NOT EXISTS (SELECT 1 FROM attempt_events WHERE attempt_id = ${input.attemptId} AND kind = 'device' AND device = ${device})
              RETURNING id`),
          );
          room -= made.length;
          stored += made.length;
        } else dropped++;
      }
    }
    const take = events.slice(0, Math.max(0, room));
    dropped += events.length - take.length;
    if (take.length) {
      const rows = take.map((e) => ({
        seq: e.seq,
        kind: e.kind,
        at: clamp(e.at),
        away_s: e.kind === "returned" ? e.awayS : null,
        position: e.kind === "paste" ? e.position : null,
        chars: e.kind === "paste" ? e.chars : null,
      }));
      const made = rowsOf(
        await tx.execute(sql`INSERT INTO attempt_events (attempt_id, seq, kind, at, away_s, position, chars)
          SELECT ${input.attemptId}, x.seq, x.kind::integrity_event_kind, x.at, x.away_s, x.position, x.chars
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(seq int, kind text, at timestamptz, away_s int, position int, chars int)
          ON CONFLICT (attempt_id, seq) DO NOTHING
          RETURNING id`),
      );
      stored += made.length;
    }
    if (dropped > 0) await tx.execute(sql`UPDATE attempts SET events_dropped = events_dropped + ${dropped} WHERE id = ${input.attemptId}`);
    return ok({ stored, dropped });
  });
}

interface IntegrityEvent {
  kind: "left" | "returned" | "paste" | "device";
  at: Date;
  awayS: number | null;
  position: number | null;
  chars: number | null;
}

export interface AttemptIntegrity {
  attemptId: number;
  /** The proctoring the attempt was started under; null when it was not supervised. */
  proctor: { name: string; station: string; at: Date } | null;
  left: number;
  awayS: number;
  pastes: number;
  devices: number;
  dropped: number;
  events: IntegrityEvent[];
}

/**
 * The proctoring and integrity log of attempts, for a trainer: only attempts of members inside
 * the actor's `teach.manage` scope (the others are left out of the map).
 */
export async function integrityFor(db: Db, actor: Principal, attemptIds: number[]): Promise<Map<number, AttemptIntegrity>> {
  const out = new Map<number, AttemptIntegrity>();
  const ids = [...new Set(attemptIds)].filter((i) => Number.isInteger(i) && i > 0).slice(0, 500);
  if (!can(actor, "teach.manage") || ids.length === 0) return out;
  const list = sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  );
  const heads = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT a.id, a.events_dropped, a.proctored_at, pm.name AS proctor, pu.name AS station
      FROM attempts a JOIN members m ON m.id = a.member_id JOIN org_units u ON u.id = m.org_unit_id
      LEFT JOIN quiz_proctor_sessions p ON p.id = a.proctor_session_id
      LEFT JOIN members pm ON pm.id = p.proctor_member_id LEFT JOIN org_units pu ON pu.id = p.org_unit_id
      WHERE a.id IN (${list}) AND ${inScope(sql`u.path`, scopeOf(actor, "teach.manage"))}`),
  );
  for (const h of heads) {
    out.set(Number(h.id), {
      attemptId: Number(h.id),
      proctor: h.proctor ? { name: String(h.proctor), station: String(h.station), at: new Date(h.proctored_at as string) } : null,
      left: 0,
      awayS: 0,
      pastes: 0,
      devices: 0,
      dropped: Number(h.events_dropped),
      events: [],
    });
  }
  if (out.size === 0) return out;
  const kept = sql.join(
    [...out.keys()].map((i) => sql`${i}`),
    sql`, `,
  );
  const events = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`SELECT attempt_id, kind::text AS kind, at, away_s, position, chars FROM attempt_events WHERE attempt_id IN (${kept}) ORDER BY attempt_id, at, id`,
    ),
  );
  for (const e of events) {
    const r = out.get(Number(e.attempt_id))!;
    const ev: IntegrityEvent = {
      kind: e.kind as IntegrityEvent["kind"],
      at: new Date(e.at as string),
      awayS: e.away_s === null ? null : Number(e.away_s),
      position: e.position === null ? null : Number(e.position),
      chars: e.chars === null ? null : Number(e.chars),
    };
    r.events.push(ev);
    if (ev.kind === "left") r.left++;
    else if (ev.kind === "returned") r.awayS += ev.awayS ?? 0;
    else if (ev.kind === "paste") r.pastes++;
    else r.devices++;
  }
  return out;
}
