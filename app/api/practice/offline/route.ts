import { z } from "zod";
import { offlinePack } from "@/lib/practice/offline";
import { idParam, jsonRoute } from "@/app/_lib/json-route";

/** 离线练习: one category's practice questions open to the worker, with keys, to keep on the phone. */
export const POST = jsonRoute({
  gate: "learner",
  params: z.unknown(),
  notFound: "practice.errors.offlineNothing",
  body: z.object({ categoryId: idParam }),
  maxBytes: 1024,
  run: ({ db, user, body }) => offlinePack(db, user, body.categoryId),
  respond: (pack) => ({ pack }),
});
