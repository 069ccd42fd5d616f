import { getDb } from "@/lib/core/db";
import { httpStatus } from "@/lib/core/result";
import { readSignoffPhoto } from "@/lib/signoffs/photos";
import { routeUser } from "@/app/_lib/json-route";

/**
 * A sign-off photo, for the member, the verifier and whoever may read the member's records.
 * Like every page, it is closed to a user who must first change their password.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const user = await routeUser("learner");
  if (!user.ok) return new Response(null, { status: httpStatus(user) });
  const r = await readSignoffPhoto(await getDb(), user.value, (await params).key.join("/"));
  if (!r.ok) return new Response(null, { status: httpStatus(r) });
  return new Response(new Uint8Array(r.value.bytes), {
    headers: { "content-type": r.value.mime, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" },
  });
}
