"use server";

import { minimumInput, setStationMinimum } from "@/lib/eligibility/admin";
import { formAction } from "@/app/_lib/action";

export const setMinimumAction = formAction({
  permission: "jobs.write",
  input: minimumInput,
  run: ({ db, user, input }) => setStationMinimum(db, user, input),
  done: () => ({ message: "eligibility.coverage.saved", revalidate: ["/manage/coverage"] }),
});
