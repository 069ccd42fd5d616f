import { jsonRoute } from "@/app/_lib/json-route";
import { submitRoute } from "@/app/_lib/take-routes";

/** Submits an attempt with the answers not yet confirmed: app/_lib/take-routes.ts. */
export const POST = jsonRoute(submitRoute);
