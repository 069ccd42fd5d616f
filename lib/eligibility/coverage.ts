/**
 * Coverage per station: for every minimum an admin set (station × job), how many active members
 * of the station are qualified (eligible or expiring) for the job, from the roster's cache as the
 * roster-refresh job last left it (with its age).
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { scopeOf, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { ok, type Result } from "@/lib/core/result";
import { dayIn } from "@/lib/core/time";
import { escapeLike, inScope } from "@/lib/org/scope";
import { scopedUnit, type UnitRef } from "@/lib/org/units";
import { cacheFreshness, type CacheFreshness } from "./cache";

export interface CoverageRow {
  stationId: number;
  stationName: string;
  teamName: string | null;
  jobId: number;
  jobName: string;
  minQualified: number;
  qualified: number;
  expiring: number;
  shortfall: number;
}

/** The stations of a unit inside the actor's `roster.read` scope; a unit outside it is "not found". */
export async function coverage(
  db: Db,
  actor: Principal,
  q: { unitId: number | null; shortOnly?: boolean },
  now: Date = clock.now(),
): Promise<Result<{ unit: UnitRef; today: string; rows: CoverageRow[]; freshness: CacheFreshness }>> {
  const unit = await scopedUnit(db, actor, "roster.read", q.unitId);
  if (!unit.ok) return unit;
  const tz = clock.timeZone();
  const today = dayIn(now, tz);
  // The cache as the roster-refresh job last left it (a read never recomputes).
  const freshness = await cacheFreshness(db, today, tz);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT u.id AS station_id, u.name AS station_name, p.name AS team_name, j.id AS job_id, j.name AS job_name, s.min_qualified,
             CASE WHEN EXISTS (SELECT 1 FROM job_requirements r WHERE r.job_id = j.id) THEN count(c.member_id)
                  ELSE count(m.id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM induction_records ir WHERE ir.member_id = m.id AND ir.signed_off_on IS NULL)) END AS qualified,
             count(c.member_id) FILTER (WHERE c.status = 'expiring') AS expiring
        FROM station_job_minimums s
        JOIN org_units u ON u.id = s.org_unit_id
        LEFT JOIN org_units p ON p.id = u.parent_id
        JOIN jobs j ON j.id = s.job_id AND j.active
        LEFT JOIN members m ON m.org_unit_id = u.id AND m.status = 'active'
        LEFT JOIN eligibility_cells c ON c.member_id = m.id AND c.job_id = s.job_id
       WHERE u.path LIKE ${`${escapeLike(unit.value.path)}%`} AND ${inScope(sql`u.path`, scopeOf(actor, "roster.read"))}
       GROUP BY u.id, u.name, u.path, p.name, j.id, j.name, j.code, s.min_qualified
       ORDER BY u.path, j.code`),
  );
  const out = rows.map((r) => {
    const qualified = Number(r.qualified);
    const min = Number(r.min_qualified);
    return {
      stationId: Number(r.station_id),
      stationName: String(r.station_name),
      teamName: r.team_name ? String(r.team_name) : null,
      jobId: Number(r.job_id),
      jobName: String(r.job_name),
      minQualified: min,
      qualified,
      expiring: Number(r.expiring),
      shortfall: Math.max(0, min - qualified),
    };
  });
  return ok({ unit: unit.value, today, rows: q.shortOnly ? out.filter((r) => r.shortfall > 0) : out, freshness });
}
