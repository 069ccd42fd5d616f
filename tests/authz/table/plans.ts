import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL } from "./common";

/** 年度培训计划: plans and their lines (a manager or admin over the plan's unit), the plan's export (also a trainer over it). */

const FILE = "app/(app)/manage/plans/actions.ts";
const line = (fx: Fixture, extra: Record<string, string> = {}) => ({
  planId: String(fx.plan.t08),
  topic: "矩阵新增条目",
  category: "safety",
  month: "7",
  plannedHours: "4",
  budget: "500",
  item: `course:${fx.courses.t08}`,
  notes: "",
  ...extra,
});

export const plansActions: ActionEntry[] = [
  {
    key: `${FILE}#createPlanAction`,
    probes: [{ who: ALL, why: "next year's plan of 采油八队", call: (fx) => ({ form: { orgUnitId: String(fx.units.t08), year: String(fx.plan.year + 1) } }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { orgUnitId: String(fx.units.t08), year: String(fx.plan.year + 1) } }) },
  },
  {
    key: `${FILE}#saveLineAction`,
    probes: [
      { who: ALL, why: "a new line in 采油八队's plan", call: (fx) => ({ form: line(fx) }) },
      { who: ALL, why: "changing the line of 采油八队's plan", call: (fx) => ({ form: line(fx, { lineId: String(fx.plan.line) }) }) },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: line(fx) }) },
  },
  {
    key: `${FILE}#removeLineAction`,
    probes: [
      { who: ALL, why: "removing the line of 采油八队's plan", call: (fx) => ({ form: { planId: String(fx.plan.t08), lineId: String(fx.plan.line) } }) },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { planId: String(fx.plan.t08), lineId: String(fx.plan.line) } }) },
  },
];

export const plansRoutes: RouteEntry[] = [
  {
    key: "app/(app)/manage/plans/[id]/export/route.ts#GET",
    probes: [{ who: ALL, why: "the training plan of 采油八队", call: (fx) => ({ path: `/manage/plans/${fx.plan.t08}/export` }) }],
    control: { as: "admin", expect: "succeeds", call: (fx) => ({ path: `/manage/plans/${fx.plan.t08}/export` }) },
  },
];
