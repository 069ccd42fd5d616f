import { jsonRoute } from "@/app/_lib/json-route";
import { saveRoute } from "@/app/_lib/take-routes";

/** Saves answers of one attempt: app/_lib/take-routes.ts. */
export const POST = jsonRoute(saveRoute);
