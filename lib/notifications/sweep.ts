/**
 * Events no request causes, found by the `notify-sweep` job: a quiz window opening within a day
 * (or open now) for each member of its audience who has not started it, a quiz window closing
 * within a day for each member of its audience who has not submitted, and a certificate expiring
 * within its type's renewal window (60 days unless the type says otherwise) for its holder, and a
 * certificate's 复审 due within the same window for its holder and their manager (`sweepReviews`;
 * once per due day: a recorded review moves the day and the next cycle reminds again). Each is
 * emitted once per member (dedupe keys), so the sweep may run as often and on as many instances as
 * it likes. Also: station coverage forecasts (`sweepCoverageForecast`) and induction levels waiting
 * for their sign-off (`sweepInductions`).
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import * as clock from "@/lib/core/clock";
import { inAudienceSql } from "@/lib/org/scope";
import { reviewDueSql } from "@/lib/eligibility/roster";
import { forecastRows } from "@/lib/eligibility/coverage-forecast";
import { addDays, daysBetween } from "@/lib/core/time";
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

/**
 * 复审 reminders: certificates of active members whose review is due between today and today +
 * the type's renewal window (left out: a certificate renewed by a later one of its type, or one
 * that expires before its review is due — the expiry reminder speaks for it). The holder and the
 * managers nearest above the holder's unit (the deepest scope covering it; never the holder) each
 * hear of it once per due day.
 */
export async function sweepReviews(db: Db, now = clock.now(), today = clock.today()): Promise<number> {
  const due = rowsOf<{ id: number; member_id: number; member_name: string; path: string; name: string; due: string }>(
    await db.execute(sql`SELECT mc.id, mc.member_id, m.name AS member_name, u.path, ct.name, d.due::text AS due
      FROM member_certificates mc
      JOIN certificate_types ct ON ct.id = mc.certificate_type_id AND ct.active AND ct.review_every_years IS NOT NULL
      JOIN members m ON m.id = mc.member_id AND m.status = 'active'
      JOIN org_units u ON u.id = m.org_unit_id
      CROSS JOIN LATERAL (SELECT ${reviewDueSql(sql`mc`, sql`ct`)} AS due) d
      WHERE d.due >= ${today}::date AND d.due <= (${today}::date + ct.renew_window_days)
        AND (mc.expires_on IS NULL OR mc.expires_on > d.due)
        AND NOT EXISTS (SELECT 1 FROM member_certificates newer WHERE newer.member_id = mc.member_id
          AND newer.certificate_type_id = mc.certificate_type_id AND newer.id <> mc.id AND newer.issued_on > mc.issued_on)`),
  );
  const managers = due.length ? await activeManagers(db) : [];
  let n = 0;
  for (const c of due) {
    const day = String(c.due).slice(0, 10);
    const key = `cert:${c.id}:review:${day}`;
    const days = Math.max(0, daysBetween(today, day));
    const href = `/members/${Number(c.member_id)}`;
    n += await emit(db, "certificate_review_due", [Number(c.member_id)], { name: c.name, day, days, member: "", for: "self" }, href, key, now);
    const nearest = nearestManagers(managers, c.path, Number(c.member_id));
    n += await emit(db, "certificate_review_due", nearest, { name: c.name, day, days, member: c.member_name, for: "team" }, href, key, now);
  }
  return n;
}

interface ManagerScope {
  memberId: number;
  /** The unit path the manager role covers; "" for the whole organisation. */
  path: string;
}

/** Every enabled manager role of an active member with the path it covers, read once per sweep (a site has few). */
async function activeManagers(db: Db): Promise<ManagerScope[]> {
  return rowsOf<{ member_id: number; path: string | null }>(
    await db.execute(sql`SELECT DISTINCT u.member_id, su.path
      FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'manager'
      LEFT JOIN org_units su ON su.id = r.scope_org_unit_id
      JOIN members mm ON mm.id = u.member_id AND mm.status = 'active'
      WHERE NOT u.disabled`),
  ).map((r) => ({ memberId: Number(r.member_id), path: r.path ?? "" }));
}

/** The managers nearest above a unit (the deepest scope covering its path), leaving out `exceptMember`. */
function nearestManagers(managers: readonly ManagerScope[], path: string, exceptMember: number | null): number[] {
  const covering = managers.filter((m) => m.memberId !== exceptMember && path.startsWith(m.path));
  const deepest = Math.max(-1, ...covering.map((m) => m.path.length));
  return [...new Set(covering.filter((m) => m.path.length === deepest).map((m) => m.memberId))];
}

/** How near a forecast must be for the sweep to tell the station's managers (days). */
export const FORECAST_NOTICE_DAYS = 60;

/**
 * Coverage forecast reminders: a station that will fall below its minimum for a job within
 * `FORECAST_NOTICE_DAYS` (lib/eligibility/coverage-forecast.ts; a station already short is the
 * coverage page's business, not a forecast) is told to the managers nearest above the station,
 * once per station, job and forecast day (a renewal that moves the day tells them again of the new one).
 */
export async function sweepCoverageForecast(db: Db, now = clock.now(), today = clock.today()): Promise<number> {
  const rows = await forecastRows(db, { unitPath: "/", scope: { all: true } }, today, clock.timeZone());
  const limit = addDays(today, FORECAST_NOTICE_DAYS);
  const managers = rows.length ? await activeManagers(db) : [];
  let n = 0;
  for (const r of rows) {
    const f = r.forecast;
    if (f.already || f.day > limit) continue;
    const members = f.lapsing.map((l) => l.name).join("、");
    const params = { station: r.stationName, job: r.jobName, min: r.minQualified, day: f.day, days: daysBetween(today, f.day), members };
    const key = `forecast:${r.stationId}:${r.jobId}:${f.day}`;
    n += await emit(db, "coverage_forecast", nearestManagers(managers, r.stationPath, null), params, `/manage/coverage?unit=${r.stationId}`, key, now);
  }
  return n;
}

/**
 * 三级安全教育 waiting (lib/induction): each active member's lowest open level — the one that can
 * be signed now, levels being signed in order — is told to the member and to the managers nearest
 * above that level's unit (the responsible people at that level), once per level: the next level
 * is told when the one below it is signed. A member who left, or a level signed meanwhile, is not.
 */
export async function sweepInductions(db: Db, now = clock.now()): Promise<number> {
  const open = rowsOf<{ id: number; member_id: number; member_name: string; level: number; unit: string; path: string; hours: string }>(
    await db.execute(sql`SELECT DISTINCT ON (r.member_id) r.id, r.member_id, m.name AS member_name, r.level, u.name AS unit, u.path, r.required_hours::text AS hours
      FROM induction_records r
      JOIN members m ON m.id = r.member_id AND m.status = 'active'
      JOIN org_units u ON u.id = r.org_unit_id
      WHERE r.signed_off_on IS NULL
      ORDER BY r.member_id, r.level`),
  );
  const managers = open.length ? await activeManagers(db) : [];
  let n = 0;
  for (const r of open) {
    const key = `induction:${r.id}:waiting`;
    const params = { level: Number(r.level), unit: r.unit, hours: Number(r.hours) };
    n += await emit(db, "induction_waiting", [Number(r.member_id)], { ...params, member: "", for: "self" }, `/members/${Number(r.member_id)}`, key, now);
    const nearest = nearestManagers(managers, r.path, Number(r.member_id));
    n += await emit(db, "induction_waiting", nearest, { ...params, member: r.member_name, for: "team" }, "/manage/induction", key, now);
  }
  return n;
}
