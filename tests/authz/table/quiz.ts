import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { MEDIA } from "../db-state";
import { ALL, TRAINER10, confirmedImport, csv, dayAfter, file, quarter } from "./common";

/** 季度小会考: taking a quiz, the question bank, quizzes (authored content), grading. */

const BANK = "app/(app)/teach/bank/actions.ts";
const QUIZZES = "app/(app)/teach/quizzes/actions.ts";
const AUDIENCE = "app/(app)/teach/quizzes/[id]/audience/actions.ts";
const QUESTIONS = "app/(app)/teach/quizzes/[id]/questions/actions.ts";
const OTHERS = ["manager09", "worker09", "worker11", "anonymous"] as const;
/** The bank is one for the whole organisation: every trainer reads it and adds to it. */
const SHARED_BANK = "the question bank is shared by all trainers (reading it and adding to it)";

const questionPayload = () =>
  JSON.stringify({
    type: "single",
    title: "",
    stem: "抽油机启机前，首先应检查的是（　）？（矩阵）",
    explanation: "",
    difficulty: "3",
    points: "5",
    category: "采油/抽油机",
    tags: "",
    options: [
      { id: "a", text: "刹车是否灵活可靠", correct: true },
      { id: "b", text: "井口压力表读数", correct: false },
    ],
  });

const quizForm = (fx: Fixture, id: number) => ({
  id: String(id),
  title: "矩阵·测验（改）",
  quarter: quarter(fx),
  theme: "",
  series: "季度小会考",
  specialty: "",
  description: "",
  opensAt: `${dayAfter(fx.today, -1)}T08:00`,
  closesAt: `${dayAfter(fx.today, 30)}T20:00`,
  timeLimitMin: "",
  attemptsAllowed: "1",
  gradingMethod: "highest",
  passPercent: "60",
  layout: "one_per_page",
  overduePolicy: "autosubmit",
  graceS: "0",
  "reviewAfterSubmit.score": "on",
  "reviewAfterClose.score": "on",
});

const answers = (seq: number) => JSON.stringify({ answers: [{ position: 1, response: { type: "single", optionId: "a" }, seq }] });

export const quizActions: ActionEntry[] = [
  {
    key: "app/(app)/quizzes/actions.ts#startQuizAction",
    probes: [{ who: ALL, why: "a quiz for 采油八队 only (not the caller's audience)", call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }) }],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }) },
  },

  {
    key: `${BANK}#saveQuestionAction`,
    probes: [
      { who: ALL, why: "editing a question someone else wrote", call: (fx) => ({ form: { id: String(fx.questions.single), payload: questionPayload() } }) },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.questions.single), payload: questionPayload() } }) },
  },
  {
    key: `${BANK}#setArchivedAction`,
    probes: [{ who: ALL, why: "archiving a question someone else wrote", call: (fx) => ({ form: { id: String(fx.questions.single), archived: "true" } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.questions.single), archived: "true" } }) },
  },
  {
    key: `${BANK}#renameCategoryAction`,
    probes: [
      {
        who: ALL,
        why: "renaming a category of the shared bank (no author: a whole-organisation trainer's)",
        call: (fx) => ({ form: { id: String(fx.questions.categoryId), name: "矩阵分类" } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.questions.categoryId), name: "矩阵分类" } }) },
  },
  {
    key: "app/(app)/teach/bank/import/actions.ts#importQuestionsAction",
    probes: [
      {
        who: OTHERS,
        why: "no teaching role",
        call: () => ({ form: { file: file("q.gift", "text/plain", "::矩阵:: 伴生气可以回收利用。{T}\n"), defaultCategory: "矩阵" } }),
      },
      {
        who: TRAINER10,
        why: "new questions of their own in the shared bank",
        expect: "allowed",
        because: SHARED_BANK,
        writes: ["question_categories", "questions", "question_versions"],
        call: () => ({ form: { file: file("q.gift", "text/plain", "::矩阵:: 伴生气可以回收利用。{T}\n"), defaultCategory: "矩阵" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: () => ({ form: { file: file("q.gift", "text/plain", "::矩阵:: 伴生气可以回收利用。{T}\n"), defaultCategory: "矩阵" } }),
    },
  },

  {
    key: `${QUIZZES}#saveQuizAction`,
    probes: [{ who: ALL, why: "editing the area trainer's quiz", call: (fx) => ({ form: quizForm(fx, fx.quizzes.area) }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: quizForm(fx, fx.quizzes.area) }) },
  },
  {
    key: `${QUIZZES}#publishQuizAction`,
    probes: [{ who: ALL, why: "publishing the area trainer's draft quiz", call: (fx) => ({ form: { quizId: String(fx.quizzes.draft) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.draft) } }) },
  },
  {
    key: `${QUIZZES}#closeQuizAction`,
    probes: [{ who: ALL, why: "closing the area trainer's quiz early", call: (fx) => ({ form: { quizId: String(fx.quizzes.area) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.area) } }) },
  },
  {
    key: `${QUIZZES}#quizMockAction`,
    probes: [
      { who: ALL, why: "允许模拟考试 on the area trainer's quiz", call: (fx) => ({ form: { quizId: String(fx.quizzes.area), allowed: "1" } }) },
      {
        who: ALL,
        why: "turning off mock exams of the area trainer's 采油八队 quiz",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.t08), allowed: "0" } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.area), allowed: "1" } }) },
  },
  {
    key: `${QUIZZES}#previewQuizAction`,
    probes: [
      { who: OTHERS, why: "no teaching role", call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }) },
      {
        who: TRAINER10,
        why: "a preview attempt of their own at someone else's quiz",
        expect: "allowed",
        because: "a preview is the trainer's own attempt, never counted; its questions are the shared bank's",
        writes: ["attempts", "attempt_questions"],
        call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }) },
  },
  {
    key: `${AUDIENCE}#saveAudienceAction`,
    probes: [
      { who: ALL, why: "the audience of the area trainer's quiz", call: (fx) => ({ form: { quizId: String(fx.quizzes.area), unit: [String(fx.units.t10)] } }) },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.area), unit: [String(fx.units.t10)] } }) },
  },
  {
    key: `${AUDIENCE}#saveOverrideAction`,
    probes: [
      {
        who: ALL,
        why: "extra time on the area trainer's quiz for a member of 采油八队",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.area), employeeNo: fx.members.m08b.employeeNo, extraMinutes: "30", extraAttempts: "2" } }),
      },
      {
        who: TRAINER10,
        why: "own quiz, extra attempts for a member of 采油九队",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.own10), employeeNo: fx.members.m09.employeeNo, extraMinutes: "30", extraAttempts: "2" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { quizId: String(fx.quizzes.area), employeeNo: fx.members.m08b.employeeNo, extraMinutes: "30", extraAttempts: "2" } }),
    },
  },
  {
    key: `${AUDIENCE}#removeOverrideAction`,
    probes: [
      {
        who: ALL,
        why: "removing the extra time of a member of 采油八队 on the area trainer's quiz",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.area), employeeNo: fx.members.m08c.employeeNo } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.area), employeeNo: fx.members.m08c.employeeNo } }) },
  },
  {
    key: `${QUESTIONS}#saveSlotsAction`,
    probes: [
      {
        who: ALL,
        why: "the questions of the area trainer's draft quiz",
        call: (fx) => ({
          form: { quizId: String(fx.quizzes.draft), slots: JSON.stringify([{ kind: "fixed", questionId: fx.questions.single, points: null }]) },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { quizId: String(fx.quizzes.draft), slots: JSON.stringify([{ kind: "fixed", questionId: fx.questions.single, points: null }]) } }),
    },
  },
  {
    key: `${QUESTIONS}#searchBankAction`,
    shape: "args",
    probes: [
      { who: OTHERS, why: "no teaching role: the bank holds answer keys", call: () => ({ args: [{ q: "抽油机" }] }) },
      { who: TRAINER10, why: "searching the bank", expect: "unchanged", because: SHARED_BANK, call: () => ({ args: [{ q: "抽油机" }] }) },
    ],
    control: { as: "areaTrainer", expect: "succeeds", sees: /"stem":"/, call: () => ({ args: [{ q: "抽油机" }] }) },
  },
  {
    key: `${QUESTIONS}#regradeAction`,
    probes: [{ who: ALL, why: "regrading the area trainer's quiz", call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }) }],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ form: { quizId: String(fx.quizzes.t08) } }) },
  },
  {
    key: "app/(app)/teach/grading/actions.ts#gradeAnswerAction",
    probes: [
      {
        who: ALL,
        why: "grading an essay of a member of 采油八队 on the area trainer's quiz",
        call: (fx) => ({ form: { attemptId: String(fx.attempts.toGrade), position: String(fx.attempts.toGradePosition), score: "10", feedback: "" } }),
      },
      {
        who: ALL,
        why: "the same, naming an essay part of a 案例分析 group (the part field of a group's grading page)",
        call: (fx) => ({
          form: { attemptId: String(fx.attempts.toGrade), position: String(fx.attempts.toGradePosition), part: "1", score: "1", feedback: "" },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { attemptId: String(fx.attempts.toGrade), position: String(fx.attempts.toGradePosition), score: "10", feedback: "" } }),
    },
  },
];

export const quizRoutes: RouteEntry[] = [
  {
    key: "app/api/quizzes/[id]/start/route.ts#POST",
    probes: [
      { who: ALL, why: "a quiz for 采油八队 only (not the caller's audience)", call: (fx) => ({ path: `/api/quizzes/${fx.quizzes.t08}/start`, body: "{}" }) },
      {
        who: ALL,
        why: "the same start asking for the attempt's questions in the answer",
        call: (fx) => ({ path: `/api/quizzes/${fx.quizzes.t08}/start`, body: '{"view":true}' }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ path: `/api/quizzes/${fx.quizzes.t08}/start`, body: "{}" }) },
  },
  {
    key: "app/api/attempts/[id]/answers/route.ts#POST",
    probes: [
      { who: ALL, why: "answers into someone else's attempt", call: (fx) => ({ path: `/api/attempts/${fx.attempts.inProgress}/answers`, body: answers(7) }) },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ path: `/api/attempts/${fx.attempts.inProgress}/answers`, body: answers(7) }) },
  },
  {
    key: "app/api/attempts/[id]/submit/route.ts#POST",
    probes: [
      { who: ALL, why: "submitting someone else's attempt", call: (fx) => ({ path: `/api/attempts/${fx.attempts.inProgress}/submit`, body: answers(8) }) },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ path: `/api/attempts/${fx.attempts.inProgress}/submit`, body: answers(8) }) },
  },
  {
    key: "app/(app)/teach/bank/export/route.ts#GET",
    probes: [
      { who: OTHERS, why: "the bank with its answer keys", call: () => ({ path: "/teach/bank/export?format=moodle" }) },
      {
        who: TRAINER10,
        why: "the bank with its answer keys",
        expect: "unchanged",
        because: SHARED_BANK,
        call: () => ({ path: "/teach/bank/export?format=moodle" }),
      },
    ],
    control: { as: "areaTrainer", expect: "succeeds", call: () => ({ path: "/teach/bank/export?format=moodle" }) },
  },
  {
    key: "app/(app)/teach/bank/import/template/route.ts#GET",
    probes: [
      { who: OTHERS, why: "a teaching page's download", call: () => ({ path: "/teach/bank/import/template" }) },
      {
        who: TRAINER10,
        why: "a blank template",
        expect: "unchanged",
        because: "a blank template holds no one's data",
        call: () => ({ path: "/teach/bank/import/template" }),
      },
    ],
    control: { as: "areaTrainer", expect: "succeeds", call: () => ({ path: "/teach/bank/import/template" }) },
  },
  questionPicture("app/api/media/questions/[id]/route.ts#GET"),
  questionPicture("app/api/media/questions/[id]/route.ts#HEAD"),
  {
    key: "app/api/media/questions/route.ts#POST",
    probes: [
      { who: OTHERS, why: "a picture for the question bank", call: () => ({ path: "/api/media/questions?name=m.png", body: PNG }) },
      {
        who: TRAINER10,
        why: "a picture for the question bank",
        expect: "allowed",
        because: SHARED_BANK,
        writes: ["question_media", MEDIA],
        call: () => ({ path: "/api/media/questions?name=m.png", body: PNG }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: () => ({ path: "/api/media/questions?name=m.png", body: PNG }) },
  },
];

/** A 2 × 2 PNG: the smallest picture the upload decodes. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAE0lEQVQImWP4z8DwnwGM/zMwAAAf7gP9qS/A4gAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

/** A question's picture: the booked practice question's, open to 采油八队 only (worker08's book); trainers read the whole bank. */
function questionPicture(key: string): RouteEntry {
  const path = (fx: Fixture) => `/api/media/questions/${fx.practice.mediaId}`;
  const why = "a picture of a question open for practice to 采油八队 only";
  return {
    key,
    probes: [
      { who: OTHERS, why, call: (fx) => ({ path: path(fx) }) },
      { who: TRAINER10, why, expect: "unchanged", because: SHARED_BANK, call: (fx) => ({ path: path(fx) }) },
    ],
    control: { as: "worker08", expect: "succeeds", call: (fx) => ({ path: path(fx) }) },
  };
}

const PROCTOR = "app/(app)/proctor/actions.ts";

/** 现场监考: opening and closing proctoring at a station, its code; the attempt page's integrity log. */
export const proctorActions: ActionEntry[] = [
  {
    key: `${PROCTOR}#openProctoringAction`,
    probes: [
      {
        who: ALL,
        why: "proctoring at a station of 采油八队 (nobody's scope, and no principal is a technician there)",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.proctored08), orgUnitId: String(fx.units.s08b) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.proctored08), orgUnitId: String(fx.units.s08b) } }) },
  },
  {
    key: `${PROCTOR}#resetProctorFailuresAction`,
    probes: [
      {
        who: ALL,
        why: "clearing worker08's wrong proctor codes at a station of 采油八队",
        call: (fx) => ({ form: { id: String(fx.proctoring.id), memberId: String(fx.accounts.worker08.memberId) } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { id: String(fx.proctoring.id), memberId: String(fx.accounts.worker08.memberId) } }),
    },
  },
  {
    key: `${PROCTOR}#closeProctoringAction`,
    probes: [{ who: ALL, why: "ending the area trainer's proctoring at a station of 采油八队", call: (fx) => ({ form: { id: String(fx.proctoring.id) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.proctoring.id) } }) },
  },
];

export const proctorRoutes: RouteEntry[] = [
  {
    key: "app/(app)/proctor/[id]/code/route.ts#GET",
    probes: [{ who: ALL, why: "the proctor code at a station of 采油八队", call: (fx) => ({ path: `/proctor/${fx.proctoring.id}/code` }) }],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ path: `/proctor/${fx.proctoring.id}/code` }) },
  },
  {
    key: "app/api/attempts/[id]/events/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "integrity events into someone else's attempt",
        call: (fx) => ({
          path: `/api/attempts/${fx.attempts.inProgress}/events`,
          body: JSON.stringify({ device: "authzdevice1", events: [{ seq: 1, kind: "left", at: 1 }] }),
        }),
      },
    ],
    control: {
      as: "worker08",
      expect: "changes",
      call: (fx) => ({
        path: `/api/attempts/${fx.attempts.inProgress}/events`,
        body: JSON.stringify({ device: "authzdevice1", events: [{ seq: 1, kind: "left", at: 1 }] }),
      }),
    },
  },
];

const PAPER = "app/(app)/teach/quizzes/[id]/paper/actions.ts";
const paperScores = (fx: Fixture) =>
  csv("paper.csv", [
    ["工号", "姓名", "版本", "得分"],
    [fx.members.m08b.employeeNo, "", "A", 1],
  ]);
const paperFix = (fx: Fixture) => ({
  quizId: String(fx.quizzes.t08),
  paperId: String(fx.paperExam.id),
  attemptId: String(fx.paperExam.attemptId),
  reason: "矩阵",
});
const paperPath = (fx: Fixture, rest: string) => `/teach/quizzes/${fx.quizzes.t08}/paper/${fx.paperExam.id}/${rest}`;

/** 线下考试: paper sittings of a quiz (only for whoever may change it, at a station in scope), their PDFs and scores. */
export const paperActions: ActionEntry[] = [
  {
    key: `${PAPER}#createPaperExamAction`,
    probes: [
      {
        who: ALL,
        why: "a paper sitting of the area trainer's 采油八队 quiz at a station of 采油八队",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.t08), orgUnitId: String(fx.units.s08) } }),
      },
      {
        who: TRAINER10,
        why: "a paper sitting of their own quiz at a station of 采油八队",
        call: (fx) => ({ form: { quizId: String(fx.quizzes.own10), orgUnitId: String(fx.units.s08) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { quizId: String(fx.quizzes.t08), orgUnitId: String(fx.units.s08) } }) },
  },
  {
    key: `${PAPER}#recordPaperScoreAction`,
    probes: [
      {
        who: ALL,
        why: "a paper score for a member of 采油八队 on the area trainer's sitting",
        call: (fx) => ({
          form: { quizId: String(fx.quizzes.t08), paperId: String(fx.paperExam.id), employeeNo: fx.members.m08b.employeeNo, version: "A", score: "1" },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({
        form: { quizId: String(fx.quizzes.t08), paperId: String(fx.paperExam.id), employeeNo: fx.members.m08b.employeeNo, version: "A", score: "1" },
      }),
    },
  },
  {
    key: `${PAPER}#correctPaperScoreAction`,
    probes: [
      {
        who: ALL,
        why: "correcting m08b's paper score on the area trainer's sitting",
        call: (fx) => ({ form: { ...paperFix(fx), version: "A", score: "1" } }),
      },
      {
        who: TRAINER10,
        why: "m08b's paper score named under their own quiz",
        call: (fx) => ({ form: { ...paperFix(fx), quizId: String(fx.quizzes.own10), version: "A", score: "1" } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { ...paperFix(fx), version: "A", score: "1" } }) },
  },
  {
    key: `${PAPER}#deletePaperScoreAction`,
    probes: [
      { who: ALL, why: "deleting m08b's paper score on the area trainer's sitting", call: (fx) => ({ form: paperFix(fx) }) },
      {
        who: TRAINER10,
        why: "m08b's paper score named under their own quiz",
        call: (fx) => ({ form: { ...paperFix(fx), quizId: String(fx.quizzes.own10) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: paperFix(fx) }) },
  },
  {
    key: `${PAPER}#importPaperScoresAction`,
    probes: [
      {
        who: ALL,
        why: "a preview of paper scores on the area trainer's sitting (a member of 采油八队)",
        call: (fx) => ({ form: { paperId: String(fx.paperExam.id), file: paperScores(fx) } }),
      },
      {
        who: ALL,
        why: "importing paper scores on the area trainer's sitting, confirmed",
        call: (fx) => ({ form: { paperId: String(fx.paperExam.id), ...confirmedImport(paperScores(fx)) } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { paperId: String(fx.paperExam.id), ...confirmedImport(paperScores(fx)) } }) },
  },
];

export const paperRoutes: RouteEntry[] = [
  {
    key: "app/(app)/teach/quizzes/[id]/paper/[paperId]/pdf/route.ts#GET",
    probes: [
      {
        who: ALL,
        why: "the papers and answer keys of the area trainer's sitting at a station of 采油八队",
        call: (fx) => ({ path: paperPath(fx, "pdf?part=keys") }),
      },
    ],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ path: paperPath(fx, "pdf?part=keys") }) },
  },
  {
    key: "app/(app)/teach/quizzes/[id]/paper/[paperId]/template/route.ts#GET",
    probes: [
      {
        who: ALL,
        why: "the score template (the station's roster) of the area trainer's sitting at a station of 采油八队",
        call: (fx) => ({ path: paperPath(fx, "template") }),
      },
    ],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ path: paperPath(fx, "template") }) },
  },
];
