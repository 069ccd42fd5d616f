/**
 * When the server starts, before it takes a request: check the configuration (a bad variable stops
 * the start with its name), open and migrate the database, give an empty one what its first run
 * gets (scripts/demo/first-run.ts), then finish forgotten quiz attempts, send class reminders and
 * refresh the roster cache every minute and the points ledger every 10. Every instance sweeps; the
 * sweeps skip rows another instance holds, so running them twice is harmless.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { config } = await import("./lib/core/config");
  const settings = config();
  const { getDbHandle } = await import("./lib/core/db");
  const handle = await getDbHandle();
  const { prepareFirstRun } = await import("./scripts/demo/first-run");
  await prepareFirstRun(handle);
  const db = handle.db;
  const { log } = await import("./lib/core/log");
  const { setPoolProbe } = await import("./lib/core/metrics");
  const { connectionsByState } = await import("./lib/core/health");
  setPoolProbe(handle.driver === "postgres" ? settings.DB_POOL_MAX : 1, () => connectionsByState(db, handle.driver));
  const failed = (what: string) => (err: unknown) => log().error({ err }, `${what} failed`);
  // Members written before the search column (or by SQL) get their search words once, here, in
  // the background: about 45 s for 100,000 members on PostgreSQL (bench/member-search.ts), during
  // which those not yet filled are found by their unit's name only.
  const { fillMissingSearchWords } = await import("./lib/members/search-words");
  fillMissingSearchWords(db).catch(failed("member search words fill"));
  const { sweepOverdue } = await import("./lib/quiz/attempts");
  const { sendSessionReminders } = await import("./lib/classes/reminders");
  const { warmRosterCache } = await import("./lib/eligibility/service");
  const timer = setInterval(() => {
    sweepOverdue(db).catch(failed("quiz sweep"));
    sendSessionReminders(db).catch(failed("class reminders"));
    // Members whose records changed, or whose recheck day came, are recomputed here rather than
    // by the next manager who opens the roster.
    warmRosterCache(db).catch(failed("roster cache refresh"));
  }, settings.SWEEP_INTERVAL_S * 1000);
  timer.unref();
  // 学分: refill the points ledger from the records (set-wise, idempotent).
  const { refreshPoints } = await import("./lib/points");
  const points = setInterval(() => {
    refreshPoints(db).catch(failed("points sweep"));
  }, settings.POINTS_SWEEP_S * 1000);
  points.unref();
}
