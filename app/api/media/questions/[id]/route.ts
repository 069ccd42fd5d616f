import { getDb } from "@/lib/core/db";
import { questionPictureFor } from "@/lib/practice/media";
import { failureResponse, routeUser } from "@/app/_lib/json-route";
import { sendObject } from "../../_serve";

/**
 * A picture of a question (`?size=thumb` for the small one), for a trainer or a worker who has
 * the question before them (lib/quiz/media.ts decides). Objects never change under an id, so the
 * browser keeps them privately for an hour.
 */
async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const user = await routeUser("learner");
  if (!user.ok) return failureResponse(user);
  const size = new URL(req.url).searchParams.get("size") === "thumb" ? "thumb" : "full";
  const object = await questionPictureFor(await getDb(), user.value, id, size);
  if (!object.ok) return failureResponse(object);
  return sendObject(req, object.value.key, object.value.mime);
}

export const GET = handle;
export const HEAD = handle;
