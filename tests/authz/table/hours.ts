import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL, TRAINER10, confirmedImport, csv } from "./common";

/** 学时: external training entered for a member, the 学时 settings of content, the shortfall export. */

const HOURS = "app/(app)/manage/hours/actions.ts";
const IMPORT = "app/(app)/manage/hours/import/actions.ts";
const NO_GRANT = ["worker09", "worker11", "anonymous"] as const;
const GRANTED = ["trainer10", "manager09"] as const;

/** An import file with one row: external hours for m08b (采油八队). */
const importFile = (fx: Fixture) =>
  csv("hours.csv", [
    ["工号", "姓名", "培训日期", "学时", "类别", "培训内容"],
    [fx.members.m08b.employeeNo, "", fx.today, 2, "安全", "矩阵导入"],
  ]);
const minimumsForm = { newWorkerInitial: "80", workerAnnual: "24", managerInitial: "48", managerAnnual: "16", "counted[]": ["safety", "skills"] };
const inductionDefaultsForm = { hours1: "32", hours2: "24", hours3: "16", content1: "矩阵厂级内容", content2: "", content3: "" };
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
  {
    key: `${IMPORT}#importHoursAction`,
    probes: [
      {
        who: NO_GRANT,
        why: "a preview of hours for a member of 采油八队, without teach.manage or roster.read",
        call: (fx) => ({ form: { file: importFile(fx) } }),
      },
      {
        who: GRANTED,
        why: "a preview of hours for a member of 采油八队",
        call: (fx) => ({ form: { file: importFile(fx) } }),
        expect: "unchanged",
        because: "a preview writes nothing; the row outside the caller's units is shown refused (outOfScope)",
      },
      {
        who: ALL,
        why: "importing external hours for a member of 采油八队, confirmed from the preview (the row outside the caller's units is refused and skipped, leaving nothing to write)",
        call: (fx) => ({ form: confirmedImport(importFile(fx)) }),
      },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: confirmedImport(importFile(fx)) }) },
  },
  {
    key: "app/(app)/system/hours/actions.ts#saveMinimumsAction",
    probes: [{ who: ALL, why: "the 学时 minimums of the whole site", call: () => ({ form: minimumsForm }) }],
    control: { as: "admin", expect: "changes", call: () => ({ form: minimumsForm }) },
  },
  {
    key: "app/(app)/system/induction/actions.ts#saveInductionDefaultsAction",
    probes: [{ who: ALL, why: "the default hours and content of the site's induction levels", call: () => ({ form: inductionDefaultsForm }) }],
    control: { as: "admin", expect: "changes", call: () => ({ form: inductionDefaultsForm }) },
  },
];

export const hoursRoutes: RouteEntry[] = [
  {
    key: "app/(app)/manage/hours/import/template/route.ts#GET",
    probes: [
      { who: NO_GRANT, why: "the 学时 import template without teach.manage or roster.read", call: () => ({ path: "/manage/hours/import/template" }) },
      {
        who: GRANTED,
        why: "the 学时 import template",
        call: () => ({ path: "/manage/hours/import/template" }),
        expect: "unchanged",
        because: "a blank template, theirs to download",
      },
    ],
    control: { as: "admin", expect: "succeeds", call: () => ({ path: "/manage/hours/import/template" }) },
  },
  {
    key: "app/(app)/manage/hours/export/route.ts#GET",
    probes: [{ who: ALL, why: "the 学时 shortfalls of 采油八队", call: (fx) => ({ path: `/manage/hours/export?unit=${fx.units.t08}` }) }],
    control: { as: "admin", expect: "succeeds", call: (fx) => ({ path: `/manage/hours/export?unit=${fx.units.t08}` }) },
  },
];
