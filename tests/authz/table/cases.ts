import type { ActionEntry, RouteEntry } from "../types";
import { ALL, TRAINER10 } from "./common";

/** 案例复训: trainers publish cases in their scope; a worker acknowledges and answers only a case assigned to them. */

const WORKER = "app/(app)/cases/actions.ts";
const TEACH = "app/(app)/teach/cases/actions.ts";

export const casesActions: ActionEntry[] = [
  {
    key: `${TEACH}#publishCaseAction`,
    probes: [
      {
        who: ALL,
        why: "a case for 采油八队 (outside trainer10's scope; no teaching right for the others)",
        call: (fx) => ({
          form: {
            title: "矩阵新案例",
            body: "经过",
            jobId: String(fx.jobId),
            orgUnitId: String(fx.units.t08),
            equipmentId: "",
            dueDays: "7",
            questionIds: String(fx.practice.questionId),
          },
        }),
      },
      {
        who: TRAINER10,
        why: "own team, but the equipment of a 采油八队 station",
        call: (fx) => ({
          form: {
            title: "矩阵新案例",
            body: "经过",
            jobId: String(fx.jobId),
            orgUnitId: String(fx.units.t10),
            equipmentId: String(fx.equipment.e08.id),
            dueDays: "7",
            questionIds: String(fx.practice.questionId),
          },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({
        form: {
          title: "矩阵新案例",
          body: "经过",
          jobId: String(fx.jobId),
          orgUnitId: String(fx.units.t08),
          equipmentId: "",
          dueDays: "7",
          questionIds: String(fx.practice.questionId),
        },
      }),
    },
  },
  {
    key: `${TEACH}#withdrawCaseAction`,
    probes: [
      {
        who: ALL,
        why: "the area trainer's case for 采油八队 (outside trainer10's scope, not theirs; no teaching right for the others)",
        call: (fx) => ({ form: { caseId: String(fx.cases.open08) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { caseId: String(fx.cases.open08) } }) },
  },
  {
    key: `${WORKER}#acknowledgeCaseAction`,
    probes: [{ who: ALL, why: "a case assigned to worker08 only", call: (fx) => ({ form: { caseId: String(fx.cases.open08) } }) }],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { caseId: String(fx.cases.open08) } }) },
  },
  {
    key: `${WORKER}#answerCaseAction`,
    probes: [
      {
        who: ALL,
        why: "a question of a case assigned to worker08 only",
        call: (fx) => ({ form: { caseId: String(fx.cases.ack08), questionId: String(fx.practice.questionId), type: "truefalse", value: "false" } }),
      },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: (fx) => ({ form: { caseId: String(fx.cases.ack08), questionId: String(fx.practice.questionId), type: "truefalse", value: "false" } }),
    },
  },
];

export const casesRoutes: RouteEntry[] = [
  {
    key: "app/(app)/cases/photo/[...key]/route.ts#GET",
    probes: [{ who: ALL, why: "the photo of a case assigned to worker08 only", call: (fx) => ({ path: `/cases/photo/${fx.cases.photoKey}` }) }],
    control: { as: "worker08", expect: "succeeds", call: (fx) => ({ path: `/cases/photo/${fx.cases.photoKey}` }) },
  },
];
