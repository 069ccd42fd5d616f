import { getDb } from "@/lib/core/db";
import { httpStatus } from "@/lib/core/result";
import { casePhoto } from "@/lib/cases";
import { routeUser } from "@/app/_lib/json-route";

/** A case's photo, for a member it is assigned to and a trainer in scope of its unit; "not found" to anyone else. */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const user = await routeUser("learner");
  if (!user.ok) return new Response(null, { status: httpStatus(user) });
  const r = await casePhoto(await getDb(), user.value, (await params).key.join("/"));
  if (!r.ok) return new Response(null, { status: httpStatus(r) });
  return new Response(new Uint8Array(r.value.bytes), {
    headers: { "content-type": r.value.mime, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" },
  });
}
