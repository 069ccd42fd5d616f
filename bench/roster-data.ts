/**
 * Generated eligibility data for the roster bench and the SQL-equals-rules test: an area with
 * teams and stations, `members` members, `jobs` jobs with 3–5 requirements each of every kind,
 * and the records they read (quiz results, course completions, class attendance, certificates
 * — some expired, some expiring —, sign-offs, contest results). Written with set-wise SQL so
 * 100,000 members take seconds; random but repeatable (setseed), and dated from `today`, never the clock.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { addDays } from "@/lib/core/time";

export interface GenerateOptions {
  members: number;
  jobs?: number;
  /** The day every record is dated from (certificates' expiries, completions, sessions …). */
  today: string;
  seed?: number;
}

const SPECIALTIES = ["oil_production", "gathering", "boiler", "electrical", "instrument", "safety"];

export async function generateRosterData(db: Db, o: GenerateOptions): Promise<{ areaPath: string; teamPaths: string[] }> {
  const J = o.jobs ?? 30;
  const teams = Math.max(2, Math.round(o.members / 2000));
  const stationsPerTeam = 5;
  const stations = teams * stationsPerTeam;
  const x = (q: ReturnType<typeof sql>) => db.execute(q);
  const specs = sql.raw(`ARRAY[${SPECIALTIES.map((s) => `'${s}'`).join(",")}]`);
  await x(sql`SELECT setseed(${(o.seed ?? 1) / 1000})`);
  // Everything is dated from the day given, never the clock: the same options make the same data
  // on any day (completions end at 18:00 Shanghai time on that day).
  const year = Number(o.today.slice(0, 4));
  const dayStart = sql`(${o.today}::date + time '18:00') AT TIME ZONE 'Asia/Shanghai'`;

  // Org: one area, teams, stations; paths like /1/2/7/.
  await x(sql`INSERT INTO org_units (kind, name, code, path) VALUES ('area', '生成作业区', 'GA', '')`);
  await x(sql`UPDATE org_units SET path = '/' || id || '/' WHERE code = 'GA'`);
  await x(sql`INSERT INTO org_units (parent_id, kind, name, code, path)
              SELECT a.id, 'team', '生成' || g || '队', 'GT' || g, '' FROM org_units a, generate_series(1, ${teams}) g WHERE a.code = 'GA'`);
  await x(sql`INSERT INTO org_units (parent_id, kind, name, code, path)
              SELECT t.id, 'station', t.name || s || '站', t.code || '-S' || s, '' FROM org_units t, generate_series(1, ${stationsPerTeam}) s WHERE t.code LIKE 'GT%'`);
  await x(sql`UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.code LIKE 'GT%' AND c.code NOT LIKE '%-S%'`);
  await x(sql`UPDATE org_units c SET path = p.path || c.id || '/' FROM org_units p WHERE c.parent_id = p.id AND c.code LIKE 'GT%-S%'`);

  // Jobs, spread over the specialties.
  await x(
    sql`INSERT INTO jobs (code, name, specialty) SELECT 'GJ' || lpad(g::text, 2, '0'), '生成岗位' || g, (${specs})[1 + (g % 6)] FROM generate_series(1, ${J}) g`,
  );

  // Members: spread over stations, hired between 1990 and this year, specialty of their job.
  await x(sql`
    WITH st AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM org_units WHERE code LIKE 'GT%-S%'),
         jb AS (SELECT id, specialty, row_number() OVER (ORDER BY id) - 1 AS k FROM jobs WHERE code LIKE 'GJ%')
    INSERT INTO members (employee_no, name, org_unit_id, specialty, job_id, hired_on, status)
    SELECT 'G' || lpad(g::text, 7, '0'), '成员' || g, st.id, jb.specialty, jb.id,
           date '1990-01-01' + (random() * 13000)::int,
           CASE WHEN g % 50 = 0 THEN 'leave'::member_status ELSE 'active'::member_status END
      FROM generate_series(1, ${o.members}) g
      JOIN st ON st.k = g % ${stations}
      JOIN jb ON jb.k = (g * 7) % ${J}`);

  // Quarterly quizzes per specialty over this year and last (of `today`), closing at 18:00 Shanghai time on the quarter's last day.
  await x(sql`
    INSERT INTO quizzes (title, quarter, series, specialty, opens_at, closes_at, status)
    SELECT y || '-Q' || qq || ' ' || s, y || '-Q' || qq, '季度小会考', s,
           make_timestamptz(y, qq * 3, 1, 8, 0, 0, 'Asia/Shanghai'),
           make_timestamptz(y, qq * 3, 1, 18, 0, 0, 'Asia/Shanghai') + interval '1 month' - interval '1 day',
           'closed'
      FROM generate_series(${year - 1}::int, ${year}::int) y, generate_series(1, 4) qq, unnest(${specs}) s`);
  await x(sql`
    INSERT INTO quiz_results (quiz_id, member_id, score, max_score, percent, passed, attempts_counted, pending_grading)
    SELECT q.id, m.id, p, 100, p, p >= 60, 1, random() < 0.02
      FROM members m JOIN quizzes q ON q.specialty = m.specialty AND q.series = '季度小会考',
           LATERAL (SELECT round((40 + random() * 60)::numeric, 2) AS p) r
     WHERE m.employee_no LIKE 'G%' AND random() < 0.75`);

  // Courses and completions.
  await x(sql`INSERT INTO courses (code, title, status) SELECT 'GC' || g, '生成课程' || g, 'published' FROM generate_series(1, 10) g`);
  await x(sql`
    INSERT INTO course_completions (member_id, course_id, completed_at)
    SELECT m.id, c.id, ${dayStart} - (random() * 700 || ' days')::interval FROM members m CROSS JOIN courses c
     WHERE m.employee_no LIKE 'G%' AND c.code LIKE 'GC%' AND random() < 0.3`);

  // Classes of two series with four sessions each over the last two years; attendance.
  await x(sql`
    INSERT INTO classes (code, title, series, instructor_member_id, capacity, status)
    SELECT 'GK' || g, '生成课堂' || g, CASE WHEN g % 2 = 0 THEN 'technician' ELSE 'classroom' END,
           (SELECT min(id) FROM members WHERE employee_no LIKE 'G%'), 100000, 'published' FROM generate_series(1, 6) g`);
  await x(sql`
    INSERT INTO class_sessions (class_id, starts_at, ends_at, checkin_secret)
    SELECT c.id, t, t + interval '2 hours', md5(c.id || '-' || s)
      FROM classes c, generate_series(1, 4) s,
           LATERAL (SELECT ${o.today}::date + time '09:00' - ((s * 150 + c.id * 7) || ' days')::interval AS t) tt
     WHERE c.code LIKE 'GK%'`);
  await x(sql`
    INSERT INTO attendance (session_id, member_id, method, checked_in_at)
    SELECT s.id, m.id, 'manual', s.starts_at FROM members m CROSS JOIN class_sessions s JOIN classes c ON c.id = s.class_id
     WHERE m.employee_no LIKE 'G%' AND c.code LIKE 'GK%' AND random() < 0.2`);

  // Certificate types and certificates: issued 3 years before expiry; expiries from 200 days ago to 900 days ahead.
  await x(
    sql`INSERT INTO certificate_types (code, name, validity_months, renew_window_days) SELECT 'GZ' || g, '生成证书' || g, 36, CASE WHEN g % 2 = 0 THEN 60 ELSE 90 END FROM generate_series(1, 8) g`,
  );
  await x(sql`
    INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on)
    SELECT m.id, t.id, 'N' || m.id || '-' || t.id, e - interval '36 months', e
      FROM members m CROSS JOIN certificate_types t,
           LATERAL (SELECT (${addDays(o.today, -200)}::date + (random() * 1100)::int) AS e) ee
     WHERE m.employee_no LIKE 'G%' AND t.code LIKE 'GZ%' AND random() < 0.35`);

  // Practical tasks and sign-offs.
  await x(sql`INSERT INTO practical_tasks (code, title, specialty) SELECT 'GP' || g, '生成实操' || g, (${specs})[1 + g % 6] FROM generate_series(1, 10) g`);
  await x(sql`
    INSERT INTO signoffs (task_id, member_id, verifier_member_id, signed_on)
    SELECT t.id, m.id, CASE WHEN m.id = v.a THEN v.b ELSE v.a END, ${o.today}::date - (random() * 1200)::int
      FROM members m CROSS JOIN practical_tasks t,
           LATERAL (SELECT min(id) AS a, min(id) + 1 AS b FROM members WHERE employee_no LIKE 'G%') v
     WHERE m.employee_no LIKE 'G%' AND t.code LIKE 'GP%' AND random() < 0.2`);

  // Contests and results.
  await x(sql`
    INSERT INTO contests (title, level, specialty, held_on)
    SELECT '生成大赛' || g, (ARRAY['area','plant','bureau'])[1 + g % 3]::contest_level, (${specs})[1 + g % 6], ${o.today}::date - g * 90
      FROM generate_series(1, 6) g`);
  await x(sql`
    INSERT INTO contest_results (contest_id, member_id, rank, score)
    SELECT c.id, m.id, 1 + (random() * 30)::int, round((50 + random() * 50)::numeric, 2)
      FROM members m CROSS JOIN contests c
     WHERE m.employee_no LIKE 'G%' AND c.title LIKE '生成大赛%' AND random() < 0.06`);

  // Requirements: every job 3–5 of them, every kind somewhere.
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, series, specialty, min_score, within_quarters, within_months)
    SELECT j.id, 'quiz', '季度小会考', j.specialty, 60 + (j.id % 3) * 10,
           CASE WHEN j.id % 2 = 0 THEN 4 END, CASE WHEN j.id % 2 = 1 THEN 12 END FROM jobs j WHERE j.code LIKE 'GJ%'`);
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, ref_id)
    SELECT j.id, 'certificate', (SELECT id FROM certificate_types WHERE code = 'GZ' || (1 + j.id % 8)) FROM jobs j WHERE j.code LIKE 'GJ%'`);
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, ref_id)
    SELECT j.id, 'course', (SELECT id FROM courses WHERE code = 'GC' || (1 + j.id % 10)) FROM jobs j WHERE j.code LIKE 'GJ%' AND j.id % 3 <> 0`);
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, series, min_count, within_months)
    SELECT j.id, 'class', CASE WHEN j.id % 2 = 0 THEN 'technician' ELSE 'classroom' END, 1 + j.id % 2, 24 FROM jobs j WHERE j.code LIKE 'GJ%' AND j.id % 3 = 0`);
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, ref_id, within_months)
    SELECT j.id, 'signoff', (SELECT id FROM practical_tasks WHERE code = 'GP' || (1 + j.id % 10)), 36 FROM jobs j WHERE j.code LIKE 'GJ%' AND j.id % 4 = 1`);
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, contest_level, max_rank, within_months)
    SELECT j.id, 'contest', 'plant', 20, 24 FROM jobs j WHERE j.code LIKE 'GJ%' AND j.id % 10 = 7`);
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, ref_id)
    SELECT j.id, 'certificate', (SELECT id FROM certificate_types WHERE code = 'GZ' || (1 + (j.id + 3) % 8)) FROM jobs j WHERE j.code LIKE 'GJ%' AND j.id % 5 = 2`);
  await x(sql`
    INSERT INTO job_requirements (job_id, kind, min_count)
    SELECT j.id, 'service', 12 * (1 + j.id % 5) FROM jobs j WHERE j.code LIKE 'GJ%' AND j.id % 2 = 0`);
  // Members mostly hold what their own job asks for: records aimed at their job's requirements.
  await x(sql`
    INSERT INTO member_certificates (member_id, certificate_type_id, number, issued_on, expires_on)
    SELECT m.id, r.ref_id, 'J' || m.id || '-' || r.ref_id, e - interval '36 months', e
      FROM members m JOIN job_requirements r ON r.job_id = m.job_id AND r.kind = 'certificate',
           LATERAL (SELECT (${addDays(o.today, -120)}::date + (random() * 1000)::int) AS e) ee
     WHERE m.employee_no LIKE 'G%' AND random() < 0.85
    ON CONFLICT DO NOTHING`);
  await x(sql`
    INSERT INTO course_completions (member_id, course_id, completed_at)
    SELECT m.id, r.ref_id, ${dayStart} - (random() * 700 || ' days')::interval
      FROM members m JOIN job_requirements r ON r.job_id = m.job_id AND r.kind = 'course'
     WHERE m.employee_no LIKE 'G%' AND random() < 0.8
    ON CONFLICT DO NOTHING`);
  await x(sql`
    INSERT INTO signoffs (task_id, member_id, verifier_member_id, signed_on)
    SELECT r.ref_id, m.id, CASE WHEN m.id = v.a THEN v.b ELSE v.a END, ${o.today}::date - (random() * 1000)::int
      FROM members m JOIN job_requirements r ON r.job_id = m.job_id AND r.kind = 'signoff',
           LATERAL (SELECT min(id) AS a, min(id) + 1 AS b FROM members WHERE employee_no LIKE 'G%') v
     WHERE m.employee_no LIKE 'G%' AND random() < 0.8
    ON CONFLICT DO NOTHING`);
  await x(sql`
    INSERT INTO attendance (session_id, member_id, method, checked_in_at)
    SELECT s.id, m.id, 'manual', s.starts_at
      FROM members m JOIN job_requirements r ON r.job_id = m.job_id AND r.kind = 'class'
      JOIN classes c ON c.series = r.series JOIN class_sessions s ON s.class_id = c.id
     WHERE m.employee_no LIKE 'G%' AND random() < 0.5
    ON CONFLICT DO NOTHING`);
  await x(sql`ANALYZE`);
  const paths = (await db.execute(sql`SELECT path FROM org_units WHERE code = 'GA' OR (code LIKE 'GT%' AND code NOT LIKE '%-S%') ORDER BY code`)) as unknown;
  const rows = (Array.isArray(paths) ? paths : (paths as { rows: { path: string }[] }).rows) as { path: string }[];
  const [area, ...teamRows] = rows;
  if (!area) throw new Error("the generated organisation has no area GA");
  return { areaPath: area.path, teamPaths: teamRows.map((r) => r.path) };
}
