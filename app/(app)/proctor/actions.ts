"use server";

import { z } from "zod";
import { closeProctoring, openProctoring, resetProctorFailures } from "@/lib/quiz/proctor";
import { idField, redirectAction } from "@/app/_lib/action";

/** Opens proctoring of a quiz at a station (lib/quiz/proctor checks who may) and shows its code. */
export const openProctoringAction = redirectAction({
  permission: "signedIn",
  input: z.object({ quizId: idField, orgUnitId: idField }),
  back: () => "/proctor",
  run: ({ db, user, input }) => openProctoring(db, user, input),
  done: (r) => ({ redirect: `/proctor/${r.id}` }),
});

export const closeProctoringAction = redirectAction({
  permission: "signedIn",
  input: z.object({ id: idField }),
  back: (i) => (typeof i.id === "number" ? `/proctor/${i.id}` : "/proctor"),
  run: ({ db, user, input }) => closeProctoring(db, user, input.id),
  done: (_, { input }) => ({ revalidate: ["/proctor"], redirect: `/proctor/${input.id}` }),
});

/** A proctor clears a worker's wrong-code count for the proctoring's quiz (lib checks station and worker; audited). */
export const resetProctorFailuresAction = redirectAction({
  permission: "signedIn",
  input: z.object({ id: idField, memberId: idField }),
  back: (i) => (typeof i.id === "number" ? `/proctor/${i.id}` : "/proctor"),
  run: ({ db, user, input }) => resetProctorFailures(db, user, { proctoringId: input.id, memberId: input.memberId }),
  done: (_, { input }) => ({ redirect: `/proctor/${input.id}?reset=1` }),
});
