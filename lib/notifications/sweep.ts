/**
 * Events no request causes, found by the `notify-sweep` job: a quiz window opening within a day
 * (or open now) for each member of its audience who has not started it, a quiz window closing
 * within a day for each member of its audience who has not submitted, and a certificate expiring
 * within its type's renewal window (60 days unless the type says otherwise) for its holder. Each is
 * emitted once per member (dedupe keys), so the sweep may run as often and on as many instances as
 * it likes.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { inAudienceSql } from "@/lib/org/scope";
import { emit } from "./events";

const AHEAD_MS = 24 * 3600 * 1000;

/**
 * The quiz windows the sweep announces: which quizzes (`due`, given now and now + a day), who has
 * not yet done what the event is about (`pending`, an attempt filter on `a`), and the instant the
 * text shows (`at`, a column of `quizzes`, as the param `param`).
 */
const QUIZ_WINDOWS = [
  {
    event: "quiz_opening",
    count: "quizOpening",
    key: "opening",
    at: "opens_at",
    param: "opensAt",
    due: (now: string, ahead: string) => sql`opens_at <= ${ahead}::timestamptz AND closes_at > ${now}::timestamptz`,
    pending: sql``,
  },
  {
    event: "quiz_closing",
    count: "quizClosing",
    key: "closing",
    at: "closes_at",
    param: "closesAt",
    due: (now: string, ahead: string) => sql`opens_at <= ${now}::timestamptz AND closes_at > ${now}::timestamptz AND closes_at <= ${ahead}::timestamptz`,
    pending: sql` AND a.state = 'submitted'`,
  },
] as const;

export async function sweepUpcoming(
  db: Db,
  now = clock.now(),
  today = clock.today(),
): Promise<{ quizOpening: number; quizClosing: number; certificateExpiring: number }> {
  const counts = { quizOpening: 0, quizClosing: 0 };
  const ahead = new Date(now.getTime() + AHEAD_MS).toISOString();
  for (const w of QUIZ_WINDOWS) {
    const quizzes = rowsOf<{ id: number; title: string; at: string | Date }>(
      await db.execute(sql`SELECT id, title, ${sql.raw(w.at)} AS at FROM quizzes
        WHERE status = 'published' AND ${w.due(now.toISOString(), ahead)}`),
    );
    for (const q of quizzes) {
      const key = `quiz:${q.id}:${w.key}`;
      const who = rowsOf<{ id: number }>(
        await db.execute(sql`SELECT m.id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
          WHERE m.status = 'active'
            AND ${inAudienceSql("quiz_audience", sql`${q.id}`, { orgPath: sql`ou.path`, jobId: sql`m.job_id` })}
            AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.quiz_id = ${q.id} AND a.member_id = m.id${w.pending})
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = m.id AND n.dedupe_key = ${key})`),
      );
      const at = (q.at instanceof Date ? q.at : new Date(String(q.at))).toISOString();
      counts[w.count] += await emit(
        db,
        w.event,
        who.map((m) => Number(m.id)),
        { title: q.title, [w.param]: at },
        "/quizzes",
        key,
        now,
      );
    }
  }
  const certs = rowsOf<{ id: number; member_id: number; name: string; expires_on: string }>(
    await db.execute(sql`SELECT mc.id, mc.member_id, ct.name, mc.expires_on::text AS expires_on FROM member_certificates mc
      JOIN certificate_types ct ON ct.id = mc.certificate_type_id
      JOIN members m ON m.id = mc.member_id AND m.status = 'active'
      WHERE mc.expires_on >= ${today}::date
        AND mc.expires_on <= (${today}::date + ct.renew_window_days)
        AND NOT EXISTS (SELECT 1 FROM member_certificates newer WHERE newer.member_id = mc.member_id
          AND newer.certificate_type_id = mc.certificate_type_id AND (newer.expires_on IS NULL OR newer.expires_on > mc.expires_on))
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = mc.member_id AND n.dedupe_key = 'cert:' || mc.id || ':expiring')`),
  );
  let certificateExpiring = 0;
  for (const c of certs) {
    const day = String(c.expires_on).slice(0, 10);
    certificateExpiring += await emit(
      db,
      "certificate_expiring",
      [Number(c.member_id)],
      { name: c.name, day, days: Math.max(0, Math.round((Date.parse(day) - Date.parse(today)) / 86_400_000)) },
      `/members/${Number(c.member_id)}`,
      `cert:${c.id}:expiring`,
      now,
    );
  }
  return { ...counts, certificateExpiring };
}
