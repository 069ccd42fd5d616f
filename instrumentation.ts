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
  const every = Number(process.env.SWEEP_INTERVAL_S ?? 60) * 1000;
  const timer = setInterval(() => {
    sweepOverdue(db).catch((err) => console.error("quiz sweep failed", err));
  }, every);
  timer.unref();
}
