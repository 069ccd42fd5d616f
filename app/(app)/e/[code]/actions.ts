"use server";

import { z } from "zod";
import { answerScan, isEquipmentCode } from "@/lib/equipment";
import { redirectAction } from "@/app/_lib/action";
import { answerFields } from "@/app/(app)/practice/answer-fields";
import { formResponse } from "@/lib/practice/form";

const code = z.string().refine(isEquipmentCode, "equipment.errors.unknownCode");
const scanPage = (i: { code?: unknown; questionId?: unknown }) =>
  isEquipmentCode(i.code) ? `/e/${i.code}${typeof i.questionId === "number" ? `#q-${i.questionId}` : ""}` : "/";

/**
 * Answers one of a scan's questions (graded by lib/practice); the page shows the feedback in place.
 * The address names the question answered: a redirect to the very address the page is on (only the
 * fragment differs) would not fetch the page again.
 */
export const answerScanAction = redirectAction({
  permission: "self.learn",
  input: z.object({ ...answerFields, code }),
  back: scanPage,
  run: ({ db, user, input, form }) => answerScan(db, user, input.code, { questionId: input.questionId, response: formResponse(form) }),
  done: (_, { input }) => ({ revalidate: [`/e/${input.code}`], redirect: `/e/${input.code}?answered=${input.questionId}#q-${input.questionId}` }),
});
