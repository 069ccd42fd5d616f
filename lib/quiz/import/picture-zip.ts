/**
 * The .zip of pictures uploaded with the question bank spreadsheet (题库模板): the sheet's 图片
 * and 解析图片 columns name files in it. Read with the limits enforced while it is read, like the
 * sheet itself (lib/core/xlsx-read): the number of entries is taken from the zip's end record
 * before any entry is listed, each entry's declared size is checked before it is inflated, and
 * the bytes actually inflated are counted while they stream (a lying header stops there too).
 * Nothing here stores anything: the pictures go through the editor's pipeline
 * (lib/quiz/media.ts `storeImage`) only once the whole import is accepted.
 *
 * Files are found by their name without the folders (a trainer zips the folder of photos), with
 * width, case and Unicode form folded (Windows does not tell 压力表.PNG from 压力表.png). Names a
 * zip tool wrote in the local code page (Windows' own "Send to compressed folder" writes GBK) are
 * read as GB18030 when they are not UTF-8. Folders, macOS's __MACOSX copies and hidden files
 * (.DS_Store, Thumbs.db) are passed over.
 */

import iconv from "iconv-lite";
import JSZip from "jszip";
import { zipEntryChunks } from "@/lib/core/xlsx-read";
import { sniffImage } from "@/lib/storage/images";
import { CLIP_MAX_BYTES, sniffClip } from "../clips";
import { MEDIA_MAX_BYTES } from "../media";
import { foldWidth } from "../normalise";
import { MAX_FILE_BYTES, formatBytes, type ImportProblem, type ImportedPicture } from "./problems";

export interface PictureZipLimits {
  /** The upload itself. */
  maxZipBytes: number;
  /** Entries in the zip, folders and passed-over files included. */
  maxEntries: number;
  /** One file, inflated (a picture is refused above this by the editor too). */
  maxEntryBytes: number;
  /** One audio or video clip (by its name's extension), inflated: the editor's limit for clips. */
  maxClipBytes: number;
  /** All files, inflated. */
  maxTotalBytes: number;
}

export const PICTURE_ZIP_LIMITS: PictureZipLimits = {
  maxZipBytes: MAX_FILE_BYTES,
  maxEntries: 2_000,
  maxEntryBytes: MEDIA_MAX_BYTES,
  maxClipBytes: CLIP_MAX_BYTES,
  maxTotalBytes: 3 * MAX_FILE_BYTES,
};

/**
 * A file of the zip, by its folded name (pictureKey). `media` is false for a file that is neither
 * a JPEG, PNG or WebP picture nor an audio/video clip (by its first bytes).
 */
export interface ZipPicture extends ImportedPicture {
  media: boolean;
}

/** Names of audio/video files: allowed the clip's size while the zip is read (their content decides what they are). */
const CLIP_NAME = /\.(mp3|m4a|aac|ogg|oga|opus|wav|mp4|m4v|webm)$/i;

export type PictureZip = { ok: true; files: Map<string, ZipPicture> } | { ok: false; problems: ImportProblem[] };

/** How a name in a cell and a file in the zip are matched: the last part, folded. */
export function pictureKey(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  return foldWidth(last).normalize("NFC").trim().toLowerCase();
}

/** The names in a 图片 cell: separated by ; ； , ， 、 or line breaks; repeats dropped. */
export function pictureNames(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(/[;；,，、\n]/)) {
    const name = part.trim();
    if (name !== "" && !out.some((n) => pictureKey(n) === pictureKey(name))) out.push(name);
  }
  return out;
}

const EOCD = 0x06054b50;

/** The entry count the zip's end record declares (null: no end record, not a zip). */
function declaredEntries(b: Uint8Array): number | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const stop = Math.max(0, b.byteLength - 22 - 0xffff);
  for (let i = b.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD) return view.getUint16(i + 10, true);
  }
  return null;
}

function decodeName(bytes: string[] | Uint8Array | Buffer): string {
  const b = Buffer.from(bytes as Uint8Array);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return iconv.decode(b, "gb18030");
  }
}

/** A name that climbs out of the folder it is unpacked in, or starts at a drive or the root. */
function unsafeName(name: string): boolean {
  return /^[\\/]/.test(name) || /^[a-z]:/i.test(name) || name.split(/[\\/]/).some((p) => p === "..") || name.includes("\0");
}

function passedOver(name: string): boolean {
  const parts = name.split(/[\\/]/);
  const last = parts.at(-1) ?? "";
  return parts.includes("__MACOSX") || last.startsWith(".") || /^(thumbs\.db|desktop\.ini)$/i.test(last);
}

class ZipLimit extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.code);
  }
}

/** The zip's files by folded name, or every reason it is refused (nothing is kept then). */
export async function readPictureZip(bytes: Uint8Array, limits: PictureZipLimits = PICTURE_ZIP_LIMITS): Promise<PictureZip> {
  const refuse = (problem: ImportProblem): PictureZip => ({ ok: false, problems: [problem] });
  if (bytes.byteLength > limits.maxZipBytes)
    return refuse({ code: "quiz.import.zip.tooLarge", params: { size: formatBytes(bytes.byteLength), limit: formatBytes(limits.maxZipBytes) } });
  const count = declaredEntries(bytes);
  if (count === null) return refuse({ code: "quiz.import.zip.notZip" });
  // 0xffff is ZIP64's "see the other record": more than anyone zips for a sheet.
  if (count > limits.maxEntries || count === 0xffff) return refuse({ code: "quiz.import.zip.tooManyEntries", params: { max: limits.maxEntries } });
  let zip: JSZip;
  try {
    // No CRC check: JSZip would inflate every entry to check it, before any limit below.
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false, decodeFileName: decodeName });
  } catch {
    return refuse({ code: "quiz.import.zip.notZip" });
  }
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) return refuse({ code: "quiz.import.zip.tooManyEntries", params: { max: limits.maxEntries } });

  const problems: ImportProblem[] = [];
  const wanted: JSZip.JSZipObject[] = [];
  const seen = new Map<string, string>();
  for (const e of entries) {
    // A folder carries nothing (and nothing here is ever written to disk by its name).
    if (e.dir) continue;
    // JSZip resolves "../" in names itself and keeps the name as written here.
    const written = e.unsafeOriginalName ?? e.name;
    if (unsafeName(written)) {
      problems.push({ code: "quiz.import.zip.unsafeName", params: { name: written } });
      continue;
    }
    if (passedOver(e.name)) continue;
    const key = pictureKey(e.name);
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push({ code: "quiz.import.zip.duplicateName", params: { name: e.name, other: before } });
      continue;
    }
    seen.set(key, e.name);
    // JSZip keeps the central directory's sizes on a field it does not type.
    const declared = (e as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    const max = CLIP_NAME.test(e.name) ? limits.maxClipBytes : limits.maxEntryBytes;
    if (declared > max) {
      problems.push({ code: "quiz.import.zip.entryTooLarge", params: { name: e.name, max: formatBytes(max) } });
      continue;
    }
    wanted.push(e);
  }
  if (problems.length) return { ok: false, problems };
  // JSZip keeps one entry per path: fewer than the end record counts means a path came twice.
  if (entries.length < count) return refuse({ code: "quiz.import.zip.samePathTwice" });

  const files = new Map<string, ZipPicture>();
  let total = 0;
  try {
    for (const e of wanted) {
      const chunks: Buffer[] = [];
      let size = 0;
      const max = CLIP_NAME.test(e.name) ? limits.maxClipBytes : limits.maxEntryBytes;
      for await (const chunk of zipEntryChunks(e)) {
        size += chunk.byteLength;
        total += chunk.byteLength;
        if (size > max) throw new ZipLimit({ code: "quiz.import.zip.entryTooLarge", params: { name: e.name, max: formatBytes(max) } });
        if (total > limits.maxTotalBytes) throw new ZipLimit({ code: "quiz.import.zip.totalTooLarge", params: { max: formatBytes(limits.maxTotalBytes) } });
        chunks.push(chunk);
      }
      const data = Buffer.concat(chunks);
      const name = e.name.split(/[\\/]/).pop() ?? e.name;
      files.set(pictureKey(e.name), { name, bytes: data, media: sniffImage(data) !== null || sniffClip(data) !== null });
    }
  } catch (err) {
    if (err instanceof ZipLimit) return refuse(err.problem);
    return refuse({ code: "quiz.import.zip.notZip" });
  }
  return { ok: true, files };
}
