"use server";

import { z } from "zod";
import { formAction, idField, redirectAction } from "@/app/_lib/action";
import { confirmField, previewOrWrite } from "@/app/_lib/import-preview";
import { contestInput, createContest } from "@/lib/contests";
import { importResults, previewResults, removeResult, resultInput, setResult } from "@/lib/contests/results";

/** Back to the contest's page, or the list when the id is not one. */
const back = (i: { contestId?: unknown }) => {
  const id = idField.safeParse(i.contestId);
  return id.success ? `/contests/${id.data}` : "/contests";
};

export const createContestAction = redirectAction({
  permission: "teach.manage",
  input: contestInput,
  back: () => "/contests",
  run: ({ db, user, input }) => createContest(db, user, input),
  done: ({ id }) => ({ revalidate: ["/contests"], redirect: `/contests/${id}?created=1` }),
});

export const setResultAction = redirectAction({
  permission: "teach.manage",
  input: resultInput.extend({ contestId: idField }),
  back,
  run: ({ db, user, input: { contestId, ...result } }) => setResult(db, user, contestId, result),
  done: (_, { input }) => ({ revalidate: [back(input)], redirect: `${back(input)}?result=1` }),
});

export const removeResultAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ contestId: idField, memberId: idField }),
  back,
  run: ({ db, user, input }) => removeResult(db, user, input.contestId, input.memberId),
  done: (_, { input }) => ({ revalidate: [back(input)] }),
});

export const importResultsAction = formAction({
  permission: "teach.manage",
  input: z.object({ contestId: idField, file: z.instanceof(File, { message: "import.errors.empty" }), confirm: confirmField }),
  run: async ({ db, user, input, t }) => {
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    return previewOrWrite(
      t,
      input.confirm,
      () => previewResults(db, user, input.contestId, bytes),
      (digest) => importResults(db, user, input.contestId, bytes, { digest }),
    );
  },
  done: (r, { input }) =>
    "preview" in r ? { data: r.preview } : { message: "methods.contests.imported", params: { count: r.written.count }, revalidate: [back(input)] },
});
