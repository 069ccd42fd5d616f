import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { fail, notFound, ok, type Result } from "@/lib/core/result";
import { onMemberListSql, viewerOf, type Learner, type Viewer } from "./common";
import { syncCourseCompletions } from "./completions";
import { mediaToken, type Signer } from "./media-token";
import { checkSegments, clip, coveredSeconds, isComplete, mergeSegments, type Segment } from "./segments";
import * as clock from "@/lib/core/clock";

/** What the player sends: the intervals it played since it opened, where it is, its clock. */
export const progressReport = z.object({
  segments: z.array(z.tuple([z.number(), z.number()])).max(500),
  positionS: z
    .number()
    .min(0)
    .max(24 * 3600),
  /** The browser's Date.now() when it sent: the position of an older report never wins. */
  at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
type ProgressReport = z.infer<typeof progressReport>;

/** At 2× a player covers two media seconds per second; a little slack for timers and networks. */
const MAX_RATE = 2;
const SLACK_S = 15;

interface LessonView {
  id: number;
  title: string;
  description: string;
  durationS: number | null;
  requiredRatio: number;
  mime: string | null;
  posterKey: string | null;
  status: string;
  storageKey: string;
  watchedS: number;
  lastPositionS: number;
  segments: Segment[];
  completed: boolean;
}

/** The lesson when the viewer may see it: trainers any with a video; others published ones on a course of theirs. */
function visibleSql(lessonId: number, v: Viewer) {
  if (v.teacher) return sql`l.id = ${lessonId}`;
  return sql`l.id = ${lessonId} AND l.status = 'published' AND EXISTS (
    SELECT 1 FROM course_items ci JOIN courses c ON c.id = ci.course_id
    WHERE ci.lesson_id = l.id AND c.status = 'published' AND ${onMemberListSql(sql`c.id`, v)})`;
}

/** Storage facts of a lesson the viewer may see, for the media route; null otherwise. */
export async function lessonMediaFor(db: Db, v: Viewer, lessonId: number): Promise<{ storageKey: string; mime: string; posterKey: string | null } | null> {
  const [r] = rowsOf<{ storage_key: string | null; mime: string | null; poster_key: string | null }>(
    await db.execute(sql`SELECT l.storage_key, l.mime, l.poster_key FROM lessons l WHERE ${visibleSql(lessonId, v)}`),
  );
  if (!r?.storage_key) return null;
  return { storageKey: r.storage_key, mime: r.mime ?? "video/mp4", posterKey: r.poster_key };
}

interface LessonMediaTokens {
  lessonId: number;
  video: string;
  poster: string | null;
  /** How long the tokens stay valid from now (relative: a phone's clock may be off). */
  validForMs: number;
}

/** Signed media tokens for a lesson the viewer may see (the caller checked): its video and poster. */
export function lessonMediaTokens(
  user: Signer,
  l: { id: number; storageKey: string; mime: string | null; posterKey: string | null },
  now = clock.nowMs(),
): LessonMediaTokens {
  const video = mediaToken(user, "lesson", l.id, l.storageKey, l.mime ?? "video/mp4", now);
  const poster = l.posterKey ? mediaToken(user, "poster", l.id, l.posterKey, "image/jpeg", now).token : null;
  return { lessonId: l.id, video: video.token, poster, validForMs: video.expiresAt - now };
}

/** Fresh media tokens for the player before the ones it holds expire, while the viewer may still watch. */
export async function renewLessonMedia(db: Db, user: Learner & Signer, lessonId: number, now = clock.nowMs()): Promise<Result<LessonMediaTokens>> {
  const m = await lessonMediaFor(db, viewerOf(user), lessonId);
  if (!m) return notFound("video.errors.lessonNotFound");
  return ok(lessonMediaTokens(user, { id: lessonId, storageKey: m.storageKey, mime: m.mime, posterKey: m.posterKey }, now));
}

/**
 * Opens a lesson for the player: its facts and the viewer's progress; the progress row is made
 * now (nothing watched yet), so the first report has a time to be measured against.
 */
export async function openLesson(db: Db, v: Viewer, lessonId: number): Promise<LessonView | null> {
  const [l] = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`SELECT l.id, l.title, l.description, l.duration_s, l.required_ratio, l.mime, l.poster_key, l.status, l.storage_key FROM lessons l WHERE ${visibleSql(lessonId, v)}`,
    ),
  );
  if (!l?.storage_key) return null;
  await db.execute(sql`INSERT INTO lesson_progress (member_id, lesson_id) VALUES (${v.memberId}, ${lessonId}) ON CONFLICT DO NOTHING`);
  // The row was made just above; were it gone already, nothing has been watched.
  const [p = { segments: [], watched_s: 0, last_position_s: 0, completed_at: null }] = rowsOf<{
    segments: Segment[] | string;
    watched_s: number;
    last_position_s: number;
    completed_at: unknown;
  }>(
    await db.execute(
      sql`SELECT segments, watched_s, last_position_s, completed_at FROM lesson_progress WHERE member_id = ${v.memberId} AND lesson_id = ${lessonId}`,
    ),
  );
  const segments = typeof p.segments === "string" ? (JSON.parse(p.segments) as Segment[]) : p.segments;
  return {
    id: Number(l.id),
    title: String(l.title),
    description: String(l.description ?? ""),
    durationS: l.duration_s === null ? null : Number(l.duration_s),
    requiredRatio: Number(l.required_ratio),
    mime: (l.mime as string | null) ?? null,
    posterKey: (l.poster_key as string | null) ?? null,
    status: String(l.status),
    storageKey: String(l.storage_key),
    watchedS: Number(p.watched_s),
    lastPositionS: Number(p.last_position_s),
    segments,
    completed: p.completed_at !== null,
  };
}

interface ProgressResult {
  watchedS: number;
  durationS: number | null;
  completed: boolean;
  /** True the one time this report completed the lesson. */
  justCompleted: boolean;
  segments: Segment[];
}

/**
 * Merges a report into the member's progress under a row lock, so two reports at once (two
 * tabs, a beacon racing the timer) both land. The union only grows: a repeated or old report
 * changes nothing; completion is stamped once; the courses holding the lesson are checked for
 * completion in the same transaction.
 */
export async function reportProgress(db: Db, v: Viewer, lessonId: number, report: ProgressReport, now = clock.now()): Promise<Result<ProgressResult>> {
  return db.transaction(async (tx) => {
    const [l] = rowsOf<{ duration_s: number | null; required_ratio: number }>(
      await tx.execute(sql`SELECT l.duration_s, l.required_ratio FROM lessons l WHERE ${visibleSql(lessonId, v)} AND l.storage_key IS NOT NULL`),
    );
    if (!l) return notFound("video.errors.lessonNotFound");
    const durationS = l.duration_s === null ? null : Number(l.duration_s);
    const bad = checkSegments(report.segments, durationS);
    if (bad) return fail(bad);
    if (durationS !== null && report.positionS > durationS + 1) return fail("video.errors.segmentBeyondEnd");
    const reported = clip(report.segments as Segment[], durationS);

    await tx.execute(
      sql`INSERT INTO lesson_progress (member_id, lesson_id, started_at, updated_at) VALUES (${v.memberId}, ${lessonId}, ${now.toISOString()}, ${now.toISOString()}) ON CONFLICT DO NOTHING`,
    );
    const [p] = rowsOf<{ segments: Segment[] | string; watched_s: number; position_at: string | number; completed_at: unknown; updated_at: string | Date }>(
      await tx.execute(
        sql`SELECT segments, watched_s, position_at, completed_at, updated_at FROM lesson_progress WHERE member_id = ${v.memberId} AND lesson_id = ${lessonId} FOR UPDATE`,
      ),
    );
    // Made just above: gone only with the lesson itself, deleted in between.
    if (!p) return notFound("video.errors.lessonNotFound");
    const stored = typeof p.segments === "string" ? (JSON.parse(p.segments) as Segment[]) : p.segments;
    const merged = mergeSegments(stored, reported);
    const watchedS = coveredSeconds(merged);
    const added = watchedS - Number(p.watched_s);
    const elapsedS = Math.max(0, (now.getTime() - new Date(p.updated_at).getTime()) / 1000);
    // Faster than 2× since the last report is not watching.
    if (added > MAX_RATE * elapsedS + SLACK_S) return fail("video.errors.tooFast");
    const completed = p.completed_at !== null || isComplete(watchedS, durationS, Number(l.required_ratio));
    const justCompleted = completed && p.completed_at === null;
    const positionWins = report.at >= Number(p.position_at);
    await tx.execute(sql`
      UPDATE lesson_progress SET
        segments = ${JSON.stringify(merged)}::jsonb,
        watched_s = ${watchedS},
        last_position_s = CASE WHEN ${positionWins} THEN ${report.positionS} ELSE last_position_s END,
        position_at = GREATEST(position_at, ${report.at}),
        completed_at = COALESCE(completed_at, CASE WHEN ${justCompleted} THEN ${now.toISOString()}::timestamptz END),
        updated_at = CASE WHEN ${added > 0} THEN ${now.toISOString()}::timestamptz ELSE updated_at END
      WHERE member_id = ${v.memberId} AND lesson_id = ${lessonId}`);
    if (justCompleted) await syncCourseCompletions(tx as unknown as Db, v.memberId, { lessonId }, now);
    return ok({ watchedS, durationS, completed, justCompleted, segments: merged });
  });
}
