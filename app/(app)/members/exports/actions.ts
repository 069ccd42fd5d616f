"use server";

import { redirectAction } from "@/app/_lib/action";
import { getLocale } from "@/app/_lib/i18n";
import { kickJob } from "@/lib/jobs";
import { requestUnitFiles, unitFilesInput } from "@/lib/person-file/exports";

/** Asks for a unit's 一人一档 as one zip (lib/person-file/exports checks the unit is in scope), then shows its progress. */
export const requestUnitFilesAction = redirectAction({
  permission: "member.read",
  input: unitFilesInput,
  back: () => "/members/exports",
  run: async ({ db, user, input }) => {
    const r = await requestUnitFiles(db, user, input, await getLocale());
    if (r.ok) kickJob("unit-files");
    return r;
  },
  done: ({ id }) => ({ redirect: `/members/exports/${id}` }),
});
