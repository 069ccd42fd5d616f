import { currentCode } from "@/lib/core/rotating-code";
import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL, TRAINER10, dayAfter, me } from "./common";

/** 技师课堂: the worker's enrolment and check-in, and running a class (instructor or trainer). */

const LEARN = "app/(app)/classes/actions.ts";
const TEACH = "app/(app)/teach/classes/actions.ts";

const classForm = (fx: Fixture, id: number) => ({
  id: String(id),
  title: "矩阵课堂（改）",
  series: "technician",
  description: "",
  specialty: "oil_production",
  instructorEmployeeNo: fx.members.m09.employeeNo,
  placeOrgUnitId: String(fx.units.t09),
  room: "会议室",
  onlineUrl: "",
  capacity: "12",
});
const sessionForm = (fx: Fixture) => ({
  startsAt: `${dayAfter(fx.today, 5)}T09:00`,
  endsAt: `${dayAfter(fx.today, 5)}T11:00`,
  placeOrgUnitId: "",
  room: "会议室",
  onlineUrl: "",
});

export const classesActions: ActionEntry[] = [
  {
    key: `${LEARN}#enrolAction`,
    probes: [{ who: ALL, why: "a class for 采油八队 only (not the caller's audience)", call: (fx) => ({ form: { classId: String(fx.classes.c08open.id) } }) }],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { classId: String(fx.classes.c08open.id) } }) },
  },
  {
    key: `${LEARN}#cancelAction`,
    probes: [
      {
        who: ALL,
        why: "a class the caller is not enrolled in (only their own enrolment can go)",
        call: (fx) => ({ form: { classId: String(fx.classes.c08.id) } }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { classId: String(fx.classes.c08.id) } }) },
  },
  {
    key: `${LEARN}#checkInAction`,
    probes: [
      {
        who: ALL,
        why: "the right code of a session of a class the caller is not enrolled in",
        call: (fx) => ({ form: { code: currentCode(fx.classes.c08.secret).code, sessionId: String(fx.classes.c08.sessionId) } }),
      },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: (fx) => ({ form: { code: currentCode(fx.classes.c08.secret).code, sessionId: String(fx.classes.c08.sessionId) } }),
    },
  },

  {
    key: `${TEACH}#saveClassAction`,
    probes: [{ who: ALL, why: "a class of 采油九队 someone else made and teaches", call: (fx) => ({ form: classForm(fx, fx.classes.c09.id) }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: classForm(fx, fx.classes.c09.id) }) },
  },
  {
    key: `${TEACH}#classStatusAction`,
    probes: [
      { who: ALL, why: "closing a class someone else made and teaches", call: (fx) => ({ form: { classId: String(fx.classes.c09.id), status: "closed" } }) },
    ],
    control: { as: "instructor09", expect: "changes", call: (fx) => ({ form: { classId: String(fx.classes.c09.id), status: "closed" } }) },
  },
  {
    key: `${TEACH}#addSessionAction`,
    probes: [
      { who: ALL, why: "a session in a class someone else teaches", call: (fx) => ({ form: { classId: String(fx.classes.c09.id), ...sessionForm(fx) } }) },
    ],
    control: { as: "instructor09", expect: "changes", call: (fx) => ({ form: { classId: String(fx.classes.c09.id), ...sessionForm(fx) } }) },
  },
  {
    key: `${TEACH}#updateSessionAction`,
    probes: [
      {
        who: ALL,
        why: "moving a session of a class someone else teaches",
        call: (fx) => ({ form: { classId: String(fx.classes.c09.id), sessionId: String(fx.classes.c09.sessionId), ...sessionForm(fx) } }),
      },
    ],
    control: {
      as: "instructor09",
      expect: "changes",
      call: (fx) => ({ form: { classId: String(fx.classes.c09.id), sessionId: String(fx.classes.c09.sessionId), ...sessionForm(fx) } }),
    },
  },
  {
    key: `${TEACH}#removeSessionAction`,
    probes: [
      {
        who: ALL,
        why: "removing a session of a class someone else teaches",
        call: (fx) => ({ form: { classId: String(fx.classes.c09.id), sessionId: String(fx.classes.c09.sessionId) } }),
      },
    ],
    control: {
      as: "instructor09",
      expect: "changes",
      call: (fx) => ({ form: { classId: String(fx.classes.c09.id), sessionId: String(fx.classes.c09.sessionId) } }),
    },
  },
  {
    key: `${TEACH}#audienceAction`,
    probes: [
      {
        who: ALL,
        why: "the audience of a class someone else teaches",
        call: (fx, who) => ({ form: { classId: String(fx.classes.c09.id), unit: [String(who === "trainer10" ? fx.units.t10 : fx.units.t11)] } }),
      },
    ],
    control: { as: "instructor09", expect: "changes", call: (fx) => ({ form: { classId: String(fx.classes.c09.id), unit: [String(fx.units.t11)] } }) },
  },
  {
    key: `${TEACH}#enrolOtherAction`,
    probes: [
      {
        who: ALL,
        why: "a class someone else teaches, a member of 采油八队",
        call: (fx) => ({ form: { classId: String(fx.classes.c08open.id), employeeNo: fx.members.m08c.employeeNo } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { classId: String(fx.classes.c08open.id), employeeNo: fx.members.m08c.employeeNo } }),
    },
  },
  {
    key: `${TEACH}#cancelOtherAction`,
    probes: [
      {
        who: ALL,
        why: "a class someone else teaches, the place of a member of 采油八队",
        call: (fx) => ({ form: { classId: String(fx.classes.c08.id), memberId: String(fx.members.m08b.id) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { classId: String(fx.classes.c08.id), memberId: String(fx.members.m08b.id) } }) },
  },
  {
    key: `${TEACH}#attendanceAction`,
    probes: [
      {
        who: ALL,
        why: "a class someone else teaches, a member of 采油八队 marked present",
        call: (fx) => ({
          form: { classId: String(fx.classes.c08.id), sessionId: String(fx.classes.c08.sessionId), memberId: String(fx.members.m08b.id), present: "1" },
        }),
      },
      {
        who: ALL,
        why: "themselves marked present, in a class someone else teaches",
        call: (fx, who) => ({
          form: { classId: String(fx.classes.c08.id), sessionId: String(fx.classes.c08.sessionId), memberId: String(me(fx, who).memberId), present: "1" },
        }),
      },
      {
        who: TRAINER10,
        why: "own class, themselves marked present",
        call: (fx, who) => ({
          form: { classId: String(fx.classes.own10.id), sessionId: String(fx.classes.own10.sessionId), memberId: String(me(fx, who).memberId), present: "1" },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({
        form: { classId: String(fx.classes.c08.id), sessionId: String(fx.classes.c08.sessionId), memberId: String(fx.members.m08b.id), present: "1" },
      }),
    },
  },
  {
    key: `${TEACH}#checkinAction`,
    probes: [
      {
        who: ALL,
        why: "closing check-in of a class someone else teaches",
        call: (fx) => ({ form: { classId: String(fx.classes.c08.id), sessionId: String(fx.classes.c08.sessionId), open: "0" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { classId: String(fx.classes.c08.id), sessionId: String(fx.classes.c08.sessionId), open: "0" } }),
    },
  },
];

export const classesRoutes: RouteEntry[] = [
  {
    key: "app/(app)/teach/classes/[id]/sessions/[sid]/code/route.ts#GET",
    probes: [
      {
        who: ALL,
        why: "the check-in code of a class someone else teaches",
        call: (fx) => ({ path: `/teach/classes/${fx.classes.c08.id}/sessions/${fx.classes.c08.sessionId}/code` }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "succeeds",
      call: (fx) => ({ path: `/teach/classes/${fx.classes.c08.id}/sessions/${fx.classes.c08.sessionId}/code` }),
    },
  },
];
