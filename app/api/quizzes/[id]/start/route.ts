import { jsonRoute } from "@/app/_lib/json-route";
import { startRoute } from "@/app/_lib/take-routes";

/** Starts (or resumes) the signed-in worker's attempt: app/_lib/take-routes.ts. */
export const POST = jsonRoute(startRoute);
