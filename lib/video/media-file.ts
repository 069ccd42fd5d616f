import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { fail, type MessageKey, ok, type Result } from "@/lib/core/result";
import { config } from "@/lib/core/config";

/**
 * What an uploaded file is, judged by its content, never its name: an MP4 (ISO BMFF with an
 * `ftyp` box) or a WebM (EBML with the `webm` doc type), complete (the boxes or the segment fit
 * the bytes there are). Then, when the machine has them, ffprobe reads the duration and ffmpeg
 * takes a poster frame.
 */
type Container = "mp4" | "webm";
const MIME: Record<Container, string> = { mp4: "video/mp4", webm: "video/webm" };

/** The container from the first bytes of a file, or null when it is no video we take. */
export function sniffContainer(head: Uint8Array): Container | null {
  if (head.length >= 12 && ascii(head, 4, 8) === "ftyp") return "mp4";
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    // EBML header: the DocType element (0x4282) says webm or matroska.
    const text = ascii(head, 0, Math.min(head.length, 64));
    if (text.includes("webm")) return "webm";
  }
  return null;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

async function readAt(fd: import("node:fs/promises").FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fd.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

/**
 * Walks the top-level boxes of an MP4: each must fit in the file and there must be a `moov` and
 * an `mdat`; a download or upload cut short leaves a box running past the end.
 */
async function mp4Complete(fd: import("node:fs/promises").FileHandle, size: number): Promise<boolean> {
  let pos = 0;
  const seen = new Set<string>();
  for (let i = 0; pos < size && i < 10_000; i++) {
    const h = await readAt(fd, pos, 16);
    if (h.length < 8) return false;
    let boxSize = h.readUInt32BE(0);
    const type = h.toString("latin1", 4, 8);
    if (boxSize === 1) {
      if (h.length < 16) return false;
      boxSize = Number(h.readBigUInt64BE(8));
    } else if (boxSize === 0) {
      boxSize = size - pos;
    }
    if (boxSize < 8 || pos + boxSize > size) return false;
    seen.add(type);
    pos += boxSize;
  }
  return pos === size && seen.has("moov") && seen.has("mdat");
}

/** An EBML variable-length integer at `pos`: its value and length; all ones means unknown size. */
function vint(b: Buffer, pos: number, keepMarker = false): { value: number; len: number; unknown: boolean } | null {
  const first = b[pos];
  if (first === undefined || first === 0) return null;
  let len = 1;
  while (len <= 8 && !(first & (0x80 >> (len - 1)))) len++;
  if (len > 8 || pos + len > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> len);
  let allOnes = (first & (0xff >> len)) === 0xff >> len;
  for (let i = 1; i < len; i++) {
    const byte = b.readUInt8(pos + i);
    value = value * 256 + byte;
    if (byte !== 0xff) allOnes = false;
  }
  return { value, len, unknown: allOnes };
}

/** The EBML header and the Segment that follows it: a Segment of known size must fit the file. */
async function webmComplete(fd: import("node:fs/promises").FileHandle, size: number): Promise<boolean> {
  const b = await readAt(fd, 0, 256);
  const id = vint(b, 0, true);
  if (id?.value !== 0x1a45dfa3) return false;
  const hs = vint(b, id.len);
  if (!hs || hs.unknown) return false;
  const segPos = id.len + hs.len + hs.value;
  const segId = vint(b, segPos, true);
  if (segId?.value !== 0x18538067) return false;
  const segSize = vint(b, segPos + segId.len);
  if (!segSize) return false;
  // A recorder that streamed its output writes an unknown size; ffprobe judges those.
  if (segSize.unknown) return size > segPos + segId.len + segSize.len;
  return segPos + segId.len + segSize.len + segSize.value <= size;
}

interface Inspection {
  container: Container;
  mime: string;
  size: number;
}

/** Checks a file on disk: not empty, a video by its content, not cut short. */
export async function inspectFile(file: string): Promise<Result<Inspection>> {
  const st = await stat(file);
  if (st.size === 0) return fail("video.errors.empty");
  const fd = await open(file, "r");
  try {
    const container = sniffContainer(await readAt(fd, 0, 64));
    if (!container) return fail("video.errors.notVideo");
    const complete = container === "mp4" ? await mp4Complete(fd, st.size) : await webmComplete(fd, st.size);
    if (!complete) return fail("video.errors.truncated");
    return ok({ container, mime: MIME[container], size: st.size });
  } finally {
    await fd.close();
  }
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 1 << 20 }, (err, stdout) => {
      const e = err as (NodeJS.ErrnoException & { code?: unknown }) | null;
      if (e && e.code === "ENOENT") return resolve({ code: -1, stdout: "", missing: true });
      resolve({ code: e ? (typeof e.code === "number" ? e.code : 1) : 0, stdout: String(stdout), missing: false });
    });
  });
}

/** Whether ffprobe and ffmpeg may be used: `FFMPEG=off` turns them off (tests of the browser path). */
function toolsAllowed(): boolean {
  return config().FFMPEG;
}

/**
 * The duration by ffprobe: a number, `null` when the machine has no ffprobe (the browser tells
 * it then), or an error when ffprobe cannot read the file as a video.
 */
export async function probeDuration(file: string): Promise<Result<number | null>> {
  const r = await probeClip(file, "video.errors.unreadable");
  if (!r.ok || !r.value) return r.ok ? ok(null) : r;
  if (!r.value.hasVideo) return fail("video.errors.notVideo");
  const d = r.value.durationS;
  return ok(d === null ? null : Math.round(d * 1000) / 1000);
}

/**
 * The streams and duration of a file by ffprobe (lessons here, question clips in lib/quiz/clips.ts):
 * null when ffprobe may not be used or the machine has none, `unreadable` when it cannot read the file.
 */
export async function probeClip(
  file: string,
  unreadable: MessageKey = "quiz.media.clipUnreadable",
): Promise<Result<{ durationS: number | null; hasVideo: boolean; hasAudio: boolean } | null>> {
  if (!toolsAllowed()) return ok(null);
  const r = await run(config().FFPROBE_PATH, ["-v", "error", "-show_entries", "format=duration:stream=codec_type", "-of", "json", file], 60_000);
  if (r.missing) return ok(null);
  if (r.code !== 0) return fail(unreadable);
  try {
    const j = JSON.parse(r.stdout) as { format?: { duration?: string }; streams?: { codec_type?: string }[] };
    const types = new Set((j.streams ?? []).map((s) => s.codec_type));
    const d = Number(j.format?.duration);
    return ok({ durationS: Number.isFinite(d) && d > 0 ? d : null, hasVideo: types.has("video"), hasAudio: types.has("audio") });
  } catch {
    return fail(unreadable);
  }
}

/** A JPEG poster frame a little way in, or null when there is no ffmpeg or it failed. */
export async function makePoster(file: string, durationS: number | null, outDir: string): Promise<string | null> {
  if (!toolsAllowed()) return null;
  const at = durationS ? Math.min(1, durationS / 10) : 0;
  const out = path.join(outDir, `poster-${process.pid}-${randomUUID()}.jpg`);
  const r = await run(
    config().FFMPEG_PATH,
    ["-v", "error", "-y", "-ss", String(at), "-i", file, "-frames:v", "1", "-vf", "scale=640:-2", "-q:v", "4", out],
    60_000,
  );
  if (r.missing || r.code !== 0) return null;
  return out;
}
