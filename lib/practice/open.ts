import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { inAudienceSql } from "@/lib/org/scope";

/**
 * The types practice grades at once, from a plain form: every type but the essay (which waits for
 * a grader). Only these are served in practice, the daily set and 一机一码 scans, and only these go
 * into the 错题本 and the practice record.
 */
export const PRACTISED_TYPES: ReadonlySet<string> = new Set(["single", "multiple", "truefalse", "fill", "numeric", "matching", "ordering", "cloze"]);

/** SQL true when question `q`'s current version is of a type practice grades at once (not an essay). */
export const practisableType = sql`EXISTS (SELECT 1 FROM question_versions ov WHERE ov.id = q.current_version_id AND ov.type <> 'essay')`;

/** The member a practice rule is checked for: their unit's path and job (active members only). */
export interface Learner {
  id: number;
  orgPath: string;
  jobId: number | null;
}

export async function learnerOf(db: Db, memberId: number): Promise<Learner | null> {
  const [row] = rowsOf<{ id: number; path: string; job_id: number | null }>(
    await db.execute(sql`SELECT m.id, ou.path, m.job_id FROM members m JOIN org_units ou ON ou.id = m.org_unit_id
      WHERE m.id = ${memberId} AND m.status = 'active'`),
  );
  return row ? { id: Number(row.id), orgPath: row.path, jobId: row.job_id === null ? null : Number(row.job_id) } : null;
}

/**
 * SQL true when question `q` (filed in category `qc`) is open for practice to the learner: it lies
 * in the subtree of a category a trainer opened, the learner is in that opening's audience (the
 * quizzes' rule, lib/org/scope), it is not archived, not an essay (practice grades at once), and
 * not a question fixed in a quiz's slot unless the opening includes those. The aliases `q` and
 * `qc` must be in the query. The learner's path and job may be SQL (set-wise, e.g. `l.path`).
 */
export function openToLearner(l: { orgPath: string | SQL; jobId: number | null | SQL }): SQL {
  return sql`(NOT q.archived AND q.current_version_id IS NOT NULL
    AND ${practisableType}
    AND EXISTS (
      SELECT 1 FROM practice_openings po JOIN question_categories pc ON pc.id = po.category_id
      WHERE qc.path LIKE replace(replace(pc.path, '_', '\\_'), '%', '\\%') || '%'
        AND ${inAudienceSql("practice_audience", sql`po.id`, { orgPath: l.orgPath, jobId: l.jobId })}
        AND (po.include_quiz_questions OR NOT EXISTS (SELECT 1 FROM quiz_slots qs WHERE qs.question_id = q.id AND qs.kind = 'fixed'))))`;
}

/**
 * SQL rows (category_id, question_id): each category opened for practice to the learner with every
 * question open to them in its subtree. The practice page's progress and its weeks both start here.
 */
export function openByCategory(l: Learner): SQL {
  return sql`SELECT pc.id AS category_id, q.id AS question_id
    FROM practice_openings po JOIN question_categories pc ON pc.id = po.category_id
    JOIN question_categories qc ON qc.path LIKE replace(replace(pc.path, '_', '\\_'), '%', '\\%') || '%'
    JOIN questions q ON q.category_id = qc.id
    WHERE ${inAudienceSql("practice_audience", sql`po.id`, { orgPath: l.orgPath, jobId: l.jobId })} AND ${openToLearner(l)}`;
}

/** Whether any question at all is open for practice to the learner. */
export async function anyOpenTo(db: Db, l: Learner): Promise<boolean> {
  const rows = rowsOf(await db.execute(sql`SELECT 1 FROM questions q JOIN question_categories qc ON qc.id = q.category_id WHERE ${openToLearner(l)} LIMIT 1`));
  return rows.length > 0;
}

/** Whether one question is open for practice to the learner. */
export async function isOpenTo(db: Db, l: Learner, questionId: number): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`SELECT 1 FROM questions q JOIN question_categories qc ON qc.id = q.category_id
      WHERE q.id = ${questionId} AND ${openToLearner(l)}`),
  );
  return rows.length > 0;
}
