"use server";

import { z } from "zod";
import { idField, redirectAction } from "@/app/_lib/action";
import { checklistFromText, saveTask, setVerifiers, signOff, signoffInput, taskInput } from "@/lib/signoffs";

/** Back to the task's page, or the list when the id is not one. */
const taskPage = (id: unknown) => {
  const ok = idField.safeParse(id);
  return ok.success ? `/teach/tasks/${ok.data}` : "/teach/tasks";
};

export const saveTaskAction = redirectAction({
  permission: "teach.manage",
  input: taskInput.extend({
    id: z.preprocess((v) => (v === "" || v === undefined ? null : v), idField.nullable()),
    checklist: z.preprocess((v) => checklistFromText(String(v ?? "")), taskInput.shape.checklist),
    active: z.preprocess((v) => v === "on", z.boolean()),
  }),
  back: (i) => taskPage(i.id),
  run: ({ db, user, input: { id, ...task } }) => saveTask(db, user, id, task),
  done: ({ id }) => ({ revalidate: ["/teach/tasks"], redirect: `/teach/tasks/${id}?saved=1` }),
});

export const setVerifiersAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ taskId: idField, verifiers: z.string().max(4000).default("") }),
  back: (i) => taskPage(i.taskId),
  run: ({ db, user, input }) => setVerifiers(db, user, input.taskId, input.verifiers.split(/[\s,，、]+/).filter(Boolean)),
  done: ({ count }, { input }) => ({ revalidate: [taskPage(input.taskId)], redirect: `${taskPage(input.taskId)}?verifiers=${count}` }),
});

/** The signed-in member signs off as one of the task's verifiers (any role: technicians are workers). */
export const signOffAction = redirectAction({
  permission: "signedIn",
  input: signoffInput.omit({ checked: true }).extend({
    check: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.unknown()).max(1000)),
    photo: z.instanceof(File).optional(),
  }),
  back: (i) => taskPage(i.taskId),
  run: async ({ db, user, input: { check, photo, ...rest } }) =>
    signOff(db, user, { ...rest, checked: check.length, photo: photo && photo.size > 0 ? new Uint8Array(await photo.arrayBuffer()) : null }),
  done: ({ memberId }, { input }) => ({
    revalidate: [taskPage(input.taskId), `/members/${memberId}`],
    redirect: `${taskPage(input.taskId)}?signed=${memberId}`,
  }),
});
