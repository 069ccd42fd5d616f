import { createHash, randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import { can, type Principal } from "@/lib/auth/permissions";
import { fail, ok, type Result } from "@/lib/core/result";
import { getStorage, type MediaStorage, uploadTmpDir } from "@/lib/storage";
import { probeClip } from "@/lib/video/media-file";
import { sniffImage } from "@/lib/storage/images";
import { insertMedia, type StoredMedia, uploadQuestionImage } from "./media";
import type { MediaKind } from "./media-refs";

/**
 * Short audio and video clips in questions, beside the pictures (lib/quiz/media.ts): judged by
 * their first bytes, never their name, at most CLIP_MAX_BYTES and, when ffprobe may be used,
 * at most CLIP_MAX_SECONDS long; stored as they came (no re-encoding) through the storage layer
 * in a `question_media` row whose mime says the kind. Text shows them by `[[audio:<id>]]` and
 * `[[video:<id>]]` tokens (media-refs.ts).
 */

export const CLIP_MAX_BYTES = 20 * 1024 * 1024;
export const CLIP_MAX_SECONDS = 180;

export type ClipKind = "audio" | "video";

interface Sniffed {
  kind: ClipKind;
  ext: string;
  mime: string;
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** Brands of an ISO file that are still pictures (HEIC, AVIF), not clips. */
const IMAGE_BRANDS = new Set(["heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis"]);

/**
 * The kind of a clip from its first bytes, or null for anything else: MP3 (ID3 tag or MPEG frame
 * sync), AAC (ADTS), M4A (ISO brand M4A/M4B), Ogg, WAV, MP4 and WebM. An MP4 or WebM may turn out
 * to hold sound only; ffprobe decides that (clipKind).
 */
export function sniffClip(b: Uint8Array): Sniffed | null {
  if (b.length >= 12 && ascii(b, 4, 8) === "ftyp") {
    const brand = ascii(b, 8, 12);
    if (brand === "M4A " || brand === "M4B ") return { kind: "audio", ext: "m4a", mime: "audio/mp4" };
    if (IMAGE_BRANDS.has(brand)) return null;
    return { kind: "video", ext: "mp4", mime: "video/mp4" };
  }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return ascii(b, 0, Math.min(b.length, 64)).includes("webm") ? { kind: "video", ext: "webm", mime: "video/webm" } : null;
  }
  if (b.length >= 4 && ascii(b, 0, 4) === "OggS") return { kind: "audio", ext: "ogg", mime: "audio/ogg" };
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE") return { kind: "audio", ext: "wav", mime: "audio/wav" };
  if (b.length >= 3 && ascii(b, 0, 3) === "ID3") return { kind: "audio", ext: "mp3", mime: "audio/mpeg" };
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) {
    const layer = (b[1]! >> 1) & 3;
    if (layer === 0 && (b[1]! & 0xf6) === 0xf0) return { kind: "audio", ext: "aac", mime: "audio/aac" };
    if (layer !== 0 && ((b[1]! >> 3) & 3) !== 1) return { kind: "audio", ext: "mp3", mime: "audio/mpeg" };
  }
  return null;
}

export interface CheckedClip extends Sniffed {
  durationS: number | null;
}

/**
 * Checks an uploaded clip: its kind by content, its size, and (ffprobe allowed and present) that
 * it reads, has sound or a picture, and lasts at most CLIP_MAX_SECONDS. Without ffprobe the size
 * is the only limit. A WebM or MP4 without a picture is audio.
 */
export async function checkClip(bytes: Uint8Array): Promise<Result<CheckedClip>> {
  if (bytes.byteLength > CLIP_MAX_BYTES) return fail("quiz.media.clipTooLarge", { mb: CLIP_MAX_BYTES / 1024 / 1024 }, "tooLarge");
  const sniffed = sniffClip(bytes);
  if (!sniffed) return fail("quiz.media.notMedia", undefined, "unsupportedMedia");
  const tmp = await tmpFile(bytes, sniffed.ext);
  try {
    const probe = await probeClip(tmp);
    if (!probe.ok) return probe;
    if (!probe.value) return ok({ ...sniffed, durationS: null });
    const { durationS, hasVideo, hasAudio } = probe.value;
    if (!hasVideo && !hasAudio) return fail("quiz.media.clipUnreadable");
    if (durationS !== null && durationS > CLIP_MAX_SECONDS + 0.5)
      return fail("quiz.media.clipTooLong", { s: Math.round(durationS), max: CLIP_MAX_SECONDS / 60 });
    const audioOnly = sniffed.kind === "video" && !hasVideo;
    const kind: ClipKind = audioOnly ? "audio" : sniffed.kind;
    const mime = audioOnly ? (sniffed.ext === "webm" ? "audio/webm" : "audio/mp4") : sniffed.mime;
    return ok({ kind, ext: audioOnly && sniffed.ext === "mp4" ? "m4a" : sniffed.ext, mime, durationS });
  } finally {
    await rm(tmp, { force: true });
  }
}

async function tmpFile(bytes: Uint8Array, ext: string): Promise<string> {
  await mkdir(uploadTmpDir(), { recursive: true });
  const file = path.join(uploadTmpDir(), `clip-${randomUUID()}.${ext}`);
  await writeFile(file, bytes);
  return file;
}

/** A clip checkClip accepted, stored as it came (callers checked who stores it: the upload, the importers). */
export async function storeCheckedClip(
  db: Db,
  userId: number | null,
  bytes: Uint8Array,
  clip: CheckedClip,
  filename: string,
  storage: MediaStorage = getStorage(),
): Promise<StoredMedia & { kind: ClipKind }> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const put = async () => {
    const tmp = await tmpFile(bytes, clip.ext);
    const key = `questions/clips/${randomUUID()}.${clip.ext}`;
    try {
      await storage.putFile(key, tmp, clip.mime);
    } finally {
      await rm(tmp, { force: true });
    }
    // A clip has no thumbnail: its one object is both.
    return { storageKey: key, thumbKey: key };
  };
  const stored = await insertMedia(
    db,
    userId,
    { sha256, mime: clip.mime, width: 0, height: 0, bytes: bytes.byteLength, filename, ext: clip.ext },
    put,
    storage,
  );
  return { ...stored, kind: clip.kind };
}

/**
 * The editor's upload: a picture (by its first bytes) goes the picture's way (normalised, at most
 * MEDIA_MAX_BYTES), a clip this file's way; anything else is refused, naming what may be uploaded.
 */
export async function uploadQuestionMedia(
  db: Db,
  actor: Principal,
  bytes: Uint8Array,
  filename: string,
  storage: MediaStorage = getStorage(),
): Promise<Result<StoredMedia & { kind: MediaKind }>> {
  if (!can(actor, "teach.manage")) return fail("errors.forbidden", undefined, "forbidden");
  if (sniffImage(bytes)) {
    const r = await uploadQuestionImage(db, actor, bytes, filename, storage);
    return r.ok ? ok({ ...r.value, kind: "image" }) : r;
  }
  const clip = await checkClip(bytes);
  if (!clip.ok) return clip;
  return ok(await storeCheckedClip(db, actor.userId, bytes, clip.value, filename, storage));
}
