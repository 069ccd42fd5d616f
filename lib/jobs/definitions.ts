/**
 * The background jobs: each a name, a schedule and the lib function it runs. The same list feeds
 * both runners (lib/jobs/runner.ts): pg-boss's cron on PostgreSQL, timers in this process on the
 * embedded database. Every job is safe to run twice: the sweeps skip rows another run holds.
 */
import type { Db } from "@/db/client";
import { assignLateJoiners } from "@/lib/cases";
import { sendSessionReminders } from "@/lib/classes/reminders";
import type { Config } from "@/lib/core/config";
import { timeZone } from "@/lib/core/clock";
import { warmRosterCache } from "@/lib/eligibility/service";
import { refreshTotals } from "@/lib/hours/totals";
import { sendDue } from "@/lib/notifications/dispatch";
import { sweepCoverageForecast, sweepInductions, sweepReviews, sweepUpcoming } from "@/lib/notifications/sweep";
import { issueDue, revokeWithdrawn } from "@/lib/issued";
import { runUnitExports } from "@/lib/person-file/exports";
import { refreshPoints } from "@/lib/points";
import { sweepDailyReminders } from "@/lib/practice/reminders";
import { bookReviewedWrongs, sweepOverdue } from "@/lib/quiz/attempts";
import { transcodePending } from "@/lib/video/renditions";

export const JOB_NAMES = [
  "quiz-sweep",
  "class-reminders",
  "roster-refresh",
  "hours-refresh",
  "points-refresh",
  "notify-send",
  "notify-sweep",
  "video-transcode",
  "unit-files",
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobDefinition {
  name: JobName;
  /** Every this many seconds (the in-process runner's period; the slot of a triggered run). */
  everyS: number;
  /** The same period as a cron expression (pg-boss; whole minutes at least). */
  cron: string;
  run(db: Db): Promise<unknown>;
  /** How long one run may take before pg-boss gives it up and retries (default: two periods, at least 5 minutes). */
  expireS?: number;
  /** Also run once when the runner starts (what pages read must not wait a period on a new process). */
  atStart?: boolean;
}

/** A period in seconds as a cron expression: whole minutes (at least one), hours past 59 minutes, daily past 23 hours. */
export function cronEvery(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes === 1) return "* * * * *";
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
  return "0 0 * * *";
}

/** How often quiz windows opening and certificates expiring are looked for (they are a day's notice). */
const NOTIFY_SWEEP_S = 600;

/** The jobs with their periods from the configuration (SWEEP_INTERVAL_S, POINTS_SWEEP_S, NOTIFY_SEND_S). */
export function jobDefinitions(settings: Pick<Config, "SWEEP_INTERVAL_S" | "POINTS_SWEEP_S" | "NOTIFY_SEND_S">): JobDefinition[] {
  const every = (name: JobName, s: number, run: (db: Db) => Promise<unknown>): JobDefinition => ({ name, everyS: s, cron: cronEvery(s), run });
  return [
    // Quiz attempts whose time is up are finished and graded.
    every("quiz-sweep", settings.SWEEP_INTERVAL_S, (db) => sweepOverdue(db)),
    every("class-reminders", settings.SWEEP_INTERVAL_S, (db) => sendSessionReminders(db)),
    // The roster cache: members whose records changed or whose recheck day came, or everyone after
    // a change to jobs or requirements (the admin's form asks for a run at once, kickJob). Only
    // here: roster pages read the last complete state and say how old it is.
    { ...every("roster-refresh", settings.SWEEP_INTERVAL_S, (db) => warmRosterCache(db)), atStart: true },
    // The 学时 totals of members whose evidence changed, for the pages that read them as they are
    // (the manager's home page).
    { ...every("hours-refresh", settings.SWEEP_INTERVAL_S, (db) => refreshTotals(db, timeZone())), atStart: true },
    // 学分: refill the points ledger from the records (set-wise, idempotent); and the certificates
    // JobReady issues for completions and awards that the writes' own calls missed, and the
    // revocation of those whose award or completion was taken back (lib/issued); and the 错题本
    // of quiz attempts whose review now shows the answers (after close, lib/quiz).
    every("points-refresh", settings.POINTS_SWEEP_S, async (db) => {
      const points = await refreshPoints(db);
      await revokeWithdrawn(db);
      await issueDue(db);
      await bookReviewedWrongs(db);
      return points;
    }),
    // Notifications: deliveries due (digest window over, quiet hours ended, retry time come) are
    // sent, one message per member and channel; failures are kept on the delivery and retried.
    every("notify-send", settings.NOTIFY_SEND_S, (db) => sendDue(db)),
    // Events no request causes: quiz windows opening and closing, certificates expiring, 复审 due,
    // stations forecast to fall below a minimum within 60 days, induction levels waiting for their sign-off,
    // cases reaching members who came to their job after publication, the evening reminder of a daily-practice streak about to break.
    every("notify-sweep", NOTIFY_SWEEP_S, async (db) => ({
      ...(await sweepUpcoming(db)),
      certificateReview: await sweepReviews(db),
      coverageForecast: await sweepCoverageForecast(db),
      inductionWaiting: await sweepInductions(db),
      caseLateJoiners: await assignLateJoiners(db),
      practiceReminder: await sweepDailyReminders(db),
    })),
    // Lesson videos queued by an upload are transcoded into the HLS ladder (lib/video/renditions);
    // an upload also asks for a run at once (kickJob), this period catches what that missed.
    // A run lasts as long as the videos waiting (a 10-minute 1080p lesson ≈ 25 min here, bench/transcode.ts).
    { ...every("video-transcode", settings.SWEEP_INTERVAL_S, (db) => transcodePending(db)), expireS: 6 * 3600 },
    // A unit's 一人一档 as one .zip (lib/person-file/exports.ts): the exports asked for, one at a
    // time, and the deletion of expired ones; a request asks for a run at once (kickJob).
    // 2,000 members ≈ 2,000 PDFs (bench/unit-files.ts).
    { ...every("unit-files", settings.SWEEP_INTERVAL_S, (db) => runUnitExports(db)), expireS: 2 * 3600 },
  ];
}
