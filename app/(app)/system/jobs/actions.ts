"use server";

import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/core/db";
import { log } from "@/lib/core/log";
import { addRequirement, createJob, deleteRequirement, jobInput, requirementInput, setJobActive } from "@/lib/eligibility/admin";
import { warmRosterCache } from "@/lib/eligibility/service";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

const PAGE = "/system/jobs";

/** A change to jobs or requirements recomputes the roster cache once the answer has gone out. */
function warmLater(): void {
  after(async () => {
    await warmRosterCache(await getDb()).catch((err: unknown) => log().error({ err }, "roster cache refresh failed"));
  });
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
