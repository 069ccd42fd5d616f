import { and, asc, desc, eq, ilike, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { lessons } from "@/db/schema";
import { fail, ok, type Outcome } from "./common";
import * as clock from "@/lib/core/clock";

export const CONTENT_STATUSES = ["draft", "published", "archived"] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** A lesson's text and rule, as the trainer's form sends it (the ratio in percent). */
export const lessonInput = z.object({
  title: z.string().trim().min(1, "video.errors.titleRequired").max(200),
  description: z.string().trim().max(4000).default(""),
  specialty: z.string().trim().max(40).default(""),
  requiredPercent: z.coerce.number().int("video.errors.ratioRange").min(10, "video.errors.ratioRange").max(100, "video.errors.ratioRange").default(90),
});
export type LessonInput = z.infer<typeof lessonInput>;

export async function createLesson(db: Db, userId: number | null, input: LessonInput, code?: string): Promise<number> {
  const [row] = await db
    .insert(lessons)
    .values({ code: code ?? null, title: input.title, description: input.description, specialty: input.specialty || null, requiredRatio: input.requiredPercent / 100, createdBy: userId })
    .returning({ id: lessons.id });
  return row.id;
}

export async function updateLesson(db: Db, id: number, input: LessonInput): Promise<Outcome> {
  const r = await db
    .update(lessons)
    .set({ title: input.title, description: input.description, specialty: input.specialty || null, requiredRatio: input.requiredPercent / 100, updatedAt: clock.now() })
    .where(eq(lessons.id, id))
    .returning({ id: lessons.id });
  return r.length ? ok(undefined) : fail("video.errors.lessonNotFound");
}

/** Publishing needs a checked video with a known duration: otherwise nobody could complete it. */
export async function setLessonStatus(db: Db, id: number, status: ContentStatus): Promise<Outcome> {
  const [l] = await db.select({ key: lessons.storageKey, duration: lessons.durationS }).from(lessons).where(eq(lessons.id, id));
  if (!l) return fail("video.errors.lessonNotFound");
  if (status === "published" && (!l.key || !l.duration)) return fail("video.errors.noVideo");
  await db.update(lessons).set({ status, updatedAt: clock.now() }).where(eq(lessons.id, id));
  return ok(undefined);
}

export type LessonRow = typeof lessons.$inferSelect;

export async function getLesson(db: Db, id: number): Promise<LessonRow | null> {
  const [l] = await db.select().from(lessons).where(eq(lessons.id, id));
  return l ?? null;
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

/** Lessons for the trainer's list, newest first, with how many watched and completed them. */
export async function listLessons(db: Db, f: { q?: string; status?: ContentStatus } = {}): Promise<LessonListRow[]> {
  const where = and(f.q ? ilike(lessons.title, `%${f.q.replace(/[\\%_]/g, "\\$&")}%`) : undefined, f.status ? eq(lessons.status, f.status) : undefined);
  const rows = await db
    .select({
      id: lessons.id,
      title: lessons.title,
      specialty: lessons.specialty,
      status: lessons.status,
      durationS: lessons.durationS,
      key: lessons.storageKey,
      viewers: sql<number>`(SELECT count(*)::int FROM lesson_progress lp WHERE lp.lesson_id = ${lessons.id} AND lp.watched_s > 0)`,
      completed: sql<number>`(SELECT count(*)::int FROM lesson_progress lp WHERE lp.lesson_id = ${lessons.id} AND lp.completed_at IS NOT NULL)`,
    })
    .from(lessons)
    .where(where)
    .orderBy(desc(lessons.createdAt), desc(lessons.id))
    .limit(500);
  return rows.map((r) => ({ id: r.id, title: r.title, specialty: r.specialty, status: r.status, durationS: r.durationS, hasVideo: Boolean(r.key), viewers: Number(r.viewers), completed: Number(r.completed) }));
}

/** Published lessons to pick for a course. */
export async function pickableLessons(db: Db) {
  return db.select({ id: lessons.id, title: lessons.title, status: lessons.status }).from(lessons).where(sql`${lessons.status} <> 'archived'`).orderBy(asc(lessons.title));
}

/** Quizzes and classes to pick for a course (other domains' tables, read only). */
export async function pickableQuizzesAndClasses(db: Db) {
  const quizzes = rowsOf<{ id: number; title: string }>(await db.execute(sql`SELECT id, title FROM quizzes WHERE status <> 'draft' ORDER BY closes_at DESC LIMIT 200`));
  const classes = rowsOf<{ id: number; title: string }>(await db.execute(sql`SELECT id, title FROM classes WHERE status <> 'draft' ORDER BY id DESC LIMIT 200`));
  return { quizzes: quizzes.map((q) => ({ id: Number(q.id), title: String(q.title) })), classes: classes.map((c) => ({ id: Number(c.id), title: String(c.title) })) };
}
