"use server";

import { z } from "zod";
import { requirePermission } from "@/lib/auth/session";
import { setSlots, slotInput } from "@/lib/quiz/quizzes";
import { regradeQuiz, searchQuestions, type BankRow } from "@/lib/quiz/admin";
import { getDb } from "@/lib/core/db";
import { formAction, idField } from "@/app/_lib/action";
import { jsonField } from "@/app/_lib/fields";

/** The slot editor sends its slots as one JSON field. */
const slotsInput = z.object({
  quizId: idField,
  slots: jsonField(200_000, z.array(slotInput).max(200)),
});

export const saveSlotsAction = formAction({
  permission: "teach.manage",
  input: slotsInput,
  run: ({ db, user, input }) => setSlots(db, user, input.quizId, input.slots),
  done: (_, { input }) => ({ message: "quizAdmin.slots.saved", revalidate: [`/teach/quizzes/${input.quizId}`] }),
});

export type PickRow = Pick<BankRow, "id" | "stem" | "type" | "difficulty" | "points" | "categoryPath">;

/** The slot editor's search of the bank: the first matches of the current versions. */
export async function searchBankAction(query: { q?: string; cat?: number; type?: string }): Promise<PickRow[]> {
  const user = await requirePermission("teach.manage");
  const f = z
    .object({
      q: z.string().trim().max(100).optional(),
      cat: idField.optional(),
      type: z.enum(["single", "multiple", "truefalse", "fill", "numeric", "essay"]).optional(),
    })
    .safeParse(query);
  if (!f.success) return [];
  const r = await searchQuestions(await getDb(), user, { q: f.data.q || undefined, cat: f.data.cat, type: f.data.type }, 15);
  return r.rows.map(({ id, stem, type, difficulty, points, categoryPath }) => ({ id, stem, type, difficulty, points, categoryPath }));
}

/** Moves the quiz's attempts to the questions' current versions where safe, and grades them again. */
export const regradeAction = formAction({
  permission: "teach.manage",
  input: z.object({ quizId: idField }),
  run: ({ db, user, input }) => regradeQuiz(db, user, input.quizId),
  done: (r, { input, t }) => ({
    message: "quizAdmin.regrade.done",
    params: { moved: r.moved, regraded: r.regraded, changed: r.changed },
    revalidate: [`/teach/quizzes/${input.quizId}`],
    data: {
      detail:
        [
          r.blocked ? t("quizAdmin.regrade.doneBlocked", { blocked: r.blocked }) : "",
          r.reopened ? t("quizAdmin.regrade.doneReopened", { reopened: r.reopened }) : "",
        ]
          .filter(Boolean)
          .join(" ") || undefined,
      changes: r.changes.map(({ attemptId, before, after }) => ({ attemptId, before, after })),
    },
  }),
});
