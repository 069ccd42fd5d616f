import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { courseAudience, courseEnrolments, courseItems, courses, lessons, members, orgUnits } from "@/db/schema";
import type { Scope } from "@/lib/auth/permissions";
import { getStorage, type MediaStorage } from "@/lib/storage";
import { imageMimeOfKey, putImage, sniffImage } from "@/lib/storage/images";
import { courseAudienceSql, fail, itemDoneSql, ok, onMemberListSql, type Outcome, type Viewer } from "./common";
import { syncCourseCompletions } from "./completions";
export { syncCourseCompletions };
import type { ContentStatus } from "./lessons";
import * as clock from "@/lib/core/clock";

export const courseInput = z.object({
  title: z.string().trim().min(1, "video.errors.titleRequired").max(200),
  specialty: z.string().trim().max(40).default(""),
  description: z.string().trim().max(4000).default(""),
});
export type CourseInput = z.infer<typeof courseInput>;

export const ITEM_KINDS = ["lesson", "quiz", "class"] as const;
export const courseItemInput = z.object({ kind: z.enum(ITEM_KINDS), refId: z.coerce.number().int().positive(), required: z.coerce.boolean() });
export type CourseItemInput = z.infer<typeof courseItemInput>;

export async function createCourse(db: Db, userId: number | null, input: CourseInput, code?: string): Promise<number> {
  const [r] = await db
    .insert(courses)
    .values({ code: code ?? null, title: input.title, specialty: input.specialty || null, description: input.description, createdBy: userId })
    .returning({ id: courses.id });
  return r.id;
}

export async function updateCourse(db: Db, id: number, input: CourseInput): Promise<Outcome> {
  const r = await db
    .update(courses)
    .set({ title: input.title, specialty: input.specialty || null, description: input.description, updatedAt: clock.now() })
    .where(eq(courses.id, id))
    .returning({ id: courses.id });
  return r.length ? ok(undefined) : fail("video.errors.courseNotFound");
}

export async function setCourseCover(db: Db, id: number, coverKey: string | null): Promise<void> {
  await db.update(courses).set({ coverKey, updatedAt: clock.now() }).where(eq(courses.id, id));
}

/** A course is published only with at least one item, and its lessons published. */
export async function setCourseStatus(db: Db, id: number, status: ContentStatus): Promise<Outcome> {
  const [c] = await db.select({ id: courses.id }).from(courses).where(eq(courses.id, id));
  if (!c) return fail("video.errors.courseNotFound");
  if (status === "published") {
    const items = await db.select({ kind: courseItems.kind, lessonStatus: lessons.status }).from(courseItems).leftJoin(lessons, eq(lessons.id, courseItems.lessonId)).where(eq(courseItems.courseId, id));
    if (!items.length) return fail("video.errors.courseEmpty");
    if (items.some((i) => i.kind === "lesson" && i.lessonStatus !== "published")) return fail("video.errors.lessonNotPublished");
  }
  await db.update(courses).set({ status, updatedAt: clock.now() }).where(eq(courses.id, id));
  return ok(undefined);
}

/** Replaces the course's ordered items; every reference must exist, and none twice. */
export async function setCourseItems(db: Db, courseId: number, items: CourseItemInput[]): Promise<Outcome> {
  const seen = new Set<string>();
  for (const [i, it] of items.entries()) {
    const k = `${it.kind}:${it.refId}`;
    if (seen.has(k)) return fail("video.errors.itemTwice", { row: i + 1 });
    seen.add(k);
  }
  return db.transaction(async (tx) => {
    const [c] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.id, courseId)).for("update");
    if (!c) return fail("video.errors.courseNotFound");
    for (const [i, it] of items.entries()) {
      const table = it.kind === "lesson" ? "lessons" : it.kind === "quiz" ? "quizzes" : "classes";
      const [r] = rowsOf(await tx.execute(sql`SELECT 1 AS x FROM ${sql.identifier(table)} WHERE id = ${it.refId}`));
      if (!r) return fail("video.errors.itemMissing", { row: i + 1 });
    }
    await tx.delete(courseItems).where(eq(courseItems.courseId, courseId));
    if (items.length)
      await tx.insert(courseItems).values(
        items.map((it, i) => ({
          courseId,
          position: i + 1,
          kind: it.kind,
          lessonId: it.kind === "lesson" ? it.refId : null,
          quizId: it.kind === "quiz" ? it.refId : null,
          classId: it.kind === "class" ? it.refId : null,
          required: it.required,
        })),
      );
    await tx.update(courses).set({ updatedAt: clock.now() }).where(eq(courses.id, courseId));
    return ok(undefined);
  });
}

export async function setCourseAudience(db: Db, courseId: number, a: { orgUnitIds: number[]; jobIds: number[] }): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.id, courseId));
    if (!c) return fail("video.errors.courseNotFound");
    await tx.delete(courseAudience).where(eq(courseAudience.courseId, courseId));
    const rows: { courseId: number; orgUnitId: number | null; jobId: number | null }[] = [
      ...[...new Set(a.orgUnitIds)].map((orgUnitId) => ({ courseId, orgUnitId, jobId: null })),
      ...[...new Set(a.jobIds)].map((jobId) => ({ courseId, orgUnitId: null, jobId })),
    ];
    if (rows.length) await tx.insert(courseAudience).values(rows);
    return ok(undefined);
  });
}

/**
 * Puts members on a course (a trainer's assignment). Idempotent: a member already on it keeps
 * their first enrolment. With `scope`, members outside it are left out and counted.
 */
export async function assignCourse(db: Db, input: { courseId: number; memberIds: number[]; assignedBy: number | null; scope?: Scope; source?: "assigned" | "job" }): Promise<Outcome<{ added: number; skipped: number }>> {
  const ids = [...new Set(input.memberIds)].filter((n) => Number.isInteger(n) && n > 0);
  if (!ids.length) return ok({ added: 0, skipped: 0 });
  const [c] = await db.select({ id: courses.id, status: courses.status }).from(courses).where(eq(courses.id, input.courseId));
  if (!c) return fail("video.errors.courseNotFound");
  let allowed = ids;
  if (input.scope && !input.scope.all) {
    const paths = input.scope.paths;
    const rows = await db
      .select({ id: members.id, path: orgUnits.path })
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
      .where(inArray(members.id, ids));
    allowed = rows.filter((r) => paths.some((p) => r.path.startsWith(p))).map((r) => r.id);
  }
  if (!allowed.length) return ok({ added: 0, skipped: ids.length });
  const inserted = await db
    .insert(courseEnrolments)
    .values(allowed.map((memberId) => ({ courseId: input.courseId, memberId, source: input.source ?? ("assigned" as const), assignedBy: input.assignedBy })))
    .onConflictDoNothing()
    .returning({ m: courseEnrolments.memberId });
  return ok({ added: inserted.length, skipped: ids.length - allowed.length });
}

/** A worker picks an optional published course for themselves. */
export async function chooseCourse(db: Db, memberId: number, courseId: number): Promise<Outcome> {
  const [c] = await db.select({ status: courses.status }).from(courses).where(eq(courses.id, courseId));
  if (!c || c.status !== "published") return fail("video.errors.courseNotFound");
  await db.insert(courseEnrolments).values({ courseId, memberId, source: "chosen" }).onConflictDoNothing();
  return ok(undefined);
}


export interface MemberCourse {
  id: number;
  title: string;
  specialty: string | null;
  description: string;
  hasCover: boolean;
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
    hasCover: Boolean(r.cover_key),
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

export interface CourseItemView {
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

/** Courses for the trainer's list. */
export async function listCourses(db: Db) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT c.id, c.title, c.specialty, c.status,
        (SELECT count(*)::int FROM course_items ci WHERE ci.course_id = c.id) AS items,
        (SELECT count(*)::int FROM course_completions cc WHERE cc.course_id = c.id) AS completed
      FROM courses c ORDER BY c.created_at DESC, c.id DESC LIMIT 500`),
  );
  return rows.map((r) => ({ id: Number(r.id), title: String(r.title), specialty: (r.specialty as string | null) ?? null, status: r.status as ContentStatus, items: Number(r.items), completed: Number(r.completed) }));
}

/** A course as the trainer edits it: fields, items, audience. */
export async function courseForEdit(db: Db, id: number) {
  const [c] = await db.select().from(courses).where(eq(courses.id, id));
  if (!c) return null;
  const items = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT ci.kind, coalesce(ci.lesson_id, ci.quiz_id, ci.class_id) AS ref_id, ci.required, coalesce(l.title, q.title, k.title) AS title
      FROM course_items ci LEFT JOIN lessons l ON l.id = ci.lesson_id LEFT JOIN quizzes q ON q.id = ci.quiz_id LEFT JOIN classes k ON k.id = ci.class_id
      WHERE ci.course_id = ${id} ORDER BY ci.position`),
  ).map((r) => ({ kind: r.kind as CourseItemInput["kind"], refId: Number(r.ref_id), required: Boolean(r.required), title: String(r.title ?? "") }));
  const audience = await db.select({ orgUnitId: courseAudience.orgUnitId, jobId: courseAudience.jobId }).from(courseAudience).where(eq(courseAudience.courseId, id)).orderBy(asc(courseAudience.id));
  return { course: c, items, audience: { orgUnitIds: audience.flatMap((a) => (a.orgUnitId ? [a.orgUnitId] : [])), jobIds: audience.flatMap((a) => (a.jobId ? [a.jobId] : [])) } };
}

export async function courseExists(db: Db, id: number): Promise<boolean> {
  const [c] = await db.select({ id: courses.id }).from(courses).where(and(eq(courses.id, id)));
  return Boolean(c);
}

export const COVER_MAX_BYTES = 5 * 1024 * 1024;

/** Stores a cover image (checked by content) and links it to the course. */
export async function saveCourseCover(db: Db, courseId: number, bytes: Uint8Array, storage: MediaStorage = getStorage()): Promise<Outcome> {
  if (bytes.byteLength > COVER_MAX_BYTES) return fail("video.errors.coverTooLarge");
  if (!sniffImage(bytes)) return fail("video.errors.coverNotImage");
  const [c] = await db.select({ key: courses.coverKey }).from(courses).where(eq(courses.id, courseId));
  if (!c) return fail("video.errors.courseNotFound");
  const key = await putImage(storage, `courses/${courseId}`, bytes);
  await setCourseCover(db, courseId, key);
  if (c.key) await storage.delete(c.key).catch(() => {});
  return ok(undefined);
}

/** A course's cover for anyone who may see the course. */
export async function courseCoverFor(db: Db, v: Viewer, courseId: number): Promise<{ key: string; mime: string } | null> {
  const [c] = await db.select({ key: courses.coverKey, status: courses.status }).from(courses).where(eq(courses.id, courseId));
  if (!c?.key || (!v.teacher && c.status !== "published")) return null;
  return { key: c.key, mime: imageMimeOfKey(c.key) };
}

/** Member ids for employee numbers a trainer typed; the ones not found come back as they were. */
export async function membersByEmployeeNo(db: Db, employeeNos: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  const nos = [...new Set(employeeNos.map((n) => n.trim()).filter(Boolean))].slice(0, 2000);
  if (!nos.length) return { ids: [], unknown: [] };
  const rows = await db.select({ id: members.id, no: members.employeeNo }).from(members).where(inArray(members.employeeNo, nos));
  const found = new Set(rows.map((r) => r.no));
  return { ids: rows.map((r) => r.id), unknown: nos.filter((n) => !found.has(n)) };
}
