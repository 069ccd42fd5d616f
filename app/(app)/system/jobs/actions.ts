"use server";

import { z } from "zod";
import { addRequirement, createJob, deleteRequirement, jobInput, requirementInput, setJobActive } from "@/lib/eligibility/admin";
import { kickJob } from "@/lib/jobs";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

const PAGE = "/system/jobs";

/**
 * A change to jobs or requirements (the triggers have marked the roster cache stale) asks the
 * roster-refresh job for a run now; the request does not wait for it, and asks within one period
 * are one run. Roster pages show the last complete state, and that a recompute is pending.
 */
function warmLater(): void {
  kickJob("roster-refresh");
}

export const addRequirementAction = formAction({
  permission: "jobs.write",
  input: requirementInput,
  run: ({ db, user, input }) => addRequirement(db, user, input),
  done: () => {
    warmLater();
    return { message: "eligibility.jobs.added", revalidate: [PAGE] };
  },
});

export const createJobAction = formAction({
  permission: "jobs.write",
  input: jobInput,
  run: ({ db, user, input }) => createJob(db, user, input),
  done: () => ({ message: "eligibility.jobs.created", revalidate: [PAGE] }),
});

export const deleteRequirementAction = redirectAction({
  permission: "jobs.write",
  input: z.object({ id: idField }),
  back: () => PAGE,
  run: ({ db, user, input }) => deleteRequirement(db, user, input.id),
  done: () => {
    warmLater();
    return { revalidate: [PAGE] };
  },
});

export const setJobActiveAction = redirectAction({
  permission: "jobs.write",
  input: z.object({ id: idField, active: z.enum(["true", "false"]) }),
  back: () => PAGE,
  run: ({ db, user, input }) => setJobActive(db, user, input.id, input.active === "true"),
  done: () => {
    warmLater();
    return { revalidate: [PAGE] };
  },
});
