import type { ActionEntry } from "../types";
import { ALL, TRAINER10, confirmedImport, csv, me, quarter } from "./common";

/** 以武带训 (contests), 以骨带训 (mentors), 以工代训 (tasks and sign-offs), 结对帮扶, 学分 rules. */

const CONTESTS = "app/(app)/contests/actions.ts";
const MENTORS = "app/(app)/mentors/actions.ts";
const TASKS = "app/(app)/teach/tasks/actions.ts";
const RESULT_HEADER = ["工号", "姓名", "名次", "成绩", "奖项"];

export const methodsActions: ActionEntry[] = [
  {
    key: `${CONTESTS}#createContestAction`,
    probes: [
      {
        who: ALL,
        why: "a plant-level contest: only a whole-organisation trainer records one",
        call: (fx) => ({ form: { title: "矩阵·厂级竞赛", level: "plant", specialty: "oil_production", heldOn: fx.today } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { title: "矩阵·厂级竞赛", level: "plant", specialty: "oil_production", heldOn: fx.today } }),
    },
  },
  {
    key: `${CONTESTS}#setResultAction`,
    probes: [
      {
        who: ALL,
        why: "the area trainer's contest, a member of 采油八队",
        call: (fx) => ({ form: { contestId: String(fx.contests.area), employeeNo: fx.members.m08c.employeeNo, rank: "1", score: "99", award: "一等奖" } }),
      },
      {
        who: TRAINER10,
        why: "own contest, a member of 采油九队",
        call: (fx) => ({ form: { contestId: String(fx.contests.own10), employeeNo: fx.members.m09.employeeNo, rank: "1", score: "99", award: "一等奖" } }),
      },
      {
        who: TRAINER10,
        why: "own contest, a first prize for themselves",
        call: (fx, who) => ({ form: { contestId: String(fx.contests.own10), employeeNo: me(fx, who).employeeNo, rank: "1", score: "99", award: "一等奖" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { contestId: String(fx.contests.area), employeeNo: fx.members.m08c.employeeNo, rank: "1", score: "99", award: "一等奖" } }),
    },
  },
  {
    key: `${CONTESTS}#removeResultAction`,
    probes: [
      {
        who: ALL,
        why: "the area trainer's contest, the prize of a member of 采油八队",
        call: (fx) => ({ form: { contestId: String(fx.contests.area), memberId: String(fx.members.m08b.id) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { contestId: String(fx.contests.area), memberId: String(fx.members.m08b.id) } }) },
  },
  {
    key: `${CONTESTS}#importResultsAction`,
    probes: [
      {
        who: ALL,
        why: "the area trainer's contest, a member of 采油八队",
        call: (fx) => ({
          form: {
            contestId: String(fx.contests.area),
            ...confirmedImport(csv("results.csv", [RESULT_HEADER, [fx.members.m08c.employeeNo, fx.members.m08c.name, 1, 99, "一等奖"]])),
          },
        }),
      },
      {
        who: TRAINER10,
        why: "own contest, a member of 采油九队",
        call: (fx) => ({
          form: {
            contestId: String(fx.contests.own10),
            ...confirmedImport(csv("results.csv", [RESULT_HEADER, [fx.members.m09.employeeNo, fx.members.m09.name, 1, 99, "一等奖"]])),
          },
        }),
      },
      {
        who: TRAINER10,
        why: "own contest, a first prize for themselves",
        call: (fx, who) => ({
          form: {
            contestId: String(fx.contests.own10),
            ...confirmedImport(csv("results.csv", [RESULT_HEADER, [me(fx, who).employeeNo, me(fx, who).name, 1, 99, "一等奖"]])),
          },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({
        form: {
          contestId: String(fx.contests.area),
          ...confirmedImport(csv("results.csv", [RESULT_HEADER, [fx.members.m08c.employeeNo, fx.members.m08c.name, 1, 99, "一等奖"]])),
        },
      }),
    },
  },

  {
    key: `${MENTORS}#createPairAction`,
    probes: [
      {
        who: ALL,
        why: "two members of 采油八队",
        call: (fx) => ({ form: { mentorNo: fx.members.m08b.employeeNo, apprenticeNo: fx.members.m08c.employeeNo, startsOn: fx.today, endsOn: "", note: "" } }),
      },
      {
        who: TRAINER10,
        why: "a mentor in scope, an apprentice of 采油九队",
        call: (fx) => ({ form: { mentorNo: fx.members.m10.employeeNo, apprenticeNo: fx.members.m09b.employeeNo, startsOn: fx.today, endsOn: "", note: "" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { mentorNo: fx.members.m08b.employeeNo, apprenticeNo: fx.members.m08c.employeeNo, startsOn: fx.today, endsOn: "", note: "" } }),
    },
  },
  {
    key: `${MENTORS}#setCapacityAction`,
    probes: [{ who: ALL, why: "the capacity of a member of 采油八队", call: (fx) => ({ form: { employeeNo: fx.members.m08b.employeeNo, capacity: "9" } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { employeeNo: fx.members.m08b.employeeNo, capacity: "9" } }) },
  },
  {
    key: `${MENTORS}#endPairAction`,
    probes: [{ who: ALL, why: "a pair of 采油九队 the caller does not mentor", call: (fx) => ({ form: { id: String(fx.mentorship.id), endsOn: fx.today } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.mentorship.id), endsOn: fx.today } }) },
  },
  {
    key: `${MENTORS}#addGoalAction`,
    probes: [
      {
        who: ALL,
        why: "a pair of 采油九队 the caller does not mentor",
        call: (fx) => ({ form: { mentorshipId: String(fx.mentorship.id), quarter: quarter(fx), goal: "矩阵目标" } }),
      },
    ],
    control: {
      as: "instructor09",
      expect: "changes",
      call: (fx) => ({ form: { mentorshipId: String(fx.mentorship.id), quarter: quarter(fx), goal: "矩阵目标" } }),
    },
  },
  {
    key: `${MENTORS}#toggleGoalAction`,
    probes: [
      {
        who: ALL,
        why: "a goal of a pair of 采油九队 the caller does not mentor",
        call: (fx) => ({ form: { mentorshipId: String(fx.mentorship.id), goalId: String(fx.mentorship.goalId), done: "true" } }),
      },
    ],
    control: {
      as: "instructor09",
      expect: "changes",
      call: (fx) => ({ form: { mentorshipId: String(fx.mentorship.id), goalId: String(fx.mentorship.goalId), done: "true" } }),
    },
  },

  {
    key: `${TASKS}#saveTaskAction`,
    probes: [
      {
        who: ALL,
        why: "the area trainer's task",
        call: (fx) => ({
          form: {
            id: String(fx.tasks.area),
            code: "AUTHZ-TA",
            title: "矩阵任务（改）",
            specialty: "oil_production",
            description: "",
            checklist: "检查\n记录",
            active: "on",
          },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({
        form: {
          id: String(fx.tasks.area),
          code: "AUTHZ-TA",
          title: "矩阵任务（改）",
          specialty: "oil_production",
          description: "",
          checklist: "检查\n记录",
          active: "on",
        },
      }),
    },
  },
  {
    key: `${TASKS}#setVerifiersAction`,
    probes: [
      {
        who: ALL,
        why: "the verifiers of the area trainer's task",
        call: (fx, who) => ({ form: { taskId: String(fx.tasks.area), verifiers: `900003 ${me(fx, who).employeeNo}` } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { taskId: String(fx.tasks.area), verifiers: `900003 ${fx.members.m09.employeeNo}` } }),
    },
  },
  {
    key: `${TASKS}#signOffAction`,
    probes: [
      {
        who: ALL,
        why: "a task the caller does not verify, a member of 采油八队",
        call: (fx) => ({ form: { taskId: String(fx.tasks.area), employeeNo: fx.members.m08c.employeeNo, signedOn: fx.today, note: "", check: ["0", "1"] } }),
      },
      {
        who: TRAINER10,
        why: "own task (named verifier), a member of 采油九队",
        call: (fx) => ({ form: { taskId: String(fx.tasks.own10), employeeNo: fx.members.m09.employeeNo, signedOn: fx.today, note: "", check: ["0", "1"] } }),
      },
      {
        who: TRAINER10,
        why: "own task (named verifier), themselves",
        call: (fx, who) => ({ form: { taskId: String(fx.tasks.own10), employeeNo: me(fx, who).employeeNo, signedOn: fx.today, note: "", check: ["0", "1"] } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { taskId: String(fx.tasks.area), employeeNo: fx.members.m08c.employeeNo, signedOn: fx.today, note: "", check: ["0", "1"] } }),
    },
  },

  {
    key: "app/(app)/manage/pairings/actions.ts#createPairingAction",
    probes: [
      {
        who: ALL,
        why: "stations of 采油八队 and 采油十一队",
        call: (fx) => ({ form: { modelStationId: String(fx.units.s08), weakerStationId: String(fx.units.s11), quarter: quarter(fx), note: "" } }),
      },
    ],
    control: {
      as: "admin",
      expect: "changes",
      call: (fx) => ({ form: { modelStationId: String(fx.units.s08), weakerStationId: String(fx.units.s11), quarter: quarter(fx), note: "" } }),
    },
  },
];
