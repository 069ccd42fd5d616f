"use server";

import { z } from "zod";
import { kickJob } from "@/lib/jobs";
import { CONTENT_STATUSES, createLesson, lessonInput, queueMissingLadders, requeueLadder, setLessonStatus, updateLesson } from "@/lib/video";
import { idField, redirectAction } from "@/app/_lib/action";

// Plain form posts (they work without JavaScript): a refusal comes back as `?error=` on the page.

export const createLessonAction = redirectAction({
  permission: "teach.manage",
  input: lessonInput,
  back: () => "/teach/lessons/new",
  run: ({ db, user, input }) => createLesson(db, user, input),
  done: (id) => ({ revalidate: ["/teach/lessons"], redirect: `/teach/lessons/${id}?ok=created` }),
});

const lessonBack = (input: { id?: unknown }) => (idField.safeParse(input.id).success ? `/teach/lessons/${input.id}` : "/teach/lessons");

export const updateLessonAction = redirectAction({
  permission: "teach.manage",
  input: lessonInput.extend({ id: idField }),
  back: lessonBack,
  run: ({ db, user, input }) => updateLesson(db, user, input.id, input),
  done: (_, { input }) => ({ revalidate: [`/teach/lessons/${input.id}`], redirect: `/teach/lessons/${input.id}?ok=saved` }),
});

export const lessonStatusAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField, status: z.enum(CONTENT_STATUSES) }),
  back: lessonBack,
  run: ({ db, user, input }) => setLessonStatus(db, user, input.id, input.status),
  done: (_, { input }) => ({ revalidate: ["/teach/lessons", `/teach/lessons/${input.id}`], redirect: `/teach/lessons/${input.id}?ok=saved` }),
});

/** 为旧课程生成自适应码流: every lesson of the caller's without a complete ladder is queued; the count is shown. */
export const queueMissingLaddersAction = redirectAction({
  permission: "teach.manage",
  input: z.object({}),
  back: () => "/teach/lessons",
  run: ({ db, user }) => queueMissingLadders(db, user),
  done: (n) => {
    if (n) kickJob("video-transcode");
    return { revalidate: ["/teach/lessons"], redirect: `/teach/lessons?ladders=${n}` };
  },
});

/** 重新转码: one lesson whose ladder failed or is missing. */
export const requeueLadderAction = redirectAction({
  permission: "teach.manage",
  input: z.object({ id: idField }),
  back: lessonBack,
  run: ({ db, user, input }) => requeueLadder(db, user, input.id),
  done: (_, { input }) => {
    kickJob("video-transcode");
    return { revalidate: [`/teach/lessons/${input.id}`], redirect: `/teach/lessons/${input.id}?ok=requeued` };
  },
});
