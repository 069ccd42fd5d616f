import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { mayChangeContent } from "@/lib/auth/ownership";
import { can, type Principal } from "@/lib/auth/permissions";
import { config } from "@/lib/core/config";
import { fail, forbidden, ok, type Result } from "@/lib/core/result";
import { getStorage, type MediaStorage } from "@/lib/storage";
import { lessonToChange } from "./lessons";
import { queueTranscode } from "./renditions";

/**
 * Lessons whose video has no complete adaptive ladder — uploaded before the ladder existed (never
 * queued), failed, or made from an earlier file — queued again for the `video-transcode` job
 * (lib/video/renditions), which works through them one by one. A lesson queued or being
 * transcoded is left alone.
 */
const NEEDS_LADDER = sql`l.storage_key IS NOT NULL
  AND (r.lesson_id IS NULL OR r.state = 'failed' OR (r.state = 'done' AND r.source_key <> l.storage_key))`;

async function lessonsWithoutLadder(db: Db, which: SQL): Promise<{ id: number; key: string; createdBy: number | null }[]> {
  const rows = rowsOf<{ id: number; storage_key: string; created_by: number | null }>(
    await db.execute(sql`SELECT l.id, l.storage_key, l.created_by FROM lessons l LEFT JOIN lesson_renditions r ON r.lesson_id = l.id
      WHERE ${NEEDS_LADDER} AND ${which} ORDER BY l.id`),
  );
  return rows.map((r) => ({ id: Number(r.id), key: r.storage_key, createdBy: r.created_by === null ? null : Number(r.created_by) }));
}

/**
 * 为旧课程生成自适应码流: queues every lesson without a complete ladder that the actor may change
 * (all of them for whoever holds teach.manage over the whole organisation; a trainer scoped to a
 * team, the lessons they made). Archived lessons are left out. How many were queued.
 */
export async function queueMissingLadders(db: Db, actor: Principal, storage: MediaStorage = getStorage()): Promise<Result<number>> {
  if (!can(actor, "teach.manage")) return forbidden();
  if (!config().FFMPEG) return fail("video.errors.transcodingOff");
  // The ownership rule itself (mayChangeContent), not a second copy of it in SQL.
  const found = (await lessonsWithoutLadder(db, sql`l.status <> 'archived'`)).filter((l) => mayChangeContent(actor, l));
  for (const l of found) await queueTranscode(db, l.id, l.key, storage);
  return ok(found.length);
}

/** Whether this site makes adaptive ladders at all (FFMPEG on): the trainer's page offers 重新转码 only then. */
export function transcodingOn(): boolean {
  return config().FFMPEG;
}

/** 重新转码: queues one lesson the actor may change whose ladder failed or is missing. */
export async function requeueLadder(db: Db, actor: Principal, lessonId: number, storage: MediaStorage = getStorage()): Promise<Result> {
  const l = await lessonToChange(db, actor, lessonId);
  if (!l.ok) return l;
  if (!config().FFMPEG) return fail("video.errors.transcodingOff");
  const [found] = await lessonsWithoutLadder(db, sql`l.id = ${lessonId}`);
  if (!found) return fail("video.errors.ladderNotNeeded");
  await queueTranscode(db, found.id, found.key, storage);
  return ok();
}
