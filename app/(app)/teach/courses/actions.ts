"use server";

import { z } from "zod";
import { text } from "@/lib/core/text";
import {
  assignCourseByEmployeeNo,
  CONTENT_STATUSES,
  courseInput,
  courseItemInput,
  createCourse,
  setCourseAudience,
  setCourseItems,
  setCourseStatus,
  updateCourse,
} from "@/lib/video";
import { idField, redirectAction } from "@/app/_lib/action";
import { jsonField } from "@/app/_lib/fields";

// Plain form posts (they work without JavaScript): a refusal comes back as `?error=` on the page.

const page = (id: number, q: Record<string, string> = {}) => `/teach/courses/${id}${Object.keys(q).length ? `?${new URLSearchParams(q)}` : ""}`;
const back = (input: { id?: unknown }) => (idField.safeParse(input.id).success ? page(Number(input.id)) : "/teach/courses");
const saved = (id: number) => ({ revalidate: ["/teach/courses", page(id)], redirect: page(id, { ok: "saved" }) });

export const createCourseAction = redirectAction({
  permission: "teach.manage",
  input: courseInput,
  back: () => "/teach/courses/new",
  run: ({ db, user, input }) => createCourse(db, user, input),
  done: (id) => ({ revalidate: ["/teach/courses"], redirect: page(id, { ok: "created" }) }),
});

export const updateCourseAction = redirectAction({
  permission: "teach.manage",
  input: courseInput.extend({ id: idField }),
  back,
  run: ({ db, user, input }) => updateCourse(db, user, input.id, input),
  done: (_, { input }) => saved(input.id),
});

/** The items editor sends the ordered list as one JSON field. */
const itemsField = jsonField(100_000, z.array(courseItemInput).max(200));

export const saveItemsAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, items: itemsField }),
  back,
  run: ({ db, user, input }) => setCourseItems(db, user, input.id, input.items),
  done: (_, { input }) => saved(input.id),
});

/** Checkbox groups: no box ticked sends nothing, one sends a string, several an array. */
const idList = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(idField).max(5000));

export const saveAudienceAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, unit: idList, job: idList }),
  back,
  run: ({ db, user, input }) => setCourseAudience(db, user, input.id, { orgUnitIds: input.unit, jobIds: input.job }),
  done: (_, { input }) => saved(input.id),
});

export const assignAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, employeeNos: text(40_000) }),
  back,
  run: ({ db, user, input }) => assignCourseByEmployeeNo(db, user, { courseId: input.id, employeeNos: input.employeeNos.split(/[\s,，、;；]+/) }),
  done: (r, { input }) => ({
    revalidate: [page(input.id)],
    redirect: page(input.id, { assigned: String(r.added), skipped: String(r.skipped), unknown: r.unknown.slice(0, 20).join(",") }),
  }),
});

export const courseStatusAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, status: z.enum(CONTENT_STATUSES) }),
  back,
  run: ({ db, user, input }) => setCourseStatus(db, user, input.id, input.status),
  done: (_, { input }) => saved(input.id),
});
