import { getStorage } from "@/lib/storage";
import { putImage, readImage, sniffImage } from "@/lib/storage/images";

/**
 * Sign-off photos, kept in the media storage (local folder or S3) like course covers. The
 * content decides the type, never the file name.
 */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const KEY_RE = /^signoffs\/[0-9a-f-]{36}\.(jpg|png|webp)$/;

export type PhotoCheck = { ok: true } | { ok: false; code: "methods.errors.photoTooLarge" | "methods.errors.photoType" };

export function checkPhoto(bytes: Uint8Array): PhotoCheck {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { ok: false, code: "methods.errors.photoTooLarge" };
  if (!sniffImage(bytes)) return { ok: false, code: "methods.errors.photoType" };
  return { ok: true };
}

/** Stores a checked photo and returns its key. */
export async function savePhoto(bytes: Uint8Array): Promise<string> {
  return putImage(getStorage(), "signoffs", bytes);
}

export async function readPhoto(key: string): Promise<{ bytes: Buffer; mime: string } | null> {
  if (!KEY_RE.test(key)) return null;
  return readImage(getStorage(), key);
}
