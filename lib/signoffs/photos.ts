import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { members, orgUnits, signoffs } from "@/db/schema";
import { canReadMember, type Principal } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { getStorage } from "@/lib/storage";
import { putImage, readImage, sniffImage } from "@/lib/storage/images";

/**
 * Sign-off photos, kept in the media storage (local folder or S3) like course covers. The
 * content decides the type, never the file name.
 */
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const KEY_RE = /^signoffs\/[0-9a-f-]{36}\.(jpg|png|webp)$/;

type PhotoCheck = { ok: true } | { ok: false; code: "methods.errors.photoTooLarge" | "methods.errors.photoType" };

export function checkPhoto(bytes: Uint8Array): PhotoCheck {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { ok: false, code: "methods.errors.photoTooLarge" };
  if (!sniffImage(bytes)) return { ok: false, code: "methods.errors.photoType" };
  return { ok: true };
}

/** Stores a checked photo and returns its key. */
export async function savePhoto(bytes: Uint8Array): Promise<string> {
  return putImage(getStorage(), "signoffs", bytes);
}

/**
 * A sign-off's photo, for the member, the verifier who took it and whoever may read the
 * member's records. A key that is not one this module makes is "not found" before any query.
 */
export async function readSignoffPhoto(db: Db, viewer: Principal, key: string): Promise<Result<{ bytes: Buffer; mime: string }>> {
  if (!KEY_RE.test(key)) return notFound();
  const [owner] = await db
    .select({ memberId: signoffs.memberId, verifierMemberId: signoffs.verifierMemberId, orgPath: orgUnits.path })
    .from(signoffs)
    .innerJoin(members, eq(members.id, signoffs.memberId))
    .innerJoin(orgUnits, eq(orgUnits.id, members.orgUnitId))
    .where(eq(signoffs.photoKey, key));
  if (!owner) return notFound();
  if (owner.verifierMemberId !== viewer.memberId && !canReadMember(viewer, { id: owner.memberId, orgPath: owner.orgPath })) return forbidden();
  const photo = await readImage(getStorage(), key);
  return photo ? ok(photo) : notFound();
}
