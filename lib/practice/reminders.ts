/**
 * 每日一练 reminder: in the evening (from 18:00 in the site's zone) a member who completed
 * yesterday's set and has not completed today's hears once that the streak is about to break —
 * only members with a streak to keep, so the bell is not a daily nag for everyone. The member turns
 * it off per channel (通知设置) like any event; the in-app entry is deduplicated per day, so the
 * sweep may run as often and on as many instances as it likes.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { addDays, dayIn, zonedParts } from "@/lib/core/time";
import { emit } from "@/lib/notifications/events";
import { dailySize } from "./daily";
import { streakOf } from "./daily-rules";
import { openToLearner } from "./open";

/** The hour of the site's day from which the reminder goes out. */
export const REMIND_FROM_HOUR = 18;

export async function sweepDailyReminders(db: Db, now = clock.now(), tz = clock.timeZone()): Promise<number> {
  if (zonedParts(now, tz).h < REMIND_FROM_HOUR) return 0;
  const today = dayIn(now, tz);
  const yesterday = addDays(today, -1);
  const key = `daily:${today}:reminder`;
  // The candidates, kept only where something is open to practise (an opening withdrawn: no set can
  // be drawn, no reminder) — checked once per distinct unit path and job, not once per member.
  const due = rowsOf<{ member_id: number }>(
    await db.execute(sql`WITH due AS (
        SELECT s.member_id, ou.path, m.job_id FROM practice_daily_sets s
          JOIN members m ON m.id = s.member_id AND m.status = 'active'
          JOIN org_units ou ON ou.id = m.org_unit_id
        WHERE s.day = ${yesterday}::date AND s.completed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM practice_daily_sets t WHERE t.member_id = s.member_id AND t.day = ${today}::date AND t.completed_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = s.member_id AND n.dedupe_key = ${key})),
      learners AS (SELECT DISTINCT path, job_id FROM due),
      open AS (SELECT l.path, l.job_id FROM learners l
        WHERE EXISTS (SELECT 1 FROM questions q JOIN question_categories qc ON qc.id = q.category_id
          WHERE ${openToLearner({ orgPath: sql`l.path`, jobId: sql`l.job_id` })}))
      SELECT d.member_id FROM due d JOIN open o ON o.path = d.path AND o.job_id IS NOT DISTINCT FROM d.job_id
      ORDER BY d.member_id`),
  );
  if (!due.length) return 0;
  const ids = due.map((d) => Number(d.member_id));
  const completed = new Map<number, string[]>(ids.map((id) => [id, []]));
  for (const r of rowsOf<{ member_id: number; day: string }>(
    await db.execute(sql`SELECT member_id, to_char(day, 'YYYY-MM-DD') AS day FROM practice_daily_sets
      WHERE member_id = ANY(${sql.raw(`'{${ids.join(",")}}'::int[]`)}) AND completed_at IS NOT NULL AND day >= ${addDays(today, -366)}::date`),
  ))
    completed.get(Number(r.member_id))?.push(r.day);
  // One event per streak length: members with the same streak share the same text.
  const byStreak = new Map<number, number[]>();
  for (const id of ids) {
    const streak = streakOf(completed.get(id) ?? [], today);
    byStreak.set(streak, [...(byStreak.get(streak) ?? []), id]);
  }
  let sent = 0;
  for (const [streak, members] of byStreak) sent += await emit(db, "practice_reminder", members, { streak, size: dailySize() }, "/practice/daily", key, now);
  return sent;
}
