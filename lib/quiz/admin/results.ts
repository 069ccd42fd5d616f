import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { withoutBadCharacters } from "@/lib/core/text";
import { inScope } from "@/lib/org/scope";
import { memberSearchCondition } from "@/lib/members/members";

export const RESULTS_PAGE_SIZE = 50;

export const resultsFilter = z.object({
  q: z.string().transform(withoutBadCharacters).pipe(z.string().trim().max(50)).optional().catch(undefined),
  page: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100_000).optional()).catch(undefined),
});
export type ResultsFilter = z.infer<typeof resultsFilter>;

export interface MemberResultRow {
  memberId: number;
  employeeNo: string;
  name: string;
  unitName: string;
  attempts: number;
  inProgress: number;
  /** Of the attempts, those written on paper (线下考试). */
  paper: number;
  /** The result of record; null while no attempt is finished. */
  result: { score: number; max: number; percent: number; passed: boolean; pending: boolean } | null;
  lastAttemptId: number;
}

/**
 * Who has taken a quiz (previews aside), inside the trainer's scope: attempts, the result of
 * record and whether it passed; in unit order. The summary counts the same people.
 */
export async function quizResultsByMember(
  db: Db,
  actor: Principal,
  quizId: number,
  f: ResultsFilter,
  pageSize = RESULTS_PAGE_SIZE,
): Promise<{
  rows: MemberResultRow[];
  total: number;
  page: number;
  pages: number;
  summary: { members: number; finished: number; passed: number; pending: number };
}> {
  if (!can(actor, "teach.manage")) return { rows: [], total: 0, page: 1, pages: 1, summary: { members: 0, finished: 0, passed: 0, pending: 0 } };
  const scope = scopeOf(actor, "teach.manage");
  const search = f.q ? sql`AND ${await memberSearchCondition(db, f.q, "m")}` : sql``;
  const base = sql`
    WITH taken AS (
      SELECT a.member_id, count(*)::int AS attempts, count(*) FILTER (WHERE a.state = 'in_progress')::int AS in_progress,
        count(*) FILTER (WHERE a.source = 'paper')::int AS paper, max(a.id) AS last_id
      FROM attempts a WHERE a.quiz_id = ${quizId} AND NOT a.preview GROUP BY a.member_id
    )
    SELECT m.id AS member_id, m.employee_no, m.name, u.name AS unit_name, u.path, t.attempts, t.in_progress, t.paper, t.last_id,
      r.score::float8 AS score, r.max_score::float8 AS max_score, r.percent::float8 AS percent, r.passed, r.pending_grading
    FROM taken t
    JOIN members m ON m.id = t.member_id
    JOIN org_units u ON u.id = m.org_unit_id
    LEFT JOIN quiz_results r ON r.quiz_id = ${quizId} AND r.member_id = m.id
    WHERE ${inScope(sql`u.path`, scope)} ${search}`;
  const [s] = rowsOf<Record<"members" | "finished" | "passed" | "pending", number>>(
    await db.execute(sql`SELECT count(*)::int AS members, count(score)::int AS finished, count(*) FILTER (WHERE passed AND NOT pending_grading)::int AS passed,
      count(*) FILTER (WHERE pending_grading)::int AS pending FROM (${base}) x`),
  );
  // An aggregate answers one row; none would mean nothing was counted.
  const count = (k: keyof NonNullable<typeof s>) => Number(s?.[k] ?? 0);
  const total = count("members");
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.page ?? 1, pages);
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`${base} ORDER BY u.path, m.employee_no LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`));
  return {
    total,
    page,
    pages,
    summary: { members: total, finished: count("finished"), passed: count("passed"), pending: count("pending") },
    rows: rows.map((r) => ({
      memberId: Number(r.member_id),
      employeeNo: String(r.employee_no),
      name: String(r.name),
      unitName: String(r.unit_name),
      attempts: Number(r.attempts),
      inProgress: Number(r.in_progress),
      paper: Number(r.paper),
      lastAttemptId: Number(r.last_id),
      result:
        r.score === null || r.score === undefined
          ? null
          : { score: Number(r.score), max: Number(r.max_score), percent: Number(r.percent), passed: Boolean(r.passed), pending: Boolean(r.pending_grading) },
    })),
  };
}
