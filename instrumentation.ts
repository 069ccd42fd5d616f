/**
 * When the server starts, before it takes a request: check the configuration (a bad variable stops
 * the start with its name), open and migrate the database, give an empty one what its first run
 * gets (scripts/demo/first-run.ts), then start the background jobs (lib/jobs: finish forgotten quiz
 * attempts, send class reminders and refresh the roster cache every minute, the points ledger every
 * 10) unless a separate worker runs them. On PostgreSQL each runs once across all instances; the
 * sweeps still skip rows another run holds, so a run twice is harmless.
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
  // Web Push: the site's VAPID key pair, made once (lib/notifications/push.ts).
  const { ensureVapidKeys } = await import("./lib/notifications/push");
  await ensureVapidKeys(db).catch(failed("VAPID keys"));
  // Members written before the search column (or by SQL) get their search words once, here, in
  // the background: about 45 s for 100,000 members on PostgreSQL (bench/member-search.ts), during
  // which those not yet filled are found by their unit's name only.
  const { fillMissingSearchWords } = await import("./lib/members/search-words");
  fillMissingSearchWords(db).catch(failed("member search words fill"));
  // The background jobs (lib/jobs): quiz sweep, class reminders, roster refresh, points refresh.
  // On PostgreSQL a pg-boss queue runs each once across every instance; on the embedded database
  // timers here. JOBS_IN_WEB=false leaves them to `npm run worker`.
  if (settings.JOBS_IN_WEB || handle.driver === "pglite") {
    const { startJobs } = await import("./lib/jobs");
    await startJobs(handle, settings).catch(failed("job queue start"));
  }
}
