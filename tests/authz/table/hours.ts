import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL, TRAINER10 } from "./common";

/** 学时: external training entered for a member, the 学时 settings of content, the shortfall export. */

const HOURS = "app/(app)/manage/hours/actions.ts";

const external = (fx: Fixture, memberId: number) => ({
  memberId: String(memberId),
  day: fx.today,
  hours: "2",
  category: "safety",
  title: "矩阵外部培训",
  provider: "",
  certificateRef: "",
});

export const hoursActions: ActionEntry[] = [
  {
    key: `${HOURS}#addExternalHoursAction`,
    probes: [{ who: ALL, why: "external hours for a member of 采油八队", call: (fx) => ({ form: external(fx, fx.members.m08b.id) }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: external(fx, fx.members.m08b.id) }) },
  },
  {
    key: `${HOURS}#setContentHoursAction`,
    probes: [
      {
        who: ALL,
        why: "the 学时 of the area trainer's course",
        call: (fx) => ({ form: { kind: "course", id: String(fx.courses.area), category: "safety", hours: "8" } }),
      },
      {
        who: TRAINER10,
        why: "the 学时 of the area trainer's quiz",
        call: (fx) => ({ form: { kind: "quiz", id: String(fx.quizzes.area), category: "safety", hours: "2" } }),
      },
      {
        who: TRAINER10,
        why: "the 学时 of the area trainer's task",
        call: (fx) => ({ form: { kind: "task", id: String(fx.tasks.area), category: "safety", hours: "2" } }),
      },
      {
        who: TRAINER10,
        why: "the 学时 category of the area trainer's lesson",
        call: (fx) => ({ form: { kind: "lesson", id: String(fx.lessons.area), category: "safety", hours: "0" } }),
      },
      {
        who: TRAINER10,
        why: "the 学时 category of the area trainer's class",
        call: (fx) => ({ form: { kind: "class", id: String(fx.classes.c08.id), category: "safety", hours: "0" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { kind: "course", id: String(fx.courses.area), category: "safety", hours: "8" } }),
    },
  },
];

export const hoursRoutes: RouteEntry[] = [
  {
    key: "app/(app)/manage/hours/export/route.ts#GET",
    probes: [{ who: ALL, why: "the 学时 shortfalls of 采油八队", call: (fx) => ({ path: `/manage/hours/export?unit=${fx.units.t08}` }) }],
    control: { as: "admin", expect: "succeeds", call: (fx) => ({ path: `/manage/hours/export?unit=${fx.units.t08}` }) },
  },
];
