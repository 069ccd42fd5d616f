"use server";

import { z } from "zod";
import { createMockExam, deleteMockExam } from "@/lib/practice/mock";
import { specialtyCode } from "@/lib/org/specialties";
import { closePractice, openForPractice } from "@/lib/practice/openings";
import { idField, redirectAction } from "@/app/_lib/action";

const ids = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idField).max(500));

const blankAsNone = (v: unknown) => (v === "" ? undefined : v);

/** Opens a category, a specialty or a job's requirements for practice to units and jobs, or changes who may practise it. */
export const openPracticeAction = redirectAction({
  permission: "teach.manage",
  input: z.object({
    kind: z.enum(["category", "specialty", "job"]).default("category"),
    categoryId: z.preprocess(blankAsNone, idField.optional()),
    specialty: z.preprocess(blankAsNone, specialtyCode.optional()),
    jobId: z.preprocess(blankAsNone, idField.optional()),
    orgUnitIds: ids,
    jobIds: ids,
    includeQuizQuestions: z.literal("on").optional(),
  }),
  back: () => "/teach/practice",
  run: ({ db, user, input }) =>
    openForPractice(db, user, {
      ...(input.kind === "specialty" ? { specialty: input.specialty } : input.kind === "job" ? { jobId: input.jobId } : { categoryId: input.categoryId }),
      orgUnitIds: input.orgUnitIds,
      jobIds: input.jobIds,
      includeQuizQuestions: input.includeQuizQuestions === "on",
    }),
  done: () => ({ redirect: "/teach/practice?done=opened" }),
});

export const closePracticeAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ openingId: idField }),
  back: () => "/teach/practice",
  run: ({ db, user, input }) => closePractice(db, user, input.openingId),
  done: () => ({ redirect: "/teach/practice?done=closed" }),
});

/** Sets a mock exam (模拟考试) over a category opened for practice. */
export const createMockAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ title: z.string().max(200), categoryId: idField, questions: z.coerce.number().int(), minutes: z.coerce.number().int() }),
  back: () => "/teach/practice",
  run: ({ db, user, input }) => createMockExam(db, user, input),
  done: () => ({ redirect: "/teach/practice?done=mock" }),
});

/** Withdraws a mock exam (its maker, or a whole-organisation trainer). */
export const withdrawMockAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ mockExamId: idField }),
  back: () => "/teach/practice",
  run: ({ db, user, input }) => deleteMockExam(db, user, input.mockExamId),
  done: () => ({ redirect: "/teach/practice?done=mockWithdrawn" }),
});
