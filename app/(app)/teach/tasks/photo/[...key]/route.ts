import { getDb } from "@/db";
import { canReadMember } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { signoffByPhoto } from "@/lib/signoffs";
import { readPhoto } from "@/lib/signoffs/photos";

/** A sign-off photo, for the member, the verifier and whoever may read the member's records. */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const user = await getCurrentUser();
  if (!user) return new Response(null, { status: 401 });
  const key = (await params).key.join("/");
  const db = await getDb();
  const owner = await signoffByPhoto(db, key);
  if (!owner) return new Response(null, { status: 404 });
  if (owner.verifierMemberId !== user.memberId && !canReadMember(user, { id: owner.memberId, orgPath: owner.orgPath })) return new Response(null, { status: 403 });
  const photo = await readPhoto(key);
  if (!photo) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(photo.bytes), { headers: { "content-type": photo.mime, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" } });
}
