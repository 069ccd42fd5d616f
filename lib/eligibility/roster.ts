/**
 * The skill roster (技能矩阵), set-wise in SQL: one statement computes, for every member of a
 * unit and every job, which requirements hold, and returns the whole unit's status counts with
 * one page of members. The number of statements per request does not depend on the number of
 * members. Day cut-offs (window starts, renewal windows) are computed once in TypeScript from the
 * same functions the pure rules use, so both sides agree on every day boundary.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { Scope } from "@/lib/auth/permissions";

import { escapeLike, inScope } from "@/lib/org/scope";
import { quarterStart, windowStart } from "./rules";
import { LEVEL_RANK, type JobStatus, type Requirement } from "./types";
import { addDays, addMonths } from "@/lib/core/time";
import { timeZone } from "@/lib/core/clock";

export const ROSTER_SORTS = ["name", "employeeNo", "unit", "status", "expiry"] as const;
type RosterSort = (typeof ROSTER_SORTS)[number];

export interface RosterJob {
  id: number;
  code: string;
  name: string;
  specialty: string;
}

export interface RosterQuery {
  /** Path of the unit whose subtree is shown (`/1/4/`). */
  unitPath: string;
  /** What the viewer may see (roster.read); intersected with the unit. */
  scope: Scope;
  jobs: RosterJob[];
  requirements: Requirement[];
  /** One job: rows filtered and sorted by their status for it; counts for it. */
  jobId: number | null;
  status: JobStatus | null;
  expiringWithinDays: number | null;
  sort: RosterSort;
  desc: boolean;
  /** 1-based; pageSize 0 = every row (exports). */
  page: number;
  pageSize: number;
  today: string;
  tz?: string;
}

interface RosterCell {
  status: JobStatus;
  /** Expiring: the first day something runs out. Eligible or expiring: the first certificate expiry. */
  expiresOn: string | null;
  until: string | null;
}

interface RosterRow {
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  heldJobId: number | null;
  /** Open 三级安全教育 levels (not eligible for any job while any): the reason shown beside the row. */
  inductionOpen: number[];
  cells: Record<number, RosterCell>;
}

export interface RosterResult {
  total: number;
  counts: Record<JobStatus, number>;
  rows: RosterRow[];
}

/** The requirements as a table the statement joins, with their cut-off days. */
function requirementParams(requirements: Requirement[], today: string) {
  return requirements.map((r) => ({
    id: r.id,
    job_id: r.jobId,
    kind: r.kind,
    ref_id: r.refId,
    series: r.series,
    specialty: r.specialty,
    level: r.contestLevel ? (LEVEL_RANK[r.contestLevel] ?? 99) : 0,
    min_score: r.minScore,
    min_count: r.kind === "class" ? (r.minCount ?? 1) : r.minCount,
    max_rank: r.maxRank,
    within_months: r.kind === "service" ? null : r.withinMonths,
    start_day: r.kind === "service" ? addMonths(today, -(r.minCount ?? 0)) : windowStart(r, today),
    start_quarter: quarterStart(r, today),
    expiring_by: r.kind === "certificate" ? addDays(today, r.renewWindowDays ?? 0) : null,
    ok: r.refExists !== false,
  }));
}

/**
 * The day the next 复审 of a member's certificate (alias `mc`) of type (alias `ct`) is due: the
 * type's cycle in years from the last review, or from issue (null: the type has none). PostgreSQL
 * adds years as lib/core/time `addMonths` does (29 February + 1 year = 28 February).
 */
export function reviewDueSql(mc: SQL, ct: SQL): SQL {
  return sql`(CASE WHEN ${ct}.review_every_years IS NOT NULL
                   THEN (coalesce(${mc}.last_reviewed_on, ${mc}.issued_on) + make_interval(years => ${ct}.review_every_years))::date END)`;
}

/** rules.ts `certificateUntil` in SQL: the last valid day or the review due day, the earlier (LEAST skips nulls). */
function certificateUntilSql(mc: SQL, ct: SQL): SQL {
  return sql`LEAST(${mc}.expires_on, ${reviewDueSql(mc, ct)})`;
}

/**
 * `met(member_id, req_id, until, change_on)`: which requirement holds for which member of `m`;
 * `until` is the last valid day of the certificate that meets a certificate requirement (null: no
 * expiry); `change_on` is the first day on which time alone may change that (a certificate enters
 * its renewal window or expires, the newest record leaves the window), never later than the real
 * change — the cache rechecks the member on that day (quarter windows: every new quarter).
 */
function metSql(today: string, tz: string): SQL {
  const until = certificateUntilSql(sql`mc`, sql`ct`);
  const plusMonths = (d: SQL) => sql`(${d} + make_interval(months => r.within_months))::date`;
  return sql`
    SELECT qr.member_id, r.id AS req_id, NULL::date AS until,
           CASE WHEN r.within_months IS NOT NULL THEN ${plusMonths(sql`max((q.closes_at AT TIME ZONE ${tz})::date)`)} END AS change_on
      FROM req r
      JOIN quizzes q ON (r.ref_id IS NULL OR q.id = r.ref_id) AND (r.series IS NULL OR q.series = r.series)
                    AND (r.specialty IS NULL OR q.specialty = r.specialty)
                    AND (r.start_day IS NULL OR (q.closes_at AT TIME ZONE ${tz})::date >= r.start_day)
                    AND (r.start_quarter IS NULL OR q.quarter >= r.start_quarter)
      JOIN quiz_results qr ON qr.quiz_id = q.id AND NOT qr.pending_grading AND qr.percent >= coalesce(r.min_score, 0)
      JOIN m ON m.id = qr.member_id
     WHERE r.kind = 'quiz' AND r.ok
     GROUP BY qr.member_id, r.id, r.within_months
    UNION ALL
    SELECT cc.member_id, r.id, NULL::date, NULL::date
      FROM req r JOIN course_completions cc ON cc.course_id = r.ref_id JOIN m ON m.id = cc.member_id
     WHERE r.kind = 'course' AND r.ok AND (cc.completed_at AT TIME ZONE ${tz})::date <= ${today}::date
    UNION ALL
    SELECT a.member_id, r.id, NULL::date,
           CASE WHEN r.within_months IS NOT NULL THEN ${plusMonths(sql`min((s.starts_at AT TIME ZONE ${tz})::date)`)} END
      FROM req r JOIN classes c ON c.series = r.series JOIN class_sessions s ON s.class_id = c.id
      JOIN attendance a ON a.session_id = s.id JOIN m ON m.id = a.member_id
     WHERE r.kind = 'class' AND r.ok AND (s.starts_at AT TIME ZONE ${tz})::date <= ${today}::date
       AND (r.start_day IS NULL OR (s.starts_at AT TIME ZONE ${tz})::date >= r.start_day)
     GROUP BY a.member_id, r.id, r.min_count, r.within_months HAVING count(*) >= r.min_count
    UNION ALL
    SELECT so.member_id, r.id, NULL::date, CASE WHEN r.within_months IS NOT NULL THEN ${plusMonths(sql`max(so.signed_on)`)} END
      FROM req r JOIN signoffs so ON so.task_id = r.ref_id JOIN m ON m.id = so.member_id
     WHERE r.kind = 'signoff' AND r.ok AND so.signed_on <= ${today}::date AND (r.start_day IS NULL OR so.signed_on >= r.start_day)
     GROUP BY so.member_id, r.id, r.within_months
    UNION ALL
    SELECT cr.member_id, r.id, NULL::date, CASE WHEN r.within_months IS NOT NULL THEN ${plusMonths(sql`max(ct.held_on)`)} END
      FROM req r
      JOIN contests ct ON (r.ref_id IS NULL OR ct.id = r.ref_id) AND (r.specialty IS NULL OR ct.specialty = r.specialty)
                      AND (CASE ct.level WHEN 'area' THEN 1 WHEN 'plant' THEN 2 WHEN 'bureau' THEN 3 ELSE 0 END) >= r.level
                      AND ct.held_on <= ${today}::date AND (r.start_day IS NULL OR ct.held_on >= r.start_day)
      JOIN contest_results cr ON cr.contest_id = ct.id AND (r.max_rank IS NULL OR cr.rank <= r.max_rank)
                             AND (r.min_score IS NULL OR cr.score >= r.min_score)
      JOIN m ON m.id = cr.member_id
     WHERE r.kind = 'contest' AND r.ok
     GROUP BY cr.member_id, r.id, r.within_months
    UNION ALL
    SELECT m.id, r.id, NULL::date, NULL::date
      FROM req r JOIN m ON m.hired_on <= r.start_day
     WHERE r.kind = 'service'
    UNION ALL
    SELECT x.member_id, x.req_id, x.until,
           CASE WHEN x.until IS NULL THEN NULL WHEN x.until - x.window_days > ${today}::date THEN x.until - x.window_days ELSE x.until + 1 END
      FROM (SELECT mc.member_id, r.id AS req_id, CASE WHEN bool_or(${until} IS NULL) THEN NULL ELSE max(${until}) END AS until,
                   (r.expiring_by - ${today}::date) AS window_days
              FROM req r JOIN member_certificates mc ON mc.certificate_type_id = r.ref_id JOIN m ON m.id = mc.member_id
              JOIN certificate_types ct ON ct.id = mc.certificate_type_id
             WHERE r.kind = 'certificate' AND r.ok AND mc.issued_on <= ${today}::date
               AND (${until} IS NULL OR ${until} >= ${today}::date)
             GROUP BY mc.member_id, r.id, r.expiring_by) x`;
}

/**
 * `later(member_id, change_on)`: days on which a requirement not met today may become met by time
 * alone: time in service reached, or any record that counts from its day on and is dated after
 * today — a course completion or class session (a day ahead in the site's zone, or written by a
 * clock ahead of the cache's), a certificate issued, a sign-off or a contest in the future. Every
 * kind that `metSql` holds back until its day must be here, or the cache never looks again.
 * `service`: only the part that depends on requirements (a recompute of some jobs keeps the
 * members' earlier recheck days, which already hold their records dated ahead).
 */
export function laterSql(today: string, tz: string, only: "all" | "service" = "all"): SQL {
  const service = sql`
    SELECT m.id AS member_id, (m.hired_on + make_interval(months => r.min_count))::date AS change_on
      FROM req r JOIN m ON m.hired_on > r.start_day WHERE r.kind = 'service'`;
  if (only === "service") return service;
  return sql`${service}
    UNION ALL
    SELECT cc.member_id, min((cc.completed_at AT TIME ZONE ${tz})::date) FROM course_completions cc JOIN m ON m.id = cc.member_id
     WHERE (cc.completed_at AT TIME ZONE ${tz})::date > ${today}::date GROUP BY cc.member_id
    UNION ALL
    SELECT a.member_id, min((s.starts_at AT TIME ZONE ${tz})::date) FROM attendance a JOIN class_sessions s ON s.id = a.session_id JOIN m ON m.id = a.member_id
     WHERE (s.starts_at AT TIME ZONE ${tz})::date > ${today}::date GROUP BY a.member_id
    UNION ALL
    SELECT mc.member_id, min(mc.issued_on) FROM member_certificates mc JOIN m ON m.id = mc.member_id WHERE mc.issued_on > ${today}::date GROUP BY mc.member_id
    UNION ALL
    SELECT so.member_id, min(so.signed_on) FROM signoffs so JOIN m ON m.id = so.member_id WHERE so.signed_on > ${today}::date GROUP BY so.member_id
    UNION ALL
    SELECT cr.member_id, min(ct.held_on) FROM contest_results cr JOIN contests ct ON ct.id = cr.contest_id JOIN m ON m.id = cr.member_id
     WHERE ct.held_on > ${today}::date GROUP BY cr.member_id`;
}

/**
 * Whether member `mb` has an induction level (三级安全教育) opened and not signed off: such a
 * member is not eligible for any job (rules.ts `evaluateJob`, `inductionOpen`), whatever the job requires.
 */
const INDUCTION_OPEN = sql`EXISTS (SELECT 1 FROM induction_records ir WHERE ir.member_id = mb.id AND ir.signed_off_on IS NULL)`;

const REQ_RECORD = sql.raw(
  `r(id int, job_id int, kind text, ref_id int, series text, specialty text, level int, min_score numeric, min_count int,
     max_rank int, within_months int, start_day date, start_quarter text, expiring_by date, ok boolean)`,
);

/** The CTEs every roster statement starts with: req, jl (jobs with requirement counts), m, met, st. */
export function rosterCtes(q: { memberFilter: SQL; activeOnly?: boolean; jobs: RosterJob[]; requirements: Requirement[]; today: string; tz: string }): SQL {
  const reqs = requirementParams(q.requirements, q.today);
  const counts = new Map<number, number>();
  for (const r of q.requirements) counts.set(r.jobId, (counts.get(r.jobId) ?? 0) + 1);
  const jl = q.jobs.map((j) => ({ id: j.id, n: counts.get(j.id) ?? 0 }));
  return sql`
    req AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(reqs)}::jsonb) AS ${REQ_RECORD}
            WHERE r.job_id IN (SELECT (x->>'id')::int FROM jsonb_array_elements(${JSON.stringify(jl)}::jsonb) x)),
    jl AS (SELECT (x->>'id')::int AS id, (x->>'n')::int AS n FROM jsonb_array_elements(${JSON.stringify(jl)}::jsonb) x),
    m AS MATERIALIZED (
      SELECT mb.id, mb.employee_no, mb.name, mb.hired_on, mb.job_id, u.name AS unit_name, u.path AS unit_path, ${INDUCTION_OPEN} AS induction_open
        FROM members mb JOIN org_units u ON u.id = mb.org_unit_id
       WHERE ${q.activeOnly === false ? sql`true` : sql`mb.status = 'active'`} AND ${q.memberFilter}),
    met AS MATERIALIZED (${metSql(q.today, q.tz)}),
    st AS MATERIALIZED (
      SELECT met.member_id, r.job_id,
             CASE WHEN count(*) < max(jl.n) THEN 'missing'
                  WHEN min(met.until) FILTER (WHERE met.until <= r.expiring_by) IS NOT NULL THEN 'expiring'
                  ELSE 'eligible' END AS status,
             min(met.until) FILTER (WHERE met.until <= r.expiring_by) AS expiring_on,
             min(met.until) AS first_until
        FROM met JOIN req r ON r.id = met.req_id JOIN jl ON jl.id = r.job_id JOIN m ON m.id = met.member_id AND NOT m.induction_open
       GROUP BY met.member_id, r.job_id)`;
}

/**
 * The same statuses as `rosterCtes`' `st`, for the cache's recompute of many members at once
 * (lib/eligibility/cache.ts): `req, m, met, st` (+ helpers), `st(member_id, job_id, status,
 * expiring_on, first_until)` holding the eligible and expiring cells only. Two things make it
 * cheap at 100,000 members where `rosterCtes` walks every member × requirement of every job:
 * - identical requirements of different jobs (the same certificate, quiz series, class series …
 *   with the same cut-offs) are one condition: `met` holds member × condition, not member ×
 *   requirement (122 requirements of 30 jobs are 37 conditions in bench/roster-data.ts);
 * - per member the conditions met are one bit set (63-bit bigint words), and a member holds a job
 *   when the bits of every one of the job's conditions are set: one AND per member × job instead of grouping
 *   member × requirement rows; only the certificate conditions (their last valid days) are looked
 *   up again, for the cells that hold.
 * `tests/integration/eligibility-recompute.test.ts` holds it equal to the pure rules.
 */
export function recomputeCtes(q: { memberFilter: SQL; jobs: RosterJob[]; requirements: Requirement[]; today: string; tz: string }): SQL {
  const active = new Set(q.jobs.map((j) => j.id));
  const conds: Record<string, unknown>[] = [];
  const index = new Map<string, number>();
  const jobConds = new Map<number, Set<number>>();
  const certs: { job_id: number; cond: number; expiring_by: string | null }[] = [];
  for (const r of requirementParams(
    q.requirements.filter((x) => active.has(x.jobId)),
    q.today,
  )) {
    const { id: _id, job_id, ...cond } = r;
    const key = JSON.stringify(cond);
    let c = index.get(key);
    if (c === undefined) {
      c = conds.length;
      index.set(key, c);
      conds.push({ ...cond, id: c, job_id: 0 });
    }
    const set = jobConds.get(job_id) ?? new Set<number>();
    set.add(c);
    jobConds.set(job_id, set);
    if (r.kind === "certificate") certs.push({ job_id, cond: c, expiring_by: r.expiring_by });
  }
  // The conditions met as 63-bit words (bigint, sign bit unused): an aggregate and an AND on
  // integers, much cheaper than on bit strings.
  const words = Array.from({ length: Math.max(1, Math.ceil(conds.length / 63)) }, (_, w) => w);
  const masks = [...jobConds].map(([job_id, set]) => {
    const m: Record<string, string | number> = { job_id };
    for (const w of words) m[`w${w}`] = "0";
    for (const c of set) {
      const key = `w${Math.floor(c / 63)}`;
      m[key] = String(BigInt(m[key] as string) | (1n << BigInt(c % 63)));
    }
    return m;
  });
  const wordCols = (f: (w: number) => string) => sql.raw(words.map(f).join(", "));
  return sql`
    req AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(conds)}::jsonb) AS ${REQ_RECORD}),
    m AS MATERIALIZED (
      SELECT mb.id, mb.hired_on, ${INDUCTION_OPEN} AS induction_open FROM members mb JOIN org_units u ON u.id = mb.org_unit_id WHERE ${q.memberFilter}),
    met AS MATERIALIZED (${metSql(q.today, q.tz)}),
    mk AS (SELECT member_id, ${wordCols((w) => `bit_or(CASE WHEN req_id / 63 = ${w} THEN 1::int8 << (req_id % 63) ELSE 0::int8 END) AS w${w}`)}
             FROM met GROUP BY member_id),
    jm AS (SELECT (x->>'job_id')::int AS job_id, ${wordCols((w) => `(x->>'w${w}')::int8 AS w${w}`)} FROM jsonb_array_elements(${JSON.stringify(masks)}::jsonb) x),
    jc AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(certs)}::jsonb) AS x(job_id int, cond int, expiring_by date)),
    hit AS MATERIALIZED (SELECT mk.member_id, jm.job_id FROM mk JOIN m ON m.id = mk.member_id AND NOT m.induction_open
                           JOIN jm ON ${sql.raw(words.map((w) => `(mk.w${w} & jm.w${w}) = jm.w${w}`).join(" AND "))}),
    cu AS (
      SELECT hit.member_id, hit.job_id, min(mc.until) AS first_until, min(mc.until) FILTER (WHERE mc.until <= jc.expiring_by) AS expiring_on
        FROM hit JOIN jc ON jc.job_id = hit.job_id JOIN met mc ON mc.member_id = hit.member_id AND mc.req_id = jc.cond
       WHERE mc.until IS NOT NULL
       GROUP BY hit.member_id, hit.job_id),
    st AS MATERIALIZED (
      SELECT hit.member_id, hit.job_id, CASE WHEN cu.expiring_on IS NOT NULL THEN 'expiring' ELSE 'eligible' END AS status,
             cu.expiring_on, cu.first_until
        FROM hit LEFT JOIN cu ON cu.member_id = hit.member_id AND cu.job_id = hit.job_id)`;
}

function orderBy(sort: RosterSort, desc: boolean, jobSelected: boolean): SQL {
  const d = sql.raw(desc ? "DESC" : "ASC");
  switch (sort) {
    case "employeeNo":
      return sql`f.employee_no ${d}, f.id`;
    case "unit":
      return sql`f.unit_path ${d}, f.name, f.id`;
    case "status":
      return jobSelected
        ? sql`(CASE f.row_status WHEN 'missing' THEN 0 WHEN 'expiring' THEN 1 ELSE 2 END) ${d}, f.name, f.id`
        : sql`(f.n_elig + f.n_exp) ${d}, f.name, f.id`;
    case "expiry":
      return sql`f.row_until ${d} NULLS LAST, f.name, f.id`;
    default:
      return sql`f.name ${d}, f.id`;
  }
}

/**
 * One page of the roster with the whole unit's status counts: one SQL statement. `live`
 * computes every cell from the records; `cache` (the default; call refreshCache first) reads
 * the statuses kept by lib/eligibility/cache.ts. Both give the same answer.
 */
export async function rosterPage(db: Db, q: RosterQuery, source: "cache" | "live" = "cache"): Promise<RosterResult> {
  const tz = q.tz ?? timeZone();
  const memberFilter = sql`u.path LIKE ${`${escapeLike(q.unitPath)}%`} AND ${inScope(sql`u.path`, q.scope)}`;
  const jobs = q.jobId !== null ? q.jobs.filter((j) => j.id === q.jobId) : q.jobs;
  const jobIds = new Set(jobs.map((j) => j.id));
  const requirements = q.requirements.filter((r) => jobIds.has(r.jobId));
  const nReq = new Map<number, number>();
  for (const r of requirements) nReq.set(r.jobId, (nReq.get(r.jobId) ?? 0) + 1);
  const open = jobs.filter((j) => !nReq.get(j.id)).length;
  const withReq = jobs.length - open;
  const selectedOpen = q.jobId !== null && !nReq.get(q.jobId);
  const horizon = q.expiringWithinDays !== null ? addDays(q.today, q.expiringWithinDays) : null;

  // A job without requirements is open to every member but those whose induction is not complete.
  const openStatus = (blocked: SQL) => (selectedOpen ? sql`(CASE WHEN ${blocked} THEN 'missing' ELSE 'eligible' END)` : sql`'missing'`);
  const rowStatus =
    q.jobId !== null ? sql`coalesce(max(st.status) FILTER (WHERE st.job_id = ${q.jobId}), ${openStatus(sql`m.induction_open`)})` : sql`NULL::text`;
  const rowUntil =
    q.jobId !== null
      ? sql`min(st.first_until) FILTER (WHERE st.job_id = ${q.jobId} AND st.status <> 'missing')`
      : sql`min(st.first_until) FILTER (WHERE st.status <> 'missing')`;

  const conds: SQL[] = [sql`true`];
  if (q.status) {
    if (q.jobId !== null) conds.push(sql`a.row_status = ${q.status}`);
    else if (q.status === "eligible") conds.push(open > 0 ? sql`(a.n_elig > 0 OR NOT a.induction_open)` : sql`a.n_elig > 0`);
    else if (q.status === "expiring") conds.push(sql`a.n_exp > 0`);
    else conds.push(open > 0 ? sql`(a.n_elig + a.n_exp < ${withReq} OR a.induction_open)` : sql`a.n_elig + a.n_exp < ${withReq}`);
  }
  if (horizon !== null) conds.push(sql`a.row_until <= ${horizon}::date`);
  const limit = q.pageSize > 0 ? sql`LIMIT ${q.pageSize} OFFSET ${(Math.max(1, q.page) - 1) * q.pageSize}` : sql``;

  const countsSql =
    q.jobId !== null
      ? sql`json_build_object('eligible', count(*) FILTER (WHERE row_status = 'eligible'), 'expiring', count(*) FILTER (WHERE row_status = 'expiring'), 'missing', count(*) FILTER (WHERE row_status = 'missing'), 'members', count(*))`
      : sql`json_build_object('eligible', coalesce(sum(n_elig), 0) + count(*) FILTER (WHERE NOT induction_open) * ${open}, 'expiring', coalesce(sum(n_exp), 0),
                              'missing', count(*) * ${withReq} + count(*) FILTER (WHERE induction_open) * ${open} - coalesce(sum(n_elig), 0) - coalesce(sum(n_exp), 0), 'members', count(*))`;

  const jl = sql`jl AS (SELECT (x->>'id')::int AS id FROM jsonb_array_elements(${JSON.stringify(jobs.map((j) => ({ id: j.id })))}::jsonb) x)`;
  const liveA = sql`${rosterCtes({ memberFilter, jobs, requirements, today: q.today, tz })},
      a AS MATERIALIZED (
        SELECT m.id, m.employee_no, m.name, m.job_id, m.unit_name, m.unit_path, m.induction_open,
               count(st.job_id) FILTER (WHERE st.status = 'eligible') AS n_elig,
               count(st.job_id) FILTER (WHERE st.status = 'expiring') AS n_exp,
               ${rowStatus} AS row_status, ${rowUntil} AS row_until
          FROM m LEFT JOIN st ON st.member_id = m.id
         GROUP BY m.id, m.employee_no, m.name, m.job_id, m.unit_name, m.unit_path, m.induction_open)`;
  // From the cache: one job's cell per member, or the per-member summary over all active jobs.
  const cachedA = sql`${jl},
      m AS MATERIALIZED (
        SELECT mb.id, mb.employee_no, mb.name, mb.job_id, u.name AS unit_name, u.path AS unit_path, ${INDUCTION_OPEN} AS induction_open
          FROM members mb JOIN org_units u ON u.id = mb.org_unit_id
         WHERE mb.status = 'active' AND ${memberFilter}),
      a AS MATERIALIZED (
        ${
          q.jobId !== null
            ? sql`SELECT m.*, (c.status = 'eligible')::int AS n_elig, (c.status = 'expiring')::int AS n_exp,
                       coalesce(c.status, ${openStatus(sql`m.induction_open`)}) AS row_status, c.first_until AS row_until
                  FROM m LEFT JOIN eligibility_cells c ON c.member_id = m.id AND c.job_id = ${q.jobId}`
            : sql`SELECT m.*, coalesce(s.n_eligible, 0) AS n_elig, coalesce(s.n_expiring, 0) AS n_exp, NULL::text AS row_status, s.first_until AS row_until
                  FROM m LEFT JOIN eligibility_member_summary s ON s.member_id = m.id`
        })`;

  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      WITH ${source === "live" ? liveA : cachedA},
      f AS (SELECT a.* FROM a WHERE ${sql.join(conds, sql` AND `)}),
      p AS (SELECT f.* FROM f ORDER BY ${orderBy(q.sort, q.desc, q.jobId !== null)} ${limit})
      SELECT (SELECT ${countsSql} FROM a) AS counts,
             (SELECT count(*) FROM f) AS total,
             (SELECT json_agg(json_build_object('id', f.id, 'no', f.employee_no, 'name', f.name, 'unit', f.unit_name, 'job', f.job_id,
                                                'ind', CASE WHEN f.induction_open THEN ARRAY(SELECT DISTINCT ir.level FROM induction_records ir WHERE ir.member_id = f.id AND ir.signed_off_on IS NULL ORDER BY ir.level) END) ORDER BY ${orderBy(q.sort, q.desc, q.jobId !== null)}) FROM p f) AS page,
             (SELECT json_agg(json_build_object('m', st.member_id, 'j', st.job_id, 's', st.status, 'e', st.expiring_on, 'u', st.first_until))
                FROM ${source === "live" ? sql`st` : sql`eligibility_cells st`}
               WHERE st.member_id IN (SELECT id FROM p) AND st.job_id IN (SELECT id FROM jl)) AS cells`),
  );
  const row = rows[0] ?? {};
  const parse = <T>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
  const counts = parse<{ eligible: number; expiring: number; missing: number }>(row.counts, { eligible: 0, expiring: 0, missing: 0 });
  const page = parse<{ id: number; no: string; name: string; unit: string; job: number | null; ind: number[] | null }[]>(row.page, []);
  const cells = parse<{ m: number; j: number; s: JobStatus; e: string | null; u: string | null }[]>(row.cells, []);
  const byMember = new Map<number, Record<number, RosterCell>>();
  for (const p of page) {
    const c: Record<number, RosterCell> = {};
    for (const j of jobs) c[j.id] = { status: nReq.get(j.id) || p.ind?.length ? "missing" : "eligible", expiresOn: null, until: null };
    byMember.set(p.id, c);
  }
  for (const c of cells) {
    const rec = byMember.get(c.m);
    if (rec) rec[c.j] = { status: c.s, expiresOn: c.s === "expiring" ? c.e : null, until: c.s === "missing" ? null : c.u };
  }
  return {
    total: Number(row.total ?? 0),
    counts: { eligible: Number(counts.eligible), expiring: Number(counts.expiring), missing: Number(counts.missing) },
    rows: page.map((p) => ({
      memberId: p.id,
      employeeNo: p.no,
      name: p.name,
      unitName: p.unit,
      heldJobId: p.job,
      inductionOpen: p.ind ?? [],
      cells: byMember.get(p.id)!,
    })),
  };
}
