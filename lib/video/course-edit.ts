import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { courseItems, courses, lessons } from "@/db/schema";
import { holdsEverywhere, mayChangeContent } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { text } from "@/lib/core/text";
import { inScope } from "@/lib/org/scope";
import { optionalSpecialty, specialtyProblem } from "@/lib/org/specialties";
import { getStorage, type MediaStorage } from "@/lib/storage";
import { putImage, sniffImage } from "@/lib/storage/images";
import { notYours, type ContentStatus } from "./lessons";

/**
 * A course's content (title, items, status, cover) is changed by its author or by a trainer of
 * the whole organisation (`mayChangeContent`): a trainer scoped to one team may use an area-wide
 * course (assign it, add their units to its audience: ./audience.ts) but not rewrite it.
 */

export const courseInput = z.object({
  title: text(200).refine((s) => s.length > 0, "video.errors.titleRequired"),
  specialty: optionalSpecialty,
  description: text(4000).default(""),
});
type CourseInput = z.infer<typeof courseInput>;

const ITEM_KINDS = ["lesson", "quiz", "class"] as const;
export const courseItemInput = z.object({
  kind: z.enum(ITEM_KINDS),
  refId: z.number().int().positive().max(2_147_483_647),
  required: z.boolean(),
});
type CourseItemInput = z.infer<typeof courseItemInput>;

type CourseRow = typeof courses.$inferSelect;

async function courseToChange(db: Db, actor: Principal, id: number, lock = false): Promise<Result<CourseRow>> {
  const q = db.select().from(courses).where(eq(courses.id, id));
  const [c] = lock ? await q.for("update") : await q;
  if (!c) return notFound("video.errors.courseNotFound");
  return mayChangeContent(actor, c) ? ok(c) : notYours();
}

export async function createCourse(db: Db, actor: Principal, input: CourseInput, code?: string): Promise<Result<number>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const bad = await specialtyProblem(db, input.specialty);
  if (bad) return bad;
  const r = (
    await db
      .insert(courses)
      .values({ code: code ?? null, title: input.title, specialty: input.specialty || null, description: input.description, createdBy: actor.userId || null })
      .returning({ id: courses.id })
  )[0]!;
  return ok(r.id);
}

export async function updateCourse(db: Db, actor: Principal, id: number, input: CourseInput): Promise<Result> {
  const c = await courseToChange(db, actor, id);
  if (!c.ok) return c;
  const bad = await specialtyProblem(db, input.specialty, c.value.specialty);
  if (bad) return bad;
  await db
    .update(courses)
    .set({ title: input.title, specialty: input.specialty || null, description: input.description, updatedAt: clock.now() })
    .where(eq(courses.id, id));
  return ok();
}

/** A course is published only with at least one item, and its lessons published. */
export async function setCourseStatus(db: Db, actor: Principal, id: number, status: ContentStatus): Promise<Result> {
  const c = await courseToChange(db, actor, id);
  if (!c.ok) return c;
  if (status === "published") {
    const items = await db
      .select({ kind: courseItems.kind, lessonStatus: lessons.status })
      .from(courseItems)
      .leftJoin(lessons, eq(lessons.id, courseItems.lessonId))
      .where(eq(courseItems.courseId, id));
    if (!items.length) return fail("video.errors.courseEmpty");
    if (items.some((i) => i.kind === "lesson" && i.lessonStatus !== "published")) return fail("video.errors.lessonNotPublished");
  }
  await db.update(courses).set({ status, updatedAt: clock.now() }).where(eq(courses.id, id));
  return ok();
}

/** Replaces the course's ordered items; every reference must exist, and none twice. */
export async function setCourseItems(db: Db, actor: Principal, courseId: number, items: CourseItemInput[]): Promise<Result> {
  const seen = new Set<string>();
  for (const [i, it] of items.entries()) {
    const k = `${it.kind}:${it.refId}`;
    if (seen.has(k)) return fail("video.errors.itemTwice", { row: i + 1 });
    seen.add(k);
  }
  return db.transaction(async (tx) => {
    const c = await courseToChange(tx as unknown as Db, actor, courseId, true);
    if (!c.ok) return c;
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
    return ok();
  });
}

export const COVER_MAX_BYTES = 5 * 1024 * 1024;

/** Stores a cover image (checked by content) and links it to the course. */
export async function saveCourseCover(db: Db, actor: Principal, courseId: number, bytes: Uint8Array, storage: MediaStorage = getStorage()): Promise<Result> {
  const c = await courseToChange(db, actor, courseId);
  if (!c.ok) return c;
  if (bytes.byteLength > COVER_MAX_BYTES) return fail("video.errors.coverTooLarge", undefined, "tooLarge");
  if (!sniffImage(bytes)) return fail("video.errors.coverNotImage", undefined, "unsupportedMedia");
  const key = await putImage(storage, `courses/${courseId}`, bytes);
  await db.update(courses).set({ coverKey: key, updatedAt: clock.now() }).where(eq(courses.id, courseId));
  if (c.value.coverKey) await storage.delete(c.value.coverKey).catch(() => {});
  return ok();
}

/** Courses for the trainer's list; completions counted among the members inside the trainer's scope. */
export async function listCourses(db: Db, actor: Principal) {
  const mine = inScope(sql`ou.path`, scopeOf(actor, "teach.manage"));
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT c.id, c.title, c.specialty, c.status,
        (SELECT count(*)::int FROM course_items ci WHERE ci.course_id = c.id) AS items,
        (SELECT count(*)::int FROM course_completions cc JOIN members m ON m.id = cc.member_id JOIN org_units ou ON ou.id = m.org_unit_id
          WHERE cc.course_id = c.id AND ${mine}) AS completed
      FROM courses c ORDER BY c.created_at DESC, c.id DESC LIMIT 500`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    specialty: (r.specialty as string | null) ?? null,
    status: r.status as ContentStatus,
    items: Number(r.items),
    completed: Number(r.completed),
  }));
}

/**
 * A course as a trainer edits it: fields, items, and the audience as far as this trainer sees
 * it: the units inside their scope (by id) and how many other units it also reaches (kept as
 * they are when this trainer saves). `mayEdit`: whether the content is theirs to change;
 * `mayChangeJobs`: whether they may change the job rows (./audience.ts says why not always).
 */
export async function courseForTrainer(db: Db, actor: Principal, id: number) {
  if (!can(actor, "teach.manage")) return forbidden();
  const [c] = await db.select().from(courses).where(eq(courses.id, id));
  if (!c) return notFound("video.errors.courseNotFound");
  const items = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT ci.kind, coalesce(ci.lesson_id, ci.quiz_id, ci.class_id) AS ref_id, ci.required, coalesce(l.title, q.title, k.title) AS title
      FROM course_items ci LEFT JOIN lessons l ON l.id = ci.lesson_id LEFT JOIN quizzes q ON q.id = ci.quiz_id LEFT JOIN classes k ON k.id = ci.class_id
      WHERE ci.course_id = ${id} ORDER BY ci.position`),
  ).map((r) => ({ kind: r.kind as CourseItemInput["kind"], refId: Number(r.ref_id), required: Boolean(r.required), title: String(r.title ?? "") }));
  const audience = rowsOf<{ org_unit_id: number | null; job_id: number | null; path: string | null }>(
    await db.execute(
      sql`SELECT a.org_unit_id, a.job_id, ou.path FROM course_audience a LEFT JOIN org_units ou ON ou.id = a.org_unit_id WHERE a.course_id = ${id} ORDER BY a.id`,
    ),
  );
  const units = audience.filter((a) => a.org_unit_id !== null);
  const inScopeUnits = units.filter((a) => can(actor, "teach.manage", a.path));
  return ok({
    course: c,
    items,
    mayEdit: mayChangeContent(actor, c),
    mayChangeJobs: holdsEverywhere(actor, "teach.manage"),
    audience: {
      orgUnitIds: inScopeUnits.map((a) => Number(a.org_unit_id)),
      otherUnits: units.length - inScopeUnits.length,
      jobIds: audience.flatMap((a) => (a.job_id !== null ? [Number(a.job_id)] : [])),
    },
  });
}
