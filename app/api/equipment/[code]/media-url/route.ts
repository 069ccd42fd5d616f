import { z } from "zod";
import { isEquipmentCode, renewClipMedia } from "@/lib/equipment";
import { jsonRoute } from "@/app/_lib/json-route";
import { lessonPosterUrl, lessonVideoUrl } from "../../../media/_urls";

/** Fresh signed URLs for the equipment clip player before the ones it holds expire (as a lesson's player renews). */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ code: z.string().refine(isEquipmentCode) }),
  notFound: "equipment.errors.unknownCode",
  body: z.object({}),
  maxBytes: 1024,
  run: ({ db, user, params }) => renewClipMedia(db, user, params.code),
  respond: (m) => ({ src: lessonVideoUrl(m.lessonId, m.video), poster: m.poster ? lessonPosterUrl(m.lessonId, m.poster) : null, validForMs: m.validForMs }),
});
