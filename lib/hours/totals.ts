/**
 * The 学时 totals per member and year, a column per category (`hours_totals`), read by the unit shortfall
 * report. Triggers (migration 0011) put every member whose evidence, or whose evidence's credit,
 * changed into `hours_dirty`; `refreshTotals` recomputes exactly those members from the evidence
 * in one statement — the hours-refresh job, and a page before it reads when only a few members wait
 * (`totalsForRead`) — so a report is as exact as the computed ledger and costs one indexed read of
 * the totals instead of summing a year of evidence per request.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import type { CacheFreshness } from "@/lib/eligibility/cache";

/** SQL true when an equipment scan's row (alias `ev`) has every drawn question answered (rules.ts `equipmentHours`). */
export function equipmentDone(ev: SQL): SQL {
  return sql`(SELECT count(*) FROM jsonb_object_keys(${ev}.answers)) >= jsonb_array_length(${ev}.question_ids)`;
}

/**
 * Every credited entry of the members matched by `members` (an `IN (…)` or `= …` fragment) as
 * (member_id, year, cat, h), within a year span when one is given, else all years. The hours
 * are those of lib/hours/rules.ts, computed alike: seconds to hundredths by floor(s / 36 + 0.5).
 * With `detail`, each row also says its month of the site's zone (`month`), the kind of content
 * that credited it (`src`: lesson, class, course, task, quiz, external, equipment, induction, case) and that
 * content's id (`item`; null for external entries) — what a training plan's line is matched on.
 */
export function evidence(members: SQL, y: { from: string; to: string; first: string; last: string } | null, tz: string, detail = false): SQL {
  const at = (col: SQL) => (y ? sql`AND ${col} >= ${y.from} AND ${col} < ${y.to}` : sql``);
  const onDay = (col: SQL) => (y ? sql`AND ${col} >= ${y.first} AND ${col} <= ${y.last}` : sql``);
  const yearOf = (col: SQL) => sql`EXTRACT(YEAR FROM ${col} AT TIME ZONE ${tz})::int`;
  const monthAt = (col: SQL) => sql`EXTRACT(MONTH FROM ${col} AT TIME ZONE ${tz})::int`;
  const monthOf = (col: SQL) => sql`EXTRACT(MONTH FROM ${col})::int`;
  const more = (month: SQL, src: string, item: SQL) => (detail ? sql`, ${month} AS month, ${src}::text AS src, ${item}::int AS item` : sql``);
  return sql`
    SELECT lp.member_id, ${yearOf(sql`lp.updated_at`)} AS year, l.hours_category::text AS cat,
      floor(CASE WHEN l.duration_s > 0 THEN LEAST(lp.watched_s::float8, l.duration_s::float8) ELSE lp.watched_s::float8 END / 36 + 0.5)::numeric / 100 AS h
      ${more(monthAt(sql`lp.updated_at`), "lesson", sql`l.id`)}
      FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
      WHERE lp.member_id ${members} AND lp.watched_s > 0 ${at(sql`lp.updated_at`)}
    UNION ALL
    SELECT a.member_id, ${yearOf(sql`s.starts_at`)}, c.hours_category::text,
      CASE WHEN s.ends_at > s.starts_at THEN floor(EXTRACT(EPOCH FROM (s.ends_at - s.starts_at))::float8 / 36 + 0.5)::numeric / 100 ELSE 0 END
      ${more(monthAt(sql`s.starts_at`), "class", sql`c.id`)}
      FROM attendance a JOIN class_sessions s ON s.id = a.session_id JOIN classes c ON c.id = s.class_id
      WHERE a.member_id ${members} ${at(sql`s.starts_at`)}
    UNION ALL
    SELECT cc.member_id, ${yearOf(sql`cc.completed_at`)}, co.hours_category::text, co.credit_hours ${more(monthAt(sql`cc.completed_at`), "course", sql`co.id`)}
      FROM course_completions cc JOIN courses co ON co.id = cc.course_id
      WHERE cc.member_id ${members} AND co.credit_hours > 0 ${at(sql`cc.completed_at`)}
    UNION ALL
    SELECT so.member_id, EXTRACT(YEAR FROM so.signed_on)::int, t.hours_category::text, t.credit_hours ${more(monthOf(sql`so.signed_on`), "task", sql`t.id`)}
      FROM signoffs so JOIN practical_tasks t ON t.id = so.task_id
      WHERE so.member_id ${members} AND t.credit_hours > 0 ${onDay(sql`so.signed_on`)}
    UNION ALL
    SELECT qr.member_id, ${yearOf(sql`qr.updated_at`)}, q.hours_category::text, q.credit_hours ${more(monthAt(sql`qr.updated_at`), "quiz", sql`q.id`)}
      FROM quiz_results qr JOIN quizzes q ON q.id = qr.quiz_id
      WHERE qr.member_id ${members} AND qr.passed AND q.credit_hours > 0 ${at(sql`qr.updated_at`)}
    UNION ALL
    SELECT x.member_id, EXTRACT(YEAR FROM x.day)::int, x.category::text, x.hours ${more(monthOf(sql`x.day`), "external", sql`NULL`)}
      FROM external_hours x
      WHERE x.member_id ${members} ${onDay(sql`x.day`)}
    UNION ALL
    SELECT ev.member_id, EXTRACT(YEAR FROM ev.day)::int, l.hours_category::text,
      floor(LEAST(ev.watched_s::float8, ev.clip_s::float8) / 36 + 0.5)::numeric / 100
      ${more(monthOf(sql`ev.day`), "equipment", sql`e.id`)}
      FROM equipment_visits ev JOIN equipment e ON e.id = ev.equipment_id JOIN lessons l ON l.id = e.lesson_id
      WHERE ev.member_id ${members} AND ev.watched_s > 0 AND ${equipmentDone(sql`ev`)} ${onDay(sql`ev.day`)}
    UNION ALL
    SELECT ir.member_id, EXTRACT(YEAR FROM ir.signed_off_on)::int, 'safety', ir.hours_credited ${more(monthOf(sql`ir.signed_off_on`), "induction", sql`ir.id`)}
      FROM induction_records ir
      WHERE ir.member_id ${members} AND ir.signed_off_on IS NOT NULL AND ir.hours_credited > 0 ${onDay(sql`ir.signed_off_on`)}
    UNION ALL
    SELECT ca.member_id, ${yearOf(sql`ca.completed_at`)}, 'safety', cs.credit_hours ${more(monthAt(sql`ca.completed_at`), "case", sql`cs.id`)}
      FROM case_assignments ca JOIN cases cs ON cs.id = ca.case_id
      WHERE ca.member_id ${members} AND ca.completed_at IS NOT NULL AND cs.credit_hours > 0 ${at(sql`ca.completed_at`)}`;
}

/**
 * Brings the totals up to date: recomputes the dirty members (all of them when the site's zone
 * changed since the last refresh, since a zone moves entries across new year). One refresh at a
 * time (a transaction-scoped advisory lock); returns how many members were recomputed.
 */
export async function refreshTotals(db: Db, tz: string): Promise<number> {
  const [state] = rowsOf<{ time_zone: string | null; dirty: boolean }>(
    await db.execute(sql`SELECT (SELECT time_zone FROM hours_totals_state WHERE id = 1) AS time_zone, EXISTS (SELECT 1 FROM hours_dirty) AS dirty`),
  );
  if (state && state.time_zone === tz && !state.dirty) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(727015)`);
    const [s] = rowsOf<{ time_zone: string | null }>(await tx.execute(sql`SELECT time_zone FROM hours_totals_state WHERE id = 1`));
    if (s?.time_zone !== tz) {
      await tx.execute(sql`INSERT INTO hours_dirty (member_id) SELECT id FROM members ON CONFLICT DO NOTHING`);
      await tx.execute(sql`DELETE FROM hours_totals`);
    }
    const ids = rowsOf<{ member_id: number }>(await tx.execute(sql`DELETE FROM hours_dirty RETURNING member_id`)).map((r) => Number(r.member_id));
    if (ids.length) {
      // One array parameter, not one parameter per member (100,000 members would pass the limit).
      const list = sql`= ANY(${`{${ids.join(",")}}`}::int[])`;
      await tx.execute(sql`DELETE FROM hours_totals WHERE member_id ${list}`);
      await tx.execute(sql`
        INSERT INTO hours_totals (member_id, year, safety, skills, management, other)
        SELECT member_id, year, coalesce(sum(h) FILTER (WHERE cat = 'safety'), 0), coalesce(sum(h) FILTER (WHERE cat = 'skills'), 0),
          coalesce(sum(h) FILTER (WHERE cat = 'management'), 0), coalesce(sum(h) FILTER (WHERE cat = 'other'), 0)
        FROM (${evidence(list, null, tz)}) e
        GROUP BY member_id, year`);
    }
    const at = clock.now().toISOString();
    await tx.execute(sql`
      INSERT INTO hours_totals_state (id, time_zone, refreshed_at) VALUES (1, ${tz}, ${at})
      ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone, refreshed_at = EXCLUDED.refreshed_at`);
    return ids.length;
  });
}

/**
 * The most members a page's request recomputes itself before reading the totals. More (a large
 * import, a change of the site's zone on a big site) is left to the hours-refresh job: the page
 * reads the last complete totals and says how old they are, so no request waits on a recompute
 * of the whole site (issue 17: "never in a request path").
 */
export const REQUEST_REFRESH_MAX = 2000;

/**
 * For a page about to read the totals: recomputes the waiting members when they are few (at most
 * REQUEST_REFRESH_MAX, counting every member when the zone changed), so a small change shows at
 * once; otherwise recomputes nothing. Returns how current the totals then are (`pending`: the job
 * still has work, the page shows the last complete state). `refresh: false` only reads the state.
 */
export async function totalsForRead(db: Db, tz: string, refresh = true): Promise<CacheFreshness> {
  const state = async () => {
    const cap = REQUEST_REFRESH_MAX + 1;
    const [s] = rowsOf<{ time_zone: string | null; at_ms: number | null; dirty: number; members: number }>(
      await db.execute(sql`SELECT (SELECT time_zone FROM hours_totals_state WHERE id = 1) AS time_zone,
          (SELECT (extract(epoch FROM refreshed_at) * 1000)::float8 FROM hours_totals_state WHERE id = 1) AS at_ms,
          (SELECT count(*) FROM (SELECT 1 FROM hours_dirty LIMIT ${cap}) d)::int AS dirty,
          (SELECT count(*) FROM (SELECT 1 FROM members LIMIT ${cap}) m)::int AS members`),
    );
    const at = s?.at_ms === null || s?.at_ms === undefined ? null : new Date(Number(s.at_ms));
    // Members to recompute: the waiting ones, or every member (and one more) when the zone changed.
    const work = s?.time_zone === tz ? Number(s?.dirty ?? 0) : Number(s?.members ?? 0) + 1;
    return { refreshedAt: at, work };
  };
  const before = await state();
  if (before.work === 0) return { refreshedAt: before.refreshedAt, pending: false };
  if (!refresh || before.work > REQUEST_REFRESH_MAX) return { refreshedAt: before.refreshedAt, pending: true };
  await refreshTotals(db, tz);
  const after = await state();
  return { refreshedAt: after.refreshedAt, pending: after.work > 0 };
}
