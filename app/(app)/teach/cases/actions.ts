"use server";

import { z } from "zod";
import { caseInput, publishCase, withdrawCase } from "@/lib/cases";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

/**
 * Publishes a case and assigns it at once (the lib checks the unit, equipment and questions
 * against the trainer's scope and the bank). A refusal comes back to the form, which keeps what
 * was entered; the photos are the form's files (empty file inputs are skipped).
 */
export const publishCaseAction = formAction({
  permission: "teach.manage",
  input: caseInput,
  run: async ({ db, user, input, form }) => {
    const files = form.getAll("photos").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && f.size > 0);
    const photos = await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
    return publishCase(db, user, { ...input, equipmentId: input.equipmentId ?? "" }, photos);
  },
  done: (r) => ({ revalidate: ["/teach/cases"], redirect: `/teach/cases/${r.id}?published=${r.assigned}` }),
});

/** 撤回: withdraws a case (its publisher, or an admin over its unit; the lib checks), after the page's confirmation. */
export const withdrawCaseAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ caseId: idField }),
  back: () => "/teach/cases",
  run: ({ db, user, input }) => withdrawCase(db, user, input.caseId),
  done: (_r, { input }) => ({ revalidate: ["/teach/cases"], redirect: `/teach/cases/${input.caseId}?done=withdrawn` }),
});
