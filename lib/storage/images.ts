import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { uploadTmpDir, type MediaStorage } from "./index";

/** The small images the app keeps (course covers, sign-off photos): JPEG, PNG or WebP by content. */
export const IMAGE_MIME = { jpg: "image/jpeg", png: "image/png", webp: "image/webp" } as const;
type ImageExt = keyof typeof IMAGE_MIME;

/** The image type from its first bytes, never from a file name; null for anything else. */
export function sniffImage(b: Uint8Array): ImageExt | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpg";
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "png";
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === "RIFF" && String.fromCharCode(...b.subarray(8, 12)) === "WEBP") return "webp";
  return null;
}

/** The type a stored image key carries in its extension. */
export function imageMimeOfKey(key: string): string {
  return IMAGE_MIME[key.slice(key.lastIndexOf(".") + 1) as ImageExt] ?? "application/octet-stream";
}

/** Puts a checked image into storage under `${prefix}/<random>.<ext>` and returns the key. */
export async function putImage(storage: MediaStorage, prefix: string, bytes: Uint8Array): Promise<string> {
  const ext = sniffImage(bytes);
  if (!ext) throw new Error("not an image");
  await mkdir(uploadTmpDir(), { recursive: true });
  const tmp = path.join(uploadTmpDir(), `image-${randomUUID()}.${ext}`);
  await writeFile(tmp, bytes);
  const key = `${prefix}/${randomUUID()}.${ext}`;
  await storage.putFile(key, tmp, IMAGE_MIME[ext]);
  return key;
}

/** A stored image's bytes (small objects only). */
export async function readImage(storage: MediaStorage, key: string): Promise<{ bytes: Buffer; mime: string } | null> {
  if ((await storage.stat(key)) === null) return null;
  const chunks: Buffer[] = [];
  for await (const c of await storage.read(key)) chunks.push(Buffer.from(c as Uint8Array));
  const bytes = Buffer.concat(chunks);
  return sniffImage(bytes) ? { bytes, mime: imageMimeOfKey(key) } : null;
}
