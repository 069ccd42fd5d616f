import { getDb } from "@/lib/core/db";
import { fail } from "@/lib/core/result";
import { CLIP_MAX_BYTES, uploadQuestionMedia } from "@/lib/quiz/clips";
import { mediaToken } from "@/lib/quiz/media-refs";
import { failureResponse, readBody, routeUser } from "@/app/_lib/json-route";

/**
 * Uploads a picture or a short audio/video clip for a question (the editor: file input, camera,
 * recorder, paste, drop). The body is the file, read with a cap; `?name=` its name. Answers the
 * token to put in the text.
 */
export async function POST(req: Request) {
  const user = await routeUser("teach.manage");
  if (!user.ok) return failureResponse(user);
  const body = await readBody(req, CLIP_MAX_BYTES);
  if (!body.ok) return failureResponse(body.kind === "tooLarge" ? fail("quiz.media.clipTooLarge", { mb: CLIP_MAX_BYTES / 1024 / 1024 }, "tooLarge") : body);
  const name = (new URL(req.url).searchParams.get("name") ?? "image").slice(0, 200);
  const r = await uploadQuestionMedia(await getDb(), user.value, body.value, name);
  if (!r.ok) return failureResponse(r);
  const { id, width, height, kind } = r.value;
  return Response.json({ ok: true, id, width, height, kind, token: mediaToken(r.value) }, { headers: { "Cache-Control": "no-store" } });
}
