/** The notification events: each a type, the message key its text comes from, and whether a member may turn it off per channel. */
export const EVENT_TYPES = [
  "essay_graded",
  "result_published",
  "course_assigned",
  "class_assigned",
  "waitlist_promoted",
  "quiz_opening",
  "quiz_closing",
  "certificate_expiring",
  "certificate_review_due",
  "coverage_forecast",
  "practice_reminder",
  "case_assigned",
  "induction_waiting",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The message key each event's text is made from (params as the emitter gives them). */
export const EVENT_KINDS: Record<EventType, string> = {
  essay_graded: "quizTake.notify.graded",
  result_published: "notify.events.resultPublished",
  course_assigned: "notify.events.courseAssigned",
  class_assigned: "notify.events.classAssigned",
  waitlist_promoted: "classes.notify.promoted",
  quiz_opening: "notify.events.quizOpening",
  quiz_closing: "notify.events.quizClosing",
  practice_reminder: "notify.events.practiceReminder",
  certificate_expiring: "notify.events.certificateExpiring",
  certificate_review_due: "notify.events.certificateReviewDue",
  case_assigned: "cases.notify.assigned",
  coverage_forecast: "notify.events.coverageForecast",
  induction_waiting: "notify.events.inductionWaiting",
};
