import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { quizzes } from "@/db/schema";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal, type Scope } from "@/lib/auth/permissions";
import { inScope } from "@/lib/org/scope";
import { hasAttempts } from "../quizzes";

export const QUIZ_PAGE_SIZE = 20;

export const quizFilter = z.object({
  status: z.enum(["draft", "published", "closed"]).optional().catch(undefined),
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional()
    .catch(undefined),
  page: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100_000).optional()).catch(undefined),
});
export type QuizFilter = z.infer<typeof quizFilter>;

export interface QuizListRow {
  id: number;
  title: string;
  quarter: string;
  theme: string;
  status: "draft" | "published" | "closed";
  opensAt: Date;
  closesAt: Date;
  /** Members in scope with at least one (non-preview) attempt. */
  participants: number;
  /** Essay answers waiting for a trainer, in scope. */
  toGrade: number;
  slots: number;
}

/** Members of the attempts a scoped trainer may see: those whose unit lies in the scope. */
function memberInScope(memberId: SQL, scope: Scope): SQL {
  if (scope.all) return sql`true`;
  return sql`EXISTS (SELECT 1 FROM members m JOIN org_units u ON u.id = m.org_unit_id WHERE m.id = ${memberId} AND ${inScope(sql`u.path`, scope)})`;
}

/**
 * Quizzes, newest window first, with participation (in scope) and what is left to grade. Every
 * trainer sees every quiz (their members may sit any of them); the counts are of their scope.
 */
export async function listQuizzes(
  db: Db,
  actor: Principal,
  f: QuizFilter,
  pageSize = QUIZ_PAGE_SIZE,
): Promise<{ rows: QuizListRow[]; total: number; page: number; pages: number; quarters: string[] }> {
  if (!can(actor, "teach.manage")) return { rows: [], total: 0, page: 1, pages: 1, quarters: [] };
  const scope = scopeOf(actor, "teach.manage");
  const where = sql.join([sql`true`, f.status ? sql`z.status = ${f.status}` : sql`true`, f.quarter ? sql`z.quarter = ${f.quarter}` : sql`true`], sql` AND `);
  const [counted] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM quizzes z WHERE ${where}`));
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.page ?? 1, pages);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT z.id, z.title, z.quarter, z.theme, z.status::text AS status, z.opens_at, z.closes_at,
        (SELECT count(DISTINCT a.member_id)::int FROM attempts a WHERE a.quiz_id = z.id AND NOT a.preview AND ${memberInScope(sql`a.member_id`, scope)}) AS participants,
        (SELECT count(*)::int FROM attempts a WHERE a.quiz_id = z.id AND NOT a.preview AND a.state = 'submitted' AND a.needs_grading AND ${memberInScope(sql`a.member_id`, scope)}) AS to_grade,
        (SELECT count(*)::int FROM quiz_slots s WHERE s.quiz_id = z.id) AS slots
      FROM quizzes z WHERE ${where}
      ORDER BY z.opens_at DESC, z.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
  );
  const quarters = rowsOf<{ quarter: string }>(await db.execute(sql`SELECT DISTINCT quarter FROM quizzes ORDER BY quarter DESC`)).map((r) => String(r.quarter));
  return {
    total,
    page,
    pages,
    quarters,
    rows: rows.map((r) => ({
      id: Number(r.id),
      title: String(r.title),
      quarter: String(r.quarter),
      theme: String(r.theme ?? ""),
      status: r.status as QuizListRow["status"],
      opensAt: new Date(r.opens_at as string),
      closesAt: new Date(r.closes_at as string),
      participants: Number(r.participants),
      toGrade: Number(r.to_grade),
      slots: Number(r.slots),
    })),
  };
}

export type QuizRow = typeof quizzes.$inferSelect;

/** A quiz's settings, for any trainer (null for anyone else). */
export async function getQuiz(db: Db, actor: Principal, quizId: number): Promise<QuizRow | null> {
  if (!can(actor, "teach.manage")) return null;
  const [quiz] = await db.select().from(quizzes).where(eq(quizzes.id, quizId));
  return quiz ?? null;
}

export interface QuizOverview {
  quiz: QuizRow;
  /** The actor may change it (settings, questions, audience, publish, close, regrade). */
  mayChange: boolean;
  /** Someone (not a preview) has started: questions are fixed, only regrading is left. */
  locked: boolean;
  slots: number;
  audience: number;
  attempts: { started: number; submitted: number; inProgress: number; toGrade: number };
}

/** A quiz with its counts; the attempts counted are those of members in the actor's scope. */
export async function getQuizOverview(db: Db, actor: Principal, quizId: number): Promise<QuizOverview | null> {
  const quiz = await getQuiz(db, actor, quizId);
  if (!quiz) return null;
  const scope = scopeOf(actor, "teach.manage");
  const [c] = rowsOf<Record<"slots" | "audience" | "started" | "submitted" | "in_progress" | "to_grade", number>>(
    await db.execute(sql`SELECT
      (SELECT count(*)::int FROM quiz_slots WHERE quiz_id = ${quizId}) AS slots,
      (SELECT count(*)::int FROM quiz_audience WHERE quiz_id = ${quizId}) AS audience,
      count(*)::int AS started,
      count(*) FILTER (WHERE a.state = 'submitted')::int AS submitted,
      count(*) FILTER (WHERE a.state = 'in_progress')::int AS in_progress,
      count(*) FILTER (WHERE a.state = 'submitted' AND a.needs_grading)::int AS to_grade
      FROM attempts a WHERE a.quiz_id = ${quizId} AND NOT a.preview AND ${memberInScope(sql`a.member_id`, scope)}`),
  );
  // An aggregate answers one row; none would mean nothing was counted.
  const count = (k: keyof NonNullable<typeof c>) => Number(c?.[k] ?? 0);
  return {
    quiz,
    mayChange: mayChangeContent(actor, quiz),
    locked: await hasAttempts(db, quizId),
    slots: count("slots"),
    audience: count("audience"),
    attempts: { started: count("started"), submitted: count("submitted"), inProgress: count("in_progress"), toGrade: count("to_grade") },
  };
}
