import type { ActionEntry, RouteEntry } from "../types";
import { ALL } from "./common";

/**
 * Certificates JobReady issues (lib/issued): the PDF download and revocation; and 一人一档
 * (lib/person-file), one member's file as a PDF, and a unit's files as one zip. /verify/<number> is a page (no action or route).
 */

const ACTIONS = "app/(app)/certificates/actions.ts";
const WORKER09 = ["worker09"] as const;

export const issuedActions: ActionEntry[] = [
  {
    key: "app/(app)/members/exports/actions.ts#requestUnitFilesAction",
    probes: [{ who: ALL, why: "the files of 采油八队 (nobody of them reads its members)", call: (fx) => ({ form: { unitId: String(fx.units.t08) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { unitId: String(fx.units.t08) } }) },
  },
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
    key: "app/(app)/members/exports/[id]/zip/route.ts#GET",
    probes: [{ who: ALL, why: "the area trainer's zip of 采油八队's files", call: (fx) => ({ path: `/members/exports/${fx.unitExport}/zip` }) }],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ path: `/members/exports/${fx.unitExport}/zip` }) },
  },
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
  {
    key: "app/(app)/members/[id]/file/xlsx/route.ts#GET",
    probes: [{ who: ALL, why: "the training file (.xlsx) of a member of 采油八队", call: (fx) => ({ path: `/members/${fx.members.m08b.id}/file/xlsx` }) }],
    control: { as: "admin", expect: "succeeds", call: (fx) => ({ path: `/members/${fx.members.m08b.id}/file/xlsx` }) },
  },
];
