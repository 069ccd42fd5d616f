import type { ActionEntry, RouteEntry } from "../types";
import { ALL } from "./common";

/**
 * Certificates JobReady issues (lib/issued): the PDF download and revocation; and 一人一档
 * (lib/person-file), one member's file as a PDF. /verify/<number> is a page (no action or route).
 */

const ACTIONS = "app/(app)/certificates/actions.ts";
const WORKER09 = ["worker09"] as const;

export const issuedActions: ActionEntry[] = [
  {
    key: `${ACTIONS}#revokeIssuedAction`,
    probes: [
      {
        who: ALL,
        why: "the certificate of a member of 采油八队 (the area contest's prize)",
        call: (fx) => ({ form: { id: String(fx.issued.m08b), memberId: String(fx.members.m08b.id), reason: "矩阵" } }),
      },
      {
        who: WORKER09,
        why: "their own certificate",
        call: (fx) => ({ form: { id: String(fx.issued.own09), memberId: String(fx.accounts.worker09.memberId), reason: "矩阵" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { id: String(fx.issued.m08b), memberId: String(fx.members.m08b.id), reason: "矩阵" } }),
    },
  },
];

export const issuedRoutes: RouteEntry[] = [
  {
    key: "app/(app)/certificates/[id]/pdf/route.ts#GET",
    probes: [{ who: ALL, why: "the PDF of a 采油八队 member's certificate", call: (fx) => ({ path: `/certificates/${fx.issued.m08b}/pdf` }) }],
    control: { as: "admin", expect: "succeeds", call: (fx) => ({ path: `/certificates/${fx.issued.m08b}/pdf` }) },
  },
  {
    key: "app/(app)/members/[id]/file/route.ts#GET",
    probes: [{ who: ALL, why: "the training file of a member of 采油八队", call: (fx) => ({ path: `/members/${fx.members.m08b.id}/file` }) }],
    control: { as: "admin", expect: "succeeds", call: (fx) => ({ path: `/members/${fx.members.m08b.id}/file` }) },
  },
];
