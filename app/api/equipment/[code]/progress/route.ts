import { z } from "zod";
import { clipReport, isEquipmentCode, reportClip } from "@/lib/equipment";
import { jsonRoute } from "@/app/_lib/json-route";

/**
 * The equipment clip player's report of what it played (every ~15 s, and by sendBeacon on pause
 * or when the page goes away): merged into today's scan as lesson progress is, for micro-学时.
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.object({ code: z.string().refine(isEquipmentCode) }),
  notFound: "equipment.errors.unknownCode",
  body: clipReport,
  maxBytes: 64 * 1024,
  run: ({ db, user, params, body }) => reportClip(db, user, params.code, body),
  respond: (v) => ({ watchedS: v.watchedS, durationS: v.clipS, completed: false, segments: v.segments }),
});
