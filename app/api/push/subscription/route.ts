import { z } from "zod";
import { pushSubscriptionInput, removePushSubscription, savePushSubscription } from "@/lib/notifications/push";
import { jsonRoute } from "@/app/_lib/json-route";

/**
 * This browser's Web Push subscription for the signed-in member: `{ subscription }` (what
 * `PushSubscription.toJSON()` gives) keeps it, `{ remove: endpoint }` ends one of their own.
 */
export const POST = jsonRoute({
  gate: "learner",
  params: z.unknown(),
  notFound: "errors.notFound",
  body: z.union([z.object({ subscription: pushSubscriptionInput }), z.object({ remove: z.string().max(1000) })]),
  maxBytes: 4096,
  run: ({ db, user, body, header }) =>
    "subscription" in body ? savePushSubscription(db, user, body.subscription, header("user-agent")) : removePushSubscription(db, user, body.remove),
  respond: () => ({}),
});
