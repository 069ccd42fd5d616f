import { createHash, randomBytes } from "node:crypto";
import { eq, inArray, type SQL, sql } from "drizzle-orm";
import sharp, { type Metadata, type Sharp } from "sharp";
import { rowsOf, type Db } from "@/db/client";
import { questionMedia, quizzes } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { badRequest, fail, notFound, ok, type Result } from "@/lib/core/result";
import { getStorage, type MediaStorage } from "@/lib/storage";
import { IMAGE_MIME, putImage, sniffImage } from "@/lib/storage/images";
import { reviewPolicyNow } from "./attempts/view";
import { MEDIA_ID, mediaRefs, mediaTokenPrefixes, type MediaRef } from "./media-refs";

/** An upload larger than this is refused before it is decoded. */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
/** The long side of a stored picture: sharp on a phone, small on a weak connection. */
export const MEDIA_MAX_SIDE = 1280;
const THUMB_SIDE = 320;
/** Decoding refuses larger pictures (a small file may claim a huge canvas). */
const MAX_PIXELS = 40_000_000;

type Ext = keyof typeof IMAGE_MIME;

export interface NormalisedImage {
  ext: Ext;
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

/**
 * Checks and normalises an uploaded picture: JPEG, PNG or WebP by its first bytes, at most
 * MEDIA_MAX_BYTES, decodable within MAX_PIXELS; turned upright by its EXIF orientation, fitted
 * within MEDIA_MAX_SIDE, and re-encoded without EXIF, XMP or other metadata. A picture that is
 * already upright, small enough and without metadata is kept byte for byte, so normalising is
 * idempotent: an exported picture imported again is the same file (and the same row).
 */
export async function normaliseImage(bytes: Uint8Array): Promise<Result<NormalisedImage>> {
  if (bytes.byteLength > MEDIA_MAX_BYTES) return fail("quiz.media.tooLarge", { mb: MEDIA_MAX_BYTES / 1024 / 1024 }, "tooLarge");
  const ext = sniffImage(bytes);
  if (!ext) return fail("quiz.media.notImage", undefined, "unsupportedMedia");
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const open = () => sharp(input, { limitInputPixels: MAX_PIXELS, failOn: "error" });
  let meta: Metadata;
  try {
    meta = await open().metadata();
    // Reading the pixels, not just the header, is what proves the file decodes.
    await open().raw().toBuffer({ resolveWithObject: false });
  } catch {
    return badRequest("quiz.media.unreadable");
  }
  if (!meta.width || !meta.height) return badRequest("quiz.media.unreadable");
  const rotated = (meta.orientation ?? 1) >= 5;
  const w0 = rotated ? meta.height : meta.width;
  const h0 = rotated ? meta.width : meta.height;
  const clean = !meta.exif && !meta.xmp && !meta.iptc && !meta.icc && (meta.orientation ?? 1) === 1 && (meta.pages ?? 1) === 1;
  let full: Buffer;
  let width = w0;
  let height = h0;
  if (clean && Math.max(w0, h0) <= MEDIA_MAX_SIDE) {
    full = input;
  } else {
    const out = await encode(open().rotate().resize({ width: MEDIA_MAX_SIDE, height: MEDIA_MAX_SIDE, fit: "inside", withoutEnlargement: true }), ext).toBuffer({
      resolveWithObject: true,
    });
    full = out.data;
    width = out.info.width;
    height = out.info.height;
  }
  const thumb = await encode(
    sharp(full, { limitInputPixels: MAX_PIXELS }).resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: "inside", withoutEnlargement: true }),
    ext,
  ).toBuffer();
  return ok({ ext, full, thumb, width, height });
}

function encode(img: Sharp, ext: Ext): Sharp {
  if (ext === "jpg") return img.jpeg({ quality: 82, mozjpeg: true });
  if (ext === "png") return img.png({ compressionLevel: 9 });
  return img.webp({ quality: 80 });
}

export interface StoredMedia extends MediaRef {
  mime: string;
  sha256: string;
  filename: string;
}

const newMediaId = () => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join("");
};

/** A file name kept for export: its last part, letters, digits and a few marks only. */
function safeFilename(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(/\.[^.]*$/, "")
    .replace(/[^\p{L}\p{N}_-]+/gu, "_")
    .slice(0, 60);
  return `${base || (ext in IMAGE_MIME ? "image" : "clip")}.${ext}`;
}

/**
 * Stores a picture for questions (any trainer, as anyone who adds to the bank): normalised, in
 * the media storage with its thumbnail. The same picture stored twice is one row.
 */
export async function uploadQuestionImage(
  db: Db,
  actor: Principal,
  bytes: Uint8Array,
  filename = "image",
  storage: MediaStorage = getStorage(),
): Promise<Result<StoredMedia>> {
  if (!can(actor, "teach.manage")) return fail("errors.forbidden", undefined, "forbidden");
  return storeImage(db, actor.userId, bytes, filename, storage);
}

/** storeImage without the permission check, for callers that checked it (the importers). */
export async function storeImage(
  db: Db,
  userId: number | null,
  bytes: Uint8Array,
  filename: string,
  storage: MediaStorage = getStorage(),
): Promise<Result<StoredMedia>> {
  const img = await normaliseImage(bytes);
  if (!img.ok) return img;
  return ok(await storeNormalised(db, userId, img.value, filename, storage));
}

/** A picture normaliseImage accepted, stored with its thumbnail (one row per content). */
export async function storeNormalised(
  db: Db,
  userId: number | null,
  img: NormalisedImage,
  filename: string,
  storage: MediaStorage = getStorage(),
): Promise<StoredMedia> {
  const { ext, full, thumb, width, height } = img;
  const sha256 = createHash("sha256").update(full).digest("hex");
  const meta = { sha256, mime: IMAGE_MIME[ext], width, height, bytes: full.byteLength, filename, ext };
  return insertMedia(
    db,
    userId,
    meta,
    async () => ({
      storageKey: await putImage(storage, "questions", full),
      thumbKey: await putImage(storage, "questions/thumbs", thumb),
    }),
    storage,
  );
}

/**
 * A `question_media` row for content not stored yet (`put` stores its objects), or the row the
 * same content already has: one row per content (pictures here, clips in clips.ts).
 */
export async function insertMedia(
  db: Db,
  userId: number | null,
  meta: { sha256: string; mime: string; width: number; height: number; bytes: number; filename: string; ext: string },
  put: () => Promise<{ storageKey: string; thumbKey: string }>,
  storage: MediaStorage,
): Promise<StoredMedia> {
  const { sha256, mime, width, height, ext } = meta;
  const existing = await mediaBySha(db, sha256);
  if (existing) return existing;
  const { storageKey, thumbKey } = await put();
  const row = {
    id: newMediaId(),
    storageKey,
    thumbKey,
    mime,
    width,
    height,
    bytes: meta.bytes,
    sha256,
    filename: safeFilename(meta.filename, ext),
    createdBy: userId,
  };
  const made = await db.insert(questionMedia).values(row).onConflictDoNothing().returning({ id: questionMedia.id });
  if (made.length === 0) {
    // The same content, stored by someone at the same moment: theirs is the row.
    await Promise.all([...new Set([storageKey, thumbKey])].map((k) => storage.delete(k)));
    const theirs = await mediaBySha(db, sha256);
    if (!theirs) throw new Error("question media neither inserted nor found");
    return theirs;
  }
  return { id: row.id, width, height, mime, sha256, filename: row.filename };
}

async function mediaBySha(db: Db, sha256: string): Promise<StoredMedia | null> {
  const [r] = await db
    .select({
      id: questionMedia.id,
      width: questionMedia.width,
      height: questionMedia.height,
      mime: questionMedia.mime,
      sha256: questionMedia.sha256,
      filename: questionMedia.filename,
    })
    .from(questionMedia)
    .where(eq(questionMedia.sha256, sha256));
  return r ?? null;
}

/**
 * The stored object of a picture for a viewer who may see it by the quiz's rules: a trainer (the
 * bank is one for the area, and every trainer reads it), or a member for a question version put
 * before them in an attempt of theirs — a picture only in an explanation once that attempt is
 * finished and only while the quiz's review policy shows explanations (as the review page does).
 * Anything else is "not found", so an id says nothing about whether it exists.
 * Practice adds its own cases (lib/practice/media.ts) and is what the route asks.
 */
export async function questionMediaFor(
  db: Db,
  viewer: Principal,
  id: string,
  size: "full" | "thumb",
  now: Date = clock.now(),
): Promise<Result<{ key: string; mime: string }>> {
  const missing = () => notFound("quiz.media.notFound");
  const object = await pictureObject(db, id, size);
  if (!object) return missing();
  if (can(viewer, "teach.manage")) return ok(object);
  const { inText, inExplanation } = mediaMatch(id);
  const [hit] = rowsOf(
    await db.execute(sql`SELECT 1 FROM attempts a JOIN attempt_questions aq ON aq.attempt_id = a.id JOIN question_versions v ON v.id = aq.question_version_id
      WHERE a.member_id = ${viewer.memberId} AND ${inText("v")} LIMIT 1`),
  );
  if (hit) return ok(object);
  // Only in an explanation: served when the review of a finished attempt shows explanations now,
  // by the same rule as the review page (reviewPolicyNow).
  const quizIds = rowsOf<{ quiz_id: number }>(
    await db.execute(sql`SELECT DISTINCT a.quiz_id FROM attempts a JOIN attempt_questions aq ON aq.attempt_id = a.id JOIN question_versions v ON v.id = aq.question_version_id
      WHERE a.member_id = ${viewer.memberId} AND a.state <> 'in_progress' AND ${inExplanation("v")}`),
  ).map((r) => Number(r.quiz_id));
  if (quizIds.length === 0) return missing();
  const qs = await db.select().from(quizzes).where(inArray(quizzes.id, quizIds));
  for (const q of qs) if ((await reviewPolicyNow(db, q, now)).explanation) return ok(object);
  return missing();
}

/** The stored object of a picture or clip, for callers that checked who may see it; null for no such medium. */
export async function pictureObject(db: Db, id: string, size: "full" | "thumb"): Promise<{ key: string; mime: string; filename: string } | null> {
  if (!MEDIA_ID.test(id)) return null;
  const [row] = await db.select().from(questionMedia).where(eq(questionMedia.id, id));
  return row ? { key: size === "thumb" ? row.thumbKey : row.storageKey, mime: row.mime, filename: row.filename } : null;
}

/** SQL conditions: the version aliased `v` shows the picture or clip in its stem or body / its explanation. */
export function mediaMatch(id: string) {
  const likes = mediaTokenPrefixes(id).map((p) => `%${p.replace(/[\\%_]/g, "\\$&")}%`);
  const anyLike = (col: SQL) =>
    sql.join(
      likes.map((l) => sql`${col} LIKE ${l}`),
      sql` OR `,
    );
  return {
    inText: (v: string) => sql`(${anyLike(sql`${sql.raw(v)}.stem`)} OR ${anyLike(sql`${sql.raw(v)}.body::text`)})`,
    inExplanation: (v: string) => sql`(${anyLike(sql`${sql.raw(v)}.explanation`)})`,
  };
}

/** The stored media `questions` show: id, storage key and file name (none for a file no longer stored). */
async function storedMediaOf(db: Db, questions: readonly unknown[]) {
  const ids = [...new Set(mediaRefs(JSON.stringify(questions)).map((r) => r.id))];
  if (ids.length === 0) return [];
  return db
    .select({ id: questionMedia.id, key: questionMedia.storageKey, filename: questionMedia.filename })
    .from(questionMedia)
    .where(inArray(questionMedia.id, ids));
}

async function readAll(storage: MediaStorage, key: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await storage.read(key)) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The files of the pictures `questions` show, for export (any trainer: the bank is one for the
 * area): each stored picture by id with its stored file name and bytes, read through the storage
 * layer (`names`: the names only, bytes empty). Pictures no longer stored are left out (their
 * tokens stay text).
 */
export async function pictureFiles(
  db: Db,
  actor: Principal,
  questions: readonly unknown[],
  read: "bytes" | "names" = "bytes",
  storage: MediaStorage = getStorage(),
): Promise<Result<Map<string, { name: string; bytes: Uint8Array }>>> {
  if (!can(actor, "teach.manage")) return fail("errors.forbidden", undefined, "forbidden");
  const out = new Map<string, { name: string; bytes: Uint8Array }>();
  for (const r of await storedMediaOf(db, questions))
    out.set(r.id, { name: r.filename, bytes: read === "names" ? new Uint8Array() : await readAll(storage, r.key) });
  return ok(out);
}

/**
 * As pictureFiles, but each picture's bytes are read only when asked for (a streamed export
 * asks for a question's pictures as it writes that question), so they are never all held.
 */
export async function pictureSource(
  db: Db,
  actor: Principal,
  questions: readonly unknown[],
  storage: MediaStorage = getStorage(),
): Promise<Result<(id: string) => Promise<{ name: string; bytes: Uint8Array } | null>>> {
  if (!can(actor, "teach.manage")) return fail("errors.forbidden", undefined, "forbidden");
  const stored = new Map((await storedMediaOf(db, questions)).map((r) => [r.id, r]));
  return ok(async (id: string) => {
    const r = stored.get(id);
    return r ? { name: r.filename, bytes: await readAll(storage, r.key) } : null;
  });
}
