/**
 * What is open for practice, as SQL the serving, progress and trainers' reports share. An opening
 * (practice_openings) is one of three kinds:
 * - a category: it and its subtree;
 * - a specialty (专业): every category carrying it (the nearest ancestor's when it carries none),
 *   with its subtree, those added later too;
 * - a job (岗位): the categories its **quiz requirements** draw from — for every requirement of kind
 *   `quiz` (one quiz, or every quiz of its series and/or specialty, matched as eligibility does,
 *   time windows aside) and every such quiz that is published or closed (a draft's blueprint is not
 *   settled): the category of each random slot and the category of each fixed question, each with
 *   its subtree. Other kinds of requirement (courses, certificates …) hold no questions; the job's
 *   specialty is not part of the rule (a specialty opening does that). An inactive job covers
 *   nothing, and a requirement removed (or a slot changed) changes what is open at once.
 * Whatever the kind, a question fixed in a quiz's slot is left out unless the opening includes
 * quiz questions, and the learner must be in the opening's audience (as for quizzes).
 * `openingCovers` is the one place the three rules are written.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { inAudienceSql, subtreeLike } from "@/lib/org/scope";
import { PRACTISED_TYPES } from "@/lib/quiz/types";

/** SQL true when question `q`'s current version is of a type practice grades at once (PRACTISED_TYPES). */
export const practisableType = sql`EXISTS (SELECT 1 FROM question_versions ov WHERE ov.id = q.current_version_id
  AND ov.type::text IN (${sql.join(
    [...PRACTISED_TYPES].map((t) => sql`${t}`),
    sql`, `,
  )}))`;

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
 * SQL: the specialty of the category at `path` — its own, or the nearest ancestor's that carries
 * one (imports set it on the top category only).
 */
export function specialtyAt(path: SQL): SQL {
  return sql`(SELECT sc.specialty FROM question_categories sc
    WHERE sc.specialty IS NOT NULL AND ${path} LIKE ${subtreeLike(sql`sc.path`)} ORDER BY length(sc.path) DESC LIMIT 1)`;
}

/**
 * SQL rows (`path`): the categories job `jobId` opens for practice — of each published or closed
 * quiz one of its quiz requirements names, the random slots' categories and the fixed questions'
 * (the module comment's rule; each covers its subtree). None for an inactive job.
 */
function jobCategoryPaths(jobId: SQL): SQL {
  return sql`SELECT jc.path FROM job_requirements jr
    JOIN jobs jj ON jj.id = jr.job_id AND jj.active
    JOIN quizzes jq ON (jr.ref_id IS NULL OR jq.id = jr.ref_id) AND (jr.series IS NULL OR jq.series = jr.series)
      AND (jr.specialty IS NULL OR jq.specialty = jr.specialty) AND jq.status <> 'draft'
    JOIN quiz_slots js ON js.quiz_id = jq.id
    LEFT JOIN questions jfq ON js.kind = 'fixed' AND jfq.id = js.question_id
    JOIN question_categories jc ON jc.id = CASE WHEN js.kind = 'random' THEN js.category_id ELSE jfq.category_id END
    WHERE jr.job_id = ${jobId} AND jr.kind = 'quiz'`;
}

/**
 * SQL true when practice opening `po` covers category `c` (an alias with a `path`): `c` lies in
 * the opened category's subtree; for a specialty opening, belongs to that specialty — so a
 * category of the specialty added after the opening is covered at once; for a job opening, lies
 * in the subtree of a category its quiz requirements draw from (`jobCategoryPaths`).
 */
export function openingCovers(c: SQL): SQL {
  return sql`(CASE WHEN po.kind = 'specialty' THEN ${specialtyAt(sql`${c}.path`)} = po.specialty
    WHEN po.kind = 'job' THEN EXISTS (SELECT 1 FROM (${jobCategoryPaths(sql`po.job_id`)}) jp WHERE ${c}.path LIKE ${subtreeLike(sql`jp.path`)})
    ELSE EXISTS (SELECT 1 FROM question_categories pc WHERE pc.id = po.category_id AND ${c}.path LIKE ${subtreeLike(sql`pc.path`)}) END)`;
}

/**
 * SQL true when question `q` (filed in category `qc`) is open for practice to the learner: its
 * category is covered by an opening (a category's subtree, a specialty, or a job's quiz requirements), the learner is in that
 * opening's audience (the quizzes' rule, lib/org/scope), it is not archived, not an essay (practice
 * grades at once), and not a question fixed in a quiz's slot unless the opening includes those.
 * The aliases `q` and `qc` must be in the query. The learner's path and job may be SQL (set-wise,
 * e.g. `l.path`).
 */
export function openToLearner(l: { orgPath: string | SQL; jobId: number | null | SQL }): SQL {
  return sql`(NOT q.archived AND q.current_version_id IS NOT NULL
    AND ${practisableType}
    AND EXISTS (
      SELECT 1 FROM practice_openings po
      WHERE ${openingCovers(sql`qc`)}
        AND ${inAudienceSql("practice_audience", sql`po.id`, { orgPath: l.orgPath, jobId: l.jobId })}
        AND (po.include_quiz_questions OR NOT EXISTS (SELECT 1 FROM quiz_slots qs WHERE qs.question_id = q.id AND qs.kind = 'fixed'))))`;
}

/**
 * SQL rows (category_id, question_id), each pair once: each category opened for practice to the
 * learner with every question open to them in its subtree. A specialty opening lists the top
 * categories of that specialty (those whose parent is of another one, or none), a job opening the
 * top categories it covers (those whose parent it does not cover). The practice
 * page's progress and its weeks both start here.
 */
export function openByCategory(l: Learner): SQL {
  const audience = inAudienceSql("practice_audience", sql`po.id`, { orgPath: l.orgPath, jobId: l.jobId });
  return sql`SELECT DISTINCT pc.id AS category_id, q.id AS question_id
    FROM practice_openings po
    JOIN question_categories pc ON (po.kind = 'category' AND pc.id = po.category_id)
      OR (po.kind = 'specialty' AND ${specialtyAt(sql`pc.path`)} = po.specialty
        AND (pc.parent_id IS NULL OR ${specialtyAt(sql`(SELECT pp.path FROM question_categories pp WHERE pp.id = pc.parent_id)`)} IS DISTINCT FROM po.specialty))
      OR (po.kind = 'job' AND ${openingCovers(sql`pc`)}
        AND NOT EXISTS (SELECT 1 FROM question_categories pp WHERE pp.id = pc.parent_id AND ${openingCovers(sql`pp`)}))
    JOIN question_categories qc ON qc.path LIKE ${subtreeLike(sql`pc.path`)}
    JOIN questions q ON q.category_id = qc.id
    WHERE ${audience} AND ${openToLearner(l)}`;
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
