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

export async function sweepUpcoming(
  db: Db,
  now = clock.now(),
  today = clock.today(),
): Promise<{ quizOpening: number; quizClosing: number; certificateExpiring: number }> {
  const quizzes = rowsOf<{ id: number; title: string; opens_at: string | Date }>(
    await db.execute(sql`SELECT id, title, opens_at FROM quizzes
      WHERE status = 'published' AND opens_at <= ${new Date(now.getTime() + AHEAD_MS).toISOString()}::timestamptz
        AND closes_at > ${now.toISOString()}::timestamptz`),
  );
  let quizOpening = 0;
  for (const q of quizzes) {
    const who = rowsOf<{ id: number }>(
      await db.execute(sql`SELECT m.id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
        WHERE m.status = 'active'
          AND ${inAudienceSql("quiz_audience", sql`${q.id}`, { orgPath: sql`ou.path`, jobId: sql`m.job_id` })}
          AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.quiz_id = ${q.id} AND a.member_id = m.id)
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = m.id AND n.dedupe_key = ${`quiz:${q.id}:opening`})`),
    );
    const opensAt = (q.opens_at instanceof Date ? q.opens_at : new Date(String(q.opens_at))).toISOString();
    quizOpening += await emit(
      db,
      "quiz_opening",
      who.map((w) => Number(w.id)),
      { title: q.title, opensAt },
      "/quizzes",
      `quiz:${q.id}:opening`,
      now,
    );
  }
  const closing = rowsOf<{ id: number; title: string; closes_at: string | Date }>(
    await db.execute(sql`SELECT id, title, closes_at FROM quizzes
      WHERE status = 'published' AND opens_at <= ${now.toISOString()}::timestamptz
        AND closes_at > ${now.toISOString()}::timestamptz AND closes_at <= ${new Date(now.getTime() + AHEAD_MS).toISOString()}::timestamptz`),
  );
  let quizClosing = 0;
  for (const q of closing) {
    const who = rowsOf<{ id: number }>(
      await db.execute(sql`SELECT m.id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
        WHERE m.status = 'active'
          AND ${inAudienceSql("quiz_audience", sql`${q.id}`, { orgPath: sql`ou.path`, jobId: sql`m.job_id` })}
          AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.quiz_id = ${q.id} AND a.member_id = m.id AND a.state = 'submitted')
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = m.id AND n.dedupe_key = ${`quiz:${q.id}:closing`})`),
    );
    const closesAt = (q.closes_at instanceof Date ? q.closes_at : new Date(String(q.closes_at))).toISOString();
    quizClosing += await emit(
      db,
      "quiz_closing",
      who.map((w) => Number(w.id)),
      { title: q.title, closesAt },
      "/quizzes",
      `quiz:${q.id}:closing`,
      now,
    );
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
  return { quizOpening, quizClosing, certificateExpiring };
}
