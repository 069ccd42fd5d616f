"use server";

import { z } from "zod";
import { idField, redirectAction } from "@/app/_lib/action";
import { addExternalHours, contentHoursInput, externalInput, setContentHours } from "@/lib/hours/entries";

/** Back to the member's profile, or the members list when the id is not one. */
const profile = (id: unknown) => {
  const ok = idField.safeParse(id);
  return ok.success ? `/members/${ok.data}#hours` : "/members";
};

/** A trainer or manager records a member's external training; the lib checks the scope. */
export const addExternalHoursAction = redirectAction({
  permission: "signedIn",
  input: externalInput,
  back: (i) => profile(i.memberId),
  run: ({ db, user, input }) => addExternalHours(db, user, input),
  done: (_, { input }) => ({ revalidate: [`/members/${input.memberId}`], redirect: `/members/${input.memberId}?hoursSaved=1#hours` }),
});

const SETTINGS_PAGES = { lesson: "/teach/lessons", class: "/teach/classes", course: "/teach/courses", task: "/teach/tasks", quiz: "/teach/quizzes" } as const;
const settingsPage = (i: { kind?: unknown; id?: unknown }) => {
  const kind = z.enum(["lesson", "class", "course", "task", "quiz"]).safeParse(i.kind);
  const id = idField.safeParse(i.id);
  if (!kind.success) return "/teach";
  return id.success ? `${SETTINGS_PAGES[kind.data]}/${id.data}` : SETTINGS_PAGES[kind.data];
};

/** A trainer sets the 学时 category and hours of content they may change. */
export const setContentHoursAction = redirectAction({
  permission: "teach.manage",
  input: contentHoursInput,
  back: settingsPage,
  run: ({ db, user, input }) => setContentHours(db, user, input),
  done: (_, { input }) => ({ revalidate: [settingsPage(input)], redirect: `${settingsPage(input)}?hoursSaved=1` }),
});
