"use server";

import { z } from "zod";
import { cancelEnrolment, checkIn, enrol } from "@/lib/classes";
import { ok } from "@/lib/core/result";
import { formatDateTime } from "@/lib/core/format";
import { formAction, idField, redirectAction } from "@/app/_lib/action";
import { getLocale } from "@/app/_lib/i18n";

const classForm = z.object({ classId: idField });
const backToClass = (i: { classId?: unknown }) => (typeof i.classId === "number" ? `/classes#c${i.classId}` : "/classes");

/** Enrols the signed-in worker (a place or the wait-list); a plain form post. */
export const enrolAction = redirectAction({
  permission: "self.learn",
  input: classForm,
  back: backToClass,
  run: ({ db, user, input }) => enrol(db, user, { classId: input.classId }),
  done: (r, { input }) => {
    const done = r.already
      ? r.status === "enrolled"
        ? "classes.list.alreadyEnrolled"
        : "classes.list.alreadyWaitlisted"
      : r.status === "enrolled"
        ? "classes.list.enrolledOk"
        : "classes.list.waitlistedOk";
    return { revalidate: ["/classes"], redirect: `/classes?done=${done}&position=${r.position ?? ""}#c${input.classId}` };
  },
});

export const cancelAction = redirectAction({
  permission: "self.learn",
  input: classForm,
  back: backToClass,
  run: ({ db, user, input }) => cancelEnrolment(db, user, { classId: input.classId }),
  done: () => ({ revalidate: ["/classes"], redirect: "/classes?done=classes.list.cancelledOk" }),
});

const checkinInput = z.object({
  code: z.string({ message: "classes.errors.badCodeFormat" }).max(40, { message: "classes.errors.badCodeFormat" }),
  sessionId: z.union([z.literal(""), idField]).optional(),
});

/** A worker checks in with the code typed or scanned; `data.already` says it was done before. */
export const checkInAction = formAction({
  permission: "self.learn",
  input: checkinInput,
  run: async ({ db, user, input }) => {
    const r = await checkIn(db, user, { code: input.code, sessionId: input.sessionId || null });
    if (!r.ok) return r;
    return ok({ ...r.value, time: formatDateTime(r.value.checkedInAt, await getLocale()) });
  },
  done: (r) => ({
    message: r.already ? "classes.checkin.already" : "classes.checkin.success",
    params: { title: r.classTitle, time: r.time },
    revalidate: ["/classes"],
    data: { already: r.already },
  }),
});
