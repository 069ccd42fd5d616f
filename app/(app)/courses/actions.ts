"use server";

import { z } from "zod";
import { chooseCourse, dataSaverInput, setDataSaver } from "@/lib/video";
import { idField, redirectAction } from "@/app/_lib/action";

/** A worker takes an optional course; a plain form post, works without JavaScript. */
export const chooseCourseAction = redirectAction({
  permission: "self.learn",
  input: z.object({ courseId: idField }),
  back: () => "/courses",
  run: ({ db, user, input }) => chooseCourse(db, user, input.courseId),
  done: (_, { input }) => ({ redirect: `/courses/${input.courseId}?chosen=1` }),
});

/** A worker's 省流量 cap for lesson videos (their own setting); back to the lesson they were on. */
export const dataSaverAction = redirectAction({
  permission: "self.learn",
  input: dataSaverInput.extend({ back: z.string().regex(/^\/courses\/[0-9]+\/lessons\/[0-9]+$/) }),
  back: (input) => (typeof input.back === "string" && /^\/courses\/[0-9]+\/lessons\/[0-9]+$/.test(input.back) ? input.back : "/courses"),
  run: ({ db, user, input }) => setDataSaver(db, user, { cap: input.cap }),
  done: (_, { input }) => ({ redirect: `${input.back}?saver=1` }),
});
