import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { dayIn } from "@/lib/core/time";
import { learnerOf, openByCategory } from "./open";
import { seriesByKey, type PracticeWeek } from "./trend-rules";

/** Weeks the practice page draws per category. */
export const TREND_WEEKS = 8;

/**
 * The worker's own practice over time, per category open to them (the categories of
 * practiceOverview): for each of the last `TREND_WEEKS` weeks, the answers, the right ones and the
 * questions practised by the week's end. Days are the site's. One query; nobody else's answers.
 */
export async function practiceTrend(db: Db, actor: Principal, now = clock.now()): Promise<Map<number, PracticeWeek[]>> {
  if (!can(actor, "self.learn")) return new Map();
  const l = await learnerOf(db, actor.memberId);
  if (!l) return new Map();
  const tz = clock.timeZone();
  const rows = rowsOf<{ key: number; day: string; answers: number; right: number; firsts: number }>(
    await db.execute(sql`
      WITH a AS (
        SELECT o.category_id, pa.correct, (pa.answered_at AT TIME ZONE ${tz})::date AS day,
               row_number() OVER (PARTITION BY o.category_id, pa.question_id ORDER BY pa.answered_at, pa.id) AS nth
        FROM (${openByCategory(l)}) o JOIN practice_answers pa ON pa.member_id = ${l.id} AND pa.question_id = o.question_id)
      SELECT category_id AS key, day::text AS day, count(*)::int AS answers, (count(*) FILTER (WHERE correct))::int AS right,
             (count(*) FILTER (WHERE nth = 1))::int AS firsts
      FROM a GROUP BY category_id, day`),
  );
  return seriesByKey(rows, dayIn(now, tz), TREND_WEEKS);
}
