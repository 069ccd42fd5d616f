"use server";

import { z } from "zod";
import { idField, redirectAction } from "@/app/_lib/action";
import { addGoal, capacityInput, createPair, endPair, goalInput, pairInput, setCapacity, setGoalDone } from "@/lib/mentors";

/** Back to the pair's page, or the list when the id is not one. */
const pairPage = (id: unknown) => {
  const ok = idField.safeParse(id);
  return ok.success ? `/mentors/${ok.data}` : "/mentors";
};

export const createPairAction = redirectAction({
  permission: "teach.manage",
  input: pairInput,
  back: () => "/mentors",
  run: ({ db, user, input }) => createPair(db, user, input),
  done: () => ({ revalidate: ["/mentors"], redirect: "/mentors?created=1" }),
});

export const setCapacityAction = redirectAction({
  permission: "teach.manage",
  input: capacityInput,
  back: () => "/mentors",
  run: ({ db, user, input }) => setCapacity(db, user, input.employeeNo, input.capacity),
  done: () => ({ revalidate: ["/mentors"], redirect: "/mentors?capacity=1" }),
});

export const endPairAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, endsOn: z.string().max(20) }),
  back: (i) => pairPage(i.id),
  run: ({ db, user, input }) => endPair(db, user, input.id, input.endsOn),
  done: (_, { input }) => ({ revalidate: [pairPage(input.id)] }),
});

/** The pair's mentor (any role) or a trainer over the apprentice; the lib decides. */
export const addGoalAction = redirectAction({
  permission: "signedIn",
  input: goalInput,
  back: (i) => pairPage(i.mentorshipId),
  run: ({ db, user, input }) => addGoal(db, user, input),
  done: (_, { input }) => ({ revalidate: [pairPage(input.mentorshipId)] }),
});

export const toggleGoalAction = redirectAction({
  permission: "signedIn",
  input: z.object({ mentorshipId: idField, goalId: idField, done: z.enum(["true", "false"]) }),
  back: (i) => pairPage(i.mentorshipId),
  run: ({ db, user, input }) => setGoalDone(db, user, { mentorshipId: input.mentorshipId, goalId: input.goalId, done: input.done === "true" }),
  done: (_, { input }) => ({ revalidate: [pairPage(input.mentorshipId)] }),
});
