import { optionalSpecialty, specialtyProblem } from "@/lib/org/specialties";
import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { lessons } from "@/db/schema";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, scopeOf, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { fail, forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { text } from "@/lib/core/text";
import { inScope } from "@/lib/org/scope";

export const CONTENT_STATUSES = ["draft", "published", "archived"] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** A lesson's text and rule, as the trainer's form sends it (the ratio in percent). */
export const lessonInput = z.object({
  title: text(200).refine((s) => s.length > 0, "video.errors.titleRequired"),
  description: text(4000).default(""),
  specialty: optionalSpecialty,
  // An emptied number field arrives as "": that is the default, not 0.
  requiredPercent: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number().int("video.errors.ratioRange").min(10, "video.errors.ratioRange").max(100, "video.errors.ratioRange").default(90),
  ),
});
type LessonInput = z.infer<typeof lessonInput>;

/** A content change refused to someone who holds teach.manage but neither made it nor holds it everywhere. */
export const notYours = () => forbidden("video.errors.notYours");

export async function createLesson(db: Db, actor: Principal, input: LessonInput, code?: string): Promise<Result<number>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const bad = await specialtyProblem(db, input.specialty);
  if (bad) return bad;
  const row = (
    await db
      .insert(lessons)
      .values({
        code: code ?? null,
        title: input.title,
        description: input.description,
        specialty: input.specialty || null,
        requiredRatio: input.requiredPercent / 100,
        createdBy: actor.userId || null,
      })
      .returning({ id: lessons.id })
  )[0]!;
  return ok(row.id);
}

type LessonRow = typeof lessons.$inferSelect;

/** The lesson when the actor may change it (its author, or a trainer of the whole organisation). */
export async function lessonToChange(db: Db, actor: Principal, id: number): Promise<Result<LessonRow>> {
  const [l] = await db.select().from(lessons).where(eq(lessons.id, id));
  if (!l) return notFound("video.errors.lessonNotFound");
  return mayChangeContent(actor, l) ? ok(l) : notYours();
}

export async function updateLesson(db: Db, actor: Principal, id: number, input: LessonInput): Promise<Result> {
  const l = await lessonToChange(db, actor, id);
  if (!l.ok) return l;
  const bad = await specialtyProblem(db, input.specialty, l.value.specialty);
  if (bad) return bad;
  await db
    .update(lessons)
    .set({
      title: input.title,
      description: input.description,
      specialty: input.specialty || null,
      requiredRatio: input.requiredPercent / 100,
      updatedAt: clock.now(),
    })
    .where(eq(lessons.id, id));
  return ok();
}

/** Publishing needs a checked video with a known duration: otherwise nobody could complete it. */
export async function setLessonStatus(db: Db, actor: Principal, id: number, status: ContentStatus): Promise<Result> {
  const l = await lessonToChange(db, actor, id);
  if (!l.ok) return l;
  if (status === "published" && (!l.value.storageKey || !l.value.durationS)) return fail("video.errors.noVideo");
  await db.update(lessons).set({ status, updatedAt: clock.now() }).where(eq(lessons.id, id));
  return ok();
}

/** A lesson for the trainer's page, and whether this trainer may change it (else it is shown read-only). */
export async function lessonForTrainer(db: Db, actor: Principal, id: number): Promise<Result<{ lesson: LessonRow; mayEdit: boolean }>> {
  if (!can(actor, "teach.manage")) return forbidden();
  const [l] = await db.select().from(lessons).where(eq(lessons.id, id));
  if (!l) return notFound("video.errors.lessonNotFound");
  return ok({ lesson: l, mayEdit: mayChangeContent(actor, l) });
}

export interface LessonListRow {
  id: number;
  title: string;
  specialty: string | null;
  status: ContentStatus;
  durationS: number | null;
  hasVideo: boolean;
  viewers: number;
  completed: number;
}

/**
 * Lessons for the trainer's list, newest first, with how many watched and completed them:
 * counted among the members inside the trainer's scope only.
 */
export async function listLessons(db: Db, actor: Principal): Promise<LessonListRow[]> {
  const mine = inScope(sql`ou.path`, scopeOf(actor, "teach.manage"));
  const inMine = sql`EXISTS (SELECT 1 FROM members m JOIN org_units ou ON ou.id = m.org_unit_id WHERE m.id = lp.member_id AND ${mine})`;
  const rows = await db
    .select({
      id: lessons.id,
      title: lessons.title,
      specialty: lessons.specialty,
      status: lessons.status,
      durationS: lessons.durationS,
      key: lessons.storageKey,
      viewers: sql<number>`(SELECT count(*)::int FROM lesson_progress lp WHERE lp.lesson_id = ${lessons.id} AND lp.watched_s > 0 AND ${inMine})`,
      completed: sql<number>`(SELECT count(*)::int FROM lesson_progress lp WHERE lp.lesson_id = ${lessons.id} AND lp.completed_at IS NOT NULL AND ${inMine})`,
    })
    .from(lessons)
    .orderBy(desc(lessons.createdAt), desc(lessons.id))
    .limit(500);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    specialty: r.specialty,
    status: r.status,
    durationS: r.durationS,
    hasVideo: Boolean(r.key),
    viewers: Number(r.viewers),
    completed: Number(r.completed),
  }));
}

/** Lessons to pick for a course (not archived). */
export async function pickableLessons(db: Db) {
  return db
    .select({ id: lessons.id, title: lessons.title, status: lessons.status })
    .from(lessons)
    .where(sql`${lessons.status} <> 'archived'`)
    .orderBy(asc(lessons.title));
}

/** Quizzes and classes to pick for a course (other domains' tables, read only). */
export async function pickableQuizzesAndClasses(db: Db) {
  const quizzes = rowsOf<{ id: number; title: string }>(
    await db.execute(sql`SELECT id, title FROM quizzes WHERE status <> 'draft' ORDER BY closes_at DESC LIMIT 200`),
  );
  const classes = rowsOf<{ id: number; title: string }>(
    await db.execute(sql`SELECT id, title FROM classes WHERE status <> 'draft' ORDER BY id DESC LIMIT 200`),
  );
  return {
    quizzes: quizzes.map((q) => ({ id: Number(q.id), title: String(q.title) })),
    classes: classes.map((c) => ({ id: Number(c.id), title: String(c.title) })),
  };
}
