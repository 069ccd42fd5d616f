import { sql, type SQL, type AnyColumn } from "drizzle-orm";
import type { Scope } from "@/lib/auth/permissions";

/** SQL that keeps rows whose org path lies inside the scope. */
export function inScope(pathColumn: AnyColumn | SQL, scope: Scope): SQL {
  if (scope.all) return sql`true`;
  if (scope.paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    scope.paths.map((p) => sql`${pathColumn} LIKE ${`${escapeLike(p)}%`}`),
    sql` OR `,
  )})`;
}

/**
 * SQL: the LIKE pattern that keeps the subtree of the path `path` (SQL: a column or a value), its
 * `_` and `%` escaped — `x.path LIKE ${subtreeLike(sql`u.path`)}` is "x lies under u".
 */
export function subtreeLike(path: SQL): SQL {
  return sql`(replace(replace(${path}, '_', '\\_'), '%', '\\%') || '%')`;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The tables that say who a quiz, a course or a class is for: rows of a unit subtree or a job. */
const AUDIENCES = {
  quiz_audience: "quiz_id",
  course_audience: "course_id",
  class_audience: "class_id",
  practice_audience: "opening_id",
} as const;

/**
 * True when the member (their unit's path and their job) is in the audience of `ownerId`: inside
 * the subtree of one of its units, or holding one of its jobs. One rule for quizzes, courses,
 * classes and practice openings. The path and job may be SQL (set-wise, e.g. `mu.path`); the subquery's own aliases are
 * `aud` and `aud_ou`.
 */
export function inAudienceSql(table: keyof typeof AUDIENCES, ownerId: SQL, member: { orgPath: string | SQL; jobId: number | null | SQL }): SQL {
  return sql`EXISTS (
    SELECT 1 FROM ${sql.raw(table)} aud LEFT JOIN org_units aud_ou ON aud_ou.id = aud.org_unit_id
    WHERE aud.${sql.raw(AUDIENCES[table])} = ${ownerId}
      AND ((aud_ou.id IS NOT NULL AND ${member.orgPath} LIKE ${subtreeLike(sql`aud_ou.path`)})
        OR (aud.job_id IS NOT NULL AND aud.job_id = ${member.jobId})))`;
}
