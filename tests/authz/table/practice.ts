import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL, TRAINER10 } from "./common";

/** 练习 and 错题本: the worker's practice and book, the trainer's openings. */

const WORKER = "app/(app)/practice/actions.ts";
const TEACH = "app/(app)/teach/practice/actions.ts";

export const practiceActions: ActionEntry[] = [
  {
    key: `${WORKER}#answerPracticeAction`,
    probes: [
      {
        who: ALL,
        why: "a question open for practice to 采油八队 only",
        call: (fx) => ({ form: { questionId: String(fx.practice.questionId), mode: "order", type: "truefalse", value: "false" } }),
      },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: (fx) => ({ form: { questionId: String(fx.practice.questionId), mode: "order", type: "truefalse", value: "false" } }),
    },
  },
  {
    key: `${WORKER}#startDailyAction`,
    probes: [
      { who: ["anonymous"], why: "drawing a daily set without a session", call: () => ({ form: {} }) },
      {
        who: ["trainer10", "manager09", "worker09", "worker11"],
        why: "starting today's daily set",
        expect: "allowed",
        because: "it takes no member: it draws the caller's own set for today (the demo opens a category to the whole area), nobody else's",
        writes: ["practice_daily_sets"],
        call: () => ({ form: {} }),
      },
    ],
    control: { as: "worker08", expect: "succeeds", call: () => ({ form: {} }) },
  },
  {
    key: `${WORKER}#answerDailyAction`,
    probes: [
      {
        who: ["anonymous"],
        why: "a question of worker08's daily set for today, without a session",
        call: (fx) => ({ form: { questionId: String(fx.practice.questionId), day: fx.practice.day, type: "truefalse", value: "false" } }),
      },
      {
        who: ["trainer10", "manager09", "worker09", "worker11"],
        why: "a question of worker08's daily set for today (open to 采油八队 only)",
        call: (fx) => ({ form: { questionId: String(fx.practice.questionId), day: fx.practice.day, type: "truefalse", value: "false" } }),
      },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: (fx) => ({ form: { questionId: String(fx.practice.questionId), day: fx.practice.day, type: "truefalse", value: "false" } }),
    },
  },
  {
    key: `${WORKER}#startMockAction`,
    probes: [
      {
        who: ALL,
        why: "the area trainer's mock exam over a category open to 采油八队 only",
        call: (fx) => ({ form: { mockExamId: String(fx.practice.mockExamId) } }),
      },
      {
        who: ALL,
        why: "a mock exam of one's own over that category",
        call: (fx) => ({ form: { categoryId: String(fx.practice.categoryId), questions: "2", minutes: "5" } }),
      },
      {
        who: ALL,
        why: "a mock exam of the 采油八队 quiz (允许模拟考试), whose audience is 采油八队 only",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }),
      },
      {
        who: ALL,
        why: "a mock exam of the area quiz, which does not allow them",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.area) } }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { mockExamId: String(fx.practice.mockExamId) } }) },
  },
  {
    key: `${WORKER}#submitMockAction`,
    probes: [
      {
        who: ALL,
        why: "worker08's mock exam in progress",
        call: (fx) => ({
          form: {
            attemptId: String(fx.practice.mockAttemptId),
            [`q${fx.practice.questionId}.type`]: "truefalse",
            [`q${fx.practice.questionId}.value`]: "false",
          },
        }),
      },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: (fx) => ({
        form: { attemptId: String(fx.practice.mockAttemptId), [`q${fx.practice.questionId}.type`]: "truefalse", [`q${fx.practice.questionId}.value`]: "false" },
      }),
    },
  },
  {
    key: `${WORKER}#addToBookAction`,
    probes: [{ who: ALL, why: "a question open for practice to 采油八队 only", call: (fx) => ({ form: { questionId: String(fx.practice.questionId) } }) }],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { questionId: String(fx.practice.questionId) } }) },
  },
  {
    key: `${WORKER}#removeFromBookAction`,
    probes: [
      { who: ALL, why: "a question in worker08's book, not the caller's", call: (fx) => ({ form: { questionId: String(fx.practice.bookedQuestionId) } }) },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { questionId: String(fx.practice.bookedQuestionId) } }) },
  },
  {
    key: `${TEACH}#openPracticeAction`,
    probes: [
      {
        who: ALL,
        why: "the area trainer's opening, for 采油八队 (outside trainer10's scope)",
        call: (fx) => ({ form: { categoryId: String(fx.practice.categoryId), orgUnitIds: [String(fx.units.t08)] } }),
      },
      {
        who: TRAINER10,
        why: "the area trainer's opening, changed to trainer10's own team",
        call: (fx) => ({ form: { categoryId: String(fx.practice.categoryId), orgUnitIds: [String(fx.units.t10)] } }),
      },
      {
        who: TRAINER10,
        why: "a job's requirements opened for 采油八队 (outside trainer10's scope)",
        call: (fx) => ({ form: { kind: "job", jobId: String(fx.jobId), orgUnitIds: [String(fx.units.t08)] } }),
      },
      {
        who: TRAINER10,
        why: "a new opening by job (jobs reach members anywhere)",
        call: (fx) => ({ form: { categoryId: String(fx.questions.categoryId), jobIds: [String(fx.jobId)] } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { categoryId: String(fx.questions.categoryId), orgUnitIds: [String(fx.units.t08)] } }),
    },
  },
  {
    key: `${TEACH}#createMockAction`,
    probes: [
      {
        who: ALL,
        why: "a mock exam over a category open to 采油八队 only (outside trainer10's scope)",
        call: (fx) => ({ form: { title: "矩阵模拟二", categoryId: String(fx.practice.categoryId), questions: "2", minutes: "10" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { title: "矩阵模拟二", categoryId: String(fx.practice.categoryId), questions: "2", minutes: "10" } }),
    },
  },
  {
    key: `${TEACH}#withdrawMockAction`,
    probes: [{ who: ALL, why: "the area trainer's mock exam", call: (fx) => ({ form: { mockExamId: String(fx.practice.mockExamId) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { mockExamId: String(fx.practice.mockExamId) } }) },
  },
  {
    key: `${TEACH}#closePracticeAction`,
    probes: [{ who: ALL, why: "the area trainer's opening", call: (fx) => ({ form: { openingId: String(fx.practice.openingId) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { openingId: String(fx.practice.openingId) } }) },
  },
];

/** 离线练习: a category's pack (with keys) to keep on the phone, and the answers given offline. */
const offlineAnswer = (fx: Fixture, n: number) =>
  JSON.stringify({
    answers: [
      { clientId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, questionId: fx.practice.questionId, response: { type: "truefalse", value: false } },
    ],
  });

export const practiceRoutes: RouteEntry[] = [
  {
    key: "app/api/practice/offline/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "the pack (with keys) of a category open for practice to 采油八队 only",
        call: (fx) => ({ path: "/api/practice/offline", body: JSON.stringify({ categoryId: fx.practice.categoryId }) }),
      },
    ],
    control: {
      as: "worker08",
      expect: "succeeds",
      call: (fx) => ({ path: "/api/practice/offline", body: JSON.stringify({ categoryId: fx.practice.categoryId }) }),
    },
  },
  {
    key: "app/api/practice/offline/answers/route.ts#POST",
    probes: [
      {
        who: ["anonymous"],
        why: "answers given offline, without a session",
        call: (fx) => ({ path: "/api/practice/offline/answers", body: offlineAnswer(fx, 1) }),
      },
      {
        who: ["trainer10", "manager09", "worker09", "worker11"],
        why: "an offline answer to a question open for practice to 采油八队 only",
        expect: "unchanged",
        because: "a sync reports per answer: this one comes back refused (not open to them) and nothing is kept",
        call: (fx) => ({ path: "/api/practice/offline/answers", body: offlineAnswer(fx, 2) }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ path: "/api/practice/offline/answers", body: offlineAnswer(fx, 3) }) },
  },
];
