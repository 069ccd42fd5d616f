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
import { anyOpenTo, learnerOf } from "./open";

/** The hour of the site's day from which the reminder goes out. */
export const REMIND_FROM_HOUR = 18;

export async function sweepDailyReminders(db: Db, now = clock.now(), tz = clock.timeZone()): Promise<number> {
  if (zonedParts(now, tz).h < REMIND_FROM_HOUR) return 0;
  const today = dayIn(now, tz);
  const yesterday = addDays(today, -1);
  const key = `daily:${today}:reminder`;
  const due = rowsOf<{ member_id: number }>(
    await db.execute(sql`SELECT s.member_id FROM practice_daily_sets s JOIN members m ON m.id = s.member_id AND m.status = 'active'
      WHERE s.day = ${yesterday}::date AND s.completed_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM practice_daily_sets t WHERE t.member_id = s.member_id AND t.day = ${today}::date AND t.completed_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = s.member_id AND n.dedupe_key = ${key})
      ORDER BY s.member_id`),
  );
  let sent = 0;
  for (const { member_id } of due) {
    const l = await learnerOf(db, Number(member_id));
    if (!l) continue;
    // Nothing open to practise any more (an opening withdrawn): no set can be drawn, no reminder.
    if (!(await anyOpenTo(db, l))) continue;
    const streak = streakOf(await completedSince(db, l.id, addDays(today, -366)), today);
    sent += await emit(db, "practice_reminder", [l.id], { streak, size: dailySize() }, "/practice/daily", key, now);
  }
  return sent;
}

async function completedSince(db: Db, memberId: number, since: string): Promise<string[]> {
  const rows = rowsOf<{ day: string }>(
    await db.execute(sql`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM practice_daily_sets
      WHERE member_id = ${memberId} AND completed_at IS NOT NULL AND day >= ${since}::date`),
  );
  return rows.map((r) => r.day);
}
