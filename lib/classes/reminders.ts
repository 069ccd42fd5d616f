import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { REMINDER_AHEAD_MS } from "./rules";
import * as clock from "@/lib/core/clock";

/**
 * Reminds enrolled members of sessions starting within the next 24 hours: one notification per
 * member and session (the dedupe key), so the periodic sweep of every instance, a page that
 * triggers it and a late enrolment all end up with exactly one reminder. One statement.
 */
export async function sendSessionReminders(db: Db, now = clock.now(), memberId?: number): Promise<number> {
  const from = now.toISOString();
  const until = new Date(now.getTime() + REMINDER_AHEAD_MS).toISOString();
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      INSERT INTO notifications (member_id, kind, params, href, dedupe_key)
      SELECT e.member_id, 'classes.notify.reminder',
             json_build_object('title', c.title, 'startsAt', to_char(s.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::jsonb,
             '/classes', 'class-session:' || s.id || ':reminder'
      FROM class_sessions s
      JOIN classes c ON c.id = s.class_id AND c.status = 'published'
      JOIN class_enrolments e ON e.class_id = s.class_id AND e.status = 'enrolled'
      WHERE s.starts_at > ${from}::timestamptz AND s.starts_at <= ${until}::timestamptz
        ${memberId === undefined ? sql`` : sql`AND e.member_id = ${memberId}`}
      ON CONFLICT (member_id, dedupe_key) DO NOTHING
      RETURNING id`),
  );
  return rows.length;
}
