"use server";

import { z } from "zod";
import {
  addSpecialty,
  mergeInput,
  mergeSpecialties,
  renameInput,
  renameSpecialty,
  setSpecialtyActive,
  specialtyCode,
  specialtyInput,
} from "@/lib/org/specialties";
import { formAction, redirectAction } from "@/app/_lib/action";
import { kickJob } from "@/lib/jobs";

const PAGE = "/system/specialties";

export const addSpecialtyAction = formAction({
  permission: "org.write",
  input: specialtyInput,
  run: ({ db, user, input }) => addSpecialty(db, user, input),
  done: () => ({ message: "specialtyAdmin.added", revalidate: [PAGE] }),
});

export const renameSpecialtyAction = redirectAction({
  permission: "org.write",
  input: renameInput,
  back: () => PAGE,
  run: ({ db, user, input }) => renameSpecialty(db, user, input),
  done: () => ({ revalidate: [PAGE], redirect: `${PAGE}?done=renamed` }),
});

export const setSpecialtyActiveAction = redirectAction({
  permission: "org.write",
  input: z.object({ code: specialtyCode, active: z.enum(["true", "false"]) }),
  back: () => PAGE,
  run: ({ db, user, input }) => setSpecialtyActive(db, user, input.code, input.active === "true"),
  done: (_, { input }) => ({ revalidate: [PAGE], redirect: `${PAGE}?done=${input.active === "true" ? "activated" : "deactivated"}` }),
});

export const mergeSpecialtiesAction = redirectAction({
  permission: "org.write",
  input: mergeInput,
  back: () => PAGE,
  run: ({ db, user, input }) => mergeSpecialties(db, user, input),
  done: (r) => {
    // Job requirements match quizzes and contests by specialty: the rosters are recomputed now.
    kickJob("roster-refresh");
    return { revalidate: [PAGE], redirect: `${PAGE}?done=merged&n=${r.changed}` };
  },
});
