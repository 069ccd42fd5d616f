import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { holdsEverywhere } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import { inScope } from "@/lib/org/scope";
import * as clock from "@/lib/core/clock";
import { badRequest, conflict, forbidden, notFound, ok, type MessageKey, type Result } from "@/lib/core/result";
import { answerInput, averages, targetInput, type Averages, type Target, type TargetKind } from "./questions";

/** The card asks about classes attended and courses completed within this many days. */
const ASK_WITHIN_DAYS = 60;

function firstCode(error: { issues: { message: string }[] }): MessageKey {
  const m = error.issues[0]?.message ?? "";
  return (/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/.test(m) ? m : "errors.invalidInput") as MessageKey;
}

/**
 * May this member answer about the target: the class exists and they attended a session of it
 * (attendance recorded, by code or by hand), or the course exists and they completed it.
 */
async function mayAnswer(db: Db, memberId: number, target: Target): Promise<Result<{ title: string }>> {
  if (target.kind === "class") {
    const [row] = rowsOf<{ title: string; attended: boolean }>(
      await db.execute(sql`SELECT c.title, EXISTS (SELECT 1 FROM attendance a JOIN class_sessions s ON s.id = a.session_id
          WHERE s.class_id = c.id AND a.member_id = ${memberId}) AS attended
        FROM classes c WHERE c.id = ${target.id}`),
    );
    if (!row) return notFound("evaluations.errors.notFound");
    if (!row.attended) return forbidden("evaluations.errors.notAttended");
    return ok({ title: row.title });
  }
  const [row] = rowsOf<{ title: string; completed: boolean }>(
    await db.execute(sql`SELECT c.title, EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = c.id AND cc.member_id = ${memberId}) AS completed
      FROM courses c WHERE c.id = ${target.id}`),
  );
  if (!row) return notFound("evaluations.errors.notFound");
  if (!row.completed) return forbidden("evaluations.errors.notCompleted");
  return ok({ title: row.title });
}

async function record(db: Db, actor: Principal, target: Target, scores: Record<string, number> | null, comment: string): Promise<Result<{ title: string }>> {
  if (!can(actor, "self.learn")) return forbidden();
  const allowed = await mayAnswer(db, actor.memberId, target);
  if (!allowed.ok) return allowed;
  const inserted = rowsOf(
    await db.execute(sql`INSERT INTO training_evaluations (member_id, class_id, course_id, scores, comment, created_at)
      VALUES (${actor.memberId}, ${target.kind === "class" ? target.id : null}, ${target.kind === "course" ? target.id : null},
        ${scores === null ? null : JSON.stringify(scores)}::jsonb, ${comment}, ${clock.now().toISOString()}::timestamptz)
      ON CONFLICT DO NOTHING RETURNING id`),
  );
  if (inserted.length === 0) return conflict("evaluations.errors.already");
  return allowed;
}

/**
 * The acting member rates a class they attended or a course they completed: every question 1–5
 * and an optional comment (≤ 200 characters). Once per member and class or course; a dismissed
 * card was their turn too. Bad input, no attendance or completion, or a second answer: a
 * failure, nothing written.
 */
export async function submitEvaluation(
  db: Db,
  actor: Principal,
  input: { kind: unknown; id: unknown; scores: unknown; comment?: unknown },
): Promise<Result<{ title: string }>> {
  const target = targetInput.safeParse({ kind: input.kind, id: input.id });
  if (!target.success) return badRequest(firstCode(target.error));
  const answer = answerInput.safeParse({ scores: input.scores, comment: input.comment ?? "" });
  if (!answer.success) return badRequest(firstCode(answer.error));
  return record(db, actor, target.data, answer.data.scores, answer.data.comment);
}

/** The member closes the card without answering: recorded so it is not asked again. Same rules as answering. */
export async function dismissEvaluation(db: Db, actor: Principal, input: { kind: unknown; id: unknown }): Promise<Result<{ title: string }>> {
  const target = targetInput.safeParse(input);
  if (!target.success) return badRequest(firstCode(target.error));
  return record(db, actor, target.data, null, "");
}

export interface PendingEvaluation {
  kind: TargetKind;
  id: number;
  title: string;
  /** When the member attended (last session) or completed it. */
  at: Date;
}

/**
 * The acting member's own evaluations still to give: classes they attended and courses they
 * completed in the last 60 days, neither answered nor dismissed; newest first.
 */
export async function pendingEvaluations(db: Db, actor: Principal, now = clock.now()): Promise<PendingEvaluation[]> {
  if (!can(actor, "self.learn")) return [];
  const since = new Date(now.getTime() - ASK_WITHIN_DAYS * 24 * 3600_000).toISOString();
  const me = actor.memberId;
  const rows = rowsOf<{ kind: TargetKind; id: number; title: string; at: string | Date }>(
    await db.execute(sql`
      SELECT 'class' AS kind, c.id, c.title, max(a.checked_in_at) AS at
      FROM attendance a JOIN class_sessions s ON s.id = a.session_id JOIN classes c ON c.id = s.class_id
      WHERE a.member_id = ${me} AND a.checked_in_at > ${since}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM training_evaluations e WHERE e.member_id = ${me} AND e.class_id = c.id)
      GROUP BY c.id, c.title
      UNION ALL
      SELECT 'course' AS kind, c.id, c.title, cc.completed_at AS at
      FROM course_completions cc JOIN courses c ON c.id = cc.course_id
      WHERE cc.member_id = ${me} AND cc.completed_at > ${since}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM training_evaluations e WHERE e.member_id = ${me} AND e.course_id = c.id)
      ORDER BY at DESC, kind, id`),
  );
  return rows.map((r) => ({ kind: r.kind, id: Number(r.id), title: r.title, at: new Date(r.at) }));
}

export interface TargetResult extends Averages {
  id: number;
  title: string;
  /** The class's instructor; null for a course. */
  instructorName: string | null;
  /** The comments, newest first, without who wrote them. */
  comments: { text: string; at: Date }[];
}

export interface InstructorResult extends Averages {
  memberId: number;
  name: string;
  /** Classes of theirs with at least one answer counted here. */
  classes: number;
}

export interface EvaluationResults {
  classes: TargetResult[];
  courses: TargetResult[];
  instructors: InstructorResult[];
}

interface AnswerRow {
  class_id: number | null;
  course_id: number | null;
  scores: Record<string, number> | string;
  comment: string;
  created_at: string | Date;
  title: string;
  instructor_id: number | null;
  instructor_name: string | null;
}

/**
 * The answers the viewer may see, per class, per course and per instructor. Whoever runs a class
 * (its instructor, its author, a trainer over the whole organisation) or may change a course sees
 * all its answers; otherwise a trainer (teach.manage) or a manager (roster.read) sees the answers
 * of members inside their scope only. Names are never returned: comments are anonymous.
 * Someone who holds neither role and teaches no class is refused.
 */
export async function evaluationResults(db: Db, actor: Principal, opts: { classId?: number; courseId?: number } = {}): Promise<Result<EvaluationResults>> {
  const scoped = can(actor, "teach.manage") || can(actor, "roster.read");
  if (!scoped) {
    const [teaches] = rowsOf(await db.execute(sql`SELECT 1 FROM classes WHERE instructor_member_id = ${actor.memberId} LIMIT 1`));
    if (!teaches) return forbidden("evaluations.errors.notAllowed");
  }
  const only =
    opts.classId !== undefined ? sql`AND e.class_id = ${opts.classId}` : opts.courseId !== undefined ? sql`AND e.course_id = ${opts.courseId}` : sql``;
  // Who sees which answers, in SQL (the rule above; runsClass and mayChangeContent in lib/auth/ownership):
  // a whole-organisation trainer all; the class's instructor, the author of the class or course
  // (a trainer), and anyone for the answers of members inside their teach.manage or roster.read scope.
  const author = can(actor, "teach.manage") ? sql`coalesce(c.created_by, co.created_by) = ${actor.userId}` : sql`false`;
  const visible = holdsEverywhere(actor, "teach.manage")
    ? sql`true`
    : sql`(c.instructor_member_id = ${actor.memberId} OR ${author}
        OR ${inScope(sql`ou.path`, scopeOf(actor, "teach.manage"))} OR ${inScope(sql`ou.path`, scopeOf(actor, "roster.read"))})`;
  const rows = rowsOf<AnswerRow>(
    await db.execute(sql`
      SELECT e.class_id, e.course_id, e.scores, e.comment, e.created_at,
             coalesce(c.title, co.title) AS title, c.instructor_member_id AS instructor_id, im.name AS instructor_name
      FROM training_evaluations e
      JOIN members m ON m.id = e.member_id
      JOIN org_units ou ON ou.id = m.org_unit_id
      LEFT JOIN classes c ON c.id = e.class_id
      LEFT JOIN members im ON im.id = c.instructor_member_id
      LEFT JOIN courses co ON co.id = e.course_id
      WHERE e.scores IS NOT NULL ${only} AND ${visible}
      ORDER BY e.created_at DESC, e.id DESC`),
  );
  const scoresOf = (r: AnswerRow) => (typeof r.scores === "string" ? (JSON.parse(r.scores) as Record<string, number>) : r.scores);

  const group = (list: AnswerRow[], key: (r: AnswerRow) => number): TargetResult[] => {
    const by = groupBy(list, key);
    return [...by.entries()].map(([id, rs]) => ({
      id,
      title: rs[0]!.title,
      instructorName: rs[0]!.instructor_name,
      ...averages(rs.map(scoresOf)),
      comments: rs.filter((r) => r.comment).map((r) => ({ text: r.comment, at: new Date(r.created_at) })),
    }));
  };
  const classRows = rows.filter((r) => r.class_id !== null);
  const byInstructor = groupBy(classRows, (r) => Number(r.instructor_id));
  return ok({
    classes: group(classRows, (r) => Number(r.class_id)),
    courses: group(
      rows.filter((r) => r.course_id !== null),
      (r) => Number(r.course_id),
    ),
    instructors: [...byInstructor.entries()]
      .map(([memberId, rs]) => ({
        memberId,
        name: rs[0]!.instructor_name ?? "",
        classes: new Set(rs.map((r) => r.class_id)).size,
        ...averages(rs.map(scoresOf)),
      }))
      .sort((a, b) => (b.overall ?? 0) - (a.overall ?? 0) || a.name.localeCompare(b.name)),
  });
}

/** Rows by key, in their order (each row appended once, not the list copied per row). */
function groupBy<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const by = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = by.get(k);
    if (list) list.push(r);
    else by.set(k, [r]);
  }
  return by;
}
