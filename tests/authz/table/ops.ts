import type { RouteEntry } from "../types";
import { ALL } from "./common";

/** The operator's probes: liveness and readiness, open to anyone and about no one. */

const NOTHING_SENSITIVE = "a status and migration counts: nothing about any member, account or setting, and it writes nothing";

export const opsRoutes: RouteEntry[] = [
  {
    key: "app/api/health/route.ts#GET",
    probes: [{ who: ALL, why: "liveness, asked by anyone", expect: "unchanged", because: NOTHING_SENSITIVE, call: () => ({ path: "/api/health" }) }],
    control: { as: "admin", expect: "succeeds", call: () => ({ path: "/api/health" }) },
  },
  {
    key: "app/api/ready/route.ts#GET",
    probes: [{ who: ALL, why: "readiness, asked by anyone", expect: "unchanged", because: NOTHING_SENSITIVE, call: () => ({ path: "/api/ready" }) }],
    control: { as: "admin", expect: "succeeds", call: () => ({ path: "/api/ready" }) },
  },
];
