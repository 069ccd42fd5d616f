"use server";

import { z } from "zod";
import { chooseCourse } from "@/lib/video";
import { idField, redirectAction } from "@/app/_lib/action";

/** A worker takes an optional course; a plain form post, works without JavaScript. */
export const chooseCourseAction = redirectAction({
  permission: "self.learn",
  input: z.object({ courseId: idField }),
  back: () => "/courses",
  run: ({ db, user, input }) => chooseCourse(db, user, input.courseId),
  done: (_, { input }) => ({ redirect: `/courses/${input.courseId}?chosen=1` }),
});
