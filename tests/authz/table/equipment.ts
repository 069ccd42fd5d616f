import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL, TRAINER10 } from "./common";

/** 一机一码: the registry (a trainer over the station), the scan's answers and clip reports (any member of the company). */

const TEACH = "app/(app)/teach/equipment/actions.ts";
const SCAN = "app/(app)/e/[code]/actions.ts";
const MEMBERS = ["trainer10", "manager09", "worker09", "worker11"] as const;
/** Any signed-in member of the company may scan a label: the equipment is the audience of its clip and questions. */
const ANY_MEMBER = "any signed-in member may scan a label of the company (lib/equipment README): the answer or report is their own, on today's scan of theirs";

const equipmentForm = (fx: Fixture, id: number | "", stationId: number) => ({
  id: String(id),
  name: "矩阵输油泵（改）",
  kind: "pump",
  stationId: String(stationId),
  jobIds: [String(fx.jobId)],
  lessonId: String(fx.lessons.t08),
  clipStartS: "",
  clipEndS: "",
  practiceCategoryId: String(fx.practice.categoryId),
});
const clip = () => JSON.stringify({ segments: [[0, 2]], positionS: 2, at: Date.now() });
const answer = (code: string, fx: Fixture) => ({ code, questionId: String(fx.practice.questionId), type: "truefalse", value: "false" });

export const equipmentActions: ActionEntry[] = [
  {
    key: `${TEACH}#saveEquipmentAction`,
    probes: [
      {
        who: ALL,
        why: "changes the area trainer's pump at a 采油八队 station",
        call: (fx) => ({ form: equipmentForm(fx, fx.equipment.e08.id, fx.units.s08) }),
      },
      { who: ALL, why: "registers new equipment at a 采油八队 station", call: (fx) => ({ form: equipmentForm(fx, "", fx.units.s08) }) },
      { who: TRAINER10, why: "moves the 采油八队 pump to their own station", call: (fx) => ({ form: equipmentForm(fx, fx.equipment.e08.id, fx.units.s10) }) },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: equipmentForm(fx, fx.equipment.e08.id, fx.units.s08) }) },
  },
  {
    key: `${TEACH}#retireEquipmentAction`,
    probes: [{ who: ALL, why: "retires the area trainer's pump at a 采油八队 station", call: (fx) => ({ form: { id: String(fx.equipment.e08.id) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.equipment.e08.id) } }) },
  },
  {
    key: `${SCAN}#answerScanAction`,
    probes: [
      { who: ALL, why: "a question of a retired piece of equipment", call: (fx) => ({ form: answer(fx.equipment.retired.code, fx) }) },
      { who: ["anonymous"], why: "a question of the 采油八队 pump, without a session", call: (fx) => ({ form: answer(fx.equipment.e08.code, fx) }) },
      {
        who: MEMBERS,
        why: "a question of the 采油八队 pump",
        expect: "allowed",
        because: ANY_MEMBER,
        writes: ["equipment_visits", "practice_answers", "practice_progress", "wrong_book"],
        call: (fx) => ({ form: answer(fx.equipment.e08.code, fx) }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: answer(fx.equipment.e08.code, fx) }) },
  },
];

export const equipmentRoutes: RouteEntry[] = [
  {
    key: "app/api/equipment/[code]/media-url/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "fresh clip URLs of a retired piece of equipment",
        call: (fx) => ({ path: `/api/equipment/${fx.equipment.retired.code}/media-url`, body: "{}" }),
      },
      {
        who: ["anonymous"],
        why: "fresh clip URLs of the 采油八队 pump, without a session",
        call: (fx) => ({ path: `/api/equipment/${fx.equipment.e08.code}/media-url`, body: "{}" }),
      },
      {
        who: MEMBERS,
        why: "fresh clip URLs of the 采油八队 pump",
        expect: "unchanged",
        because: ANY_MEMBER,
        call: (fx) => ({ path: `/api/equipment/${fx.equipment.e08.code}/media-url`, body: "{}" }),
      },
    ],
    control: { as: "worker08", expect: "succeeds", call: (fx) => ({ path: `/api/equipment/${fx.equipment.e08.code}/media-url`, body: "{}" }) },
  },
  {
    key: "app/api/equipment/[code]/progress/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "the clip of a retired piece of equipment",
        call: (fx) => ({ path: `/api/equipment/${fx.equipment.retired.code}/progress`, body: clip() }),
      },
      {
        who: ["anonymous"],
        why: "the clip of the 采油八队 pump, without a session",
        call: (fx) => ({ path: `/api/equipment/${fx.equipment.e08.code}/progress`, body: clip() }),
      },
      {
        who: MEMBERS,
        why: "the clip of the 采油八队 pump",
        expect: "allowed",
        because: ANY_MEMBER,
        writes: ["equipment_visits"],
        call: (fx) => ({ path: `/api/equipment/${fx.equipment.e08.code}/progress`, body: clip() }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ path: `/api/equipment/${fx.equipment.e08.code}/progress`, body: clip() }) },
  },
];
