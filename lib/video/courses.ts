import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { courseEnrolments, courses } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { imageMimeOfKey } from "@/lib/storage/images";
import { courseAudienceSql, itemDoneSql, onMemberListSql, type Viewer } from "./common";
import { syncCourseCompletions } from "./completions";
import { mediaToken, type Signer } from "./media-token";

// A member's side of courses: their list, one course, choosing an optional one, the cover.
// What trainers change lives in ./course-edit.ts and ./audience.ts.

/** A worker picks an optional published course for themselves. */
export async function chooseCourse(db: Db, actor: Principal, courseId: number): Promise<Result> {
  if (!can(actor, "self.learn")) return forbidden();
  const [c] = await db.select({ status: courses.status }).from(courses).where(eq(courses.id, courseId));
  if (c?.status !== "published") return notFound("video.errors.courseNotFound");
  await db.insert(courseEnrolments).values({ courseId, memberId: actor.memberId, source: "chosen" }).onConflictDoNothing();
  return ok();
}

export interface MemberCourse {
  id: number;
  title: string;
  specialty: string | null;
  description: string;
  /** The stored cover image, if any (shown through a signed URL: `coverToken`). */
  coverKey: string | null;
  source: "assigned" | "chosen" | "job" | "audience" | null;
  required: number;
  done: number;
  completedAt: Date | null;
  /** Where "continue" leads: the first required lesson not yet complete, and where it stopped. */
  next: { lessonId: number; title: string; positionS: number } | null;
}

function mapCourse(r: Record<string, unknown>): MemberCourse {
  return {
    id: Number(r.id),
    title: String(r.title),
    specialty: (r.specialty as string | null) ?? null,
    description: String(r.description ?? ""),
    coverKey: (r.cover_key as string | null) ?? null,
    source: (r.source as MemberCourse["source"]) ?? (r.in_audience ? "audience" : null),
    required: Number(r.required ?? 0),
    done: Number(r.done ?? 0),
    completedAt: r.completed_at ? new Date(r.completed_at as string) : null,
    next: r.next_id ? { lessonId: Number(r.next_id), title: String(r.next_title), positionS: Number(r.next_pos ?? 0) } : null,
  };
}

function courseSelect(v: Viewer) {
  const m = sql`${v.memberId}`;
  return sql`
    SELECT c.id, c.title, c.specialty, c.description, c.cover_key,
      ce.source, ${courseAudienceSql(sql`c.id`, v)} AS in_audience,
      (SELECT count(*)::int FROM course_items ci WHERE ci.course_id = c.id AND ci.required) AS required,
      (SELECT count(*)::int FROM course_items ci WHERE ci.course_id = c.id AND ci.required AND ${itemDoneSql("ci", m)}) AS done,
      cc.completed_at,
      nx.lesson_id AS next_id, nx.title AS next_title, nx.pos AS next_pos
    FROM courses c
    LEFT JOIN course_enrolments ce ON ce.course_id = c.id AND ce.member_id = ${v.memberId}
    LEFT JOIN course_completions cc ON cc.course_id = c.id AND cc.member_id = ${v.memberId}
    LEFT JOIN LATERAL (
      SELECT ci.lesson_id, l.title, coalesce(lp.last_position_s, 0) AS pos
      FROM course_items ci JOIN lessons l ON l.id = ci.lesson_id
      LEFT JOIN lesson_progress lp ON lp.lesson_id = ci.lesson_id AND lp.member_id = ${v.memberId}
      WHERE ci.course_id = c.id AND ci.kind = 'lesson' AND lp.completed_at IS NULL AND l.status = 'published'
      ORDER BY (lp.watched_s > 0) DESC NULLS LAST, ci.position LIMIT 1) nx ON true`;
}

/**
 * The worker's courses: assigned (by a trainer, by job, to their unit) and chosen, with progress
 * and where to continue; and the published optional ones they may still choose.
 */
export async function coursesForMember(db: Db, v: Viewer): Promise<{ mine: MemberCourse[]; optional: MemberCourse[] }> {
  await syncCourseCompletions(db, v.memberId);
  const mine = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${courseSelect(v)} WHERE c.status = 'published' AND ${onMemberListSql(sql`c.id`, v)}
      ORDER BY (cc.completed_at IS NOT NULL), c.title, c.id`),
  ).map(mapCourse);
  const optional = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${courseSelect(v)} WHERE c.status = 'published' AND NOT ${onMemberListSql(sql`c.id`, v)} ORDER BY c.title, c.id LIMIT 100`),
  ).map(mapCourse);
  return { mine, optional };
}

interface CourseItemView {
  id: number;
  position: number;
  kind: "lesson" | "quiz" | "class";
  refId: number;
  title: string;
  required: boolean;
  done: boolean;
  /** Lessons: seconds watched of the duration. */
  watchedS: number | null;
  durationS: number | null;
}

/** One course for a worker: on their list or published to choose; trainers see drafts too. */
export async function courseForMember(db: Db, v: Viewer, courseId: number): Promise<{ course: MemberCourse; onList: boolean; items: CourseItemView[] } | null> {
  const visible = v.teacher ? sql`true` : sql`c.status = 'published'`;
  const [row] = rowsOf<Record<string, unknown>>(await db.execute(sql`${courseSelect(v)} WHERE c.id = ${courseId} AND ${visible}`));
  if (!row) return null;
  const [on] = rowsOf<{ on: boolean }>(await db.execute(sql`SELECT ${onMemberListSql(sql`${courseId}`, v)} AS on`));
  const items = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT ci.id, ci.position, ci.kind, coalesce(ci.lesson_id, ci.quiz_id, ci.class_id) AS ref_id, ci.required,
        coalesce(l.title, q.title, k.title) AS title, ${itemDoneSql("ci", sql`${v.memberId}`)} AS done,
        lp.watched_s, l.duration_s
      FROM course_items ci
      LEFT JOIN lessons l ON l.id = ci.lesson_id
      LEFT JOIN quizzes q ON q.id = ci.quiz_id
      LEFT JOIN classes k ON k.id = ci.class_id
      LEFT JOIN lesson_progress lp ON lp.lesson_id = ci.lesson_id AND lp.member_id = ${v.memberId}
      WHERE ci.course_id = ${courseId}
      ORDER BY ci.position`),
  );
  return {
    course: mapCourse(row),
    onList: Boolean(on?.on),
    items: items.map((r) => ({
      id: Number(r.id),
      position: Number(r.position),
      kind: r.kind as CourseItemView["kind"],
      refId: Number(r.ref_id),
      title: String(r.title ?? ""),
      required: Boolean(r.required),
      done: Boolean(r.done),
      watchedS: r.watched_s === null || r.watched_s === undefined ? null : Number(r.watched_s),
      durationS: r.duration_s === null || r.duration_s === undefined ? null : Number(r.duration_s),
    })),
  };
}

/** A course's cover for anyone who may see the course. */
export async function courseCoverFor(db: Db, v: Viewer, courseId: number): Promise<{ key: string; mime: string } | null> {
  const [c] = await db.select({ key: courses.coverKey, status: courses.status }).from(courses).where(eq(courses.id, courseId));
  if (!c?.key || (!v.teacher && c.status !== "published")) return null;
  return { key: c.key, mime: imageMimeOfKey(c.key) };
}

/** A signed cover URL's token for a course the viewer may see (the caller read it for them); null without a cover. */
export function coverToken(user: Signer, course: { id: number; coverKey: string | null }): string | null {
  return course.coverKey ? mediaToken(user, "cover", course.id, course.coverKey, imageMimeOfKey(course.coverKey)).token : null;
}
