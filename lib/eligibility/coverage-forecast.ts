/**
 * Station coverage forecast (覆盖预测): for every station minimum in a unit, the first day within
 * a year the station falls below it for the job if nobody renews (forecast.ts), with the members
 * whose lapse causes it and who could close the gap. Who qualifies today comes from the roster's
 * cache (as coverage.ts); what lapses are the certificates the job requires (the last valid day or
 * the 复审 due day, the earlier, as the roster counts them); a planned session of a published class
 * of the certificate type's specialty, in which the holder is enrolled, on or before that day,
 * counts as the renewal's training. 复训: a class requirement with a window lapses when the
 * `minCount`-th newest session attended leaves it; a planned session of the series the holder is
 * enrolled in, on or before that day, renews it. Other windows (quizzes, sign-offs, contests) are
 * not forecast. Five statements whatever the number of stations and members.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { ok, type Result } from "@/lib/core/result";
import { addDays, dayIn } from "@/lib/core/time";
import { escapeLike, inScope } from "@/lib/org/scope";
import { scopedUnit, type UnitRef } from "@/lib/org/units";
import { forecastCoverage, lastDayWithin, type Candidate, type Forecast, type Holder, type LapsingItem } from "./forecast";
import { reviewDueSql } from "./roster";

export const FORECAST_HORIZON_DAYS = 365;

export interface ForecastRow {
  stationId: number;
  stationName: string;
  stationPath: string;
  teamName: string | null;
  jobId: number;
  jobName: string;
  minQualified: number;
  forecast: Forecast;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).slice(0, 10));

/** A certificate's lapse as an item: 复审 when the review is due before it expires, else 换证. */
function certItem(name: string, expiresOn: string | null, reviewDue: string | null): LapsingItem | null {
  if (expiresOn === null && reviewDue === null) return null;
  const review = reviewDue !== null && (expiresOn === null || reviewDue < expiresOn);
  return { kind: review ? "review" : "renewal", name, until: review ? reviewDue : expiresOn! };
}

/**
 * The forecast rows of the stations under `unitPath` inside `scope`, soonest first (stations
 * that stay covered left out). No scope check of its own: callers are `coverageForecast` (the
 * viewer's scope) and the notifications sweep (the whole organisation).
 */
export async function forecastRows(db: Db, q: { unitPath: string; scope: Scope }, today: string, tz: string): Promise<ForecastRow[]> {
  const horizon = addDays(today, FORECAST_HORIZON_DAYS);
  const stations = sql`
    s AS MATERIALIZED (
      SELECT u.id AS station_id, u.name AS station_name, u.path, p.name AS team_name, j.id AS job_id, j.name AS job_name, j.code AS job_code,
             sm.min_qualified, EXISTS (SELECT 1 FROM job_requirements r WHERE r.job_id = j.id) AS has_req
        FROM station_job_minimums sm
        JOIN org_units u ON u.id = sm.org_unit_id
        LEFT JOIN org_units p ON p.id = u.parent_id
        JOIN jobs j ON j.id = sm.job_id AND j.active
       WHERE sm.min_qualified > 0 AND u.path LIKE ${`${escapeLike(q.unitPath)}%`} AND ${inScope(sql`u.path`, q.scope)})`;
  // The best certificate of each type each member of those stations holds (issued by today): the
  // latest last day, one without any first. Set-wise, not per member.
  const best = sql`
    bc AS MATERIALIZED (
      SELECT DISTINCT ON (mc.member_id, mc.certificate_type_id) mc.member_id, mc.certificate_type_id, ct.name AS type_name, ct.specialty,
             mc.expires_on, d.due AS review_due, LEAST(mc.expires_on, d.due) AS until
        FROM member_certificates mc
        JOIN members bm ON bm.id = mc.member_id AND bm.status = 'active' AND bm.org_unit_id IN (SELECT station_id FROM s)
        JOIN certificate_types ct ON ct.id = mc.certificate_type_id
        CROSS JOIN LATERAL (SELECT ${reviewDueSql(sql`mc`, sql`ct`)} AS due) d
       WHERE mc.issued_on <= ${today}::date
         AND mc.certificate_type_id IN (SELECT r.ref_id FROM job_requirements r WHERE r.kind = 'certificate' AND r.job_id IN (SELECT job_id FROM s))
       ORDER BY mc.member_id, mc.certificate_type_id, LEAST(mc.expires_on, d.due) DESC NULLS FIRST)`;

  // Who qualifies today at each station for each job (the roster's cache; everyone for a job without requirements).
  const holdersCte = sql`
    h AS MATERIALIZED (
      SELECT s.station_id, s.job_id, m.id AS member_id, m.name
        FROM s JOIN members m ON m.org_unit_id = s.station_id AND m.status = 'active'
        LEFT JOIN eligibility_cells c ON c.member_id = m.id AND c.job_id = s.job_id
       WHERE NOT s.has_req OR c.member_id IS NOT NULL)`;

  const stationRows = rowsOf<Record<string, unknown>>(await db.execute(sql`WITH ${stations} SELECT * FROM s ORDER BY path, job_code`));
  if (stationRows.length === 0) return [];

  const holderRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      WITH ${stations}, ${best}, ${holdersCte}
      SELECT h.station_id, h.job_id, h.member_id, h.name, bc.type_name, bc.specialty,
             bc.expires_on::text AS expires_on, bc.review_due::text AS review_due
        FROM h
        LEFT JOIN job_requirements r ON r.job_id = h.job_id AND r.kind = 'certificate'
        LEFT JOIN bc ON bc.member_id = h.member_id AND bc.certificate_type_id = r.ref_id
       ORDER BY h.station_id, h.job_id, h.member_id`),
  );

  // 复训: class requirements with a window — the holder counts while the `min_count`-th newest
  // session attended (of the series, up to today) is inside it.
  const retrainRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      WITH ${stations}, ${holdersCte},
      cr AS MATERIALIZED (SELECT r.id, r.job_id, r.series, coalesce(r.min_count, 1) AS min_count, r.within_months
               FROM job_requirements r WHERE r.kind = 'class' AND r.within_months IS NOT NULL AND r.job_id IN (SELECT job_id FROM s)),
      att AS MATERIALIZED (
        SELECT a.member_id, c.series, array_agg((cs.starts_at AT TIME ZONE ${tz})::date ORDER BY cs.starts_at DESC) AS days
          FROM attendance a JOIN class_sessions cs ON cs.id = a.session_id JOIN classes c ON c.id = cs.class_id
         WHERE a.member_id IN (SELECT member_id FROM h) AND c.series IN (SELECT series FROM cr)
           AND (cs.starts_at AT TIME ZONE ${tz})::date <= ${today}::date
         GROUP BY a.member_id, c.series)
      SELECT h.station_id, h.job_id, h.member_id, cr.series, cr.within_months, (att.days[cr.min_count])::text AS kth
        FROM h JOIN cr ON cr.job_id = h.job_id
        JOIN att ON att.member_id = h.member_id AND att.series = cr.series`),
  );

  // Planned sessions (today … horizon) of published classes the station's members are enrolled in:
  // the first one per member and specialty.
  const planned = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      WITH ${stations},
      p AS (SELECT e.member_id, c.specialty, c.series, c.title, cs.starts_at, (cs.starts_at AT TIME ZONE ${tz})::date::text AS day
              FROM class_enrolments e
              JOIN members m ON m.id = e.member_id AND m.status = 'active' AND m.org_unit_id IN (SELECT station_id FROM s)
              JOIN classes c ON c.id = e.class_id AND c.status = 'published'
              JOIN class_sessions cs ON cs.class_id = c.id
             WHERE e.status = 'enrolled' AND (cs.starts_at AT TIME ZONE ${tz})::date BETWEEN ${today}::date AND ${horizon}::date)
      (SELECT DISTINCT ON (member_id, specialty) 'specialty' AS by, member_id, specialty AS k, title, day FROM p WHERE specialty IS NOT NULL ORDER BY member_id, specialty, starts_at)
      UNION ALL
      (SELECT DISTINCT ON (member_id, series) 'series', member_id, series, title, day FROM p ORDER BY member_id, series, starts_at)`),
  );
  const sessions = new Map<string, { on: string; title: string }>();
  for (const p of planned) sessions.set(`${p.member_id}:${p.by}:${p.k}`, { on: text(p.day)!, title: String(p.title) });

  // Members who could close the gap: not qualified, and working towards the job (their job on paper
  // or a target), or holding a certificate the job requires that has run out (renewing it helps).
  const candidateRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      WITH ${stations}, ${best},
      nq AS (SELECT s.station_id, s.job_id, m.id AS member_id, m.name,
                    (m.job_id = s.job_id OR EXISTS (SELECT 1 FROM member_job_targets t WHERE t.member_id = m.id AND t.job_id = s.job_id)) AS target
               FROM s JOIN members m ON m.org_unit_id = s.station_id AND m.status = 'active'
              WHERE s.has_req AND NOT EXISTS (SELECT 1 FROM eligibility_cells c WHERE c.member_id = m.id AND c.job_id = s.job_id))
      SELECT DISTINCT ON (nq.station_id, nq.job_id, nq.name, nq.member_id) nq.station_id, nq.job_id, nq.member_id, nq.name, nq.target,
             bc.type_name, bc.expires_on::text AS expires_on, bc.review_due::text AS review_due
        FROM nq
        LEFT JOIN job_requirements r ON r.job_id = nq.job_id AND r.kind = 'certificate'
        LEFT JOIN bc ON bc.member_id = nq.member_id AND bc.certificate_type_id = r.ref_id AND bc.until < ${today}::date
       WHERE nq.target OR bc.type_name IS NOT NULL
       ORDER BY nq.station_id, nq.job_id, nq.name, nq.member_id, bc.until DESC NULLS LAST`),
  );

  const key = (r: Record<string, unknown>) => `${r.station_id}:${r.job_id}`;
  const holders = new Map<string, Map<number, Holder>>();
  for (const r of holderRows) {
    const byMember = holders.get(key(r)) ?? new Map<number, Holder>();
    holders.set(key(r), byMember);
    const id = Number(r.member_id);
    const h = byMember.get(id) ?? { memberId: id, name: String(r.name), items: [] };
    byMember.set(id, h);
    if (r.type_name === null || r.type_name === undefined) continue;
    const item = certItem(String(r.type_name), text(r.expires_on), text(r.review_due));
    if (!item) continue;
    const renewal = r.specialty ? sessions.get(`${id}:specialty:${r.specialty}`) : undefined;
    h.items.push(renewal && renewal.on <= item.until ? { ...item, renewedBy: renewal } : item);
  }
  for (const r of retrainRows) {
    const h = holders.get(key(r))?.get(Number(r.member_id));
    const kth = text(r.kth);
    if (!h || kth === null) continue;
    const series = String(r.series);
    const item: LapsingItem = { kind: "retraining", name: series, until: lastDayWithin(kth, Number(r.within_months)) };
    const renewal = sessions.get(`${h.memberId}:series:${series}`);
    h.items.push(renewal && renewal.on <= item.until ? { ...item, renewedBy: renewal } : item);
  }
  const candidates = new Map<string, Candidate[]>();
  for (const r of candidateRows) {
    const list = candidates.get(key(r)) ?? [];
    candidates.set(key(r), list);
    const item = r.type_name ? certItem(String(r.type_name), text(r.expires_on), text(r.review_due)) : null;
    list.push({ memberId: Number(r.member_id), name: String(r.name), reason: item ? "lapsed" : "target", item });
  }

  const out: ForecastRow[] = [];
  for (const s of stationRows) {
    const min = Number(s.min_qualified);
    const forecast = forecastCoverage(
      { min, holders: [...(holders.get(key(s))?.values() ?? [])], candidates: candidates.get(key(s)) ?? [] },
      today,
      FORECAST_HORIZON_DAYS,
    );
    if (!forecast) continue;
    out.push({
      stationId: Number(s.station_id),
      stationName: String(s.station_name),
      stationPath: String(s.path),
      teamName: s.team_name ? String(s.team_name) : null,
      jobId: Number(s.job_id),
      jobName: String(s.job_name),
      minQualified: min,
      forecast,
    });
  }
  // Soonest first; the order of the stations (path, job) otherwise.
  return out
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.forecast.day.localeCompare(b.r.forecast.day) || a.i - b.i)
    .map((x) => x.r);
}

/** The forecast for a unit inside the actor's `roster.read` scope; a unit outside it is "not found". */
export async function coverageForecast(
  db: Db,
  actor: Principal,
  q: { unitId: number | null },
  now: Date = clock.now(),
): Promise<Result<{ unit: UnitRef; today: string; horizonDays: number; rows: ForecastRow[] }>> {
  const unit = await scopedUnit(db, actor, "roster.read", q.unitId);
  if (!unit.ok) return unit;
  const tz = clock.timeZone();
  const today = dayIn(now, tz);
  const rows = await forecastRows(db, { unitPath: unit.value.path, scope: scopeOf(actor, "roster.read") }, today, tz);
  return ok({ unit: unit.value, today, horizonDays: FORECAST_HORIZON_DAYS, rows });
}
