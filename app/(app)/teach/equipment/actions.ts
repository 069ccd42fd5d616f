"use server";

import { z } from "zod";
import { equipmentInput, retireEquipment, saveEquipment } from "@/lib/equipment";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

const optionalId = z.preprocess((v) => (v === "" || v === undefined ? null : v), idField.nullable());
/**
 * Registers a piece of equipment, or changes one (the lib checks the station is in the trainer's
 * scope). A refusal comes back to the form, which keeps what was entered.
 */
export const saveEquipmentAction = formAction({
  permission: "teach.manage",
  input: z.intersection(z.object({ id: optionalId }), equipmentInput),
  run: ({ db, user, input: { id, ...rest } }) => saveEquipment(db, user, id, rest),
  done: (r, { input }) => ({ revalidate: ["/teach/equipment"], redirect: `/teach/equipment/${r.id}?${input.id ? "saved" : "created"}=1` }),
});

/** Retires a piece of equipment: its label stops working. */
export const retireEquipmentAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField }),
  back: () => "/teach/equipment",
  run: ({ db, user, input }) => retireEquipment(db, user, input.id),
  done: () => ({ revalidate: ["/teach/equipment"], redirect: "/teach/equipment?retired=1" }),
});
