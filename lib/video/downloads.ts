import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { RungInfo } from "@/db/schema";
import * as clock from "@/lib/core/clock";
import { notFound, ok, type Result } from "@/lib/core/result";
import { viewerOf, type Learner } from "./common";
import type { Signer } from "./media-token";
import { downloadExpiry } from "./offline";
import { hlsToken, lessonLadderFor } from "./renditions";

/**
 * 离线观看 (issue 16), the server's side: what a download of a lesson fetches (the lowest rung of
 * its HLS ladder, through the same signed, session-bound media route as playing it) and which of
 * the lessons a device holds the user may still watch. Nothing about a download is stored on the
 * server: the device asks, and removes what it may no longer keep.
 */

/** The rung a download keeps: the lowest. */
const lowest = (rungs: readonly RungInfo[]) => [...rungs].sort((a, b) => a.height - b.height)[0];

export interface LessonDownload {
  lessonId: number;
  title: string;
  rung: string;
  /** Bytes of the rung's segments (measured when the ladder was made). */
  bytes: number;
  /** The storage prefix and a token for its files (the route turns them into URLs). */
  prefix: string;
  token: string;
  /** Epoch ms when the download must be removed (DOWNLOAD_DAYS from now). */
  expiresAt: number;
}

/** The download of a lesson the user may watch: its lowest rung; not found without a finished ladder. */
export async function lessonDownload(db: Db, user: Learner & Signer, lessonId: number, now = clock.nowMs()): Promise<Result<LessonDownload>> {
  const ladder = await lessonLadderFor(db, viewerOf(user), lessonId);
  const low = ladder ? lowest(ladder.rungs) : undefined;
  if (!ladder || !low) return notFound("video.errors.noDownload");
  const [l] = rowsOf<{ title: string }>(await db.execute(sql`SELECT title FROM lessons WHERE id = ${lessonId}`));
  return ok({
    lessonId,
    title: String(l?.title ?? ""),
    rung: low.name,
    bytes: low.bytes,
    prefix: ladder.prefix,
    token: hlsToken(user, lessonId, ladder.prefix, now).token,
    expiresAt: downloadExpiry(now),
  });
}

/** Of the lessons a device holds, those the user may still download (a lesson not listed goes). */
export async function downloadsAllowed(db: Db, user: Learner, lessonIds: readonly number[]): Promise<Result<number[]>> {
  const v = viewerOf(user);
  const out: number[] = [];
  for (const id of new Set(lessonIds)) if (await lessonLadderFor(db, v, id)) out.push(id);
  return ok(out);
}

/** The lessons of a course the user may download, in the course's order, with their size (shown before 下载整门课程). */
export async function courseDownloads(db: Db, user: Learner, courseId: number): Promise<{ lessonId: number; title: string; bytes: number }[]> {
  const rows = rowsOf<{ lesson_id: number; title: string }>(
    await db.execute(
      sql`SELECT ci.lesson_id, l.title FROM course_items ci JOIN lessons l ON l.id = ci.lesson_id WHERE ci.course_id = ${courseId} AND ci.kind = 'lesson' ORDER BY ci.position, ci.id`,
    ),
  );
  const v = viewerOf(user);
  const out: { lessonId: number; title: string; bytes: number }[] = [];
  for (const r of rows) {
    const ladder = await lessonLadderFor(db, v, Number(r.lesson_id));
    const low = ladder ? lowest(ladder.rungs) : undefined;
    if (low) out.push({ lessonId: Number(r.lesson_id), title: String(r.title), bytes: low.bytes });
  }
  return out;
}
