"use server";

import { z } from "zod";
import { requiredText } from "@/lib/core/text";
import { createUnit, moveUnit, renameUnit, setUnitActive, unitInput } from "@/lib/org/units";
import { idField, redirectAction } from "@/app/_lib/action";

const back = () => "/system/org";
const done = (ok: "created" | "updated") => () => ({ revalidate: ["/system/org"], redirect: `/system/org?ok=${ok}` });

export const createUnitAction = redirectAction({
  permission: "org.write",
  input: unitInput,
  back,
  run: ({ db, user, input }) => createUnit(db, user, input),
  done: done("created"),
});

export const renameUnitAction = redirectAction({
  permission: "org.write",
  input: z.object({ id: idField, name: requiredText(60) }),
  back,
  run: ({ db, user, input }) => renameUnit(db, user, input.id, input.name),
  done: done("updated"),
});

export const moveUnitAction = redirectAction({
  permission: "org.write",
  input: z.object({ id: idField, parentId: idField }),
  back,
  run: ({ db, user, input }) => moveUnit(db, user, input.id, input.parentId),
  done: done("updated"),
});

export const setUnitActiveAction = redirectAction({
  permission: "org.write",
  input: z.object({ id: idField, active: z.enum(["true", "false"]) }),
  back,
  run: ({ db, user, input }) => setUnitActive(db, user, input.id, input.active === "true"),
  done: done("updated"),
});
