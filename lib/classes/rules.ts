import { TECHNICIAN_TITLES, type TechTitle } from "@/lib/org/constants";

/** 技师课堂 (a technician's class) or 培训小课堂 (a small classroom). */
export const SERIES = ["technician", "classroom"] as const;
export type Series = (typeof SERIES)[number];

/** Check-in opens this long before a session starts and closes when it ends. */
const CHECKIN_EARLY_MS = 30 * 60_000;
/** Reminders go out for sessions starting within this time. */
export const REMINDER_AHEAD_MS = 24 * 3600_000;

export const MAX_CAPACITY = 500;

/** Wrong codes a member may type for one session before only the instructor can mark them. */
export const MAX_CODE_FAILURES = 10;

export function isTechnicianTitle(title: string | null | undefined): boolean {
  return TECHNICIAN_TITLES.includes((title ?? "none") as TechTitle);
}

interface SessionWindow {
  startsAt: Date;
  endsAt: Date;
  checkinOpenedAt: Date | null;
  checkinClosedAt: Date | null;
}

/** When a session's check-in may run: from CHECKIN_EARLY_MS before its start until its end. */
export function checkinWindow(s: Pick<SessionWindow, "startsAt" | "endsAt">): { from: Date; until: Date } {
  return { from: new Date(s.startsAt.getTime() - CHECKIN_EARLY_MS), until: s.endsAt };
}

type CheckinState = "notOpened" | "closed" | "early" | "ended" | "open";

/**
 * Whether a worker may check in now: the instructor opened check-in (and has not closed it) and
 * the time lies inside the session's window.
 */
export function checkinState(s: SessionWindow, now: Date): CheckinState {
  const w = checkinWindow(s);
  if (now < w.from) return "early";
  if (now > w.until) return "ended";
  if (!s.checkinOpenedAt) return "notOpened";
  if (s.checkinClosedAt && s.checkinClosedAt <= now) return "closed";
  return "open";
}

/** Where a new enrolment goes: a free place, or the end of the wait-list. */
export function placeFor(enrolled: number, capacity: number, waiting: number): "enrolled" | "waitlisted" {
  // Someone already waiting keeps their turn even if a place shows free for a moment.
  return enrolled < capacity && waiting === 0 ? "enrolled" : "waitlisted";
}
