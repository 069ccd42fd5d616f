/**
 * Notification events: something happened that a member should hear of. Each is a row of
 * `notifications` carrying its type (the in-app bell shows it, with its link), and a delivery per
 * channel the site has on and the member wants (dispatch.ts), sent later by the `notify-send` job.
 *
 *   emit(tx, "essay_graded", [memberId], { title }, `/attempts/${id}/review`, `attempt:${id}:graded`)
 *
 * `dedupeKey` makes emitting the same event twice harmless (one row per member and key): sweeps
 * that emit (quiz windows opening, certificates expiring) run on every instance.
 */
import type { Db } from "@/db/client";
import { notifications } from "@/db/schema";
import * as clock from "@/lib/core/clock";
import { planDeliveries } from "./dispatch";
import { EVENT_KINDS, type EventType } from "./event-types";

export async function emit(
  db: Db,
  event: EventType,
  memberIds: number[],
  params: Record<string, string | number> = {},
  href: string | null = null,
  dedupeKey: string | null = null,
  now = clock.now(),
): Promise<number> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return 0;
  const rows = await db
    .insert(notifications)
    .values(ids.map((memberId) => ({ memberId, kind: EVENT_KINDS[event], event, params, href, dedupeKey, createdAt: now })))
    .onConflictDoNothing()
    .returning({ id: notifications.id, memberId: notifications.memberId });
  await planDeliveries(
    db,
    rows.map((r) => ({ id: r.id, memberId: r.memberId, event })),
    now,
  );
  return rows.length;
}
