/**
 * Loading what the pure rules need, set-wise: requirements of any jobs (one query) and the facts
 * of any set of members (one query per kind of record, however many members).
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

import { reviewDueSql } from "./roster";
import { emptyFacts, type MemberFacts, type Requirement, type RequirementKind } from "./types";
import { timeZone } from "@/lib/core/clock";

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export interface RequirementRow extends Requirement {
  /** What `refId` points to, for showing: quiz/course/task/contest title or certificate type name. */
  refTitle: string | null;
  /** The specialty's names in the admin's list (lib/org/specialties), for showing. */
  specialtyNames?: { zh: string; en: string } | null;
  note: string;
}

/**
 * Requirements of the given jobs (all jobs when omitted), with the certificate type's renewal
 * window and whether the thing `refId` points to still exists.
 */
export async function loadRequirements(db: Db, jobIds?: number[]): Promise<RequirementRow[]> {
  const filter = jobIds ? sql`WHERE r.job_id = ANY(${sql.raw(`'{${jobIds.map(Number).join(",")}}'`)}::int[])` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT r.id, r.job_id, r.kind, r.ref_id, r.series, r.specialty, r.contest_level, r.min_score, r.min_count,
             r.max_rank, r.within_months, r.within_quarters, r.note,
             ct.renew_window_days, sp.name_zh AS specialty_zh, sp.name_en AS specialty_en,
             CASE r.kind
               WHEN 'quiz' THEN q.title WHEN 'course' THEN co.title WHEN 'signoff' THEN pt.title
               WHEN 'contest' THEN cn.title WHEN 'certificate' THEN ct.name END AS ref_title,
             CASE
               WHEN r.ref_id IS NULL THEN true
               WHEN r.kind = 'quiz' THEN q.id IS NOT NULL
               WHEN r.kind = 'course' THEN co.id IS NOT NULL AND co.status <> 'archived'
               WHEN r.kind = 'signoff' THEN pt.id IS NOT NULL AND pt.active
               WHEN r.kind = 'contest' THEN cn.id IS NOT NULL
               WHEN r.kind = 'certificate' THEN ct.id IS NOT NULL AND ct.active
               ELSE true END AS ref_exists
      FROM job_requirements r
      LEFT JOIN quizzes q ON r.kind = 'quiz' AND q.id = r.ref_id
      LEFT JOIN courses co ON r.kind = 'course' AND co.id = r.ref_id
      LEFT JOIN practical_tasks pt ON r.kind = 'signoff' AND pt.id = r.ref_id
      LEFT JOIN contests cn ON r.kind = 'contest' AND cn.id = r.ref_id
      LEFT JOIN certificate_types ct ON r.kind = 'certificate' AND ct.id = r.ref_id
      LEFT JOIN specialties sp ON sp.code = r.specialty
      ${filter}
      ORDER BY r.job_id, r.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    jobId: Number(r.job_id),
    kind: r.kind as RequirementKind,
    refId: num(r.ref_id),
    series: str(r.series),
    specialty: str(r.specialty),
    contestLevel: str(r.contest_level),
    minScore: num(r.min_score),
    minCount: num(r.min_count),
    maxRank: num(r.max_rank),
    withinMonths: num(r.within_months),
    withinQuarters: num(r.within_quarters),
    renewWindowDays: num(r.renew_window_days),
    refExists: r.ref_exists === true || r.ref_exists === "t",
    refTitle: str(r.ref_title),
    specialtyNames: r.specialty_zh == null ? null : { zh: String(r.specialty_zh), en: String(r.specialty_en) },
    note: String(r.note ?? ""),
  }));
}

function idArray(ids: number[]) {
  return sql.raw(`'{${ids.map((i) => Math.trunc(Number(i))).join(",")}}'::int[]`);
}

/** An int[] as either driver returns it (an array, or PGlite/postgres text such as "{2,3}"). */
function levelList(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === "string") return v.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
  return [];
}

/** The facts of each member, keyed by member id; days in `tz`. Seven queries (the member row brings their open induction levels) for any number of members. */
export async function loadFacts(db: Db, memberIds: number[], tz: string = timeZone()): Promise<Map<number, MemberFacts>> {
  const out = new Map<number, MemberFacts>();
  if (memberIds.length === 0) return out;
  const ids = idArray(memberIds);
  const get = async (q: ReturnType<typeof sql>) => rowsOf<Record<string, unknown>>(await db.execute(q));
  const [ms, qr, cc, at, mc, so, cr] = [
    await get(sql`SELECT mb.id, mb.hired_on, ARRAY(SELECT DISTINCT ir.level FROM induction_records ir WHERE ir.member_id = mb.id AND ir.signed_off_on IS NULL ORDER BY ir.level) AS induction_open
                    FROM members mb WHERE mb.id = ANY(${ids})`),
    await get(sql`SELECT r.member_id, r.quiz_id, q.series, q.specialty, q.quarter, (q.closes_at AT TIME ZONE ${tz})::date AS closed_on, r.percent, r.pending_grading
                  FROM quiz_results r JOIN quizzes q ON q.id = r.quiz_id WHERE r.member_id = ANY(${ids})`),
    await get(sql`SELECT member_id, course_id, (completed_at AT TIME ZONE ${tz})::date AS on_day FROM course_completions WHERE member_id = ANY(${ids})`),
    await get(sql`SELECT a.member_id, c.id AS class_id, c.series, (s.starts_at AT TIME ZONE ${tz})::date AS on_day
                  FROM attendance a JOIN class_sessions s ON s.id = a.session_id JOIN classes c ON c.id = s.class_id WHERE a.member_id = ANY(${ids})`),
    await get(sql`SELECT mc.member_id, mc.certificate_type_id, mc.number, mc.issued_on, mc.expires_on, ${reviewDueSql(sql`mc`, sql`ct`)} AS review_due_on
                  FROM member_certificates mc JOIN certificate_types ct ON ct.id = mc.certificate_type_id WHERE mc.member_id = ANY(${ids})`),
    await get(sql`SELECT member_id, task_id, signed_on FROM signoffs WHERE member_id = ANY(${ids})`),
    await get(sql`SELECT r.member_id, r.contest_id, c.level, c.specialty, c.held_on, r.rank, r.score
                  FROM contest_results r JOIN contests c ON c.id = r.contest_id WHERE r.member_id = ANY(${ids})`),
  ];
  for (const m of ms) out.set(Number(m.id), { ...emptyFacts(Number(m.id), m.hired_on ? day(m.hired_on) : null), inductionOpen: levelList(m.induction_open) });
  const f = (id: unknown) => out.get(Number(id));
  for (const r of qr)
    f(r.member_id)?.quizResults.push({
      quizId: Number(r.quiz_id),
      series: str(r.series),
      specialty: str(r.specialty),
      quarter: String(r.quarter),
      closedOn: day(r.closed_on),
      percent: Number(r.percent),
      pending: r.pending_grading === true,
    });
  for (const r of cc) f(r.member_id)?.courseCompletions.push({ courseId: Number(r.course_id), completedOn: day(r.on_day) });
  for (const r of at) f(r.member_id)?.attendance.push({ classId: Number(r.class_id), series: String(r.series), on: day(r.on_day) });
  for (const r of mc)
    f(r.member_id)?.certificates.push({
      certificateTypeId: Number(r.certificate_type_id),
      number: String(r.number),
      issuedOn: day(r.issued_on),
      expiresOn: r.expires_on ? day(r.expires_on) : null,
      reviewDueOn: r.review_due_on ? day(r.review_due_on) : null,
    });
  for (const r of so) f(r.member_id)?.signoffs.push({ taskId: Number(r.task_id), signedOn: day(r.signed_on) });
  for (const r of cr)
    f(r.member_id)?.contestResults.push({
      contestId: Number(r.contest_id),
      level: String(r.level),
      specialty: str(r.specialty),
      heldOn: day(r.held_on),
      rank: num(r.rank),
      score: num(r.score),
    });
  return out;
}
