/**
 * When the server starts: open, migrate and (first run) seed the database, then finish
 * forgotten quiz attempts every minute. Every instance sweeps; the sweep skips rows another
 * instance holds, so running it twice is harmless.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDb } = await import("./db");
  const db = await getDb();
  const { sweepOverdue } = await import("./lib/quiz/attempts");
  const { sendSessionReminders } = await import("./lib/classes/reminders");
  const { warmRosterCache } = await import("./lib/eligibility/service");
  const every = Number(process.env.SWEEP_INTERVAL_S ?? 60) * 1000;
  const timer = setInterval(() => {
    sweepOverdue(db).catch((err) => console.error("quiz sweep failed", err));
    sendSessionReminders(db).catch((err) => console.error("class reminders failed", err));
    // Members whose records changed, or whose recheck day came, are recomputed here rather than
    // by the next manager who opens the roster.
    warmRosterCache(db).catch((err) => console.error("roster cache refresh failed", err));
  }, every);
  timer.unref();
  // 学分: refill the points ledger from the records (set-wise, idempotent) every 10 minutes.
  const { refreshPoints } = await import("./lib/points");
  const points = setInterval(() => {
    refreshPoints(db).catch((err) => console.error("points sweep failed", err));
  }, Number(process.env.POINTS_SWEEP_S ?? 600) * 1000);
  points.unref();
}
