import { z } from "zod";
import { lessonDownload } from "@/lib/video";
import { idParam, jsonRoute } from "@/app/_lib/json-route";
import { lessonHlsUrl } from "../../../media/_urls";

/**
 * 下载离线观看: what the device fetches to keep a lesson (its lowest rung's playlist, signed for this
 * user and session like any playback), its size and when the copy expires; only while the user may
 * watch the lesson.
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ id: idParam }),
  notFound: "video.errors.lessonNotFound",
  body: z.object({}),
  maxBytes: 1024,
  run: ({ db, user, params }) => lessonDownload(db, user, params.id),
  respond: (d) => ({
    lessonId: d.lessonId,
    title: d.title,
    rung: d.rung,
    bytes: d.bytes,
    expiresAt: d.expiresAt,
    playlist: lessonHlsUrl(d.lessonId, `${d.rung}/index.m3u8`, d.token),
  }),
});
