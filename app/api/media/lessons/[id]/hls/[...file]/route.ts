import { hlsToken, lessonLadderFor, viewerOf } from "@/lib/video";
import { failureResponse, idParam } from "@/app/_lib/json-route";
import { notFound } from "@/lib/core/result";
import { serveHls } from "../../../../_serve";

/**
 * A lesson's adaptive video: its master playlist, a rung's playlist or a segment; only for
 * someone who may watch the lesson (a token signed for them by the player page, or else the
 * session and the lesson's audience checked now).
 */
async function handle(req: Request, ctx: { params: Promise<{ id: string; file: string[] }> }) {
  const p = await ctx.params;
  const id = idParam.safeParse(p.id);
  if (!id.success || !Array.isArray(p.file)) return failureResponse(notFound("video.errors.lessonNotFound"));
  return serveHls(req, id.data, p.file.join("/"), async (db, user) => {
    const ladder = await lessonLadderFor(db, viewerOf(user), id.data);
    return ladder && { prefix: ladder.prefix, token: hlsToken(user, id.data, ladder.prefix).token };
  });
}

export const GET = handle;
export const HEAD = handle;
