/** The notification events: each a type, the message key its text comes from, and whether a member may turn it off per channel. */
export const EVENT_TYPES = ["essay_graded", "result_published", "course_assigned", "quiz_opening", "certificate_expiring"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The message key each event's text is made from (params as the emitter gives them). */
export const EVENT_KINDS: Record<EventType, string> = {
  essay_graded: "quizTake.notify.graded",
  result_published: "notify.events.resultPublished",
  course_assigned: "notify.events.courseAssigned",
  quiz_opening: "notify.events.quizOpening",
  certificate_expiring: "notify.events.certificateExpiring",
};
