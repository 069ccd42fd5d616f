import type { RouteEntry } from "../types";
import { ALL } from "./common";

/** The operator's probes: liveness and readiness, open to anyone and about no one; the offline app's service worker. */

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
  {
    key: "app/serwist/[path]/route.ts#GET",
    probes: [
      {
        who: ALL,
        why: "the service worker script, fetched by every browser before anyone signs in",
        expect: "unchanged",
        because: "a script made at build time (the app's static file list): nothing about any member, and it writes nothing",
        call: () => ({ path: "/serwist/sw.js" }),
      },
    ],
    control: { as: "admin", expect: "succeeds", call: () => ({ path: "/serwist/sw.js" }) },
  },
];
