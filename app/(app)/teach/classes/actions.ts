"use server";

import { z } from "zod";
import {
  addSession,
  cancelEnrolment,
  closeCheckin,
  createClass,
  enrolOther,
  markAttendance,
  openCheckin,
  removeSession,
  setClassAudience,
  setClassStatus,
  updateClass,
  updateSession,
} from "@/lib/classes";
import { classInput, sessionShape, sessionTimes } from "@/lib/classes/input";
import { ok, type Result } from "@/lib/core/result";
import { text } from "@/lib/core/text";
import { formAction, idField, redirectAction } from "@/app/_lib/action";

/**
 * The instructor's and trainer's actions. The gate is only "signed in": who may act is decided in
 * lib/classes by ownership (the class's instructor or author) and the trainer's scope, not by a
 * role here — a technician who is only a worker runs their own class.
 */

const page = (i: { classId?: unknown }, anchor = "") => (typeof i.classId === "number" ? `/teach/classes/${i.classId}${anchor}` : "/teach/classes");
const onOff = z.enum(["0", "1"], { message: "errors.invalidInput" }).transform((v) => v === "1");
/** Repeated checkboxes: none, one or several ids. */
const ids = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idField));

export const saveClassAction = formAction({
  permission: "signedIn",
  input: classInput.extend({ id: z.union([z.literal(""), idField]).optional() }),
  run: async ({ db, user, input: { id, ...cls } }): Promise<Result<{ id: number; promoted: number[] }>> => {
    if (!id) {
      const made = await createClass(db, user, cls);
      return made.ok ? ok({ id: made.value.id, promoted: [] }) : made;
    }
    const r = await updateClass(db, user, id, cls);
    return r.ok ? ok({ id, promoted: r.value.promoted }) : r;
  },
  done: (r, { input }) => {
    if (!input.id) return { revalidate: ["/teach/classes"], redirect: `/teach/classes/${r.id}?done=created` };
    const n = r.promoted.length;
    return { revalidate: [`/teach/classes/${r.id}`], redirect: `/teach/classes/${r.id}?done=${n ? "promoted" : "saved"}&n=${n}` };
  },
});

export const classStatusAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, status: z.enum(["draft", "published", "closed"], { message: "errors.invalidInput" }) }),
  back: (i) => page(i),
  run: ({ db, user, input }) => setClassStatus(db, user, input.classId, input.status),
  done: (_, { input }) => ({ revalidate: [page(input)], redirect: `${page(input)}?done=saved` }),
});

export const addSessionAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, ...sessionShape }).transform(sessionTimes()),
  back: (i) => page(i, "#sessions"),
  run: ({ db, user, input }) => addSession(db, user, input.classId, input),
  done: (_, { input }) => ({ revalidate: [page(input)], redirect: `${page(input)}?done=saved#sessions` }),
});

export const updateSessionAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, sessionId: idField, ...sessionShape }).transform(sessionTimes()),
  back: (i) => page(i, "#sessions"),
  run: ({ db, user, input }) => updateSession(db, user, input.sessionId, input),
  done: (_, { input }) => ({ revalidate: [page(input)], redirect: `${page(input)}?done=saved#sessions` }),
});

export const removeSessionAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, sessionId: idField }),
  back: (i) => page(i, "#sessions"),
  run: ({ db, user, input }) => removeSession(db, user, input.sessionId),
  done: (_, { input }) => ({ revalidate: [page(input)], redirect: `${page(input)}?done=saved#sessions` }),
});

export const audienceAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, unit: ids, job: ids }),
  back: (i) => page(i, "#audience"),
  run: ({ db, user, input }) => setClassAudience(db, user, input.classId, { orgUnitIds: input.unit, jobIds: input.job }),
  done: (_, { input }) => ({ revalidate: [page(input)], redirect: `${page(input)}?done=saved#audience` }),
});

export const enrolOtherAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, employeeNo: text(20).refine((s) => s.length > 0, "errors.required") }),
  back: (i) => page(i, "#enrolments"),
  run: ({ db, user, input }) => enrolOther(db, user, input),
  done: (r, { input }) => ({
    revalidate: [page(input)],
    redirect: `${page(input)}?done=enrolled&name=${encodeURIComponent(r.name)}&status=${r.status}#enrolments`,
  }),
});

export const cancelOtherAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, memberId: idField }),
  back: (i) => page(i, "#enrolments"),
  run: ({ db, user, input }) => cancelEnrolment(db, user, input),
  done: (r, { input }) => ({
    revalidate: [page(input)],
    redirect: `${page(input)}?done=${r.promoted.length ? "promoted" : "saved"}&n=${r.promoted.length}#enrolments`,
  }),
});

export const attendanceAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, sessionId: idField, memberId: idField, present: onOff }),
  back: (i) => page(i, "#enrolments"),
  run: ({ db, user, input }) => markAttendance(db, user, input),
  done: (_, { input }) => ({ revalidate: [page(input)] }),
});

export const checkinAction = redirectAction({
  permission: "signedIn",
  input: z.object({ classId: idField, sessionId: idField, open: onOff }),
  back: (i) => (typeof i.classId === "number" && typeof i.sessionId === "number" ? `/teach/classes/${i.classId}/sessions/${i.sessionId}` : "/teach/classes"),
  run: ({ db, user, input }) => (input.open ? openCheckin(db, user, input.sessionId) : closeCheckin(db, user, input.sessionId)),
  done: (_, { input }) => ({ revalidate: [page(input)] }),
});
