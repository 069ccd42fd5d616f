import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A small local store for sign-off photos under UPLOAD_DIR (default ./data/uploads). Keys are
 * random and carry the type; the content decides the type, never the file name.
 */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const TYPES = [
  { ext: "jpg", mime: "image/jpeg", sig: [0xff, 0xd8, 0xff] },
  { ext: "png", mime: "image/png", sig: [0x89, 0x50, 0x4e, 0x47] },
  { ext: "webp", mime: "image/webp", sig: [0x52, 0x49, 0x46, 0x46] },
] as const;

const KEY_RE = /^signoffs\/[0-9a-f]{32}\.(jpg|png|webp)$/;

function root(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.UPLOAD_DIR ?? "./data/uploads");
}

export function photoType(bytes: Uint8Array): (typeof TYPES)[number] | null {
  const t = TYPES.find((t) => t.sig.every((b, i) => bytes[i] === b));
  if (!t) return null;
  if (t.ext === "webp" && String.fromCharCode(...bytes.slice(8, 12)) !== "WEBP") return null;
  return t;
}

export type PhotoCheck = { ok: true } | { ok: false; code: "methods.errors.photoTooLarge" | "methods.errors.photoType" };

export function checkPhoto(bytes: Uint8Array): PhotoCheck {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { ok: false, code: "methods.errors.photoTooLarge" };
  if (!photoType(bytes)) return { ok: false, code: "methods.errors.photoType" };
  return { ok: true };
}

/** Stores a checked photo and returns its key. */
export async function savePhoto(bytes: Uint8Array): Promise<string> {
  const t = photoType(bytes);
  if (!t) throw new Error("not a photo");
  const key = `signoffs/${randomBytes(16).toString("hex")}.${t.ext}`;
  const file = path.join(root(), key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return key;
}

export async function readPhoto(key: string): Promise<{ bytes: Buffer; mime: string } | null> {
  if (!KEY_RE.test(key)) return null;
  try {
    const bytes = await readFile(path.join(root(), key));
    const t = photoType(bytes);
    return t ? { bytes, mime: t.mime } : null;
  } catch {
    return null;
  }
}
