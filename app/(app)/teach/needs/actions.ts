"use server";

import { z } from "zod";
import { assignNeeds } from "@/lib/needs";
import { idField, redirectAction } from "@/app/_lib/action";

const back = (input: { unit?: unknown }) => (/^\d{1,10}$/.test(String(input.unit ?? "")) ? `/teach/needs?unit=${input.unit}` : "/teach/needs");

/** Turns the unit's suggestions into course assignments and class enrolments, then says how many. */
export const assignNeedsAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ unit: idField }),
  back,
  run: ({ db, user, input }) => assignNeeds(db, user, { unitId: input.unit }),
  done: (r, { input }) => ({ redirect: `/teach/needs?unit=${input.unit}&courses=${r.courses}&classes=${r.classes}&waitlisted=${r.waitlisted}` }),
});
