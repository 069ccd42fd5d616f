// `npm run worker`: the background jobs (lib/jobs) in a process of their own, apart from the web
// processes (run those with JOBS_IN_WEB=false). PostgreSQL only: the embedded database belongs to
// the one process that serves the app, which runs its jobs itself. Stops on SIGINT/SIGTERM after
// the run under way.
import { config } from "../lib/core/config";
import { getDbHandle } from "../lib/core/db";
import { log } from "../lib/core/log";
import { startJobs, stopJobs } from "../lib/jobs";

const settings = config();
if (!settings.DATABASE_URL) {
  log().error("npm run worker needs DATABASE_URL (PostgreSQL): on the embedded database the app's own process runs the jobs");
  process.exit(2);
}
const handle = await getDbHandle();
const runner = await startJobs(handle, settings);
log().info({ runner: runner.kind }, "job worker started");
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log().info({ signal }, "job worker stopping");
  await stopJobs();
  await handle.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
